#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the test results in a zmdev VM console log.

The guest runner (guest/run-tests.sh) frames each KUnit module and each
kselftest program with ZMDEV-BEGIN/ZMDEV-END lines and follows each frame
with its kernel messages (ZMDEV-DMESG-*) and a kmemleak scan
(ZMDEV-KMEMLEAK-*). A log may hold several runs (make check boots a new VM
after a crash); each starts with ZMDEV-RUN-BEGIN.

Per frame:
- every KTAP/TAP result line without subtests of its own is one case;
- a frame with no result lines fails, unless it exited 4 (skip) with a
  "1..0 # SKIP <reason>" plan, which is one skip;
- a non-zero exit without a failed case is one failure;
- a frame that never ends (crash, timeout) fails;
- a kernel report (see SPLATS) printed while it ran or in its messages is
  one failure, and so is each frame that kmemleak objects are attributed
  to (by allocation time).
Reports outside any frame fail the run, except kmemleak objects allocated
before the first frame of a run, which the kernel's boot left (a note).
Each run that ends without the guest's exit status is one more failure,
even when its last frame had passed: that frame's messages or leak scan
were not all read.

Usage: parse-results.py [--label NAME] [--totals FILE] CONSOLE_LOG
Prints one line per frame, the reports, and a summary; appends
"passed failed skipped" to FILE if --totals is given. Exit status 0 if
nothing failed, else 1.
"""
import argparse
import re
import sys

RESULT = re.compile(r'^(?P<indent>\s*)(?P<not>not )?ok \d+(?: -)?\s*(?P<name>[^#]*?)\s*'
                    r'(?:#\s*(?P<directive>\S+)(?P<reason>.*))?$')
SKIP_ALL = re.compile(r'^\s*1\.\.0\s*#\s*SKIP\b\s*(?P<reason>.*)$', re.I)
RUN_BEGIN = re.compile(r'ZMDEV-RUN-BEGIN(?: hz=(?P<hz>\d*))?')
BEGIN = re.compile(r'ZMDEV-BEGIN (?P<name>\S+)(?: t=(?P<t>[\d.]+))?$')
END = re.compile(r'ZMDEV-END (?P<name>\S+) rc=(?P<rc>-?\d+)(?: t=(?P<t>[\d.]+))?$')
BLOCK = re.compile(r'ZMDEV-(?P<kind>DMESG|KMEMLEAK)-(?P<edge>BEGIN|END) (?P<name>\S+)'
                   r'(?: t=(?P<t>[\d.]+))?$')
EXIT = re.compile(r'ZMDEV-EXIT: ')
LEAK = re.compile(r'^unreferenced object 0x[0-9a-f]+ \(size (?P<size>\d+)\):')
LEAK_WHO = re.compile(r'^\s+comm "(?P<comm>[^"]*)", pid (?P<pid>\d+), jiffies (?P<jiffies>\d+)')

# One pattern per class of kernel report; each fails the frame it is in.
SPLATS = [(name, re.compile(p)) for name, p in (
    ('warn', r'^WARNING: CPU: \d+ PID: \d+ at '),
    ('lockdep', r'^WARNING: (possible circular locking dependency|possible recursive locking'
                r'|inconsistent lock state|suspicious RCU usage|bad unlock balance'
                r'|held lock freed|lock held when returning to user space'
                r'|Nested lock was not taken|bad contention detected'
                r'|(HARD|SOFT)IRQ-safe -> (HARD|SOFT)IRQ-unsafe lock order detected'
                r'|.* still has locks held|possible irq lock inversion dependency'
                r'|\S+ is freeing memory .* with a lock still held)'),
    ('warning', r'^WARNING: '),
    ('bug', r'^BUG: '),
    ('slub', r'^BUG [\w:-]+ \((Not tainted|Tainted: [^)]*)\): '),
    ('kernel-bug', r'kernel BUG at '),
    ('oops', r'\bOops\b|^Internal error:|ilc:\d \[#\d+\]'),
    ('fault', r'Unable to handle kernel|general protection fault'),
    ('panic', r'Kernel panic - not syncing'),
    ('kasan', r'KASAN: '),
    ('ubsan', r'UBSAN: '),
    ('hung-task', r'INFO: task \S+ blocked for more than \d+ seconds'),
    ('list', r'list_(add|del) corruption'),
    ('debugobjects', r'^ODEBUG: '),
    ('refcount', r'refcount_t: '),
    ('sysfs', r'sysfs: cannot create duplicate filename'),
    ('kobject', r'kobject_add_internal failed'),
    ('debugfs', r'debugfs: .* already present'),
    ('kmemleak', r'kmemleak: \d+ new suspected memory leaks'),
)]
NOTES = re.compile(r'self-detected stall|detected stalls on CPUs')
# Kernel log timestamps (console and dmesg) are ignored when matching.
TIMESTAMP = re.compile(r'^\s*(<\d+>)?\[\s*\d+\.\d+\]\s*(\[\s*[CT]\d+\]\s*)?')


def splat_class(line):
    """Return the report class a kernel message line starts, or None."""
    bare = TIMESTAMP.sub('', line)
    for name, pat in SPLATS:
        if pat.search(bare):
            return name
    return None


def count_cases(lines):
    """Return (passed, failed, skipped, failed_names, skip_all) for TAP lines."""
    results = []
    skip_all = None
    for line in lines:
        m = SKIP_ALL.match(line)
        if m:
            skip_all = m.group('reason').strip() or '?'
            continue
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
    return passed, failed, skipped, failed_names, skip_all


class Frame:
    """One KUnit module or kselftest program of one run."""

    def __init__(self, name, run, t0):
        self.name = name
        self.run = run
        self.t0 = t0
        self.t1 = None
        self.rc = None
        self.body = []
        self.splats = []
        self.leaks = []

    def contains(self, t):
        return self.t0 is not None and self.t0 <= t and (self.t1 is None or t <= self.t1)


class Leak:
    """One kmemleak object: its first lines and when it was allocated."""

    def __init__(self, run, header):
        self.run = run
        self.lines = [header]
        self.t = None


def parse(lines):
    """Split a console log into frames, leaks and stray reports."""
    frames = []
    leaks = []
    stray = []          # (run, line) of reports outside any frame
    notes = []
    runs = 0
    hz = {}
    exited = set()      # runs whose guest printed its exit status
    frame = None
    block = None        # (kind, frame or None) while inside a DMESG/KMEMLEAK block
    leak = None
    by_name = {}
    scanned = set()     # runs whose runner printed kmemleak scans itself
    summaries = []      # (run, owner, line) of kmemleak's own summary lines

    for line in lines:
        if EXIT.search(line):
            exited.add(runs)
        m = RUN_BEGIN.search(line)
        if m:
            runs += 1
            if m.group('hz'):
                hz[runs] = int(m.group('hz'))
            frame = block = leak = None
            by_name = {}
            continue
        m = BLOCK.search(line)
        if m:
            if m.group('edge') == 'BEGIN':
                if m.group('kind') == 'KMEMLEAK':
                    scanned.add(runs)
                owner = by_name.get(m.group('name'))
                if m.group('name') == 'end' and frames and frames[-1].run == runs:
                    # After the last frame: its deferred work, if anything.
                    owner = frames[-1]
                block = (m.group('kind'), owner, float(m.group('t') or 0))
            else:
                block = leak = None
            continue
        m = BEGIN.search(line)
        if m:
            frame = Frame(m.group('name'), runs, float(m.group('t')) if m.group('t') else None)
            frames.append(frame)
            by_name[frame.name] = frame
            continue
        m = END.search(line)
        if m and frame and frame.name == m.group('name'):
            frame.rc = int(m.group('rc'))
            frame.t1 = float(m.group('t')) if m.group('t') else None
            frame = None
            continue

        if block and block[0] == 'KMEMLEAK':
            m = LEAK.match(line)
            if m:
                leak = Leak(runs, line)
                leaks.append(leak)
                continue
            if leak is None:
                continue
            leak.lines.append(line)
            m = LEAK_WHO.match(line)
            if m and runs in hz:
                leak.t = jiffies_to_uptime(int(m.group('jiffies')), hz[runs])
            continue

        cls = splat_class(line)
        if NOTES.search(line):
            notes.append(line)
        owner = block[1] if block else frame
        if cls == 'kmemleak':
            summaries.append((runs, owner, line))
        elif cls:
            if owner:
                owner.splats.append(line)
            else:
                stray.append((runs, line))
        if frame and not block:
            frame.body.append(line)
    # Where the runner scans, each object is in a KMEMLEAK block and goes
    # to the frame that allocated it; kmemleak's summary line lands in
    # whichever frame's messages come next, so it only counts in a run
    # without scans of its own.
    for run, owner, line in summaries:
        if run in scanned:
            continue
        if owner:
            owner.splats.append(line)
        else:
            stray.append((run, line))
    return frames, leaks, stray, notes, runs, exited


def jiffies_to_uptime(jiffies, hz):
    """Seconds since boot of a jiffies value (INITIAL_JIFFIES is -300 s)."""
    initial = (1 << 32) - 300 * hz
    return ((jiffies - initial) % (1 << 64)) / hz


def attribute_leaks(frames, leaks):
    """Give each leak to the frame running when it was allocated.

    Returns the leaks from boot (before the run's first frame) and those
    that no frame claims (allocated between frames, or without a time).
    """
    boot, unclaimed = [], []
    for leak in leaks:
        mine = [f for f in frames if f.run == leak.run]
        if leak.t is not None and mine and mine[0].t0 is not None and leak.t < mine[0].t0:
            boot.append(leak)
            continue
        owner = None
        if leak.t is not None:
            for f in mine:
                if f.contains(leak.t):
                    owner = f
                    break
            if owner is None:
                # Between two frames: the runner's own work after the
                # previous frame ended, or a deferred release of it.
                before = [f for f in mine if f.t1 is not None and f.t1 <= leak.t]
                owner = before[-1] if before else None
        if owner:
            owner.leaks.append(leak)
        else:
            unclaimed.append(leak)
    return boot, unclaimed


def frame_result(f):
    """Return (passed, failed, skipped, reasons) of one frame."""
    p, fl, s, names, skip_all = count_cases(f.body)
    reasons = [n or '?' for n in names]
    if f.rc is None:
        fl += 1
        reasons.append('(did not finish)')
    elif p + fl + s == 0:
        if f.rc == 4 and skip_all:
            s += 1
        else:
            fl += 1
            reasons.append('(no results, exit status %d)' % f.rc)
    elif f.rc not in (0, 4) and fl == 0:
        fl += 1
        reasons.append('(exit status %d)' % f.rc)
    if f.splats:
        fl += 1
        reasons.append('(kernel report: %s)' % splat_class(f.splats[0]))
    if f.leaks:
        fl += 1
        reasons.append('(kmemleak: %d objects)' % len(f.leaks))
    return p, fl, s, reasons, skip_all


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

    frames, leaks, stray, notes, runs, exited = parse(lines)
    boot_leaks, unclaimed = attribute_leaks(frames, leaks)
    total_p = total_f = total_s = 0
    for f in frames:
        p, fl, s, reasons, skip_all = frame_result(f)
        total_p += p
        total_f += fl
        total_s += s
        line = '%s%s: %d passed, %d failed, %d skipped' % (prefix, f.name, p, fl, s)
        if skip_all and s:
            line += '  SKIP: ' + skip_all
        if reasons:
            line += '  FAILED: ' + ', '.join(reasons[:10])
        print(line)
        for l in dict.fromkeys(f.splats).__iter__():
            if splat_class(l):
                print('    ' + l)
        for leak in f.leaks[:3]:
            for l in leak.lines[:8]:
                print('    ' + l)
    if stray:
        print('%skernel reports outside any test: %d (run fails)' % (prefix, len(stray)))
        for _, l in stray[:20]:
            print('    ' + l)
        total_f += 1
    if unclaimed:
        print('%skmemleak objects no test claims: %d (run fails)' % (prefix, len(unclaimed)))
        for leak in unclaimed[:3]:
            for l in leak.lines[:8]:
                print('    ' + l)
        total_f += 1
    for leak in boot_leaks[:3]:
        print('%snote: kmemleak object left by boot: %s' % (prefix, leak.lines[0]))
    # A VM that ended early (a crash, a hang, the time limit) fails once,
    # even when the frame it was in had passed: that frame's messages or
    # leak scan were not all read.
    if not runs:
        print('%sthe VM did not finish its run (no test started)' % prefix)
        total_f += 1
    for run in range(1, runs + 1):
        if run in exited:
            continue
        mine = [f.name for f in frames if f.run == run]
        print('%sthe VM did not finish its run (it ended in or after %s)'
              % (prefix, mine[-1] if mine else 'boot'))
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
