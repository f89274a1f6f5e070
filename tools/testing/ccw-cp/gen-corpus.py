#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus for cp-fuzz (see the input layout in cp-fuzz.c).

Each seed is a small channel program placed at low guest addresses:
CCWs from 0x100, IDALs from 0x600, data named anywhere in the fake's
256 KiB of guest memory. Usage: gen-corpus.py DIR
"""
import os
import struct
import sys

FMT, PFCH, TM, C64, I2K = 0x80, 0x40, 0x04, 0x02, 0x01
CD, CC, SLI, SKIP, PCI, IDA, SUSP, MIDA = 0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01
TIC, NOP, READ, WRITE, SENSE = 0x08, 0x03, 0x02, 0x01, 0x04
CCW, IDAL = 0x100, 0x600
F1_4K = FMT | PFCH | C64


class Seed:
    def __init__(self, b5=F1_4K, cpa=CCW, opts=0, fail=0, scsw=8):
        self.mem = bytearray(0x700)
        self.b5, self.cpa, self.opts, self.fail, self.scsw = b5, cpa, opts, fail, scsw
        self.b4 = self.b7 = self.lpm = 0

    def ccw1(self, at, cmd, flags, count, cda):
        struct.pack_into('>BBHI', self.mem, at, cmd, flags, count, cda)

    def ccw0(self, at, cmd, flags, count, cda):
        struct.pack_into('>I', self.mem, at, (cmd << 24) | cda)
        struct.pack_into('>BBH', self.mem, at + 4, flags, 0, count)

    def idaws(self, at, addrs, fmt2=True):
        for i, a in enumerate(addrs):
            if fmt2:
                struct.pack_into('>Q', self.mem, at + 8 * i, a)
            else:
                struct.pack_into('>I', self.mem, at + 4 * i, a)

    def bytes(self):
        orb = struct.pack('>IBBBBI', 0x1234, self.b4, self.b5, self.lpm,
                          self.b7, self.cpa)
        return orb + struct.pack('>BHI', self.opts, self.fail, self.scsw) + \
            bytes(self.mem)


def seeds():
    s = Seed()
    s.ccw1(CCW, READ, 0, 64, 0x2000)
    yield 'read-direct', s

    s = Seed()
    s.ccw1(CCW, WRITE, 0, 0x2000, 0x2f00)
    yield 'write-cross-pages', s

    s = Seed()
    s.ccw1(CCW, READ, IDA, 0x1800, IDAL)
    s.idaws(IDAL, [0x2800, 0x5000])
    yield 'ida-f2-4k', s

    s = Seed(b5=F1_4K | I2K)
    s.ccw1(CCW, READ, IDA, 0x1000, IDAL)
    s.idaws(IDAL, [0x2100, 0x6800, 0x3000])
    yield 'ida-f2-2k', s

    s = Seed(b5=FMT | PFCH)
    s.ccw1(CCW, READ, IDA, 0x1000, IDAL)
    s.idaws(IDAL, [0x2100, 0x2800, 0x3000], fmt2=False)
    yield 'ida-f1', s

    s = Seed(b5=FMT | PFCH)
    s.ccw1(CCW, WRITE, 0, 0xffff, 0x2001)
    yield 'f1-direct-max', s

    s = Seed(b5=PFCH)
    s.ccw0(CCW, READ, CC, 0x10, 0x2000)
    s.ccw0(CCW + 8, 0x18, 0, 0, 0x200)
    s.ccw0(0x200, WRITE, SLI, 0x20, 0x3000)
    yield 'fmt0-tic', s

    s = Seed(b5=PFCH)
    s.ccw0(CCW, READ, IDA | CC, 0x900, IDAL)
    s.idaws(IDAL, [0x2800, 0x4800], fmt2=False)
    s.ccw0(CCW + 8, NOP, 0, 0, 0)
    yield 'fmt0-ida', s

    s = Seed()
    s.ccw1(CCW, 0x31, CC, 5, 0x2000)
    s.ccw1(CCW + 8, TIC, 0, 0, CCW)
    s.ccw1(CCW + 16, 0x06, 0, 512, 0x3000)
    yield 'tic-loop', s

    s = Seed()
    s.ccw1(CCW, READ, CC, 16, 0x2000)
    s.ccw1(CCW + 8, TIC, 0, 0, CCW + 24)
    s.ccw1(CCW + 24, WRITE, 0, 16, 0x3000)
    yield 'tic-forward', s

    s = Seed()
    s.ccw1(CCW, NOP, CC, 0, 0)
    s.ccw1(CCW + 8, READ, CC, 8, 0x2000)
    s.ccw1(CCW + 16, NOP, CC, 0, 0)
    s.ccw1(CCW + 24, TIC, 0, 0, 0x300)
    s.ccw1(0x300, WRITE, CC, 8, 0x2008)
    s.ccw1(0x308, TIC, 0, 0, CCW + 16)
    yield 'tic-middle', s

    s = Seed()
    s.ccw1(CCW, NOP, CC, 0, 0)
    s.ccw1(CCW + 8, TIC, 0, 0, 0x300)
    s.ccw1(0x300, TIC, 0, 0, CCW)
    yield 'tic-tic', s

    s = Seed()
    s.ccw1(CCW, TIC, 0, 0, 0x300)
    s.ccw1(0x300, READ, 0, 16, 0x2000)
    yield 'tic-first', s

    # status modifier: the channel may fetch the CCW after the segment
    s = Seed()
    s.ccw1(CCW, 0x31, CC, 5, 0x2000)
    s.ccw1(CCW + 8, 0x06, 0, 512, 0x3000)
    s.ccw1(CCW + 16, WRITE, 0, 512, 0x4000)
    yield 'sm-end', s

    s = Seed(cpa=0x308)
    s.ccw1(0x300, 0x07, CC, 6, 0x2000)
    s.ccw1(0x308, 0x31, CC, 5, 0x2008)
    s.ccw1(0x310, TIC, 0, 0, 0x300)
    s.ccw1(0x318, 0x06, 0, 512, 0x3000)
    yield 'sm-tic-back', s

    s = Seed(cpa=0x308)
    s.ccw1(0x300, 0x07, CC, 6, 0x2000)
    s.ccw1(0x308, 0x31, CC, 5, 0x2008)
    s.ccw1(0x310, TIC, 0, 0, 0x300)
    s.ccw1(0x318, TIC, 0, 0, 0x400)
    s.ccw1(0x400, 0x06, 0, 512, 0x3000)
    yield 'sm-tic-tic', s

    for n in (3, 16, 17):
        s = Seed()
        for i in range(n):
            at = CCW + i * 0x20
            s.ccw1(at, WRITE, CC, 32, 0x2000 + i * 0x100)
            if i < n - 1:
                s.ccw1(at + 8, TIC, 0, 0, at + 0x20)
            else:
                s.ccw1(at + 8, NOP, 0, 0, 0)
        yield 'segments-%d' % n, s

    for n in (2, 60):
        s = Seed()
        for i in range(n):
            s.ccw1(CCW + 8 * i, READ if i % 2 else WRITE,
                   CC if i < n - 1 else 0, 8 * i, 0x2000 + 0x400 * i)
        yield 'chain-%d' % n, s

    s = Seed()
    s.ccw1(CCW, WRITE, CC, 0, 0x7fffff00)
    s.ccw1(CCW + 8, NOP, CC, 100, 0x7fffff00)
    s.ccw1(CCW + 16, READ, CC | SKIP, 100, 0x7fffff00)
    s.ccw1(CCW + 24, SENSE, CC | SKIP, 32, 0x7fffff00)
    s.ccw1(CCW + 32, WRITE, SKIP, 32, 0x2000)
    yield 'no-transfer', s

    s = Seed()
    s.ccw1(CCW, READ, IDA | CC, 0x1800, IDAL)
    s.idaws(IDAL, [0x2800, 0x5000])
    s.ccw1(CCW + 8, WRITE, CD, 0x2100, 0x6f00)
    s.ccw1(CCW + 16, WRITE, CC, 0, 0)
    s.ccw1(CCW + 24, TIC, 0, 0, 0x300)
    s.ccw1(0x300, READ, CC | SKIP, 10, 0)
    s.ccw1(0x308, WRITE, CC, 1, 0x12000)
    s.ccw1(0x310, TIC, 0, 0, CCW + 16)
    mixed = s
    yield 'mixed', s

    # fault schedules and a hostile guest on the mixed program
    for fail in (1, 2, 3, 5, 8, 13):
        for opts in (0, 2):
            s = Seed(opts=opts, fail=fail)
            s.mem = bytearray(mixed.mem)
            yield 'mixed-fail%d%s' % (fail, '-kmalloc' if opts else ''), s
    s = Seed(opts=1)
    s.mem = bytearray(mixed.mem)
    yield 'mixed-mutating', s
    s = Seed(opts=4)
    s.mem = bytearray(mixed.mem)
    yield 'mixed-short-pin', s
    s = Seed(opts=8)
    s.mem = bytearray(mixed.mem)
    yield 'mixed-abandoned', s

    # refused ORBs and CCWs
    for name, b5, b4, b7 in (('orb-tm', F1_4K | TM, 0, 0),
                             ('orb-midaw', F1_4K, 0, 0x40),
                             ('orb-suspend', F1_4K, 0x08, 0),
                             ('orb-noprefetch', FMT | C64, 0, 0),
                             ('orb-orbx', F1_4K, 0x30, 0x81)):
        s = Seed(b5=b5)
        s.b4, s.b7 = b4, b7
        s.ccw1(CCW, READ, 0, 16, 0x2000)
        yield name, s

    s = Seed(cpa=CCW + 4)
    yield 'orb-misaligned', s

    s = Seed()
    s.ccw1(CCW, READ, MIDA, 16, IDAL)
    yield 'mida', s

    s = Seed()
    s.ccw1(CCW, 0x0c, 0, 16, 0x2010)
    yield 'read-backward', s

    s = Seed()
    s.ccw1(CCW, READ, IDA, 0x1000, IDAL + 4)
    yield 'idal-misaligned', s

    s = Seed()
    s.ccw1(CCW, READ, IDA, 0x1000, IDAL)
    s.idaws(IDAL, [0x2100, 0x3100])
    yield 'idaw-misaligned', s

    s = Seed()
    s.ccw1(CCW, READ, IDA, 0x1000, IDAL)
    s.idaws(IDAL, [0x123456789000])
    yield 'idaw-unmapped', s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'corpus'
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        os.unlink(os.path.join(out, old))
    n = 0
    for name, seed in seeds():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(seed.bytes())
        n += 1
    print('%d seeds in %s' % (n, out))


if __name__ == '__main__':
    main()
