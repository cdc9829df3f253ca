// The aarch64 (A64, Armv8.0-A..8.2-A user level) decoder and translator (frontend.ts loads it on first use).

import type { TranslateContext } from '../types';
import { Ctx } from './gen';
import { TABLE } from './table';

export function translate(ctx: TranslateContext): number {
  const w = ctx.fetch32(ctx.pc);
  const c = new Ctx(ctx.b, ctx.pc, ctx.fetch32);
  const p = TABLE.decode(w);
  if (!p || p.trans(c, w) === false) {
    // Drop anything a handler emitted before rejecting the encoding (everything after the insn marker).
    const ops = ctx.b.ops;
    let i = ops.length - 1;
    while (i >= 0 && ops[i].op !== 'insn') i--;
    ops.length = i + 1;
    c.illegal();
  }
  ctx.end = c.end;
  return 4;
}

export function disassemble(pc: number, fetch16: (addr: number) => number): { len: number; text: string } {
  const w = (fetch16(pc) | (fetch16(pc + 2) << 16)) >>> 0;
  return { len: 4, text: disassembleWord(w, pc) };
}

export function disassembleWord(w: number, pc: number): string {
  const p = TABLE.decode(w);
  const text = p ? p.dis(w >>> 0, pc) : undefined;
  if (text !== undefined && !text.startsWith('.inst')) return text;
  if ((w >>> 16) === 0) return `udf\t#${w & 0xffff}`;
  return `.inst\t0x${(w >>> 0).toString(16).padStart(8, '0')} ; undefined`;
}
