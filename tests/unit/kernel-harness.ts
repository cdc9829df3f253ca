// Shared set-up for kernel tests: one guest memory per test file, a fake
// riscv64 CPU, and `sys(name, ...args)` to run a syscall through Kernel.syscall.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CpuState } from '../../src/cpu/types';
import { GUEST_BASE, GuestMemory } from '../../src/memory/guest-memory';
import { PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { Kernel, KernelOptions } from '../../src/linux-user/kernel';
import { riscv64Abi } from '../../src/linux-user/riscv64/abi';
import { bindCpu, handleSyscall } from '../../src/linux-user/signals/delivery';
import { syscallTable } from '../../src/syscalls/numbers';

let sharedMem: GuestMemory | undefined;

/** A fresh-looking guest memory (the 4 GiB reservation is made once per test file). */
export function guestMemory(): GuestMemory {
  if (!sharedMem) sharedMem = new GuestMemory();
  const m = sharedMem;
  // A new Kernel assumes unmapped memory is zero (as in a fresh process).
  for (const x of [...m.pages.list()]) { m.pages.unmap(x.start, x.end - x.start); m.fill(x.start, x.end - x.start, 0); }
  return m;
}

export const PROG = 0x10000;      // a pretend loaded program
export const SCRATCH = 0x20000;   // 64 KiB read/write scratch area
export const SCRATCH_LEN = 0x10000;
export const BRK = 0x100000;
export const MMAP_BOTTOM = 0x1000_0000;
export const MMAP_TOP = 0x2000_0000;

export interface Harness {
  mem: GuestMemory;
  kernel: Kernel;
  cpu: CpuState;
  flushes: [number, number][];
  /** Runs syscall `name` (riscv64 numbering) and returns the signed a0. */
  sys(name: string, ...args: number[]): number;
  /** Writes a NUL-terminated string into scratch at `off` and returns its address. */
  str(s: string, off?: number): number;
  tmp: string;
}

export function makeHarness(opts: Partial<KernelOptions> = {}): Harness {
  const mem = guestMemory();
  mem.pages.map(PROG, 0x1000, PROT_READ);
  mem.pages.map(SCRATCH, SCRATCH_LEN, PROT_READ | PROT_WRITE);
  mem.fill(SCRATCH, SCRATCH_LEN, 0);
  const flushes: [number, number][] = [];
  const kernel = new Kernel({
    mem, arch: 'riscv64', abi: riscv64Abi, brk: BRK, mmapTop: MMAP_TOP, mmapBottom: MMAP_BOTTOM,
    execPath: '/usr/bin/true', argv: ['prog', 'arg1'], env: ['A=1'], strace: false,
    onFlushCode: (s, e) => flushes.push([s, e]),
    ...opts,
  });
  const cpu = new CpuState(mem, new Int32Array(64));
  bindCpu(kernel, cpu);
  const table = syscallTable('riscv64');
  const setReg = (r: number, v: number) => {
    cpu.regs[2 * r] = Number(BigInt.asIntN(32, BigInt(v)));
    cpu.regs[2 * r + 1] = Math.floor(v / 0x1_0000_0000) | 0;
  };
  const sys = (name: string, ...args: number[]) => {
    const nr = table.nr(name);
    if (nr === undefined) throw new Error(`no syscall ${name}`);
    setReg(17, nr);
    for (let i = 0; i < 6; i++) setReg(10 + i, args[i] ?? 0);
    handleSyscall(kernel, cpu); // as the CPU loop does: signals raised by the call are delivered
    return cpu.regs[21] * 0x1_0000_0000 + (cpu.regs[20] >>> 0);
  };
  const str = (s: string, off = 0x8000) => {
    const b = Buffer.from(s + '\0');
    mem.u8.set(b, SCRATCH + off - GUEST_BASE);
    return SCRATCH + off;
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-kernel-'));
  return { mem, kernel, cpu, flushes, sys, str, tmp };
}

/** Guest bytes as a Buffer copy (unchecked). */
export function peek(mem: GuestMemory, addr: number, len: number): Buffer {
  return Buffer.from(mem.u8.subarray(addr - GUEST_BASE, addr - GUEST_BASE + len));
}

export function poke(mem: GuestMemory, addr: number, data: Uint8Array | string): void {
  mem.u8.set(typeof data === 'string' ? Buffer.from(data) : data, addr - GUEST_BASE);
}
