// Conditions: every condition code after cmp/cmn/tst in both widths, through
// the in-block fast path (compare operands tested directly) and through the
// NZCV globals (flags from an earlier block or from MSR); csel family, ccmp,
// and the branches (b.cond, cbz, tbz, bl/br/blr/ret).

import { CODE, dis, Exit, irOf, irOfWords, run, runner, SVC, u64 } from './aarch64-harness';

const MASK = (n: number) => (1n << BigInt(n)) - 1n;
function addWithCarry(x: bigint, y: bigint, carry: bigint, n: number): number {
  const ux = (v: bigint) => BigInt.asUintN(n, v), sx = (v: bigint) => BigInt.asIntN(n, v);
  const us = ux(x) + ux(y) + carry, ss = sx(x) + sx(y) + carry, r = ux(us);
  return ((r >> BigInt(n - 1)) & 1n ? 8 : 0) | (r === 0n ? 4 : 0) | (r !== us ? 2 : 0) | (sx(r) !== ss ? 1 : 0);
}
function holds(cc: number, f: number): boolean {
  const N = !!(f & 8), Z = !!(f & 4), C = !!(f & 2), V = !!(f & 1);
  const r = [Z, C, N, V, C && !Z, N === V, !Z && N === V, true][cc >> 1];
  return cc & 1 && cc !== 15 ? !r : r;
}

const CMPS: [string, number, (a: bigint, b: bigint) => number][] = [
  ['cmp x', 0xeb02003f, (a, b) => addWithCarry(a, ~b, 1n, 64)],
  ['cmp w', 0x6b02003f, (a, b) => addWithCarry(a, ~b, 1n, 32)],
  ['cmn x', 0xab02003f, (a, b) => addWithCarry(a, b, 0n, 64)],
  ['tst x', 0xea02003f, (a, b) => { const r = a & b & MASK(64); return (r >> 63n ? 8 : 0) | (r === 0n ? 4 : 0); }],
  ['tst w', 0x6a02003f, (a, b) => { const r = a & b & MASK(32); return (r >> 31n ? 8 : 0) | (r === 0n ? 4 : 0); }],
];
const V = [0n, 1n, -1n, 2n, 0x7fffffffn, 0x80000000n, -0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, -(1n << 63n), 0x100000000n, 5n, -5n];
const csincZero = (cc: number) => (0x9a9f07e0 | (cc << 12)) >>> 0; // csinc x0, xzr, xzr, cc: x0 = cond ? 0 : 1
const B_NEXT = 0x14000001; // b .+4: ends the block

describe.each(CMPS)('%s', (_name, cmp, ref) => {
  test.each([['same block', [cmp, 0]], ['across blocks', [cmp, B_NEXT, 0]]] as const)('csinc, %s', (_w, shape) => {
    for (let cc = 0; cc < 16; cc++) {
      const words = shape.map((x) => (x === 0 ? csincZero(cc) : x));
      const go = runner([...words, SVC]);
      for (const a of V) for (const b of V) {
        const { cpu } = go((c) => { c.setX(1, a); c.setX(2, b); });
        const want = holds(cc, ref(a, b)) ? 0n : 1n;
        if (cpu.getX(0) !== want) throw new Error(`cc=${cc} a=${a} b=${b}: got ${cpu.getX(0)}`);
      }
    }
  });
  test('b.cond', () => {
    for (let cc = 0; cc < 16; cc++) {
      // cmp; b.cc +12; mov x0,#0; svc; mov x0,#1; svc
      const go = runner([cmp, 0x54000060 | cc, 0xd2800000, SVC, 0xd2800020, SVC]);
      for (const a of V) for (const b of V) {
        const { cpu } = go((c) => { c.setX(1, a); c.setX(2, b); });
        expect(cpu.getX(0)).toBe(holds(cc, ref(a, b)) ? 1n : 0n);
      }
    }
  });
});

test('flags set by msr nzcv and read by mrs', () => {
  for (let f = 0; f < 16; f++) {
    for (let cc = 0; cc < 16; cc++) {
      const { cpu } = run([0xd51b4201, csincZero(cc), 0xd53b4203, SVC], (c) => c.setX(1, BigInt(f) << 28n | 0x0fffffffn));
      expect(cpu.getX(0)).toBe(holds(cc, f) ? 0n : 1n);
      expect(cpu.getX(3)).toBe(BigInt(f) << 28n);
    }
  }
});

test('a cmp + b.cond pair in one block tests the operands directly', () => {
  const t = irOf(0x5400004b); // b.lt with no known compare: reads N and V
  expect(t.text).toContain('xor_i32');
  const ir = irOfWords([0xeb02003f, 0x5400004b]); // cmp x1, x2; b.lt
  expect(ir).toContain('mov_i64 q0, x1');
  expect(ir).toContain('mov_i64 q1, x2');
  expect(ir).toContain('brcond_i64 q0, q1, lt, L0');
});

test('csel family', () => {
  const A = 0x1234n, B = -7n;
  const cases: [number, string, boolean, bigint][] = [
    [0x9a821020, 'csel x0, x1, x2, ne', true, A], [0x9a821020, 'csel x0, x1, x2, ne', false, u64(B)],
    [0x1a82a420, 'csinc w0, w1, w2, ge', false, A],
    [0xda828020, 'csinv x0, x1, x2, hi', false, u64(~B)],
    [0xda824420, 'csneg x0, x1, x2, mi', false, 7n],
    [0x9a9f17e0, 'cset x0, eq', false, 1n],
    [0x5a9fa3e0, 'csetm w0, lt', false, 0n],
    [0xda81c420, 'cneg x0, x1, le', false, u64(-A)],
    [0x9a812420, 'cinc x0, x1, cc', false, A + 1n],
  ];
  for (const [w, text, ne, want] of cases) {
    expect(dis(w)).toBe(text);
    // flags: ne → Z clear, C set (hi true, ge true since N=V=0); eq → Z set, N=0, C=0
    const { cpu } = run([w, SVC], (c) => { c.setX(1, A); c.setX(2, B); c.nzcv = ne ? 0x20000000 : 0x40000000; });
    expect(u64(cpu.getX(0))).toBe(want);
  }
});

test('ccmp / ccmn', () => {
  expect(dis(0xfa440065)).toBe('ccmp x3, x4, #0x5, eq');
  expect(dis(0x3a47b86a)).toBe('ccmn w3, #0x7, #0xa, lt');
  for (const a of V) for (const b of V) for (const x of [0n, 3n, -7n]) {
    // cmp x1, x2; ccmp x3, x4, #5, eq
    const { cpu } = run([0xeb02003f, 0xfa440065, SVC], (c) => { c.setX(1, a); c.setX(2, b); c.setX(3, x); c.setX(4, 3n); });
    const f1 = addWithCarry(a, ~b, 1n, 64);
    const want = holds(0, f1) ? addWithCarry(x, ~3n, 1n, 64) : 5;
    expect(cpu.nzcv >>> 28).toBe(want);
    // ccmn w3, #7, #10, lt with flags from the previous block
    const r2 = run([0xeb02003f, B_NEXT, 0x3a47b86a, SVC], (c) => { c.setX(1, a); c.setX(2, b); c.setX(3, x); });
    expect(r2.cpu.nzcv >>> 28).toBe(holds(11, f1) ? addWithCarry(x, 7n, 0n, 32) : 10);
  }
});

test('branches: b.cond, cbz/cbnz, tbz/tbnz, bl, br, blr, ret', () => {
  expect(dis(0xb4000061)).toBe('cbz x1, 40000c');
  expect(dis(0x35000061)).toBe('cbnz w1, 40000c');
  expect(dis(0xb6400061)).toBe('tbz x1, #40, 40000c');
  expect(dis(0x37180061)).toBe('tbnz w1, #3, 40000c');
  expect(dis(0x94000003)).toBe('bl 40000c');
  expect(dis(0xd65f03c0)).toBe('ret');
  expect(dis(0xd65f0060)).toBe('ret x3');
  expect(dis(0xd63f03c0)).toBe('blr x30');
  const tail = [0xd2800000, SVC, 0xd2800020, SVC]; // x0 = 0 (not taken) / 1 (taken)
  const br = (w: number, x1: bigint) => run([w, ...tail], (c) => c.setX(1, x1)).cpu.getX(0);
  expect(br(0xb4000061, 0n)).toBe(1n);
  expect(br(0xb4000061, 1n << 40n)).toBe(0n);
  expect(br(0x35000061, 1n << 40n)).toBe(0n); // cbnz w1 looks at 32 bits
  expect(br(0x35000061, 2n)).toBe(1n);
  expect(br(0xb6400061, 1n << 40n)).toBe(0n);
  expect(br(0xb6400061, 1n << 41n)).toBe(1n);
  expect(br(0x37180061, 8n)).toBe(1n);
  expect(br(0x37180061, 7n)).toBe(0n);
  // bl: x30 = return address
  let r = run([0x94000003, 0, 0, SVC]);
  expect(r.exit).toBe(Exit.Syscall);
  expect(r.cpu.getX(30)).toBe(BigInt(CODE + 4));
  // blr x30: jumps to the old x30, writes the new one
  r = run([0xd63f03c0, SVC, SVC], (c) => c.setX(30, CODE + 8));
  expect(r.cpu.pc).toBe(CODE + 12);
  expect(r.cpu.getX(30)).toBe(BigInt(CODE + 4));
  r = run([0xd65f0060, 0, SVC], (c) => c.setX(3, CODE + 8)); // ret x3
  expect(r.cpu.pc).toBe(CODE + 12);
  r = run([0xd61f0020, 0, SVC], (c) => c.setX(1, CODE + 8)); // br x1
  expect(r.cpu.pc).toBe(CODE + 12);
});

test('exceptions: svc, brk, udf', () => {
  let r = run([SVC]);
  expect(r.exit).toBe(Exit.Syscall);
  expect(r.cpu.pc).toBe(CODE + 4);
  r = run([0xd4207d00]);
  expect([r.exit, r.cpu.pc, r.cpu.exitArg]).toEqual([Exit.Signal, CODE, 5]);
  r = run([0x00000001]);
  expect([r.exit, r.cpu.pc, r.cpu.exitArg]).toEqual([Exit.Signal, CODE, 4]);
  expect(dis(0xd4207d00)).toBe('brk #0x3e8');
});
