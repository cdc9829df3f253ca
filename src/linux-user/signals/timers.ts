// Interval timers (alarm, setitimer/getitimer) and POSIX timers (timer_*),
// per process. Deadlines are CLOCK_MONOTONIC nanoseconds (process.hrtime);
// expired timers queue their signal when the process next looks
// (pollTimers: after syscalls, in blocking waits, on Exit.Interrupt).
//
// While guest code runs in translated code nothing looks, so a small helper
// thread (started with the first armed timer) sleeps until the earliest
// deadline and then sets the CPU's exit request word (Atomics.store +
// notify), which brings the CPU back to its loop. ITIMER_VIRTUAL and
// ITIMER_PROF count wall-clock time here, not CPU time (an approximation:
// the guest is the only thing this process runs).

import { Worker } from 'worker_threads';
import { E } from '../../syscalls/errno';
import { TIMER_ABSTIME } from '../../syscalls/flags';
import type { StructLayout } from '../../syscalls/layout';
import { fail } from '../errors';
import type { SyscallArgs } from '../args';
import type { Handler, Kernel } from '../kernel';
import type { SigInfo } from '../signal-state';
import { clockNow, monotonicNs } from '../time';
import { SI_KERNEL, SI_TIMER } from './siginfo';

const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
const ITIMER_SIGNALS = [14 /* SIGALRM */, 26 /* SIGVTALRM */, 27 /* SIGPROF */];
const NS = 1_000_000_000n;

interface Timer {
  sig: number;
  notify: number;
  clock: number;
  id: number;
  value: number;
  /** Monotonic ns of the next expiry; 0n = disarmed. */
  deadline: bigint;
  interval: bigint;
  /** The siginfo of the last expiry (still queued → later expiries count as overruns). */
  info?: SigInfo & { overrun: number };
  lastOverrun: number;
  itimer: boolean;
}

interface TimerHelper { worker: Worker; ctl32: Int32Array; ctl64: BigInt64Array; wake: Int32Array; posted: bigint }

class Timers {
  readonly itimers: Timer[] = ITIMER_SIGNALS.map((sig, i) => ({
    sig, notify: SIGEV_SIGNAL, clock: 1, id: i, value: 0, deadline: 0n, interval: 0n, lastOverrun: 0, itimer: true,
  }));
  readonly posix = new Map<number, Timer>();
  helper: TimerHelper | undefined;
  *all(): Iterable<Timer> { yield* this.itimers; yield* this.posix.values(); }
}

const perKernel = new WeakMap<Kernel, Timers>();
function timers(k: Kernel): Timers {
  let t = perKernel.get(k);
  if (!t) { t = new Timers(); perKernel.set(k, t); }
  return t;
}

/** Earliest deadline of a timer that raises a signal (monotonic ns), or undefined. */
export function nextTimerDeadline(k: Kernel): bigint | undefined {
  const t = perKernel.get(k);
  if (!t) return undefined;
  let next: bigint | undefined;
  for (const x of t.all()) if (x.deadline !== 0n && x.notify !== SIGEV_NONE && (next === undefined || x.deadline < next)) next = x.deadline;
  return next;
}

/** Queues the signals of expired timers and re-arms periodic ones. */
export function pollTimers(k: Kernel): void {
  const t = perKernel.get(k);
  if (!t) return;
  let now: bigint | undefined;
  for (const x of t.all()) {
    if (x.deadline === 0n) continue;
    now ??= monotonicNs();
    if (x.deadline <= now) fire(k, x, now);
  }
  if (now !== undefined) updateHelper(k, t);
}

function fire(k: Kernel, x: Timer, now: bigint): void {
  let missed = 0;
  if (x.interval > 0n) {
    const n = (now - x.deadline) / x.interval + 1n;
    x.deadline += n * x.interval;
    missed = Number(n - 1n);
  } else {
    x.deadline = 0n;
  }
  if (x.notify === SIGEV_NONE) return;
  if (x.info && k.signals.isQueued(x.info)) { x.info.overrun += 1 + missed; return; }
  const info: SigInfo & { overrun: number } = x.itimer
    ? { signo: x.sig, code: SI_KERNEL, overrun: missed }
    : { signo: x.sig, code: SI_TIMER, timerid: x.id, overrun: missed, value: x.value };
  info.delivered = () => { x.lastOverrun = info.overrun; };
  x.info = info;
  // Lazy import: delivery.ts imports this module.
  (require('./delivery') as typeof import('./delivery')).queueSignal(k, info);
}

/**
 * execve: the interval timers (alarm, setitimer) keep running in the new
 * image; POSIX timers (timer_create) are deleted. The new image's helper
 * thread starts at its first poll (after its wake word is bound).
 */
export function inheritItimers(from: Kernel, to: Kernel): void {
  const old = perKernel.get(from);
  if (!old) return;
  if (old.helper) { void old.helper.worker.terminate(); old.helper = undefined; }
  const t = timers(to);
  old.itimers.forEach((x, i) => { t.itimers[i].deadline = x.deadline; t.itimers[i].interval = x.interval; });
}

// ---- the helper thread ----

const HELPER_SRC = `
const { workerData } = require('worker_threads');
const { ctl32, ctl64 } = workerData;
const wake = workerData.wake ?? new Int32Array(workerData.memory.buffer, workerData.wakeOffset, 1);
for (;;) {
  const gen = Atomics.load(ctl32, 0);
  const d = Atomics.load(ctl64, 1);
  if (d === 0n) { Atomics.wait(ctl32, 0, gen); continue; }
  const left = Number(d - process.hrtime.bigint()) / 1e6;
  if (left > 0) { Atomics.wait(ctl32, 0, gen, left); continue; }
  Atomics.store(wake, 0, 1);
  Atomics.notify(wake, 0);
  Atomics.wait(ctl32, 0, gen); // until the owner posts the next deadline
}`;

/** Tells the helper thread the earliest deadline (starting it on first need). */
function updateHelper(k: Kernel, t: Timers): void {
  const next = nextTimerDeadline(k) ?? 0n;
  let h = t.helper;
  if (h && h.wake !== k.signals.wake) { void h.worker.terminate(); h = t.helper = undefined; }
  if (!h) {
    if (next === 0n) return;
    const sab = new SharedArrayBuffer(16);
    const ctl32 = new Int32Array(sab), ctl64 = new BigInt64Array(sab);
    const wake = k.signals.wake;
    // A view of the WebAssembly memory's buffer in workerData keeps the worker from
    // starting while this thread is busy (measured, Node 20); the Memory object does not.
    const where = wake.buffer === k.mem.buffer ? { memory: k.mem.wasm, wakeOffset: wake.byteOffset } : { wake };
    const worker = new Worker(HELPER_SRC, { eval: true, workerData: { ctl32, ctl64, ...where } });
    worker.unref();
    h = t.helper = { worker, ctl32, ctl64, wake, posted: 0n };
  }
  if (next === h.posted) return;
  h.posted = next;
  Atomics.store(h.ctl64, 1, next);
  Atomics.add(h.ctl32, 0, 1);
  Atomics.notify(h.ctl32, 0);
}

// ---- syscalls ----

function nsToParts(ns: bigint, unit: bigint): [number, number] {
  if (ns < 0n) ns = 0n;
  return [Number(ns / NS), Number((ns % NS) / unit)];
}

function readPair(k: Kernel, addr: number, L: StructLayout, sub: 'tv_usec' | 'tv_nsec'): bigint {
  const r = k.readStruct(addr, L);
  const sec = r.getBig('tv_sec'), frac = r.getBig(sub);
  const max = sub === 'tv_usec' ? 1_000_000n : NS;
  if (sec < 0n || frac < 0n || frac >= max) fail(E.EINVAL);
  return sec * NS + frac * (sub === 'tv_usec' ? 1000n : 1n);
}

function writePair(k: Kernel, addr: number, L: StructLayout, sub: 'tv_usec' | 'tv_nsec', ns: bigint): void {
  const [s, f] = nsToParts(ns, sub === 'tv_usec' ? 1000n : 1n);
  k.write(addr, L.writer().set('tv_sec', s).set(sub, f).bytes);
}

/** Remaining time and interval of a timer. */
function current(x: Timer): [bigint, bigint] {
  if (x.deadline === 0n) return [0n, x.interval];
  let left = x.deadline - monotonicNs();
  if (left <= 0n) left = 1n; // expired but not yet polled: Linux reports a tiny remainder too
  return [left, x.interval];
}

function arm(k: Kernel, x: Timer, value: bigint, interval: bigint): void {
  x.interval = interval;
  x.deadline = value === 0n ? 0n : monotonicNs() + value;
  if (x.info && !k.signals.isQueued(x.info)) x.info = undefined;
  if (!x.itimer) {
    // timer_settime forgets overruns (Linux: it_overrun_last = 0; a still-queued expiry is delivered as is).
    x.lastOverrun = 0;
    if (x.info) { x.info.overrun = 0; x.info.delivered = undefined; }
  }
  updateHelper(k, timers(k));
}

function itimer(k: Kernel, which: number): Timer {
  if (which < 0 || which > 2) fail(E.EINVAL);
  return timers(k).itimers[which];
}

function getitimer(k: Kernel, which: number, addr: number): void {
  const [left, iv] = current(itimer(k, which));
  const L = k.T.TargetTimeval;
  // Round up to a microsecond so a running timer never reads as disarmed.
  const up = (ns: bigint) => (ns + 999n) / 1000n * 1000n;
  writePair(k, addr, L, 'tv_usec', up(iv));
  writePair(k, addr + L.size, L, 'tv_usec', up(left));
}

function setitimer(k: Kernel, a: SyscallArgs): number {
  const which = a.int(0), nv = a.ptr(1), ov = a.ptr(2);
  const x = itimer(k, which);
  const L = k.T.TargetTimeval;
  let next: [bigint, bigint] | undefined;
  if (nv !== 0) next = [readPair(k, nv + L.size, L, 'tv_usec'), readPair(k, nv, L, 'tv_usec')];
  if (ov !== 0) getitimer(k, which, ov);
  if (next) arm(k, x, next[0], next[1]);
  else if (nv === 0) arm(k, x, 0n, 0n); // Linux treats a NULL new value as zero (disarm)
  return 0;
}

function alarm(k: Kernel, a: SyscallArgs): number {
  const x = itimer(k, 0);
  const [left] = current(x);
  arm(k, x, BigInt(a.uint(0)) * NS, 0n);
  // Seconds left of the old alarm, rounded to nearest, at least 1 if it was armed.
  let old = Number(left / NS);
  if ((left % NS) >= NS / 2n || (old === 0 && left > 0n)) old++;
  return old;
}

function timerCreate(k: Kernel, a: SyscallArgs): number {
  const clock = a.int(0), sevp = a.ptr(1), idp = a.ptr(2);
  if (clockNow(clock) === undefined) fail(E.EINVAL);
  const t = timers(k);
  let id = 0;
  while (t.posix.has(id)) id++;
  const x: Timer = { sig: 14, notify: SIGEV_SIGNAL, clock, id, value: id, deadline: 0n, interval: 0n, lastOverrun: 0, itimer: false };
  if (sevp !== 0) {
    const ptr = k.T.model.longSize;
    const b = k.mem.read(sevp, ptr + 12);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    x.value = ptr === 8 ? dv.getUint32(4, true) * 0x1_0000_0000 + dv.getUint32(0, true) : dv.getUint32(0, true);
    x.sig = dv.getInt32(ptr, true);
    x.notify = dv.getInt32(ptr + 4, true);
    const tid = dv.getInt32(ptr + 8, true);
    if (x.notify === SIGEV_THREAD_ID) { if (tid !== k.tid) fail(E.EINVAL); x.notify = SIGEV_SIGNAL; }
    else if (x.notify === SIGEV_THREAD || (x.notify !== SIGEV_SIGNAL && x.notify !== SIGEV_NONE)) fail(E.EINVAL);
    if (x.notify !== SIGEV_NONE && (x.sig < 1 || x.sig > 64)) fail(E.EINVAL);
  }
  k.mem.setU32(idp, id);
  t.posix.set(id, x);
  return 0;
}

function posixTimer(k: Kernel, id: number): Timer {
  return timers(k).posix.get(id) ?? fail(E.EINVAL);
}

function timerGettime(k: Kernel, a: SyscallArgs): number {
  const x = posixTimer(k, a.int(0));
  const [left, iv] = current(x);
  const L = k.T.TargetTimespec;
  writePair(k, a.ptr(1), L, 'tv_nsec', iv);
  writePair(k, a.ptr(1) + L.size, L, 'tv_nsec', left);
  return 0;
}

function timerSettime(k: Kernel, a: SyscallArgs): number {
  const x = posixTimer(k, a.int(0));
  const flags = a.int(1), nv = a.ptr(2), ov = a.ptr(3);
  const L = k.T.TargetTimespec;
  const iv = readPair(k, nv, L, 'tv_nsec');
  let value = readPair(k, nv + L.size, L, 'tv_nsec');
  if (ov !== 0) timerGettime(k, { int: () => x.id, ptr: () => ov } as unknown as SyscallArgs);
  if (value !== 0n && (flags & TIMER_ABSTIME)) {
    value -= clockNow(x.clock)!;
    if (value <= 0n) value = 1n; // already passed: expires at once
  }
  arm(k, x, value, iv);
  return 0;
}

export const timerSyscalls: Record<string, Handler> = {
  alarm,
  setitimer,
  getitimer: (k, a) => { getitimer(k, a.int(0), a.ptr(1)); return 0; },
  timer_create: timerCreate,
  timer_settime: timerSettime,
  timer_gettime: timerGettime,
  timer_settime64: (k, a) => k.withTime64(() => timerSettime(k, a)),
  timer_gettime64: (k, a) => k.withTime64(() => timerGettime(k, a)),
  timer_getoverrun: (k, a) => posixTimer(k, a.int(0)).lastOverrun,
  timer_delete: (k, a) => {
    const t = timers(k), id = a.int(0);
    if (!t.posix.delete(id)) fail(E.EINVAL);
    updateHelper(k, t);
    return 0;
  },
};
