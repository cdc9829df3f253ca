// The 32-bit ARM front end as the emulator holds it. The decoder and translator
// (translate.ts) load on first use: a run whose blocks all come from the translation
// cache on disk never decodes an instruction, and setting up the decode tables and
// translator modules took 3-8 ms of every start.

import type { Frontend, TranslateContext } from '../types';
import { Ty, type Helper } from '../../translate/ir';
import { GLOBALS, REG_SLOTS } from './regs';

type Impl = typeof import('./translate');
let impl: Impl | undefined;
const load = (): Impl => (impl ??= require('./translate') as Impl);

export const armFrontend: Frontend = {
  arch: 'arm',
  wordTy: Ty.I32,
  littleEndian: true,
  regSlots: REG_SLOTS,
  globals: GLOBALS,
  translate: (ctx: TranslateContext) => load().translate(ctx),
  disassemble: (pc: number, fetch16: (addr: number) => number) => load().disassemble(pc, fetch16),
  // The media/saturating helpers (helpers.ts): glibc's Thumb-2 strlen calls uqsub8.
  helpers: () => {
    const m = require('./helpers') as Record<string, unknown>;
    const out: Helper[] = [];
    const isHelper = (v: unknown): v is Helper => typeof v === 'object' && v !== null && typeof (v as Helper).fn === 'function' && typeof (v as Helper).name === 'string';
    for (const v of Object.values(m)) {
      if (isHelper(v)) out.push(v);
      else if (typeof v === 'object' && v !== null) for (const w of Object.values(v)) if (isHelper(w)) out.push(w);
    }
    return out;
  },
};
