// Instrumentation of a block's IR: helper calls inserted at translation time for
// TCG-style plugins (src/plugins) and checks for gdb watchpoints (src/gdbstub).
// It runs on the raw IR before optimisation, so the interpreter, the JS and the
// wasm lowering all execute the very same calls: counts do not depend on which
// tier runs a block. Nothing is inserted unless someone asked for it, so code
// translated without plugins or watchpoints is unchanged (and costs nothing).

import { c32, Exit, Ty, type Helper, type IRBuilder, type Op, type Val, type Var } from './ir';

/** One instruction of a block, as the translator saw it. */
export interface InsnSite { readonly pc: number; readonly len: number }

/** A helper call with its registration id (passed as the first argument, an i32 constant). */
export interface Hook { readonly helper: Helper; readonly id: number }

/**
 * Calls chosen for one block. Entry hooks get (cpu, id); instruction hooks
 * (cpu, id) before the instruction runs; memory hooks (cpu, id, addr, offset,
 * info) after each access of the instruction succeeded, `addr` of the guest
 * word type, info = size | MEM_STORE | MEM_SIGNED.
 */
export interface BlockHooks {
  readonly entry?: readonly Hook[];
  readonly insn?: ReadonlyArray<readonly Hook[] | undefined>;
  readonly mem?: ReadonlyArray<readonly Hook[] | undefined>;
}

export const MEM_STORE = 0x100;
export const MEM_SIGNED = 0x200;

/** Decides, per translated block, which calls it carries (undefined: none). */
export interface Instrumenter {
  block(pc: number, insns: readonly InsnSite[]): BlockHooks | undefined;
}

const sameVar = (a: Val, b: Var): boolean => a.kind === b.kind && (a as Var).id === b.id;

/**
 * Returns `ops` with the hooks inserted. `watch`, if given, is called as
 * (cpu, addr, offset, info) before every access and returns nonzero to stop:
 * the block then exits with SIGTRAP at the accessing instruction, which has not
 * run (gdb's watchpoints are "non-steppable" on all three targets: gdb steps
 * over the instruction itself).
 */
export function instrumentOps(b: IRBuilder, ops: readonly Op[], hooks: BlockHooks | undefined, watch?: Helper): Op[] {
  const out: Op[] = [];
  const traps: Array<{ label: number; pc: number }> = [];
  let insn = -1;
  let memHooks: readonly Hook[] | undefined;
  let pc = 0;
  for (const o of ops) {
    if (o.op === 'insn') {
      insn++;
      pc = o.pc;
      out.push(o);
      if (insn === 0) for (const h of hooks?.entry ?? []) out.push({ op: 'call', helper: h.helper, args: [c32(h.id)] });
      for (const h of hooks?.insn?.[insn] ?? []) out.push({ op: 'call', helper: h.helper, args: [c32(h.id)] });
      memHooks = hooks?.mem?.[insn];
      continue;
    }
    if (o.op !== 'ld' && o.op !== 'st') { out.push(o); continue; }
    const info = o.size | (o.op === 'st' ? MEM_STORE : 0) | (o.op === 'ld' && o.signed ? MEM_SIGNED : 0);
    if (watch) {
      const hit = b.t32();
      const label = b.newLabel();
      out.push({ op: 'call', helper: watch, args: [o.addr, c32(o.offset), c32(info)], dst: hit });
      out.push({ op: 'brcond', cond: 'ne', a: hit, b: c32(0), label });
      traps.push({ label, pc });
    }
    if (!memHooks?.length) { out.push(o); continue; }
    // A load may overwrite its own address operand: keep a copy for the hooks.
    let addr = o.addr;
    if (o.op === 'ld' && addr.kind !== 'const' && sameVar(addr, o.dst)) {
      const t = b.temp(addr.ty);
      out.push({ op: 'mov', dst: t, a: addr });
      addr = t;
    }
    out.push(o);
    for (const h of memHooks) out.push({ op: 'call', helper: h.helper, args: [c32(h.id), addr, c32(o.offset), c32(info)] });
  }
  for (const t of traps) {
    out.push({ op: 'label', id: t.label });
    out.push({ op: 'exit', reason: Exit.Signal, pc: t.pc, arg: 5 });
  }
  return out;
}

/** The helper argument types of a memory hook for guests whose addresses are `wordTy`. */
export const memHookArgs = (wordTy: Ty): Ty[] => [Ty.I32, wordTy, Ty.I32, Ty.I32];
