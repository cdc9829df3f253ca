// The guest's siginfo_t (128 bytes, asm-generic layout shared by riscv64,
// aarch64 and arm): si_signo, si_errno, si_code, then a union that starts at
// offset 16 on 64-bit targets (pointer alignment) and 12 on 32-bit ones.

import type { SigInfo } from '../signal-state';

export const SIGINFO_SIZE = 128;

export const SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3, SI_ASYNCIO = -4, SI_TKILL = -6;
export const SEGV_MAPERR = 1, SEGV_ACCERR = 2;
export const BUS_ADRALN = 1, BUS_ADRERR = 2;
export const ILL_ILLOPC = 1;
export const FPE_INTDIV = 1;
export const TRAP_BRKPT = 1;

const FAULT_SIGNALS = new Set([4, 5, 7, 8, 11]);

export function encodeSiginfo(info: SigInfo, longSize: 4 | 8): Uint8Array {
  const b = new Uint8Array(SIGINFO_SIZE);
  if (info.raw) b.set(info.raw.subarray(0, SIGINFO_SIZE));
  const dv = new DataView(b.buffer);
  const put = (off: number, v: number) => dv.setInt32(off, v | 0, true);
  const putLong = (off: number, v: number) => {
    if (longSize === 8) { dv.setUint32(off, v >>> 0, true); dv.setInt32(off + 4, Math.floor(v / 0x1_0000_0000), true); } else dv.setInt32(off, v | 0, true);
  };
  put(0, info.signo);
  if (info.raw) return b;
  put(4, info.errno ?? 0);
  put(8, info.code);
  const u = longSize === 8 ? 16 : 12;
  if (FAULT_SIGNALS.has(info.signo) && info.code > 0) {
    putLong(u, info.addr ?? 0);
  } else if (info.signo === 17 && info.code > 0) {
    put(u, info.pid ?? 0); put(u + 4, info.uid ?? 0); put(u + 8, info.status ?? 0);
    putLong(longSize === 8 ? u + 16 : u + 12, info.utime ?? 0);
    putLong(longSize === 8 ? u + 24 : u + 16, info.stime ?? 0);
  } else if (info.code === SI_TIMER) {
    put(u, info.timerid ?? 0); put(u + 4, info.overrun ?? 0); putLong(u + 8, info.value ?? 0);
  } else {
    put(u, info.pid ?? 0); put(u + 4, info.uid ?? 0);
    if (info.value !== undefined) putLong(u + 8, info.value);
  }
  return b;
}
