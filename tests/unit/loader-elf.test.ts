// ELF validation: every malformed input is a LoadError with a one-line
// `PATH: reason` message and a shell-like exit code, never anything else.

import * as fs from 'fs';
import * as path from 'path';
import { identifyElf, LoadError, prepareLoad } from '../../src/loader';
import {
  buildElf, validSpec, tmpDir, writeExe, ElfSpec, EM_AARCH64, EM_ARM, EM_RISCV, EM_X86_64,
  PT_LOAD, PT_INTERP, PF_R, PF_W, PF_X,
} from './loader-fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tmpDir()));
afterAll(() => cleanup());

let n = 0;
function file(data: Buffer | string, mode = 0o755): string {
  return writeExe(dir, `f${n++}`, data, mode);
}

function loadErr(p: string, expectArch?: 'riscv64' | 'aarch64' | 'arm'): LoadError {
  try {
    identifyElf(p, expectArch);
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    const le = e as LoadError;
    expect(le.message.startsWith(`${p}: `)).toBe(true);
    expect(le.message).not.toContain('\n');
    return le;
  }
  throw new Error(`${p} loaded`);
}

function reason(spec: ElfSpec | Buffer | string, expectArch?: 'riscv64' | 'aarch64' | 'arm'): string {
  const data = Buffer.isBuffer(spec) || typeof spec === 'string' ? spec : buildElf(spec);
  const e = loadErr(file(data), expectArch);
  expect(e.exitCode).toBe(126);
  return e.reason;
}

describe('identifyElf accepts', () => {
  test('a valid static riscv64 executable', () => {
    const info = identifyElf(file(buildElf(validSpec())));
    expect(info).toMatchObject({ arch: 'riscv64', class: 64, machine: EM_RISCV, type: 'exec', entry: 0x10100 });
    expect(path.isAbsolute(info.exePath)).toBe(true);
  });
  test('aarch64 and arm headers', () => {
    expect(identifyElf(file(buildElf(validSpec({ machine: EM_AARCH64 })))).arch).toBe('aarch64');
    expect(identifyElf(file(buildElf(validSpec({ cls: 32, machine: EM_ARM })))).arch).toBe('arm');
  });
  test('ET_DYN with PT_INTERP', () => {
    const interp = '/lib/ld-linux-riscv64-lp64d.so.1\0';
    const info = identifyElf(file(buildElf({
      type: 3, entry: 0x100,
      phdrs: [
        { type: PT_INTERP, offset: 0x180, vaddr: 0x180, filesz: interp.length, memsz: interp.length },
        { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0, filesz: 0x200, memsz: 0x200 },
      ],
      fill: [[0x180, interp]],
    })));
    expect(info).toMatchObject({ type: 'dyn', interp: '/lib/ld-linux-riscv64-lp64d.so.1' });
  });
});

describe('file errors', () => {
  test('missing file: 127', () => {
    const e = loadErr(path.join(dir, 'does-not-exist'));
    expect(e.exitCode).toBe(127);
    expect(e.reason).toBe('No such file or directory');
  });
  test('directory: 126', () => {
    const e = loadErr(dir);
    expect(e.exitCode).toBe(126);
    expect(e.reason).toBe('Is a directory');
  });
  test('not executable: 126 Permission denied', () => {
    const e = loadErr(file(buildElf(validSpec()), 0o644));
    expect(e.exitCode).toBe(126);
    expect(e.reason).toBe('Permission denied');
  });
  test('not a regular file', () => {
    const e = loadErr('/dev/null');
    expect(e.exitCode).toBe(126);
  });
  test('a path through a file: Not a directory', () => {
    const f = file('x');
    const e = loadErr(path.join(f, 'sub'));
    expect(e.reason).toBe('Not a directory');
  });
});

describe('format errors', () => {
  test('empty file, text, script', () => {
    expect(reason('')).toMatch(/Exec format error: empty file/);
    expect(reason('hello world\n')).toBe('Exec format error: not an ELF file');
    expect(reason('#!/bin/sh\necho hi\n')).toMatch(/not an ELF file.*script/);
    expect(reason('\x7fEL')).toBe('Exec format error: not an ELF file');
  });
  test('truncated identification and header', () => {
    expect(reason('\x7fELF\x02\x01')).toMatch(/truncated ELF identification/);
    expect(reason(buildElf(validSpec()).subarray(0, 40))).toMatch(/truncated ELF header \(40 of 64 bytes\)/);
    expect(reason(buildElf(validSpec({ cls: 32, machine: EM_ARM })).subarray(0, 30))).toMatch(/truncated ELF header \(30 of 52 bytes\)/);
  });
  test('truncated program headers', () => {
    expect(reason(buildElf(validSpec()).subarray(0, 100))).toMatch(/truncated file: program headers/);
  });
  test('bad ident fields', () => {
    const b = buildElf(validSpec());
    expect(reason(Buffer.concat([b.subarray(0, 4), Buffer.from([3]), b.subarray(5)]))).toMatch(/invalid ELF class 3/);
    expect(reason(Buffer.concat([b.subarray(0, 5), Buffer.from([0]), b.subarray(6)]))).toMatch(/invalid ELF data encoding 0/);
    expect(reason(buildElf(validSpec({ identVersion: 0 })))).toMatch(/invalid ELF version 0/);
    expect(reason(buildElf(validSpec({ version: 2 })))).toMatch(/invalid ELF version 2/);
  });
  test('another machine is named', () => {
    expect(reason(buildElf(validSpec({ machine: EM_X86_64 })))).toMatch(/x86-64 \(e_machine 62\)/);
    expect(reason(buildElf(validSpec({ machine: 8 })))).toMatch(/MIPS/);
    expect(reason(buildElf(validSpec({ machine: 0x9999 })))).toMatch(/unknown machine \(e_machine 39321\)/);
  });
  test('class does not match the machine', () => {
    expect(reason(buildElf(validSpec({ cls: 32, machine: EM_RISCV })))).toMatch(/32-bit ELF for the 64-bit machine RISC-V \(riscv32/);
    expect(reason(buildElf(validSpec({ cls: 32, machine: EM_AARCH64 })))).toMatch(/32-bit ELF for the 64-bit machine AArch64/);
    expect(reason(buildElf(validSpec({ cls: 64, machine: EM_ARM })))).toMatch(/64-bit ELF for the 32-bit machine ARM/);
  });
  test('big-endian', () => {
    expect(reason(buildElf(validSpec({ data: 2 })))).toMatch(/big-endian RISC-V/);
  });
  test('forced architecture: qemu message', () => {
    expect(reason(buildElf(validSpec({ machine: EM_X86_64 })), 'riscv64')).toBe('Invalid ELF image for this architecture');
    expect(reason(buildElf(validSpec({ machine: EM_AARCH64 })), 'riscv64')).toBe('Invalid ELF image for this architecture');
    expect(reason(buildElf(validSpec({ cls: 32, machine: EM_RISCV })), 'riscv64')).toBe('Invalid ELF image for this architecture');
    // Non-ELF input keeps its specific message.
    expect(reason('text', 'riscv64')).toBe('Exec format error: not an ELF file');
  });
  test('not an executable type', () => {
    expect(reason(buildElf(validSpec({ type: 1 })))).toMatch(/relocatable object file \(ET_REL\)/);
    expect(reason(buildElf(validSpec({ type: 4 })))).toMatch(/core dump \(ET_CORE\)/);
    expect(reason(buildElf(validSpec({ type: 0xfe00 })))).toMatch(/unsupported ELF type/);
  });
  test('program header table sanity', () => {
    expect(reason(buildElf(validSpec({ phentsize: 40 })))).toMatch(/bad program header size 40 \(expected 56\)/);
    expect(reason(buildElf(validSpec({ phnum: 0 })))).toMatch(/no program headers/);
    expect(reason(buildElf(validSpec({ phnum: 65535 })))).toMatch(/absurd number of program headers \(65535\)/);
    expect(reason(buildElf(validSpec({ phnum: 1000 })))).toMatch(/program headers.*extend past its end/);
    const early = buildElf(validSpec());
    early.writeUInt32LE(8, 32); // e_phoff = 8
    expect(reason(early)).toMatch(/overlap the ELF header/);
    const huge = buildElf(validSpec());
    huge.writeUInt32LE(0xffffffff, 32); huge.writeUInt32LE(0xffffffff, 36); // e_phoff = 2^64-1
    expect(reason(huge)).toMatch(/extend past its end/);
  });
  const seg = (p: Partial<(typeof validSpec extends (...a: never[]) => infer R ? R : never)['phdrs'][0]>): ElfSpec =>
    validSpec({ phdrs: [{ type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0x10000, filesz: 0x200, memsz: 0x200, ...p }] });
  test('segment outside the file', () => {
    expect(reason(buildElf({ ...seg({ filesz: 0x100000, memsz: 0x100000 }), size: 0x1200 }))).toMatch(/segment 0: file data .* lies outside the file/);
    expect(reason(buildElf({ ...seg({ offset: 0x7fff0000, filesz: 0x10, memsz: 0x10, vaddr: 0x7fff0000 }), size: 0x1200 }))).toMatch(/outside the file/);
    expect(reason(buildElf({ ...seg({ offset: 2 ** 63, filesz: 0x10, memsz: 0x10 }) }))).toMatch(/outside the file/);
  });
  test('absurd sizes and ranges', () => {
    expect(reason(buildElf(seg({ filesz: 0x300, memsz: 0x200 })))).toMatch(/file size 0x300 exceeds memory size 0x200/);
    expect(reason(buildElf(seg({ memsz: 2 ** 40 })))).toMatch(/absurd size/);
    const max = buildElf(seg({}));
    max.writeUInt32LE(0xffffffff, 64 + 40); max.writeUInt32LE(0xffffffff, 64 + 44); // p_memsz = 2^64-1
    expect(reason(max)).toMatch(/absurd size/);
    expect(reason(buildElf(seg({ vaddr: 0xfff00000, memsz: 0x200000, filesz: 0 })))).toMatch(/does not fit in the 4 GiB guest address space/);
    expect(reason(buildElf(seg({ vaddr: 2 ** 40 })))).toMatch(/does not fit/);
    expect(reason(buildElf(seg({ vaddr: 0x1000 })))).toMatch(/below the lowest guest address 0x10000/);
    expect(reason(buildElf(seg({ vaddr: 0xffff0000, filesz: 0, memsz: 0x1000 })))).toMatch(/above the guest stack/);
    expect(reason(buildElf({ ...validSpec(), entry: 2 ** 40 }))).toMatch(/entry point .* outside/);
  });
  test('alignment', () => {
    expect(reason(buildElf(seg({ align: 0x3000 })))).toMatch(/bad alignment 0x3000/);
    expect(reason(buildElf(seg({ vaddr: 0x10010 })))).toMatch(/differ modulo the page size/);
  });
  test('overlapping PT_LOAD', () => {
    expect(reason(buildElf(validSpec({
      phdrs: [
        { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0x10000, filesz: 0x200, memsz: 0x2000 },
        { type: PT_LOAD, flags: PF_R | PF_W, offset: 0x1000, vaddr: 0x11000, filesz: 0x100, memsz: 0x100 },
      ],
    })))).toMatch(/segments 0 and 1 overlap/);
  });
  test('no PT_LOAD', () => {
    expect(reason(buildElf({ phdrs: [{ type: 4, offset: 0, vaddr: 0, filesz: 0, memsz: 0 }] }))).toMatch(/no loadable segments/);
  });
  test('bad PT_INTERP', () => {
    const mk = (s: string, filesz = s.length, offset = 0x180): Buffer => buildElf(validSpec({
      size: 0x1200,
      phdrs: [
        { type: PT_INTERP, offset, vaddr: 0x10180, filesz, memsz: filesz },
        { type: PT_LOAD, flags: PF_R | PF_X, offset: 0, vaddr: 0x10000, filesz: 0x200, memsz: 0x200 },
      ],
      fill: [[0x180, s]],
    }));
    expect(reason(mk('/lib/ld.so'))).toMatch(/PT_INTERP is not a NUL-terminated path/);
    expect(reason(mk('/lib\0/ld.so\0'))).toMatch(/PT_INTERP is not a NUL-terminated path/);
    expect(reason(mk('\0', 1))).toMatch(/bad PT_INTERP size 1/);
    expect(reason(mk('/x\0', 3, 0x100000))).toMatch(/PT_INTERP .* outside the file/);
  });
});

describe('no input crashes the loader', () => {
  // Random corruption of a valid file (header, program headers, data): the
  // result must always be success or a LoadError.
  test('fuzzed headers', () => {
    const good = buildElf(validSpec({
      phdrs: [
        { type: PT_INTERP, offset: 0x180, vaddr: 0x10180, filesz: 8, memsz: 8 },
        ...validSpec().phdrs,
      ],
      fill: [[0x180, '/lib/ld\0'], [0x1000, Buffer.alloc(0x100, 0xaa)]],
    }));
    let seed = 12345;
    const rnd = (n: number): number => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
    const p = path.join(dir, 'fuzz');
    const others: Record<string, number> = {};
    for (let iter = 0; iter < 1500; iter++) {
      const b = Buffer.from(good);
      const edits = 1 + rnd(4);
      for (let k = 0; k < edits; k++) {
        const off = rnd(3) === 0 ? rnd(b.length) : rnd(64 + 56 * 4);
        const kind = rnd(4);
        if (kind === 0) b[off] = rnd(256);
        else if (kind === 1) b[off] ^= 1 << rnd(8);
        else if (kind === 2 && off + 4 <= b.length) b.writeUInt32LE(0xffffffff, off);
        else if (off + 8 <= b.length) b.writeUInt32LE(rnd(0x7fffffff), off);
      }
      const data = rnd(10) === 0 ? b.subarray(0, rnd(b.length)) : b;
      fs.writeFileSync(p, data, { mode: 0o755 });
      for (const fn of [(): unknown => identifyElf(p), (): unknown => prepareLoad({ path: p, argv: ['x'], env: [], arch: 'riscv64', random: new Uint8Array(16) })]) {
        try {
          fn();
        } catch (e) {
          if (!(e instanceof LoadError)) {
            const key = String(e);
            others[key] = (others[key] ?? 0) + 1;
          } else {
            expect(e.message).not.toContain('\n');
          }
        }
      }
    }
    expect(others).toEqual({});
  });
});
