// The translation cache on disk: a second "run" of the same code takes its blocks from
// the file, and anything that would make a fresh translation differ (other bytes, a
// page no longer executable, an ambiguous helper) makes it translate again.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ } from '../../src/memory/page-map';
import { Engine } from '../../src/translate/engine';
import { Exit, type Helper } from '../../src/translate/ir';
import { noteHelpers, TbCache } from '../../src/translate/tb-cache';
import { createRiscvCpu, riscv64Frontend } from '../../src/cpu/riscv64';

const CODE = 0x400000;
// a0 = 0; a1 = n; loop: a0 += a1; a1 -= 1; bnez a1, loop; ecall
const sumWords = (n: number) => [0x00000513, 0x00000593 | ((n & 0xfff) << 20), 0x00b50533, 0xfff58593, 0xfe059ce3, 0x00000073];
// fadd.d fa0, fa1, fa2 (a helper call); ecall
const FADD = [0x02c5f553, 0x00000073];

let dir: string;
let exe: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-tbc-'));
  exe = path.join(dir, 'prog');
  fs.writeFileSync(exe, 'stands for the program');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(words: number[], prot = PROT_READ | PROT_EXEC, at = CODE) {
  const mem = new GuestMemory();
  mem.pages.map(at, 0x1000, PROT_READ | PROT_EXEC);
  mem.poke(at, new Uint8Array(new Int32Array(words).buffer));
  if (prot !== (PROT_READ | PROT_EXEC)) mem.pages.protect(at, 0x1000, prot);
  const engine = new Engine(riscv64Frontend, mem);
  engine.persist = TbCache.open(riscv64Frontend, mem, exe, dir);
  const persist = engine.persist!;
  const cpu = createRiscvCpu(mem);
  cpu.pc = at;
  const exit = engine.run(cpu);
  const used = persist.used;
  engine.saveTranslations(1);
  return { exit, cpu, engine, used, file: persist.fileFor(CODE), persist };
}

test('a second run takes every block from the file and computes the same', () => {
  const a = run(sumWords(10));
  expect(a.exit).toBe(Exit.Syscall);
  expect(a.cpu.regs[20]).toBe(55);
  expect(a.used).toBe(0);
  expect(fs.existsSync(a.file)).toBe(true);
  const b = run(sumWords(10));
  expect(b.cpu.regs[20]).toBe(55);
  expect(b.engine.stats.translated).toBe(0);
  expect(b.used).toBe(3);
  expect(b.cpu.pc).toBe(a.cpu.pc);
});

test('changed bytes are translated again, unchanged blocks still come from the file', () => {
  run(sumWords(10));
  const b = run(sumWords(20)); // the first block's `li a1` differs
  expect(b.cpu.regs[20]).toBe(210);
  expect(b.engine.stats.translated).toBe(1);
  expect(b.used).toBe(2);
  // The file now holds the new first block: a third run with n = 20 takes everything.
  const c = run(sumWords(20));
  expect(c.cpu.regs[20]).toBe(210);
  expect(c.engine.stats.translated).toBe(0);
});

test('code on a page that is no longer executable faults as without the cache', () => {
  run(sumWords(10));
  const b = run(sumWords(10), PROT_READ);
  expect(b.exit).toBe(Exit.Fault);
  expect(b.used).toBe(0);
});

test('blocks calling helpers are cached only while their helper names are unambiguous', () => {
  const a = run(FADD);
  const b = run(FADD);
  expect(b.used).toBe(1);
  // Another helper object with the same name and code: the cached block must not be bound to either.
  const call = a.engine.lookup(CODE).code!.ops.find((o) => o.op === 'call' && o.helper.name === 'fadd.d') as { helper: Helper };
  expect(call.helper.name).toBe('fadd.d');
  noteHelpers([{ op: 'call', helper: { ...call.helper }, args: [] }]);
  const c = run(FADD);
  expect(c.used).toBe(0);
  expect(c.engine.stats.translated).toBe(1);
});

test('a file for another key is ignored', () => {
  const a = run(sumWords(10));
  const text = fs.readFileSync(a.file, 'utf8');
  fs.writeFileSync(a.file, text.replace(/^\/\/ nodemu-tb \d+ \w+/, '// nodemu-tb 1 0000000000000000'));
  const b = run(sumWords(10));
  expect(b.used).toBe(0);
  expect(b.cpu.regs[20]).toBe(55);
});

test('blocks are kept in one file per 64 KiB of guest code, and a run loads only the files of code it runs', () => {
  const a = run(sumWords(10));
  const far = CODE + 0x40000;
  const b = run(sumWords(10), PROT_READ | PROT_EXEC, far);
  expect(b.cpu.regs[20]).toBe(55);
  expect(b.persist.fileFor(far)).not.toBe(a.file);
  expect(fs.existsSync(b.persist.fileFor(far))).toBe(true);
  // Each program's run looks at its own chunk only, and takes everything from it.
  const c = run(sumWords(10), PROT_READ | PROT_EXEC, far);
  expect(c.used).toBe(3);
  expect(c.persist.chunksSeen).toBe(1);
  const d = run(sumWords(10));
  expect(d.used).toBe(3);
  expect(d.persist.chunksSeen).toBe(1);
});
