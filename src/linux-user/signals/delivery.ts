// Signal delivery within one guest process (QEMU's linux-user/signal.c role).
//
// Entry points for the CPU loop (run.ts):
//   handleSyscall(k, cpu)            instead of k.syscall(cpu): runs the call, then
//                                    restarts it or makes it fail with EINTR as the
//                                    signal's SA_RESTART says, and delivers pending signals
//   handleFault(k, cpu, faultAddr)   Exit.Signal / Exit.Fault: a synchronous signal
//   deliverPending(k, cpu)           Exit.Interrupt: something asked the CPU to stop
//                                    (a signal from another thread, a timer)
// Raising signals:
//   queueSignal(k, info)             on the process's own thread
//   postSignal(mailbox, sig, pid)    from any thread (see signalMailbox)
// Blocking syscalls wait with waitInterruptible(), which returns early when a
// signal becomes deliverable.
//
// A guest handler runs by building the architecture's signal frame on the
// guest stack (signals/frame-<arch>.ts) and pointing the CPU at it; its
// return lands in rt_sigreturn, which restores the saved context.

import type { Arch, CpuState } from '../../cpu/types';
import { GuestFault } from '../../memory/guest-memory';
import { PROT_EXEC, PROT_READ } from '../../memory/page-map';
import { log } from '../../log';
import { E } from '../../syscalls/errno';
import {
  SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_RESTORER, SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, SIG_DFL, SIG_IGN, SS_DISABLE, SS_ONSTACK,
  UNBLOCKABLE, defaultAction, sigBit, signalName,
} from '../../syscalls/signals';
import { GuestExit } from '../exit';
import type { Kernel } from '../kernel';
import {
  MB_CHLD_CODE, MB_CHLD_STATUS, MB_CONT_SEQ, MB_PENDING_HI, MB_PENDING_LO, MB_SENDER, STOP_SIGNALS, SignalState, type AltStack, type SigInfo,
} from '../signal-state';

const STOP_NUMBERS = [19, 20, 21, 22];
const CTL_ORPHANED = 1, CTL_SLEEPING = 2; // process/rpc.ts (not imported: this module also runs without a process host)
import { monotonicNs } from '../time';
import type { SignalArch } from './arch';
import { BUS_ADRALN, FPE_INTDIV, ILL_ILLOPC, SEGV_ACCERR, SEGV_MAPERR, SI_KERNEL, TRAP_BRKPT } from './siginfo';
import { nextTimerDeadline, pollTimers } from './timers';
import { ioChanged } from '../io-wait';

/** Kernel-internal restart codes a blocking handler returns (never seen by the guest). */
export const ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514, ERESTART_RESTARTBLOCK = 516;

const SS_AUTODISARM = 0x8000_0000;

const arches = new Map<Arch, SignalArch>();
export function signalArch(arch: Arch): SignalArch {
  let a = arches.get(arch);
  if (!a) {
    switch (arch) {
      case 'riscv64': a = (require('./frame-riscv64') as typeof import('./frame-riscv64')).riscv64Signals; break;
      case 'aarch64': a = (require('./frame-aarch64') as typeof import('./frame-aarch64')).aarch64Signals; break;
      case 'arm': a = (require('./frame-arm') as typeof import('./frame-arm')).armSignals; break;
      default: throw new Error(`no signal frames for ${arch}`);
    }
    arches.set(arch, a);
  }
  return a;
}

// ---- raising ----

/**
 * What another thread needs to raise signals in this process; structured-cloneable
 * (postMessage / workerData) with the memory shared. The wake word lives in the
 * guest's WebAssembly memory, which is passed as the Memory object: a typed-array
 * view of its buffer in workerData keeps a new worker from starting while the
 * owning thread runs guest code (measured, Node 20).
 */
export interface SignalMailbox {
  /** SignalState.mailbox: pending bits and senders (a plain SharedArrayBuffer). */
  words: Int32Array;
  /** The guest memory holding the wake word, or undefined if the word is in its own SharedArrayBuffer (`wake`). */
  memory: WebAssembly.Memory | undefined;
  wakeOffset: number;
  wake: Int32Array | undefined;
}

/** Connects the process's signal state to its CPU (the wake word); call once the CPU exists. */
export function bindCpu(k: Kernel, cpu: CpuState): void {
  k.signals.wake = cpu.exitReq;
}

export function signalMailbox(k: Kernel): SignalMailbox {
  const wake = k.signals.wake;
  return wake.buffer === k.mem.buffer
    ? { words: k.signals.mailbox, memory: k.mem.wasm, wakeOffset: wake.byteOffset, wake: undefined }
    : { words: k.signals.mailbox, memory: undefined, wakeOffset: 0, wake };
}

const wakeViews = new WeakMap<SignalMailbox, Int32Array>();
function wakeWord(mb: SignalMailbox): Int32Array {
  let w = mb.wake ?? wakeViews.get(mb);
  if (!w) { w = new Int32Array(mb.memory!.buffer, mb.wakeOffset, 1); wakeViews.set(mb, w); }
  return w;
}

/**
 * Raises `sig` in the process owning `mb`, from any thread (cross-process kill,
 * host signals such as SIGINT): sets the pending bit, records the sender for
 * si_pid, and makes running guest code return to its CPU loop / wakes a
 * blocking syscall. The owning thread queues it as SI_USER.
 */
export function postSignal(mb: SignalMailbox, sig: number, fromPid: number, chld?: { code: number; status: number }): void {
  if (sig < 1 || sig > 64) return;
  Atomics.store(mb.words, MB_SENDER + sig, fromPid);
  if (sig === SIGCHLD) {
    Atomics.store(mb.words, MB_CHLD_CODE, chld?.code ?? 0);
    Atomics.store(mb.words, MB_CHLD_STATUS, chld?.status ?? 0);
  }
  const lo = Number(STOP_SIGNALS & 0xffff_ffffn);
  if (sig === SIGCONT) {
    // Generating SIGCONT discards pending stop signals and resumes a stopped process (stopProcess).
    Atomics.and(mb.words, MB_PENDING_LO, ~lo);
    Atomics.add(mb.words, MB_CONT_SEQ, 1);
  } else if (sigBit(sig) & STOP_SIGNALS) {
    Atomics.and(mb.words, MB_PENDING_LO, ~(1 << (SIGCONT - 1)));
  }
  Atomics.or(mb.words, sig <= 32 ? MB_PENDING_LO : MB_PENDING_HI, 1 << ((sig - 1) & 31));
  requestExit(wakeWord(mb));
  ioChanged(); // a poll/epoll/read waiting on a signalfd re-checks now, not at the end of its slice
}

/** Makes translated code return to the CPU loop soon, and wakes a waitInterruptible(). */
export function requestExit(wake: Int32Array): void {
  Atomics.store(wake, 0, 1);
  Atomics.notify(wake, 0);
}

/** True if delivering `sig` now would do nothing (ignored explicitly or by default). */
function ignored(k: Kernel, sig: number): boolean {
  if (sig === SIGKILL) return false;
  const h = k.signals.actions[sig].handler;
  if (h === SIG_IGN) return true;
  if (h !== SIG_DFL) return false;
  const d = defaultAction(sig);
  // Without a process host (single-process mode) nobody could continue a stopped process: ignored.
  return d === 'ignore' || d === 'cont' || (d === 'stop' && !k.link);
}

/**
 * Queues a signal for this process (on its own thread): kill/tgkill to self,
 * sigqueue, timers, SIGPIPE. Ignored signals are dropped unless blocked (the
 * disposition may change before they are unblocked), as in Linux.
 * Returns false if a real-time signal could not be queued (EAGAIN).
 */
export function queueSignal(k: Kernel, info: SigInfo): boolean {
  const s = k.signals, sig = info.signo;
  if (sig === 0) return true;
  const stop = defaultAction(sig) === 'stop' && s.actions[sig].handler === SIG_DFL;
  if (stop && !k.link) k.unimp(`sig-stop-${sig}`, `${signalName(sig)}: stopping needs the process host (single-process mode); ignored`);
  // As at generation in Linux: SIGCONT discards pending stop signals, a stop signal a pending SIGCONT.
  if (sig === SIGCONT) for (const x of STOP_NUMBERS) s.discard(x);
  else if (sigBit(sig) & STOP_SIGNALS) { s.discard(SIGCONT); s.stopSeq = Atomics.load(s.mailbox, MB_CONT_SEQ); }
  if (ignored(k, sig) && !s.isBlocked(sig)) return true;
  if (sig >= 32 && s.rtQueued >= Number(k.rlimits[11]?.cur ?? 1024n)) return false;
  s.enqueue(info);
  requestExit(s.wake);
  return true;
}

/**
 * A deliverable signal is pending (unblocked); drains the mailbox and expired
 * timers first. A pending stop signal (default action) stops the process right
 * here, so a blocking call (sleep, pipe read, wait4) carries on afterwards with
 * its deadline, as Linux restarts it after a stop.
 */
export function signalPending(k: Kernel): boolean {
  const s = k.signals;
  s.drainMailbox();
  pollTimers(k);
  takeStops(k);
  return (s.pending & ~s.blocked) !== 0n;
}

/**
 * Acts on pending stop signals (default action) before anything else. Linux
 * delivers the lowest signal number first, but there a stop takes effect
 * within microseconds of kill(); here the target may need much longer to get
 * to its signals (e.g. still loading a program), so `kill -STOP $p; kill
 * -TERM $p` would find both pending: stopping first keeps SIGTERM pending
 * until SIGCONT, which is what the sender sees on Linux.
 */
function takeStops(k: Kernel): void {
  const s = k.signals;
  if (!k.link || !(s.pending & ~s.blocked & STOP_SIGNALS)) return;
  for (const sig of STOP_NUMBERS) {
    if (s.isPending(sig) && !s.isBlocked(sig) && s.actions[sig].handler === SIG_DFL) { s.dequeue(sig); stopProcess(k, sig); }
  }
}

/**
 * Blocks until a signal is deliverable (true) or `deadline` (monotonic ns)
 * passes (false); no deadline waits for a signal only. Timers firing meanwhile
 * queue their signals. Uses Atomics.wait on the wake word, so postSignal from
 * another thread (or the timer thread) ends the wait at once.
 */
export function waitInterruptible(k: Kernel, deadline?: bigint): boolean {
  // /proc/<pid>/stat shows S while the process sleeps here.
  const ctl = k.link?.ctl;
  if (ctl) Atomics.store(ctl, CTL_SLEEPING, 1);
  try { return sleepInterruptible(k, deadline); } finally { if (ctl) Atomics.store(ctl, CTL_SLEEPING, 0); }
}

function sleepInterruptible(k: Kernel, deadline?: bigint): boolean {
  const wake = k.signals.wake;
  for (;;) {
    Atomics.store(wake, 0, 0);
    if (signalPending(k)) { Atomics.store(wake, 0, 1); return true; }
    const now = monotonicNs();
    if (deadline !== undefined && now >= deadline) return false;
    let until = deadline;
    const t = nextTimerDeadline(k);
    if (t !== undefined && (until === undefined || t < until)) until = t;
    const ms = until === undefined ? Infinity : Math.max(0, Number(until - now) / 1e6);
    Atomics.wait(wake, 0, 0, ms);
  }
}

// ---- the CPU loop's side ----

/** Runs the system call the CPU stopped at, then handles restarts and delivers pending signals. */
export function handleSyscall(k: Kernel, cpu: CpuState): void {
  const name = k.table.name(k.abi.nr(cpu));
  if (name === 'rt_sigreturn' || name === 'sigreturn') {
    sigreturn(k, cpu, name === 'rt_sigreturn');
    deliverPending(k, cpu);
    return;
  }
  const arch = signalArch(k.arch);
  const slots = arch.arg0Slots;
  const a0 = cpu.regs[slots[0]], a0h = slots.length > 1 ? cpu.regs[slots[1]] : 0;
  k.syscall(cpu);
  const s = k.signals;
  const ret = cpu.regs[slots[0]];
  const restart = ret === -ERESTARTSYS || ret === -ERESTARTNOINTR || ret === -ERESTARTNOHAND || ret === -ERESTART_RESTARTBLOCK;
  if (!restart && s.savedMask === undefined && cpu.exitReq[0] === 0 && (s.pending & ~s.blocked) === 0n) return;
  deliverPending(k, cpu, restart ? { code: -ret, a0, a0h } : undefined);
}

interface Restart { code: number; a0: number; a0h: number }

/**
 * The synchronous signal of an Exit.Signal / Exit.Fault (cpu.exitArg, default
 * SIGSEGV) at cpu.pc: delivered to the guest handler at once, or the default
 * action. `faultAddress` gives the faulting data address (Engine.faultAddress).
 */
export function handleFault(k: Kernel, cpu: CpuState, faultAddress: () => number): void {
  const sig = cpu.exitArg || 11;
  const pc = k.arch === 'arm' ? cpu.pc & ~1 : cpu.pc;
  let info: SigInfo;
  switch (sig) {
    case 11: {
      const addr = faultAddress();
      const mapped = addr >= 0 && k.mem.pages.protAt(addr) !== 0;
      info = { signo: sig, code: mapped ? SEGV_ACCERR : SEGV_MAPERR, addr: addr >= 0 ? addr : 0 };
      break;
    }
    case 7: { const addr = faultAddress(); info = { signo: sig, code: BUS_ADRALN, addr: addr >= 0 ? addr : pc }; break; }
    case 4: info = { signo: sig, code: ILL_ILLOPC, addr: pc }; break;
    case 5: info = { signo: sig, code: TRAP_BRKPT, addr: pc }; break;
    case 8: info = { signo: sig, code: FPE_INTDIV, addr: pc }; break;
    default: info = { signo: sig, code: SI_KERNEL };
  }
  const s = k.signals;
  const act = s.actions[sig];
  // force_sig: a blocked or ignored synchronous signal kills (handler reset to SIG_DFL).
  if (s.isBlocked(sig) || act.handler === SIG_IGN) {
    s.actions[sig] = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };
    s.blocked &= ~sigBit(sig);
  }
  if (s.actions[sig].handler === SIG_DFL && log.on('unimp') && sig === 4) log.write('unimp', `illegal instruction at 0x${pc.toString(16)}`);
  if (s.isPending(sig) && sig < 32) s.dequeue(sig); // the fault's own siginfo wins
  s.enqueue(info);
  deliverPending(k, cpu);
}

/**
 * Delivers every deliverable pending signal: default actions, or a frame per
 * handled signal (the last one set up runs first, as in Linux). `restart`
 * describes a blocking syscall that stopped with an ERESTART* code.
 */
export function deliverPending(k: Kernel, cpu: CpuState, restart?: Restart): void {
  const s = k.signals;
  Atomics.store(cpu.exitReq, 0, 0);
  s.drainMailbox();
  pollTimers(k);
  takeStops(k);
  const arch = signalArch(k.arch);
  for (;;) {
    const sig = SignalState.pick(s.pending & ~s.blocked);
    if (sig === 0) break;
    const info = s.dequeue(sig);
    const act = s.actions[sig];
    if (sig === SIGKILL || act.handler === SIG_DFL) {
      const d = defaultAction(sig);
      if (d === 'stop' && sig !== SIGKILL) { if (k.link) stopProcess(k, sig); continue; }
      if (d === 'ignore' || d === 'cont') continue;
      throw new GuestExit(128 + sig, sig);
    }
    if (act.handler === SIG_IGN) continue;
    if (restart) {
      // The interrupted call: EINTR, or run again if the handler says SA_RESTART.
      const again = restart.code === ERESTARTNOINTR || (restart.code === ERESTARTSYS && (act.flags & SA_RESTART) !== 0);
      if (again) restartSyscall(k, cpu, arch, restart);
      else k.abi.setResult(cpu, -E.EINTR);
      restart = undefined;
    }
    setupFrame(k, cpu, arch, sig, info);
  }
  if (restart) {
    // No handler ran: the call starts over (Linux restarts ERESTART_RESTARTBLOCK via restart_syscall).
    if (restart.code === ERESTART_RESTARTBLOCK) k.abi.setResult(cpu, -E.EINTR);
    else restartSyscall(k, cpu, arch, restart);
  }
  if (s.savedMask !== undefined) { s.setBlocked(s.savedMask); s.savedMask = undefined; }
}

/**
 * The default action of a stop signal: every thread of the process stops
 * (they all run on this worker) until a SIGCONT or SIGKILL is generated for
 * it. The process host reports the stop and the continuation to the parent
 * (wait4 WUNTRACED/WCONTINUED, SIGCHLD CLD_STOPPED/CLD_CONTINUED).
 */
function stopProcess(k: Kernel, sig: number): void {
  const s = k.signals, mb = s.mailbox;
  if (Atomics.load(mb, MB_CONT_SEQ) !== s.stopSeq) return; // a SIGCONT came after it: discarded
  // Terminal stop signals do not stop an orphaned process group (nobody in the session could continue it).
  if (sig !== SIGSTOP && Atomics.load(k.link!.ctl, CTL_ORPHANED)) return;
  // A SIGKILL already taken from the mailbox (it came with the stop, e.g. both sent before this
  // process first ran) ends the process instead: the loop below only watches the mailbox.
  if (s.isPending(SIGKILL)) return;
  k.link!.notify('stop', { sig });
  const wake = s.wake;
  for (;;) {
    Atomics.store(wake, 0, 0);
    if (Atomics.load(mb, MB_CONT_SEQ) !== s.stopSeq) break;
    if (Atomics.load(mb, MB_PENDING_LO) & (1 << (SIGKILL - 1)) || s.isPending(SIGKILL)) break;
    // postSignal wakes this; the timeout only guards against a wake word shared with a preemption tick.
    Atomics.wait(wake, 0, 0, 200);
  }
  Atomics.store(wake, 0, 1);
  if (Atomics.load(mb, MB_CONT_SEQ) !== s.stopSeq) k.link!.notify('cont', {});
  s.drainMailbox();
}

function restartSyscall(k: Kernel, cpu: CpuState, arch: SignalArch, r: Restart): void {
  cpu.pc -= arch.syscallLen(cpu);
  cpu.regs[arch.arg0Slots[0]] = r.a0;
  if (arch.arg0Slots.length > 1) cpu.regs[arch.arg0Slots[1]] = r.a0h;
}

/** sas_ss_flags: SS_ONSTACK if sp is on the alternate stack, SS_DISABLE if there is none. */
export function onAltStack(st: AltStack, sp: number): boolean {
  return st.size !== 0 && !(st.flags & SS_DISABLE) && sp > st.sp && sp - st.sp <= st.size;
}

function altStackFlags(st: AltStack, sp: number): number {
  if (st.size === 0 || (st.flags & SS_DISABLE)) return SS_DISABLE;
  return (onAltStack(st, sp) ? SS_ONSTACK : 0) | (st.flags & SS_AUTODISARM);
}

function setupFrame(k: Kernel, cpu: CpuState, arch: SignalArch, sig: number, info: SigInfo): void {
  const s = k.signals;
  const act = { ...s.actions[sig] };
  const sp = arch.sp(cpu);
  const alt = s.altStack;
  const ucStack: AltStack = { sp: alt.sp, flags: altStackFlags(alt, sp) >>> 0, size: alt.size };
  let top = sp;
  const enabled = alt.size !== 0 && !(alt.flags & SS_DISABLE);
  if ((act.flags & SA_ONSTACK) && enabled && !onAltStack(alt, sp)) {
    // Not on the alternate stack yet: switch to its top.
    top = alt.sp + alt.size;
    if (alt.flags & SS_AUTODISARM) s.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
  }
  const mask = s.savedMask ?? s.blocked;
  s.savedMask = undefined;
  try {
    arch.setup(k, cpu, { sig, info, act, mask, top, ucStack, tramp: act.flags & SA_RESTORER && k.arch !== 'riscv64' ? 0 : trampoline(k, arch) });
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    // The frame cannot be written (stack overflow, bad sigaltstack): SIGSEGV, uncatchable now.
    k.unimp('sigframe-fault', `${signalName(sig)}: cannot write the signal frame at 0x${e.addr.toString(16)}; killed by SIGSEGV`);
    throw new GuestExit(128 + 11, 11);
  }
  s.setBlocked(s.blocked | act.mask | (act.flags & SA_NODEFER ? 0n : sigBit(sig)));
  if (act.flags & SA_RESETHAND) s.actions[sig] = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };
}

/** The page holding the arch's sigreturn trampolines, mapped on first use (our stand-in for the vDSO / sigpage). */
function trampoline(k: Kernel, arch: SignalArch): number {
  const s = k.signals;
  if (s.trampoline && (k.mem.pages.protAt(s.trampoline) & PROT_EXEC)) return s.trampoline;
  const addr = k.mm.findFree(4096);
  k.mem.pages.map(addr, 4096, PROT_READ | PROT_EXEC, '[sigpage]');
  k.mem.fill(addr, 4096, 0);
  k.mem.poke(addr, arch.trampCode);
  s.trampoline = addr;
  return addr;
}

/** rt_sigreturn / sigreturn: restores the context saved by setupFrame. */
function sigreturn(k: Kernel, cpu: CpuState, rt: boolean): void {
  const s = k.signals;
  const arch = signalArch(k.arch);
  let saved: { mask: bigint; stack: AltStack };
  try {
    saved = arch.restore(k, cpu, rt);
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    throw new GuestExit(128 + 11, 11); // bad frame: force SIGSEGV
  }
  s.setBlocked(saved.mask & ~UNBLOCKABLE);
  if (rt) {
    // restore_altstack: like sigaltstack(&uc_stack), errors ignored.
    const st = saved.stack;
    const sp = arch.sp(cpu);
    if (!onAltStack(s.altStack, sp)) {
      const mode = st.flags & ~SS_AUTODISARM & ~SS_ONSTACK;
      if (mode === SS_DISABLE) s.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
      else if (mode === 0 && st.size >= 2048) s.altStack = { sp: st.sp, flags: st.flags & SS_AUTODISARM, size: st.size };
    }
  }
}
