// RV64I + M execution tests: every ALU op against a BigInt reference model,
// loads/stores, control flow, x0, precise faults and system instructions.

import { CODE, DATA, ECALL, Exit, mem, run } from './riscv64-harness';
import { Engine } from '../../src/translate/engine';
import { createRiscvCpu, riscv64Frontend } from '../../src/cpu/riscv64';
import { encode } from './riscv64-harness';

const s64 = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);
const sx32 = (v: bigint) => s64(s32(v));
const MIN64 = -(1n << 63n);
const MIN32 = -(1n << 31n);

// Encoders for table-driven tests (rd = a0, rs1 = a1, rs2 = a2).
const R = (f7: number, f3: number, op: number) => ((f7 << 25) | (12 << 20) | (11 << 15) | (f3 << 12) | (10 << 7) | op) >>> 0;
const I = (imm: number, f3: number, op: number) => (((imm & 0xfff) << 20) | (11 << 15) | (f3 << 12) | (10 << 7) | op) >>> 0;

type Ref = (a: bigint, b: bigint) => bigint;
const R_OPS: [string, number, Ref][] = [
  ['add', R(0, 0, 0x33), (a, b) => a + b],
  ['sub', R(0x20, 0, 0x33), (a, b) => a - b],
  ['sll', R(0, 1, 0x33), (a, b) => a << (b & 63n)],
  ['slt', R(0, 2, 0x33), (a, b) => (s64(a) < s64(b) ? 1n : 0n)],
  ['sltu', R(0, 3, 0x33), (a, b) => (u64(a) < u64(b) ? 1n : 0n)],
  ['xor', R(0, 4, 0x33), (a, b) => a ^ b],
  ['srl', R(0, 5, 0x33), (a, b) => u64(a) >> (b & 63n)],
  ['sra', R(0x20, 5, 0x33), (a, b) => s64(a) >> (b & 63n)],
  ['or', R(0, 6, 0x33), (a, b) => a | b],
  ['and', R(0, 7, 0x33), (a, b) => a & b],
  ['addw', R(0, 0, 0x3b), (a, b) => sx32(a + b)],
  ['subw', R(0x20, 0, 0x3b), (a, b) => sx32(a - b)],
  ['sllw', R(0, 1, 0x3b), (a, b) => sx32(a << (b & 31n))],
  ['srlw', R(0, 5, 0x3b), (a, b) => sx32(u32(a) >> (b & 31n))],
  ['sraw', R(0x20, 5, 0x3b), (a, b) => sx32(s32(a) >> (b & 31n))],
  ['mul', R(1, 0, 0x33), (a, b) => a * b],
  ['mulh', R(1, 1, 0x33), (a, b) => (s64(a) * s64(b)) >> 64n],
  ['mulhsu', R(1, 2, 0x33), (a, b) => (s64(a) * u64(b)) >> 64n],
  ['mulhu', R(1, 3, 0x33), (a, b) => (u64(a) * u64(b)) >> 64n],
  ['div', R(1, 4, 0x33), (a, b) => (s64(b) === 0n ? -1n : s64(a) === MIN64 && s64(b) === -1n ? MIN64 : s64(a) / s64(b))],
  ['divu', R(1, 5, 0x33), (a, b) => (u64(b) === 0n ? -1n : u64(a) / u64(b))],
  ['rem', R(1, 6, 0x33), (a, b) => (s64(b) === 0n ? a : s64(a) === MIN64 && s64(b) === -1n ? 0n : s64(a) % s64(b))],
  ['remu', R(1, 7, 0x33), (a, b) => (u64(b) === 0n ? a : u64(a) % u64(b))],
  ['mulw', R(1, 0, 0x3b), (a, b) => sx32(a * b)],
  ['divw', R(1, 4, 0x3b), (a, b) => (s32(b) === 0n ? -1n : s32(a) === MIN32 && s32(b) === -1n ? MIN32 : sx32(s32(a) / s32(b)))],
  ['divuw', R(1, 5, 0x3b), (a, b) => (u32(b) === 0n ? -1n : sx32(u32(a) / u32(b)))],
  ['remw', R(1, 6, 0x3b), (a, b) => (s32(b) === 0n ? sx32(a) : s32(a) === MIN32 && s32(b) === -1n ? 0n : sx32(s32(a) % s32(b)))],
  ['remuw', R(1, 7, 0x3b), (a, b) => (u32(b) === 0n ? sx32(a) : sx32(u32(a) % u32(b)))],
];

const VALUES: bigint[] = [0n, 1n, 2n, 3n, -1n, -2n, 7n, -7n, 31n, 32n, 63n, 64n, 65n, MIN64, MIN64 - 1n, 0x7fffffffn, 0x80000000n,
  -0x80000000n, 0xffffffffn, 0x100000000n, 0x123456789abcdef0n, -0x123456789abcdefn, 0xdeadbeefn, 1n << 53n, (1n << 53n) + 1n];

/** Runs one block many times with different inputs (translation cached). */
function runner(words: number[]) {
  mem.fill(CODE, 0x1000, 0);
  mem.poke(CODE, encode(words));
  const engine = new Engine(riscv64Frontend, mem);
  return (init: (cpu: ReturnType<typeof createRiscvCpu>) => void) => {
    const cpu = createRiscvCpu(mem);
    cpu.pc = CODE;
    init(cpu);
    const exit = engine.run(cpu);
    return { cpu, exit };
  };
}

describe('R-type ALU ops match the reference model', () => {
  test.each(R_OPS)('%s', (_name, word, ref) => {
    const go = runner([word, ECALL]);
    for (const a of VALUES) for (const b of VALUES) {
      const { cpu, exit } = go((c) => { c.setX(11, a); c.setX(12, b); });
      expect(exit).toBe(Exit.Syscall);
      if (u64(cpu.getX(10)) !== u64(ref(a, b))) throw new Error(`${_name}(${a}, ${b}) = ${cpu.getX(10)}, want ${s64(ref(a, b))}`);
    }
  });
});

const I_OPS: [string, (imm: number) => number, (a: bigint, imm: bigint) => bigint, number[]][] = [
  ['addi', (i) => I(i, 0, 0x13), (a, i) => a + i, [0, 1, -1, 2047, -2048]],
  ['slti', (i) => I(i, 2, 0x13), (a, i) => (s64(a) < i ? 1n : 0n), [0, 1, -1, 2047, -2048]],
  ['sltiu', (i) => I(i, 3, 0x13), (a, i) => (u64(a) < u64(i) ? 1n : 0n), [0, 1, -1, 2047, -2048]],
  ['xori', (i) => I(i, 4, 0x13), (a, i) => a ^ i, [0, 1, -1, 2047, -2048]],
  ['ori', (i) => I(i, 6, 0x13), (a, i) => a | i, [0, 1, -1, 0x555, -2048]],
  ['andi', (i) => I(i, 7, 0x13), (a, i) => a & i, [0, 1, -1, 0xff, -2048]],
  ['slli', (i) => I(i, 1, 0x13), (a, i) => a << i, [0, 1, 31, 32, 63]],
  ['srli', (i) => I(i, 5, 0x13), (a, i) => u64(a) >> i, [0, 1, 31, 32, 63]],
  ['srai', (i) => I(i | 0x400, 5, 0x13), (a, i) => s64(a) >> i, [0, 1, 31, 32, 63]],
  ['addiw', (i) => I(i, 0, 0x1b), (a, i) => sx32(a + i), [0, 1, -1, 2047, -2048]],
  ['slliw', (i) => I(i, 1, 0x1b), (a, i) => sx32(a << i), [0, 1, 16, 31]],
  ['srliw', (i) => I(i, 5, 0x1b), (a, i) => sx32(u32(a) >> i), [0, 1, 16, 31]],
  ['sraiw', (i) => I(i | 0x400, 5, 0x1b), (a, i) => sx32(s32(a) >> i), [0, 1, 16, 31]],
];

describe('I-type ALU ops match the reference model', () => {
  test.each(I_OPS)('%s', (name, enc, ref, imms) => {
    for (const imm of imms) {
      const go = runner([enc(imm), ECALL]);
      for (const a of VALUES) {
        const { cpu } = go((c) => c.setX(11, a));
        if (u64(cpu.getX(10)) !== u64(ref(a, BigInt(imm)))) throw new Error(`${name}(${a}, ${imm}) = ${cpu.getX(10)}`);
      }
    }
  });
});

test('slliw with shamt[5] set is reserved', () => {
  const { cpu, exit } = run([0x0205951b /* slliw a0,a1,32 (bit 25 set) */, ECALL]);
  expect(exit).toBe(Exit.Signal);
  expect(cpu.exitArg).toBe(4);
  expect(cpu.pc).toBe(CODE);
});

test('lui and auipc', () => {
  // lui a0,0x80000 ; auipc a1,0xfffff
  const { cpu } = run([0x80000537, 0xfffff597, ECALL]);
  expect(cpu.getX(10)).toBe(-0x80000000n);
  expect(cpu.getX(11)).toBe(BigInt(CODE + 4 - 0x1000));
});

describe('loads and stores', () => {
  test('every load size and signedness', () => {
    // lb a1 / lh a2 / c.lw a3 / c.ld a4 / lbu a5 / lhu a6 / lwu a7, all 0(a0)
    const words = [0x00050583, 0x00051603, 0x4114, 0x6118, 0x00054783, 0x00055803, 0x00056883, ECALL];
    mem.dv.setBigUint64(DATA - 0x10000, 0x8899aabbccddeeffn, true);
    const { cpu, exit } = run(words, (c) => c.setX(10, DATA));
    expect(exit).toBe(Exit.Syscall);
    expect(cpu.getX(11)).toBe(-1n);
    expect(cpu.getX(12)).toBe(-0x1101n);
    expect(cpu.getX(13)).toBe(s64(0xffffffffccddeeffn));
    expect(cpu.getX(14)).toBe(s64(0x8899aabbccddeeffn));
    expect(cpu.getX(15)).toBe(0xffn);
    expect(cpu.getX(16)).toBe(0xeeffn);
    expect(cpu.getX(17)).toBe(0xccddeeffn);
  });

  test('every store size, positive and negative offsets', () => {
    // sb a1,1(a0) / sh a1,2(a0) / c.sw a1,4(a0) / c.sd a1,8(a0) / sd a1,-8(a0)
    const words = [0x00b500a3, 0x00b51123, 0xc14c, 0xe50c, 0xfeb53c23, ECALL];
    mem.fill(DATA, 0x100, 0);
    const base = DATA + 0x40;
    const { exit } = run(words, (c) => { c.setX(10, base); c.setX(11, 0x0102030405060708n); });
    expect(exit).toBe(Exit.Syscall);
    expect(mem.u64n(base)).toBe(0x0506070807080800n);
    expect(mem.u64n(base + 8)).toBe(0x0102030405060708n);
    expect(mem.u64n(base - 8)).toBe(0x0102030405060708n);
  });

  test('a load into x0 still faults', () => {
    const { cpu, exit } = run([0x00052003 /* lw zero,0(a0) */, ECALL], (c) => c.setX(10, 0x100));
    expect(exit).toBe(Exit.Fault);
    expect(cpu.pc).toBe(CODE);
  });

  test('faults are precise: earlier instructions complete, the faulting one writes nothing', () => {
    // c.addi a1,1 ; c.ld a0,0(a0) ; ecall
    const { cpu, exit } = run([0x0585, 0x6108, ECALL], (c) => { c.setX(10, 0x20); c.setX(11, 41); });
    expect(exit).toBe(Exit.Fault);
    expect(cpu.pc).toBe(CODE + 2);
    expect(cpu.getX(11)).toBe(42n);
    expect(cpu.getX(10)).toBe(0x20n);
  });
});

test('writes to x0 are dropped', () => {
  // c.li t0,5 ; add zero,t0,t0
  const { cpu } = run([0x4295, 0x00528033, ECALL]);
  expect(cpu.getX(5)).toBe(5n);
  expect(cpu.regs[0]).toBe(0);
  expect(cpu.regs[1]).toBe(0);
});

describe('control flow', () => {
  const B = (f3: number) => (((10 >> 1) << 8) | (f3 << 12) | (10 << 15) | (11 << 20) | 0x63) >>> 0; // b<cond> a0,a1,.+8
  const conds: [string, number, (a: bigint, b: bigint) => boolean][] = [
    ['beq', 0, (a, b) => a === b], ['bne', 1, (a, b) => a !== b],
    ['blt', 4, (a, b) => s64(a) < s64(b)], ['bge', 5, (a, b) => s64(a) >= s64(b)],
    ['bltu', 6, (a, b) => u64(a) < u64(b)], ['bgeu', 7, (a, b) => u64(a) >= u64(b)],
  ];
  test.each(conds)('%s', (_n, f3, ref) => {
    // 0: b<cond> a0,a1,.+10 ; 4: c.li a2,1 ; 6: ecall ; 10: c.li a2,2 ; 12: ecall
    const go = runner([B(f3), 0x4605, ECALL, 0x4609, ECALL]);
    for (const a of [0n, 1n, -1n, MIN64]) for (const b of [0n, 1n, -1n, MIN64]) {
      const { cpu } = go((c) => { c.setX(10, a); c.setX(11, b); });
      expect(cpu.getX(12)).toBe(ref(a, b) ? 2n : 1n);
    }
  });

  test('jal links pc+4 and jumps', () => {
    // jal ra,.+6 ; c.nop ; ecall
    const { cpu } = run([0x006000ef, 0x0001, ECALL]);
    expect(cpu.getX(1)).toBe(BigInt(CODE + 4));
    expect(cpu.pc).toBe(CODE + 10);
  });

  test('jalr with rd == rs1 uses the old value and clears bit 0', () => {
    // jalr a0,5(a0) at CODE, target CODE+0x20+4 (bit 0 of +5 cleared)
    const words = [0x00550567, ...Array(0x12).fill(0x0001), ECALL];
    const { cpu, exit } = run(words, (c) => c.setX(10, CODE + 0x20));
    expect(exit).toBe(Exit.Syscall);
    expect(cpu.getX(10)).toBe(BigInt(CODE + 4));
    expect(cpu.pc).toBe(CODE + 0x2c); // ran the nops from 0x24 to the ecall at 0x28
  });

  test('compressed jumps link pc+2', () => {
    // c.jal is RV32-only; c.jalr t0 links ra = pc+2
    const words = [0x9282 /* c.jalr t0 */, 0x0001, ECALL];
    const { cpu } = run(words, (c) => c.setX(5, CODE + 4));
    expect(cpu.getX(1)).toBe(BigInt(CODE + 2));
    expect(cpu.pc).toBe(CODE + 8);
  });
});

describe('system instructions', () => {
  test('ecall exits with Syscall and pc after it', () => {
    const { cpu, exit } = run([0x0001, ECALL]);
    expect(exit).toBe(Exit.Syscall);
    expect(cpu.pc).toBe(CODE + 6);
  });
  test('ebreak and c.ebreak raise SIGTRAP at their pc', () => {
    let r = run([0x0001, 0x00100073]);
    expect([r.exit, r.cpu.pc, r.cpu.exitArg]).toEqual([Exit.Signal, CODE + 2, 5]);
    r = run([0x9002]);
    expect([r.exit, r.cpu.pc, r.cpu.exitArg]).toEqual([Exit.Signal, CODE, 5]);
  });
  test('illegal encodings raise SIGILL at their pc', () => {
    for (const w of [0x0000 /* c.unimp */, 0xffffffff, 0x12eb0073 /* sfence.vma */, 0x30200073 /* mret */,
      0x6101 /* c.addi16sp 0 */, 0x4002 /* c.lwsp zero */, 0x8002 /* c.jr zero */, 0x2001 /* c.addiw zero */,
      0x0000707f /* opcode 0x7f */, 0x0001705b /* custom */]) {
      const r = run([0x0001, w, ECALL]);
      expect([w, r.exit, r.cpu.pc, r.cpu.exitArg]).toEqual([w, Exit.Signal, CODE + 2, 4]);
    }
  });
  test('fence is a no-op, fence.i flushes and continues', () => {
    // fence ; fence.i ; c.li a0,7 ; ecall
    const r = run([0x0ff0000f, 0x0000100f, 0x451d, ECALL]);
    expect(r.exit).toBe(Exit.Syscall);
    expect(r.cpu.getX(10)).toBe(7n);
  });
});
