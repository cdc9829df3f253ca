// The guest process this thread runs (one kernel per worker, replaced by
// execve). Files whose plain read/write needs the process — a signalfd reads
// the reader's own pending signals, blocking reads wait with its signal
// state — find it here; the Kernel constructor sets it.

import type { Kernel } from './kernel';

let current: Kernel | undefined;

export function setCallingKernel(k: Kernel): void { current = k; }

export function callingKernel(): Kernel {
  if (!current) throw new Error('no guest process on this thread');
  return current;
}
