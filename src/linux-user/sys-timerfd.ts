// timerfd: a timer read as a file. The state lives in a SharedArrayBuffer so
// that processes sharing the description after fork see one timer, as with
// Linux's shared struct file. Nothing runs when the timer expires: expirations
// are counted from the clock whenever the timer is looked at (read, poll,
// gettime), and waits end at the next expiry (io-wait.ts wakeAt).

import { E } from '../syscalls/errno';
import { CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM, CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_REALTIME_ALARM } from '../syscalls/flags';
import type { FileStat } from '../syscalls/convert';
import type { SyscallArgs } from './args';
import { callingKernel } from './calling-kernel';
import { fail } from './errors';
import { OpenFile, StatusFlags, newSyntheticIno, syntheticStat } from './files';
import { ERESTARTSYS, ioChanged, waitFor, wakeAt } from './io-wait';
import type { Handler, Kernel } from './kernel';
import { clockNow, monotonicNs } from './time';

const TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;
const POLLIN = 0x1;
const NS = 1_000_000_000n;
/**
 * Words of the shared state (BigInt64): lock, next expiry on the timer's clock
 * (0: disarmed), interval, unread expirations, wake-ups so far (edge-triggered
 * epoll), and whether the timer has woken its waiters since it was last read,
 * set or queried: Linux's timer stops at an expiry until then, so later
 * periods are counted but wake nobody.
 */
const W_NEXT = 1, W_INTERVAL = 2, W_TICKS = 3, W_GEN = 4, W_EXPIRED = 5, WORDS = 6;

export interface TimerFdImage { sab: SharedArrayBuffer; clock: number; status: StatusFlags; ino: bigint }

export class TimerFd extends OpenFile {
  private readonly w: BigInt64Array;
  private readonly lockWord: Int32Array;

  /**
   * The clock expiries are kept on: realtime for the realtime clocks, else
   * monotonic (boottime only differs from it by a constant, but each process
   * estimates that constant anew: not a good base for a timer shared by fork).
   */
  private readonly base: number;

  constructor(readonly clock: number, status: StatusFlags, readonly sab = new SharedArrayBuffer(WORDS * 8), readonly ino = newSyntheticIno()) {
    super(status);
    this.base = clock === CLOCK_REALTIME || clock === CLOCK_REALTIME_ALARM ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    this.w = new BigInt64Array(sab);
    this.lockWord = new Int32Array(sab, 0, 1);
  }

  static fromImage(d: TimerFdImage): TimerFd { return new TimerFd(d.clock, d.status, d.sab, d.ino); }
  image(): TimerFdImage { return { sab: this.sab, clock: this.clock, status: { ...this.status }, ino: this.ino }; }

  describe(): string { return 'anon_inode:[timerfd]'; }
  stat(): FileStat { return syntheticStat(0o600, 0, this.ino); } // an anonymous inode: no file type bits
  override seek(): number { return 0; } // noop_llseek
  override get recordReads(): boolean { return true; }

  private locked<T>(fn: () => T): T {
    while (Atomics.compareExchange(this.lockWord, 0, 0, 1) !== 0) Atomics.wait(this.lockWord, 0, 1, 1);
    try { return fn(); } finally { Atomics.store(this.lockWord, 0, 0); Atomics.notify(this.lockWord, 0, 1); }
  }

  /** Counts the expirations up to now (lock held) and moves a periodic timer's next expiry past now; returns now. */
  private settle(): bigint {
    const now = clockNow(this.base)!;
    const w = this.w, next = w[W_NEXT];
    if (next !== 0n && now >= next) {
      const iv = w[W_INTERVAL];
      const n = iv > 0n ? 1n + (now - next) / iv : 1n;
      w[W_NEXT] = iv > 0n ? next + n * iv : 0n;
      w[W_TICKS] += n;
      if (w[W_EXPIRED] === 0n) { w[W_GEN]++; w[W_EXPIRED] = 1n; }
    }
    return now;
  }

  /** [time to the next expiry (0: disarmed), interval] (timerfd_gettime). */
  current(): [bigint, bigint] {
    return this.locked(() => {
      const now = this.settle();
      this.w[W_EXPIRED] = 0n;
      const next = this.w[W_NEXT];
      return [next === 0n ? 0n : next - now, this.w[W_INTERVAL]];
    });
  }

  /** Arms (value > 0) or disarms the timer; unread expirations are dropped, as in Linux. */
  arm(value: bigint, interval: bigint, absolute: boolean): void {
    this.locked(() => {
      let next = 0n;
      if (value > 0n) {
        // An absolute value is on the timer's own clock.
        if (!absolute) next = clockNow(this.base)! + value;
        else next = this.clock === this.base ? value : value - clockNow(this.clock)! + clockNow(this.base)!;
        if (next === 0n) next = -1n; // 0 means disarmed
      }
      this.w[W_NEXT] = next;
      this.w[W_INTERVAL] = interval;
      this.w[W_TICKS] = 0n;
      this.w[W_EXPIRED] = 0n;
    });
    ioChanged(); // waiters recompute when to wake
  }

  /** Unread expirations, reset to 0; 0n if none. */
  private take(): bigint {
    return this.locked(() => {
      this.settle();
      const n = this.w[W_TICKS];
      this.w[W_TICKS] = 0n;
      if (n > 0n) this.w[W_EXPIRED] = 0n;
      return n;
    });
  }

  read(dst: Uint8Array, pos?: number): number {
    if (pos !== undefined) fail(E.ESPIPE);
    if (dst.length < 8) fail(E.EINVAL);
    let n = this.take();
    if (n === 0n) {
      if (this.status.nonblock) fail(E.EAGAIN);
      const k = callingKernel();
      // Interrupted: ERESTARTSYS (restarted under SA_RESTART), as Linux's timerfd_read.
      n = waitFor(k, () => { const t = this.take(); if (t > 0n) return t; this.noteWake(); return undefined; },
        { interrupted: ERESTARTSYS })!;
    }
    new DataView(dst.buffer, dst.byteOffset, 8).setBigUint64(0, BigInt.asUintN(64, n), true);
    return 8;
  }

  write(): number { return fail(E.EINVAL); }

  /** Tells a running wait when this timer expires next. */
  private noteWake(): void {
    const next = this.w[W_NEXT];
    if (next === 0n) return;
    const left = next - clockNow(this.base)!;
    wakeAt(monotonicNs() + (left > 0n ? left : 0n));
  }

  override readiness(): number {
    const ready = this.locked(() => { this.settle(); return this.w[W_TICKS] > 0n; });
    if (!ready) this.noteWake();
    return ready ? POLLIN : 0;
  }

  /** Moves with every wake-up (see W_EXPIRED): a new edge for EPOLLET. */
  edgeGen(): number {
    return this.locked(() => { this.settle(); return Number(BigInt.asIntN(32, this.w[W_GEN])); });
  }
}

const TIMERFD_CLOCKS = new Set([CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM]);

function timerfdCreate(k: Kernel, clock: number, flags: number): number {
  const { O_CLOEXEC, O_NONBLOCK, O_RDWR } = k.openFlags;
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) || !TIMERFD_CLOCKS.has(clock)) fail(E.EINVAL);
  // The alarm clocks need CAP_WAKE_ALARM.
  if ((clock === CLOCK_REALTIME_ALARM || clock === CLOCK_BOOTTIME_ALARM) && process.getuid?.() !== 0) fail(E.EPERM);
  const nonblock = (flags & O_NONBLOCK) !== 0;
  const f = new TimerFd(clock, { accmode: 2, append: false, nonblock, path: false, guest: O_RDWR | (flags & O_NONBLOCK) });
  return k.fds.install(f, (flags & O_CLOEXEC) !== 0);
}

function timerOf(k: Kernel, fd: number): TimerFd {
  const f = k.file(fd);
  return f instanceof TimerFd ? f : fail(E.EINVAL);
}

/** struct itimerspec { it_interval, it_value } of timespecs (timespec64 in the *_time64 calls). */
function readItimerspec(k: Kernel, addr: number): [bigint, bigint] {
  const L = k.T.TargetTimespec;
  k.mem.check(addr, 2 * L.size, 1); // EFAULT before EINVAL
  const part = (i: number): bigint => {
    const r = k.readStruct(addr + i * L.size, L);
    const sec = r.getBig('tv_sec'), nsec = r.getBig('tv_nsec');
    if (sec < 0n || nsec < 0n || nsec >= NS) fail(E.EINVAL);
    return sec * NS + nsec;
  };
  return [part(0), part(1)];
}

function writeItimerspec(k: Kernel, addr: number, [left, iv]: [bigint, bigint]): void {
  const L = k.T.TargetTimespec;
  const part = (ns: bigint) => L.writer().set('tv_sec', ns / NS).set('tv_nsec', ns % NS).bytes;
  const b = new Uint8Array(2 * L.size);
  b.set(part(iv), 0);
  b.set(part(left), L.size);
  k.write(addr, b);
}

function timerfdSettime(k: Kernel, a: SyscallArgs): number {
  const fd = a.int(0), flags = a.int(1), nv = a.ptr(2), ov = a.ptr(3);
  const [iv, value] = readItimerspec(k, nv);
  if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) fail(E.EINVAL);
  // TFD_TIMER_CANCEL_ON_SET (wake up when the realtime clock is set): accepted; the emulator never sets the host clock.
  const t = timerOf(k, fd);
  const old = t.current();
  t.arm(value, iv, (flags & TFD_TIMER_ABSTIME) !== 0);
  if (ov !== 0) writeItimerspec(k, ov, old); // after arming: a bad pointer is EFAULT with the timer set, as in Linux
  return 0;
}

function timerfdGettime(k: Kernel, a: SyscallArgs): number {
  writeItimerspec(k, a.ptr(1), timerOf(k, a.int(0)).current());
  return 0;
}

export const timerfdSyscalls: Record<string, Handler> = {
  timerfd_create: (k, a) => timerfdCreate(k, a.int(0), a.int(1)),
  timerfd_settime: timerfdSettime,
  timerfd_gettime: timerfdGettime,
  timerfd_settime64: (k, a) => k.withTime64(() => timerfdSettime(k, a)),
  timerfd_gettime64: (k, a) => k.withTime64(() => timerfdGettime(k, a)),
};
