// Waiting for I/O readiness across guest processes and the net host.
//
// Every guest process runs on its own worker and the net host (sockets) on the
// main thread, so readiness changes come from other threads. Instead of one
// wait word per file, all of them bump one emulator-wide sequence word
// (SharedTables.counters[IO_SEQ]) and notify it: a blocked poll/epoll/recv
// reads the word, checks its files, and Atomics.waits for the word to move.
// A change wakes every waiter (they re-check and mostly sleep again), which is
// cheap at the scale of one emulator's guest processes, and needs no
// registration of waiters anywhere.
//
// Signals arrive on another word (the CPU's exit request), so the wait is cut
// into slices and looks for deliverable signals in between (EINTR latency is at
// most one slice). With other guest threads runnable, a thread that must wait
// is parked for a short slice instead (see parkOrWait) and its call restarted.

import { E } from '../syscalls/errno';
import { SysError } from './errors';
import type { Kernel } from './kernel';
import { shared } from './process/shared';
import { monotonicNs } from './time';

const IO_SEQ = 2;
/** Longest single Atomics.wait before looking for signals (ms). */
const SLICE_MS = 10;
/** How long a parked green thread sleeps before its call is retried (ns). */
const PARK_NS = 2_000_000n;
/** Kernel restart codes (signals/delivery.ts). */
export const ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514;

export function ioSeq(): number { return Atomics.load(shared().counters, IO_SEQ); }

/** Something some waiter may be waiting for happened (data, space, a connection, a close). */
export function ioChanged(): void {
  const c = shared().counters;
  Atomics.add(c, IO_SEQ, 1);
  Atomics.notify(c, IO_SEQ);
}

/** Earliest monotonic time at which a file checked by the current scan becomes ready by itself (timerfd). */
let selfWake: bigint | undefined;

/** Called from readiness checks of files that become ready with time alone: the wait ends by then. */
export function wakeAt(monoNs: bigint): void {
  if (selfWake === undefined || monoNs < selfWake) selfWake = monoNs;
}

/** Absolute deadlines of calls restarted after parking, by thread (so a timeout is not re-armed). */
const resumed = new WeakMap<object, bigint | undefined>();

export interface WaitOptions {
  /** Relative timeout in ns; undefined waits forever, 0 only checks. */
  timeoutNs?: bigint;
  /** Error for an interrupted wait: ERESTARTSYS (recv, accept), ERESTARTNOHAND (poll, select), EINTR (epoll). */
  interrupted?: number;
}

/**
 * Calls `ready` until it returns a value (returned), the timeout passes
 * (undefined) or a signal arrives (throws `interrupted`). `ready` must be
 * cheap; it runs again after every change anywhere in the emulator.
 */
export function waitFor<T>(k: Kernel, ready: () => T | undefined, o: WaitOptions = {}): T | undefined {
  const sched = k.sched;
  const me = sched?.current;
  let deadline: bigint | undefined;
  if (me && resumed.has(me)) { deadline = resumed.get(me); resumed.delete(me); }
  else if (o.timeoutNs !== undefined) deadline = monotonicNs() + o.timeoutNs;
  const { signalPending } = require('./signals/delivery') as typeof import('./signals/delivery');
  const { nextTimerDeadline } = require('./signals/timers') as typeof import('./signals/timers');
  const c = shared().counters;
  for (;;) {
    const seq = Atomics.load(c, IO_SEQ);
    selfWake = undefined;
    const r = ready();
    if (r !== undefined) return r;
    const now = monotonicNs();
    if (o.timeoutNs === 0n || (deadline !== undefined && now >= deadline)) return undefined;
    if (signalPending(k)) throw new SysError(o.interrupted ?? ERESTARTSYS);
    if (sched && me && sched.live > 1) {
      // Let the other threads run; this call starts over after a short nap.
      resumed.set(me, deadline);
      const until = now + PARK_NS;
      sched.block('sleep', deadline !== undefined && deadline < until ? deadline : until);
      throw new SysError(ERESTARTNOINTR);
    }
    let until = deadline;
    for (const t of [nextTimerDeadline(k), selfWake]) if (t !== undefined && (until === undefined || t < until)) until = t;
    const ms = until === undefined ? SLICE_MS : Math.min(SLICE_MS, Math.max(0, Number(until - now) / 1e6));
    Atomics.wait(c, IO_SEQ, seq, ms);
  }
}

/** waitFor that must produce a value: a timeout becomes EAGAIN (SO_RCVTIMEO/SO_SNDTIMEO expiry). */
export function waitOrAgain<T>(k: Kernel, ready: () => T | undefined, o: WaitOptions = {}): T {
  const r = waitFor(k, ready, o);
  if (r === undefined) throw new SysError(E.EAGAIN);
  return r;
}
