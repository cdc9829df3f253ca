// The riscv64 front end as the emulator holds it (see ../lazy-frontend.ts).

import { Ty } from '../../translate/ir';
import { lazyFrontend } from '../lazy-frontend';
import { GLOBALS, REG_SLOTS } from './regs';

export const riscv64Frontend = lazyFrontend(
  { arch: 'riscv64', wordTy: Ty.I64, littleEndian: true, regSlots: REG_SLOTS, globals: GLOBALS },
  () => require('./translate') as typeof import('./translate'),
  // Floating point (fp-helpers.ts): any program that formats a double calls them.
  () => Object.values((require('./fp-helpers') as typeof import('./fp-helpers')).FP_HELPERS),
);
