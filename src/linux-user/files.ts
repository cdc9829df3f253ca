// Open file descriptions: what a guest fd refers to. Several fds can share one
// (dup, fork later), which then shares offset and status flags, as in Linux.
//
// HostFile wraps a host fd. Node has no lseek, so the offset of files the guest
// opens is kept here and every transfer is positional (pread/pwrite). The
// inherited stdio fds start out using the host's own offset (they may be shared
// with the parent shell) and only switch to a tracked offset if the guest seeks.

import * as fs from 'fs';
import * as tty from 'tty';
import { E } from '../syscalls/errno';
import type { FileStat } from '../syscalls/convert';
import { fileStatFromNode } from '../syscalls/convert';
import {
  O_ACCMODE, SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET,
  S_IFIFO, S_IFREG,
} from '../syscalls/flags';
import { fail } from './errors';
import { sleepNs } from './time';

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
  pos = 0;
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
  ) {
    super(status);
  }

  /** Opens a HostFile for an already-open host fd, classifying it by fstat. */
  static fromHostFd(fd: number, hostPath: Buffer | undefined, status: StatusFlags, inherited: boolean): HostFile {
    const st = fs.fstatSync(fd);
    const seekable = st.isFile() || st.isBlockDevice() || st.isDirectory();
    const mode: PositionMode = !seekable ? 'stream' : inherited ? 'host' : 'tracked';
    const noopSeek = st.isCharacterDevice() && !tty.isatty(fd);
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
  override isatty(): boolean { return tty.isatty(this.fd); }

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
    if (!this.keepOpen) {
      try { fs.closeSync(this.fd); } catch { /* already gone */ }
    }
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

function syntheticStat(mode: number, size: number, ino: bigint): FileStat {
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

/** An in-process pipe buffer (single guest thread: a read of an empty pipe cannot wait for a writer). */
export class Pipe {
  readonly chunks: Buffer[] = [];
  size = 0;
  readers = 0;
  writers = 0;
  readonly ino = syntheticIno++;
  static readonly CAPACITY = 65536;
}

export class PipeEnd extends OpenFile {
  constructor(readonly pipe: Pipe, readonly writeEnd: boolean, nonblock: boolean) {
    super({ accmode: writeEnd ? 1 : 0, append: false, nonblock, path: false, guest: writeEnd ? 1 : 0 });
    if (writeEnd) pipe.writers++; else pipe.readers++;
  }
  describe(): string { return `pipe:[${this.pipe.ino}]`; }

  read(dst: Uint8Array, pos?: number): number {
    this.checkRead();
    if (pos !== undefined) fail(E.ESPIPE);
    const p = this.pipe;
    if (dst.length === 0) return 0;
    if (p.size === 0) {
      if (p.writers === 0) return 0;
      // Nothing else can run to fill it: a blocking read would hang forever.
      return fail(E.EAGAIN);
    }
    let n = 0;
    while (n < dst.length && p.chunks.length > 0) {
      const c = p.chunks[0];
      const take = Math.min(c.length, dst.length - n);
      dst.set(c.subarray(0, take), n);
      n += take;
      if (take === c.length) p.chunks.shift(); else p.chunks[0] = c.subarray(take);
    }
    p.size -= n;
    return n;
  }

  write(src: Uint8Array, pos?: number): number {
    this.checkWrite();
    if (pos !== undefined) fail(E.ESPIPE);
    const p = this.pipe;
    if (p.readers === 0) fail(E.EPIPE);
    let n = src.length;
    if (this.status.nonblock) {
      n = Math.min(n, Pipe.CAPACITY - p.size);
      if (n === 0 && src.length > 0) fail(E.EAGAIN);
    }
    if (n > 0) { p.chunks.push(Buffer.from(src.subarray(0, n))); p.size += n; }
    return n;
  }

  stat(): FileStat { return syntheticStat(S_IFIFO | 0o600, 0, this.pipe.ino); }
  override available(): number { return this.writeEnd ? 0 : this.pipe.size; }
  override release(): void {
    if (this.writeEnd) this.pipe.writers--; else this.pipe.readers--;
  }
}

export function accmodeOf(guestFlags: number): number { return guestFlags & O_ACCMODE; }
