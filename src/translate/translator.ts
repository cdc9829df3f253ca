// The shared translator loop (QEMU's translator_loop): owns block formation,
// limits, logging and compilation; front ends only translate one instruction.

import type { Frontend, TranslateContext } from '../cpu/types';
import type { GuestMemory } from '../memory/guest-memory';
import { GUEST_BASE, PAGE_SIZE } from '../memory/guest-memory';
import { PROT_EXEC } from '../memory/page-map';
import { log } from '../log';
import { Exit, IRBuilder, irToString, type Helper, type Op } from './ir';
import { compileBlock, lowerBlock, type BlockFn } from './lower-js';
import { optimize } from './optimize';
import { instrumentOps, type InsnSite, type Instrumenter } from './instrument';

/** Upper bound on guest instructions per block: long enough for straight-line code, short enough to keep V8 compile time low. */
export const MAX_BLOCK_INSNS = 256;

/** A block's optimised IR before lowering (kept so hot blocks can be re-lowered as regions). */
export interface BlockCode {
  readonly pc: number;
  /** One past the last guest byte translated. */
  readonly end: number;
  readonly insns: number;
  readonly ops: readonly Op[];
  /** Constant successors (goto targets), then the fall-through pc (a call's return site). */
  readonly successors: readonly number[];
  /** Whether `ops` went through optimize() (see optimizedOps). */
  readonly optimized: boolean;
}

const OPTIMIZED = new WeakMap<BlockCode, readonly Op[]>();
/** The block's optimised IR, computed once for blocks built without it (the interpreter runs raw IR). */
export function optimizedOps(code: BlockCode): readonly Op[] {
  if (code.optimized) return code.ops;
  let ops = OPTIMIZED.get(code);
  if (!ops) { ops = optimize(code.ops); OPTIMIZED.set(code, ops); }
  return ops;
}

export interface TranslationBlock {
  readonly pc: number;
  /** One past the last guest byte translated. */
  readonly end: number;
  readonly insns: number;
  fn: BlockFn;
  /** Its IR: absent for a block taken from the translation cache on disk until it is compiled (Engine.codeOf). */
  code?: BlockCode;
  /** The guest bytes it was translated from, when the disk cache may save it (tb-cache.ts). */
  bytes?: Uint8Array;
  /** Taken from the disk cache (already in the file). */
  persisted?: boolean;
  /** Executions so far (counts up to the region threshold). */
  execs: number;
  /** Set when fn is a region (several blocks): guest ranges it covers, for invalidation. */
  ranges?: [number, number][];
}

class FetchFault { constructor(readonly addr: number) {} }

export function translateBlock(fe: Frontend, mem: GuestMemory, pc: number): TranslationBlock {
  const code = buildBlock(fe, mem, pc);
  const lowered = lowerBlock(code.ops, fe, pc.toString(16));
  if (log.on('out_js')) log.write('out_js', `OUT: [size=${lowered.source.length}]\n${lowered.source}\n`);
  const fn = compileBlock(lowered, mem.dv);
  return { pc, end: code.end, insns: code.insns, fn, code, execs: 0 };
}

/** gdbstub hooks: blocks end with SIGTRAP before a breakpoint pc (bit 0, arm's Thumb flag, ignored), and hold one instruction while single-stepping. */
export interface DebugHooks {
  readonly breakpoints: ReadonlySet<number>;
  readonly singleStep: boolean;
  /** Watchpoints set: every access calls this first, nonzero stops with SIGTRAP (instrument.ts). */
  readonly watch?: Helper;
}

/** Decodes one block from guest memory into optimised IR (the front half of translateBlock). */
/**
 * `opt` false leaves the IR unoptimised: the engine interprets new blocks, and most
 * run only a few times (start-up), so optimising them cost more than it saved
 * (optimize() was ~15% of a static hello world); blocks that get compiled are
 * optimised then (optimizedOps). -d op_opt always optimises, to show the result.
 */
export function buildBlock(fe: Frontend, mem: GuestMemory, pc: number, dbg?: DebugHooks, inst?: Instrumenter, opt = true): BlockCode {
  const b = new IRBuilder();
  const pages = mem.pages;
  const fetchCheck = (addr: number, len: number) => {
    if ((pages.protAt(addr) & PROT_EXEC) === 0 || (pages.protAt(addr + len - 1) & PROT_EXEC) === 0) throw new FetchFault(addr);
  };
  const fetch16 = (addr: number) => { fetchCheck(addr, 2); return mem.dv.getUint16(addr - GUEST_BASE, fe.littleEndian); };
  const fetch32 = (addr: number) => { fetchCheck(addr, 4); return mem.dv.getInt32(addr - GUEST_BASE, fe.littleEndian); };

  const wantAsm = log.on('in_asm');
  const asm: string[] = [];
  let cur = pc;
  let insns = 0;
  const sites: InsnSite[] | undefined = inst ? [] : undefined;
  const page = Math.floor(pc / PAGE_SIZE);
  for (;;) {
    if (dbg && dbg.breakpoints.has(cur - (cur & 1))) { b.exit(Exit.Signal, cur, 5); break; }
    const mark = b.ops.length;
    const ctx: TranslateContext = { b, pc: cur, fetch16, fetch32, end: false };
    b.insn(cur, 0);
    let len: number;
    try {
      len = fe.translate(ctx);
    } catch (e) {
      if (!(e instanceof FetchFault)) throw e;
      b.ops.length = mark;
      if (insns === 0) b.exit(Exit.Fault, cur, 11); // executing an unmapped or non-executable page
      else b.goto(cur);
      break;
    }
    (b.ops[mark] as { len: number }).len = len;
    insns++;
    if (sites) {
      // One site per `insn` marker: a front end may translate several instructions in one step (arm IT blocks).
      let prev: { pc: number; len: number } | undefined;
      for (let i = mark; i < b.ops.length; i++) {
        const o = b.ops[i];
        if (o.op !== 'insn') continue;
        if (prev) prev.len = o.pc - prev.pc;
        sites.push(prev = { pc: o.pc, len: 0 });
      }
      prev!.len = cur + len - prev!.pc;
    }
    if (wantAsm) {
      const d = fe.disassemble(cur, fetch16);
      // Thumb code (arm) has bit 0 set in its pc; other front ends' pcs are even. Thumb-2 words print as two halfwords, like objdump.
      const at = cur - (cur & 1);
      const h = (a: number) => fetch16(a).toString(16).padStart(4, '0');
      const bytes = d.len === 2 ? h(at) : cur & 1 ? `${h(at)} ${h(at + 2)}` : (fetch32(cur) >>> 0).toString(16).padStart(8, '0');
      asm.push(`0x${at.toString(16).padStart(8, '0')}:  ${bytes.padEnd(8)}  ${d.text}`);
    }
    cur += len;
    if (ctx.end) break;
    if (dbg?.singleStep) { b.goto(cur); break; }
    // Stop at page boundaries so invalidation can work per page, and at the size limit.
    if (insns >= MAX_BLOCK_INSNS || Math.floor(cur / PAGE_SIZE) !== page) { b.goto(cur); break; }
  }

  const name = pc.toString(16);
  if (wantAsm) log.write('in_asm', `----------------\nIN: \n${asm.join('\n')}\n`);
  // Plugins and watchpoints: calls inserted into the raw IR (nothing when neither is active).
  const hooks = sites && sites.length ? inst!.block(pc, sites) : undefined;
  const raw = hooks || dbg?.watch ? instrumentOps(b, b.ops, hooks, dbg?.watch) : b.ops;
  if (log.on('op')) log.write('op', `OP:\n${irToString(raw)}\n`);
  const optimized = opt || log.on('op_opt');
  const ops = optimized ? optimize(raw) : raw;
  if (log.on('op_opt')) log.write('op_opt', `OP after optimization:\n${irToString(ops)}\n`);
  const successors: number[] = [];
  for (const o of ops) if (o.op === 'goto' && !successors.includes(o.pc)) successors.push(o.pc);
  if (!successors.includes(cur)) successors.push(cur);
  void name;
  return { pc, end: Math.max(cur, pc + 1), insns, ops, successors, optimized };
}
