// Syscall arguments as read from the guest registers, with the C-type views
// a handler needs (an `int` argument only has 32 meaningful bits, etc.).

import type { CpuState } from '../cpu/types';
import type { Handler } from './kernel';

/** Per-arch register convention for system calls (src/linux-user/<arch>/abi.ts). */
export interface SyscallAbi {
  nr(cpu: CpuState): number;
  /**
   * The register as a JS number: on 64-bit targets signed hi*2^32 + (lo>>>0)
   * (exact within ±2^53); on 32-bit targets the sign-extended register.
   */
  arg(cpu: CpuState, i: number): number;
  /** Raw low 32 bits of the register. */
  argLo(cpu: CpuState, i: number): number;
  /** Sign-extends `v` into the result register. */
  setResult(cpu: CpuState, v: number): void;
  /**
   * Calls whose arguments the arch passes differently from the generic
   * handler's view (64-bit values in register pairs on 32-bit targets):
   * syscall name → [handler name, where each handler argument comes from].
   */
  argMap?(name: string): ArgMap | undefined;
  /** The arch's private calls (e.g. arm's set_tls), by name; they take precedence. */
  readonly handlers?: Readonly<Record<string, Handler>>;
}

/**
 * Where a handler argument comes from: register argument `n`, a 64-bit value
 * from a [lo, hi] pair of register arguments, or a constant.
 */
export type ArgSource = number | readonly [lo: number, hi: number] | { readonly value: number };
/** A handler name and its argument sources (missing trailing arguments are 0). */
export type ArgMap = readonly [handler: string, sources: readonly ArgSource[]];

const TWO64 = 2 ** 64;

export class SyscallArgs {
  /** Signed full-register values. */
  readonly raw = [0, 0, 0, 0, 0, 0];
  /** Low 32 bits. */
  readonly lo = [0, 0, 0, 0, 0, 0];

  constructor(readonly longSize: 4 | 8) {}

  load(abi: SyscallAbi, cpu: CpuState): this {
    for (let i = 0; i < 6; i++) { this.raw[i] = abi.arg(cpu, i); this.lo[i] = abi.argLo(cpu, i); }
    return this;
  }

  /** Sets arguments directly (tests, internal calls). */
  set(values: readonly number[]): this {
    for (let i = 0; i < 6; i++) {
      const v = values[i] ?? 0;
      this.raw[i] = v;
      this.lo[i] = Number(BigInt.asIntN(32, BigInt(Math.trunc(v))));
    }
    return this;
  }

  /** Rearranges the arguments in place: argument i becomes `sources[i]` of the current ones. */
  remap(sources: readonly ArgSource[]): this {
    const raw = this.raw.slice(), lo = this.lo.slice();
    for (let i = 0; i < 6; i++) {
      const s = sources[i];
      if (s === undefined) { this.raw[i] = 0; this.lo[i] = 0; }
      else if (typeof s === 'number') { this.raw[i] = raw[s]; this.lo[i] = lo[s]; }
      else if ('value' in s) { this.raw[i] = s.value; this.lo[i] = s.value | 0; }
      else { this.raw[i] = (lo[s[1]] | 0) * 0x1_0000_0000 + (lo[s[0]] >>> 0); this.lo[i] = lo[s[0]] | 0; }
    }
    return this;
  }

  /** C int. */
  int(i: number): number { return this.lo[i] | 0; }
  /** C unsigned int. */
  uint(i: number): number { return this.lo[i] >>> 0; }
  /** C long (signed). */
  long(i: number): number { return this.longSize === 8 ? this.raw[i] : this.lo[i] | 0; }
  /** C unsigned long / size_t (values above 2^53 are approximate; they are invalid anyway). */
  ulong(i: number): number {
    if (this.longSize === 4) return this.lo[i] >>> 0;
    const v = this.raw[i];
    return v < 0 ? v + TWO64 : v;
  }
  /** Guest pointer. */
  ptr(i: number): number { return this.ulong(i); }
  /** off_t / loff_t: one register on 64-bit targets; on 32-bit ones a remapped register pair (or a 32-bit off_t). */
  i64(i: number): number { return this.raw[i]; }
}
