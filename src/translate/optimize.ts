// Block-local IR optimisation: constant/copy propagation, constant folding and
// dead-temp elimination. Deliberately simple (one forward pass, knowledge reset
// at labels since they merge paths); it mainly removes the constant plumbing
// front ends emit (x0, pc-relative values, immediates).

import { constant, Ty, type Const, type Op, type Val, type Var } from './ir';

const MASK64 = (1n << 64n) - 1n;
const big = (c: Const): bigint => (c.ty === Ty.I64 ? (BigInt(c.hi) << 32n) | BigInt(c.lo >>> 0) : BigInt(c.lo));
const ubig = (c: Const): bigint => (c.ty === Ty.I64 ? ((BigInt(c.hi >>> 0) << 32n) | BigInt(c.lo >>> 0)) : BigInt(c.lo >>> 0));
function mk(ty: Ty, v: bigint): Const {
  if (ty === Ty.I32) return constant(Ty.I32, Number(BigInt.asIntN(32, v)));
  const u = v & MASK64;
  return constant(Ty.I64, Number(u & 0xffffffffn) | 0, Number(u >> 32n) | 0);
}
const bits = (ty: Ty) => (ty === Ty.I64 ? 64n : 32n);
const sx = (ty: Ty, v: bigint) => BigInt.asIntN(Number(bits(ty)), v);
const zx = (ty: Ty, v: bigint) => BigInt.asUintN(Number(bits(ty)), v);

function foldBin(op: string, ty: Ty, a: Const, b: Const): Const | undefined {
  const x = big(a), y = big(b), ux = ubig(a), uy = ubig(b), w = bits(ty);
  const n = uy & (w - 1n);
  switch (op) {
    case 'add': return mk(ty, x + y);
    case 'sub': return mk(ty, x - y);
    case 'mul': return mk(ty, x * y);
    case 'and': return mk(ty, x & y);
    case 'or': return mk(ty, x | y);
    case 'xor': return mk(ty, x ^ y);
    case 'shl': return mk(ty, ux << n);
    case 'shr': return mk(ty, zx(ty, ux) >> n);
    case 'sar': return mk(ty, sx(ty, x) >> n);
    case 'rotl': return mk(ty, (ux << n) | (ux >> ((w - n) % w)));
    case 'rotr': return mk(ty, (ux >> n) | (ux << ((w - n) % w)));
  }
  return undefined; // divisions and high multiplies are left to run time
}

function evalCond(cond: string, a: Const, b: Const): boolean {
  const x = big(a), y = big(b), ux = ubig(a), uy = ubig(b);
  switch (cond) {
    case 'eq': return x === y; case 'ne': return x !== y;
    case 'lt': return x < y; case 'ge': return x >= y; case 'le': return x <= y; case 'gt': return x > y;
    case 'ltu': return ux < uy; case 'geu': return ux >= uy; case 'leu': return ux <= uy; case 'gtu': return ux > uy;
  }
  return false;
}

function foldUn(op: string, ty: Ty, a: Const): Const | undefined {
  const x = big(a);
  switch (op) {
    case 'mov': return mk(ty, x);
    case 'neg': return mk(ty, -x);
    case 'not': return mk(ty, ~x);
    case 'ext8s': return mk(ty, BigInt.asIntN(8, x));
    case 'ext8u': return mk(ty, BigInt.asUintN(8, x));
    case 'ext16s': return mk(ty, BigInt.asIntN(16, x));
    case 'ext16u': return mk(ty, BigInt.asUintN(16, x));
    case 'ext32s': case 'exts': return mk(ty, BigInt.asIntN(32, x));
    case 'ext32u': case 'extu': return mk(ty, BigInt.asUintN(32, x));
    case 'trunc': return constant(Ty.I32, a.lo);
    case 'hi32': return constant(Ty.I32, a.ty === Ty.I64 ? a.hi : a.lo >> 31);
  }
  return undefined;
}

export function optimize(input: readonly Op[]): Op[] {
  // Forward pass: temps known to hold a constant.
  // Temps and globals known to hold a constant (globals keyed by -1 - id).
  let known = new Map<number, Const>();
  const key = (v: Val) => (v.kind === 'temp' ? v.id : v.kind === 'global' ? -1 - v.id : NaN);
  const sub = (v: Val): Val => (v.kind !== 'const' && known.has(key(v)) ? known.get(key(v))! : v);
  const out: Op[] = [];
  for (const o0 of input as any[]) {
    if (o0.op === 'label') { if (known.size) known = new Map(); out.push(o0); continue; }
    // Copy the op only when an operand is replaced (start-up translates thousands of blocks).
    let o: any = o0;
    if (known.size) {
      for (const k of OPERANDS) {
        const v = o0[k];
        if (v && v.kind !== 'const' && known.has(key(v))) { if (o === o0) o = { ...o0 }; o[k] = sub(v); }
      }
      if (o0.args && o0.args.some((v: Val) => v.kind !== 'const' && known.has(key(v)))) { if (o === o0) o = { ...o0 }; o.args = o0.args.map(sub); }
    }
    const dst = o.dst as Var | undefined;
    if (dst) known.delete(key(dst));
    if (o.op === 'call' && o.helper.writesGlobals) for (const k of [...known.keys()]) if (k < 0) known.delete(k);
    let folded: Const | undefined;
    if (dst && o.a?.kind === 'const') {
      if (o.b !== undefined && 'b' in o && o.op !== 'setcond' && o.op !== 'movcond') {
        if (o.b.kind === 'const') folded = foldBin(o.op, dst.ty, o.a, o.b);
      } else if (o.b === undefined && o.op !== 'ld' && o.op !== 'call' && o.op !== 'concat') {
        folded = foldUn(o.op, dst.ty, o.a);
      }
    }
    if (o.op === 'setcond' && o.a.kind === 'const' && o.b.kind === 'const') folded = constant(dst!.ty, evalCond(o.cond, o.a, o.b) ? 1 : 0, 0);
    if (o.op === 'brcond' && o.a.kind === 'const' && o.b.kind === 'const') {
      if (evalCond(o.cond, o.a, o.b)) out.push({ op: 'br', label: o.label });
      continue;
    }
    if (!folded && dst && o.op === 'mov' && o.a.kind === 'const') folded = o.a;
    if (folded) {
      known.set(key(dst!), folded);
      out.push({ op: 'mov', dst: dst!, a: folded });
      continue;
    }
    out.push(simplify(o));
  }
  return removeDeadTemps(out);
}

const OPERANDS = ['a', 'b', 't', 'f', 'lo', 'hi', 'addr', 'src', 'target'] as const;

const isZero = (v: Val) => v.kind === 'const' && v.lo === 0 && v.hi === 0;
const isOnes = (v: Val) => v.kind === 'const' && v.lo === -1 && (v.ty === Ty.I32 || v.hi === -1);

/** Algebraic identities that turn an op into a plain move (x+0, x|0, x^0, x&-1, x<<0…). */
function simplify(o: any): Op {
  if (!o.dst || o.b === undefined || o.op === 'setcond' || o.op === 'movcond' || o.a.ty !== o.dst.ty) return o;
  switch (o.op) {
    case 'add': case 'sub': case 'or': case 'xor': case 'shl': case 'shr': case 'sar': case 'rotl': case 'rotr':
      if (isZero(o.b)) return { op: 'mov', dst: o.dst, a: o.a };
      if (o.op === 'add' && isZero(o.a)) return { op: 'mov', dst: o.dst, a: o.b };
      break;
    case 'and':
      if (isOnes(o.b)) return { op: 'mov', dst: o.dst, a: o.a };
      break;
  }
  return o;
}

/**
 * Drops side-effect-free ops writing temps that nothing reads. Loads stay (they
 * can fault). One backward pass with read counts: removing an op releases its
 * operands, so chains of dead temps go at once.
 */
function removeDeadTemps(ops: Op[]): Op[] {
  const reads = new Map<number, number>();
  const each = (o: any, fn: (id: number) => void) => {
    for (const k of OPERANDS) { const v = o[k]; if (v && v.kind === 'temp') fn(v.id); }
    if (o.args) for (const v of o.args) if (v.kind === 'temp') fn(v.id);
  };
  for (const o of ops) each(o, (id) => reads.set(id, (reads.get(id) ?? 0) + 1));
  const keep = new Array<boolean>(ops.length);
  let dropped = 0;
  for (let i = ops.length - 1; i >= 0; i--) {
    const o: any = ops[i];
    const removable = o.dst && o.dst.kind === 'temp' && !reads.get(o.dst.id) && o.op !== 'ld' &&
      (o.op !== 'call' || o.helper.sideEffects === false);
    keep[i] = !removable;
    if (removable) { dropped++; each(o, (id) => reads.set(id, reads.get(id)! - 1)); }
  }
  return dropped ? ops.filter((_, i) => keep[i]) : ops;
}
