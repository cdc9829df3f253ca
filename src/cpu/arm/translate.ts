// The 32-bit ARM (ARMv7-A user mode, A32 and Thumb-2, VFPv3/NEON) decoder and translator
// (frontend.ts loads it on first use).
//
// The instruction set state is part of the pc: Thumb code has bit 0 set in
// cpu.pc (and in every translation-cache key, goto and goto_ptr target), so
// ctx.pc tells the state and the fetch address is ctx.pc & ~1.
// IT blocks are translated whole: the IT instruction's translate() call also
// translates the up to four instructions it conditions (each with its own
// `insn` marker, for precise faults), so a block never starts inside one.

import type { TranslateContext } from '../types';
import type { IRBuilder } from '../../translate/ir';
import { Ctx, conditional } from './gen';
import { Table, type Decoded, type Fields, type Pattern, type PatternSpec } from './pattern';
import { A32 } from './a32';
import { T16, T32 } from './thumb';
import { VFP_A32, VFP_T32 } from './vfp';
import { COND_NAMES, render } from './disasm';

const noCond15 = (_p: Pattern, f: Fields) => f.c !== 15;

export const A32_TABLE = new Table([...A32, ...VFP_A32], 25, 3);
export const T16_TABLE = new Table(T16, 11, 5);
export const T32_TABLE = new Table([...T32, ...VFP_T32], 25, 4);

export function decodeA32(w: number): Decoded | undefined { return A32_TABLE.decode(w, noCond15); }
export function decodeT16(hw: number): Decoded | undefined { return T16_TABLE.decode(hw); }
export function decodeT32(w: number): Decoded | undefined { return T32_TABLE.decode(w); }

/** Is this halfword the first half of a 32-bit Thumb instruction? */
export const isT32 = (hw1: number): boolean => (hw1 >>> 11) >= 0x1d;
const isIT = (hw: number): boolean => (hw & 0xff00) === 0xbf00 && (hw & 0xf) !== 0;

function run(c: Ctx, d: Decoded | undefined, cond: number): void {
  if (!d) { c.illegal(); return; }
  conditional(c, cond, () => { if (d.p.fn(c, d.f) === false) c.illegal(); });
}

function translateA32(ctx: TranslateContext): number {
  const w = ctx.fetch32(ctx.pc);
  const c = new Ctx(ctx.b, ctx.pc, false, 4);
  const d = decodeA32(w);
  // Branch-like patterns whose handler evaluates cond itself carry no 'c' (blx imm, unconditional space).
  run(c, d, d?.f.c ?? 14);
  ctx.end = c.end;
  return 4;
}

/** Translates one Thumb instruction at addr under IT condition `cond` (14 = none). */
function thumbOne(b: IRBuilder, fetch16: (a: number) => number, addr: number, cond: number, inIT: boolean): { len: number; end: boolean } {
  const hw1 = fetch16(addr);
  let d: Decoded | undefined, len: 2 | 4;
  if (isT32(hw1)) { d = decodeT32(((hw1 << 16) | fetch16(addr + 2)) >>> 0); len = 4; }
  else { d = decodeT16(hw1); len = 2; }
  const c = new Ctx(b, addr, true, len);
  c.inIT = inIT;
  if (inIT && d && isIT(hw1)) d = undefined; // IT inside an IT block
  run(c, d, cond);
  return { len, end: c.end };
}

function translateThumb(ctx: TranslateContext): number {
  const addr = ctx.pc - 1;
  const hw1 = ctx.fetch16(addr);
  if (!isIT(hw1)) {
    const r = thumbOne(ctx.b, ctx.fetch16, addr, 14, false);
    ctx.end = r.end;
    return r.len;
  }
  if ((hw1 >>> 4 & 15) === 15 || ((hw1 >>> 4 & 15) === 14 && (hw1 & 15) !== 8)) {
    const c = new Ctx(ctx.b, addr, true, 2);
    c.illegal();
    ctx.end = true;
    return 2;
  }
  let it = hw1 & 0xff;
  let cur = addr + 2;
  while (it & 0xf) {
    const cond = it >>> 4;
    ctx.b.insn(cur | 1, 0);
    const mark = ctx.b.ops.length - 1;
    const r = thumbOne(ctx.b, ctx.fetch16, cur, cond, true);
    (ctx.b.ops[mark] as { len: number }).len = r.len;
    cur += r.len;
    it = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
    if (r.end) { ctx.end = true; break; }
  }
  return cur - addr;
}

export function translate(ctx: TranslateContext): number {
  return ctx.pc & 1 ? translateThumb(ctx) : translateA32(ctx);
}

// ---- disassembly ----

const hex8 = (v: number) => v.toString(16).padStart(8, '0');
const hex4 = (v: number) => v.toString(16).padStart(4, '0');

function disOne(d: Decoded | undefined, pc: number, thumb: boolean, word: number, len: number, itc = -1): string {
  if (!d) return len === 2 ? `.short\t0x${hex4(word)}` : `.inst\t0x${hex8(word >>> 0)}`;
  const f = itc >= 0 ? { ...d.f, inIT: 1, itc } : d.f;
  return render(d.p.dis as PatternSpec['dis'], f, pc, thumb);
}

function itName(hw: number): string {
  const first = (hw >>> 4) & 15, mask = hw & 15;
  let s = 'it';
  const n = 3 - Math.log2(mask & -mask); // number of extra slots
  for (let i = 0; i < n; i++) s += ((mask >>> (3 - i)) & 1) === (first & 1) ? 't' : 'e';
  return `${s}\t${COND_NAMES[first]}`;
}

export function disassemble(pc: number, fetch16: (addr: number) => number): { len: number; text: string } {
  if (!(pc & 1)) {
    const w = (fetch16(pc) | (fetch16(pc + 2) << 16)) >>> 0;
    return { len: 4, text: disOne(decodeA32(w), pc, false, w, 4) };
  }
  const addr = pc - 1;
  const hw1 = fetch16(addr);
  if (isT32(hw1)) {
    const w = ((hw1 << 16) | fetch16(addr + 2)) >>> 0;
    return { len: 4, text: disOne(decodeT32(w), addr, true, w, 4) };
  }
  if (!isIT(hw1)) return { len: 2, text: disOne(decodeT16(hw1), addr, true, hw1, 2) };
  // An IT block is one translation step: list the instructions it conditions too.
  const lines = [itName(hw1)];
  let it = hw1 & 0xff, cur = addr + 2;
  while (it & 0xf) {
    const h = fetch16(cur);
    const t32 = isT32(h);
    const w = t32 ? ((h << 16) | fetch16(cur + 2)) >>> 0 : h;
    const text = disOne(t32 ? decodeT32(w) : decodeT16(h), cur, true, w, t32 ? 4 : 2, it >>> 4);
    const bytes = t32 ? `${hex4(h)} ${hex4(fetch16(cur + 2))}` : hex4(h);
    lines.push(`0x${hex8(cur)}:  ${bytes.padEnd(9)}  ${text}`);
    cur += t32 ? 4 : 2;
    it = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
  }
  return { len: 2, text: lines.join('\n') };
}

/** Disassembles one instruction word (A32) or halfword(s) (Thumb: T32 as hw1 << 16 | hw2). */
export function disassembleWord(w: number, pc: number, thumb = false): string {
  if (!thumb) return disOne(decodeA32(w >>> 0), pc, false, w, 4);
  if (w > 0xffff) return disOne(decodeT32(w >>> 0), pc, true, w, 4);
  return disOne(decodeT16(w), pc, true, w, 2);
}
