// Bad input to the real command: exactly one line `nodemu: PATH: reason` on
// stderr, a shell-like exit status, and never a JavaScript stack trace.
// Needs `npm run build` (npm test does it).

import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildElf, validSpec, tmpDir, writeExe, EM_AARCH64, EM_ARM, EM_RISCV, EM_X86_64 } from '../unit/loader-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const NODEMU_RV = path.join(ROOT, 'bin', 'nodemu-riscv64');

let dir: string;
let cleanup: () => void;
/** A real riscv64 static executable (cross-compiled if possible, else hand-made). */
let rv: Buffer;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
  ({ dir, cleanup } = tmpDir());
  try {
    const src = path.join(dir, 'p.c');
    // Exits at once if it ever runs (it should not get that far).
    fs.writeFileSync(src, 'int v = 1; int big[4096];\n' +
      'void _start(void) { big[v]++; __asm__ volatile("li a0, 0\\n li a7, 93\\n ecall"); for (;;); }\n');
    execFileSync('riscv64-linux-gnu-gcc', ['-static', '-nostdlib', '-O2', '-o', path.join(dir, 'p'), src], { stdio: 'ignore' });
    rv = fs.readFileSync(path.join(dir, 'p'));
  } catch {
    rv = buildElf(validSpec());
  }
});
afterAll(() => cleanup());

interface Result { status: number | null; stdout: string; stderr: string }

function nodemu(args: string[], bin = NODEMU): Result {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20000, env: { ...process.env, DEBUG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs nodemu on `file` and checks the one-line error and exit status; returns the reason. */
function expectLoadError(file: string, status: number, reason?: RegExp | string, bin = NODEMU): string {
  const r = nodemu([file, 'arg1', '-arg2'], bin);
  const name = path.basename(bin);
  expect({ file, status: r.status }).toEqual({ file, status });
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const lines = r.stderr.split('\n');
  expect(lines.length).toBe(2); // one line + the final newline
  expect(lines[1]).toBe('');
  const m = new RegExp(`^${esc(name)}: ${esc(file)}: (.+)$`).exec(lines[0]);
  expect(m).not.toBeNull();
  if (typeof reason === 'string') expect(m![1]).toBe(reason);
  else if (reason) expect(m![1]).toMatch(reason);
  return m![1];
}

/** File offset of the first PT_LOAD program header of a 64-bit ELF. */
function firstLoad(b: Buffer): number {
  const phoff = Number(b.readBigUInt64LE(32));
  for (let i = 0; i < b.readUInt16LE(56); i++) if (b.readUInt32LE(phoff + i * 56) === 1) return phoff + i * 56;
  throw new Error('no PT_LOAD');
}

function patched(base: Buffer, edits: Array<[number, number, 16 | 32]>): Buffer {
  const b = Buffer.from(base);
  for (const [off, v, bits] of edits) bits === 16 ? b.writeUInt16LE(v, off) : b.writeUInt32LE(v, off);
  return b;
}

test('missing file: 127', () => {
  expectLoadError(path.join(dir, 'no-such-program'), 127, 'No such file or directory');
});

test('a directory: 126', () => {
  expectLoadError(dir, 126, 'Is a directory');
});

test('a file without execute permission: 126', () => {
  expectLoadError(writeExe(dir, 'noexec', rv, 0o644), 126, 'Permission denied');
});

test('a text file: 126', () => {
  expectLoadError(writeExe(dir, 'text.txt', 'just some text\n'), 126, 'Exec format error: not an ELF file');
  expectLoadError(writeExe(dir, 'empty', ''), 126, 'Exec format error: empty file');
});

test('a host (x86-64) ELF such as /bin/true: 126 naming the machine', () => {
  let host = '/bin/true';
  const head = fs.existsSync(host) ? fs.readFileSync(host).subarray(0, 20) : Buffer.alloc(0);
  if (head.length < 20 || head.readUInt16LE(18) !== EM_X86_64) host = writeExe(dir, 'x86', buildElf(validSpec({ machine: EM_X86_64 })));
  expectLoadError(host, 126, /^Exec format error: x86-64 \(e_machine 62\) binary; nodemu runs riscv64/);
  expectLoadError(host, 126, 'Invalid ELF image for this architecture', NODEMU_RV);
});

test('nodemu-riscv64 refuses other supported architectures too', () => {
  expectLoadError(writeExe(dir, 'a64', buildElf(validSpec({ machine: EM_AARCH64 }))), 126, 'Invalid ELF image for this architecture', NODEMU_RV);
});

test('32/64-bit class mismatch with e_machine: 126', () => {
  expectLoadError(writeExe(dir, 'rv32', buildElf(validSpec({ cls: 32, machine: EM_RISCV }))), 126,
    /^Exec format error: 32-bit ELF for the 64-bit machine RISC-V/);
  expectLoadError(writeExe(dir, 'arm64bit', buildElf(validSpec({ cls: 64, machine: EM_ARM }))), 126,
    /^Exec format error: 64-bit ELF for the 32-bit machine ARM/);
});

test('truncated riscv64 ELF: 126', () => {
  expectLoadError(writeExe(dir, 'trunc40', rv.subarray(0, 40)), 126, /^Exec format error: truncated ELF header/);
  expectLoadError(writeExe(dir, 'trunc100', rv.subarray(0, 100)), 126, /^Exec format error: truncated file: program headers/);
  expectLoadError(writeExe(dir, 'trunc10', rv.subarray(0, 10)), 126, /^Exec format error: truncated ELF identification/);
});

test('segment outside the file: 126', () => {
  // Keep the headers, drop the data: the first PT_LOAD (offset 0) now extends past the end.
  const phEnd = 64 + rv.readUInt16LE(56) * 56;
  expectLoadError(writeExe(dir, 'cut', rv.subarray(0, phEnd + 16)), 126, /^Exec format error: segment \d+: file data .* lies outside the file/);
  // A program header pointing far beyond the end.
  const far = patched(rv, [[firstLoad(rv) + 8, 0x7ff00000, 32]]); // p_offset
  expectLoadError(writeExe(dir, 'far', far), 126, /lies outside the file|differ modulo/);
});

test('absurd phnum and sizes: 126', () => {
  expectLoadError(writeExe(dir, 'phnum', patched(rv, [[56, 65535, 16]])), 126, 'Exec format error: absurd number of program headers (65535)');
  const ph = firstLoad(rv);
  // p_memsz = 2^64 - 1
  const huge = patched(rv, [[ph + 40, 0xffffffff, 32], [ph + 44, 0xffffffff, 32]]);
  expectLoadError(writeExe(dir, 'memsz', huge), 126, /^Exec format error: segment \d+: absurd size/);
  expectLoadError(writeExe(dir, 'phent', patched(rv, [[54, 1, 16]])), 126, /bad program header size 1/);
});

test('not an executable type (ET_REL, ET_CORE): 126', () => {
  expectLoadError(writeExe(dir, 'rel', patched(rv, [[16, 1, 16]])), 126, /relocatable object file \(ET_REL\)/);
  expectLoadError(writeExe(dir, 'core', patched(rv, [[16, 4, 16]])), 126, /core dump \(ET_CORE\)/);
});

test('usage errors: exit 1, one line', () => {
  for (const [args, line] of [
    [['-bogus', 'x'], "nodemu: unknown option '-bogus' (try '-h')"],
    [['-s'], "nodemu: option '-s' needs an argument (size)"],
    [['-d', 'bogusitem', 'x'], "nodemu: -d bogusitem: unknown log item 'bogusitem' (try '-d help')"],
  ] as Array<[string[], string]>) {
    const r = nodemu(args);
    expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 1, stderr: line + '\n' });
  }
});

test('-version and -h go to stdout with status 0', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let r = nodemu(['-version']);
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe(`nodemu version ${pkg.version}`);
  r = nodemu(['-h']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^usage: nodemu /);
  r = nodemu(['-cpu', 'help'], NODEMU_RV);
  expect(r.stdout).toMatch(/^Available CPUs.*\nriscv64:\n  rv64 +RV64IMAFDC/);
  expect(r.stdout).not.toMatch(/aarch64/); // nodemu-riscv64 lists only its own architecture
});

test('an unbuilt checkout says so', () => {
  const fake = path.join(dir, 'checkout', 'bin');
  fs.mkdirSync(fake, { recursive: true });
  fs.copyFileSync(NODEMU, path.join(fake, 'nodemu'));
  fs.copyFileSync(path.join(path.dirname(NODEMU), 'entry.js'), path.join(fake, 'entry.js'));
  const r = nodemu(['x'], path.join(fake, 'nodemu'));
  expect(r).toEqual({ status: 1, stdout: '', stderr: 'nodemu: not built — run npm install\n' });
});
