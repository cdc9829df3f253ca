// The process image: segments, bss, PIE bias, interpreter, and the initial
// stack decoded back from guest memory.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GuestMemory } from '../../src/memory/guest-memory';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/memory/page-map';
import {
  AT_BASE, AT_CLKTCK, AT_ENTRY, AT_EXECFN, AT_HWCAP, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM,
  AT_SECURE, AT_NULL, identifyElf, LoadError, loadProgram, prepareLoad, LoadedImage,
} from '../../src/loader';
import {
  buildElf, validSpec, tmpDir, writeExe, EM_ARM, PT_GNU_STACK, PT_INTERP, PT_LOAD, PT_PHDR, PF_R, PF_W, PF_X,
} from './loader-fixtures';

let dir: string;
let cleanup: () => void;
let mem: GuestMemory;
beforeAll(() => {
  ({ dir, cleanup } = tmpDir());
  mem = new GuestMemory();
});
afterAll(() => cleanup());

/** Forgets all mappings and dirties memory so zeroing is observable. */
function resetMemory(): void {
  for (const m of [...mem.pages.list()]) {
    mem.u8.fill(0x5a, m.start - 0x10000, m.end - 0x10000);
    mem.pages.unmap(m.start, m.end - m.start);
  }
}

interface Decoded { argc: number; argv: string[]; envp: string[]; auxv: Map<number, number>; auxvOrder: number[] }

function decodeStack(img: LoadedImage, w: 4 | 8): Decoded {
  const rd = (a: number): number => (w === 8 ? mem.u64(a) : mem.u32(a));
  let p = img.sp;
  const argc = rd(p); p += w;
  const argv: string[] = [];
  for (let i = 0; i < argc; i++, p += w) argv.push(mem.readCString(rd(p)));
  expect(rd(p)).toBe(0); p += w;
  const envp: string[] = [];
  for (; rd(p) !== 0; p += w) envp.push(mem.readCString(rd(p)));
  p += w;
  const auxv = new Map<number, number>();
  const auxvOrder: number[] = [];
  for (;;) {
    const k = rd(p), v = rd(p + w); p += 2 * w;
    auxvOrder.push(k);
    if (k === AT_NULL) break;
    auxv.set(k, v);
  }
  return { argc, argv, envp, auxv, auxvOrder };
}

const RANDOM = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);

describe('static riscv64 executable', () => {
  let img: LoadedImage;
  let exe: string;
  beforeAll(() => {
    resetMemory();
    exe = writeExe(dir, 'static', buildElf(validSpec()));
    img = loadProgram({
      path: exe, argv: ['prog', '-x', 'arg two'], env: ['A=1', 'HOME=/h'], mem, arch: 'riscv64', random: RANDOM,
    });
  });

  test('image fields', () => {
    expect(img.entry).toBe(0x10100);
    expect(img.progEntry).toBe(0x10100);
    expect(img.loadBias).toBe(0);
    expect(img.interpBase).toBe(0);
    expect(img.brk).toBe(0x14000);
    expect(img.phdr).toBe(0x10040);
    expect(img.phnum).toBe(3);
    expect(img.exePath).toBe(fs.realpathSync(exe));
    expect(img.stackTop - img.stackLow).toBe(8 * 1024 * 1024);
    expect(img.mmapTop).toBeLessThan(img.stackLow);
    expect(img.mmapBottom).toBe(img.brk);
    expect(img.execStack).toBe(false);
  });

  test('segments are mapped with their protections, file data copied, bss zeroed', () => {
    const maps = mem.pages.list().map((m) => ({ start: m.start, end: m.end, prot: m.prot, name: m.name, offset: m.offset }));
    const real = fs.realpathSync(exe);
    expect(maps).toEqual([
      { start: 0x10000, end: 0x11000, prot: PROT_READ | PROT_EXEC, name: real, offset: 0 },
      { start: 0x11000, end: 0x12000, prot: PROT_READ | PROT_WRITE, name: real, offset: 0x1000 },
      { start: 0x12000, end: 0x14000, prot: PROT_READ | PROT_WRITE, name: '', offset: 0 },
      { start: img.stackLow, end: img.stackTop, prot: PROT_READ | PROT_WRITE, name: '[stack]', offset: 0 },
    ]);
    expect(mem.u32(0x10100)).toBe(0x13);
    expect(mem.read(0x10000, 4).toString('latin1')).toBe('\x7fELF'); // headers are part of the first segment
    expect(mem.read(0x11000, 0x100).every((b) => b === 0xaa)).toBe(true);
    // bss: rest of the last file page and the whole extra pages, despite the dirtied memory
    expect(mem.read(0x11100, 0x2f00).every((b) => b === 0)).toBe(true);
    // the text page tail shows the file (zeros here), as a file mapping would
    expect(mem.read(0x10200, 0xe00).every((b) => b === 0)).toBe(true);
  });

  test('stack: argc, argv, envp, auxv', () => {
    expect(img.sp % 16).toBe(0);
    const d = decodeStack(img, 8);
    expect(d.argc).toBe(3);
    expect(d.argv).toEqual(['prog', '-x', 'arg two']);
    expect(d.envp).toEqual(['A=1', 'HOME=/h']);
    expect(d.auxv.get(AT_PHDR)).toBe(0x10040);
    expect(d.auxv.get(AT_PHENT)).toBe(56);
    expect(d.auxv.get(AT_PHNUM)).toBe(3);
    expect(d.auxv.get(AT_PAGESZ)).toBe(4096);
    expect(d.auxv.get(AT_BASE)).toBe(0);
    expect(d.auxv.get(AT_ENTRY)).toBe(0x10100);
    expect(d.auxv.get(AT_CLKTCK)).toBe(100);
    expect(d.auxv.get(AT_SECURE)).toBe(0);
    const letters = 'IMAFDC'.split('').reduce((v, c) => v | (1 << (c.charCodeAt(0) - 65)), 0);
    expect(d.auxv.get(AT_HWCAP)).toBe(letters);
    expect(d.auxv.has(AT_PLATFORM)).toBe(false); // none on RISC-V
    expect(mem.readCString(d.auxv.get(AT_EXECFN)!)).toBe(exe);
    expect([...mem.read(d.auxv.get(AT_RANDOM)!, 16)]).toEqual([...RANDOM]);
    expect(d.auxvOrder.slice(0, 3)).toEqual([AT_HWCAP, AT_PAGESZ, AT_CLKTCK]);
    expect(d.auxvOrder[d.auxvOrder.length - 1]).toBe(AT_NULL);
    expect(img.auxv).toEqual([...d.auxv.entries(), [AT_NULL, 0]]);
  });

  test('strings sit at the top of the stack, in order, execfn last', () => {
    const d = decodeStack(img, 8);
    void d;
    expect(img.argStart).toBe(mem.u64(img.sp + 8));
    const blob = mem.read(img.argStart, img.stackTop - img.argStart).toString('latin1');
    expect(blob).toBe(`prog\0-x\0arg two\0A=1\0HOME=/h\0${exe}\0` + '\0'.repeat(8));
    expect(img.envEnd).toBe(img.stackTop - 8 - exe.length - 1);
  });
});

test('reused memory (execve): bss and stack are cleared', () => {
  resetMemory();
  const exe = writeExe(dir, 'reuse', buildElf(validSpec()));
  const first = loadProgram({ path: exe, argv: ['x'], env: [], mem, arch: 'riscv64' });
  resetMemory(); // fills every mapped page with 0x5a, then unmaps
  const img = loadProgram({ path: exe, argv: ['x'], env: [], mem, arch: 'riscv64' });
  expect(img.sp).toBe(first.sp);
  expect(mem.read(0x11100, 0x2f00).every((b) => b === 0)).toBe(true);
  expect(mem.read(img.stackLow, img.sp - img.stackLow).every((b) => b === 0)).toBe(true);
});

describe('layout options', () => {
  test('stack size, PT_GNU_STACK exec', () => {
    resetMemory();
    const spec = validSpec();
    spec.phdrs[2].flags = PF_R | PF_W | PF_X;
    const exe = writeExe(dir, 'xstack', buildElf(spec));
    const img = loadProgram({ path: exe, argv: ['x'], env: [], mem, arch: 'riscv64', stackSize: 100 * 1024 + 1 });
    expect(img.stackTop - img.stackLow).toBe(104 * 1024);
    expect(img.execStack).toBe(true);
    expect(mem.pages.find(img.stackLow)).toMatchObject({ name: '[stack]', prot: PROT_READ | PROT_WRITE | PROT_EXEC });
  });

  test('argument list too long', () => {
    const exe = writeExe(dir, 'e2big', buildElf(validSpec()));
    const big = 'x'.repeat(200 * 1024);
    expect(() => prepareLoad({ path: exe, argv: ['x', big], env: [], arch: 'riscv64' })).toThrow(/Argument list too long/);
    const many = Array.from({ length: 100 }, () => 'y'.repeat(30000));
    expect(() => prepareLoad({ path: exe, argv: many, env: [], arch: 'riscv64' })).toThrow(/Argument list too long/);
  });

  test('stack too big for the program', () => {
    const spec = validSpec({ entry: 0xc0000100 });
    spec.phdrs[0].vaddr = 0xc0000000;
    spec.phdrs[1].vaddr = 0xc0001000;
    const exe = writeExe(dir, 'high', buildElf(spec));
    expect(() => prepareLoad({ path: exe, argv: ['x'], env: [], arch: 'riscv64', stackSize: 1 << 30 })).toThrow(/overlaps the stack/);
  });

  test('arch must match', () => {
    const exe = writeExe(dir, 'rv', buildElf(validSpec()));
    expect(() => prepareLoad({ path: exe, argv: ['x'], env: [], arch: 'aarch64' })).toThrow('Invalid ELF image for this architecture');
  });
});

describe('PIE', () => {
  const pieSpec = (align = 0x1000): Parameters<typeof buildElf>[0] => ({
    type: 3, entry: 0x120,
    phdrs: [
      { type: PT_PHDR, offset: 64, vaddr: 64, filesz: 56 * 3, memsz: 56 * 3, align: 8 },
      { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0, filesz: 0x200, memsz: 0x200, align },
      { type: PT_LOAD, flags: PF_R | PF_W, offset: 0x1000, vaddr: 0x1000 + align, filesz: 0x10, memsz: 0x10, align },
    ],
    fill: [[0x1000, 'data']],
  });

  test('ET_DYN is loaded at the PIE base', () => {
    resetMemory();
    const exe = writeExe(dir, 'pie', buildElf(pieSpec()));
    expect(identifyElf(exe).type).toBe('dyn');
    const img = loadProgram({ path: exe, argv: ['pie'], env: [], mem, arch: 'riscv64' });
    expect(img.loadBias).toBe(0x2aaaa000);
    expect(img.entry).toBe(0x2aaaa120);
    expect(img.progEntry).toBe(0x2aaaa120);
    expect(img.phdr).toBe(0x2aaaa040);
    expect(img.brk).toBe(0x2aaad000);
    expect(mem.read(0x2aaac000, 4).toString()).toBe('data');
    const d = decodeStack(img, 8);
    expect(d.auxv.get(AT_PHDR)).toBe(0x2aaaa040);
    expect(d.auxv.get(AT_ENTRY)).toBe(0x2aaaa120);
  });

  test('the bias honours a large p_align', () => {
    resetMemory();
    const exe = writeExe(dir, 'pie64k', buildElf(pieSpec(0x10000)));
    const img = loadProgram({ path: exe, argv: ['pie'], env: [], mem, arch: 'riscv64' });
    expect(img.loadBias % 0x10000).toBe(0);
    expect(img.loadBias).toBe(0x2aab0000);
  });
});

describe('PT_INTERP', () => {
  const INTERP = '/lib/ld-test.so.1';
  function withInterp(): string {
    const s = INTERP + '\0';
    return writeExe(dir, 'dyn', buildElf({
      type: 3, entry: 0x150,
      phdrs: [
        { type: PT_INTERP, offset: 0x180, vaddr: 0x180, filesz: s.length, memsz: s.length, align: 1 },
        { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0, filesz: 0x200, memsz: 0x200 },
      ],
      fill: [[0x180, s]],
    }));
  }
  function ldso(root: string, spec = buildElf({
    type: 3, entry: 0x1234,
    phdrs: [
      { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0, filesz: 0x2000, memsz: 0x2000 },
      { type: PT_LOAD, flags: PF_R | PF_W, offset: 0x2000, vaddr: 0x3000, filesz: 0x10, memsz: 0x1000 },
    ],
    fill: [[0x1234, 'LDSO'], [0x2000, 'ldata']],
  })): void {
    fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
    writeExe(root, 'lib/ld-test.so.1', spec);
  }

  test('the interpreter is loaded from the -L prefix below the mmap top', () => {
    resetMemory();
    const exe = withInterp();
    const root = path.join(dir, 'sysroot');
    ldso(root);
    const img = loadProgram({ path: exe, argv: ['dyn'], env: [], mem, arch: 'riscv64', ldPrefix: root });
    expect(img.interpPath).toBe(fs.realpathSync(path.join(root, 'lib/ld-test.so.1')));
    expect(img.interpBase).toBeGreaterThan(img.brk);
    expect(img.interpBase + 0x4000).toBeLessThanOrEqual(img.mmapTop);
    expect(img.interpBase % 0x1000).toBe(0);
    expect(img.entry).toBe(img.interpBase + 0x1234);
    expect(mem.read(img.entry, 4).toString()).toBe('LDSO');
    expect(mem.read(img.interpBase + 0x3000, 5).toString()).toBe('ldata');
    expect(mem.pages.find(img.interpBase + 0x3000)?.prot).toBe(PROT_READ | PROT_WRITE);
    const d = decodeStack(img, 8);
    expect(d.auxv.get(AT_BASE)).toBe(img.interpBase);
    expect(d.auxv.get(AT_ENTRY)).toBe(0x2aaaa150);
    expect(img.progEntry).toBe(0x2aaaa150);
  });

  test('missing interpreter: 127 naming it', () => {
    const exe = withInterp();
    let err: LoadError | undefined;
    try {
      prepareLoad({ path: exe, argv: ['dyn'], env: [], arch: 'riscv64', ldPrefix: path.join(dir, 'nowhere') });
    } catch (e) {
      err = e as LoadError;
    }
    expect(err).toBeInstanceOf(LoadError);
    expect(err!.exitCode).toBe(127);
    expect(err!.message).toBe(`${exe}: interpreter ${INTERP}: No such file or directory`);
  });

  test('interpreter of another architecture', () => {
    const exe = withInterp();
    const root = path.join(dir, 'badroot');
    ldso(root, buildElf(validSpec({ type: 3, machine: 62 })));
    expect(() => prepareLoad({ path: exe, argv: ['dyn'], env: [], arch: 'riscv64', ldPrefix: root }))
      .toThrow(`${exe}: interpreter ${INTERP}: Invalid ELF image for this architecture`);
  });
});

describe('32-bit arm', () => {
  test('word-size stack and AT_PLATFORM', () => {
    resetMemory();
    const exe = writeExe(dir, 'arm', buildElf(validSpec({ cls: 32, machine: EM_ARM })));
    const img = loadProgram({ path: exe, argv: ['arm', 'x'], env: ['E=1'], mem, arch: 'arm' });
    expect(img.stackTop).toBeLessThanOrEqual(0xffff0000);
    // The stack stays below the kuser helpers page, which the loader maps read+exec as [vectors].
    expect(mem.pages.find(0xffff0000)).toMatchObject({ name: '[vectors]', prot: 5 });
    expect(img.stackTop).toBeLessThan(0xffff0000);
    expect(img.sp % 16).toBe(0);
    const d = decodeStack(img, 4);
    expect(d.argv).toEqual(['arm', 'x']);
    expect(d.envp).toEqual(['E=1']);
    expect(d.auxv.get(AT_PHENT)).toBe(32);
    expect(mem.readCString(d.auxv.get(AT_PLATFORM)!)).toBe('v7l');
    expect(d.auxv.get(AT_PHDR)).toBe(0x10034);
  });
});

// A real toolchain binary, when the cross compiler is installed.
const haveGcc = (() => {
  try { execFileSync('riscv64-linux-gnu-gcc', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
})();
(haveGcc ? test : test.skip)('a riscv64-linux-gnu-gcc -static -nostdlib binary', () => {
  const src = path.join(dir, 'a.c');
  fs.writeFileSync(src, 'int x = 5; int y[5000]; void _start(void) { for (;;) y[x]++; }\n');
  const exe = path.join(dir, 'a.out');
  execFileSync('riscv64-linux-gnu-gcc', ['-static', '-nostdlib', '-O2', '-o', exe, src]);
  resetMemory();
  const info = identifyElf(exe);
  expect(info).toMatchObject({ arch: 'riscv64', type: 'exec' });
  const img = loadProgram({ path: exe, argv: [exe], env: [], mem, arch: 'riscv64' });
  expect(img.entry).toBe(info.entry);
  expect(mem.pages.isAccessible(img.entry, 4, PROT_EXEC)).toBe(true);
  expect(img.brk).toBeGreaterThanOrEqual(0x10000 + 20000);
  expect(mem.pages.isAccessible(img.brk - 4, 4, PROT_WRITE)).toBe(true);
});

test('PT_GNU_STACK constant', () => expect(PT_GNU_STACK).toBe(0x6474e551));
