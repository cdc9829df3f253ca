// What each architecture's generator provides to the differential tester (harness.ts).

import type { Code } from './elf';
import type { Rng } from './rng';

/** One instruction: a 32-bit word, a 16-bit halfword, or a Thumb-2 pair (high halfword in bits 31:16). */
export interface Insn { enc: number; len: 2 | 4 }
/** The shrinker's atom: one instruction, or an IT instruction with the instructions it predicates. */
export type Unit = Insn[];

/** A named slice of the register record (the block's initial state and its dump share one layout). */
export interface Field { name: string; off: number; size: 4 | 8 | 16; /** bits compared (default all) */ mask?: bigint; reserved?: boolean }

// Fixed guest addresses (the same for every program, so a shrunk case reproduces at the same place).
export const TEXT = 0x400000;
export const SCRATCH = 0x500000;
/** Scratch bytes the sequence may load from and store to; the register dump follows them. */
export const SCR = 2048;
/** Base register value: the middle of the scratch buffer, so signed offsets stay inside. */
export const BASE = SCRATCH + SCR / 2;
export const DUMP = SCRATCH + SCR;
export const DATA = 0x600000;

export interface ArchSpec {
  /** 'riscv64' | 'aarch64' | 'arm' | 'thumb' */
  readonly name: string;
  readonly qemu: string;
  readonly cls: 32 | 64;
  readonly machine: number;
  readonly elfFlags?: number;
  readonly thumb: boolean;
  /** Size of the register record (multiple of 8). */
  readonly regBytes: number;
  readonly fields: readonly Field[];
  /** Record with the reserved registers (scratch base etc.) at their fixed values and everything else zero. */
  baseInit(): Uint8Array;
  /** baseInit() plus seeded random values for every other register, flag and FP status field. */
  randomInit(rng: Rng): Uint8Array;
  /** One random valid unit (never leaves the sequence, never traps by design). */
  genUnit(rng: Rng): Unit;
  /** Prologue (load every register from the record at initAddr, refill scratch) + units + epilogue (dump, write(1)). */
  emitBlock(code: Code, initAddr: number, units: readonly Unit[]): void;
  /** exit_group(0). */
  emitExit(code: Code): void;
  disasm(i: Insn, pc: number): string;
  /** The instruction a regression test's encoding stands for (its length). */
  insnOf(enc: number): Insn;
}

export function readField(rec: Uint8Array, f: Field): bigint {
  let v = 0n;
  for (let i = f.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(rec[f.off + i]);
  return v;
}

export function writeField(rec: Uint8Array, f: Field, v: bigint): void {
  for (let i = 0; i < f.size; i++) { rec[f.off + i] = Number(v & 255n); v >>= 8n; }
}

/** Fills the non-reserved fields of rec with interesting random values. */
export function randomFields(rec: Uint8Array, fields: readonly Field[], rng: Rng): void {
  for (const f of fields) {
    if (f.reserved) continue;
    let v = 0n;
    for (let k = 0; k < f.size; k += 8) v |= rng.interesting64() << BigInt(8 * k);
    writeField(rec, f, v & (f.mask ?? ((1n << BigInt(8 * f.size)) - 1n)));
  }
}
