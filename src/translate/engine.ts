// Executes translated code: the translation-block cache keyed by guest pc, the
// dispatch loop, and invalidation when code pages change.

import type { CpuState, Frontend } from '../cpu/types';
import type { GuestMemory } from '../memory/guest-memory';
import { GUEST_BASE, PAGE_SIZE } from '../memory/guest-memory';
import { log } from '../log';
import { Exit } from './ir';
import { translateBlock, type TranslationBlock } from './translator';

export class Engine {
  private cache = new Map<number, TranslationBlock>();
  /** Per guest page: number of cached blocks touching it (lets munmap of data skip the scan). */
  private codePages: Uint16Array;
  /** Counters for profiling and -d exec. */
  stats = { translated: 0, flushes: 0, invalidated: 0 };

  constructor(readonly fe: Frontend, readonly mem: GuestMemory) {
    this.codePages = new Uint16Array(mem.pages.flags.length);
    mem.pages.onCodeChange((start, end) => this.invalidate(start, end));
  }

  lookup(pc: number): TranslationBlock {
    let tb = this.cache.get(pc);
    if (tb === undefined) {
      tb = translateBlock(this.fe, this.mem, pc);
      this.stats.translated++;
      this.cache.set(pc, tb);
      for (let p = this.page(tb.pc); p <= this.page(tb.end - 1); p++) if (p >= 0 && p < this.codePages.length) this.codePages[p]++;
    }
    return tb;
  }

  /**
   * Runs blocks until one exits for a reason other than a plain jump, and
   * returns that reason (Exit.Syscall, Exit.Signal, Exit.Fault). Code-cache
   * flush requests are handled here.
   */
  run(cpu: CpuState): Exit {
    const cache = this.cache;
    const trace = log.on('exec');
    for (;;) {
      const pc = cpu.pc;
      let tb = cache.get(pc);
      if (tb === undefined) tb = this.lookup(pc);
      if (trace) log.write('exec', `Trace 0: [${pc.toString(16).padStart(16, '0')}]`);
      const r = tb.fn(cpu);
      if (r === Exit.Jump) continue;
      if (r === Exit.FlushCode) { this.flushAll(); continue; }
      return r;
    }
  }

  flushAll(): void {
    this.cache.clear();
    this.codePages.fill(0);
    this.stats.flushes++;
  }

  /** Drops blocks overlapping [start, end) (munmap, mprotect without exec, cache-flush syscalls). */
  invalidate(start: number, end: number): void {
    let any = false;
    for (let p = this.page(start); p <= this.page(end - 1); p++) if (this.codePages[p]) { any = true; break; }
    if (!any) return;
    for (const [pc, tb] of this.cache) {
      if (tb.pc < end && tb.end > start) {
        this.cache.delete(pc);
        for (let p = this.page(tb.pc); p <= this.page(tb.end - 1); p++) if (this.codePages[p]) this.codePages[p]--;
        this.stats.invalidated++;
      }
    }
  }

  private page(addr: number): number { return Math.floor((addr - GUEST_BASE) / PAGE_SIZE); }
}
