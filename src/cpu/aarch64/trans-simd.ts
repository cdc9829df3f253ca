// AdvSIMD (vector and scalar): bitwise ops, immediates, dup/ins/umov and 64-bit
// adds inline as IR on the 64-bit halves; everything else in helpers that work
// on the vector register file lane by lane (simd-lanes.ts, simd-ops.ts).
// Helpers read and write cpu.regs directly, so they are declared
// readsGlobals/writesGlobals (the backend syncs cached registers around them).

import { c32, c64, type Helper, Ty, type Val } from '../../translate/ir';
import * as fpu from '../fpu';
import { bit, bits, type Entry, rd, rm, rn } from './decode';
import { Ctx } from './gen';
import type { Aarch64Cpu } from './cpu';
import { clearHigh, getLane, lanes, setLane, writeLanes } from './simd-lanes';
import { FP1, FP3, INT3, mask, pmul, sat, sx, ux } from './simd-ops';
import { RM_RDN, RM_RMM, RM_RNE, RM_RTZ, RM_RUP } from './fp-ops';
import { VHI, VLO, VREG_SLOT } from './regs';
import { gr, hex } from './dis-util';
import { fpImmText } from './trans-fp';
import { RET } from '../../translate/runtime';
import { bridge, fpThree, fpUnaryLanes, intThree, intUnary, lane32, longMul, readWords, replicatedWords, shiftImm, writeWords } from './simd-ir';

type Cpu = Aarch64Cpu;
const I32 = Ty.I32;
const ZERO = c64(0);

/** Element count: q = 0 (64-bit vector), 1 (128-bit), 2 (scalar: one element). */
const count = (q: number, e: number) => (q === 2 ? 1 : (q ? 128 : 64) / e);

type RegFn = (cpu: Cpu, d: number, n: number, m: number, q: number, size: number, imm: number) => void;
interface VHelper { name: string; fn: RegFn }
const helperCache = new Map<string, VHelper>();
function vhelper(name: string, fn: RegFn): VHelper {
  let h = helperCache.get(name);
  if (!h) { h = { name, fn }; helperCache.set(name, h); }
  return h;
}
/** Runs register-file lane code on Vd/Vn/Vm (m < 0: none) without syncing cached registers (simd-ir.ts). */
function vcall(c: Ctx, h: VHelper, d: number, n: number, m: number, q: number, size: number, imm = 0, table = 0): void {
  bridge(c, h.name, h.fn, d, n, m, q, size, imm, table);
}

// ---- names for disassembly ----
const ARR = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'];
const arr = (size: number, q: number) => ARR[size * 2 + q];
const vreg = (r: number, size: number, q: number) => `v${r}.${arr(size, q)}`;
const SCAL = ['b', 'h', 's', 'd'];
const sreg = (r: number, size: number) => `${SCAL[size]}${r}`;

// ---- three same ----

const T3_U0: (string | undefined)[] = ['shadd', 'sqadd', 'srhadd', undefined, 'shsub', 'sqsub', 'cmgt', 'cmge', 'sshl', 'sqshl', 'srshl', 'sqrshl',
  'smax', 'smin', 'sabd', 'saba', 'add', 'cmtst', 'mla', 'mul', 'smaxp', 'sminp', 'sqdmulh', 'addp'];
const T3_U1: (string | undefined)[] = ['uhadd', 'uqadd', 'urhadd', undefined, 'uhsub', 'uqsub', 'cmhi', 'cmhs', 'ushl', 'uqshl', 'urshl', 'uqrshl',
  'umax', 'umin', 'uabd', 'uaba', 'sub', 'cmeq', 'mls', 'pmul', 'umaxp', 'uminp', 'sqrdmulh', undefined];
// FP: index (U << 3 | a << 2) selects a row; columns are opcode - 0x18
const T3_FP: Record<number, (string | undefined)[]> = {
  0: ['fmaxnm', 'fmla', 'fadd', 'fmulx', 'fcmeq', undefined, 'fmax', 'frecps'],
  4: ['fminnm', 'fmls', 'fsub', undefined, undefined, undefined, 'fmin', 'frsqrts'],
  8: ['fmaxnmp', undefined, 'faddp', 'fmul', 'fcmge', 'facge', 'fmaxp', 'fdiv'],
  12: ['fminnmp', undefined, 'fabd', undefined, 'fcmgt', 'facgt', 'fminp', undefined],
};
const LOGIC3 = [['and', 'bic', 'orr', 'orn'], ['eor', 'bsl', 'bit', 'bif']];
const PAIRWISE = new Set(['addp', 'smaxp', 'sminp', 'umaxp', 'uminp', 'faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp']);

/** Integer pairwise ops on numbers (no BigInt): glibc's string functions run umaxp/uminp/addp in their hot loops. */
const PAIR_INT: Record<string, (a: number, b: number, e: number) => number> = {
  addp: (a, b) => a + b,
  umaxp: (a, b) => (a > b ? a : b),
  uminp: (a, b) => (a < b ? a : b),
  smaxp: (a, b, e) => ((a << (32 - e)) > (b << (32 - e)) ? a : b),
  sminp: (a, b, e) => ((a << (32 - e)) < (b << (32 - e)) ? a : b),
};
const PAIR_TMP = new Uint32Array(16);
function pairInt(name: string, generic: VHelper): VHelper {
  const op = PAIR_INT[name];
  return vhelper(`vpi.${name}`, (cpu, d, n, m, q, size, imm) => {
    if (size === 3 || q === 2) return generic.fn(cpu, d, n, m, q, size, imm);
    const e = 8 << size, k = count(q, e), per = 16 / (e / 8);
    const v = e === 8 ? cpu.u8 : e === 16 ? cpu.u16 : cpu.u32;
    const bn = VREG_SLOT(n) * 4 / (e / 8), bm = VREG_SLOT(m) * 4 / (e / 8), bd = VREG_SLOT(d) * 4 / (e / 8);
    // all = Vn's k lanes then Vm's k lanes; out[i] = op(all[2i], all[2i+1]) (both read before Vd is written).
    for (let i = 0; i < k; i++) {
      const j = 2 * i, src = j < k ? bn + j : bm + j - k;
      PAIR_TMP[i] = op(v[src], v[src + 1], e);
    }
    for (let i = 0; i < per; i++) v[bd + i] = i < k ? PAIR_TMP[i] : 0;
  });
}

function three(name: string, fp: boolean): VHelper {
  if (!fp && name in PAIR_INT) return pairInt(name, threeGeneric(name, fp));
  return threeGeneric(name, fp);
}
function threeGeneric(name: string, fp: boolean): VHelper {
  const op = fp ? FP3[name] : INT3[name];
  return vhelper(`v.${name}`, (cpu, d, n, m, q, size) => {
    const e = 8 << size, k = count(q, e);
    const N = lanes(cpu, n, e, k), M = lanes(cpu, m, e, k), D = lanes(cpu, d, e, k);
    const out: bigint[] = new Array(k);
    if (PAIRWISE.has(name)) {
      const all = N.concat(M);
      for (let i = 0; i < k; i++) out[i] = op(all[2 * i], all[2 * i + 1], e, cpu, 0n);
    } else {
      for (let i = 0; i < k; i++) out[i] = op(N[i], M[i], e, cpu, D[i]);
    }
    writeLanes(cpu, d, e, out);
  });
}

function name3(w: number): { name?: string; fp: boolean; size: number } {
  const u = bit(w, 29), size = bits(w, 23, 22), opc = bits(w, 15, 11);
  if (opc >= 0x18) {
    const row = T3_FP[(u << 3) | ((size >> 1) << 2)];
    return { name: row[opc - 0x18], fp: true, size: 2 + (size & 1) };
  }
  if (opc === 3) return { name: LOGIC3[u][size], fp: false, size: 0 };
  return { name: (u ? T3_U1 : T3_U0)[opc], fp: false, size };
}

/** Bitwise three-same ops inline on the 64-bit halves. */
function logic3(c: Ctx, name: string, d: number, n: number, m: number, q: number): void {
  const b = c.b;
  const half = (D: Val, N: Val, M: Val): Val => {
    switch (name) {
      case 'and': return b.and(c.t64(), N, M);
      case 'bic': return b.and(c.t64(), N, b.un('not', c.t64(), M));
      case 'orr': return n === m ? N : b.or(c.t64(), N, M);
      case 'orn': return b.or(c.t64(), N, b.un('not', c.t64(), M));
      case 'eor': return b.xor(c.t64(), N, M);
      case 'bsl': return b.xor(c.t64(), M, b.and(c.t64(), b.xor(c.t64(), N, M), D));
      case 'bit': return b.xor(c.t64(), D, b.and(c.t64(), b.xor(c.t64(), N, D), M));
      default: return b.xor(c.t64(), D, b.and(c.t64(), b.xor(c.t64(), N, D), b.un('not', c.t64(), M)));
    }
  };
  const lo = half(VLO[d], VLO[n], VLO[m]);
  const hi = q ? half(VHI[d], VHI[n], VHI[m]) : ZERO;
  b.mov(VLO[d], lo);
  b.mov(VHI[d], hi);
}

function trans_three_same(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), { name, fp, size } = name3(w);
  if (!name) return false;
  if (LOGIC3[0].includes(name) || LOGIC3[1].includes(name)) { logic3(c, name, rd(w), rn(w), rm(w), q); return; }
  if (fp ? size === 3 && !q : size === 3 && !q) return false;
  if (!fp && size === 3 && !['add', 'sub', 'cmgt', 'cmge', 'cmhi', 'cmhs', 'cmeq', 'cmtst', 'sshl', 'ushl', 'srshl', 'urshl', 'sqadd', 'uqadd', 'sqsub', 'uqsub', 'sqshl', 'uqshl', 'sqrshl', 'uqrshl', 'addp'].includes(name)) return false;
  if (name === 'pmul' && size !== 0) return false;
  if ((name === 'sqdmulh' || name === 'sqrdmulh') && (size === 0 || size === 3)) return false;
  if (!fp && size === 3 && (name === 'add' || name === 'sub')) { // 2d add/sub inline
    const b = c.b, op = name;
    b.mov(VLO[rd(w)], b.bin(op, c.t64(), VLO[rn(w)], VLO[rm(w)]));
    b.mov(VHI[rd(w)], b.bin(op, c.t64(), VHI[rn(w)], VHI[rm(w)]));
    return;
  }
  if (PAIRWISE.has(name)) { vcall(c, three(name, fp), rd(w), rn(w), rm(w), q, size); return; }
  if (fp) fpThree(c, name, rd(w), rn(w), rm(w), q, 8 << size);
  else intThree(c, name, rd(w), rn(w), rm(w), q, 8 << size);
}
function dis_three_same(w: number): string {
  const q = bit(w, 30), { name, fp, size } = name3(w);
  if (!name) return '.inst';
  if (name === 'orr' && rn(w) === rm(w)) return `mov\t${vreg(rd(w), 0, q)}, ${vreg(rn(w), 0, q)}`;
  const sz = LOGIC3[0].includes(name) || LOGIC3[1].includes(name) ? 0 : size;
  void fp;
  return `${name}\t${vreg(rd(w), sz, q)}, ${vreg(rn(w), sz, q)}, ${vreg(rm(w), sz, q)}`;
}

function trans_scalar_three(c: Ctx, w: number): boolean | void {
  const { name, fp, size } = name3(w);
  if (!name || PAIRWISE.has(name) || LOGIC3[0].includes(name) || LOGIC3[1].includes(name)) return false;
  if (!fp && (name === 'add' || name === 'sub' || name.startsWith('cm') || name === 'sshl' || name === 'ushl' || name === 'srshl' || name === 'urshl') && size !== 3) return false;
  if ((name === 'sqdmulh' || name === 'sqrdmulh') && (size === 0 || size === 3)) return false;
  if (['mla', 'mls', 'mul', 'pmul', 'smax', 'smin', 'umax', 'umin', 'sabd', 'uabd', 'saba', 'uaba', 'shadd', 'uhadd', 'srhadd', 'urhadd', 'shsub', 'uhsub', 'fmla', 'fmls', 'fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm'].includes(name)) return false;
  if (fp) fpThree(c, name, rd(w), rn(w), rm(w), 2, 8 << size);
  else intThree(c, name, rd(w), rn(w), rm(w), 2, 8 << size);
}
function dis_scalar_three(w: number): string {
  const { name, size } = name3(w);
  return name ? `${name}\t${sreg(rd(w), size)}, ${sreg(rn(w), size)}, ${sreg(rm(w), size)}` : '.inst';
}

// ---- two-register miscellaneous ----

type Misc = { name: string; kind: 'int' | 'fp' | 'narrow' | 'widenp' | 'shll' | 'fcvtn' | 'fcvtl' };
function misc(w: number): Misc | undefined {
  const u = bit(w, 29), size = bits(w, 23, 22), opc = bits(w, 16, 12), a = size >> 1;
  const I = (name: string): Misc => ({ name, kind: 'int' });
  const F = (name: string): Misc => ({ name, kind: 'fp' });
  if (!u) {
    switch (opc) {
      case 0: return I('rev64'); case 1: return I('rev16'); case 2: return { name: 'saddlp', kind: 'widenp' };
      case 4: return I('cls'); case 5: return I('cnt'); case 6: return { name: 'sadalp', kind: 'widenp' };
      case 7: return I('sqabs'); case 8: return I('cmgt0'); case 9: return I('cmeq0'); case 10: return I('cmlt0'); case 11: return I('abs');
      case 18: return { name: 'xtn', kind: 'narrow' }; case 20: return { name: 'sqxtn', kind: 'narrow' };
      case 22: return a ? undefined : { name: 'fcvtn', kind: 'fcvtn' }; case 23: return a ? undefined : { name: 'fcvtl', kind: 'fcvtl' };
      case 24: return F(a ? 'frintp' : 'frintn'); case 25: return F(a ? 'frintz' : 'frintm');
      case 26: return F(a ? 'fcvtps' : 'fcvtns'); case 27: return F(a ? 'fcvtzs' : 'fcvtms');
      case 28: return a ? undefined : F('fcvtas'); case 29: return a ? undefined : F('scvtf');
      case 12: return a ? F('fcmgt0') : undefined; case 13: return a ? F('fcmeq0') : undefined;
      case 14: return a ? F('fcmlt0') : undefined; case 15: return a ? F('fabs') : undefined;
    }
    return undefined;
  }
  switch (opc) {
    case 0: return I('rev32'); case 2: return { name: 'uaddlp', kind: 'widenp' }; case 4: return I('clz');
    case 5: return size === 0 ? I('not') : size === 1 ? I('rbit') : undefined;
    case 6: return { name: 'uadalp', kind: 'widenp' }; case 7: return I('sqneg');
    case 8: return I('cmge0'); case 9: return I('cmle0'); case 11: return I('neg');
    case 18: return { name: 'sqxtun', kind: 'narrow' }; case 19: return { name: 'shll', kind: 'shll' };
    case 20: return { name: 'uqxtn', kind: 'narrow' };
    case 24: return a ? undefined : F('frinta'); case 25: return F(a ? 'frinti' : 'frintx');
    case 26: return F(a ? 'fcvtpu' : 'fcvtnu'); case 27: return F(a ? 'fcvtzu' : 'fcvtmu');
    case 28: return a ? undefined : F('fcvtau'); case 29: return a ? undefined : F('ucvtf');
    case 12: return a ? F('fcmge0') : undefined; case 13: return a ? F('fcmle0') : undefined;
    case 15: return a ? F('fneg') : undefined; case 31: return a ? F('fsqrt') : undefined;
  }
  return undefined;
}

function clsN(v: bigint, e: number): bigint {
  const s = (v >> BigInt(e - 1)) & 1n; let k = 0;
  for (let i = e - 2; i >= 0 && ((v >> BigInt(i)) & 1n) === s; i--) k++;
  return BigInt(k);
}
function clzN(v: bigint, e: number): bigint { let k = 0; for (let i = e - 1; i >= 0 && !((v >> BigInt(i)) & 1n); i--) k++; return BigInt(k); }
function popc(v: bigint): bigint { let k = 0n; while (v) { k += v & 1n; v >>= 1n; } return k; }
function rbitN(v: bigint, e: number): bigint { let r = 0n; for (let i = 0; i < e; i++) if ((v >> BigInt(i)) & 1n) r |= 1n << BigInt(e - 1 - i); return r; }

const INT1: Record<string, (a: bigint, e: number, cpu: Cpu) => bigint> = {
  cls: (a, e) => clsN(a, e), clz: (a, e) => clzN(a, e), cnt: (a) => popc(a), not: (a, e) => ux(~a, e), rbit: (a, e) => rbitN(a, e),
  abs: (a, e) => { const x = sx(a, e); return ux(x < 0n ? -x : x, e); },
  neg: (a, e) => ux(-a, e),
  sqabs: (a, e, cpu) => { const x = sx(a, e); return sat(cpu, x < 0n ? -x : x, e, true); },
  sqneg: (a, e, cpu) => sat(cpu, -sx(a, e), e, true),
  cmgt0: (a, e) => (sx(a, e) > 0n ? mask(e) : 0n), cmeq0: (a, e) => (a === 0n ? mask(e) : 0n),
  cmlt0: (a, e) => (sx(a, e) < 0n ? mask(e) : 0n), cmge0: (a, e) => (sx(a, e) >= 0n ? mask(e) : 0n),
  cmle0: (a, e) => (sx(a, e) <= 0n ? mask(e) : 0n),
};

const FRINT_IMM: Record<string, number> = { frintn: RM_RNE, frintp: RM_RUP, frintm: RM_RDN, frintz: RM_RTZ, frinta: RM_RMM, frintx: 0xff | 0x100, frinti: 0xff };
const FCVT_RM: Record<string, number> = { n: RM_RNE, p: RM_RUP, m: RM_RDN, z: RM_RTZ, a: RM_RMM };

/** A unary FP lane op by instruction name, with its immediate. */
function fpUnary(name: string): [keyof typeof FP1, number] {
  if (name in FRINT_IMM) return ['frint', FRINT_IMM[name]];
  if (name.startsWith('fcvt')) return ['fcvti', FCVT_RM[name[4]] | (name[5] === 's' ? 0x100 : 0)];
  if (name === 'scvtf' || name === 'ucvtf') return ['cvtf', name === 'scvtf' ? 1 : 0];
  if (name.startsWith('fcm')) return [name.replace('0', 'z') as keyof typeof FP1, 0];
  return [name as keyof typeof FP1, 0];
}

function miscHelper(m: Misc): VHelper {
  return vhelper(`v.${m.name}`, (cpu, d, n, _m, q, size, imm) => {
    const e = 8 << size;
    switch (m.kind) {
      case 'int': {
        const k = count(q, e);
        const N = lanes(cpu, n, e, k);
        if (m.name.startsWith('rev')) {
          const cont = m.name === 'rev64' ? 64 : m.name === 'rev32' ? 32 : 16;
          const per = cont / e, out: bigint[] = new Array(k);
          for (let i = 0; i < k; i++) out[i] = N[(i - (i % per)) + (per - 1 - (i % per))];
          writeLanes(cpu, d, e, out);
          return;
        }
        writeLanes(cpu, d, e, N.map((a) => INT1[m.name](a, e, cpu)));
        return;
      }
      case 'fp': {
        const k = count(q, e);
        const [op, base] = fpUnary(m.name);
        writeLanes(cpu, d, e, lanes(cpu, n, e, k).map((a) => FP1[op](a, e, cpu, base | imm)));
        return;
      }
      case 'narrow': { // source lanes 2e → e; q selects the upper half (…2 forms)
        const k = q === 2 ? 1 : 64 / e;
        const N = lanes(cpu, n, 2 * e, k);
        const out = N.map((a) => {
          switch (m.name) {
            case 'xtn': return ux(a, e);
            case 'sqxtn': return sat(cpu, sx(a, 2 * e), e, true);
            case 'uqxtn': return sat(cpu, a, e, false);
            default: return sat(cpu, sx(a, 2 * e), e, false); // sqxtun
          }
        });
        if (q === 1) { for (let i = 0; i < k; i++) setLane(cpu, d, e, k + i, out[i]); return; }
        writeLanes(cpu, d, e, out);
        return;
      }
      case 'widenp': { // pairwise add of e lanes into 2e lanes (accumulating for *adalp)
        const k = count(q, 2 * e);
        const signed = m.name[0] === 's';
        const N = lanes(cpu, n, e, 2 * k, signed), D = lanes(cpu, d, 2 * e, k);
        const acc = m.name.endsWith('adalp');
        writeLanes(cpu, d, 2 * e, D.map((x, i) => ux((acc ? x : 0n) + N[2 * i] + N[2 * i + 1], 2 * e)));
        return;
      }
      case 'shll': {
        const k = 64 / e, base = q ? k : 0;
        const out: bigint[] = [];
        for (let i = 0; i < k; i++) out.push(ux(getLane(cpu, n, e, base + i) << BigInt(e), 2 * e));
        writeLanes(cpu, d, 2 * e, out);
        return;
      }
      case 'fcvtn': { // 2e-bit floats → e-bit floats (size: 0 = f16←f32, 1 = f32←f64)
        const src = lanes(cpu, n, 2 * e, 64 / e);
        const out = src.map((a) => (e === 16 ? BigInt(fpu.f32to16(Number(a) | 0, cpu.fp, cpu.ahp))
          : BigInt(fpu.f64to32(Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0, cpu.fp) >>> 0)));
        if (q) { for (let i = 0; i < out.length; i++) setLane(cpu, d, e, out.length + i, out[i]); return; }
        writeLanes(cpu, d, e, out);
        return;
      }
      case 'fcvtl': {
        const k = 64 / e, base = q ? k : 0;
        const out: bigint[] = [];
        for (let i = 0; i < k; i++) {
          const a = getLane(cpu, n, e, base + i);
          if (e === 16) out.push(BigInt(fpu.f16to32(Number(a), cpu.fp, cpu.ahp) >>> 0));
          else { const lo = fpu.f32to64(Number(a) | 0, cpu.fp); out.push((BigInt(RET[0] >>> 0) << 32n) | BigInt(lo >>> 0)); }
        }
        writeLanes(cpu, d, 2 * e, out);
      }
    }
  });
}

function trans_two_misc(c: Ctx, w: number, scalar: boolean): boolean | void {
  const q = scalar ? 2 : bit(w, 30);
  let size = bits(w, 23, 22);
  const m = misc(w);
  if (!m) return false;
  if (m.kind === 'fp') {
    size = 2 + (size & 1);
    if (size === 3 && q === 0) return false;
    // AdvSIMD scalar has only the conversions and compares; FABS/FNEG/FSQRT/FRINT* scalars are FP data-processing.
    if (scalar && /^(fabs|fneg|fsqrt|frint)/.test(m.name)) return false;
  } else if (m.kind === 'fcvtn' || m.kind === 'fcvtl') {
    if (scalar) return false; // (the scalar FCVTXN is not implemented)
    size = 1 + (size & 1);
  } else if (m.kind === 'narrow' || m.kind === 'widenp' || m.kind === 'shll') {
    if (size === 3) return false;
    if (scalar && m.kind !== 'narrow') return false;
    if (scalar && m.name === 'xtn') return false; // only the saturating narrows have scalar forms
  } else {
    if (m.name === 'cnt' && size !== 0) return false;
    if ((m.name === 'cls' || m.name === 'clz') && size === 3) return false;
    if (m.name === 'rbit') size = 0; // RBIT's size field is part of the opcode: it always reverses bytes
    if (m.name.startsWith('rev') && size >= (m.name === 'rev64' ? 3 : m.name === 'rev32' ? 2 : 1)) return false;
    if (size === 3 && !q) return false;
    if (scalar && !['abs', 'neg', 'sqabs', 'sqneg', 'cmgt0', 'cmeq0', 'cmlt0', 'cmge0', 'cmle0'].includes(m.name)) return false;
    if (scalar && size !== 3 && !m.name.startsWith('sq')) return false;
  }
  if (m.name === 'not') { // inline
    const b = c.b;
    b.mov(VLO[rd(w)], b.un('not', c.t64(), VLO[rn(w)]));
    b.mov(VHI[rd(w)], q ? b.un('not', c.t64(), VHI[rn(w)]) : ZERO);
    return;
  }
  if (m.kind === 'int' && !m.name.startsWith('rev')) { intUnary(c, m.name, INT1[m.name], rd(w), rn(w), q, 8 << size); return; }
  if (m.kind === 'fp') { const [op, base] = fpUnary(m.name); fpUnaryLanes(c, op, base, rd(w), rn(w), q, 8 << size); return; }
  vcall(c, miscHelper(m), rd(w), rn(w), -1, q, m.kind === 'fcvtn' || m.kind === 'fcvtl' ? size === 1 ? 1 : 2 : size);
  void size;
}
function dis_two_misc(w: number, scalar: boolean): string {
  const q = bit(w, 30), size = bits(w, 23, 22), m = misc(w);
  if (!m) return '.inst';
  const name = m.name.replace(/0$/, '');
  const zero = m.name.endsWith('0') ? (m.kind === 'fp' ? ', #0.0' : ', #0') : '';
  if (m.name === 'not') return `mvn\t${vreg(rd(w), 0, q)}, ${vreg(rn(w), 0, q)}`;
  if (scalar) { const s = m.kind === 'fp' ? 2 + (size & 1) : size; return `${name}\t${sreg(rd(w), s)}, ${sreg(rn(w), s)}${zero}`; }
  if (m.kind === 'fp') return `${name}\t${vreg(rd(w), 2 + (size & 1), q)}, ${vreg(rn(w), 2 + (size & 1), q)}${zero}`;
  if (m.kind === 'narrow') return `${name}${q ? '2' : ''}\t${vreg(rd(w), size, q)}, ${vreg(rn(w), size + 1, 1)}`;
  if (m.kind === 'widenp') return `${name}\t${vreg(rd(w), size + 1, q)}, ${vreg(rn(w), size, q)}`;
  if (m.kind === 'shll') return `shll${q ? '2' : ''}\t${vreg(rd(w), size + 1, 1)}, ${vreg(rn(w), size, q)}, #${8 << size}`;
  if (m.kind === 'fcvtn') return `fcvtn${q ? '2' : ''}\t${vreg(rd(w), 1 + (size & 1), q)}, ${vreg(rn(w), 2 + (size & 1), 1)}`;
  if (m.kind === 'fcvtl') return `fcvtl${q ? '2' : ''}\t${vreg(rd(w), 2 + (size & 1), 1)}, ${vreg(rn(w), 1 + (size & 1), q)}`;
  return `${name}\t${vreg(rd(w), size, q)}, ${vreg(rn(w), size, q)}${zero}`;
}

// ---- across lanes ----

const ACROSS: Record<string, string> = { '0,3': 'saddlv', '0,10': 'smaxv', '0,26': 'sminv', '0,27': 'addv', '1,3': 'uaddlv', '1,10': 'umaxv', '1,26': 'uminv' };
function acrossName(w: number): string | undefined {
  const u = bit(w, 29), opc = bits(w, 16, 12), size = bits(w, 23, 22);
  if (u && (opc === 12 || opc === 15)) return (opc === 12 ? (size >> 1 ? 'fminnmv' : 'fmaxnmv') : (size >> 1 ? 'fminv' : 'fmaxv'));
  return ACROSS[`${u},${opc}`];
}
function reduce(vals: bigint[], f: (a: bigint, b: bigint) => bigint): bigint {
  if (vals.length === 1) return vals[0];
  const h = vals.length / 2;
  return f(reduce(vals.slice(0, h), f), reduce(vals.slice(h), f));
}
function trans_across(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), name = acrossName(w);
  let size = bits(w, 23, 22);
  if (!name) return false;
  const fp = name.startsWith('f');
  if (fp) { if (!q || (size & 1)) return false; size = 2; } else if (size === 3 || (size === 2 && !q)) return false;
  vcall(c, vhelper(`v.${name}`, (cpu, d, n, _m, q2, sz) => {
    const e = 8 << sz, k = count(q2, e);
    const signed = name[0] === 's';
    const N = lanes(cpu, n, e, k, signed);
    let r: bigint, re = e;
    switch (name) {
      case 'addv': r = ux(N.reduce((x, y) => x + y, 0n), e); break;
      case 'saddlv': case 'uaddlv': re = 2 * e; r = ux(N.reduce((x, y) => x + y, 0n), re); break;
      case 'smaxv': case 'umaxv': r = ux(N.reduce((x, y) => (y > x ? y : x)), e); break;
      case 'sminv': case 'uminv': r = ux(N.reduce((x, y) => (y < x ? y : x)), e); break;
      default: {
        const op = FP3[name.replace('v', '').replace('nm', 'nm')] ?? FP3[name.slice(0, -1)];
        r = reduce(N, (x, y) => op(x, y, 32, cpu, 0n));
      }
    }
    writeLanes(cpu, d, re, [r]);
  }), rd(w), rn(w), -1, q, size);
}
function dis_across(w: number): string {
  const q = bit(w, 30), size = bits(w, 23, 22), name = acrossName(w);
  if (!name) return '.inst';
  if (name.startsWith('f')) return `${name}\ts${rd(w)}, ${vreg(rn(w), 2, q)}`;
  return `${name}\t${sreg(rd(w), name.endsWith('lv') ? size + 1 : size)}, ${vreg(rn(w), size, q)}`;
}

// ---- scalar pairwise (addp d, faddp/fmaxp… on two lanes) ----

function trans_scalar_pair(c: Ctx, w: number): boolean | void {
  const u = bit(w, 29), size = bits(w, 23, 22), opc = bits(w, 16, 12);
  let name: string | undefined, e: number;
  if (!u && opc === 27 && size === 3) { name = 'addp'; e = 64; }
  else if (u) {
    name = { 12: (size >> 1) ? 'fminnmp' : 'fmaxnmp', 13: 'faddp', 15: (size >> 1) ? 'fminp' : 'fmaxp' }[opc];
    e = size & 1 ? 64 : 32;
    if (opc === 13 && (size >> 1)) name = undefined;
  } else e = 0;
  if (!name) return false;
  const fp = name.startsWith('f');
  vcall(c, vhelper(`vp.${name}`, (cpu, d, n, _m, _q, sz) => {
    const ee = 8 << sz;
    const a = getLane(cpu, n, ee, 0), b2 = getLane(cpu, n, ee, 1);
    writeLanes(cpu, d, ee, [(fp ? FP3[name!] : INT3[name!])(a, b2, ee, cpu, 0n)]);
  }), rd(w), rn(w), -1, 2, e === 64 ? 3 : 2);
}
function dis_scalar_pair(w: number): string {
  const u = bit(w, 29), size = bits(w, 23, 22), opc = bits(w, 16, 12);
  if (!u) return `addp\td${rd(w)}, v${rn(w)}.2d`;
  const name = { 12: (size >> 1) ? 'fminnmp' : 'fmaxnmp', 13: 'faddp', 15: (size >> 1) ? 'fminp' : 'fmaxp' }[opc] ?? '.inst';
  return size & 1 ? `${name}\td${rd(w)}, v${rn(w)}.2d` : `${name}\ts${rd(w)}, v${rn(w)}.2s`;
}

// ---- three different (widening / narrowing) ----

const DIFF: (string | undefined)[][] = [
  ['saddl', 'saddw', 'ssubl', 'ssubw', 'addhn', 'sabal', 'subhn', 'sabdl', 'smlal', 'sqdmlal', 'smlsl', 'sqdmlsl', 'smull', 'sqdmull', 'pmull', undefined],
  ['uaddl', 'uaddw', 'usubl', 'usubw', 'raddhn', 'uabal', 'rsubhn', 'uabdl', 'umlal', undefined, 'umlsl', undefined, 'umull', undefined, undefined, undefined],
];
const LONG_MUL = new Set(['smull', 'umull', 'smlal', 'umlal', 'smlsl', 'umlsl']);
/** The lane code of the three-different group, by name. */
function diffHelper(name: string): VHelper {
  return vhelper(`vd.${name}`, (cpu, d, n, m, q2, sz) => diffLanes(name, cpu, d, n, m, q2, sz));
}
function trans_three_diff(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), size = bits(w, 23, 22), name = DIFF[bit(w, 29)][bits(w, 15, 12)];
  if (!name || size === 3 || (name === 'pmull' && size !== 0) || (name.startsWith('sqd') && size === 0)) return false;
  if (size && LONG_MUL.has(name)) { longMul(c, name, rd(w), rn(w), readWords(c, rm(w), 4), q, 8 << size); return; }
  vcall(c, diffHelper(name), rd(w), rn(w), rm(w), q, size);
}
function diffLanes(name: string, cpu: Cpu, d: number, n: number, m: number, q2: number, sz: number): void {
  {
    const e = 8 << sz, k = 64 / e, base = q2 ? k : 0, E = 2 * e;
    const signed = name[0] === 's' || name === 'addhn' || name === 'subhn';
    const out: bigint[] = [];
    if (name.endsWith('hn')) {
      for (let i = 0; i < k; i++) {
        const a = getLane(cpu, n, E, i), b2 = getLane(cpu, m, E, i);
        let r = name.includes('add') ? a + b2 : a - b2;
        if (name[0] === 'r') r += 1n << BigInt(e - 1);
        out.push(ux(r >> BigInt(e), e));
      }
      if (q2) { for (let i = 0; i < k; i++) setLane(cpu, d, e, k + i, out[i]); return; }
      writeLanes(cpu, d, e, out);
      return;
    }
    const sgn = name[0] === 's' && name !== 'subhn';
    for (let i = 0; i < k; i++) {
      const wide = name.endsWith('w');
      const a = wide ? (sgn ? sx(getLane(cpu, n, E, i), E) : getLane(cpu, n, E, i)) : getLane(cpu, n, e, base + i, sgn);
      const b2 = getLane(cpu, m, e, base + i, sgn);
      const acc = getLane(cpu, d, E, i, sgn);
      let r: bigint;
      switch (name.slice(1)) {
        case 'addl': case 'addw': r = a + b2; break;
        case 'subl': case 'subw': r = a - b2; break;
        case 'abal': r = acc + (a > b2 ? a - b2 : b2 - a); break;
        case 'abdl': r = a > b2 ? a - b2 : b2 - a; break;
        case 'mlal': r = acc + a * b2; break;
        case 'mlsl': r = acc - a * b2; break;
        case 'mull': r = name === 'pmull' ? pmul(a, b2, e) : a * b2; break;
        case 'qdmull': r = sat(cpu, 2n * a * b2, E, true); break;
        case 'qdmlal': r = sat(cpu, acc + sx(sat(cpu, 2n * a * b2, E, true), E), E, true); break;
        default: r = sat(cpu, acc - sx(sat(cpu, 2n * a * b2, E, true), E), E, true); // sqdmlsl
      }
      out.push(ux(r, E));
    }
    void signed;
    writeLanes(cpu, d, E, out);
  }
}
function dis_three_diff(w: number): string {
  const q = bit(w, 30), size = bits(w, 23, 22), name = DIFF[bit(w, 29)][bits(w, 15, 12)];
  if (!name) return '.inst';
  const n2 = `${name}${q ? '2' : ''}`;
  if (name.endsWith('hn')) return `${n2}\t${vreg(rd(w), size, q)}, ${vreg(rn(w), size + 1, 1)}, ${vreg(rm(w), size + 1, 1)}`;
  if (name.endsWith('w')) return `${n2}\t${vreg(rd(w), size + 1, 1)}, ${vreg(rn(w), size + 1, 1)}, ${vreg(rm(w), size, q)}`;
  return `${n2}\t${vreg(rd(w), size + 1, 1)}, ${vreg(rn(w), size, q)}, ${vreg(rm(w), size, q)}`;
}

// ---- by element (vector and scalar x indexed element) ----

const ELEM: Record<number, string>[] = [
  { 1: 'fmla', 2: 'smlal', 3: 'sqdmlal', 5: 'fmls', 6: 'smlsl', 7: 'sqdmlsl', 8: 'mul', 9: 'fmul', 10: 'smull', 11: 'sqdmull', 12: 'sqdmulh', 13: 'sqrdmulh' },
  { 0: 'mla', 2: 'umlal', 4: 'mls', 6: 'umlsl', 9: 'fmulx', 10: 'umull' },
];
const ELEM_SCALAR = new Set(['fmla', 'fmls', 'fmul', 'fmulx', 'sqdmlal', 'sqdmlsl', 'sqdmull', 'sqdmulh', 'sqrdmulh']);
const LONG_ELEM = new Set(['smlal', 'umlal', 'smlsl', 'umlsl', 'smull', 'umull', 'sqdmlal', 'sqdmlsl', 'sqdmull']);
const isLong = (name: string) => LONG_ELEM.has(name);

function elemInfo(w: number, scalar: boolean) {
  const size = bits(w, 23, 22), L = bit(w, 21), M = bit(w, 20), rmv = bits(w, 19, 16), H = bit(w, 11);
  const name = ELEM[bit(w, 29)][bits(w, 15, 12)];
  if (!name || (scalar && !ELEM_SCALAR.has(name))) return undefined;
  const fp = name[0] === 'f';
  if (fp) {
    if (size < 2) return undefined; // half precision (FEAT_FP16) not implemented
    if (size === 3) return L ? undefined : { name, fp, size, e: 64, idx: H, m: (M << 4) | rmv };
    return { name, fp, size, e: 32, idx: (H << 1) | L, m: (M << 4) | rmv };
  }
  if (size === 1) return { name, fp, size, e: 16, idx: (H << 2) | (L << 1) | M, m: rmv };
  if (size === 2) return { name, fp, size, e: 32, idx: (H << 1) | L, m: (M << 4) | rmv };
  return undefined;
}

/** Scalar saturating doubling long ops (sqdmull/sqdmlal/sqdmlsl) on lane 0. */
function scalarLong(name: string): VHelper {
  return vhelper(`ve.${name}`, (cpu, d, n, m, _q, sz) => {
    const e = 8 << sz, E = 2 * e;
    const a = getLane(cpu, n, e, 0, true), b2 = getLane(cpu, m, e, 0, true), acc = getLane(cpu, d, E, 0, true);
    const p = sx(sat(cpu, 2n * a * b2, E, true), E);
    const r = name === 'sqdmull' ? p : sat(cpu, name === 'sqdmlal' ? acc + p : acc - p, E, true);
    writeLanes(cpu, d, E, [ux(r, E)]);
  });
}

function trans_elem(c: Ctx, w: number, scalar: boolean): boolean | void {
  const info = elemInfo(w, scalar);
  if (!info) return false;
  const { name, fp, size, e, idx, m } = info;
  const q = scalar ? 2 : bit(w, 30), d = rd(w), n = rn(w), b = c.b;
  if (fp && !scalar && e === 64 && !q) return false;
  const R = replicatedWords(c, m, e, idx);
  if (fp) { fpThree(c, name, d, n, -1, q, e, R); return; }
  if (!isLong(name)) { intThree(c, name, d, n, -1, q, e, R); return; }
  if (!scalar && LONG_MUL.has(name)) { longMul(c, name, d, n, R, q, e); return; }
  const halves: [Val, Val] = [b.concat(c.t64(), R[0], R[1]), b.concat(c.t64(), R[2], R[3])];
  const h = scalar ? scalarLong(name) : diffHelper(name);
  bridge(c, h.name, h.fn, d, n, halves, q, size);
}
function dis_elem(w: number, scalar: boolean): string {
  const info = elemInfo(w, scalar);
  if (!info) return '.inst';
  const { name, size, idx, m } = info, q = bit(w, 30);
  const el = `v${m}.${SCAL[size]}[${idx}]`;
  if (scalar) {
    const ds = isLong(name) ? size + 1 : size;
    return `${name}\t${sreg(rd(w), ds)}, ${sreg(rn(w), size)}, ${el}`;
  }
  if (isLong(name)) return `${name}${q ? '2' : ''}\t${vreg(rd(w), size + 1, 1)}, ${vreg(rn(w), size, q)}, ${el}`;
  return `${name}\t${vreg(rd(w), size, q)}, ${vreg(rn(w), size, q)}, ${el}`;
}

// ---- shift by immediate ----

const SHIFT_NAMES: Record<string, string> = {
  '0,0': 'sshr', '1,0': 'ushr', '0,2': 'ssra', '1,2': 'usra', '0,4': 'srshr', '1,4': 'urshr', '0,6': 'srsra', '1,6': 'ursra',
  '1,8': 'sri', '0,10': 'shl', '1,10': 'sli', '1,12': 'sqshlu', '0,14': 'sqshl', '1,14': 'uqshl',
  '0,16': 'shrn', '1,16': 'sqshrun', '0,17': 'rshrn', '1,17': 'sqrshrun', '0,18': 'sqshrn', '1,18': 'uqshrn',
  '0,19': 'sqrshrn', '1,19': 'uqrshrn', '0,20': 'sshll', '1,20': 'ushll', '0,28': 'scvtf', '1,28': 'ucvtf', '0,31': 'fcvtzs', '1,31': 'fcvtzu',
};
function shiftInfo(w: number) {
  const immh = bits(w, 22, 19), immb = bits(w, 18, 16);
  const sz = 31 - Math.clz32(immh); // 0..3
  const e = 8 << sz, v = (immh << 3) | immb;
  return { sz, e, right: 2 * e - v, left: v - e, name: SHIFT_NAMES[`${bit(w, 29)},${bits(w, 15, 11)}`] };
}
function trans_shift_imm(c: Ctx, w: number, scalar: boolean): boolean | void {
  const q = scalar ? 2 : bit(w, 30);
  const { sz, e, right, left, name } = shiftInfo(w);
  if (!name || bits(w, 22, 19) === 0) return false;
  const narrow = /hrn|hrun/.test(name), widen = name.endsWith('ll'), fp = /cvt/.test(name);
  if ((narrow || widen) && sz === 3) return false;
  if (!scalar && !narrow && !widen && sz === 3 && !q) return false;
  if (fp && sz < 2) return false;
  if (scalar && widen) return false;
  if (scalar && (name === 'shrn' || name === 'rshrn')) return false; // only the saturating narrows have scalar forms
  if (scalar && !narrow && !fp && sz !== 3 && !name.startsWith('sq') && !name.startsWith('uq')) return false;
  const sh = narrow ? right / 2 + 0 : name.match(/^(shl|sli|sqshl|uqshl|sqshlu|sshll|ushll)$/) ? left : right;
  if (!narrow && !widen && !fp) {
    shiftImm(c, name, rd(w), rn(w), q, e, sh, (a, dd, ee, amt, cpu) => shiftLane(name, a, dd, ee, amt, cpu));
    return;
  }
  vcall(c, vhelper(`vs.${name}`, (cpu, d, n, _m, q2, s2, amt) => {
    const ee = 8 << s2;
    const signed = name[0] === 's' && name !== 'sri' && name !== 'sli' && name !== 'shl' && name !== 'shrn' && name !== 'sqshlu' && !name.startsWith('sqshrun') && !name.startsWith('sqrshrun');
    if ((name === 'shrn' || name === 'rshrn') && ee <= 32 && q2 !== 2) {
      // Numbers instead of BigInt lanes (glibc's memchr/strlen build their syndromes with shrn).
      const de = ee / 2, k = 64 / de, sv = ee === 16 ? cpu.u16 : cpu.u32, dv = de === 8 ? cpu.u8 : cpu.u16;
      const bs = VREG_SLOT(n) * 4 / (ee / 8), bd = VREG_SLOT(d) * 4 / (de / 8);
      const rnd = name === 'rshrn' ? 2 ** (amt - 1) : 0, div = 2 ** amt;
      for (let i = 0; i < k; i++) PAIR_TMP[i] = Math.floor((sv[bs + i] + rnd) / div);
      if (q2 === 1) { for (let i = 0; i < k; i++) dv[bd + k + i] = PAIR_TMP[i]; return; }
      for (let i = 0; i < k; i++) dv[bd + i] = PAIR_TMP[i];
      clearHigh(cpu, d, 8);
      return;
    }
    if (narrow) { // source lanes 2*ee' where the element size encodes the *destination*
      const de = ee / 2, k = q2 === 2 ? 1 : 64 / de;
      const src = lanes(cpu, n, ee, k, name[0] === 's' && name !== 'shrn');
      const rnd = name.includes('rshr') || name.includes('rshrun') ? (1n << BigInt(amt - 1)) : 0n;
      const out = src.map((a) => {
        const r = (a + rnd) >> BigInt(amt);
        if (name === 'shrn' || name === 'rshrn') return ux(r, de);
        if (name.endsWith('un')) return sat(cpu, r, de, false);
        return sat(cpu, r, de, name[0] === 's');
      });
      if (q2 === 1) { for (let i = 0; i < k; i++) setLane(cpu, d, de, k + i, out[i]); return; }
      writeLanes(cpu, d, de, out);
      return;
    }
    if (widen) {
      const k = 64 / ee, base = q2 ? k : 0, out: bigint[] = [];
      for (let i = 0; i < k; i++) out.push(ux(getLane(cpu, n, ee, base + i, name[0] === 's') << BigInt(amt), 2 * ee));
      writeLanes(cpu, d, 2 * ee, out);
      return;
    }
    const k = count(q2, ee);
    const N = lanes(cpu, n, ee, k), D = lanes(cpu, d, ee, k);
    writeLanes(cpu, d, ee, N.map((a, i) => shiftLane(name, a, D[i], ee, amt, cpu)));
  }), rd(w), rn(w), -1, q, narrow ? sz + 1 : sz, narrow ? e - (((bits(w, 22, 19) << 3) | bits(w, 18, 16)) - e) : sh);
}
const SIGNED_SHIFTS = new Set(['sshr', 'ssra', 'srshr', 'srsra', 'sqshl', 'scvtf', 'fcvtzs']);
/** One lane of an element-wise shift by immediate (a, d unsigned e-bit lanes). */
function shiftLane(name: string, a0: bigint, d: bigint, ee: number, amt: number, cpu: Cpu): bigint {
  const a = SIGNED_SHIFTS.has(name) ? sx(a0, ee) : a0;
  const big = BigInt(amt);
  switch (name) {
    case 'sshr': case 'ushr': return ux(a >> big, ee);
    case 'ssra': case 'usra': return ux(d + (a >> big), ee);
    case 'srshr': case 'urshr': return ux((a + (1n << (big - 1n))) >> big, ee);
    case 'srsra': case 'ursra': return ux(d + ((a + (1n << (big - 1n))) >> big), ee);
    case 'shl': return ux(a << big, ee);
    case 'sli': return ux((a << big) | (d & mask(amt)), ee);
    case 'sri': return amt === ee ? d : ux((a >> big) | (d & ~(mask(ee) >> big)), ee);
    case 'sqshl': return sat(cpu, a << big, ee, true);
    case 'uqshl': return sat(cpu, a << big, ee, false);
    case 'sqshlu': return sat(cpu, sx(a, ee) << big, ee, false);
    case 'scvtf': case 'ucvtf': return FP1.cvtf(a0, ee, cpu, (name === 'scvtf' ? 1 : 0) | (amt << 16));
    default: return FP1.fcvti(a0, ee, cpu, RM_RTZ | (name === 'fcvtzs' ? 0x100 : 0) | (amt << 16)); // fcvtz[su]
  }
}

function dis_shift_imm(w: number, scalar: boolean): string {
  const q = bit(w, 30);
  const { sz, e, right, left, name } = shiftInfo(w);
  if (!name) return '.inst';
  const isLeft = /^(shl|sli|sqshl|uqshl|sqshlu|sshll|ushll)$/.test(name);
  const amt = isLeft ? left : right;
  if (scalar) return `${name}\t${sreg(rd(w), /hrn|hrun/.test(name) ? sz : sz)}, ${sreg(rn(w), /hrn|hrun/.test(name) ? sz + 1 : sz)}, #${amt}`;
  if (/hrn|hrun/.test(name)) return `${name}${q ? '2' : ''}\t${vreg(rd(w), sz, q)}, ${vreg(rn(w), sz + 1, 1)}, #${amt}`;
  if (name.endsWith('ll')) {
    if (left === 0) return `${name[0]}xtl${q ? '2' : ''}\t${vreg(rd(w), sz + 1, 1)}, ${vreg(rn(w), sz, q)}`;
    return `${name}${q ? '2' : ''}\t${vreg(rd(w), sz + 1, 1)}, ${vreg(rn(w), sz, q)}, #${amt}`;
  }
  void e;
  return `${name}\t${vreg(rd(w), sz, q)}, ${vreg(rn(w), sz, q)}, #${amt}`;
}

// ---- copy: dup / ins / umov / smov ----

function copyInfo(w: number) {
  const imm5 = bits(w, 20, 16);
  // lowest set bit; imm5 = 0 (no element size) is reserved like imm5 = 10000: sz 4 makes callers reject it
  const sz = imm5 ? 31 - Math.clz32(imm5 & -imm5) : 4;
  return { sz, idx: imm5 >>> (sz + 1), e: 8 << sz };
}

/** Lane `idx` of element size e of register n, zero-extended, as an i64 temp (IR). */
function laneIR(c: Ctx, n: number, e: number, idx: number): Val {
  const b = c.b;
  const pos = idx * e;
  const half = pos >= 64 ? VHI[n] : VLO[n];
  const sh = pos % 64;
  const t = sh ? b.shr(c.t64(), half, c64(sh)) : half;
  return e === 64 ? t : b.and(c.t64(), t, c64(mask(e)));
}
/** Replicates an e-bit value (i64, zero-extended) across 64 bits. */
function replicateIR(c: Ctx, v: Val, e: number): Val {
  const b = c.b;
  let r = v;
  for (let s = e; s < 64; s *= 2) r = b.or(c.t64(), r, b.shl(c.t64(), r, c64(s)));
  return r;
}

/** Vd[idx] (e bits) = v (i64, zero-extended above e bits); the other lanes are kept. */
function insertLane(c: Ctx, d: number, e: number, idx: number, v: Val): void {
  const b = c.b;
  if (e === 64) { b.mov(idx ? VHI[d] : VLO[d], v); return; }
  const pos = (idx * e) % 64, half = idx * e >= 64 ? VHI[d] : VLO[d];
  const m = mask(e) << BigInt(pos);
  const sv = pos ? b.shl(c.t64(), v, c64(pos)) : v;
  b.mov(half, b.or(c.t64(), b.and(c.t64(), half, c64(~m)), sv));
}

function trans_copy(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), op = bit(w, 29), imm4 = bits(w, 14, 11);
  if ((bits(w, 20, 16) & 15) === 0) return false;
  const { sz, idx, e } = copyInfo(w);
  if (sz > 3) return false;
  const b = c.b, d = rd(w), n = rn(w);
  if (op) { // ins element: Vd[idx] = Vn[imm4 >> sz]
    if (!q) return false;
    insertLane(c, d, e, idx, e === 64 ? laneIR(c, n, 64, imm4 >> sz) : b.un('extu', c.t64(), lane32(c, n, e, imm4 >> sz)));
    return;
  }
  switch (imm4) {
    case 0: { // dup element
      if (sz === 3 && !q) return false;
      const r = replicateIR(c, laneIR(c, n, e, idx), e);
      b.mov(VLO[d], r); b.mov(VHI[d], q ? r : ZERO);
      return;
    }
    case 1: { // dup general
      if (sz === 3 && !q) return false;
      const x = e === 64 ? c.x(n) : b.and(c.t64(), c.x(n), c64(mask(e)));
      const r = replicateIR(c, x, e);
      b.mov(VLO[d], r); b.mov(VHI[d], q ? r : ZERO);
      return;
    }
    case 3: { // ins general
      if (!q) return false;
      insertLane(c, d, e, idx, e === 64 ? c.x(n) : b.and(c.t64(), c.x(n), c64(mask(e))));
      return;
    }
    case 5: case 7: { // smov / umov
      if (imm4 === 7 ? (q ? sz !== 3 : sz === 3) : sz >= 2 + q || (sz === 2 && !q)) return false;
      const v = laneIR(c, n, e, idx);
      if (imm4 === 7) { c.setR(q, d, q ? v : b.un('trunc', c.t32(), v)); return; }
      const ext = e === 8 ? 'ext8s' : e === 16 ? 'ext16s' : 'ext32s';
      if (q) c.setR(1, d, b.un(ext, c.t64(), v));
      else c.setR(0, d, b.un(ext, c.t32(), b.un('trunc', c.t32(), v)));
      return;
    }
  }
  return false;
}
const LANE = ['b', 'h', 's', 'd'];
function dis_copy(w: number): string {
  const q = bit(w, 30), op = bit(w, 29), imm4 = bits(w, 14, 11);
  const { sz, idx } = copyInfo(w);
  const d = rd(w), n = rn(w), L = LANE[sz];
  if (op) return `mov\tv${d}.${L}[${idx}], v${n}.${L}[${imm4 >> sz}]`;
  switch (imm4) {
    case 0: return `dup\t${vreg(d, sz, q)}, v${n}.${L}[${idx}]`;
    case 1: return `dup\t${vreg(d, sz, q)}, ${gr(sz === 3 ? 1 : 0, n)}`;
    case 3: return `mov\tv${d}.${L}[${idx}], ${gr(sz === 3 ? 1 : 0, n)}`;
    case 5: return `smov\t${gr(q, d)}, v${n}.${L}[${idx}]`;
    case 7: return `${sz >= 2 ? 'mov' : 'umov'}\t${gr(q, d)}, v${n}.${L}[${idx}]`;
  }
  return '.inst';
}
function trans_scalar_dup(c: Ctx, w: number): boolean | void {
  const { sz, idx, e } = copyInfo(w);
  if (sz > 3) return false;
  const b = c.b, v = laneIR(c, rn(w), e, idx);
  b.mov(VLO[rd(w)], v); b.mov(VHI[rd(w)], ZERO);
}
const dis_scalar_dup = (w: number) => { const { sz, idx } = copyInfo(w); return `mov\t${sreg(rd(w), sz)}, v${rn(w)}.${LANE[sz]}[${idx}]`; };

// ---- modified immediate ----

function modImm(w: number): { value: bigint; kind: 'movi' | 'mvni' | 'orr' | 'bic' | 'fmov' } | undefined {
  const op = bit(w, 29), cmode = bits(w, 15, 12), q = bit(w, 30);
  const imm8 = (bits(w, 18, 16) << 5) | bits(w, 9, 5);
  const rep = (v: bigint, e: number) => { let r = 0n; for (let i = 0; i < 64; i += e) r |= v << BigInt(i); return r; };
  const i8 = BigInt(imm8);
  if (cmode < 8) { // 32-bit shifted
    const v = rep(i8 << BigInt(8 * (cmode >> 1)), 32);
    return { value: v, kind: cmode & 1 ? (op ? 'bic' : 'orr') : op ? 'mvni' : 'movi' };
  }
  if (cmode < 12) {
    const v = rep(i8 << BigInt(8 * ((cmode >> 1) & 1)), 16);
    return { value: v, kind: cmode & 1 ? (op ? 'bic' : 'orr') : op ? 'mvni' : 'movi' };
  }
  if (cmode < 14) { // 32-bit shifting ones
    const v = rep((i8 << BigInt(cmode === 12 ? 8 : 16)) | (cmode === 12 ? 0xffn : 0xffffn), 32);
    return { value: v, kind: op ? 'mvni' : 'movi' };
  }
  if (cmode === 14) {
    if (!op) return { value: rep(i8, 8), kind: 'movi' };
    let v = 0n;
    for (let i = 0; i < 8; i++) if ((imm8 >> i) & 1) v |= 0xffn << BigInt(8 * i);
    return { value: v, kind: 'movi' };
  }
  // cmode 15: fmov
  if (!op) {
    const a = BigInt(((imm8 & 0x80) << 24) | (((imm8 >> 6) & 1 ? 0x3e000000 : 0x40000000)) | ((imm8 & 0x3f) << 19)) & 0xffffffffn;
    return { value: rep(a, 32), kind: 'fmov' };
  }
  if (!q) return undefined;
  const hi = BigInt((((imm8 & 0x80) << 24) | (((imm8 >> 6) & 1) ? 0x3fc00000 : 0x40000000) | ((imm8 & 0x3f) << 16)) >>> 0);
  return { value: hi << 32n, kind: 'fmov' };
}
function trans_mod_imm(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), m = modImm(w);
  if (!m) return false;
  const b = c.b, d = rd(w);
  const v = m.kind === 'mvni' ? ux(~m.value, 64) : m.value;
  if (m.kind === 'orr' || m.kind === 'bic') {
    const k = c64(m.kind === 'bic' ? ux(~m.value, 64) : m.value);
    const op = m.kind === 'bic' ? 'and' : 'or';
    b.mov(VLO[d], b.bin(op, c.t64(), VLO[d], k));
    b.mov(VHI[d], q ? b.bin(op, c.t64(), VHI[d], k) : ZERO);
    return;
  }
  b.mov(VLO[d], c64(v));
  b.mov(VHI[d], q ? c64(v) : ZERO);
}
function dis_mod_imm(w: number): string {
  const q = bit(w, 30), op = bit(w, 29), cmode = bits(w, 15, 12), m = modImm(w);
  if (!m) return '.inst';
  const imm8 = (bits(w, 18, 16) << 5) | bits(w, 9, 5);
  const d = rd(w);
  if (cmode === 14 && op) return q ? `movi\tv${d}.2d, #${hex(m.value)}` : `movi\td${d}, #${hex(m.value)}`;
  if (cmode === 14) return `movi\t${vreg(d, 0, q)}, #${hex(imm8)}`;
  if (cmode === 15) return `fmov\t${op ? `v${d}.2d` : vreg(d, 2, q)}, #${fpImmText(imm8, op ? 1 : 0)}`;
  const e16 = cmode >= 8 && cmode < 12;
  const shift = cmode < 8 ? 8 * (cmode >> 1) : cmode < 12 ? 8 * ((cmode >> 1) & 1) : cmode === 12 ? 8 : 16;
  const sh = cmode >= 12 ? `, msl #${shift}` : shift ? `, lsl #${shift}` : '';
  return `${m.kind}\t${vreg(d, e16 ? 1 : 2, q)}, #${hex(imm8)}${sh}`;
}

// ---- permutes, ext, tbl/tbx ----

const PERM = [undefined, 'uzp1', 'trn1', 'zip1', undefined, 'uzp2', 'trn2', 'zip2'];
function trans_perm(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), size = bits(w, 23, 22), name = PERM[bits(w, 14, 12)];
  if (!name || (size === 3 && !q)) return false;
  if (size) { permIR(c, name, rd(w), rn(w), rm(w), q, 8 << size); return; }
  // Byte lanes: a source (register, lane) table per output byte, moved on the u8 view.
  const k = q ? 16 : 8, part = name.endsWith('2') ? 1 : 0;
  const from: number[] = []; // 0..15 = Vn byte, 16..31 = Vm byte
  for (let i = 0; i < k; i++) {
    if (name.startsWith('zip')) from.push((i & 1 ? 16 : 0) + part * k / 2 + (i >> 1));
    else if (name.startsWith('uzp')) { const j = 2 * i + part; from.push(j < k ? j : 16 + j - k); }
    else from.push((i & 1 ? 16 : 0) + (i & ~1) + part);
  }
  const tmp = new Uint8Array(16);
  vcall(c, vhelper(`vb.${name}.${q}`, (cpu, d, n, m) => {
    const u8 = cpu.u8, bn = VREG_SLOT(n) * 4, bm = VREG_SLOT(m) * 4, bd = VREG_SLOT(d) * 4;
    for (let i = 0; i < k; i++) { const f = from[i]; tmp[i] = f < 16 ? u8[bn + f] : u8[bm + f - 16]; }
    for (let i = 0; i < 16; i++) u8[bd + i] = i < k ? tmp[i] : 0;
  }), rd(w), rn(w), rm(w), q, size);
}
/** uzp/zip/trn on 16-, 32- and 64-bit lanes as IR (lane moves). */
function permIR(c: Ctx, name: string, d: number, n: number, m: number, q: number, e: number): void {
  const b = c.b, k = (q ? 128 : 64) / e, part = name.endsWith('2') ? 1 : 0;
  const src: [number, number][] = []; // (register, lane) per output lane
  for (let i = 0; i < k; i++) {
    if (name.startsWith('zip')) src.push([i & 1 ? m : n, part * k / 2 + (i >> 1)]);
    else if (name.startsWith('uzp')) { const j = 2 * i + part; src.push(j < k ? [n, j] : [m, j - k]); }
    else src.push([i & 1 ? m : n, (i & ~1) + part]);
  }
  if (e === 64) {
    const [lo, hi] = src.map(([r, l]) => b.mov(c.t64(), l ? VHI[r] : VLO[r]));
    b.mov(VLO[d], lo); b.mov(VHI[d], hi);
    return;
  }
  const words: Val[] = [];
  if (e === 32) for (const [r, l] of src) words.push(lane32(c, r, 32, l));
  else {
    for (let i = 0; i < k; i += 2) {
      const lo = lane32(c, src[i][0], 16, src[i][1]), hi = lane32(c, src[i + 1][0], 16, src[i + 1][1]);
      words.push(b.or(c.t32(), lo, b.shl(c.t32(), hi, c32(16))));
    }
  }
  writeWords(c, d, words);
}
const dis_perm = (w: number) => {
  const q = bit(w, 30), size = bits(w, 23, 22), name = PERM[bits(w, 14, 12)];
  return name ? `${name}\t${vreg(rd(w), size, q)}, ${vreg(rn(w), size, q)}, ${vreg(rm(w), size, q)}` : '.inst';
};

function trans_ext(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), imm4 = bits(w, 14, 11);
  if (!q && imm4 >= 8) return false;
  vcall(c, vhelper('v.ext', (cpu, d, n, m, q2, _s, pos) => {
    const k = q2 ? 16 : 8, all = lanes(cpu, n, 8, k).concat(lanes(cpu, m, 8, k));
    writeLanes(cpu, d, 8, all.slice(pos, pos + k));
  }), rd(w), rn(w), rm(w), q, 0, imm4);
}
const dis_ext = (w: number) => { const q = bit(w, 30); return `ext\t${vreg(rd(w), 0, q)}, ${vreg(rn(w), 0, q)}, ${vreg(rm(w), 0, q)}, #${bits(w, 14, 11)}`; };

function trans_tbl(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), len = bits(w, 14, 13) + 1, tbx = bit(w, 12);
  vcall(c, vhelper(tbx ? 'v.tbx' : 'v.tbl', (cpu, d, n, m, q2, nregs) => {
    const table: bigint[] = [];
    for (let r = 0; r < nregs; r++) table.push(...lanes(cpu, (n + r) % 32, 8, 16));
    const k = q2 ? 16 : 8, idx = lanes(cpu, m, 8, k), D = lanes(cpu, d, 8, k);
    writeLanes(cpu, d, 8, idx.map((i, j) => (i < BigInt(table.length) ? table[Number(i)] : tbx ? D[j] : 0n)));
  }), rd(w), rn(w), rm(w), q, len, 0, len);
}
const dis_tbl = (w: number) => {
  const q = bit(w, 30), len = bits(w, 14, 13) + 1;
  const regs = Array.from({ length: len }, (_, i) => `v${(rn(w) + i) % 32}.16b`);
  return `${bit(w, 12) ? 'tbx' : 'tbl'}\t${vreg(rd(w), 0, q)}, {${len > 2 ? `${regs[0]}-${regs[len - 1]}` : regs.join(', ')}}, ${vreg(rm(w), 0, q)}`;
};

// ---- structure loads and stores ----

import { GUEST_BASE } from '../../memory/guest-memory';

/** Address of a structure access from the (lo, hi) base; out-of-range addresses make the DataView throw. */
const addrOf = (lo: number, hi: number) => hi * 4294967296 + (lo >>> 0) - GUEST_BASE;

function memLane(cpu: Cpu, off: number, e: number): bigint {
  const dv = cpu.mem.dv;
  switch (e) {
    case 8: return BigInt(dv.getUint8(off));
    case 16: return BigInt(dv.getUint16(off, true));
    case 32: return BigInt(dv.getUint32(off, true));
    default: return dv.getBigUint64(off, true);
  }
}
function memSet(cpu: Cpu, off: number, e: number, v: bigint): void {
  const dv = cpu.mem.dv;
  switch (e) {
    case 8: dv.setUint8(off, Number(v & 0xffn)); return;
    case 16: dv.setUint16(off, Number(v & 0xffffn), true); return;
    case 32: dv.setUint32(off, Number(v & 0xffffffffn), true); return;
    default: dv.setBigUint64(off, v, true);
  }
}

// opcode → [registers, elements per structure]
const MULT: Record<number, [number, number]> = { 0: [4, 4], 2: [4, 1], 4: [3, 3], 6: [3, 1], 7: [1, 1], 8: [2, 2], 10: [2, 1] };

const H_LDST_MULT: Helper = {
  name: 'v.ldst_multiple', args: [Ty.I64, I32, I32, I32, I32, I32], readsGlobals: true, writesGlobals: true,
  fn: (cpu: Cpu, lo: number, hi: number, rt: number, q: number, size: number, opcode: number, load: number) => {
    const [nregs, selem] = MULT[opcode];
    const e = 8 << size, k = (q ? 128 : 64) / e, reps = nregs / selem;
    let off = addrOf(lo, hi);
    if (load) {
      const vals: bigint[][] = Array.from({ length: nregs }, () => new Array(k));
      for (let r = 0; r < reps; r++) for (let i = 0; i < k; i++) for (let s = 0; s < selem; s++) { vals[r + s][i] = memLane(cpu, off, e); off += e / 8; }
      for (let t = 0; t < nregs; t++) writeLanes(cpu, (rt + t) % 32, e, vals[t]);
    } else {
      for (let r = 0; r < reps; r++) for (let i = 0; i < k; i++) for (let s = 0; s < selem; s++) { memSet(cpu, off, e, getLane(cpu, (rt + r + s) % 32, e, i)); off += e / 8; }
    }
  },
};

const H_LDST_SINGLE: Helper = {
  name: 'v.ldst_single', args: [Ty.I64, I32, I32, I32, I32, I32], readsGlobals: true, writesGlobals: true,
  fn: (cpu: Cpu, lo: number, hi: number, rt: number, q: number, e: number, selemIdx: number, flags: number) => {
    const selem = selemIdx & 7, idx = selemIdx >>> 3, load = flags & 1, replicate = flags & 2;
    let off = addrOf(lo, hi);
    const vals: bigint[] = [];
    if (load) for (let s = 0; s < selem; s++) { vals.push(memLane(cpu, off, e)); off += e / 8; }
    else for (let s = 0; s < selem; s++) { memSet(cpu, off, e, getLane(cpu, (rt + s) % 32, e, idx)); off += e / 8; }
    if (!load) return;
    for (let s = 0; s < selem; s++) {
      const r = (rt + s) % 32;
      if (replicate) writeLanes(cpu, r, e, new Array((q ? 128 : 64) / e).fill(vals[s]));
      else setLane(cpu, r, e, idx, vals[s]);
    }
  },
};

function postIndex(c: Ctx, w: number, bytes: number): void {
  if (!bit(w, 23)) return;
  const m = rm(w), n = rn(w);
  const inc: Val = m === 31 ? c64(bytes) : c.x(m);
  c.b.mov(c.xdsp(n), c.b.add(c.t64(), c.xsp(n), inc));
}

function trans_ldst_mult(c: Ctx, w: number): boolean | void {
  const q = bit(w, 30), L = bit(w, 22), opcode = bits(w, 15, 12), size = bits(w, 11, 10);
  const info = MULT[opcode];
  if (!info || (size === 3 && !q && info[1] > 1) || (!bit(w, 23) && rm(w) !== 0)) return false;
  const base = c.b.mov(c.t64(), c.xsp(rn(w)));
  if (info[1] === 1) { // ld1/st1 {1-4 registers}: consecutive bytes, inline
    const b = c.b, nregs = info[0], bytes = q ? 16 : 8, rt = rd(w);
    if (L) {
      const vals: Val[][] = [];
      for (let r = 0; r < nregs; r++) {
        vals.push([b.ld(c.t64(), base, r * bytes, 8, false), q ? b.ld(c.t64(), base, r * bytes + 8, 8, false) : ZERO]);
      }
      vals.forEach(([lo, hi], r) => { b.mov(VLO[(rt + r) % 32], lo); b.mov(VHI[(rt + r) % 32], hi); });
    } else {
      for (let r = 0; r < nregs; r++) {
        b.st(VLO[(rt + r) % 32], base, r * bytes, 8);
        if (q) b.st(VHI[(rt + r) % 32], base, r * bytes + 8, 8);
      }
    }
    postIndex(c, w, info[0] * (q ? 16 : 8));
    return;
  }
  c.b.call(H_LDST_MULT, [base, c32(rd(w)), c32(q), c32(size), c32(opcode), c32(L)]);
  postIndex(c, w, info[0] * (q ? 16 : 8));
}
function regList(rt: number, n: number, suffix: string): string {
  if (n > 2) return `{v${rt}.${suffix}-v${(rt + n - 1) % 32}.${suffix}}`;
  return `{${Array.from({ length: n }, (_, i) => `v${(rt + i) % 32}.${suffix}`).join(', ')}}`;
}
function dis_ldst_mult(w: number): string {
  const q = bit(w, 30), L = bit(w, 22), opcode = bits(w, 15, 12), size = bits(w, 11, 10);
  const info = MULT[opcode];
  if (!info) return '.inst';
  const name = `${L ? 'ld' : 'st'}${info[1]}`;
  const post = bit(w, 23) ? (rm(w) === 31 ? `, #${info[0] * (q ? 16 : 8)}` : `, ${gr(1, rm(w))}`) : '';
  return `${name}\t${regList(rd(w), info[0], arr(size, q))}, [${rn(w) === 31 ? 'sp' : `x${rn(w)}`}]${post}`;
}

function singleInfo(w: number) {
  const q = bit(w, 30), R = bit(w, 21), opcode = bits(w, 15, 13), S = bit(w, 12), size = bits(w, 11, 10);
  const selem = (((opcode & 1) << 1) | R) + 1;
  let scale = opcode >> 1, idx = 0, replicate = false;
  switch (scale) {
    case 0: idx = (q << 3) | (S << 2) | size; break;
    case 1: if (size & 1) return undefined; idx = (q << 2) | (S << 1) | (size >> 1); break;
    case 2:
      if (size & 2) return undefined;
      if (size === 0) idx = (q << 1) | S; else { if (S) return undefined; idx = q; scale = 3; }
      break;
    default: if (!bit(w, 22) || S) return undefined; scale = size; replicate = true;
  }
  return { q, selem, e: 8 << scale, idx, replicate, scale };
}
function trans_ldst_single(c: Ctx, w: number): boolean | void {
  const s = singleInfo(w), L = bit(w, 22);
  if (!s || (!bit(w, 23) && rm(w) !== 0)) return false;
  const base = c.b.mov(c.t64(), c.xsp(rn(w)));
  if (s.selem === 1) { // ld1/st1 one lane, ld1r: inline
    const b = c.b, rt = rd(w), e = s.e, sz = (e / 8) as 1 | 2 | 4 | 8;
    if (L) {
      const v = b.ld(c.t64(), base, 0, sz, false);
      if (s.replicate) {
        const r = e === 64 ? v : replicateIR(c, v, e);
        b.mov(VLO[rt], r); b.mov(VHI[rt], s.q ? r : ZERO);
      } else insertLane(c, rt, e, s.idx, v);
    } else {
      b.st(e === 64 ? (s.idx ? VHI[rt] : VLO[rt]) : laneIR(c, rt, e, s.idx), base, 0, sz);
    }
    postIndex(c, w, e / 8);
    return;
  }
  c.b.call(H_LDST_SINGLE, [base, c32(rd(w)), c32(s.q), c32(s.e), c32(s.selem | (s.idx << 3)), c32(L | (s.replicate ? 2 : 0))]);
  postIndex(c, w, s.selem * s.e / 8);
}
function dis_ldst_single(w: number): string {
  const s = singleInfo(w), L = bit(w, 22);
  if (!s) return '.inst';
  const post = bit(w, 23) ? (rm(w) === 31 ? `, #${s.selem * s.e / 8}` : `, ${gr(1, rm(w))}`) : '';
  const n = `[${rn(w) === 31 ? 'sp' : `x${rn(w)}`}]`;
  if (s.replicate) return `ld${s.selem}r\t${regList(rd(w), s.selem, arr(s.scale, s.q))}, ${n}${post}`;
  const list = `{${Array.from({ length: s.selem }, (_, i) => `v${(rd(w) + i) % 32}.${LANE[s.scale]}`).join(', ')}}`;
  return `${L ? 'ld' : 'st'}${s.selem}\t${list}[${s.idx}], ${n}${post}`;
}

export const SIMD_ENTRIES: Entry[] = [
  ['simd_three_same', '0 q u 01110 ss 1 mmmmm ooooo 1 nnnnn ddddd', (c, w) => trans_three_same(c, w), dis_three_same],
  ['simd_three_diff', '0 q u 01110 ss 1 mmmmm oooo 00 nnnnn ddddd', trans_three_diff, dis_three_diff],
  ['simd_two_misc', '0 q u 01110 ss 10000 ooooo 10 nnnnn ddddd', (c, w) => trans_two_misc(c, w, false), (w) => dis_two_misc(w, false)],
  ['simd_across', '0 q u 01110 ss 11000 ooooo 10 nnnnn ddddd', trans_across, dis_across],
  ['simd_copy', '0 q o 01110000 iiiii 0 jjjj 1 nnnnn ddddd', trans_copy, dis_copy],
  ['simd_mod_imm', '0 q o 0111100000 abc mmmm 0 1 defgh ddddd', trans_mod_imm, dis_mod_imm],
  ['simd_shift_imm', '0 q u 011110 hhhh bbb ooooo 1 nnnnn ddddd', (c, w) => trans_shift_imm(c, w, false), (w) => dis_shift_imm(w, false)],
  ['simd_perm', '0 q 001110 ss 0 mmmmm 0 ooo 10 nnnnn ddddd', trans_perm, dis_perm],
  ['simd_ext', '0 q 101110 00 0 mmmmm 0 iiii 0 nnnnn ddddd', trans_ext, dis_ext],
  ['simd_tbl', '0 q 001110 00 0 mmmmm 0 ll o 00 nnnnn ddddd', trans_tbl, dis_tbl],
  ['simd_elem', '0 q u 01111 ss l m rrrr oooo h 0 nnnnn ddddd', (c, w) => trans_elem(c, w, false), (w) => dis_elem(w, false)],
  ['simd_scalar_elem', '01 u 11111 ss l m rrrr oooo h 0 nnnnn ddddd', (c, w) => trans_elem(c, w, true), (w) => dis_elem(w, true)],
  ['simd_scalar_three', '01 u 11110 ss 1 mmmmm ooooo 1 nnnnn ddddd', trans_scalar_three, dis_scalar_three],
  ['simd_scalar_two_misc', '01 u 11110 ss 10000 ooooo 10 nnnnn ddddd', (c, w) => trans_two_misc(c, w, true), (w) => dis_two_misc(w, true)],
  ['simd_scalar_pair', '01 u 11110 ss 11000 ooooo 10 nnnnn ddddd', trans_scalar_pair, dis_scalar_pair],
  ['simd_scalar_shift', '01 u 111110 hhhh bbb ooooo 1 nnnnn ddddd', (c, w) => trans_shift_imm(c, w, true), (w) => dis_shift_imm(w, true)],
  ['simd_scalar_dup', '01 0 11110000 iiiii 0 0000 1 nnnnn ddddd', trans_scalar_dup, dis_scalar_dup],
  ['simd_ldst_mult', '0 q 0011000 l 000000 oooo ss nnnnn ttttt', trans_ldst_mult, dis_ldst_mult],
  ['simd_ldst_mult_post', '0 q 0011001 l 0 mmmmm oooo ss nnnnn ttttt', trans_ldst_mult, dis_ldst_mult],
  ['simd_ldst_single', '0 q 0011010 l r 00000 ooo s ss nnnnn ttttt', trans_ldst_single, dis_ldst_single],
  ['simd_ldst_single_post', '0 q 0011011 l r mmmmm ooo s ss nnnnn ttttt', trans_ldst_single, dis_ldst_single],
];

export { clearHigh };
