// The aarch64 front end as the emulator holds it. The decoder and translator
// (translate.ts) load on first use: a run whose blocks all come from the translation
// cache on disk never decodes an instruction, and setting up the decode tables and
// translator modules took 3-8 ms of every start.

import type { Frontend, TranslateContext } from '../types';
import { Ty } from '../../translate/ir';
import { GLOBALS, REG_SLOTS } from './regs';

type Impl = typeof import('./translate');
let impl: Impl | undefined;
const load = (): Impl => (impl ??= require('./translate') as Impl);

export const aarch64Frontend: Frontend = {
  arch: 'aarch64',
  wordTy: Ty.I64,
  littleEndian: true,
  regSlots: REG_SLOTS,
  globals: GLOBALS,
  translate: (ctx: TranslateContext) => load().translate(ctx),
  disassemble: (pc: number, fetch16: (addr: number) => number) => load().disassemble(pc, fetch16),
};
