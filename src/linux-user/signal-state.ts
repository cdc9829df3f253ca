// Per-process signal state: dispositions, the blocked mask, pending signals
// with their siginfo, and the alternate stack. Delivery (frames, default
// actions, EINTR) is src/linux-user/signals/delivery.ts.
//
// Queueing follows Linux: a standard signal (1..31) is pending at most once
// (a second one while pending is dropped, its siginfo is the first one's);
// real-time signals (32..64) queue every instance with its own siginfo, and
// are delivered in order.
//
// Other threads (the lead's cross-process kill, a timer thread) cannot touch
// these JS objects: they post into `mailbox` (shared memory, see postSignal in
// signals/delivery.ts), which the owning thread drains into the queues.

import { NSIG, SA_NOCLDSTOP, SIG_DFL, SIG_IGN, SS_DISABLE, UNBLOCKABLE, defaultAction, sigBit } from '../syscalls/signals';

export interface SigAction {
  /** Guest address of the handler, or SIG_DFL (0) / SIG_IGN (1). */
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}

export interface AltStack { sp: number; flags: number; size: number }

/** What a queued signal carries (encoded into the guest's siginfo_t by signals/siginfo.ts). */
export interface SigInfo {
  signo: number;
  code: number;
  errno?: number;
  /** Sender (kill, sigqueue, SIGCHLD). */
  pid?: number;
  uid?: number;
  /** si_value (sigqueue, timers): the sival_ptr bits as a number. */
  value?: number;
  /** Faulting address (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP). */
  addr?: number;
  /** POSIX timers. */
  timerid?: number;
  overrun?: number;
  /** SIGCHLD: exit status or signal, user and system time in clock ticks. */
  status?: number;
  utime?: number;
  stime?: number;
  /** rt_sigqueueinfo: the caller's siginfo bytes, passed on unchanged (si_signo forced). */
  raw?: Uint8Array;
  /** Called when the signal is taken off the queue (timers track their overrun this way). */
  delivered?: () => void;
}

/**
 * Shared words (Int32Array over a SharedArrayBuffer) through which other
 * threads raise signals: [MB_PENDING_LO], [MB_PENDING_HI] are pending bits set
 * with Atomics.or; [MB_SENDER + sig] the sending pid (for si_pid).
 */
export const MB_PENDING_LO = 0, MB_PENDING_HI = 1, MB_SENDER = 2;
/**
 * [MB_CHLD_CODE], [MB_CHLD_STATUS]: si_code and si_status of a posted SIGCHLD
 * about a child (CLD_*; 0 = a plain kill). [MB_CONT_SEQ] counts SIGCONTs
 * generated for the process: a stop signal taken from the mailbox before a
 * later SIGCONT is discarded (Linux drops pending stop signals when SIGCONT is
 * generated, and SIGCONT resumes a stopped process even if blocked or ignored).
 */
export const MB_CHLD_CODE = MB_SENDER + NSIG + 1, MB_CHLD_STATUS = MB_CHLD_CODE + 1, MB_CONT_SEQ = MB_CHLD_CODE + 2;
export const MB_WORDS = MB_CONT_SEQ + 1;

/** SIGCHLD si_code values. */
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;

/** Signals whose default action stops the process: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
export const STOP_SIGNALS = sigBit(19) | sigBit(20) | sigBit(21) | sigBit(22);

export class SignalState {
  /** Indexed by signal number (1..64); [0] unused. */
  readonly actions: SigAction[] = [];
  /** Blocked signals, bit (sig-1). */
  blocked = 0n;
  /** Signals queued and not yet delivered (blocked, or awaiting delivery to a guest handler). */
  pending = 0n;
  /** siginfo of each pending standard signal; queue of each real-time signal. */
  private readonly infos: (SigInfo | undefined)[] = [];
  private readonly rtQueues: SigInfo[][] = [];
  /**
   * The mask to restore after a handler when a syscall replaced it for its
   * duration (rt_sigsuspend): the frame saves this one, not the temporary mask.
   */
  savedMask: bigint | undefined;
  altStack: AltStack = { sp: 0, flags: SS_DISABLE, size: 0 };
  /** Posted by other threads (see MB_*); drained by drainMailbox. */
  readonly mailbox = new Int32Array(new SharedArrayBuffer(MB_WORDS * 4));
  /**
   * Wake word: the CPU's exit request word once bound (signals/delivery.ts bindCpu).
   * Set to 1 + Atomics.notify when a signal may need delivery.
   */
  wake: Int32Array = new Int32Array(new SharedArrayBuffer(4));
  /** MB_CONT_SEQ when the latest stop signal was queued: a SIGCONT since then cancels it. */
  stopSeq = 0;
  /** Guest address of the sigreturn trampoline page (0: not mapped yet). */
  trampoline = 0;
  /** Queued real-time signal instances (RLIMIT_SIGPENDING). */
  get rtQueued(): number { let n = 0; for (let s = 32; s <= NSIG; s++) n += this.rtQueues[s].length; return n; }

  constructor() {
    for (let s = 0; s <= NSIG; s++) {
      this.actions.push({ handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n });
      this.rtQueues.push([]);
      this.infos.push(undefined);
    }
  }

  setBlocked(mask: bigint): void {
    this.blocked = BigInt.asUintN(64, mask) & ~UNBLOCKABLE;
  }

  isBlocked(sig: number): boolean { return (this.blocked & sigBit(sig)) !== 0n; }
  isPending(sig: number): boolean { return (this.pending & sigBit(sig)) !== 0n; }

  /** Adds a signal to the pending set; false if a standard signal was already pending (dropped). */
  enqueue(info: SigInfo): boolean {
    const sig = info.signo;
    if (sig >= 32) {
      this.rtQueues[sig].push(info);
    } else {
      if (this.isPending(sig)) return false;
      this.infos[sig] = info;
    }
    this.pending |= sigBit(sig);
    return true;
  }

  /** Removes one instance of a pending signal and returns its siginfo. */
  dequeue(sig: number): SigInfo {
    let info: SigInfo | undefined;
    if (sig >= 32) {
      const q = this.rtQueues[sig];
      info = q.shift();
      if (q.length === 0) this.pending &= ~sigBit(sig);
    } else {
      info = this.infos[sig];
      this.infos[sig] = undefined;
      this.pending &= ~sigBit(sig);
    }
    info?.delivered?.();
    return info ?? { signo: sig, code: 0 };
  }

  /** Whether this very siginfo is still queued (a timer's previous expiry not yet delivered). */
  isQueued(info: SigInfo): boolean {
    const sig = info.signo;
    return sig >= 32 ? this.rtQueues[sig].includes(info) : this.infos[sig] === info;
  }

  /** Drops every pending instance of `sig` (it became ignored). */
  discard(sig: number): void {
    this.rtQueues[sig].length = 0;
    this.infos[sig] = undefined;
    this.pending &= ~sigBit(sig);
  }

  /**
   * The signal to deliver next among `set`: synchronous fault signals first
   * (as Linux's dequeue does), then the lowest number. 0 if none.
   */
  static pick(set: bigint): number {
    if (set === 0n) return 0;
    for (const s of SYNCHRONOUS) if (set & sigBit(s)) return s;
    let sig = 1;
    while (!(set & 1n)) { set >>= 1n; sig++; }
    return sig;
  }

  /** Delivery would do nothing: SIG_IGN, or SIG_DFL whose default is to ignore (SIGCONT's continuing happens at generation). */
  ignores(sig: number): boolean {
    const h = this.actions[sig].handler;
    if (sig === 9 || sig === 19) return false;
    if (h === SIG_IGN) return true;
    const d = defaultAction(sig);
    return h === SIG_DFL && (d === 'ignore' || d === 'cont');
  }

  /**
   * Moves signals posted by other threads into the queues: SI_USER from the
   * recorded sender, or a child's SIGCHLD (CLD_*; stop/continue ones dropped
   * under SA_NOCLDSTOP).
   */
  drainMailbox(): void {
    const mb = this.mailbox;
    if (Atomics.load(mb, MB_PENDING_LO) === 0 && Atomics.load(mb, MB_PENDING_HI) === 0) return;
    // Read before taking the bits: a SIGCONT generated after this read cancels a stop taken now.
    const seq = Atomics.load(mb, MB_CONT_SEQ);
    const lo = Atomics.exchange(mb, MB_PENDING_LO, 0) >>> 0, hi = Atomics.exchange(mb, MB_PENDING_HI, 0) >>> 0;
    const bits = (BigInt(hi) << 32n) | BigInt(lo);
    if (bits & STOP_SIGNALS) this.stopSeq = seq;
    const uid = process.getuid?.() ?? 0;
    for (let sig = 1; sig <= NSIG; sig++) {
      if (!(bits & sigBit(sig))) continue;
      const pid = Atomics.load(mb, MB_SENDER + sig);
      const code = sig === 17 ? Atomics.load(mb, MB_CHLD_CODE) : 0;
      // Ignored and not blocked: never queued (Linux decides at generation), so it cannot interrupt a wait.
      if (this.ignores(sig) && !this.isBlocked(sig)) continue;
      if (code === 0) { this.enqueue({ signo: sig, code: 0 /* SI_USER */, pid, uid }); continue; }
      if ((code === CLD_STOPPED || code === CLD_CONTINUED) && (this.actions[17].flags & SA_NOCLDSTOP)) continue;
      this.enqueue({ signo: sig, code, pid, uid, status: Atomics.load(mb, MB_CHLD_STATUS) });
    }
  }

  /**
   * execve: the new image's state takes over the old one's pending signals
   * (with their siginfo) and whatever other threads posted meanwhile.
   */
  adoptPending(old: SignalState): void {
    old.drainMailbox();
    for (let sig = 1; sig <= NSIG; sig++) {
      this.infos[sig] = old.infos[sig];
      this.rtQueues[sig].push(...old.rtQueues[sig]);
    }
    this.pending |= old.pending;
    // A stop signal still pending stays cancellable by the next SIGCONT to the new mailbox.
    if (old.pending & STOP_SIGNALS) this.stopSeq = Atomics.load(this.mailbox, MB_CONT_SEQ);
  }

  /** execve semantics: handled signals revert to SIG_DFL; ignored stay ignored; mask and pending are kept. */
  resetForExec(): void {
    for (const a of this.actions) if (a.handler > 1) { a.handler = SIG_DFL; a.flags = 0; a.restorer = 0; a.mask = 0n; }
    this.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
    this.trampoline = 0;
  }
}

/** SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS: Linux's SYNCHRONOUS_MASK, delivered first. */
const SYNCHRONOUS = [11, 7, 4, 5, 8, 31];
