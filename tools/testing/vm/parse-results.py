#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the test results in a zmdev VM console log.

The guest runner frames each KUnit module and each kselftest program with
ZMDEV-BEGIN/ZMDEV-END lines (see guest/run-tests.sh). Inside a frame, every
KTAP/TAP result line that has no subtests of its own is one test case. A frame
that exits non-zero without reporting a failed case counts as one failure; one
that never ends (crash, timeout) too. Kernel splats (WARN, BUG, Oops, KASAN,
UBSAN, lockdep, hung tasks) anywhere in the console fail the run.

Usage: parse-results.py [--label NAME] [--totals FILE] CONSOLE_LOG
Prints one line per frame and a summary; appends "passed failed skipped" to
FILE if --totals is given. Exit status 0 if nothing failed, else 1.
"""
import argparse
import re
import sys

RESULT = re.compile(r'^(?P<indent>\s*)(?P<not>not )?ok \d+(?: -)?\s*(?P<name>[^#]*?)\s*'
                    r'(?:#\s*(?P<directive>\S+)(?P<reason>.*))?$')
BEGIN = re.compile(r'ZMDEV-BEGIN (\S+)$')
END = re.compile(r'ZMDEV-END (\S+) rc=(-?\d+)$')
SPLATS = [
    re.compile(p) for p in (
        r'WARNING: CPU: \d+ PID',
        r'WARNING: (possible|suspicious|inconsistent|bad unlock|held lock)',
        r'\bBUG: ',
        r'kernel BUG at',
        r'\bOops\b',
        r'Kernel panic',
        r'\bKASAN\b',
        r'\bUBSAN\b',
        r'general protection fault',
        r'Unable to handle kernel',
        r'INFO: task .* blocked for more than',
        r'possible circular locking dependency',
        r'possible recursive locking',
        r'inconsistent lock state',
        r'suspicious RCU usage',
        r'list_(add|del) corruption',
    )
]
# Kernel log timestamps and console prefixes are ignored when matching.
TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\]\s*')


def count_frame(lines):
    """Return (passed, failed, skipped, failed_names) for one frame."""
    results = []
    for line in lines:
        m = RESULT.match(line.replace('\t', '    '))
        if not m:
            continue
        directive = (m.group('directive') or '').upper()
        results.append((len(m.group('indent')), bool(m.group('not')), directive,
                        m.group('name')))
    passed = failed = skipped = 0
    failed_names = []
    prev_depth = -1
    for depth, is_not, directive, name in results:
        is_parent = prev_depth > depth
        prev_depth = depth
        if is_parent:
            continue
        if directive.startswith('SKIP'):
            skipped += 1
        elif is_not and not directive.startswith('TODO') and directive != 'XFAIL':
            failed += 1
            failed_names.append(name)
        else:
            passed += 1
    return passed, failed, skipped, failed_names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--label', default='')
    ap.add_argument('--totals')
    ap.add_argument('log')
    args = ap.parse_args()
    prefix = args.label + ' ' if args.label else ''

    try:
        with open(args.log, errors='replace') as f:
            lines = [l.rstrip('\r\n').replace('\r', '') for l in f]
    except OSError as e:
        print('%sno console log: %s' % (prefix, e))
        lines = []

    total_p = total_f = total_s = 0
    frame = None
    body = []
    splats = []
    notes = []
    exited = any('ZMDEV-EXIT: ' in l for l in lines)

    def close(name, rc):
        nonlocal total_p, total_f, total_s
        p, f, s, names = count_frame(body)
        if rc is None:
            f += 1
            names.append('(did not finish)')
        elif rc == 4 and p + f + s == 0:
            s += 1
        elif rc != 0 and f == 0:
            f += 1
            names.append('(exit status %d)' % rc)
        elif p + f + s == 0:
            p += 1
        total_p += p
        total_f += f
        total_s += s
        line = '%s%s: %d passed, %d failed, %d skipped' % (prefix, name, p, f, s)
        if names:
            line += '  FAILED: ' + ', '.join(n or '?' for n in names[:10])
        print(line)

    for line in lines:
        bare = TIMESTAMP.sub('', line)
        for pat in SPLATS:
            if pat.search(bare):
                splats.append(line)
                break
        if 'self-detected stall' in bare or 'rcu_sched detected stalls' in bare:
            notes.append(line)
        # A frame marker may follow console escape codes on the same line.
        m = BEGIN.search(line)
        if m:
            if frame:
                close(frame, None)
            frame, body = m.group(1), []
            continue
        m = END.search(line)
        if m and frame == m.group(1):
            close(frame, int(m.group(2)))
            frame = None
            continue
        if frame:
            body.append(line)
    if frame:
        close(frame, None)

    if splats:
        print('%skernel splats: %d (run fails)' % (prefix, len(splats)))
        for s in splats[:20]:
            print('    ' + s)
        total_f += 1
    if not exited:
        print('%sthe VM did not finish its run' % prefix)
        total_f += 1
    for n in notes[:5]:
        print('%snote: %s' % (prefix, n))
    print('%stotal: %d passed, %d failed, %d skipped' % (prefix, total_p, total_f, total_s))
    if args.totals:
        with open(args.totals, 'a') as f:
            f.write('%d %d %d\n' % (total_p, total_f, total_s))
    return 1 if total_f else 0


if __name__ == '__main__':
    sys.exit(main())
