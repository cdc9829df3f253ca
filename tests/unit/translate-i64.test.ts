// The i64 lowering against a BigInt reference: random operands through every
// 64-bit IR op, compiled to JavaScript and run.
import { GuestMemory } from '../../src/memory/guest-memory';
import { CpuState } from '../../src/cpu/types';
import { IRBuilder, Ty, defineGlobal, type BinOpName, type UnOpName, type Cond } from '../../src/translate/ir';
import { compileBlock, lowerBlock } from '../../src/translate/lower-js';
import { optimize } from '../../src/translate/optimize';

const mem = new GuestMemory();
const A = defineGlobal(0, 'a', Ty.I64, 0);
const B = defineGlobal(1, 'b', Ty.I64, 2);
const D = defineGlobal(2, 'd', Ty.I64, 4);
const target = { wordTy: Ty.I64, littleEndian: true };
const M64 = (1n << 64n) - 1n;

function rnd(seed: { s: number }): bigint {
  const r32 = () => { seed.s = (Math.imul(seed.s, 1103515245) + 12345) >>> 0; return BigInt(seed.s); };
  const pick = Number(r32() % 6n);
  const special = [0n, 1n, M64, 1n << 63n, (1n << 63n) - 1n, 0xffffffffn, 0x80000000n];
  if (pick === 0) return special[Number(r32() % BigInt(special.length))];
  if (pick === 1) return r32() % 100n;
  return ((r32() << 32n) | r32()) & M64;
}
const s64 = (v: bigint) => BigInt.asIntN(64, v);
function ref(op: string, a: bigint, b: bigint): bigint {
  const n = b & 63n;
  switch (op) {
    case 'add': return a + b; case 'sub': return a - b; case 'mul': return a * b;
    case 'and': return a & b; case 'or': return a | b; case 'xor': return a ^ b;
    case 'shl': return a << n; case 'shr': return a >> n; case 'sar': return s64(a) >> n;
    case 'rotl': return (a << n) | (a >> ((64n - n) % 64n)); case 'rotr': return (a >> n) | (a << ((64n - n) % 64n));
    case 'muluh': return (a * b) >> 64n; case 'mulsh': return (s64(a) * s64(b)) >> 64n; case 'mulsuh': return (s64(a) * b) >> 64n;
    case 'divu': return b === 0n ? M64 : a / b; case 'remu': return b === 0n ? a : a % b;
    case 'div': return b === 0n ? M64 : (s64(a) === -(1n << 63n) && s64(b) === -1n) ? a : s64(a) / s64(b);
    case 'rem': return b === 0n ? a : (s64(b) === -1n ? 0n : s64(a) % s64(b));
  }
  throw new Error(op);
}
function run(build: (b: IRBuilder) => void, a: bigint, b: bigint, opt = false): bigint {
  const ir = new IRBuilder();
  ir.insn(0x1000, 4);
  build(ir);
  ir.goto(0x1004);
  const ops = opt ? optimize(ir.ops) : ir.ops;
  const fn = compileBlock(lowerBlock(ops, target, 'test'), mem.dv);
  const regs = new Int32Array(8);
  const bi = new BigInt64Array(regs.buffer);
  bi[0] = BigInt.asIntN(64, a); bi[1] = BigInt.asIntN(64, b);
  const cpu = new CpuState(mem, regs);
  expect(fn(cpu)).toBe(0);
  return BigInt.asUintN(64, bi[2]);
}

const BIN: BinOpName[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'rotl', 'rotr', 'muluh', 'mulsh', 'mulsuh', 'div', 'divu', 'rem', 'remu'];
describe('i64 lowering matches BigInt', () => {
  for (const op of BIN) {
    test(op, () => {
      const seed = { s: op.length * 7919 };
      for (let i = 0; i < 200; i++) {
        const a = rnd(seed), b = rnd(seed);
        expect(run((ir) => ir.bin(op, D, A, B), a, b)).toBe(ref(op, a, b) & M64);
      }
    });
  }
  test('constant shifts and folding agree with variable ones', () => {
    const seed = { s: 42 };
    for (const op of ['shl', 'shr', 'sar'] as BinOpName[]) {
      for (let n = 0; n < 64; n++) {
        const a = rnd(seed);
        const c = { kind: 'const', ty: Ty.I64, lo: n, hi: 0 } as const;
        expect(run((ir) => ir.bin(op, D, A, c), a, 0n)).toBe(ref(op, a, BigInt(n)) & M64);
        const t = ir0();
        function ir0() { return { kind: 'const', ty: Ty.I64, lo: Number(a & 0xffffffffn) | 0, hi: Number(a >> 32n) | 0 } as const; }
        expect(run((ir) => { const x = ir.t64(); ir.mov(x, t); ir.bin(op, D, x, c); }, 0n, 0n, true)).toBe(ref(op, a, BigInt(n)) & M64);
      }
    }
  });
  test('unary ops', () => {
    const seed = { s: 7 };
    const cases: [UnOpName, (a: bigint) => bigint][] = [
      ['neg', (a) => -a], ['not', (a) => ~a], ['ext8s', (a) => BigInt.asIntN(8, a)], ['ext16s', (a) => BigInt.asIntN(16, a)],
      ['ext32s', (a) => BigInt.asIntN(32, a)], ['ext32u', (a) => a & 0xffffffffn], ['ext8u', (a) => a & 255n],
      ['clz', (a) => BigInt(a === 0n ? 64 : 64 - a.toString(2).length)], ['popcnt', (a) => BigInt([...a.toString(2)].filter((c) => c === '1').length)],
    ];
    for (const [op, f] of cases) for (let i = 0; i < 100; i++) {
      const a = rnd(seed);
      expect(run((ir) => ir.un(op, D, A), a, 0n)).toBe(f(a) & M64);
    }
  });
  test('a destination aliasing a source (either one) for every binary and unary op, and movcond', () => {
    // Direct writes of (lo, hi) must not clobber a half the other half still reads (set64).
    const runIn = (build: (ir: IRBuilder) => void, a: bigint, b: bigint, slot: number): bigint => {
      const ir = new IRBuilder();
      ir.insn(0x1000, 4);
      build(ir);
      ir.goto(0x1004);
      const fn = compileBlock(lowerBlock(ir.ops, target, 'alias'), mem.dv);
      const regs = new Int32Array(8);
      const bi = new BigInt64Array(regs.buffer);
      bi[0] = BigInt.asIntN(64, a); bi[1] = BigInt.asIntN(64, b);
      expect(fn(new CpuState(mem, regs))).toBe(0);
      return BigInt.asUintN(64, bi[slot]);
    };
    const seed = { s: 1234 };
    for (let i = 0; i < 60; i++) {
      const a = rnd(seed), b = rnd(seed);
      for (const op of BIN) {
        expect(runIn((ir) => ir.bin(op, A, A, B), a, b, 0)).toBe(ref(op, a, b) & M64);
        expect(runIn((ir) => ir.bin(op, B, A, B), a, b, 1)).toBe(ref(op, a, b) & M64);
      }
      for (const op of ['shl', 'shr', 'sar'] as BinOpName[]) {
        const n = i % 64;
        const c = { kind: 'const', ty: Ty.I64, lo: n, hi: 0 } as const;
        expect(runIn((ir) => ir.bin(op, A, A, c), a, 0n, 0)).toBe(ref(op, a, BigInt(n)) & M64);
      }
      expect(runIn((ir) => ir.un('neg', A, A), a, 0n, 0)).toBe(-a & M64);
      expect(runIn((ir) => ir.un('ext32s', A, A), a, 0n, 0)).toBe(BigInt.asIntN(32, a) & M64);
      expect(runIn((ir) => ir.un('ext8s', A, A), a, 0n, 0)).toBe(BigInt.asIntN(8, a) & M64);
      expect(runIn((ir) => ir.un('clz', A, A), a, 0n, 0)).toBe(BigInt(a === 0n ? 64 : 64 - a.toString(2).length));
      // movcond d = (a <u b) ? b : a, written over each operand in turn
      const max = a > b ? a : b;
      expect(runIn((ir) => ir.movcond(A, 'ltu', A, B, B, A), a, b, 0)).toBe(max);
      expect(runIn((ir) => ir.movcond(B, 'ltu', A, B, B, A), a, b, 1)).toBe(max);
    }
  });
  test('setcond, all conditions, with aliasing dst', () => {
    const seed = { s: 99 };
    const conds: Cond[] = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu', 'leu', 'gtu'];
    for (let i = 0; i < 300; i++) {
      const a = rnd(seed), b = i % 5 === 0 ? a : rnd(seed);
      for (const c of conds) {
        const sa = s64(a), sb = s64(b);
        const want = { eq: a === b, ne: a !== b, lt: sa < sb, ge: sa >= sb, le: sa <= sb, gt: sa > sb, ltu: a < b, geu: a >= b, leu: a <= b, gtu: a > b }[c];
        expect(run((ir) => ir.setcond(D, c, A, B), a, b)).toBe(want ? 1n : 0n);
      }
    }
  });
});
