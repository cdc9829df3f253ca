// Run-time helpers for the ARMv6 media instructions whose IR would be long:
// saturation (Q flag), parallel add/subtract (GE bits), SEL, dual 16-bit
// multiplies, USAD8, RBIT, APSR Q/GE access. Q and GE live in cpu.regs slots
// that are never IR globals, so these helpers need no global synchronisation.

import { Ty, type Helper } from '../../translate/ir';
import type { CpuState } from '../types';
import { GE_SLOT, Q_SLOT } from './regs';

const I32 = Ty.I32;
function h(name: string, nargs: number, fn: (cpu: CpuState, ...a: number[]) => number, pure = false): Helper {
  return { name, fn: fn as Helper['fn'], args: Array(nargs).fill(I32), ret: I32, sideEffects: !pure };
}

const setQ = (cpu: CpuState) => { cpu.regs[Q_SLOT] = 1; };

/** Signed saturation of an exact integer to `bits` (1..32); sets Q when clamped. */
function ssat(cpu: CpuState, v: number, bits: number): number {
  const max = 2 ** (bits - 1) - 1, min = -(2 ** (bits - 1));
  if (v > max) { setQ(cpu); return max; }
  if (v < min) { setQ(cpu); return min; }
  return v;
}
function usat(cpu: CpuState, v: number, bits: number): number {
  const max = 2 ** bits - 1;
  if (v > max) { setQ(cpu); return max; }
  if (v < 0) { setQ(cpu); return 0; }
  return v;
}

export const H_SSAT = h('ssat', 2, (cpu, v, n) => ssat(cpu, v, n) | 0);
export const H_USAT = h('usat', 2, (cpu, v, n) => usat(cpu, v, n) | 0);
export const H_SSAT16 = h('ssat16', 2, (cpu, v, n) => (ssat(cpu, (v << 16) >> 16, n) & 0xffff) | (ssat(cpu, v >> 16, n) << 16));
export const H_USAT16 = h('usat16', 2, (cpu, v, n) => (usat(cpu, (v << 16) >> 16, n) & 0xffff) | (usat(cpu, v >> 16, n) << 16));
export const H_QADD = h('qadd', 2, (cpu, a, b) => ssat(cpu, a + b, 32) | 0);
export const H_QSUB = h('qsub', 2, (cpu, a, b) => ssat(cpu, a - b, 32) | 0);
export const H_QDADD = h('qdadd', 2, (cpu, a, b) => ssat(cpu, a + ssat(cpu, 2 * b, 32), 32) | 0);
export const H_QDSUB = h('qdsub', 2, (cpu, a, b) => ssat(cpu, a - ssat(cpu, 2 * b, 32), 32) | 0);
/** a + b where an overflow of the signed 32-bit result sets Q (SMLA<x><y>, SMLAD, SMUAD...). */
export const H_ADDQ = h('addq', 2, (cpu, a, b) => { const r = a + b; if (r !== (r | 0)) setQ(cpu); return r | 0; });

// ---- parallel add/subtract: op1 (prefix) × op2 (operation) ----

export const PAR_PREFIX: Record<number, string> = { 1: 's', 2: 'q', 3: 'sh', 5: 'u', 6: 'uq', 7: 'uh' };
export const PAR_OPS: Record<number, string> = { 0: 'add16', 1: 'asx', 2: 'sax', 3: 'sub16', 4: 'add8', 7: 'sub8' };

function parallel(prefix: number, op: number): (cpu: CpuState, a: number, b: number) => number {
  const signed = prefix < 4, kind = prefix & 3; // 1 plain (GE), 2 saturating, 3 halving
  const lanes = op >= 4 ? 4 : 2, w = 32 / lanes, m = 2 ** w - 1;
  const lane = (x: number, i: number) => { const u = (x >>> (i * w)) & m; return signed && u > m >> 1 ? u - m - 1 : u; };
  return (cpu, a, b) => {
    let r = 0, ge = 0;
    for (let i = 0; i < lanes; i++) {
      let v: number, add: boolean;
      if (lanes === 2 && (op === 1 || op === 2)) {
        // ASX: hi = a.hi + b.lo, lo = a.lo - b.hi;  SAX: hi = a.hi - b.lo, lo = a.lo + b.hi
        add = (op === 1) === (i === 1);
        v = add ? lane(a, i) + lane(b, 1 - i) : lane(a, i) - lane(b, 1 - i);
      } else {
        add = !(op === 3 || op === 7);
        v = add ? lane(a, i) + lane(b, i) : lane(a, i) - lane(b, i);
      }
      if (kind === 1) {
        if (!signed && add ? v > m : v >= 0) ge |= (lanes === 2 ? 3 : 1) << (i * (4 / lanes));
      } else if (kind === 2) {
        const lo = signed ? -(m + 1) / 2 : 0, hi = signed ? (m - 1) / 2 : m;
        v = v < lo ? lo : v > hi ? hi : v;
      } else {
        v = Math.floor(v / 2);
      }
      r |= (v & m) << (i * w);
    }
    if (kind === 1) cpu.regs[GE_SLOT] = ge;
    return r | 0;
  };
}

export const PAR_HELPERS: Record<string, Helper> = {};
for (const p of Object.keys(PAR_PREFIX).map(Number)) {
  for (const o of Object.keys(PAR_OPS).map(Number)) {
    const name = PAR_PREFIX[p] + PAR_OPS[o];
    // The plain (GE-setting) forms write the GE global.
    PAR_HELPERS[name] = { ...h(name, 2, parallel(p, o)), writesGlobals: (p & 3) === 1 };
  }
}

/** Per-byte unsigned saturating subtract (strcmp/memchr's zero-byte detection). */
PAR_HELPERS.uqsub8 = h('uqsub8', 2, (_cpu, a, b) => {
  const d0 = (a & 0xff) - (b & 0xff), d1 = ((a >>> 8) & 0xff) - ((b >>> 8) & 0xff);
  const d2 = ((a >>> 16) & 0xff) - ((b >>> 16) & 0xff), d3 = (a >>> 24) - (b >>> 24);
  return (d0 > 0 ? d0 : 0) | ((d1 > 0 ? d1 : 0) << 8) | ((d2 > 0 ? d2 : 0) << 16) | ((d3 > 0 ? d3 : 0) << 24);
});

export const H_USAD8 = h('usad8', 2, (_cpu, a, b) => {
  let s = 0;
  for (let i = 0; i < 32; i += 8) s += Math.abs(((a >>> i) & 0xff) - ((b >>> i) & 0xff));
  return s;
}, true);

export const H_RBIT = h('rbit', 1, (_cpu, x) => {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >>> 16) | (x << 16);
}, true);

const lo16 = (x: number) => (x << 16) >> 16;
const hi16 = (x: number) => x >> 16;
/** SMUAD/SMUSD (x = swap Rm halves, sub = difference): the dual product; SMUAD sets Q on overflow. */
export const H_SMUAD = h('smuad', 3, (cpu, a, b, x) => {
  if (x) b = (b >>> 16) | (b << 16);
  const r = lo16(a) * lo16(b) + hi16(a) * hi16(b);
  if (r !== (r | 0)) setQ(cpu);
  return r | 0;
});
export const H_SMUSD = h('smusd', 3, (_cpu, a, b, x) => {
  if (x) b = (b >>> 16) | (b << 16);
  return (lo16(a) * lo16(b) - hi16(a) * hi16(b)) | 0;
}, true);

/** Sign-/zero-extending byte pairs (SXTB16/UXTB16) after the rotation. */
export const H_SXTB16 = h('sxtb16', 1, (_c, x) => (((x << 24) >> 24) & 0xffff) | (((x << 8) >> 24) << 16), true);
export const H_ADD16 = h('add16', 2, (_c, a, b) => (((a + b) & 0xffff) | (((a >>> 16) + (b >>> 16)) << 16)), true);

export const H_GET_QGE: Helper = { ...h('get_qge', 0, (cpu) => (cpu.regs[Q_SLOT] << 27) | ((cpu.regs[GE_SLOT] & 15) << 16), true), readsGlobals: true };
/** Writes Q (mask bit 1) and/or GE (mask bit 0) from an APSR-format value. */
export const H_SET_QGE: Helper = { ...h('set_qge', 2, (cpu, v, mask) => {
  if (mask & 2) cpu.regs[Q_SLOT] = (v >>> 27) & 1;
  if (mask & 1) cpu.regs[GE_SLOT] = (v >>> 16) & 15;
  return 0;
}), writesGlobals: true };
