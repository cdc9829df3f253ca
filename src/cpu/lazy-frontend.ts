// What the emulator holds of a front end: its register layout now, its decoder and
// translator (translate.ts) on first use. A run whose blocks all come from the translation
// cache on disk never decodes an instruction, and setting up the decode tables and
// translator modules took 3-8 ms of every start.

import type { Frontend, TranslateContext } from './types';
import type { Helper } from '../translate/ir';

type Layout = Pick<Frontend, 'arch' | 'wordTy' | 'littleEndian' | 'regSlots' | 'globals'>;
type Impl = Pick<Frontend, 'translate' | 'disassemble'>;

export function lazyFrontend(layout: Layout, load: () => Impl, helpers?: () => Iterable<Helper>): Frontend {
  let impl: Impl | undefined;
  const get = (): Impl => (impl ??= load());
  return {
    ...layout,
    translate: (ctx: TranslateContext) => get().translate(ctx),
    disassemble: (pc: number, fetch16: (addr: number) => number) => get().disassemble(pc, fetch16),
    helpers,
  };
}

/** Every Helper among a module's exports, directly or one record deep. */
export function exportedHelpers(mod: Record<string, unknown>): Helper[] {
  const isHelper = (v: unknown): v is Helper =>
    typeof v === 'object' && v !== null && typeof (v as Helper).fn === 'function' && typeof (v as Helper).name === 'string';
  const out: Helper[] = [];
  for (const v of Object.values(mod)) {
    if (isHelper(v)) out.push(v);
    else if (typeof v === 'object' && v !== null) for (const w of Object.values(v)) if (isHelper(w)) out.push(w);
  }
  return out;
}
