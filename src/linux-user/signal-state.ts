// Per-process signal dispositions, the blocked mask, pending signals and the
// alternate stack. Delivery is done elsewhere (the CPU loop); this is the
// storage rt_sigaction/rt_sigprocmask/sigaltstack read and write.

import { NSIG, SIG_DFL, SS_DISABLE, UNBLOCKABLE, sigBit } from '../syscalls/signals';

export interface SigAction {
  /** Guest address of the handler, or SIG_DFL (0) / SIG_IGN (1). */
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}

export interface AltStack { sp: number; flags: number; size: number }

export class SignalState {
  /** Indexed by signal number (1..64); [0] unused. */
  readonly actions: SigAction[] = [];
  /** Blocked signals, bit (sig-1). */
  blocked = 0n;
  /** Signals raised while blocked or awaiting delivery to a guest handler. */
  pending = 0n;
  altStack: AltStack = { sp: 0, flags: SS_DISABLE, size: 0 };

  constructor() {
    for (let s = 0; s <= NSIG; s++) this.actions.push({ handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n });
  }

  setBlocked(mask: bigint): void {
    this.blocked = BigInt.asUintN(64, mask) & ~UNBLOCKABLE;
  }

  isBlocked(sig: number): boolean { return (this.blocked & sigBit(sig)) !== 0n; }

  /** execve semantics: handled signals revert to SIG_DFL; ignored stay ignored. */
  resetForExec(): void {
    for (const a of this.actions) if (a.handler > 1) { a.handler = SIG_DFL; a.flags = 0; a.restorer = 0; a.mask = 0n; }
    this.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
  }
}
