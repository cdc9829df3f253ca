// objdump-style disassembly driven by the pattern tables: each pattern carries
// a template whose {tokens} are rendered from the decoded fields (or a function
// for the odd ones).

import type { Fields } from './pattern';
import { armImm, SHIFT_NAMES, thumbImm } from './gen';
import { REG_NAMES } from './regs';

export const COND_NAMES = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', ''];

export type DisFn = (f: Fields, pc: number, thumb: boolean) => string;

const BARRIERS: Record<number, string> = { 15: 'sy', 14: 'st', 13: 'ld', 11: 'ish', 10: 'ishst', 9: 'ishld', 7: 'nsh', 6: 'nshst', 5: 'nshld', 3: 'osh', 2: 'oshst', 1: 'oshld' };

const R = (i: number) => REG_NAMES[i & 15];
const hex = (v: number) => '0x' + (v >>> 0).toString(16);

export function regList(g: number): string {
  const r: string[] = [];
  for (let i = 0; i < 16; i++) if (g & (1 << i)) r.push(REG_NAMES[i]);
  return `{${r.join(', ')}}`;
}

/** Shift suffix for an immediate shift ("" for LSL #0). */
export function shiftSuffix(type: number, imm5: number): string {
  if (type === 0 && imm5 === 0) return '';
  if (type === 3 && imm5 === 0) return ', rrx';
  return `, ${SHIFT_NAMES[type]} #${imm5 === 0 ? 32 : imm5}`;
}

function memImm(f: Fields, imm: number): string {
  const sign = f.u === 0 ? '-' : '';
  const off = imm || f.u === 0 ? `, #${sign}${imm}` : '';
  if (f.p === 0) return `[${R(f.n)}]${imm || f.u === 0 ? `, #${sign}${imm}` : ', #0'}`;
  return `[${R(f.n)}${off}]${f.w ? '!' : ''}`;
}

function memReg(f: Fields, sh: string): string {
  const m = `${f.u === 0 ? '-' : ''}${R(f.m)}${sh}`;
  if (f.p === 0) return `[${R(f.n)}], ${m}`;
  return `[${R(f.n)}, ${m}]${f.w ? '!' : ''}`;
}

const TOKENS: Record<string, (f: Fields, pc: number, thumb: boolean) => string> = {
  c: (f) => COND_NAMES[f.c ?? 14] ?? '',
  s: (f) => (f.s ? 's' : ''),
  d: (f) => R(f.d), n: (f) => R(f.n), m: (f) => R(f.m), t: (f) => R(f.t), a: (f) => R(f.a),
  h: (f) => R(f.h), l: (f) => R(f.l), r: (f) => R(f.r), T: (f) => R(f.T),
  t2: (f) => R(f.t + 1),
  i: (f) => `#${f.i}`,
  ai: (f) => `#${armImm(f.i).v}`,
  ti: (f) => `#${thumbImm(f.i).v}`,
  sh: (f) => R(f.m) + shiftSuffix(f.y, f.i),
  shr: (f) => `${R(f.m)}, ${SHIFT_NAMES[f.y]} ${R(f.r)}`,
  mi: (f) => memImm(f, f.i),
  mr: (f) => memReg(f, shiftSuffix(f.y ?? 0, f.i ?? 0)),
  g: (f) => regList(f.g),
  rot: (f) => (f.k ? `, ror #${f.k * 8}` : ''),
  x: (f) => (f.x ? 't' : 'b'), y: (f) => (f.y ? 't' : 'b'),
  bar: (f) => BARRIERS[f.i] ?? `#${f.i}`,
};

export function render(dis: string | DisFn, f: Fields, pc: number, thumb: boolean): string {
  if (typeof dis === 'function') return dis(f, pc, thumb);
  const s = dis.replace(/\{(\w+)\}/g, (_, k: string) => {
    const t = TOKENS[k];
    if (!t) throw new Error(`arm disasm: unknown token {${k}}`);
    return t(f, pc, thumb);
  });
  const sp = s.indexOf(' ');
  return sp < 0 ? s : s.slice(0, sp) + '\t' + s.slice(sp + 1);
}

export { hex, R };
