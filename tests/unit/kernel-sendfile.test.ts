// sendfile / copy_file_range (busybox cat, cp and tar use sendfile) through Kernel.syscall.

import * as fs from 'fs';
import * as path from 'path';
import { E } from '../../src/syscalls/errno';
import { GENERIC_OPEN_FLAGS as O } from '../../src/syscalls/flags';
import { Harness, SCRATCH, makeHarness } from './kernel-harness';

const AT_FDCWD = -100;
const OFF = SCRATCH; // a loff_t in guest memory

let h: Harness;
beforeEach(() => { h = makeHarness(); });
afterEach(() => { fs.rmSync(h.tmp, { recursive: true, force: true }); });

const open = (p: string, flags: number) => h.sys('openat', AT_FDCWD, h.str(p, 0x100), flags, 0o644);
const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 0xff));

test('sendfile copies from the file position, then from a given offset without moving it', () => {
  const src = path.join(h.tmp, 'src'), dst = path.join(h.tmp, 'dst');
  fs.writeFileSync(src, data);
  const i = open(src, O.O_RDONLY), o = open(dst, O.O_WRONLY | O.O_CREAT | O.O_TRUNC);
  expect(h.sys('lseek', i, 1000, 0)).toBe(1000);
  expect(h.sys('sendfile', o, i, 0, 100_000)).toBe(100_000);
  expect(h.sys('lseek', i, 0, 1)).toBe(101_000);
  h.mem.setU64(OFF, 5);
  expect(h.sys('sendfile', o, i, OFF, 10)).toBe(10);
  expect(h.mem.u64(OFF)).toBe(15);
  expect(h.sys('lseek', i, 0, 1)).toBe(101_000); // unchanged with an offset pointer
  // at the end of the input: a short count, then 0
  expect(h.sys('sendfile', o, i, 0, 1 << 30)).toBe(data.length - 101_000);
  expect(h.sys('sendfile', o, i, 0, 100)).toBe(0);
  const out = fs.readFileSync(dst);
  expect(out.equals(Buffer.concat([data.subarray(1000, 101_000), data.subarray(5, 15), data.subarray(101_000)]))).toBe(true);
  expect(h.sys('sendfile', o, 99, 0, 1)).toBe(-E.EBADF);
});

test('copy_file_range with both offsets, and flags must be 0', () => {
  const src = path.join(h.tmp, 'src'), dst = path.join(h.tmp, 'dst');
  fs.writeFileSync(src, data);
  const i = open(src, O.O_RDONLY), o = open(dst, O.O_RDWR | O.O_CREAT | O.O_TRUNC);
  h.mem.setU64(OFF, 200); h.mem.setU64(OFF + 8, 0);
  expect(h.sys('copy_file_range', i, OFF, o, OFF + 8, 5000, 0)).toBe(5000);
  expect([h.mem.u64(OFF), h.mem.u64(OFF + 8)]).toEqual([5200, 5000]);
  expect(h.sys('lseek', o, 0, 1)).toBe(0);
  expect(fs.readFileSync(dst).equals(data.subarray(200, 5200))).toBe(true);
  expect(h.sys('copy_file_range', i, 0, o, 0, 10, 1)).toBe(-E.EINVAL);
});
