// Open file descriptions: what a guest fd refers to. Several fds can share one
// (dup, fork later), which then shares offset and status flags, as in Linux.
//
// HostFile wraps a host fd. Node has no lseek, so the offset of files the guest
// opens is kept here and every transfer is positional (pread/pwrite). The
// inherited stdio fds start out using the host's own offset (they may be shared
// with the parent shell) and only switch to a tracked offset if the guest seeks.

import * as fs from 'fs';
import { E } from '../syscalls/errno';
import type { FileStat } from '../syscalls/convert';
import { fileStatFromNode } from '../syscalls/convert';
import {
  O_ACCMODE, SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET,
  S_IFIFO, S_IFREG,
} from '../syscalls/flags';
import { fail } from './errors';
import { sleepNs } from './time';
import { interruptCheck, multiProcess, shared, MAX_SHARED_FD } from './process/shared';
import { ioChanged } from './io-wait';

/**
 * Whether host fd is a terminal. Only a character device can be one, and Linux's memory
 * devices (major 1: /dev/null, /dev/zero...) never are; anything else asks tty.isatty,
 * loaded then (the tty module pulls in net: ~3 ms of a start that glibc's TCGETS on a pipe
 * or /dev/null would otherwise pay).
 */
function isatty(fd: number, st: fs.Stats = fs.fstatSync(fd)): boolean {
  if (!st.isCharacterDevice() || (process.platform === 'linux' && st.rdev >> 8 === 1)) return false;
  return (require('tty') as typeof import('tty')).isatty(fd);
}

/** Guest-side file status flags that matter to the kernel (guest-independent names). */
export interface StatusFlags {
  /** 0 O_RDONLY, 1 O_WRONLY, 2 O_RDWR */
  accmode: number;
  append: boolean;
  nonblock: boolean;
  /** O_PATH: only fd-level operations allowed. */
  path: boolean;
  /** The guest's raw flag word as last set by open/F_SETFL (reported by F_GETFL). */
  guest: number;
}

export interface DirEntry { name: Buffer; ino: bigint; type: number }

/** Largest count a single read/write transfers (the kernel's MAX_RW_COUNT). */
export const MAX_RW_COUNT = 0x7fff_f000;

export abstract class OpenFile {
  refs = 0;
  constructor(public status: StatusFlags) {}

  /** Host path (absolute) for path-based lookups relative to this file, if any. */
  get path(): Buffer | undefined { return undefined; }
  /** Text shown for /proc/self/fd/N. */
  abstract describe(): string;

  abstract read(dst: Uint8Array, pos?: number): number;
  abstract write(src: Uint8Array, pos?: number): number;
  seek(_off: number, whence: number): number {
    if (whence < SEEK_SET || whence > SEEK_HOLE) fail(E.EINVAL);
    return fail(E.ESPIPE);
  }
  abstract stat(): FileStat;
  isDirectory(): boolean { return false; }
  isatty(): boolean { return false; }
  /** Bytes readable without blocking (FIONREAD), if known. */
  available(): number { return 0; }
  /** A read returns whole records (eventfd, timerfd, signalfd): readv makes one read over all its buffers. */
  get recordReads(): boolean { return false; }
  /** poll(2) readiness (POLLIN/POLLOUT/... bits) for files the kernel implements itself; undefined: the generic rules. */
  readiness(): number | undefined { return undefined; }
  /** Called when the last fd referring to this description is closed. */
  release(): void {}
  get hostFd(): number | undefined { return undefined; }

  protected checkRead(): void {
    if (this.status.path || this.status.accmode === 1) fail(E.EBADF);
  }
  protected checkWrite(): void {
    if (this.status.path || this.status.accmode === 0) fail(E.EBADF);
  }
}

function errCode(e: unknown): string | undefined { return (e as { code?: string } | null)?.code; }

/**
 * Runs a host I/O operation the way a blocking guest call behaves: EINTR
 * (a signal to the emulator, not the guest) is retried, and so is EAGAIN on a
 * host fd the guest considers blocking (the host side may be non-blocking).
 */
function blocking<T>(nonblock: boolean, op: () => T): T {
  let wait = 100_000n; // 0.1 ms, growing to 20 ms
  for (;;) {
    try {
      return op();
    } catch (e) {
      const c = errCode(e);
      if (c === 'EINTR') continue;
      if ((c !== 'EAGAIN' && c !== 'EWOULDBLOCK') || nonblock) throw e;
      sleepNs(wait);
      if (wait < 20_000_000n) wait *= 2n;
    }
  }
}

export type PositionMode =
  /** Seekable, offset tracked here; all I/O positional. */
  | 'tracked'
  /** Seekable, but uses the host fd's own offset (inherited stdio) until the guest seeks. */
  | 'host'
  /** Not seekable (pipe, tty, socket, character device). */
  | 'stream';

export class HostFile extends OpenFile {
  /** Offset when the host fd is beyond the shared table. */
  private localPos = 0;
  /** Directory listing snapshot for getdents64 and the index of the next entry. */
  dirEntries: DirEntry[] | undefined;
  dirPos = 0;
  /** Stored terminal settings (TCSETS) as raw kernel termios bytes. */
  termios: Uint8Array | undefined;

  constructor(
    readonly fd: number,
    private readonly hostPath: Buffer | undefined,
    status: StatusFlags,
    public mode: PositionMode,
    readonly directory: boolean,
    /** Host fd must not be closed (inherited stdio). */
    readonly keepOpen = false,
    /** A character device other than a terminal (/dev/null, /dev/zero...): lseek is a no-op returning 0. */
    readonly noopSeek = false,
    /** Another process's description taken over by fork: the host fd gets one more holder. */
    adopted = false,
  ) {
    super(status);
    if (!adopted) {
      // A new open file description: it alone holds this (possibly reused) host fd.
      this.pos = 0;
      if (fd < MAX_SHARED_FD && !keepOpen) Atomics.store(shared().fdRefs, fd, 1);
    } else if (fd < MAX_SHARED_FD && !keepOpen) {
      Atomics.add(shared().fdRefs, fd, 1);
    }
  }

  /**
   * The file offset. Shared by every process holding this description (fork),
   * like the kernel's f_pos.
   */
  get pos(): number { return this.fd < MAX_SHARED_FD ? shared().fdPos[this.fd] : this.localPos; }
  set pos(v: number) { if (this.fd < MAX_SHARED_FD) shared().fdPos[this.fd] = v; else this.localPos = v; }

  /** Opens a HostFile for an already-open host fd, classifying it by fstat. */
  static fromHostFd(fd: number, hostPath: Buffer | undefined, status: StatusFlags, inherited: boolean): HostFile {
    const st = fs.fstatSync(fd);
    const seekable = st.isFile() || st.isBlockDevice() || st.isDirectory();
    const mode: PositionMode = !seekable ? 'stream' : inherited ? 'host' : 'tracked';
    const noopSeek = st.isCharacterDevice() && !isatty(fd, st);
    return new HostFile(fd, hostPath, status, mode, st.isDirectory(), inherited, noopSeek);
  }

  override get path(): Buffer | undefined { return this.hostPath; }
  override get hostFd(): number { return this.fd; }
  describe(): string {
    // The host kernel knows the canonical name (or pipe:[ino] etc.) of its fd.
    try { return fs.readlinkSync(`/proc/self/fd/${this.fd}`); } catch { /* not Linux */ }
    return this.hostPath ? this.hostPath.toString() : `host:[${this.fd}]`;
  }
  override isDirectory(): boolean { return this.directory; }
  override isatty(): boolean {
    try { return isatty(this.fd); } catch { return false; }
  }

  read(dst: Uint8Array, pos?: number): number {
    this.checkRead();
    if (this.directory) fail(E.EISDIR);
    if (dst.length === 0) return 0;
    if (pos !== undefined) {
      if (this.mode === 'stream' && !this.noopSeek) fail(E.ESPIPE);
      return blocking(this.status.nonblock, () => fs.readSync(this.fd, dst, 0, dst.length, pos));
    }
    if (this.mode === 'tracked') {
      const n = blocking(this.status.nonblock, () => fs.readSync(this.fd, dst, 0, dst.length, this.pos));
      this.pos += n;
      return n;
    }
    return blocking(this.status.nonblock, () => fs.readSync(this.fd, dst, 0, dst.length, null));
  }

  /** Scatter read into several buffers (readv/preadv). */
  readv(dsts: Uint8Array[], pos?: number): number {
    this.checkRead();
    if (this.directory) fail(E.EISDIR);
    if (pos !== undefined && this.mode === 'stream' && !this.noopSeek) fail(E.ESPIPE);
    const p = pos ?? (this.mode === 'tracked' ? this.pos : null);
    const n = blocking(this.status.nonblock, () => fs.readvSync(this.fd, dsts, p ?? undefined));
    if (pos === undefined && this.mode === 'tracked') this.pos += n;
    return n;
  }

  write(src: Uint8Array, pos?: number): number {
    this.checkWrite();
    if (src.length === 0) return 0;
    if (pos !== undefined) {
      if (this.mode === 'stream' && !this.noopSeek) fail(E.ESPIPE);
      return blocking(this.status.nonblock, () => fs.writeSync(this.fd, src, 0, src.length, pos));
    }
    if (this.mode === 'tracked') {
      if (this.status.append) {
        // At the end of file (also right if O_APPEND was only set by F_SETFL; with a
        // host O_APPEND, Linux's pwrite appends anyway).
        const end = Number(fs.fstatSync(this.fd, { bigint: true }).size);
        const n = blocking(this.status.nonblock, () => fs.writeSync(this.fd, src, 0, src.length, end));
        this.pos = end + n;
        return n;
      }
      const n = blocking(this.status.nonblock, () => fs.writeSync(this.fd, src, 0, src.length, this.pos));
      this.pos += n;
      return n;
    }
    // Host offset / stream: a blocking guest write transfers everything.
    let done = 0;
    while (done < src.length) {
      try {
        done += blocking(this.status.nonblock, () => fs.writeSync(this.fd, src, done, src.length - done, null));
      } catch (e) {
        if (done > 0) return done;
        throw e;
      }
      if (this.status.nonblock) break;
    }
    return done;
  }

  override seek(off: number, whence: number): number {
    if (whence < SEEK_SET || whence > SEEK_HOLE) fail(E.EINVAL);
    if (this.mode === 'stream') return this.noopSeek ? 0 : fail(E.ESPIPE);
    if (this.mode === 'host') {
      this.pos = hostOffset(this.fd) ?? 0;
      this.mode = 'tracked';
    }
    let base: number;
    switch (whence) {
      case SEEK_SET: base = 0; break;
      case SEEK_CUR: base = this.directory ? this.dirPos : this.pos; break;
      case SEEK_END: base = Number(fs.fstatSync(this.fd, { bigint: true }).size); break;
      case SEEK_DATA: case SEEK_HOLE: {
        // No holes are reported: data everywhere up to EOF.
        const size = Number(fs.fstatSync(this.fd, { bigint: true }).size);
        if (off < 0 || off >= size) fail(E.ENXIO);
        base = whence === SEEK_DATA ? 0 : size - off;
        break;
      }
      default: return fail(E.EINVAL);
    }
    const np = base + off;
    if (np < 0 || !Number.isSafeInteger(np)) fail(E.EINVAL);
    if (this.directory) {
      if (np === 0) this.dirEntries = undefined; // rewinddir: fresh listing
      this.dirPos = np;
    }
    this.pos = np;
    return np;
  }

  stat(): FileStat { return fileStatFromNode(fs.fstatSync(this.fd, { bigint: true })); }

  override available(): number {
    if (this.mode === 'stream') return 0;
    try {
      const size = Number(fs.fstatSync(this.fd, { bigint: true }).size);
      const cur = this.mode === 'host' ? hostOffset(this.fd) ?? 0 : this.pos;
      return Math.max(0, size - cur);
    } catch { return 0; }
  }

  override release(): void {
    if (this.keepOpen) return;
    // Other guest processes may still hold the description (fork).
    if (this.fd < MAX_SHARED_FD && Atomics.sub(shared().fdRefs, this.fd, 1) > 1) return;
    try { fs.closeSync(this.fd); } catch { /* already gone */ }
  }
}

/** The host kernel's offset of a host fd (Linux /proc/self/fdinfo), if readable. */
export function hostOffset(fd: number): number | undefined {
  try {
    const m = /^pos:\s*(\d+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch { return undefined; }
}

/** The host's open flags of a host fd (Linux /proc/self/fdinfo, host encoding), if readable. */
export function hostFdFlags(fd: number): number | undefined {
  try {
    const m = /^flags:\s*([0-7]+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
    return m ? parseInt(m[1], 8) : undefined;
  } catch { return undefined; }
}

let syntheticIno = 0x4000_0000n;
export function newSyntheticIno(): bigint { return syntheticIno++; }

export function syntheticStat(mode: number, size: number, ino: bigint): FileStat {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    dev: 0n, ino, mode, nlink: 1, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, rdev: 0n,
    size: BigInt(size), blksize: 4096, blocks: 0n, atimeNs: now, mtimeNs: now, ctimeNs: now, birthtimeNs: 0n,
  };
}

/** Read-only file whose contents are produced by the kernel (/proc/self/maps etc.). */
export class MemoryFile extends OpenFile {
  pos = 0;
  private readonly ino = syntheticIno++;
  constructor(readonly name: string, readonly data: Buffer) {
    super({ accmode: 0, append: false, nonblock: false, path: false, guest: 0 });
  }
  describe(): string { return this.name; }
  read(dst: Uint8Array, pos?: number): number {
    this.checkRead();
    const p = pos ?? this.pos;
    const n = Math.max(0, Math.min(dst.length, this.data.length - p));
    if (n > 0) dst.set(this.data.subarray(p, p + n));
    if (pos === undefined) this.pos += n;
    return n;
  }
  write(_src: Uint8Array): number { return fail(E.EBADF); }
  override seek(off: number, whence: number): number {
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? this.pos : whence === SEEK_END ? this.data.length : NaN;
    if (Number.isNaN(base)) fail(E.EINVAL);
    const np = base + off;
    if (np < 0) fail(E.EINVAL);
    this.pos = np;
    return np;
  }
  // Like procfs: size 0, read to EOF to get the contents.
  stat(): FileStat { return syntheticStat(S_IFREG | 0o444, 0, this.ino); }
  override available(): number { return Math.max(0, this.data.length - this.pos); }
}

// A pipe buffer in a SharedArrayBuffer, so that guest processes on other
// worker threads (fork) can hold its ends. The header counts the readers and
// writers (open descriptions in all processes) for EOF and EPIPE; `seq`
// changes on every state change and is what blocked readers/writers wait on.
const H_LOCK = 0, H_SEQ = 1, H_READERS = 2, H_WRITERS = 3, H_HEAD = 4, H_SIZE = 5, H_INO = 6, H_WORDS = 8;
/** Writes up to PIPE_BUF bytes are atomic (never interleaved with other writers). */
export const PIPE_BUF = 4096;
/** Longest single wait before re-checking for signals (ms). */
const WAIT_SLICE_MS = 50;

export class Pipe {
  static readonly CAPACITY = 65536;
  readonly sab: SharedArrayBuffer;
  private readonly h: Int32Array;
  private readonly data: Uint8Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(H_WORDS * 4 + Pipe.CAPACITY);
    this.h = new Int32Array(this.sab, 0, H_WORDS);
    this.data = new Uint8Array(this.sab, H_WORDS * 4, Pipe.CAPACITY);
    if (!sab) this.h[H_INO] = Number(syntheticIno++ & 0x7fffffffn);
  }

  get size(): number { return Atomics.load(this.h, H_SIZE); }
  get readers(): number { return Atomics.load(this.h, H_READERS); }
  get writers(): number { return Atomics.load(this.h, H_WRITERS); }
  get ino(): bigint { return BigInt(this.h[H_INO]); }

  addEnd(writeEnd: boolean, delta: number): void {
    Atomics.add(this.h, writeEnd ? H_WRITERS : H_READERS, delta);
    this.changed();
  }

  private lock(): void {
    while (Atomics.compareExchange(this.h, H_LOCK, 0, 1) !== 0) Atomics.wait(this.h, H_LOCK, 1, 1);
  }
  private unlock(): void {
    Atomics.store(this.h, H_LOCK, 0);
    Atomics.notify(this.h, H_LOCK, 1);
  }
  private changed(): void {
    Atomics.add(this.h, H_SEQ, 1);
    Atomics.notify(this.h, H_SEQ);
    ioChanged(); // poll/select/epoll waiters
  }

  /** Waits (a bounded slice) for the state to change from `seq`; EINTR if a signal is pending. */
  private waitChange(seq: number): void {
    if (!multiProcess.enabled) fail(E.EAGAIN); // no other process can change it: never block forever
    if (interruptCheck.pending()) fail(E.EINTR);
    Atomics.wait(this.h, H_SEQ, seq, WAIT_SLICE_MS);
  }

  /** Sequence number for Atomics.waitAsync by event-loop pumps. */
  get seqView(): [Int32Array, number] { return [this.h, H_SEQ]; }

  read(dst: Uint8Array, nonblock: boolean): number {
    if (dst.length === 0) return 0;
    for (;;) {
      this.lock();
      const size = this.h[H_SIZE];
      if (size > 0) {
        const n = Math.min(size, dst.length);
        const head = this.h[H_HEAD];
        const first = Math.min(n, Pipe.CAPACITY - head);
        dst.set(this.data.subarray(head, head + first), 0);
        if (n > first) dst.set(this.data.subarray(0, n - first), first);
        this.h[H_HEAD] = (head + n) % Pipe.CAPACITY;
        Atomics.store(this.h, H_SIZE, size - n);
        this.unlock();
        this.changed();
        return n;
      }
      const writers = Atomics.load(this.h, H_WRITERS), seq = Atomics.load(this.h, H_SEQ);
      this.unlock();
      if (writers === 0) return 0;
      if (nonblock) fail(E.EAGAIN);
      this.waitChange(seq);
    }
  }

  write(src: Uint8Array, nonblock: boolean): number {
    let done = 0;
    const atomic = src.length <= PIPE_BUF;
    for (;;) {
      this.lock();
      if (Atomics.load(this.h, H_READERS) === 0) {
        this.unlock();
        if (done > 0) return done;
        fail(E.EPIPE);
      }
      const size = this.h[H_SIZE];
      const free = Pipe.CAPACITY - size;
      const left = src.length - done;
      if (free > 0 && (!atomic || free >= left)) {
        const n = Math.min(free, left);
        const tail = (this.h[H_HEAD] + size) % Pipe.CAPACITY;
        const first = Math.min(n, Pipe.CAPACITY - tail);
        this.data.set(src.subarray(done, done + first), tail);
        if (n > first) this.data.set(src.subarray(done + first, done + n), 0);
        Atomics.store(this.h, H_SIZE, size + n);
        done += n;
        this.unlock();
        this.changed();
        if (done === src.length || nonblock) return done;
        continue;
      }
      const seq = Atomics.load(this.h, H_SEQ);
      this.unlock();
      if (nonblock) return done > 0 ? done : fail(E.EAGAIN);
      try {
        this.waitChange(seq);
      } catch (e) {
        if (done > 0) return done;
        throw e;
      }
    }
  }
}

export class PipeEnd extends OpenFile {
  constructor(readonly pipe: Pipe, readonly writeEnd: boolean, nonblock: boolean, status?: StatusFlags) {
    super(status ?? { accmode: writeEnd ? 1 : 0, append: false, nonblock, path: false, guest: writeEnd ? 1 : 0 });
    pipe.addEnd(writeEnd, 1);
  }
  describe(): string { return `pipe:[${this.pipe.ino}]`; }

  read(dst: Uint8Array, pos?: number): number {
    this.checkRead();
    if (pos !== undefined) fail(E.ESPIPE);
    return this.pipe.read(dst, this.status.nonblock);
  }

  write(src: Uint8Array, pos?: number): number {
    this.checkWrite();
    if (pos !== undefined) fail(E.ESPIPE);
    return this.pipe.write(src, this.status.nonblock);
  }

  stat(): FileStat { return syntheticStat(S_IFIFO | 0o600, 0, this.pipe.ino); }
  override available(): number { return this.writeEnd ? 0 : this.pipe.size; }
  override release(): void { this.pipe.addEnd(this.writeEnd, -1); }
}

export function accmodeOf(guestFlags: number): number { return guestFlags & O_ACCMODE; }
