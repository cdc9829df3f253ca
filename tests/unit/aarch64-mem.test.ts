// Loads and stores: addressing modes, sizes and extensions, SIMD&FP registers,
// pairs, literals, exclusives, acquire/release, LSE atomics, CAS/CASP,
// precise faults, and the disassembly of each form.

import { CODE, DATA, dis, Exit, mem, run, SVC, u64 } from './aarch64-harness';

const D8 = [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xf8, 0xf7, 0xf6, 0xf5, 0xf4, 0xf3, 0xf2, 0xf1];
function fillData(): void {
  mem.fill(DATA, 0x1000, 0);
  for (let i = 0; i < 256; i++) mem.poke(DATA + i, Uint8Array.of((i * 37 + 11) & 0xff));
}
const byte = (a: number) => BigInt(mem.u8[a - 0x10000]);
const rd = (a: number, n: number, signed = false) => {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | byte(a + i);
  return signed ? BigInt.asIntN(n * 8, v) : v;
};
void D8;

type Init = Parameters<typeof run>[1];
function go(words: number[], init?: Init, fill = true) {
  if (fill) fillData();
  const r = run([...words, SVC], init);
  expect(r.exit).toBe(Exit.Syscall);
  return r.cpu;
}

test('loads: sizes, sign extension, addressing modes', () => {
  fillData();
  const base = DATA + 0x40;
  const cases: [number, string, bigint, bigint?][] = [
    // word, text, expected x0, expected x1 (writeback)
    [0xf9400420, 'ldr x0, [x1, #8]', rd(base + 8, 8)],
    [0x397ffc20, 'ldrb w0, [x1, #4095]', 0n],
    [0x79800420, 'ldrsh x0, [x1, #2]', u64(rd(base + 2, 2, true))],
    [0xb9800420, 'ldrsw x0, [x1, #4]', u64(rd(base + 4, 4, true))],
    [0x39c00020, 'ldrsb w0, [x1]', BigInt.asUintN(32, rd(base, 1, true))],
    [0xf85f8020, 'ldur x0, [x1, #-8]', rd(base - 8, 8)],
    [0xf8410420, 'ldr x0, [x1], #16', rd(base, 8), BigInt(base + 16)],
    [0xf85f0c20, 'ldr x0, [x1, #-16]!', rd(base - 16, 8), BigInt(base - 16)],
    [0xb862c820, 'ldr w0, [x1, w2, sxtw]', rd(base - 3, 4)],
    [0x78625820, 'ldrh w0, [x1, w2, uxtw #1]', 0n],
    [0xb8626820, 'ldr w0, [x1, x2]', rd(base - 3, 4)],
    [0x38a2e820, 'ldrsb x0, [x1, x2, sxtx]', u64(rd(base - 3, 1, true))],
    [0xf8408820, 'ldtr x0, [x1, #8]', rd(base + 8, 8)],
  ];
  for (const [w, text, x0, x1] of cases) {
    expect(dis(w)).toBe(text);
    if (w === 0x78625820) continue; // would be out of range
    fillData();
    const want0 = w === 0x397ffc20 ? rd(base + 4095, 1) : x0;
    const cpu = go([w], (c) => { c.setX(1, base); c.setX(2, -3n); c.setX(0, -1n); });
    expect(u64(cpu.getX(0)).toString(16)).toBe(want0.toString(16));
    expect(cpu.getX(1)).toBe(x1 ?? BigInt(base));
  }
});

test('stores and register-offset stores', () => {
  const base = DATA + 0x80;
  let cpu = go([0xb9000fe0], (c) => { c.sp = base; c.setX(0, 0x1122334455667788n); }); // str w0, [sp, #12]
  expect(rd(base + 12, 4)).toBe(0x55667788n);
  expect(rd(base + 16, 4)).toBe(rd(base + 16, 4));
  cpu = go([0xf8227820], (c) => { c.setX(1, base); c.setX(2, 3n); c.setX(0, -2n); }); // str x0, [x1, x2, lsl #3]
  expect(rd(base + 24, 8)).toBe(u64(-2n));
  cpu = go([0x3822c820], (c) => { c.setX(1, base); c.setX(2, 0xffffffffn); c.setX(0, 0xabn); }); // strb w0, [x1, w2, sxtw]
  expect(rd(base - 1, 1)).toBe(0xabn);
  void cpu;
  expect(dis(0xb9000fe0)).toBe('str w0, [sp, #12]');
  expect(dis(0x3822c820)).toBe('strb w0, [x1, w2, sxtw]');
});

test('literal loads and prefetch', () => {
  mem.fill(CODE, 0x100, 0);
  // ldr x0, .+16; ldrsw x2, .+12(=ldrsw at pc 4 with offset 12 → CODE+16)
  const r = run([0x58000080, 0x98000062, SVC, 0, 0x89abcdef, 0x01234567]);
  expect(u64(r.cpu.getX(0))).toBe(0x0123456789abcdefn);
  expect(u64(r.cpu.getX(2))).toBe(u64(BigInt.asIntN(32, 0x89abcdefn)));
  expect(dis(0x58000080)).toBe('ldr x0, 400010');
  const p = go([0xf9800020, 0xf8a26820], (c) => { c.setX(1, 8); }); // prfm on a bad address: no fault
  expect(p.pc).toBe(CODE + 12);
  expect(dis(0xf9800020)).toBe('prfm pldl1keep, [x1]');
});

test('SIMD&FP register loads and stores', () => {
  const base = DATA + 0x40;
  let cpu = go([0x3dc00420], (c) => c.setX(1, base)); // ldr q0, [x1, #16]
  expect(cpu.getV(0)).toBe(rd(base + 16, 16));
  cpu = go([0x7d400023, 0x3d400024], (c) => { c.setX(1, base); c.setV(3, -1n); c.setV(4, -1n); }); // ldr h3; ldr b4
  expect(cpu.getV(3)).toBe(rd(base, 2));
  expect(cpu.getV(4)).toBe(rd(base, 1));
  cpu = go([0xbc627822], (c) => { c.setX(1, base); c.setX(2, 2n); }); // ldr s2, [x1, x2, lsl #2]
  expect(cpu.getV(2)).toBe(rd(base + 8, 4));
  cpu = go([0xfc008421], (c) => { c.setX(1, base); c.setV(1, 0xffeeddccbbaa99887766554433221100n); }); // str d1, [x1], #8
  expect(rd(base, 8)).toBe(0x7766554433221100n);
  expect(cpu.getX(1)).toBe(BigInt(base + 8));
  expect(dis(0x3dc00420)).toBe('ldr q0, [x1, #16]');
  expect(dis(0xfc008421)).toBe('str d1, [x1], #8');
  expect(dis(0xbc627822)).toBe('ldr s2, [x1, x2, lsl #2]');
});

test('pairs', () => {
  const base = DATA + 0x100;
  let cpu = go([0xa9bf07e0], (c) => { c.sp = base; c.setX(0, 1); c.setX(1, 2); }); // stp x0, x1, [sp, #-16]!
  expect(cpu.sp).toBe(base - 16);
  expect([rd(base - 16, 8), rd(base - 8, 8)]).toEqual([1n, 2n]);
  cpu = go([0xa8c17bfd], (c) => { c.sp = base; }); // ldp x29, x30, [sp], #16
  expect([cpu.getX(29), u64(cpu.getX(30))]).toEqual([rd(base, 8), rd(base + 8, 8)]);
  expect(cpu.sp).toBe(base + 16);
  cpu = go([0x29410440], (c) => c.setX(2, base)); // ldp w0, w1, [x2, #8]
  expect([cpu.getX(0), cpu.getX(1)]).toEqual([rd(base + 8, 4), rd(base + 12, 4)]);
  cpu = go([0x697f0440], (c) => c.setX(2, base)); // ldpsw x0, x1, [x2, #-8]
  expect([u64(cpu.getX(0)), u64(cpu.getX(1))]).toEqual([u64(rd(base - 8, 4, true)), u64(rd(base - 4, 4, true))]);
  cpu = go([0xad010440], (c) => { c.setX(2, base); c.setV(0, 5n); c.setV(1, -1n); }); // stp q0, q1, [x2, #32]
  expect([rd(base + 32, 16), rd(base + 48, 16)]).toEqual([5n, (1n << 128n) - 1n]);
  cpu = go([0x6d400440], (c) => c.setX(2, base)); // ldp d0, d1, [x2]
  expect([cpu.getV(0), cpu.getV(1)]).toEqual([rd(base, 8), rd(base + 8, 8)]);
  expect(dis(0xa9bf07e0)).toBe('stp x0, x1, [sp, #-16]!');
  expect(dis(0xa8c17bfd)).toBe('ldp x29, x30, [sp], #16');
  expect(dis(0x697f0440)).toBe('ldpsw x0, x1, [x2, #-8]');
  expect(dis(0xad010440)).toBe('stp q0, q1, [x2, #32]');
  expect(dis(0xa8000440)).toBe('stnp x0, x1, [x2]');
});

test('precise faults: a faulting load leaves registers untouched', () => {
  const r = run([0xa8c17bfd, SVC], (c) => { c.sp = 0x20; c.setX(29, 7); }); // ldp x29, x30, [sp], #16 at a bad address
  expect(r.exit).toBe(Exit.Fault);
  expect(r.cpu.pc).toBe(CODE);
  expect(r.cpu.sp).toBe(0x20);
  expect(r.cpu.getX(29)).toBe(7n);
});

test('exclusives: ldxr/stxr pairs, failure without a reservation, clrex, svc clears', () => {
  const a = DATA + 0x200;
  // ldxr x0, [x1]; add x0, x0, #1; stxr w2, x0, [x1]
  let cpu = go([0xc85f7c20, 0x91000400, 0xc8027c20], (c) => c.setX(1, a));
  expect(cpu.getX(2)).toBe(0n);
  expect(rd(a, 8)).toBe(u64(BigInt(cpu.getX(0))));
  // stxr without ldxr fails, memory unchanged
  fillData();
  const before = rd(a, 8);
  cpu = go([0xc8027c20], (c) => { c.setX(1, a); c.setX(0, 5); });
  expect(cpu.getX(2)).toBe(1n);
  expect(rd(a, 8)).toBe(before);
  // ldaxr w0; clrex; stlxr fails
  cpu = go([0x885ffc20, 0xd5033f5f, 0x8802fc20], (c) => c.setX(1, a));
  expect(cpu.getX(2)).toBe(1n);
  // ldxp / stxp
  cpu = go([0xc87f0c20, 0xc8220c20], (c) => c.setX(1, a));
  expect(cpu.getX(2)).toBe(0n);
  // byte / halfword forms
  cpu = go([0x085f7c20, 0x48027c20], (c) => c.setX(1, a)); // ldxrb w0; stxrh w2, w0: monitor address matches
  expect(cpu.getX(0)).toBe(rd(a, 1));
  // misaligned exclusive → SIGBUS
  fillData();
  const r = run([0xc85f7c20, SVC], (c) => c.setX(1, a + 4));
  expect([r.exit, r.cpu.exitArg]).toEqual([Exit.Signal, 7]);
  expect(dis(0xc8027c20)).toBe('stxr w2, x0, [x1]');
  expect(dis(0x885ffc20)).toBe('ldaxr w0, [x1]');
  expect(dis(0xc87f0c20)).toBe('ldxp x0, x3, [x1]');
  expect(dis(0xc8220c20)).toBe('stxp w2, x0, x3, [x1]');
  expect(dis(0x8802fc20)).toBe('stlxr w2, w0, [x1]');
});

test('load-acquire / store-release', () => {
  const a = DATA + 0x200;
  let cpu = go([0xc8dffc20], (c) => c.setX(1, a));
  expect(u64(cpu.getX(0))).toBe(rd(a, 8));
  cpu = go([0x889ffc20], (c) => { c.setX(1, a); c.setX(0, 0x1234567890n); });
  expect(rd(a, 4)).toBe(0x34567890n);
  cpu = go([0x08dffc20], (c) => c.setX(1, a));
  expect(cpu.getX(0)).toBe(rd(a, 1));
  expect(dis(0xc8dffc20)).toBe('ldar x0, [x1]');
  expect(dis(0x889ffc20)).toBe('stlr w0, [x1]');
});

test('LSE atomics match a reference for every op and size', () => {
  const a = DATA + 0x300;
  const ops: [number, string, (o: bigint, s: bigint, bitsz: number) => bigint][] = [
    [0xf8220020, 'ldadd x2, x0, [x1]', (o, s) => o + s],
    [0xb8e20020, 'ldaddal w2, w0, [x1]', (o, s) => o + s],
    [0x38221020, 'ldclrb w2, w0, [x1]', (o, s) => o & ~s],
    [0x78222020, 'ldeorh w2, w0, [x1]', (o, s) => o ^ s],
    [0xf8223020, 'ldset x2, x0, [x1]', (o, s) => o | s],
    [0xb8224020, 'ldsmax w2, w0, [x1]', (o, s, n) => (BigInt.asIntN(n, o) > BigInt.asIntN(n, s) ? o : s)],
    [0x38225020, 'ldsminb w2, w0, [x1]', (o, s, n) => (BigInt.asIntN(n, o) < BigInt.asIntN(n, s) ? o : s)],
    [0xf8226020, 'ldumax x2, x0, [x1]', (o, s, n) => (BigInt.asUintN(n, o) > BigInt.asUintN(n, s) ? o : s)],
    [0x78227020, 'lduminh w2, w0, [x1]', (o, s, n) => (BigInt.asUintN(n, o) < BigInt.asUintN(n, s) ? o : s)],
    [0xf8228020, 'swp x2, x0, [x1]', (_o, s) => s],
    [0x38228020, 'swpb w2, w0, [x1]', (_o, s) => s],
    [0xf822003f, 'stadd x2, [x1]', (o, s) => o + s],
  ];
  const vals = [0n, 1n, -1n, 0x7fn, 0x80n, 0x7fffn, 0x8000n, 0x7fffffffn, 0x80000000n, 0x123456789abcdef0n, -0x5555n];
  for (const [w, text, f] of ops) {
    expect(dis(w)).toBe(text);
    const n = 8 << (w >>> 30);
    for (const old of vals) for (const s of vals) {
      fillData();
      mem.poke(a, new Uint8Array(new BigUint64Array([u64(old), 0x0102030405060708n]).buffer));
      const cpu = go([w], (c) => { c.setX(1, a); c.setX(2, s); c.setX(0, 0x99n); }, false);
      const M = (1n << BigInt(n)) - 1n;
      if ((w & 31) !== 31) expect(u64(cpu.getX(0))).toBe(BigInt.asUintN(n, old) & M);
      expect(rd(a, n / 8)).toBe(BigInt.asUintN(n, f(BigInt.asUintN(n, old), BigInt.asUintN(n, s), n)));
      // bytes beyond the access are untouched
      expect(rd(a + n / 8, 16 - n / 8)).toBe((u64(old) | (0x0102030405060708n << 64n)) >> BigInt(n));
    }
  }
});

test('cas and casp', () => {
  const a = DATA + 0x80;
  for (const match of [true, false]) {
    fillData();
    const old = rd(a, 8);
    let cpu = go([0xc8a27c20], (c) => { c.setX(1, a); c.setX(2, match ? old : old + 1n); c.setX(0, 42n); }); // cas x2, x0, [x1]
    expect(u64(cpu.getX(2))).toBe(old);
    expect(rd(a, 8)).toBe(match ? 42n : old);
    fillData();
    const oldb = rd(a, 1);
    cpu = go([0x08a27c20], (c) => { c.setX(1, a); c.setX(2, (match ? oldb : oldb ^ 1n) | 0xff00n); c.setX(0, 0x1ffn); }); // casb: compares the low byte
    expect(cpu.getX(2)).toBe(oldb);
    expect(rd(a, 1)).toBe(match ? 0xffn : oldb);
    fillData();
    const o1 = rd(a, 8), o2 = rd(a + 8, 8);
    cpu = go([0x48227c24], (c) => { c.setX(1, a); c.setX(2, o1); c.setX(3, match ? o2 : 0n); c.setX(4, 7n); c.setX(5, 8n); }); // casp
    expect([u64(cpu.getX(2)), u64(cpu.getX(3))]).toEqual([o1, o2]);
    expect([rd(a, 8), rd(a + 8, 8)]).toEqual(match ? [7n, 8n] : [o1, o2]);
  }
  expect(dis(0xc8a27c20)).toBe('cas x2, x0, [x1]');
  expect(dis(0x88e2fc20)).toBe('casal w2, w0, [x1]');
  expect(dis(0x48227c24)).toBe('casp x2, x3, x4, x5, [x1]');
  expect(dis(0x08227c24)).toBe('casp w2, w3, w4, w5, [x1]');
});
