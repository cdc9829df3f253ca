// The 32-bit ARM front end as the emulator holds it (see ../lazy-frontend.ts).

import { Ty } from '../../translate/ir';
import { exportedHelpers, lazyFrontend } from '../lazy-frontend';
import { GLOBALS, REG_SLOTS } from './regs';

export const armFrontend = lazyFrontend(
  { arch: 'arm', wordTy: Ty.I32, littleEndian: true, regSlots: REG_SLOTS, globals: GLOBALS },
  () => require('./translate') as typeof import('./translate'),
  // The media/saturating helpers (helpers.ts): glibc's Thumb-2 strlen calls uqsub8.
  () => exportedHelpers(require('./helpers') as Record<string, unknown>),
);
