// The guest's file descriptor table: guest fd → open file description + FD_CLOEXEC.

import { E } from '../syscalls/errno';
import { fail } from './errors';
import type { OpenFile } from './files';

export interface FdEntry {
  readonly file: OpenFile;
  cloexec: boolean;
}

export class FdTable {
  private readonly entries: (FdEntry | undefined)[] = [];

  /** @param limit RLIMIT_NOFILE soft limit: fds must be below it. */
  constructor(public limit = 1024) {}

  has(fd: number): boolean { return Number.isInteger(fd) && fd >= 0 && this.entries[fd] !== undefined; }

  /** The entry for `fd`, or EBADF. */
  entry(fd: number): FdEntry {
    const e = Number.isInteger(fd) && fd >= 0 ? this.entries[fd] : undefined;
    return e ?? fail(E.EBADF);
  }

  get(fd: number): OpenFile { return this.entry(fd).file; }

  /** Installs `file` at the lowest free fd >= min (EMFILE if none below the limit; EINVAL if min is out of range). */
  install(file: OpenFile, cloexec = false, min = 0): number {
    if (min < 0 || min >= this.limit) fail(E.EINVAL);
    let fd = min;
    while (fd < this.entries.length && this.entries[fd] !== undefined) fd++;
    if (fd >= this.limit) fail(E.EMFILE);
    this.entries[fd] = { file, cloexec };
    file.refs++;
    return fd;
  }

  /** Installs `file` at exactly `fd`, closing what was there (dup2/dup3). */
  installAt(fd: number, file: OpenFile, cloexec = false): number {
    if (fd < 0 || fd >= this.limit) fail(E.EBADF);
    file.refs++; // before closing: file may be the one being replaced
    const old = this.entries[fd];
    this.entries[fd] = { file, cloexec };
    if (old) this.drop(old.file);
    return fd;
  }

  close(fd: number): void {
    const e = this.entry(fd);
    this.entries[fd] = undefined;
    this.drop(e.file);
  }

  private drop(file: OpenFile): void {
    if (--file.refs === 0) file.release();
  }

  /** Open fds in increasing order. */
  fds(): number[] {
    const out: number[] = [];
    this.entries.forEach((e, i) => { if (e) out.push(i); });
    return out;
  }

  /** [fd, entry] of every open fd, in increasing order. */
  list(): [number, FdEntry][] {
    const out: [number, FdEntry][] = [];
    this.entries.forEach((e, i) => { if (e) out.push([i, e]); });
    return out;
  }

  /** Closes every fd (process exit). */
  closeAll(): void {
    for (const fd of this.fds()) this.close(fd);
  }

  /** Closes every fd marked close-on-exec (for execve). */
  closeOnExec(): void {
    for (const fd of this.fds()) if (this.entries[fd]!.cloexec) this.close(fd);
  }
}
