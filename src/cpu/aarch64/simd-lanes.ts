// Lane access to the vector register file for the AdvSIMD helpers. Lanes are
// BigInt (unsigned unless read signed) so one code path serves 8..64-bit
// elements. Helpers that use these read and write cpu.regs directly and are
// declared readsGlobals/writesGlobals.

import type { Aarch64Cpu } from './cpu';
import { VREG_SLOT } from './regs';

export function getLane(cpu: Aarch64Cpu, r: number, esize: number, i: number, signed = false): bigint {
  const w = VREG_SLOT(r);
  let v: bigint;
  switch (esize) {
    case 8: v = BigInt(cpu.u8[w * 4 + i]); break;
    case 16: v = BigInt(cpu.u16[w * 2 + i]); break;
    case 32: v = BigInt(cpu.u32[w + i]); break;
    default: v = (BigInt(cpu.u32[w + 2 * i + 1]) << 32n) | BigInt(cpu.u32[w + 2 * i]);
  }
  return signed ? BigInt.asIntN(esize, v) : v;
}

export function setLane(cpu: Aarch64Cpu, r: number, esize: number, i: number, v: bigint): void {
  const w = VREG_SLOT(r);
  switch (esize) {
    case 8: cpu.u8[w * 4 + i] = Number(v & 0xffn); return;
    case 16: cpu.u16[w * 2 + i] = Number(v & 0xffffn); return;
    case 32: cpu.u32[w + i] = Number(v & 0xffffffffn); return;
    default: cpu.u32[w + 2 * i] = Number(v & 0xffffffffn); cpu.u32[w + 2 * i + 1] = Number((v >> 32n) & 0xffffffffn);
  }
}

/** All lanes of a register read as one array (the 128-bit register as esize lanes). */
export function lanes(cpu: Aarch64Cpu, r: number, esize: number, n: number, signed = false): bigint[] {
  const out: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = getLane(cpu, r, esize, i, signed);
  return out;
}

/** Writes lanes 0..vals.length-1 and zeroes the rest of the register. */
export function writeLanes(cpu: Aarch64Cpu, r: number, esize: number, vals: readonly bigint[]): void {
  for (let i = 0; i < vals.length; i++) setLane(cpu, r, esize, i, vals[i]);
  clearHigh(cpu, r, vals.length * esize / 8);
}

export function clearHigh(cpu: Aarch64Cpu, r: number, fromByte: number): void {
  const w = VREG_SLOT(r);
  for (let k = fromByte; k < 16; k++) cpu.u8[w * 4 + k] = 0;
}
