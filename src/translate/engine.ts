// Executes translated code: the translation-block cache keyed by guest pc, the
// dispatch loop, and invalidation when code pages change.

import type { CpuState, Frontend } from '../cpu/types';
import type { GuestMemory } from '../memory/guest-memory';
import { GUEST_BASE, PAGE_SIZE } from '../memory/guest-memory';
import { log } from '../log';
import { Exit } from './ir';
import { lowerRegion, type BlockFn, type BlockIR } from './lower-js';
import { compileBlock as compileLowered, lowerBlock } from './lower-js';
import { compileWasm, Unsupported, WasmRuntime, wasmStats } from './lower-wasm';
import { interpreterFn, prepareBlock, runPrepared } from './interp';
import { buildBlock, optimizedOps, type BlockCode, type TranslationBlock } from './translator';
import type { Helper } from './ir';
import type { Instrumenter } from './instrument';
import { noteHelpers, TbCache } from './tb-cache';
import { codeCacheFeature } from '../codecache';

/**
 * A block executed this many times is re-lowered as a region with the blocks it
 * reaches, so hot loops run inside one V8-optimised function. Low enough that
 * short programs benefit, high enough that run-once start-up code is not
 * compiled twice.
 */
export const REGION_THRESHOLD = 64;
/**
 * Blocks start in the IR interpreter (interp.ts) and are compiled to JavaScript
 * (as a region) once they have run this many times: most start-up code runs once
 * and is far cheaper to interpret than to compile. NODEMU_JIT_THRESHOLD=0
 * compiles every block on first use.
 */
export const JIT_THRESHOLD = Number(process.env.NODEMU_JIT_THRESHOLD ?? REGION_THRESHOLD);
/** Region size limits: blocks, and guest instructions (V8 compile time grows with function size). */
export const REGION_MAX_BLOCKS = 48;
/**
 * Blocks from the disk cache start as JavaScript, far cheaper to run than the IR
 * interpreter, so compiling them into a region pays off later than for a new block.
 */
export const PERSISTED_THRESHOLD = Number(process.env.NODEMU_TB_CACHE_THRESHOLD ?? 1024);
/** TranslationBlock.execs of a compiled block: no longer counted. */
const COMPILED = -0x40000000;
export const REGION_MAX_INSNS = 1500;
/**
 * Cap on IR ops per region. V8 never optimises a function whose bytecode
 * exceeds --max-optimized-bytecode-size (60 KiB); measured here, lowered JS is
 * ~70 chars and ~60 bytes of bytecode per IR op, so 700 ops keeps regions
 * optimisable (an aarch64 SIMD region of 48 blocks once reached 440 KiB of
 * bytecode and ran interpreted by Ignition).
 */
export const REGION_MAX_OPS = 700;

/**
 * Backend for compiled code: 'js' (lower-js.ts, new Function) or 'wasm'
 * (lower-wasm.ts, one WebAssembly module per region, chained inside wasm; falls
 * back to js for IR it does not support, e.g. big-endian guests). The default is
 * wasm for every guest: native i64 makes it ~4-5x faster than js on riscv64, and
 * in-wasm chaining ~2.3x faster on 32-bit ARM (bench: 11.3 s js vs 5.0 s wasm,
 * qemu-arm 3.6 s). NODEMU_BACKEND=js|wasm overrides it.
 */
export const BACKEND: 'js' | 'wasm' | undefined =
  process.env.NODEMU_BACKEND === 'wasm' ? 'wasm' : process.env.NODEMU_BACKEND === 'js' ? 'js' : undefined;

export class Engine {
  private cache = new Map<number, TranslationBlock>();
  /** Per guest page: number of cached blocks touching it (lets munmap of data skip the scan). */
  private codePages: Uint16Array;
  /** Counters for profiling and -d exec. */
  stats = { translated: 0, fromDisk: 0, compiled: 0, regions: 0, flushes: 0, invalidated: 0 };
  /** Region formation can be turned off (NODEMU_NO_REGIONS=1) to compare paths when debugging. */
  regions = process.env.NODEMU_NO_REGIONS !== '1';
  /** Compile to WebAssembly (little-endian guests only) instead of JavaScript. */
  wasm: boolean;
  private wasmRt: WasmRuntime | undefined;
  /** gdbstub: pcs where blocks stop with SIGTRAP, and one-instruction blocks (run() returns after each) while stepping. Callers flush the cache after changing either. */
  readonly breakpoints = new Set<number>();
  singleStep = false;
  /** gdbstub: set while watchpoints exist (every access is checked first). */
  watch: Helper | undefined;
  /** Plugins (src/plugins): calls inserted into new blocks. Callers flush the cache after changing either. */
  instrument: Instrumenter | undefined;

  constructor(readonly fe: Frontend, readonly mem: GuestMemory) {
    this.wasm = BACKEND ? BACKEND === 'wasm' : true;
    this.codePages = new Uint16Array(mem.pages.flags.length);
    mem.pages.onCodeChange((start, end) => this.invalidate(start, end));
  }

  /** Translations saved on disk by earlier runs of this program (tb-cache.ts), when enabled. */
  persist: TbCache | undefined;

  lookup(pc: number): TranslationBlock {
    let tb = this.cache.get(pc);
    if (tb === undefined) {
      const dbg = this.breakpoints.size || this.singleStep || this.watch ? this : undefined;
      const hit = this.persist && !dbg && !this.instrument ? this.persist.take(pc) : undefined;
      if (hit) {
        tb = { pc, end: hit.end, insns: hit.insns, execs: JIT_THRESHOLD - PERSISTED_THRESHOLD, fn: hit.fn, persisted: true };
        this.stats.fromDisk++;
      } else {
        const code = buildBlock(this.fe, this.mem, pc, dbg, this.instrument, JIT_THRESHOLD <= 0);
        tb = { pc, end: code.end, insns: code.insns, code, execs: 0, fn: this.firstRuns(code) };
        if (this.persist && !dbg && !this.instrument) { noteHelpers(code.ops); tb.bytes = TbCache.snapshot(this.mem, code); }
        if (this.stats.translated++ === 0) codeCacheFeature('translate');
      }
      if (JIT_THRESHOLD <= 0) this.compile(tb);
      this.cache.set(pc, tb);
      this.countPages(tb.pc, tb.end, 1);
    }
    return tb;
  }

  /**
   * A new block's interpreter function. Most blocks run once (start-up, error paths),
   * and a prepared block (a closure per IR op) takes ~4x the memory of its IR, which
   * the GC then copies around for the rest of the run: the first run prepares a
   * throw-away copy (it dies young, which costs the GC nothing), the second keeps one.
   */
  private firstRuns(code: BlockCode): BlockFn {
    const { wordTy, littleEndian } = this.fe;
    let runs = 0;
    const fn: BlockFn = (cpu) => {
      if (++runs < 2) return runPrepared(prepareBlock(code.ops, wordTy, littleEndian), cpu);
      const p = prepareBlock(code.ops, wordTy, littleEndian);
      const keep: BlockFn = (c) => runPrepared(p, c);
      const tb = this.cache.get(code.pc);
      if (tb && tb.fn === fn) tb.fn = keep;
      return keep(cpu);
    };
    return fn;
  }

  private countPages(start: number, end: number, d: number): void {
    for (let p = this.page(start); p <= this.page(end - 1); p++) if (p >= 0 && p < this.codePages.length && (d > 0 || this.codePages[p])) this.codePages[p] += d;
  }

  /** Replaces a block's interpreter function with compiled JavaScript: a region when regions are on. */
  private compile(tb: TranslationBlock): void {
    tb.execs = COMPILED; // never again
    if (this.stats.compiled + this.stats.regions === 0) codeCacheFeature('compile');
    if (this.regions && this.formRegion(tb)) return;
    tb.fn = this.lowerAndCompile([{ pc: -1, ops: optimizedOps(this.codeOf(tb)) }], tb.pc.toString(16));
    this.stats.compiled++;
  }

  /** Compiles a region (or a lone block: pc -1) with the selected backend. */
  private lowerAndCompile(blocks: BlockIR[], name: string): BlockFn {
    const js = (): BlockFn => {
      const lowered = blocks.length === 1 && blocks[0].pc < 0 ? lowerBlock(blocks[0].ops, this.fe, name) : lowerRegion(blocks, this.fe, name);
      if (log.on('out_js')) log.write('out_js', `OUT (${blocks.length} blocks): [size=${lowered.source.length}]\n${lowered.source}\n`);
      return compileLowered(lowered, this.mem.dv);
    };
    if (this.wasm && this.fe.littleEndian) {
      try {
        const region = compileWasm(blocks, this.fe, this.mem);
        if (log.on('out_js')) log.write('out_js', `OUT (wasm, ${blocks.length} blocks): ${name} [size=${region.bytes}]\n`);
        this.wasmRt ??= new WasmRuntime(this.mem);
        this.wasmRt.chain = !log.on('exec');
        return this.wasmRt.blockFn(region, js);
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        wasmStats.unsupported++;
        if (log.on('out_js')) log.write('out_js', `wasm: ${name} unsupported (${e.message}), using js\n`);
      }
    }
    return js();
  }

  /** Builds a region from a hot block and the blocks it reaches; its function replaces the head's. */
  /** A block's IR, built now for one taken from the disk cache. */
  private codeOf(tb: TranslationBlock): BlockCode {
    if (!tb.code) {
      tb.code = buildBlock(this.fe, this.mem, tb.pc, this.breakpoints.size || this.watch ? this : undefined, this.instrument, false);
      if (this.persist) noteHelpers(tb.code.ops);
    }
    return tb.code;
  }

  private formRegion(head: TranslationBlock): boolean {
    const headCode = this.codeOf(head);
    const blocks: BlockCode[] = [headCode];
    const fresh = new Map<BlockCode, Uint8Array>();
    const seen = new Set<number>([head.pc]);
    let insns = head.insns;
    let ops = optimizedOps(headCode).length;
    for (let i = 0; i < blocks.length && blocks.length < REGION_MAX_BLOCKS; i++) {
      for (const pc of blocks[i].successors) {
        if (seen.has(pc) || blocks.length >= REGION_MAX_BLOCKS) continue;
        seen.add(pc);
        let code: BlockCode | undefined = this.cache.get(pc)?.code;
        if (!code) {
          try { code = buildBlock(this.fe, this.mem, pc, this.breakpoints.size || this.watch ? this : undefined, this.instrument); } catch { continue; }
          // A block that only faults (unmapped code) is better left to the dispatcher.
          if (code.insns === 0 || code.ops.some((o) => o.op === 'exit' && o.reason === Exit.Fault)) continue;
          if (this.persist && !this.instrument && !this.breakpoints.size && !this.watch) { noteHelpers(code.ops); fresh.set(code, TbCache.snapshot(this.mem, code)); }
        }
        const n = optimizedOps(code).length;
        if (insns + code.insns > REGION_MAX_INSNS || ops + n > REGION_MAX_OPS) continue;
        insns += code.insns;
        ops += n;
        blocks.push(code);
      }
    }
    if (blocks.length === 1 && !headCode.successors.includes(head.pc)) return false;
    head.fn = this.lowerAndCompile(blocks.map((b) => ({ pc: b.pc, ops: optimizedOps(b) })), `r${head.pc.toString(16)}`);
    head.ranges = blocks.map((b) => [b.pc, b.end]);
    // The region can be entered at any member (it dispatches on cpu.pc): members
    // not yet compiled on their own point at it instead of forming regions of their own.
    for (const b of blocks) {
      if (b === headCode) continue;
      this.countPages(b.pc, b.end, 1);
      const old = this.cache.get(b.pc);
      if (old && old.execs === COMPILED) continue; // already compiled (its own region)
      if (old) this.countPages(old.pc, old.end, -1);
      this.cache.set(b.pc, {
        pc: b.pc, end: b.end, insns: b.insns, code: b, execs: COMPILED, fn: head.fn, ranges: head.ranges,
        bytes: fresh.get(b) ?? old?.bytes, persisted: old?.persisted,
      });
    }
    this.stats.regions++;
    return true;
  }

  /**
   * Runs blocks until one exits for a reason other than a plain jump, and
   * returns that reason (Exit.Syscall, Exit.Signal, Exit.Fault, or
   * Exit.Interrupt when cpu.exitReq is set). Code-cache flush requests are
   * handled here.
   */
  run(cpu: CpuState): Exit {
    const cache = this.cache;
    const trace = log.on('exec');
    const req = cpu.exitReq;
    for (;;) {
      // Regions return Exit.Jump when they see the request; blocks run here one at a time.
      if (req[0] !== 0) return Exit.Interrupt;
      const pc = cpu.pc;
      let tb = cache.get(pc);
      if (tb === undefined) tb = this.lookup(pc);
      if (trace) log.write('exec', `Trace 0: [${pc.toString(16).padStart(16, '0')}]`);
      if (tb.execs > COMPILED && ++tb.execs >= JIT_THRESHOLD && !this.singleStep) this.compile(tb);
      const r = tb.fn(cpu);
      if (r === Exit.Jump) { if (this.singleStep) return r; continue; }
      if (r === Exit.FlushCode) { this.flushAll(); continue; }
      return r;
    }
  }

  /**
   * Guest address whose access made the instruction at cpu.pc fault (si_addr).
   * Compiled code does not record it (that would cost every access), so the
   * faulting instruction is re-run alone in the interpreter, which does; registers,
   * pc and exitArg are restored afterwards. An instruction fetch fault reports the
   * pc. -1 if unknown (e.g. a helper's access).
   */
  faultAddress(cpu: CpuState): number {
    if (cpu.faultAddr >= 0) return cpu.faultAddr;
    const pc = cpu.pc, exitArg = cpu.exitArg;
    let code: BlockCode;
    try { code = buildBlock(this.fe, this.mem, pc); } catch { return -1; }
    if (code.insns === 0) return pc;
    let ops = code.ops;
    const second = ops.findIndex((o, i) => i > 0 && o.op === 'insn');
    if (second > 0) ops = [...ops.slice(0, second), { op: 'goto', pc: (ops[second] as { pc: number }).pc }];
    const saved = cpu.regs.slice();
    try {
      const r = interpreterFn(ops, this.fe.wordTy, this.fe.littleEndian)(cpu);
      return r === Exit.Fault ? cpu.faultAddr : -1;
    } finally {
      cpu.regs.set(saved);
      cpu.pc = pc;
      cpu.exitArg = exitArg;
    }
  }

  /** Saves this run's new translations to the disk cache (at process exit or exec). */
  saveTranslations(minNew?: number): void {
    const p = this.persist;
    if (!p) return;
    this.persist = undefined;
    const fresh: { code: BlockCode; bytes: Uint8Array }[] = [];
    for (const tb of this.cache.values()) if (!tb.persisted && tb.code && tb.bytes && tb.code.pc === tb.pc) fresh.push({ code: tb.code, bytes: tb.bytes });
    p.save(fresh, minNew);
  }

  flushAll(): void {
    this.cache.clear();
    this.wasmRt?.releaseAll();
    this.codePages.fill(0);
    this.stats.flushes++;
  }

  /** Drops blocks overlapping [start, end) (munmap, mprotect without exec, cache-flush syscalls). */
  invalidate(start: number, end: number): void {
    let any = false;
    for (let p = this.page(start); p <= this.page(end - 1); p++) if (this.codePages[p]) { any = true; break; }
    if (!any) return;
    for (const [pc, tb] of this.cache) {
      const ranges = tb.ranges ?? [[tb.pc, tb.end]];
      if (ranges.some(([s, e]) => s < end && e > start)) {
        this.cache.delete(pc);
        this.wasmRt?.release(tb.fn);
        for (const [s, e] of ranges) this.countPages(s, e, -1);
        this.stats.invalidated++;
      }
    }
  }

  private page(addr: number): number { return Math.floor((addr - GUEST_BASE) / PAGE_SIZE); }
}
