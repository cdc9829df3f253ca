// The riscv64 (RV64IMAFDC + Zicsr + Zifencei) guest front end.

import type { Frontend, TranslateContext } from '../types';
import { Ty } from '../../translate/ir';
import { PATTERNS } from './decode';
import { decodeAt } from './rvc';
import { Ctx, type Handler } from './gen';
import { INT_HANDLERS } from './trans-int';
import { FP_HANDLERS } from './trans-fp';
import { disassemble } from './disasm';
import { GLOBALS, REG_SLOTS } from './regs';

export const HANDLERS: Readonly<Record<string, Handler>> = { ...INT_HANDLERS, ...FP_HANDLERS };
for (const p of PATTERNS) if (!HANDLERS[p.name]) throw new Error(`riscv64: no handler for ${p.name}`);

function translate(ctx: TranslateContext): number {
  const { len, d } = decodeAt(ctx.pc, ctx.fetch16);
  const c = new Ctx(ctx.b, ctx.pc, len);
  if (!d || HANDLERS[d.pat.name](c, d.args) === false) c.illegal();
  ctx.end = c.end;
  return len;
}

export const riscv64Frontend: Frontend = {
  arch: 'riscv64',
  wordTy: Ty.I64,
  littleEndian: true,
  regSlots: REG_SLOTS,
  globals: GLOBALS,
  translate,
  disassemble,
};

export { RiscvCpu, createRiscvCpu, type RiscvFpStatus } from './cpu';
export { XREG_NAMES, FREG_NAMES, CSR_NAMES, XREGS, FREGS, GLOBALS, XREG_SLOT, FREG_SLOT, REG_SLOTS } from './regs';
export { decode32, PATTERNS, type Pattern, type Args } from './decode';
export { decode16, decodeAt, RVC_PATTERNS } from './rvc';
export { disassemble, formatInsn } from './disasm';
