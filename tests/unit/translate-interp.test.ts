// The two IR backends must agree: random IR blocks run through the JS lowering
// (lower-js.ts) and the interpreter (interp.ts) from the same state must leave
// the same registers, memory, pc and exit.
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import { CpuState } from '../../src/cpu/types';
import { c32, c64, IRBuilder, Ty, defineGlobal, type BinOpName, type Cond, type UnOpName, type Val, type Var } from '../../src/translate/ir';
import { compileBlock, lowerBlock } from '../../src/translate/lower-js';
import { interpreterFn } from '../../src/translate/interp';
import { optimize } from '../../src/translate/optimize';

const DATA = 0x300000;
const mem = new GuestMemory();
mem.pages.map(DATA, 0x1000, PROT_READ | PROT_WRITE);
const G64 = [0, 1, 2, 3, 4, 5].map((i) => defineGlobal(i, `r${i}`, Ty.I64, 2 * i));
const G32 = [0, 1, 2].map((i) => defineGlobal(10 + i, `w${i}`, Ty.I32, 12 + i));
const BIN: BinOpName[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'rotl', 'rotr', 'mulsh', 'muluh', 'mulsuh', 'div', 'divu', 'rem', 'remu'];
const UN: UnOpName[] = ['mov', 'neg', 'not', 'ext8s', 'ext8u', 'ext16s', 'ext16u', 'ext32s', 'ext32u', 'clz', 'ctz', 'popcnt', 'bswap'];
const CONDS: Cond[] = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu', 'leu', 'gtu'];

function gen(seed: number): IRBuilder {
  let s = seed >>> 0;
  const r = (n: number) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
  const b = new IRBuilder();
  const val = (ty: Ty): Val => {
    if (r(4) === 0) return ty === Ty.I64 ? c64(BigInt.asIntN(64, (BigInt(r(1 << 30)) << 34n) ^ BigInt(r(1 << 30)) - 5n)) : c32(r(1 << 30) - (1 << 29));
    return ty === Ty.I64 ? G64[r(G64.length)] : G32[r(G32.length)];
  };
  const dst = (ty: Ty): Var => (ty === Ty.I64 ? G64[r(G64.length)] : G32[r(G32.length)]);
  const labels: number[] = [];
  for (let i = 0; i < 30; i++) {
    b.insn(0x1000 + 4 * i, 4);
    const ty = r(3) === 0 ? Ty.I32 : Ty.I64;
    switch (r(9)) {
      case 0: case 1: case 2: b.bin(BIN[r(BIN.length)], dst(ty), val(ty), val(ty)); break;
      case 3: b.un(UN[r(UN.length)], dst(ty), val(ty)); break;
      case 4: b.setcond(dst(ty), CONDS[r(CONDS.length)], val(ty), val(ty)); break;
      case 5: b.movcond(dst(ty), CONDS[r(CONDS.length)], val(ty), val(ty), val(ty), val(ty)); break;
      case 6: { // memory at DATA + (small offset)
        const size = ([1, 2, 4, 8] as const)[r(4)];
        const addr = c64(DATA + 8 * r(64));
        if (r(2)) b.ld(dst(Ty.I64), addr, r(8), size, r(2) === 0); else b.st(val(Ty.I64), addr, r(8), size);
        break;
      }
      case 7: { const t = b.t64(); b.un('exts', t, val(Ty.I32)); b.bin('add', dst(Ty.I64), t, val(Ty.I64)); b.un('trunc', dst(Ty.I32), val(Ty.I64)); b.un('hi32', dst(Ty.I32), val(Ty.I64)); break; }
      case 8: {
        if (labels.length && r(2)) { b.label(labels.pop()!); break; }
        const l = b.newLabel(); labels.push(l);
        b.brcond(CONDS[r(CONDS.length)], val(ty), val(ty), l);
        break;
      }
    }
  }
  while (labels.length) b.label(labels.pop()!);
  b.gotoPtr(G64[0]);
  return b;
}

function state(seed: number): { regs: Int32Array; data: Uint8Array } {
  const regs = new Int32Array(16);
  let s = seed;
  for (let i = 0; i < regs.length; i++) { s = (Math.imul(s, 48271) + 11) | 0; regs[i] = i % 3 === 0 ? s >> 20 : s; }
  regs[1] = 0; // r0 is the goto_ptr target: keep it below 4 GiB
  const data = new Uint8Array(0x300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + seed) & 255;
  return { regs, data };
}

function runWith(fn: (cpu: CpuState) => number, seed: number) {
  const st = state(seed);
  mem.poke(DATA, st.data);
  const cpu = new CpuState(mem, st.regs);
  const exit = fn(cpu);
  return { exit, pc: cpu.pc, regs: Array.from(cpu.regs), data: Array.from(mem.read(DATA, 0x300)) };
}

test('JS lowering and interpreter agree on 400 random blocks (optimised and not)', () => {
  const target = { wordTy: Ty.I64, littleEndian: true };
  for (let seed = 1; seed <= 400; seed++) {
    const ops = seed % 2 ? gen(seed).ops : optimize(gen(seed).ops);
    const js = compileBlock(lowerBlock(ops, target, `d${seed}`), mem.dv);
    const it = interpreterFn(ops, Ty.I64, true);
    const a = runWith(js, seed), b = runWith(it, seed);
    if (JSON.stringify(a) !== JSON.stringify(b)) expect({ seed, ...b }).toEqual({ seed, ...a });
  }
});
