#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Which upstream rules and bug classes do our tests name?

Reads the rule IDs of the upstream behaviour reference (CCW-CP-06,
AP-ATTR-03, MTTY-MIG-02, ...) and the bug classes of the bug history
(bug-C1, bug-A6, bug-M3, ...), collects the "Covers:" lines of every test
file in the tree, and the per-rule reasons of the explanation document for
what no test names. Prints the rules and bug classes that are neither
tested nor explained (the gaps), the counts, and every ID that a test or
the explanation document names but the reference does not define. Ends
with the line "rules: N tested, N explained, N gaps" (rules and bug
classes together) and exits 1 if there is a gap, an unknown ID or a
malformed explanation.

The reference files are not part of the repository: without them the
script says so and exits 0 having checked nothing.

  scripts/rule-coverage.py               the report (make rules)
  scripts/rule-coverage.py --list        and every rule with its tests
  scripts/rule-coverage.py --extra FILE  count FILE's Covers: lines too
  scripts/rule-coverage.py --self-test   check the parsers on samples

Environment: ZMDEV_REFERENCE is the path of upstream-behaviour.md (default
<repo>/../shared/reference/upstream-behaviour.md, or the same beside the
clone's origin when that is a local path); bug-history.md is read from the
same directory.
"""
import argparse
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = 'Documentation/driver-api/zmdev/rule-coverage.rst'
# Rules for behaviour zmdev has beyond Linux 6.12 (so beyond the upstream
# reference), defined in the repository in the reference's list form.
OWN = 'Documentation/driver-api/zmdev/zmdev-rules.rst'
BUGS = 'bug-history.md'

# A rule ID: upper-case, letter-led segments joined by '-', then a 2 or 3
# digit number: CCW-CP-06, AP-ATTR-13, MDEV-04, MTTY-UART-05.
RULE = r'[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-[0-9]{2,3}'
BUG = r'bug-[A-Z][0-9]+'
RULE_RE = re.compile(r'^' + RULE + r'$')
BUG_RE = re.compile(r'^' + BUG + r'$')
ANY_RULE_RE = re.compile(r'(?<![A-Za-z0-9-])(' + RULE + r')(?![A-Za-z0-9])')
# A definition: the first cell of a table row, or the head of a list item
# or line, optionally in bold or code markup.
DEF_RES = [
    re.compile(r'^\s*\|\s*[`*]*(' + RULE + r')[`*]*\s*\|'),
    re.compile(r'^\s*(?:[-*+]\s+)?[`*]*(' + RULE + r')[`*]*\s*(?::|\s[-\u2013\u2014]\s)'),
]
# Bug classes in bug-history.md: "C4. **Off-by-one ..." at a line start;
# only C (vfio_ccw), A (vfio_ap) and M (mdev) are bug classes.
BUG_DEF_RE = re.compile(r'^([CAM][0-9]+)\.\s')
COVERS_RE = re.compile(r'\bCovers:(.*)$')
# Comment leaders and trailers around a Covers: line or its continuation.
LEAD_RE = re.compile(r'^\s*(?:/\*+|\*+|#+|//+|;+|--)?\s*')
TRAIL_RE = re.compile(r'\s*(?:\*+/|-->)?\s*$')
# An explanation: ":CCW-DBG-02: [hardware] reason" (an RST field list).
EXPL_RE = re.compile(r'^:(' + RULE + r'|' + BUG + r'):\s*(.*)$')
KIND_RE = re.compile(r'^\[([a-z-]+)\]\s*(.*)$')
KINDS = {
    'hardware': 'needs IBM Z hardware or KVM SIE, reviewed only',
    'review': 'not observable by a test, reviewed only',
    'not-applicable': 'upstream code zmdev does not contain',
    'differs': 'a deliberate difference from upstream',
    'gap': 'test to be written',
}
GAP = 'gap'

SKIP_DIRS = {'.git', 'build', 'out', 'corpus', '__pycache__', 'node_modules'}
TEST_DIRS = {'tests', 'testing', 'selftests', 'kunit'}
TEST_NAME_RE = re.compile(r'(?:^|[_.-])(?:tests?|kunit|selftests?)(?:[_.-]|$)')


def parse_reference(text):
    """Return (defined rule IDs in order, IDs referenced but not defined)."""
    defined = []
    seen = set()
    for line in text.splitlines():
        for r in DEF_RES:
            m = r.match(line)
            if m and m.group(1) not in seen:
                seen.add(m.group(1))
                defined.append(m.group(1))
                break
    families = {i.split('-')[0] for i in defined}
    dangling = set()
    for m in ANY_RULE_RE.finditer(text):
        i = m.group(1)
        if i not in seen and i.split('-')[0] in families:
            dangling.add(i)
    return defined, sorted(dangling)


def parse_bugs(text):
    """Return the bug classes of bug-history.md as bug-<ID>, in order."""
    out = []
    for line in text.splitlines():
        m = BUG_DEF_RE.match(line)
        if m and 'bug-' + m.group(1) not in out:
            out.append('bug-' + m.group(1))
    return out


def _tokens(s):
    s = TRAIL_RE.sub('', LEAD_RE.sub('', s, count=1))
    return [t for t in re.split(r'[\s,]+', s) if t]


def _is_id(t):
    return bool(RULE_RE.match(t) or BUG_RE.match(t))


def parse_covers(text):
    """Return [(line number, token)] for every token of every Covers: line.

    A line after a Covers: line that holds nothing but IDs (behind a
    comment leader) continues it. Tokens that are not IDs are returned too,
    so the caller can report them.
    """
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = COVERS_RE.search(lines[i])
        if not m:
            i += 1
            continue
        for t in _tokens(m.group(1)):
            out.append((i + 1, t))
        i += 1
        while i < len(lines):
            toks = _tokens(lines[i])
            if not toks or not all(_is_id(t) for t in toks) or \
               COVERS_RE.search(lines[i]):
                break
            out.extend((i + 1, t) for t in toks)
            i += 1
    return out


def parse_explanations(text):
    """Return ({ID: (kind, reason, line)}, [problems])."""
    out = {}
    problems = []
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        m = EXPL_RE.match(line)
        if not m:
            continue
        ident, body = m.group(1), m.group(2)
        # The field body goes on in the indented lines that follow.
        for more in lines[n:]:
            if not more.strip() or not more[0].isspace():
                break
            body += ' ' + more.strip()
        k = KIND_RE.match(body)
        if not k:
            problems.append('%d: %s: no [kind] (one of %s)' %
                            (n, ident, ', '.join(KINDS)))
            continue
        kind, reason = k.group(1), k.group(2).strip()
        if kind not in KINDS:
            problems.append('%d: %s: unknown kind [%s]' % (n, ident, kind))
            continue
        if not reason:
            problems.append('%d: %s: no reason given' % (n, ident))
            continue
        if ident in out:
            problems.append('%d: %s: explained twice' % (n, ident))
            continue
        out[ident] = (kind, reason, n)
    return out, problems


def is_test_file(rel):
    parts = rel.split('/')
    if parts[0] == 'Documentation':	# ABI/testing/ holds no tests
        return False
    if any(p in TEST_DIRS for p in parts[:-1]):
        return True
    return bool(TEST_NAME_RE.search(parts[-1]))


def test_files(root, skip):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and
                         not x.startswith('.'))
        for f in sorted(files):
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            if os.path.realpath(path) in skip or not is_test_file(rel):
                continue
            yield path, rel


def read_text(path):
    try:
        with open(path, 'rb') as f:
            data = f.read(4 << 20)
    except OSError:
        return None
    if b'\0' in data[:8192]:
        return None
    return data.decode('utf-8', 'replace')


class Report:
    def __init__(self, rules, bugs, own=()):
        self.upstream = rules
        self.own = [i for i in own if i not in set(rules)]
        self.rules = rules + self.own
        self.bugs = bugs
        self.known = set(self.rules) | set(bugs)
        self.tests = {}		# ID -> [where]
        self.unknown = []	# (where, token)
        self.expl = {}
        self.problems = []

    def add_covers(self, rel, text):
        for n, tok in parse_covers(text):
            where = '%s:%d' % (rel, n)
            if tok in self.known:
                self.tests.setdefault(tok, []).append(where)
            else:
                self.unknown.append((where, tok))

    def add_explanations(self, rel, text):
        expl, problems = parse_explanations(text)
        self.problems += ['%s:%s' % (rel, p) for p in problems]
        for ident, (kind, reason, n) in expl.items():
            if ident not in self.known:
                self.unknown.append(('%s:%d' % (rel, n), ident))
            else:
                self.expl[ident] = (kind, reason, n)

    def status(self, ident):
        if ident in self.tests:
            return 'tested'
        e = self.expl.get(ident)
        if e and e[0] != GAP:
            return e[0]
        return GAP

    def counts(self, ids):
        tested = sum(1 for i in ids if self.status(i) == 'tested')
        gaps = sum(1 for i in ids if self.status(i) == GAP)
        return tested, len(ids) - tested - gaps, gaps

    def failed(self):
        return bool(self.unknown or self.problems or
                    self.counts(self.rules)[2] or self.counts(self.bugs)[2])

    def print(self, out, listing=False, doc=DOC):
        w = out.write
        for title, ids in (('rules', self.rules), ('bug classes', self.bugs)):
            gaps = [i for i in ids if self.status(i) == GAP]
            if gaps:
                w('%s that no test names and %s does not explain (%d):\n' %
                  (title, doc, len(gaps)))
                for i in gaps:
                    e = self.expl.get(i)
                    w(('  %-14s%s' % (i, '[gap] ' + e[1] if e else '')).rstrip()
                      + '\n')
        stale = [i for i in self.rules + self.bugs
                 if i in self.tests and i in self.expl]
        if stale:
            w('tested, yet explained as untested in %s (%d): %s\n' %
              (doc, len(stale), ' '.join(stale)))
        if self.unknown:
            w('IDs that the reference does not define (%d):\n' %
              len(self.unknown))
            for where, tok in self.unknown:
                w('  %s: %s\n' % (where, tok))
        for p in self.problems:
            w('explanation: %s\n' % p)
        if listing:
            for i in self.rules + self.bugs:
                s = self.status(i)
                why = ' '.join(self.tests[i]) if s == 'tested' else \
                    self.expl[i][1] if i in self.expl else ''
                w(('%-14s %-14s %s' % (i, s, why)).rstrip() + '\n')
        for title, ids in (('upstream rules', self.upstream),
                           ('zmdev rules', self.own),
                           ('bug classes', self.bugs)):
            if not ids:
                continue
            t, e, g = self.counts(ids)
            kinds = {}
            for i in ids:
                s = self.status(i)
                if s not in ('tested', GAP):
                    kinds[s] = kinds.get(s, 0) + 1
            detail = ', '.join('%d %s' % (kinds[k], k) for k in KINDS
                               if k in kinds)
            w('%s: %d total: %d tested, %d explained%s, %d gaps\n' %
              (title, len(ids), t, e, ' (%s)' % detail if detail else '', g))
        t, e, g = self.counts(self.rules)
        bt, be, bg = self.counts(self.bugs)
        w('rules: %d tested, %d explained, %d gaps\n' % (t + bt, e + be, g + bg))


def default_reference(root):
    """upstream-behaviour.md beside the repository, or beside its origin.

    A clone made elsewhere (CI clones the main repository into a fresh
    directory) finds the reference next to the repository it came from.
    """
    tail = os.path.join('..', 'shared', 'reference', 'upstream-behaviour.md')
    mine = os.path.join(root, tail)
    if os.path.isfile(mine):
        return mine
    try:
        origin = subprocess.run(['git', '-C', root, 'config', 'remote.origin.url'],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        origin = ''
    if origin.startswith('/') and os.path.isfile(os.path.join(origin, tail)):
        return os.path.join(origin, tail)
    return mine


def run(args, out=sys.stdout):
    root = os.path.abspath(args.root)
    ref = args.reference or os.environ.get('ZMDEV_REFERENCE') or \
        default_reference(root)
    ref = os.path.normpath(ref)
    if not os.path.isfile(ref):
        out.write('rules: reference %s not found, nothing checked\n' % ref)
        return 0
    rules, dangling = parse_reference(read_text(ref) or '')
    bugs_path = os.path.join(os.path.dirname(ref), BUGS)
    bugs = parse_bugs(read_text(bugs_path) or '') \
        if os.path.isfile(bugs_path) else []
    if not rules:
        out.write('rules: no rule IDs found in %s\n' % ref)
        return 1
    own_path = os.path.join(root, OWN)
    own = parse_reference(read_text(own_path) or '')[0] \
        if os.path.isfile(own_path) else []
    rep = Report(rules, bugs, own)
    doc = args.doc or os.path.join(root, DOC)
    skip = {os.path.realpath(__file__), os.path.realpath(doc)}
    nfiles = 0
    for path, rel in test_files(root, skip):
        text = read_text(path)
        if text is not None:
            nfiles += 1
            rep.add_covers(rel, text)
    for extra in args.extra or []:
        rep.add_covers(extra, read_text(extra) or '')
    if os.path.isfile(doc):
        rep.add_explanations(os.path.relpath(doc, root), read_text(doc))
    else:
        out.write('note: no explanation document %s\n' % doc)
    out.write('reference: %s (%d rules), %s (%d bug classes); %d test files\n'
              % (ref, len(rules), bugs_path, len(bugs), nfiles))
    if dangling:
        out.write('note: the reference mentions undefined IDs: %s\n' %
                  ' '.join(dangling))
    rep.print(out, args.list, os.path.relpath(doc, root))
    return 1 if rep.failed() else 0


# ---- self-test ----------------------------------------------------------

SAMPLE_REF = '''# Reference
| ID | Feature |
|----|---------|
| CCW-CP-06 | Chain length: at most 256 CCWs (see CCW-CP-07). |
| CCW-CP-07 | TIC handling; compare AP-HOT-03/04. |
| **AP-ATTR-03** | assign_domain |
| MDEV-01 | parent registration |
| MTTY-MIG-02 | arcs |
- `CCW-FSM-11`: a list-item definition
| File | Lines |
| drivers/s390/cio/vfio_ccw_cp.c | 999 |
Errno EPERM 1, CRC-32 and UTF-8 are not IDs.
'''

SAMPLE_BUGS = '''## 1a
C1. **Format-0** text
C12. **Quiesce** text; see also C3 and A4.
A6. **Queue reset polling**
M3. "vfio/mtty: Overhaul"
U1. **not a bug class**
T2. **not a bug class**
'''

SAMPLE_C = '''/*
 * A test. Covers: CCW-CP-06 bug-C1
 */
static void t1(void) { }
/* Covers: CCW-CP-07, AP-ATTR-03 */
/*
 * Covers: MDEV-01
 *         MTTY-MIG-02 bug-A6
 * Not a continuation: CCW-FSM-11
 */
/* Covers: CCW-CP-6 bug-U1 everything */
'''

SAMPLE_SH = '''# Covers: CCW-FSM-11
# this script covers the apmask syntax (no colon: not a Covers line)
'''

SAMPLE_DOC = '''Rules
=====
:CCW-FSM-11: [review] explained and tested: reported as stale
:MTTY-MIG-02: [gap] test to be written
:bug-M3: [not-applicable] mdevsim has no UART
:bug-C12: [hardware] quiesce needs
    a real subchannel
:AP-HOT-03: [review] not defined in the reference
:CCW-CP-06: [maybe] unknown kind
:CCW-CP-07: no kind
:bug-A6: [review]
'''


def self_test():
    import io
    import tempfile
    import unittest

    class T(unittest.TestCase):
        def test_reference(self):
            rules, dangling = parse_reference(SAMPLE_REF)
            self.assertEqual(rules, ['CCW-CP-06', 'CCW-CP-07', 'AP-ATTR-03',
                                     'MDEV-01', 'MTTY-MIG-02', 'CCW-FSM-11'])
            self.assertEqual(dangling, ['AP-HOT-03'])

        def test_bugs(self):
            self.assertEqual(parse_bugs(SAMPLE_BUGS),
                             ['bug-C1', 'bug-C12', 'bug-A6', 'bug-M3'])

        def test_covers(self):
            toks = parse_covers(SAMPLE_C)
            self.assertEqual(toks, [
                (2, 'CCW-CP-06'), (2, 'bug-C1'),
                (5, 'CCW-CP-07'), (5, 'AP-ATTR-03'),
                (7, 'MDEV-01'), (8, 'MTTY-MIG-02'), (8, 'bug-A6'),
                (11, 'CCW-CP-6'), (11, 'bug-U1'), (11, 'everything')])
            self.assertEqual(parse_covers(SAMPLE_SH), [(1, 'CCW-FSM-11')])

        def test_explanations(self):
            expl, problems = parse_explanations(SAMPLE_DOC)
            self.assertEqual(sorted(expl), ['AP-HOT-03', 'CCW-FSM-11',
                                            'MTTY-MIG-02', 'bug-C12',
                                            'bug-M3'])
            self.assertEqual(expl['MTTY-MIG-02'][0], 'gap')
            self.assertEqual(expl['bug-C12'][1],
                             'quiesce needs a real subchannel')
            self.assertEqual(len(problems), 3)
            self.assertIn('unknown kind [maybe]', problems[0])
            self.assertIn('no [kind]', problems[1])
            self.assertIn('no reason', problems[2])

        def test_test_paths(self):
            for p in ('drivers/s390/cio/vfio_ccw/tests/cp_kunit.c',
                      'tools/testing/ccw-cp/cp-fuzz.c',
                      'tools/testing/selftests/vfio_ap/vfio_ap.sh',
                      'scripts/test_x.py', 'lib/foo_kunit.c'):
                self.assertTrue(is_test_file(p), p)
            for p in ('drivers/s390/cio/vfio_ccw/vfio_ccw_cp.c',
                      'scripts/rule-coverage.py', 'Documentation/x.rst',
                      'Documentation/ABI/testing/sysfs-bus-mdevsim',
                      'drivers/latest.c'):
                self.assertFalse(is_test_file(p), p)

        def _tree(self, tmp, doc=True):
            ref = os.path.join(tmp, 'ref')
            os.makedirs(ref)
            with open(os.path.join(ref, 'upstream-behaviour.md'), 'w') as f:
                f.write(SAMPLE_REF)
            with open(os.path.join(ref, BUGS), 'w') as f:
                f.write(SAMPLE_BUGS)
            root = os.path.join(tmp, 'repo')
            for rel, text in (('drivers/x/tests/x_kunit.c', SAMPLE_C),
                              ('tools/testing/selftests/x/x.sh', SAMPLE_SH),
                              ('drivers/x/x.c', '/* Covers: CCW-CP-07 */'),
                              ('build/x/tests/y.c', '/* Covers: BAD-01 */')):
                os.makedirs(os.path.dirname(os.path.join(root, rel)),
                            exist_ok=True)
                with open(os.path.join(root, rel), 'w') as f:
                    f.write(text)
            if doc:
                os.makedirs(os.path.dirname(os.path.join(root, DOC)))
                with open(os.path.join(root, DOC), 'w') as f:
                    f.write(SAMPLE_DOC)
            return root, os.path.join(ref, 'upstream-behaviour.md')

        def test_report(self):
            with tempfile.TemporaryDirectory() as tmp:
                root, ref = self._tree(tmp)
                args = argparse.Namespace(root=root, reference=ref, doc=None,
                                          extra=[], list=False)
                buf = io.StringIO()
                self.assertEqual(run(args, buf), 1)
                text = buf.getvalue()
                # Tested: CCW-CP-06 CCW-CP-07 AP-ATTR-03 MDEV-01
                # MTTY-MIG-02 CCW-FSM-11; bug-C1 bug-A6. Explained:
                # bug-C12 bug-M3. No gap among the rules, none in bugs.
                self.assertIn('upstream rules: 6 total: 6 tested, 0 explained, '
                              '0 gaps', text)
                self.assertIn('bug classes: 4 total: 2 tested, 2 explained '
                              '(1 hardware, 1 not-applicable), 0 gaps', text)
                self.assertIn('tested, yet explained as untested', text)
                for tok in ('CCW-CP-6', 'bug-U1', 'everything',
                            'AP-HOT-03'):
                    self.assertIn(': %s\n' % tok, text)
                self.assertNotIn('BAD-01', text)
                self.assertIn('undefined IDs: AP-HOT-03', text)
                self.assertTrue(text.endswith(
                    'rules: 8 tested, 2 explained, 0 gaps\n'))

        def test_gaps(self):
            with tempfile.TemporaryDirectory() as tmp:
                root, ref = self._tree(tmp, doc=False)
                os.remove(os.path.join(root, 'drivers/x/tests/x_kunit.c'))
                with open(os.path.join(root, 'd.rst'), 'w') as f:
                    f.write(':MTTY-MIG-02: [gap] to be written\n'
                            ':CCW-CP-06: [differs] we differ\n'
                            ':bug-C1: [hardware] real IBM Z\n'
                            ':bug-C12: [review] only review\n'
                            ':bug-A6: [review] only review\n'
                            ':bug-M3: [review] only review\n')
                args = argparse.Namespace(root=root, reference=ref,
                                          doc=os.path.join(root, 'd.rst'),
                                          extra=[], list=True)
                buf = io.StringIO()
                self.assertEqual(run(args, buf), 1)
                text = buf.getvalue()
                self.assertIn('  MTTY-MIG-02   [gap] to be written\n', text)
                self.assertIn('  CCW-CP-07\n', text)
                self.assertIn('upstream rules: 6 total: 1 tested, 1 explained '
                              '(1 differs), 4 gaps', text)
                self.assertTrue(text.endswith(
                    'rules: 1 tested, 5 explained, 4 gaps\n'))
                # The gaps close once an extra file names them.
                extra = os.path.join(tmp, 'map.md')
                with open(extra, 'w') as f:
                    f.write('- x.sh case: Covers: CCW-CP-07 AP-ATTR-03 '
                            'MDEV-01 MTTY-MIG-02\n')
                args.extra = [extra]
                args.list = False
                buf = io.StringIO()
                self.assertEqual(run(args, buf), 0)
                self.assertTrue(buf.getvalue().endswith(
                    'rules: 5 tested, 5 explained, 0 gaps\n'))

        def test_no_reference(self):
            args = argparse.Namespace(root=TOP, reference='/nonexistent/x.md',
                                      doc=None, extra=[], list=False)
            buf = io.StringIO()
            self.assertEqual(run(args, buf), 0)
            self.assertIn('not found, nothing checked', buf.getvalue())

    suite = unittest.defaultTestLoader.loadTestsFromTestCase(T)
    res = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    return 0 if res.wasSuccessful() else 1


def main():
    p = argparse.ArgumentParser(
        description='Report which upstream rules our tests name.')
    p.add_argument('--root', default=TOP, help='repository (default: ours)')
    p.add_argument('--reference', help='upstream-behaviour.md '
                   '(default: $ZMDEV_REFERENCE or ../shared/reference/)')
    p.add_argument('--doc', help='explanation document (default: %s)' % DOC)
    p.add_argument('--extra', action='append', metavar='FILE',
                   help='also count the Covers: lines of FILE')
    p.add_argument('--list', action='store_true',
                   help='list every rule with its tests or reason')
    p.add_argument('--self-test', action='store_true',
                   help='run the parser tests and exit')
    args = p.parse_args()
    if args.self_test:
        return self_test()
    return run(args)


if __name__ == '__main__':
    sys.exit(main())
