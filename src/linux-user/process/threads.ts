// Guest threads (clone with CLONE_THREAD): all threads of a guest process run
// on the process's own worker, scheduled here one at a time. They share every
// piece of kernel state (memory map, fds, signal handlers) simply by sharing
// the Kernel object, and atomics are trivially atomic. A thread switch happens
// when a thread blocks (futex wait, sleep, yield, exit) and when its time
// slice ends (the process host sets the CPU's exit-request word every few ms,
// so a thread spinning in translated code returns to the CPU loop).
// Why not one worker per thread: see docs/PROCESSES.md (threads).

import type { CpuState } from '../../cpu/types';
import { E } from '../../syscalls/errno';
import { fail } from '../errors';
import type { Handler, Kernel } from '../kernel';
import type { SyscallArgs } from '../args';
import { monotonicNs, realtimeNs } from '../time';

const CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;
const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5;
const FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_CLOCK_REALTIME = 256;
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;
/** Longest run of one thread while others are runnable (ms). */
const SLICE_MS = 10;

export class GuestThread {
  state: 'run' | 'futex' | 'sleep' | 'done' = 'run';
  futexAddr = 0;
  bitset = 0;
  /** Monotonic ns at which a timed wait ends. */
  deadline: bigint | undefined;
  blocked = 0n;
  clearChildTid = 0;
  constructor(readonly tid: number, readonly cpu: CpuState) {}
}

export class Scheduler {
  readonly threads: GuestThread[] = [];
  current: GuestThread;
  /** The current thread must give up the CPU at the next opportunity. */
  switchWanted = false;
  private sliceStart = performance.now();

  constructor(private readonly k: Kernel, cpu: CpuState) {
    this.current = new GuestThread(k.tid, cpu);
    this.threads.push(this.current);
  }

  get live(): number { return this.threads.filter((t) => t.state !== 'done').length; }

  add(t: GuestThread): void { this.threads.push(t); }

  /** Time slice over? (called on syscalls and interrupts) */
  tick(): void {
    if (this.threads.length > 1 && performance.now() - this.sliceStart >= SLICE_MS) this.switchWanted = true;
  }

  /** Blocks the current thread until woken (futexWake) or `deadline`; the syscall's result is set at wake-up. */
  block(state: 'futex' | 'sleep', deadline?: bigint, addr = 0, bitset = 0): void {
    const t = this.current;
    t.state = state;
    t.futexAddr = addr;
    t.bitset = bitset;
    t.deadline = deadline;
    this.switchWanted = true;
  }

  futexWake(addr: number, n: number, bitset = FUTEX_BITSET_MATCH_ANY): number {
    let woken = 0;
    for (const t of this.threads) {
      if (woken >= n) break;
      if (t.state === 'futex' && t.futexAddr === addr && (t.bitset & bitset) !== 0) {
        t.state = 'run';
        woken++;
      }
    }
    return woken;
  }

  futexRequeue(from: number, to: number, n: number): number {
    let moved = 0;
    for (const t of this.threads) {
      if (moved >= n) break;
      if (t.state === 'futex' && t.futexAddr === from) { t.futexAddr = to; moved++; }
    }
    return moved;
  }

  /** The CPU to run next (the current one unless a switch is due). */
  next(): CpuState {
    if (!this.switchWanted) return this.current.cpu;
    this.switchWanted = false;
    const k = this.k;
    const { waitInterruptible, bindCpu } = require('../signals/delivery') as typeof import('../signals/delivery');
    const cur = this.current;
    cur.blocked = k.signals.blocked;
    cur.clearChildTid = k.clearChildTid;
    for (;;) {
      const now = monotonicNs();
      let earliest: bigint | undefined;
      for (const t of this.threads) {
        if ((t.state === 'futex' || t.state === 'sleep') && t.deadline !== undefined) {
          if (t.deadline <= now) {
            if (t.state === 'futex') k.abi.setResult(t.cpu, -E.ETIMEDOUT);
            t.state = 'run';
          } else if (earliest === undefined || t.deadline < earliest) earliest = t.deadline;
        }
      }
      // Round robin, starting after the current thread.
      const i0 = this.threads.indexOf(cur);
      let pick: GuestThread | undefined;
      for (let j = 1; j <= this.threads.length; j++) {
        const t = this.threads[(i0 + j) % this.threads.length];
        if (t.state === 'run') { pick = t; break; }
      }
      if (pick) return this.switchTo(pick, bindCpu);
      // Everyone waits: sleep until a deadline or a signal; a signal interrupts a waiting thread that takes it.
      if (waitInterruptible(k, earliest)) {
        const s = k.signals;
        const waiting = this.threads.find((t) => (t.state === 'futex' || t.state === 'sleep') && (s.pending & ~t.blocked) !== 0n);
        if (waiting) {
          k.abi.setResult(waiting.cpu, -E.EINTR);
          waiting.state = 'run';
        }
      }
    }
  }

  private switchTo(t: GuestThread, bindCpu: (k: Kernel, cpu: CpuState) => void): CpuState {
    this.threads.splice(0, this.threads.length, ...this.threads.filter((x) => x.state !== 'done' || x === t));
    const k = this.k;
    this.current = t;
    k.cpu = t.cpu;
    k.tid = t.tid;
    k.signals.setBlocked(t.blocked);
    k.clearChildTid = t.clearChildTid;
    bindCpu(k, t.cpu);
    this.sliceStart = performance.now();
    return t.cpu;
  }
}

function sched(k: Kernel): Scheduler {
  if (!k.sched) {
    k.sched = new Scheduler(k, k.cpu!);
    k.link?.preempt(k.cpu!.exitReq);
  }
  return k.sched;
}

/** clone(CLONE_THREAD): a new thread in this process, sharing everything. */
export function cloneThread(k: Kernel, flags: number, newsp: number, ptid: number, tls: number, ctid: number): number {
  const p = k.proc;
  if (!p) fail(E.ENOSYS);
  const s = sched(k);
  const tid = k.link ? (k.link.call('newtid').value as number) : k.pid + 100000 + s.threads.length;
  const parent = k.cpu!;
  const cpu = p.t.createCpu(p.mem);
  const im = require('./image') as typeof import('./image');
  im.restoreCpu(cpu, parent.regs, im.cpuFields(parent));
  k.abi.setResult(cpu, 0);
  if (newsp) p.t.start(cpu, cpu.pc, newsp);
  if (flags & CLONE_SETTLS) p.t.setTls(cpu, tls);
  const t = new GuestThread(tid, cpu);
  t.blocked = k.signals.blocked;
  if (flags & CLONE_CHILD_CLEARTID) t.clearChildTid = ctid;
  const le = k.T.model.littleEndian;
  if ((flags & CLONE_PARENT_SETTID) && ptid) k.mem.setU32(ptid, tid, le);
  if ((flags & CLONE_CHILD_SETTID) && ctid) k.mem.setU32(ctid, tid, le);
  s.add(t);
  k.link?.preempt(cpu.exitReq);
  return tid;
}

/** exit (not exit_group) of one thread while others live: CLONE_CHILD_CLEARTID store + futex wake. */
export function exitThread(k: Kernel): boolean {
  const s = k.sched;
  if (!s || s.live <= 1) return false;
  const t = s.current;
  if (k.clearChildTid) {
    try { k.mem.setU32(k.clearChildTid, 0, k.T.model.littleEndian); } catch { /* unmapped: ignored like Linux */ }
    s.futexWake(k.clearChildTid, 1);
  }
  t.state = 'done';
  s.switchWanted = true;
  return true;
}

function timeoutNs(k: Kernel, tp: number): bigint {
  const r = k.readStruct(tp, k.T.TargetTimespec);
  const sec = r.getBig('tv_sec'), nsec = r.getBig('tv_nsec');
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(E.EINVAL);
  return sec * 1_000_000_000n + nsec;
}

function realtimeToMonotonic(ns: bigint): bigint {
  return monotonicNs() + (ns - realtimeNs());
}

/** futex with other threads of this process able to wake us. */
function futex(k: Kernel, a: SyscallArgs, single: Handler): number {
  const s = k.sched;
  if (!s || s.live <= 1) return single(k, a);
  const uaddr = a.ptr(0), op = a.int(1), cmd = op & 127, val = a.uint(2);
  const le = k.T.model.littleEndian;
  if (uaddr % 4 !== 0) fail(E.EINVAL);
  switch (cmd) {
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET: {
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : a.uint(5);
      if (bitset === 0) fail(E.EINVAL);
      if (k.mem.u32(uaddr, le) !== val) fail(E.EAGAIN);
      const tp = a.ptr(3);
      let deadline: bigint | undefined;
      if (tp !== 0) {
        const t = timeoutNs(k, tp);
        if (cmd === FUTEX_WAIT) deadline = monotonicNs() + t;
        else deadline = op & FUTEX_CLOCK_REALTIME ? realtimeToMonotonic(t) : t;
      }
      s.block('futex', deadline, uaddr, bitset);
      return 0;
    }
    case FUTEX_WAKE: return s.futexWake(uaddr, val);
    case FUTEX_WAKE_BITSET: {
      const bitset = a.uint(5);
      if (bitset === 0) fail(E.EINVAL);
      return s.futexWake(uaddr, val, bitset);
    }
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE: {
      const uaddr2 = a.ptr(4), n2 = a.uint(3);
      if (cmd === FUTEX_CMP_REQUEUE && k.mem.u32(uaddr, le) !== a.uint(5)) fail(E.EAGAIN);
      const woken = s.futexWake(uaddr, val);
      return woken + s.futexRequeue(uaddr, uaddr2, n2);
    }
    case FUTEX_WAKE_OP: {
      const uaddr2 = a.ptr(4), val2 = a.uint(3), val3 = a.uint(5);
      const opc = (val3 >>> 28) & 7, cmp = (val3 >>> 24) & 15;
      let oparg = (val3 >>> 12) & 0xfff;
      const cmparg = val3 & 0xfff;
      if ((val3 >>> 28) & 8) oparg = 1 << (oparg & 31);
      const old = k.mem.u32(uaddr2, le);
      const nv = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][opc];
      if (nv === undefined) fail(E.ENOSYS);
      k.mem.setU32(uaddr2, nv >>> 0, le);
      let woken = s.futexWake(uaddr, val);
      const o = old | 0;
      const hit = [o === cmparg, o !== cmparg, o < cmparg, o <= cmparg, o > cmparg, o >= cmparg][cmp];
      if (hit) woken += s.futexWake(uaddr2, val2);
      return woken;
    }
  }
  return single(k, a);
}

/** Sleeps that only park this thread when others can run. */
function sleepFor(k: Kernel, ns: bigint): number {
  k.sched!.block('sleep', monotonicNs() + ns);
  return 0;
}

export function threadSyscalls(prev: (name: string) => Handler | undefined): Record<string, Handler> {
  const single = (n: string): Handler => prev(n) ?? (() => fail(E.ENOSYS));
  const multi = (k: Kernel): boolean => (k.sched?.live ?? 1) > 1;
  const futexSingle = single('futex');
  const futexTime64Single = single('futex_time64');
  const exitSingle = single('exit');
  const nanosleep = single('nanosleep'), clockNanosleep = single('clock_nanosleep');
  const yieldSingle = single('sched_yield');
  const tgkill = single('tgkill'), tkill = single('tkill');
  /** A signal to another thread of ours: raised in the process (delivered on whichever thread runs next). */
  const toThread = (k: Kernel, tid: number, sig: number, dflt: () => number): number => {
    const t = k.sched?.threads.find((x) => x.tid === tid && x.state !== 'done');
    if (!t || tid === k.tid) return dflt();
    if (sig < 0 || sig > 64) fail(E.EINVAL);
    if (sig === 0) return 0;
    const { raiseSelf } = require('../sys-proc') as typeof import('../sys-proc');
    return raiseSelf(k, sig);
  };
  return {
    tgkill: (k, a) => (a.int(0) === k.pid ? toThread(k, a.int(1), a.int(2), () => tgkill(k, a)) : tgkill(k, a)),
    tkill: (k, a) => toThread(k, a.int(0), a.int(1), () => tkill(k, a)),
    futex: (k, a) => futex(k, a, futexSingle),
    futex_time64: (k, a) => (multi(k) ? k.withTime64(() => futex(k, a, futexSingle)) : futexTime64Single(k, a)),
    exit: (k, a) => (exitThread(k) ? 0 : exitSingle(k, a)),
    sched_yield: (k, a) => { if (multi(k)) k.sched!.switchWanted = true; return yieldSingle(k, a); },
    nanosleep: (k, a) => {
      if (!multi(k)) return nanosleep(k, a);
      return sleepFor(k, timeoutNs(k, a.ptr(0)));
    },
    clock_nanosleep_time64: (k, a) => (multi(k) ? k.withTime64(() => clockSleep(k, a)) : single('clock_nanosleep_time64')(k, a)),
    clock_nanosleep: (k, a) => (multi(k) ? clockSleep(k, a) : clockNanosleep(k, a)),
  };
  function clockSleep(k: Kernel, a: SyscallArgs): number {
    {
      const flags = a.int(1);
      const t = timeoutNs(k, a.ptr(2));
      if (flags & 1) { // TIMER_ABSTIME
        const clk = a.int(0);
        const dl = clk === 0 ? realtimeToMonotonic(t) : t;
        k.sched!.block('sleep', dl);
        return 0;
      }
      return sleepFor(k, t);
    }
  }
}
