// epoll and eventfd: what event-loop runtimes (Go's netpoller, libuv, glib)
// set up even when they only read files. Readiness comes from the same rules
// as poll(2) (sys-fs.ts pollFile); regular files cannot be added (EPERM), as
// in Linux. Waiting (io-wait.ts): alone, the process sleeps on the emulator-wide
// I/O sequence until an event, the timeout or a signal (EINTR); with other guest
// threads runnable, the calling thread is parked for a short slice and its call
// restarted (with the original deadline), so callers never see early returns.

import { E } from '../syscalls/errno';
import type { FileStat } from '../syscalls/convert';
import { fail } from './errors';
import { HostFile, OpenFile, PipeEnd, StatusFlags, newSyntheticIno, syntheticStat } from './files';
import type { Handler, Kernel } from './kernel';
import type { SyscallArgs } from './args';
import { pollFile } from './sys-fs';
import { ERESTARTSYS, ioChanged, waitFor } from './io-wait';
import { callingKernel } from './calling-kernel';

const POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10;
const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
const EPOLLET = 1 << 31, EPOLLONESHOT = 1 << 30, EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29;
const EPOLLRDHUP = 0x2000;
/** struct epoll_event is { u32 events; u64 data } with natural alignment (16 bytes) on arm, aarch64, riscv64. */
const EVENT_SIZE = 16;
const EP_MAX_EVENTS = 0x7fffffff / EVENT_SIZE | 0;

/**
 * eventfd: a 64-bit counter in a SharedArrayBuffer (so a forked child shares
 * it, like Linux's shared struct file). Reads and writes that cannot proceed
 * wait on the I/O sequence (io-wait.ts), which every change bumps.
 */
export class EventFd extends OpenFile {
  private readonly w: BigUint64Array;
  private readonly lockWord: Int32Array;
  /** words: [0] lock, [1] counter, [2] changes (edge-triggered epoll) */
  constructor(count: bigint, readonly semaphore: boolean, nonblock: boolean, readonly sab = new SharedArrayBuffer(24),
    readonly ino = newSyntheticIno(), status?: StatusFlags) {
    super(status ?? { accmode: 2, append: false, nonblock, path: false, guest: 2 });
    this.w = new BigUint64Array(sab);
    this.lockWord = new Int32Array(sab, 0, 1);
    if (status === undefined) this.w[1] = count;
  }
  static fromImage(d: EventFdImage): EventFd { return new EventFd(0n, d.semaphore, d.status.nonblock, d.sab, d.ino, d.status); }
  image(): EventFdImage { return { sab: this.sab, semaphore: this.semaphore, ino: this.ino, status: { ...this.status } }; }
  get count(): bigint { return this.w[1]; }
  describe(): string { return 'anon_inode:[eventfd]'; }

  /** Runs `op` on the counter under the lock until it returns a value (EAGAIN when non-blocking). */
  private transfer<T>(op: () => T | undefined): T {
    const attempt = (): T | undefined => {
      while (Atomics.compareExchange(this.lockWord, 0, 0, 1) !== 0) Atomics.wait(this.lockWord, 0, 1, 1);
      let r: T | undefined;
      try { r = op(); } finally { Atomics.store(this.lockWord, 0, 0); Atomics.notify(this.lockWord, 0, 1); }
      if (r !== undefined) { this.w[2]++; ioChanged(); }
      return r;
    };
    const r = attempt();
    if (r !== undefined) return r;
    if (this.status.nonblock) fail(E.EAGAIN);
    // Linux's eventfd_read/write: interrupted waits return ERESTARTSYS.
    return waitFor(callingKernel(), attempt, { interrupted: ERESTARTSYS })!;
  }

  read(dst: Uint8Array): number {
    if (dst.length < 8) fail(E.EINVAL);
    const v = this.transfer(() => {
      const c = this.w[1];
      if (c === 0n) return undefined;
      const v = this.semaphore ? 1n : c;
      this.w[1] = c - v;
      return v;
    });
    new DataView(dst.buffer, dst.byteOffset, 8).setBigUint64(0, v, true);
    return 8;
  }
  write(src: Uint8Array): number {
    if (src.length < 8) fail(E.EINVAL);
    const v = new DataView(src.buffer, src.byteOffset, 8).getBigUint64(0, true);
    if (v === 0xffffffffffffffffn) fail(E.EINVAL);
    return this.transfer(() => {
      if (this.w[1] + v > 0xfffffffffffffffen) return undefined;
      this.w[1] += v;
      return 8;
    });
  }
  override readiness(): number { const c = this.w[1]; return (c > 0n ? POLLIN : 0) | (c < 0xfffffffffffffffen ? POLLOUT : 0); }
  edgeGen(): number { return Number(this.w[2] & 0x7fffffffn); }
  stat(): FileStat { return syntheticStat(0o600, 0, this.ino); } // an anonymous inode: no file type bits
  override seek(): number { return 0; } // noop_llseek
  override get recordReads(): boolean { return true; }
}

export interface EventFdImage { sab: SharedArrayBuffer; semaphore: boolean; ino: bigint; status: StatusFlags }

interface Interest { fd: number; file: OpenFile; events: number; data: bigint; disabled: boolean; lastReady: number; lastGen?: number }

/** A counter that moves with every readiness change, where the file has one (edge triggering needs arrivals, not levels). */
function edgeGen(f: OpenFile): number | undefined {
  if (f instanceof PipeEnd) { const [h, i] = f.pipe.seqView; return Atomics.load(h, i); }
  return (f as { edgeGen?: () => number }).edgeGen?.();
}

export class EpollFile extends OpenFile {
  readonly interest = new Map<number, Interest>();
  private readonly ino = newSyntheticIno();
  constructor() { super({ accmode: 2, append: false, nonblock: false, path: false, guest: 2 }); }
  describe(): string { return 'anon_inode:[eventpoll]'; }
  read(): number { return fail(E.EINVAL); }
  write(): number { return fail(E.EINVAL); }
  stat(): FileStat { return syntheticStat(0o600, 0, this.ino); } // an anonymous inode
  override seek(): number { return 0; }
  override readiness(): number | undefined { return undefined; }

  /** Ready events now: [data, revents] (level-triggered; edge-triggered reports changes only). */
  collect(k: Kernel, max: number): [bigint, number][] {
    const out: [bigint, number][] = [];
    for (const it of this.interest.values()) {
      if (out.length >= max) break;
      if (it.disabled || !k.fds.has(it.fd) || k.fds.get(it.fd) !== it.file) continue;
      const want = (it.events & (POLLIN | POLLOUT | EPOLLRDHUP | 0x2 | 0x40 | 0x80 | 0x100 | 0x200)) | POLLERR | POLLHUP;
      let rev = pollFile(k, it.file, want & 0xffff);
      if ((it.events & EPOLLRDHUP) && (rev & POLLHUP)) rev |= EPOLLRDHUP;
      rev &= want;
      if (it.events & EPOLLET) {
        // New data on an already readable file is a new edge too.
        const gen = edgeGen(it.file);
        const fresh = gen !== undefined && gen !== it.lastGen ? rev : rev & ~it.lastReady;
        it.lastReady = rev;
        it.lastGen = gen;
        rev = fresh;
      }
      if (!rev) continue;
      out.push([it.data, rev]);
      if (it.events & EPOLLONESHOT) it.disabled = true;
    }
    return out;
  }
}

function eventfd(k: Kernel, initval: number, flags: number): number {
  const t = k.openFlags;
  const EFD_SEMAPHORE = 1;
  if (flags & ~(t.O_CLOEXEC | t.O_NONBLOCK | EFD_SEMAPHORE)) fail(E.EINVAL);
  const f = new EventFd(BigInt(initval >>> 0), (flags & EFD_SEMAPHORE) !== 0, (flags & t.O_NONBLOCK) !== 0);
  return k.fds.install(f, (flags & t.O_CLOEXEC) !== 0);
}

function epollCreate(k: Kernel, flags: number): number {
  if (flags & ~k.openFlags.O_CLOEXEC) fail(E.EINVAL);
  return k.fds.install(new EpollFile(), (flags & k.openFlags.O_CLOEXEC) !== 0);
}

function epollOf(k: Kernel, fd: number): EpollFile {
  const f = k.file(fd);
  if (!(f instanceof EpollFile)) fail(E.EINVAL);
  return f;
}

function epollCtl(k: Kernel, a: SyscallArgs): number {
  const ep = epollOf(k, a.int(0));
  const op = a.int(1), fd = a.int(2), evp = a.ptr(3);
  const file = k.file(fd);
  if (file === ep) fail(E.EINVAL);
  // Regular files and directories are always ready: Linux refuses them.
  if (file instanceof HostFile && file.mode !== 'stream') fail(E.EPERM);
  const le = k.T.model.littleEndian;
  const read = (): { events: number; data: bigint } => ({ events: k.mem.u32(evp, le), data: k.mem.u64n(evp + 8, le) });
  switch (op) {
    case EPOLL_CTL_ADD: {
      if (ep.interest.has(fd)) fail(E.EEXIST);
      const { events, data } = read();
      if ((events & EPOLLEXCLUSIVE) && (events & EPOLLONESHOT)) fail(E.EINVAL);
      ep.interest.set(fd, { fd, file, events: events & ~EPOLLWAKEUP, data, disabled: false, lastReady: 0 });
      return 0;
    }
    case EPOLL_CTL_MOD: {
      const it = ep.interest.get(fd) ?? fail(E.ENOENT);
      const { events, data } = read();
      Object.assign(it, { events: events & ~EPOLLWAKEUP, data, disabled: false, lastReady: 0 });
      return 0;
    }
    case EPOLL_CTL_DEL:
      if (!ep.interest.delete(fd)) fail(E.ENOENT);
      return 0;
  }
  return fail(E.EINVAL);
}

function epollWait(k: Kernel, epfd: number, evAddr: number, max: number, timeoutNs: bigint | undefined): number {
  const ep = epollOf(k, epfd);
  if (max <= 0 || max > EP_MAX_EVENTS) fail(E.EINVAL);
  k.mem.check(evAddr, max * EVENT_SIZE, 2);
  // Waits on the I/O sequence (io-wait.ts); a green thread that must wait is parked and its call restarted.
  const ready = waitFor(k, () => { const r = ep.collect(k, max); return r.length > 0 ? r : undefined; },
    { timeoutNs, interrupted: E.EINTR }) ?? [];
  const le = k.T.model.littleEndian;
  ready.forEach(([data, rev], i) => {
    k.mem.setU32(evAddr + i * EVENT_SIZE, rev >>> 0, le);
    k.mem.setU64n(evAddr + i * EVENT_SIZE + 8, data, le);
  });
  return ready.length;
}

function msTimeout(ms: number): bigint | undefined {
  return ms < 0 ? undefined : BigInt(ms) * 1_000_000n;
}

export const epollSyscalls: Record<string, Handler> = {
  eventfd2: (k, a) => eventfd(k, a.uint(0), a.int(1)),
  eventfd: (k, a) => eventfd(k, a.uint(0), 0),
  epoll_create1: (k, a) => epollCreate(k, a.int(0)),
  epoll_create: (k, a) => { if (a.int(0) <= 0) fail(E.EINVAL); return epollCreate(k, 0); },
  epoll_ctl: epollCtl,
  epoll_wait: (k, a) => epollWait(k, a.int(0), a.ptr(1), a.int(2), msTimeout(a.int(3))),
  // The signal mask argument is applied by the caller's libc around the call in practice; ignored here.
  epoll_pwait: (k, a) => epollWait(k, a.int(0), a.ptr(1), a.int(2), msTimeout(a.int(3))),
  epoll_pwait2: (k, a) => {
    const tp = a.ptr(3);
    let t: bigint | undefined;
    if (tp !== 0) {
      const r = k.readStruct(tp, k.T.TargetTimespec64 ?? k.T.TargetTimespec);
      t = r.getBig('tv_sec') * 1_000_000_000n + r.getBig('tv_nsec');
      if (t < 0n) fail(E.EINVAL);
    }
    return epollWait(k, a.int(0), a.ptr(1), a.int(2), t);
  },
};
