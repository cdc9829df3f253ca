// brk and the mmap family through Kernel.syscall.

import * as fs from 'fs';
import * as path from 'path';
import { GUEST_BASE } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { E } from '../../src/syscalls/errno';
import { BRK, Harness, MMAP_BOTTOM, MMAP_TOP, SCRATCH, makeHarness, peek, poke } from './kernel-harness';

const MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANON = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
const RW = PROT_READ | PROT_WRITE;

let h: Harness;
beforeEach(() => { h = makeHarness(); });
afterEach(() => { fs.rmSync(h.tmp, { recursive: true, force: true }); });

const anon = (len: number, prot = RW, addr = 0, flags = 0) =>
  h.sys('mmap', addr, len, prot, MAP_PRIVATE | MAP_ANON | flags, -1, 0);

describe('brk', () => {
  test('query, grow, shrink, refuse collisions', () => {
    expect(h.sys('brk', 0)).toBe(BRK);
    expect(h.sys('brk', BRK + 0x2345)).toBe(BRK + 0x2345);
    expect(h.mem.pages.isAccessible(BRK, 0x3000, RW)).toBe(true);
    expect(h.mem.pages.isMapped(BRK + 0x3000)).toBe(false);
    expect(h.mem.pages.find(BRK)!.name).toBe('[heap]');
    h.mem.setU32(BRK + 0x2000, 0xdeadbeef);
    expect(h.sys('brk', BRK + 0x1000)).toBe(BRK + 0x1000);
    expect(h.mem.pages.isMapped(BRK + 0x1000)).toBe(false);
    // Growing again gives zeroed memory.
    expect(h.sys('brk', BRK + 0x3000)).toBe(BRK + 0x3000);
    expect(h.mem.u32(BRK + 0x2000)).toBe(0);
    // Below the start: unchanged.
    expect(h.sys('brk', BRK - 0x1000)).toBe(BRK + 0x3000);
    // Into an existing mapping: refused.
    expect(anon(0x1000, RW, BRK + 0x10000, MAP_FIXED)).toBe(BRK + 0x10000);
    expect(h.sys('brk', BRK + 0x20000)).toBe(BRK + 0x3000);
  });
});

describe('mmap', () => {
  test('anonymous mappings are placed top-down below mmapTop and zero-filled', () => {
    const a = anon(0x3000);
    expect(a).toBe(MMAP_TOP - 0x3000);
    const b = anon(0x1001);
    expect(b).toBe(a - 0x2000);
    expect(h.mem.pages.isAccessible(b, 0x2000, RW)).toBe(true);
    // Dirty a page, unmap it, map again: must read back zero.
    h.mem.setU32(a + 0x100, 0x12345678);
    expect(h.sys('munmap', a, 0x3000)).toBe(0);
    expect(h.mem.pages.isMapped(a)).toBe(false);
    expect(h.mem.u8[a + 0x100 - GUEST_BASE]).not.toBe(undefined);
    const c = anon(0x3000);
    expect(c).toBe(a);
    expect(h.mem.u32(a + 0x100)).toBe(0);
  });

  test('hint addresses are used when free', () => {
    const want = MMAP_BOTTOM + 0x100000;
    expect(anon(0x1000, RW, want)).toBe(want);
    expect(anon(0x1000, RW, want)).not.toBe(want); // taken: placed elsewhere
  });

  test('MAP_FIXED replaces, MAP_FIXED_NOREPLACE refuses, alignment checks', () => {
    const a = anon(0x4000);
    h.mem.setU32(a + 0x1000, 7);
    expect(anon(0x1000, PROT_READ, a + 0x1000, MAP_FIXED)).toBe(a + 0x1000);
    expect(h.mem.u32(a + 0x1000)).toBe(0);
    expect(h.mem.pages.protAt(a + 0x1000) & 7).toBe(PROT_READ);
    expect(h.mem.pages.protAt(a) & 7).toBe(RW);
    expect(anon(0x1000, RW, a, MAP_FIXED_NOREPLACE)).toBe(-E.EEXIST);
    expect(anon(0x1000, RW, a + 1, MAP_FIXED)).toBe(-E.EINVAL);
    expect(anon(0)).toBe(-E.EINVAL);
    expect(h.sys('mmap', 0, 0x1000, RW, MAP_ANON, -1, 0)).toBe(-E.EINVAL); // neither shared nor private
    expect(anon(0x1000, RW, 0x1_0000_0000, MAP_FIXED)).toBe(-E.ENOMEM);
  });

  test('replacing executable pages flushes translated code', () => {
    const a = anon(0x2000, PROT_READ | PROT_EXEC);
    const flushed: [number, number][] = [];
    h.mem.pages.onCodeChange((s, e) => flushed.push([s, e]));
    anon(0x1000, RW, a, MAP_FIXED);
    expect(flushed).toContainEqual([a, a + 0x1000]);
  });

  test('returns ENOMEM when the mmap window is full', () => {
    expect(anon(MMAP_TOP - MMAP_BOTTOM + 0x1000)).toBe(-E.ENOMEM);
    expect(anon(MMAP_TOP - MMAP_BOTTOM)).toBe(MMAP_BOTTOM);
    expect(anon(0x1000)).toBe(-E.ENOMEM);
  });

  test('file-backed MAP_PRIVATE copies the file, zero-fills the tail', () => {
    const p = path.join(h.tmp, 'm');
    const data = Buffer.alloc(0x1800, 0x5a);
    data.write('HEADER', 0);
    data.write('PAGE2', 0x1000);
    fs.writeFileSync(p, data);
    const fd = h.sys('openat', -100, h.str(p), 0, 0);
    const a = h.sys('mmap', 0, 0x1800, PROT_READ, MAP_PRIVATE, fd, 0);
    expect(a).toBeGreaterThan(0);
    expect(peek(h.mem, a, 6).toString()).toBe('HEADER');
    expect(h.mem.u8At(a + 0x17ff)).toBe(0x5a);
    expect(h.mem.u8At(a + 0x1800)).toBe(0);
    expect(h.mem.pages.find(a)!.name).toBe(p);
    const b = h.sys('mmap', 0, 0x1000, PROT_READ, MAP_PRIVATE, fd, 0x1000);
    expect(peek(h.mem, b, 5).toString()).toBe('PAGE2');
    expect(h.sys('mmap', 0, 0x1000, PROT_READ, MAP_PRIVATE, fd, 0x800)).toBe(-E.EINVAL);
    expect(h.sys('mmap', 0, 0x1000, PROT_READ, MAP_PRIVATE, 99, 0)).toBe(-E.EBADF);
    // Writable shared mapping of a read-only fd.
    expect(h.sys('mmap', 0, 0x1000, RW, MAP_SHARED, fd, 0)).toBe(-E.EACCES);
    // Mapping a pipe.
    h.sys('pipe2', SCRATCH, 0);
    expect(h.sys('mmap', 0, 0x1000, PROT_READ, MAP_PRIVATE, h.mem.i32(SCRATCH), 0)).toBe(-E.ENODEV);
  });
});

describe('munmap / mprotect / mremap / madvise', () => {
  test('munmap splits mappings; mprotect changes protection; ENOMEM on holes', () => {
    const a = anon(0x3000);
    expect(h.sys('munmap', a + 0x1000, 0x1000)).toBe(0);
    expect(h.mem.pages.isMapped(a)).toBe(true);
    expect(h.mem.pages.isMapped(a + 0x1000)).toBe(false);
    expect(h.mem.pages.isMapped(a + 0x2000)).toBe(true);
    expect(h.sys('munmap', a + 1, 0x1000)).toBe(-E.EINVAL);
    expect(h.sys('munmap', a, 0)).toBe(-E.EINVAL);
    expect(h.sys('mprotect', a, 0x1000, PROT_READ)).toBe(0);
    expect(h.mem.pages.protAt(a) & 7).toBe(PROT_READ);
    expect(h.sys('write', 1, a, 0)).toBe(0);
    // A guest write through a syscall now faults.
    expect(h.sys('read', h.sys('openat', -100, h.str('/dev/zero'), 0, 0), a, 8)).toBe(-E.EFAULT);
    expect(h.sys('mprotect', a, 0x3000, RW)).toBe(-E.ENOMEM);
    expect(h.sys('mprotect', a + 3, 0x1000, RW)).toBe(-E.EINVAL);
    expect(h.sys('mprotect', a, 0x1000, 0x100)).toBe(-E.EINVAL);
  });

  test('mremap grows in place, moves with MREMAP_MAYMOVE, shrinks', () => {
    const a = anon(0x2000);
    h.mem.setU32(a, 0xabcdef01);
    // Space above is free? (top-down: a is the highest mapping, right below mmapTop) → cannot grow in place.
    expect(h.sys('mremap', a, 0x2000, 0x4000, 0, 0)).toBe(-E.ENOMEM);
    const b = h.sys('mremap', a, 0x2000, 0x4000, 1 /* MAYMOVE */, 0);
    expect(b).toBeGreaterThan(0);
    expect(b).not.toBe(a);
    expect(h.mem.u32(b)).toBe(0xabcdef01);
    expect(h.mem.u32(b + 0x3000)).toBe(0);
    expect(h.mem.pages.isMapped(a)).toBe(false);
    // Shrink.
    expect(h.sys('mremap', b, 0x4000, 0x1000, 0, 0)).toBe(b);
    expect(h.mem.pages.isMapped(b + 0x1000)).toBe(false);
    // Grow in place now that the space above b is free.
    expect(h.sys('mremap', b, 0x1000, 0x2000, 0, 0)).toBe(b);
    expect(h.mem.pages.isAccessible(b, 0x2000, RW)).toBe(true);
    expect(h.sys('mremap', 0x7000_0000, 0x1000, 0x2000, 1, 0)).toBe(-E.EFAULT);
  });

  test('madvise(MADV_DONTNEED) zero-fills anonymous pages', () => {
    const a = anon(0x2000);
    h.mem.setU32(a + 0x1004, 99);
    expect(h.sys('madvise', a, 0x2000, 4)).toBe(0);
    expect(h.mem.u32(a + 0x1004)).toBe(0);
    expect(h.sys('madvise', a, 0x2000, 0)).toBe(0);
    expect(h.sys('madvise', 0x7000_0000, 0x1000, 4)).toBe(-E.ENOMEM);
  });

  test('riscv_flush_icache calls onFlushCode', () => {
    expect(h.sys('riscv_flush_icache', 0x10000, 0x11000, 0)).toBe(0);
    expect(h.flushes).toEqual([[0x10000, 0x11000]]);
    expect(h.sys('riscv_flush_icache', 0, 0, 2)).toBe(-E.EINVAL);
  });

  test('large PROT_NONE reservations do not need clearing', () => {
    const big = 0x400_0000; // 64 MiB
    const t0 = Date.now();
    const a = anon(big, 0);
    expect(a).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(h.sys('mprotect', a, 0x1000, RW)).toBe(0);
    poke(h.mem, a, 'x');
    expect(h.sys('munmap', a, big)).toBe(0);
  });
});
