// The aarch64 front end as the emulator holds it (see ../lazy-frontend.ts).

import { Ty } from '../../translate/ir';
import { lazyFrontend } from '../lazy-frontend';
import { GLOBALS, REG_SLOTS } from './regs';

export const aarch64Frontend = lazyFrontend(
  { arch: 'aarch64', wordTy: Ty.I64, littleEndian: true, regSlots: REG_SLOTS, globals: GLOBALS },
  () => require('./translate') as typeof import('./translate'),
);
