// The page map: protection of every 4 KiB guest page plus a list of mappings
// (what backs each range), used by mmap/munmap/mprotect/brk, by syscall
// pointer checks (EFAULT), by the translator (execute permission) and by
// /proc/self/maps.

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
/** Set on every page that is part of a mapping, even PROT_NONE ones. */
export const PAGE_MAPPED = 8;

const PAGE_SHIFT = 12;
const PAGE = 1 << PAGE_SHIFT;

export interface Mapping {
  start: number;
  end: number; // exclusive
  prot: number;
  /** e.g. '[stack]', '[heap]', a file path, or '' for anonymous memory. */
  name: string;
  /** File offset of `start` for file-backed mappings. */
  offset: number;
}

export type PageChangeListener = (start: number, end: number) => void;

export class PageMap {
  /** One entry per page from `base`: PROT_* bits | PAGE_MAPPED. */
  readonly flags: Uint8Array;
  private mappings: Mapping[] = []; // sorted, non-overlapping
  private listeners: PageChangeListener[] = [];

  constructor(readonly base: number, readonly limit: number) {
    this.flags = new Uint8Array((limit - base) / PAGE);
  }

  /** Called with the range whenever pages lose execute permission or are unmapped. */
  onCodeChange(fn: PageChangeListener): void { this.listeners.push(fn); }

  private index(addr: number): number { return Math.floor((addr - this.base) / PAGE); }

  inRange(start: number, len: number): boolean {
    return Number.isSafeInteger(start) && Number.isSafeInteger(len) && len >= 0 &&
      start >= this.base && start + len <= this.limit;
  }

  isAccessible(addr: number, len: number, prot: number): boolean {
    if (!this.inRange(addr, len)) return false;
    if (len === 0) return true;
    const need = prot | PAGE_MAPPED;
    const last = this.index(addr + len - 1);
    for (let i = this.index(addr); i <= last; i++) if ((this.flags[i] & need) !== need) return false;
    return true;
  }

  protAt(addr: number): number {
    if (addr < this.base || addr >= this.limit) return 0;
    return this.flags[this.index(addr)];
  }

  isMapped(addr: number): boolean { return (this.protAt(addr) & PAGE_MAPPED) !== 0; }

  /** Maps [start, start+len) (page-aligned), replacing whatever was there. */
  map(start: number, len: number, prot: number, name = '', offset = 0): void {
    const end = start + len;
    this.removeRange(start, end);
    this.flags.fill((prot & 7) | PAGE_MAPPED, this.index(start), this.index(end));
    this.insert({ start, end, prot, name, offset });
  }

  unmap(start: number, len: number): void {
    const end = start + len;
    this.removeRange(start, end);
    this.flags.fill(0, this.index(start), this.index(end));
    this.notify(start, end);
  }

  /** Changes protection of mapped pages in range; returns false if any page is unmapped (ENOMEM). */
  protect(start: number, len: number, prot: number): boolean {
    const end = start + len;
    for (let i = this.index(start); i < this.index(end); i++) if (!(this.flags[i] & PAGE_MAPPED)) return false;
    const pieces = this.mappings.filter((m) => m.end > start && m.start < end);
    this.removeRange(start, end);
    for (const m of pieces) {
      const s = Math.max(m.start, start), e = Math.min(m.end, end);
      this.insert({ start: s, end: e, prot, name: m.name, offset: m.offset + (s - m.start) });
    }
    this.flags.fill((prot & 7) | PAGE_MAPPED, this.index(start), this.index(end));
    if (!(prot & PROT_EXEC)) this.notify(start, end);
    this.merge();
    return true;
  }

  /**
   * Finds a free, page-aligned range of `len` bytes. Searches downward from
   * `top` (Linux's top-down mmap layout) and never below `bottom`.
   */
  findFree(len: number, top: number, bottom: number): number | undefined {
    let hi = top;
    for (let i = this.mappings.length - 1; i >= -1; i--) {
      const m = i >= 0 ? this.mappings[i] : undefined;
      if (m && m.start >= hi) continue; // above the window still searched
      const gapLo = m ? Math.max(m.end, bottom) : bottom;
      const cand = Math.floor((hi - len) / PAGE) * PAGE;
      if (cand >= gapLo) return cand;
      if (!m || m.start <= bottom) break;
      hi = m.start;
    }
    return undefined;
  }

  isFree(start: number, len: number): boolean {
    if (!this.inRange(start, len)) return false;
    for (let i = this.index(start); i < this.index(start + len); i++) if (this.flags[i] & PAGE_MAPPED) return false;
    return true;
  }

  list(): readonly Mapping[] { return this.mappings; }

  /** Copy of the map for another address space (fork). */
  snapshot(): { flags: Uint8Array; mappings: Mapping[] } {
    return { flags: this.flags.slice(), mappings: this.mappings.map((m) => ({ ...m })) };
  }

  /** Takes over a snapshot() (listeners are not told: the pages change owner, not contents). */
  restore(snap: { flags: Uint8Array; mappings: Mapping[] }): void {
    this.flags.set(snap.flags);
    this.mappings = snap.mappings.map((m) => ({ ...m }));
  }

  find(addr: number): Mapping | undefined { return this.mappings.find((m) => addr >= m.start && addr < m.end); }

  private notify(start: number, end: number): void { for (const fn of this.listeners) fn(start, end); }

  private insert(m: Mapping): void {
    let i = 0;
    while (i < this.mappings.length && this.mappings[i].start < m.start) i++;
    this.mappings.splice(i, 0, m);
  }

  /** Removes [start,end) from the mapping list, splitting mappings that straddle it. */
  private removeRange(start: number, end: number): void {
    const out: Mapping[] = [];
    for (const m of this.mappings) {
      if (m.end <= start || m.start >= end) { out.push(m); continue; }
      if (m.start < start) out.push({ ...m, end: start });
      if (m.end > end) out.push({ ...m, start: end, offset: m.offset + (end - m.start) });
    }
    this.mappings = out;
  }

  private merge(): void {
    const out: Mapping[] = [];
    for (const m of this.mappings) {
      const p = out[out.length - 1];
      if (p && p.end === m.start && p.prot === m.prot && p.name === m.name &&
          (p.name === '' || p.offset + (p.end - p.start) === m.offset)) p.end = m.end;
      else out.push(m);
    }
    this.mappings = out;
  }
}
