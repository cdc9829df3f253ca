// Signal system calls: dispositions, masks, sending to self, waiting
// (sigsuspend, sigtimedwait, pause), sleeps that signals interrupt, and the
// timer calls (timers.ts). rt_sigreturn/sigreturn are handled by
// delivery.ts handleSyscall (they replace every register, including the
// result register). kill/tkill/tgkill to another process go to the host for
// now; the process model (src/linux-user/process) routes them with postSignal.

import { E } from '../../syscalls/errno';
import { CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, TIMER_ABSTIME } from '../../syscalls/flags';
import {
  MINSIGSTKSZ, NSIG, SIGKILL, SIGSTOP, SIG_BLOCK, SIG_DFL, SIG_IGN, SIG_SETMASK, SIG_UNBLOCK, SS_DISABLE, SS_ONSTACK,
  UNBLOCKABLE, defaultAction,
} from '../../syscalls/signals';
import type { SyscallArgs } from '../args';
import { fail } from '../errors';
import type { Handler, Kernel } from '../kernel';
import { SignalState, type SigAction } from '../signal-state';
import { clockNow, monotonicNs } from '../time';
import { ERESTARTNOHAND, onAltStack, queueSignal, signalArch, waitInterruptible } from './delivery';
import { encodeSiginfo, SIGINFO_SIZE, SI_TKILL, SI_USER } from './siginfo';
import { timerSyscalls } from './timers';

const SIGSET_BYTES = 8;
const SS_AUTODISARM = 0x8000_0000;
const NS = 1_000_000_000n;

function readSigset(k: Kernel, addr: number): bigint {
  const b = k.mem.read(addr, SIGSET_BYTES);
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, k.T.model.littleEndian);
}

function sigsetBytes(k: Kernel, set: bigint): Uint8Array {
  const b = new Uint8Array(SIGSET_BYTES);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, set), k.T.model.littleEndian);
  return b;
}

const uid = () => process.getuid?.() ?? 0;

function rtSigaction(k: Kernel, a: SyscallArgs): number {
  const sig = a.int(0), act = a.ptr(1), oact = a.ptr(2);
  if (a.ulong(3) !== SIGSET_BYTES) fail(E.EINVAL);
  if (sig < 1 || sig > NSIG) fail(E.EINVAL);
  const L = k.T.TargetSigaction;
  const maskOff = L.off('sa_mask');
  let next: SigAction | undefined;
  if (act !== 0) {
    if (sig === SIGKILL || sig === SIGSTOP) fail(E.EINVAL);
    const r = k.readStruct(act, L);
    const mask = new DataView(r.bytes.buffer, r.bytes.byteOffset + maskOff, 8).getBigUint64(0, k.T.model.littleEndian);
    next = {
      handler: r.get('sa_handler'),
      flags: r.get('sa_flags') >>> 0,
      restorer: L.has('sa_restorer') ? r.get('sa_restorer') : 0,
      mask: mask & ~UNBLOCKABLE,
    };
  }
  if (oact !== 0) {
    const cur = k.signals.actions[sig];
    const w = L.writer().set('sa_handler', cur.handler).set('sa_flags', cur.flags);
    if (L.has('sa_restorer')) w.set('sa_restorer', cur.restorer);
    w.bytes.set(sigsetBytes(k, cur.mask), maskOff);
    k.write(oact, w.bytes);
  }
  if (next) {
    k.signals.actions[sig] = next;
    // POSIX: making a pending signal ignored discards it.
    const ign = next.handler === SIG_IGN || (next.handler === SIG_DFL && ['ignore', 'cont'].includes(defaultAction(sig)));
    if (ign) k.signals.discard(sig);
  }
  return 0;
}

function rtSigprocmask(k: Kernel, a: SyscallArgs): number {
  const how = a.int(0), set = a.ptr(1), oset = a.ptr(2);
  if (a.ulong(3) !== SIGSET_BYTES) fail(E.EINVAL);
  const s = k.signals;
  const old = s.blocked;
  let next: bigint | undefined;
  if (set !== 0) {
    const m = readSigset(k, set);
    switch (how) {
      case SIG_BLOCK: next = old | m; break;
      case SIG_UNBLOCK: next = old & ~m; break;
      case SIG_SETMASK: next = m; break;
      default: fail(E.EINVAL);
    }
  }
  if (oset !== 0) k.write(oset, sigsetBytes(k, old));
  if (next !== undefined) s.setBlocked(next);
  return 0;
}

function currentSp(k: Kernel): number {
  return k.cpu ? signalArch(k.arch).sp(k.cpu) : 0;
}

function sigaltstack(k: Kernel, a: SyscallArgs): number {
  const ss = a.ptr(0), oss = a.ptr(1);
  const L = k.T.TargetStack;
  const cur = k.signals.altStack;
  const sp = currentSp(k);
  const on = onAltStack(cur, sp);
  let next: typeof cur | undefined;
  if (ss !== 0) {
    const r = k.readStruct(ss, L);
    const flags = r.get('ss_flags') >>> 0;
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) fail(E.EINVAL);
    if (on) fail(E.EPERM);
    if (mode === SS_DISABLE) next = { sp: 0, flags: SS_DISABLE, size: 0 };
    else {
      const size = r.get('ss_size');
      if (size < MINSIGSTKSZ) fail(E.ENOMEM);
      next = { sp: r.get('ss_sp'), flags: flags & SS_AUTODISARM, size };
    }
  }
  if (oss !== 0) {
    const disabled = cur.size === 0 || (cur.flags & SS_DISABLE) !== 0;
    const flags = disabled ? SS_DISABLE : (on ? SS_ONSTACK : 0) | (cur.flags & SS_AUTODISARM);
    k.write(oss, L.writer().set('ss_sp', cur.sp).set('ss_flags', flags | 0).set('ss_size', cur.size).bytes);
  }
  if (next) k.signals.altStack = next;
  return 0;
}

/**
 * A signal the guest sends itself (kill/tkill/tgkill/raise) or the kernel
 * raises on it (SIGPIPE, arm's breakpoint call): queued, and delivered when
 * the syscall returns (so raise() returns after the handler, as in Linux).
 */
export function raiseSelf(k: Kernel, sig: number, code = SI_USER): number {
  if (sig === 0) return 0;
  queueSignal(k, { signo: sig, code, pid: k.pid, uid: uid() });
  return 0;
}

function checkSig(sig: number): void { if (sig < 0 || sig > NSIG) fail(E.EINVAL); }

function queueInfo(k: Kernel, pid: number, sig: number, addr: number): number {
  checkSig(sig);
  const raw = new Uint8Array(k.mem.read(addr, SIGINFO_SIZE));
  const code = new DataView(raw.buffer).getInt32(8, true);
  // Only the kernel and kill() may claim si_code >= 0 or SI_TKILL, except towards oneself.
  if ((code >= 0 || code === SI_TKILL) && pid !== k.pid) fail(E.EPERM);
  if (pid !== k.pid) fail(E.ESRCH);
  if (sig === 0) return 0;
  if (!queueSignal(k, { signo: sig, code, raw })) fail(E.EAGAIN);
  return 0;
}

/** rt_sigsuspend / pause: wait until a handler runs (the call then fails with EINTR). */
function suspend(k: Kernel, mask: bigint | undefined): number {
  const s = k.signals;
  if (mask !== undefined) { s.savedMask = s.blocked; s.setBlocked(mask); }
  waitInterruptible(k);
  return -ERESTARTNOHAND;
}

function readTimespecNs(k: Kernel, addr: number): bigint {
  const r = k.readStruct(addr, k.T.TargetTimespec);
  const sec = r.getBig('tv_sec'), nsec = r.getBig('tv_nsec');
  if (sec < 0n || nsec < 0n || nsec >= NS) fail(E.EINVAL);
  return sec * NS + nsec;
}

function writeTimespec(k: Kernel, addr: number, ns: bigint): void {
  if (ns < 0n) ns = 0n;
  k.write(addr, k.T.TargetTimespec.writer().set('tv_sec', Number(ns / NS)).set('tv_nsec', Number(ns % NS)).bytes);
}

/** A relative sleep of `ns`: 0, or -EINTR with the time left in `rem` (nanosleep never restarts). */
function sleepFor(k: Kernel, ns: bigint, rem: number): number {
  const deadline = monotonicNs() + ns;
  if (!waitInterruptible(k, deadline)) return 0;
  if (rem !== 0) writeTimespec(k, rem, deadline - monotonicNs());
  return -E.EINTR;
}

function clockNanosleep(k: Kernel, a: SyscallArgs): number {
  const clk = a.int(0), flags = a.int(1);
  if (clk === CLOCK_THREAD_CPUTIME_ID) fail(E.EINVAL);
  const now = clockNow(clk);
  if (now === undefined) fail(E.EINVAL);
  if (clk === CLOCK_PROCESS_CPUTIME_ID || clk < 0) fail(E.ENOTSUP);
  const t = readTimespecNs(k, a.ptr(2));
  if (flags & TIMER_ABSTIME) {
    // Absolute sleeps are not updated on EINTR (no remaining time).
    return waitInterruptible(k, monotonicNs() + (t - now)) ? -E.EINTR : 0;
  }
  return sleepFor(k, t, a.ptr(3));
}

function rtSigtimedwait(k: Kernel, a: SyscallArgs): number {
  const setp = a.ptr(0), infop = a.ptr(1), tsp = a.ptr(2);
  if (a.ulong(3) !== SIGSET_BYTES) fail(E.EINVAL);
  const want = readSigset(k, setp) & ~UNBLOCKABLE;
  const timeout = tsp !== 0 ? readTimespecNs(k, tsp) : undefined;
  const s = k.signals;
  const take = (): number => {
    const sig = SignalState.pick(s.pending & want);
    if (sig === 0) return 0;
    const info = s.dequeue(sig);
    if (infop !== 0) k.write(infop, encodeSiginfo(info, k.T.model.longSize));
    return sig;
  };
  s.drainMailbox();
  let sig = take();
  if (sig) return sig;
  if (timeout === 0n) fail(E.EAGAIN);
  // While waiting, the awaited signals are unblocked (they end the wait instead of running handlers).
  const saved = s.blocked;
  s.blocked = saved & ~want;
  try {
    const deadline = timeout === undefined ? undefined : monotonicNs() + timeout;
    for (;;) {
      const woke = waitInterruptible(k, deadline);
      sig = take();
      if (sig) return sig;
      if (woke) return -E.EINTR; // some other signal: its handler runs
      return fail(E.EAGAIN);
    }
  } finally {
    s.blocked = saved;
  }
}

/**
 * ppoll with no descriptors is a pure sleep (glibc's pause() on riscv64 and
 * aarch64): interruptible here, with ppoll's temporary signal mask. Calls with
 * descriptors go to the file system's ppoll.
 */
function ppoll(k: Kernel, a: SyscallArgs): number {
  if (a.uint(1) !== 0) return (require('../sys-fs') as typeof import('../sys-fs')).fsSyscalls.ppoll(k, a);
  const tsp = a.ptr(2), maskp = a.ptr(3);
  const timeout = tsp !== 0 ? readTimespecNs(k, tsp) : undefined;
  if (maskp !== 0 && a.ulong(4) !== SIGSET_BYTES) fail(E.EINVAL);
  const s = k.signals;
  if (maskp !== 0) { s.savedMask = s.blocked; s.setBlocked(readSigset(k, maskp)); }
  const deadline = timeout === undefined ? undefined : monotonicNs() + timeout;
  if (!waitInterruptible(k, deadline)) {
    if (maskp !== 0) { s.setBlocked(s.savedMask!); s.savedMask = undefined; }
    return 0;
  }
  if (tsp !== 0) writeTimespec(k, tsp, deadline! - monotonicNs());
  return -ERESTARTNOHAND;
}

export const signalSyscalls: Record<string, Handler> = {
  ppoll,
  ppoll_time64: (k, a) => k.withTime64(() => ppoll(k, a)),
  rt_sigaction: rtSigaction,
  rt_sigprocmask: rtSigprocmask,
  rt_sigpending: (k, a) => {
    if (a.ulong(1) > SIGSET_BYTES) fail(E.EINVAL);
    k.signals.drainMailbox();
    const s = k.signals;
    k.write(a.ptr(0), sigsetBytes(k, s.pending & s.blocked).subarray(0, a.ulong(1)));
    return 0;
  },
  rt_sigsuspend: (k, a) => {
    if (a.ulong(1) !== SIGSET_BYTES) fail(E.EINVAL);
    return suspend(k, readSigset(k, a.ptr(0)));
  },
  pause: (k) => suspend(k, undefined),
  rt_sigtimedwait: rtSigtimedwait,
  rt_sigtimedwait_time64: (k, a) => k.withTime64(() => rtSigtimedwait(k, a)),
  rt_sigqueueinfo: (k, a) => queueInfo(k, a.int(0), a.int(1), a.ptr(2)),
  rt_tgsigqueueinfo: (k, a) => {
    if (a.int(1) !== k.tid) fail(E.ESRCH);
    return queueInfo(k, a.int(0), a.int(2), a.ptr(3));
  },
  sigaltstack,
  kill: (k, a) => {
    const pid = a.int(0), sig = a.int(1);
    checkSig(sig);
    if (pid === k.pid || pid === 0 || pid === -1 || pid === -k.pid) return raiseSelf(k, sig);
    process.kill(pid, sig);
    return 0;
  },
  tkill: (k, a) => {
    const tid = a.int(0), sig = a.int(1);
    checkSig(sig);
    if (tid <= 0) fail(E.EINVAL);
    if (tid !== k.tid) fail(E.ESRCH);
    return raiseSelf(k, sig, SI_TKILL);
  },
  tgkill: (k, a) => {
    const tgid = a.int(0), tid = a.int(1), sig = a.int(2);
    checkSig(sig);
    if (tgid <= 0 || tid <= 0) fail(E.EINVAL);
    if (tgid !== k.pid || tid !== k.tid) fail(E.ESRCH);
    return raiseSelf(k, sig, SI_TKILL);
  },
  nanosleep: (k, a) => sleepFor(k, readTimespecNs(k, a.ptr(0)), a.ptr(1)),
  clock_nanosleep: clockNanosleep,
  clock_nanosleep_time64: (k, a) => k.withTime64(() => clockNanosleep(k, a)),
  ...timerSyscalls,
};

