// AdvSIMD against qemu-aarch64 results (aarch64-simd2-data.ts): the by-element
// group and the inline-IR / per-word-helper paths. Runs in the interpreter by
// default; NODEMU_JIT_THRESHOLD=0 (with NODEMU_BACKEND=js or wasm) covers the
// compiled tiers.

import { DATA, dis, Exit, mem, run, SVC } from './aarch64-harness';
import { ELEM_CASES, IR_CASES } from './aarch64-simd2-data';
import type { SimdCase } from './aarch64-simd-data';

const hexToBig = (h: string) => { let v = 0n; for (let i = h.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(h.slice(i, i + 2), 16)); return v; };
const bytes = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));

function check(c: SimdCase): void {
  mem.poke(DATA, bytes(c.mem));
  const r = run([c.word, SVC], (cpu) => {
    for (let i = 0; i < 4; i++) cpu.setV(i, hexToBig(c.v.slice(32 * i, 32 * i + 32)));
    cpu.setX(1, DATA); cpu.setX(2, 16n); cpu.setX(5, BigInt('0x' + c.x5)); cpu.setX(0, 0n);
  });
  expect(r.exit).toBe(Exit.Syscall);
  const got = [0, 1, 2, 3].map((i) => r.cpu.getV(i).toString(16));
  const want = [0, 1, 2, 3].map((i) => hexToBig(c.outV.slice(32 * i, 32 * i + 32)).toString(16));
  expect(got).toEqual(want);
  expect(BigInt.asUintN(64, r.cpu.getX(0)).toString(16)).toBe(BigInt('0x' + c.x0).toString(16));
  expect(r.cpu.x(1) - DATA).toBe(c.x1off);
  expect(Buffer.from(mem.read(DATA, 64)).toString('hex')).toBe(c.outMem);
  expect(r.cpu.fpsr).toBe(c.fpsr);
}
const norm = (s: string) => s.replace(/\s+/g, ' ').replace(/ \/\/.*$/, '').trim();

describe.each([['by element', ELEM_CASES], ['inline IR and word helpers', IR_CASES]] as const)('%s', (_n, cases) => {
  test.each(cases.map((c) => [c.asm, c] as const))('%s matches qemu-aarch64', (_asm, c) => check(c));
  test.each(cases.map((c) => [c.asm, c.word] as const))('%s disassembles', (asm, word) => expect(norm(dis(word))).toBe(norm(asm)));
});
