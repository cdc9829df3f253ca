// Guest address-space management on top of PageMap: brk and mmap/munmap/
// mprotect/mremap/madvise.
//
// Fresh anonymous memory must read as zero. The wasm memory starts zeroed, so
// only pages that may have held data (mapped at some point) need clearing;
// `dirty` tracks those, which keeps large PROT_NONE reservations (malloc
// arenas, thread stacks) from committing host memory.

import { GUEST_BASE, GUEST_LIMIT, GuestMemory, PAGE_SIZE } from '../memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/page-map';
import { E } from '../syscalls/errno';
import {
  MADV_DONTNEED, MADV_REMOVE, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_PRIVATE, MAP_SHARED,
  MAP_SHARED_VALIDATE, MAP_TYPE, MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE, PROT_GROWSDOWN, PROT_GROWSUP,
} from '../syscalls/flags';
import { fail } from './errors';

/** Guest addresses stay below 4 GiB (translated code uses 32-bit pcs). */
export const ADDR_LIMIT = Math.min(GUEST_LIMIT, 0x1_0000_0000);

export const pageUp = (v: number): number => Math.ceil(v / PAGE_SIZE) * PAGE_SIZE;
export const pageDown = (v: number): number => Math.floor(v / PAGE_SIZE) * PAGE_SIZE;
const isAligned = (v: number): boolean => v % PAGE_SIZE === 0;

/** Fills a freshly mapped file-backed range: copies file bytes at `offset` into `dst`, returns bytes copied. */
export type FileFiller = (dst: Uint8Array, offset: number) => number;

export interface MmapFile {
  fill: FileFiller;
  /** Name shown in /proc/self/maps (the host path). */
  name: string;
  /** File open for reading / writing (for permission checks). */
  readable: boolean;
  writable: boolean;
}

export class MemoryManager {
  readonly brkStart: number;
  brkCur: number;
  private readonly dirty: Uint8Array;

  constructor(
    readonly mem: GuestMemory,
    brk: number,
    readonly mmapTop: number,
    readonly mmapBottom: number,
  ) {
    this.brkStart = brk;
    this.brkCur = brk;
    const pages = mem.pages;
    // Anything mapped so far (by the loader, or before a fork) may hold data. A fresh array
    // costs nothing until written (the OS zero-fills on touch), and marking the few mappings
    // touches only their pages: a copy of the million-entry page flags took ~1-4 ms.
    this.dirty = new Uint8Array(pages.flags.length);
    for (const m of pages.list()) this.markDirty(m.start, m.end - m.start);
    // Whoever unmaps pages: they held data.
    pages.onCodeChange((s, e) => this.markDirty(s, e - s));
  }

  private pageIndex(addr: number): number { return (addr - GUEST_BASE) / PAGE_SIZE; }

  private markDirty(start: number, len: number): void {
    const a = Math.max(start, GUEST_BASE), b = Math.min(start + len, GUEST_LIMIT);
    if (b > a) this.dirty.fill(1, this.pageIndex(pageDown(a)), this.pageIndex(pageUp(b)));
  }

  /** Zeroes the pages of [start, start+len) that may hold stale data, and marks them as in use. */
  zeroFresh(start: number, len: number): void {
    const first = this.pageIndex(start), last = this.pageIndex(start + len);
    let i = first;
    while (i < last) {
      if (!this.dirty[i]) { i++; continue; }
      let j = i;
      while (j < last && this.dirty[j]) j++;
      this.mem.fill(GUEST_BASE + i * PAGE_SIZE, (j - i) * PAGE_SIZE, 0);
      i = j;
    }
    this.dirty.fill(1, first, last);
  }

  private inAddressSpace(start: number, len: number): boolean {
    return start >= GUEST_BASE && len >= 0 && start + len <= ADDR_LIMIT;
  }

  /** Maps fresh zeroed pages, replacing (and flushing) anything in the range. */
  private mapFresh(start: number, len: number, prot: number, name: string, offset = 0): void {
    const pages = this.mem.pages;
    if (!pages.isFree(start, len)) pages.unmap(start, len); // notifies: code flush + dirty
    this.zeroFresh(start, len);
    pages.map(start, len, prot, name, offset);
  }

  // ---- brk ----

  /** The brk syscall: returns the (new or unchanged) program break. */
  brk(requested: number): number {
    if (requested < this.brkStart || !Number.isSafeInteger(requested)) return this.brkCur;
    const oldEnd = pageUp(this.brkCur), newEnd = pageUp(requested);
    if (newEnd > oldEnd) {
      const len = newEnd - oldEnd;
      if (newEnd > ADDR_LIMIT || !this.mem.pages.isFree(oldEnd, len)) return this.brkCur;
      this.mapFresh(oldEnd, len, PROT_READ | PROT_WRITE, '[heap]');
    } else if (newEnd < oldEnd) {
      this.mem.pages.unmap(newEnd, oldEnd - newEnd);
    }
    this.brkCur = requested;
    return requested;
  }

  // ---- mmap family (all throw SysError) ----

  static normalizeProt(prot: number): number {
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) fail(E.EINVAL);
    let p = prot & 7;
    if (p & PROT_WRITE) p |= PROT_READ; // no write-only pages
    return p;
  }

  mmap(addr: number, length: number, prot: number, flags: number, file: MmapFile | undefined, offset: number): number {
    const type = flags & MAP_TYPE;
    if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) fail(E.EINVAL);
    if (length <= 0) fail(E.EINVAL);
    if (!Number.isSafeInteger(length)) fail(E.ENOMEM); // larger than any address space (Linux: len > TASK_SIZE)
    if (!(flags & MAP_ANONYMOUS) && (offset < 0 || !isAligned(offset))) fail(E.EINVAL);
    const p = MemoryManager.normalizeProt(prot);
    const len = pageUp(length);
    if (len > ADDR_LIMIT) fail(E.ENOMEM);

    if (file) {
      if (!file.readable) fail(E.EACCES);
      if (type !== MAP_PRIVATE && (p & PROT_WRITE) && !file.writable) fail(E.EACCES);
    }

    const fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0;
    let start: number;
    if (fixed) {
      if (!isAligned(addr)) fail(E.EINVAL);
      if (!this.inAddressSpace(addr, len)) fail(E.ENOMEM);
      if ((flags & MAP_FIXED_NOREPLACE) && !this.mem.pages.isFree(addr, len)) fail(E.EEXIST);
      start = addr;
    } else {
      const hint = pageDown(addr);
      if (hint !== 0 && this.inAddressSpace(hint, len) && this.mem.pages.isFree(hint, len)) start = hint;
      else start = this.findFree(len);
    }

    this.mapFresh(start, len, p, file ? file.name : '', file ? offset : 0);
    if (file) {
      const dst = this.mem.u8.subarray(start - GUEST_BASE, start - GUEST_BASE + length);
      file.fill(dst, offset);
    }
    return start;
  }

  findFree(len: number): number {
    const a = this.mem.pages.findFree(len, this.mmapTop, this.mmapBottom);
    return a ?? fail(E.ENOMEM);
  }

  munmap(addr: number, length: number): void {
    if (!isAligned(addr) || length <= 0 || !Number.isSafeInteger(length)) fail(E.EINVAL);
    const len = pageUp(length);
    if (!this.inAddressSpace(addr, len)) fail(E.EINVAL);
    this.mem.pages.unmap(addr, len);
  }

  mprotect(addr: number, length: number, prot: number): void {
    if (!isAligned(addr) || length < 0 || !Number.isSafeInteger(length)) fail(E.EINVAL);
    const p = MemoryManager.normalizeProt(prot);
    const len = pageUp(length);
    if (len === 0) return;
    if (!this.inAddressSpace(addr, len)) fail(E.ENOMEM);
    if (!this.mem.pages.protect(addr, len, p)) fail(E.ENOMEM);
  }

  mremap(oldAddr: number, oldLength: number, newLength: number, flags: number, newAddr: number): number {
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) fail(E.EINVAL);
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) fail(E.EINVAL);
    if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || oldLength !== newLength)) fail(E.EINVAL);
    if (!isAligned(oldAddr)) fail(E.EINVAL);
    const oldLen = pageUp(oldLength), newLen = pageUp(newLength);
    if (newLen === 0 || oldLen === 0) fail(E.EINVAL); // old_size 0 duplicates shared mappings only
    const pages = this.mem.pages;
    if (!this.inAddressSpace(oldAddr, oldLen) || !pages.isAccessible(oldAddr, oldLen, 0)) fail(E.EFAULT);
    const m = pages.find(oldAddr)!;

    if (flags & MREMAP_FIXED) {
      if (!isAligned(newAddr) || !this.inAddressSpace(newAddr, newLen)) fail(E.EINVAL);
      if (newAddr < oldAddr + oldLen && oldAddr < newAddr + newLen) fail(E.EINVAL);
      return this.moveMapping(oldAddr, oldLen, newAddr, newLen, m, (flags & MREMAP_DONTUNMAP) !== 0);
    }
    if (newLen <= oldLen) {
      if (newLen < oldLen) pages.unmap(oldAddr + newLen, oldLen - newLen);
      return oldAddr;
    }
    const extra = newLen - oldLen;
    // Growing in place never crosses mmapTop (the stack and its guard live above).
    const ceiling = oldAddr < this.mmapTop ? this.mmapTop : ADDR_LIMIT;
    if (this.inAddressSpace(oldAddr + oldLen, extra) && oldAddr + newLen <= ceiling && pages.isFree(oldAddr + oldLen, extra)) {
      const tail = pages.find(oldAddr + oldLen - 1)!;
      this.mapFresh(oldAddr + oldLen, extra, tail.prot, tail.name, tail.offset + (oldAddr + oldLen - tail.start));
      return oldAddr;
    }
    if (!(flags & MREMAP_MAYMOVE)) fail(E.ENOMEM);
    return this.moveMapping(oldAddr, oldLen, this.findFree(newLen), newLen, m, (flags & MREMAP_DONTUNMAP) !== 0);
  }

  private moveMapping(
    oldAddr: number, oldLen: number, newAddr: number, newLen: number,
    m: { prot: number; name: string; offset: number; start: number }, keepOld: boolean,
  ): number {
    const pages = this.mem.pages;
    // Remember per-piece protections of the old range before touching anything.
    const pieces = pages.list().filter((x) => x.end > oldAddr && x.start < oldAddr + oldLen)
      .map((x) => ({ start: Math.max(x.start, oldAddr), end: Math.min(x.end, oldAddr + oldLen), prot: x.prot, name: x.name, offset: x.offset + Math.max(0, oldAddr - x.start) }));
    this.mapFresh(newAddr, newLen, m.prot, m.name, m.offset + (oldAddr - m.start));
    const copy = Math.min(oldLen, newLen);
    this.mem.u8.copyWithin(newAddr - GUEST_BASE, oldAddr - GUEST_BASE, oldAddr - GUEST_BASE + copy);
    for (const pc of pieces) {
      const s = newAddr + (pc.start - oldAddr);
      const e = Math.min(newAddr + (pc.end - oldAddr), newAddr + newLen);
      if (e > s) pages.map(s, e - s, pc.prot, pc.name, pc.offset);
    }
    if (keepOld) {
      // MREMAP_DONTUNMAP: the old range stays mapped but empty.
      pages.unmap(oldAddr, oldLen);
      this.zeroFresh(oldAddr, oldLen);
      for (const pc of pieces) pages.map(pc.start, pc.end - pc.start, pc.prot, pc.name, pc.offset);
    } else {
      pages.unmap(oldAddr, oldLen);
    }
    return newAddr;
  }

  madvise(addr: number, length: number, advice: number): void {
    if (!isAligned(addr) || length < 0 || !Number.isSafeInteger(length)) fail(E.EINVAL);
    const len = pageUp(length);
    if (len === 0) return;
    const pages = this.mem.pages;
    if (!this.inAddressSpace(addr, len) || !pages.isAccessible(addr, len, 0)) fail(E.ENOMEM);
    if (advice === MADV_DONTNEED || advice === MADV_REMOVE) {
      // Private anonymous pages read back as zero; file-backed ones would be
      // re-read from the file, which is not kept: their contents stay.
      for (const m of pages.list()) {
        if (m.end <= addr || m.start >= addr + len || m.name.startsWith('/')) continue;
        const s = Math.max(m.start, addr), e = Math.min(m.end, addr + len);
        this.mem.fill(s, e - s, 0);
      }
    }
  }
}
