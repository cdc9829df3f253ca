// Random-operand checks of NZCV for ADDS/SUBS/ADCS/SBCS/RSCS and for the shifter
// carry-out (immediate and register shifts), against a straightforward model.

import { runnerA32, SVC_A32 } from './arm-harness';

class Rng {
  constructor(private s: number) {}
  next(): number { this.s = (Math.imul(this.s ^ (this.s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0; const t = this.s ^ (this.s >>> 12); return (t ^ (t >>> 7)) >>> 0; }
}
const EDGE = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x80000001];
const N = 300;

/** a + b + cin with NZCV (all unsigned 32-bit numbers). */
function addc(a: number, b: number, cin: number): { r: number; nzcv: number } {
  const u = a + b + cin;
  const r = u >>> 0;
  const s = (a | 0) + (b | 0) + cin;
  const n = r >>> 31, z = r === 0 ? 1 : 0, c = u > 0xffffffff ? 1 : 0, v = s !== (r | 0) ? 1 : 0;
  return { r, nzcv: (n << 3) | (z << 2) | (c << 1) | v };
}
const nzcvOf = (apsr: number) => apsr >>> 28;

type Model = (a: number, b: number, cin: number) => { r: number; nzcv: number };
const CASES: [string, number, Model][] = [
  ['adds r0, r1, r2', 0xe0910002, (a, b) => addc(a, b, 0)],
  ['subs r0, r1, r2', 0xe0510002, (a, b) => addc(a, ~b >>> 0, 1)],
  ['adcs r0, r1, r2', 0xe0b10002, (a, b, c) => addc(a, b, c)],
  ['sbcs r0, r1, r2', 0xe0d10002, (a, b, c) => addc(a, ~b >>> 0, c)],
  ['rscs r0, r1, r2', 0xe0f10002, (a, b, c) => addc(b, ~a >>> 0, c)],
  ['rsbs r0, r1, r2', 0xe0710002, (a, b) => addc(b, ~a >>> 0, 1)],
];

describe.each(CASES)('%s', (_name, word, model) => {
  test('random and edge operands', () => {
    const run = runnerA32([word, SVC_A32]);
    const rng = new Rng(word);
    for (let i = 0; i < N; i++) {
      const a = i < 49 ? EDGE[i % 7] : rng.next(), b = i < 49 ? EDGE[Math.floor(i / 7)] : rng.next();
      const cin = rng.next() & 1;
      const { cpu } = run((c) => { c.regs[1] = a; c.regs[2] = b; c.apsr = (rng.next() & 0xd0000000) | (cin << 29); });
      const m = model(a, b, cin);
      expect([cpu.regs[0] >>> 0, nzcvOf(cpu.apsr)]).toEqual([m.r, m.nzcv]);
    }
  });
});

/** Reference shifter: value and carry-out for (type, amount) with the ARM rules for amount 0 and >= 32. */
function shift(v: number, type: number, n: number, cin: number): [number, number] {
  if (n === 0) return [v, cin];
  switch (type) {
    case 0: return n < 32 ? [(v << n) >>> 0, (v >>> (32 - n)) & 1] : n === 32 ? [0, v & 1] : [0, 0];
    case 1: return n < 32 ? [v >>> n, (v >>> (n - 1)) & 1] : n === 32 ? [0, v >>> 31] : [0, 0];
    case 2: return n < 32 ? [(v >> n) >>> 0, ((v | 0) >> (n - 1)) & 1] : [(v >> 31) >>> 0, v >>> 31];
    default: {
      const m = n & 31;
      if (m === 0) return [v, v >>> 31];
      return [((v >>> m) | (v << (32 - m))) >>> 0, (v >>> (m - 1)) & 1];
    }
  }
}

describe('shifter carry-out', () => {
  test('movs r0, r2, <shift> r5 for amounts 0..255', () => {
    for (let type = 0; type < 4; type++) {
      const run = runnerA32([0xe1b00512 | (type << 5), SVC_A32]); // movs r0, r2, <type> r5
      const rng = new Rng(type + 1);
      for (let i = 0; i < N; i++) {
        const v = rng.next(), n = i < 70 ? i : rng.next() & 0xff, cin = rng.next() & 1;
        const { cpu } = run((c) => { c.regs[2] = v; c.regs[5] = n | (rng.next() & 0xffffff00); c.apsr = cin << 29; });
        const [r, co] = shift(v, type, n, cin);
        expect([type, n, cpu.regs[0] >>> 0, (cpu.apsr >>> 29) & 1]).toEqual([type, n, r, co]);
      }
    }
  });
  test('movs r0, r2, <shift> #imm (LSR/ASR #0 mean 32, ROR #0 is RRX)', () => {
    for (let type = 0; type < 4; type++) {
      for (let imm = 0; imm < 32; imm++) {
        const run = runnerA32([0xe1b00002 | (imm << 7) | (type << 5), SVC_A32]);
        const rng = new Rng(imm * 4 + type);
        for (let i = 0; i < 20; i++) {
          const v = rng.next(), cin = rng.next() & 1;
          const { cpu } = run((c) => { c.regs[2] = v; c.apsr = cin << 29; });
          let want: [number, number];
          if (type === 3 && imm === 0) want = [((cin << 31) | (v >>> 1)) >>> 0, v & 1];
          else want = shift(v, type, imm === 0 && (type === 1 || type === 2) ? 32 : imm, cin);
          expect([type, imm, cpu.regs[0] >>> 0, (cpu.apsr >>> 29) & 1]).toEqual([type, imm, ...want]);
        }
      }
    }
  });
});
