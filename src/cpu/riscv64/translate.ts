// The riscv64 (RV64IMAFDC + Zicsr + Zifencei) decoder and translator (frontend.ts loads it on first use).

import type { TranslateContext } from '../types';
import { PATTERNS } from './decode';
import { decodeAt } from './rvc';
import { Ctx, type Handler } from './gen';
import { INT_HANDLERS } from './trans-int';
import { FP_HANDLERS } from './trans-fp';
import { disassemble } from './disasm';

export const HANDLERS: Readonly<Record<string, Handler>> = { ...INT_HANDLERS, ...FP_HANDLERS };
for (const p of PATTERNS) if (!HANDLERS[p.name]) throw new Error(`riscv64: no handler for ${p.name}`);

export function translate(ctx: TranslateContext): number {
  const { len, d } = decodeAt(ctx.pc, ctx.fetch16);
  const c = new Ctx(ctx.b, ctx.pc, len);
  if (!d || HANDLERS[d.pat.name](c, d.args) === false) c.illegal();
  ctx.end = c.end;
  return len;
}
export { disassemble };
