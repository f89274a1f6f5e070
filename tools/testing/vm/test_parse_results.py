#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit test of parse-results.py: one sample line per class of kernel
report, and small console logs for each way a frame can pass or fail.

Run: python3 tools/testing/vm/test_parse_results.py (make check runs it
and counts each case). Prints TAP.
"""
import importlib.util
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('parse_results',
                                              os.path.join(HERE, 'parse-results.py'))
pr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pr)

# One line per report class, as the kernel prints it (console prefix too).
SAMPLES = {
    'warn': 'WARNING: CPU: 1 PID: 234 at drivers/vfio/vfio_main.c:1 vfio_x+0x1/0x2',
    'lockdep': [
        'WARNING: possible circular locking dependency detected',
        'WARNING: possible recursive locking detected',
        'WARNING: inconsistent lock state',
        'WARNING: suspicious RCU usage',
        'WARNING: bad unlock balance detected!',
        'WARNING: held lock freed!',
        'WARNING: lock held when returning to user space!',
        'WARNING: Nested lock was not taken',
        'WARNING: bad contention detected!',
        'WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected',
        'WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected',
        'WARNING: modprobe/123 still has locks held!',
        'WARNING: possible irq lock inversion dependency detected',
    ],
    'warning': 'WARNING: something unexpected',
    'bug': [
        'BUG: KASAN: slab-use-after-free in __mutex_lock+0x1/0x2',
        'BUG: sleeping function called from invalid context at kernel/locking/mutex.c:1',
        'BUG: unable to handle page fault for address: ffff888000000000',
        'BUG: modprobe/77 still has locks held!',
    ],
    'slub': [
        'BUG kmalloc-64 (Not tainted): Redzone overwritten',
        'BUG kmalloc-128 (Tainted: G    B   W  O    ): Poison overwritten',
    ],
    'kernel-bug': 'kernel BUG at mm/slub.c:123!',
    'oops': [
        'Oops: general protection fault, probably for non-canonical address 0xdead: 0000 [#1] SMP',
        'illegal operation: 0001 ilc:1 [#1] SMP',
        'Internal error: Oops: 0000000096000004 [#1] SMP',
    ],
    'fault': 'Unable to handle kernel pointer dereference in virtual kernel address space',
    'panic': 'Kernel panic - not syncing: Fatal exception',
    'kasan': '==================================================================\n'
             '[    3.0] kasan: bad access detected\n'
             'KASAN: null-ptr-deref in range [0x0000000000000000-0x0000000000000007]',
    'ubsan': 'UBSAN: shift-out-of-bounds in drivers/s390/cio/vfio_ccw/vfio_ccw_cp.c:12:3',
    'hung-task': 'INFO: task kworker/0:1:23 blocked for more than 60 seconds.',
    'list': 'list_add corruption. next->prev should be prev (ffff), but was ffff.',
    'debugobjects': 'ODEBUG: free active (active state 0) object: 0000 object type: work_struct',
    'refcount': 'refcount_t: underflow; use-after-free.',
    'sysfs': 'sysfs: cannot create duplicate filename \'/devices/vfio_ap/matrix\'',
    'kobject': 'kobject_add_internal failed for matrix with -EEXIST, don\'t try to register things with the same name in the same directory.',
    'debugfs': 'debugfs: Directory \'apsim\' with parent \'/\' already present!',
    'kmemleak': 'kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)',
}

# Lines that must not count as reports.
BENIGN = [
    'kasan: KernelAddressSanitizer initialized (generic)',
    'ok 3 sysfs_create_duplicate_is_rejected',
    'vfio_ccw: 0.0.0002: reset of queue took long',
    '# WARNING in the test description is not a kernel report',
]


def run_parser(text):
    """Parse console text; return (exit status, output lines, totals)."""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, 'console.log')
        totals = os.path.join(d, 'totals')
        with open(log, 'w') as f:
            f.write(text)
        argv = sys.argv
        sys.argv = ['parse-results.py', '--totals', totals, log]
        out = []
        real_print = print
        try:
            pr.print = lambda *a, **k: out.append(' '.join(str(x) for x in a))
            rc = pr.main()
        finally:
            sys.argv = argv
            pr.print = real_print
        with open(totals) as f:
            p, fl, s = (int(x) for x in f.read().split())
    return rc, out, (p, fl, s)


def frame(name, body, rc=0, t0=10.0, t1=11.0, dmesg='', leaks=''):
    return ('ZMDEV-BEGIN %s t=%.2f\n%sZMDEV-END %s rc=%d t=%.2f\n'
            'ZMDEV-DMESG-BEGIN %s\n%sZMDEV-DMESG-END %s\n'
            'ZMDEV-KMEMLEAK-BEGIN %s t=%.2f\n%sZMDEV-KMEMLEAK-END %s\n'
            % (name, t0, body, name, rc, t1, name, dmesg, name, name, t1, leaks, name))


def run(frames, hz=100):
    return ('ZMDEV-RUN-BEGIN hz=%d\nZMDEV-DMESG-BEGIN boot\nZMDEV-DMESG-END boot\n' % hz
            + ''.join(frames) + 'ZMDEV-RUN-END\nZMDEV-EXIT: 0\n')


def leak_at(seconds, hz=100):
    """A kmemleak object allocated at uptime SECONDS."""
    jiffies = (1 << 32) - 300 * hz + int(seconds * hz)
    return ('unreferenced object 0xffff888001234500 (size 64):\n'
            '  comm "modprobe", pid 99, jiffies %d\n'
            '  hex dump (first 32 bytes):\n'
            '  backtrace (crc 0):\n'
            '    kmalloc_trace+0x1/0x2\n' % jiffies)


class SplatClasses(unittest.TestCase):
    def test_each_class_has_a_sample_and_matches_it(self):
        for name, _ in pr.SPLATS:
            self.assertIn(name, SAMPLES, 'no sample line for class %s' % name)
            samples = SAMPLES[name]
            if isinstance(samples, str):
                samples = [samples.split('\n')[-1]]
            for line in samples:
                with self.subTest(cls=name, line=line):
                    self.assertEqual(name, pr.splat_class(line))
                    self.assertEqual(name, pr.splat_class('[  101.000001] ' + line))
                    self.assertEqual(name, pr.splat_class('<4>[  101.000001] [  T123] ' + line))

    def test_benign_lines_are_not_reports(self):
        for line in BENIGN:
            with self.subTest(line=line):
                self.assertIsNone(pr.splat_class(line))


class Frames(unittest.TestCase):
    def test_cases_are_counted(self):
        rc, out, tot = run_parser(run([frame('selftest/a/x', '1..3\nok 1 a\nok 2 b # SKIP no\nnot ok 3 c\n', rc=1)]))
        self.assertEqual((1, 1, 1), tot)
        self.assertEqual(1, rc)

    def test_ktap_subtests_count_once(self):
        body = ('KTAP version 1\n1..1\n    KTAP version 1\n    1..2\n'
                '    ok 1 one\n    ok 2 two\nok 1 suite\n')
        self.assertEqual((2, 0, 0), run_parser(run([frame('kunit/x', body)]))[2])

    def test_empty_frame_fails(self):
        rc, out, tot = run_parser(run([frame('kunit/silent', '')]))
        self.assertEqual((0, 1, 0), tot)
        self.assertTrue(any('no results' in l for l in out))

    def test_skip_all_needs_a_reason_and_exit_4(self):
        self.assertEqual((0, 0, 1), run_parser(run([frame('s/a', '1..0 # SKIP no lszcrypt on x86_64\n', rc=4)]))[2])
        self.assertEqual((0, 1, 0), run_parser(run([frame('s/a', '', rc=4)]))[2])

    def test_nonzero_exit_without_failed_case_fails(self):
        self.assertEqual((1, 1, 0), run_parser(run([frame('s/a', '1..1\nok 1 a\n', rc=2)]))[2])

    def test_crashed_frame_fails_and_run_must_exit(self):
        text = ('ZMDEV-RUN-BEGIN hz=100\nZMDEV-BEGIN s/a t=1.0\nok 1 a\n'
                'Unable to handle kernel pointer dereference in virtual kernel address space\n')
        rc, out, tot = run_parser(text)
        self.assertEqual(1, rc)
        # the crashed frame: its case, "did not finish" and the report;
        # the run: it did not finish
        self.assertEqual((1, 3, 0), tot)

    def test_splat_in_frame_dmesg_fails_that_frame_once(self):
        d = 'WARNING: CPU: 0 PID: 1 at x.c:1 f+0x0/0x1\n' * 2
        rc, out, tot = run_parser(run([frame('s/a', '1..1\nok 1 a\n', dmesg=d),
                                       frame('s/b', '1..1\nok 1 b\n', t0=12, t1=13)]))
        self.assertEqual((2, 1, 0), tot)
        self.assertTrue(any(l.startswith('s/a:') and 'kernel report: warn' in l for l in out))

    def test_splat_outside_frames_fails_run(self):
        text = run([frame('s/a', '1..1\nok 1 a\n')]).replace(
            'ZMDEV-DMESG-BEGIN boot\n', 'ZMDEV-DMESG-BEGIN boot\nBUG: KASAN: wild-memory-access\n')
        self.assertEqual((1, 1, 0), run_parser(text)[2])

    def test_console_report_between_frames_goes_to_the_run(self):
        text = run([frame('s/a', '1..1\nok 1 a\n')]).replace(
            'ZMDEV-RUN-END', '[ 20.0] INFO: task x:1 blocked for more than 60 seconds.\nZMDEV-RUN-END')
        self.assertEqual((1, 1, 0), run_parser(text)[2])


    def test_vm_ending_before_a_frames_leak_scan_fails(self):
        # The first VM ends (a timeout, a hang) after s/a's messages but
        # before its leak scan; the second VM goes on after s/a. s/a's
        # leaks were never checked, so the first run fails.
        r1 = ('ZMDEV-RUN-BEGIN hz=100\n' + frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11)
              .split('ZMDEV-KMEMLEAK-BEGIN')[0] + 'ZMDEV-KMEMLEAK-BEGIN s/a t=11.00\n')
        r2 = run([frame('s/b', '1..1\nok 1 b\n')])
        rc, out, tot = run_parser(r1 + r2)
        self.assertEqual(1, rc)
        self.assertEqual((2, 1, 0), tot)
        self.assertTrue(any('did not finish its run' in l and 's/a' in l for l in out))


class Leaks(unittest.TestCase):
    def test_leak_is_attributed_by_allocation_time(self):
        # reported after the second frame, allocated during the first
        frames = [frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11),
                  frame('s/b', '1..1\nok 1 b\n', t0=12, t1=20, leaks=leak_at(10.5))]
        rc, out, tot = run_parser(run(frames))
        self.assertEqual((2, 1, 0), tot)
        self.assertTrue(any(l.startswith('s/a:') and 'kmemleak: 1 objects' in l for l in out))

    def test_leak_between_frames_goes_to_the_previous_one(self):
        frames = [frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11),
                  frame('s/b', '1..1\nok 1 b\n', t0=12, t1=20, leaks=leak_at(11.5))]
        out = run_parser(run(frames))[1]
        self.assertTrue(any(l.startswith('s/a:') and 'kmemleak' in l for l in out))

    def test_boot_leak_is_a_note(self):
        frames = [frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11, leaks=leak_at(2.0))]
        rc, out, tot = run_parser(run(frames))
        self.assertEqual((1, 0, 0), tot)
        self.assertTrue(any('left by boot' in l for l in out))

    def test_hz_250(self):
        frames = [frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11),
                  frame('s/b', '1..1\nok 1 b\n', t0=12, t1=20, leaks=leak_at(12.5, hz=250))]
        out = run_parser(run(frames, hz=250))[1]
        self.assertTrue(any(l.startswith('s/b:') and 'kmemleak' in l for l in out))

    def test_runs_are_separate(self):
        # a second boot restarts uptime: a leak at 10.5 s in run 2 belongs
        # to run 2's frame, not to run 1's frame with the same times
        r1 = ('ZMDEV-RUN-BEGIN hz=100\n' + frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11)
              + 'ZMDEV-BEGIN s/b t=12.0\n')
        r2 = run([frame('s/c', '1..1\nok 1 c\n', t0=10, t1=20, leaks=leak_at(10.5))])
        out = run_parser(r1 + r2)[1]
        self.assertTrue(any(l.startswith('s/c:') and 'kmemleak' in l for l in out))
        self.assertFalse(any(l.startswith('s/a:') and 'kmemleak' in l for l in out))


    def test_summary_line_does_not_fail_a_second_frame(self):
        # The scan after s/a reports s/a's object; kmemleak's own summary
        # line then shows up in s/b's messages. Only s/a fails.
        summary = '[ 12.5] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n'
        frames = [frame('s/a', '1..1\nok 1 a\n', t0=10, t1=11, leaks=leak_at(10.5)),
                  frame('s/b', '1..1\nok 1 b\n', t0=12, t1=13, dmesg=summary)]
        rc, out, tot = run_parser(run(frames))
        self.assertEqual((2, 1, 0), tot)
        self.assertFalse(any(l.startswith('s/b:') and 'kmemleak' in l for l in out))

    def test_summary_line_fails_a_log_without_scans(self):
        # A console of a run that does not scan (demo, bench): the summary
        # line is all there is, so it fails the frame it is in.
        text = ('ZMDEV-RUN-BEGIN hz=100\nZMDEV-BEGIN s/a t=10.00\n1..1\nok 1 a\n'
                'kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n'
                'ZMDEV-END s/a rc=0 t=11.00\nZMDEV-RUN-END\nZMDEV-EXIT: 0\n')
        self.assertEqual((1, 1, 0), run_parser(text)[2])

class Tap(unittest.TextTestResult):
    """Print one TAP line per test as it ends."""

    n = 0

    def _line(self, test, ok, extra=''):
        Tap.n += 1
        self.stream.write('%sok %d %s%s\n' % ('' if ok else 'not ', Tap.n, test.id(), extra))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(test, False)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(test, False)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._line(subtest, False)


if __name__ == '__main__':
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    print('1..%d' % suite.countTestCases())
    res = unittest.TextTestRunner(stream=sys.stdout, verbosity=0, resultclass=Tap).run(suite)
    sys.exit(0 if res.wasSuccessful() else 1)
