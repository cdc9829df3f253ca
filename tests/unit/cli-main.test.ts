// main(): option handling end to end, with runProgram replaced by a spy.

import * as fs from 'fs';
import * as path from 'path';
import { execute, main, CliDeps } from '../../src/cli/main';
import { LoadError } from '../../src/loader';
import { log } from '../../src/log';
import type { RunOptions, RunResult } from '../../src/linux-user/run';
import { buildElf, validSpec, tmpDir, writeExe, EM_AARCH64, EM_X86_64 } from './loader-fixtures';

let dir: string;
let cleanup: () => void;
let rv: string;
beforeAll(() => {
  ({ dir, cleanup } = tmpDir());
  rv = writeExe(dir, 'rv', buildElf(validSpec()));
});
afterAll(() => cleanup());
afterEach(() => log.reset());

interface Captured { code: number; out: string; err: string; opts?: RunOptions & { cpu?: string } }

function run(argv: string[], opts: { invokedAs?: string; env?: Record<string, string>; result?: RunResult | (() => RunResult) } = {}): Captured {
  const c: Captured = { code: -1, out: '', err: '' };
  const deps: CliDeps = {
    env: opts.env ?? { PATH: '/usr/bin', HOME: '/home/u' },
    stdout: (t) => { c.out += t; },
    stderr: (t) => { c.err += t; },
    runProgram: (o) => {
      c.opts = o;
      const r = opts.result ?? { code: 0 };
      return typeof r === 'function' ? r() : r;
    },
  };
  c.code = main(argv, opts.invokedAs ?? 'nodemu', deps);
  return c;
}

test('runs the program with argv, env and options', () => {
  const c = run(['-L', '/sysroot', '-s', '1M', '-strace', '-E', 'A=1', '-U', 'HOME', rv, '-x', '--y'], { result: { code: 7 } });
  expect(c.code).toBe(7);
  expect(c.err).toBe('');
  expect(c.opts).toEqual({
    path: rv, argv: [rv, '-x', '--y'], env: ['PATH=/usr/bin', 'A=1'], arch: 'riscv64', ldPrefix: '/sysroot',
    stackSize: 1 << 20, strace: true, cpu: 'rv64',
  });
});

test('-0 sets argv[0]', () => {
  expect(run(['-0', 'sh', rv, 'a']).opts?.argv).toEqual(['sh', 'a']);
});

test('a guest killed by a signal: 128+N from main(), {signal} from execute()', () => {
  expect(run([rv], { result: { signal: 11 } }).code).toBe(139);
  const r = execute([rv], 'nodemu', { runProgram: () => ({ signal: 6 }), stderr: () => undefined });
  expect(r).toEqual({ signal: 6 });
});

test('-h, -version, -d help, -cpu help', () => {
  let c = run(['-h']);
  expect(c.code).toBe(0);
  expect(c.out).toMatch(/^usage: nodemu \[options\] program/);
  c = run(['-version']);
  expect(c.code).toBe(0);
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
  expect(c.out.split('\n')[0]).toBe(`nodemu version ${pkg.version}`);
  c = run(['-d', 'help']);
  expect(c.code).toBe(0);
  expect(c.out).toMatch(/^Log items/);
  expect(c.out).toMatch(/\nin_asm +show target assembly/);
  expect(c.out).toMatch(/\nstrace /);
  c = run(['-cpu', 'help'], { invokedAs: 'nodemu-riscv64' });
  expect(c.out).toBe('Available CPUs (the first of each architecture is the default):\nriscv64:\n  rv64         RV64IMAFDC (RV64GC)\n  max          same as rv64: everything nodemu implements\n');
  expect(run(['-cpu', 'help']).out).toMatch(/aarch64/);
  expect(c.opts).toBeUndefined();
});

test('-d and -D configure the log', () => {
  const logFile = path.join(dir, 'log.txt');
  const c = run(['-d', 'in_asm,op', '-D', logFile, rv]);
  expect(c.code).toBe(0);
  expect(log.on('in_asm')).toBe(true);
  expect(log.on('op')).toBe(true);
  expect(fs.existsSync(logFile)).toBe(true);
});

test('usage errors exit 1 with one line', () => {
  for (const [argv, msg] of [
    [['-bogus', rv], "nodemu: unknown option '-bogus' (try '-h')\n"],
    [['-L'], "nodemu: option '-L' needs an argument (path)\n"],
    [['-d', 'nonsense', rv], "nodemu: -d nonsense: unknown log item 'nonsense' (try '-d help')\n"],
    [['-D', path.join(dir, 'no/such/dir/log'), rv], `nodemu: -D ${path.join(dir, 'no/such/dir/log')}: No such file or directory\n`],
    [['-g', 'port', rv], 'nodemu: -g port: expected a port number (or HOST:PORT)\n'],
    [['-cpu', 'pentium', rv], "nodemu: unknown CPU model 'pentium' for riscv64 (try '-cpu help')\n"],
  ] as Array<[string[], string]>) {
    const c = run(argv);
    expect({ argv, code: c.code, err: c.err }).toEqual({ argv, code: 1, err: msg });
    expect(c.opts).toBeUndefined();
  }
});

test('no program: exit 1', () => {
  const c = run([]);
  expect(c.code).toBe(1);
  expect(c.err).toMatch(/^nodemu: no program given\n/);
});

test('load errors: PATH: reason and the shell code', () => {
  let c = run([path.join(dir, 'missing')]);
  expect(c).toMatchObject({ code: 127, err: `nodemu: ${path.join(dir, 'missing')}: No such file or directory\n` });
  c = run([dir]);
  expect(c).toMatchObject({ code: 126, err: `nodemu: ${dir}: Is a directory\n` });
  const x86 = writeExe(dir, 'x86', buildElf(validSpec({ machine: EM_X86_64 })));
  c = run([x86]);
  expect(c.code).toBe(126);
  expect(c.err).toMatch(new RegExp(`^nodemu: ${x86}: Exec format error: x86-64 .*\\n$`));
});

test('nodemu-riscv64 insists on riscv64', () => {
  const a64 = writeExe(dir, 'a64', buildElf(validSpec({ machine: EM_AARCH64 })));
  let c = run([a64], { invokedAs: '/opt/bin/nodemu-riscv64' });
  expect(c).toMatchObject({ code: 126, err: `nodemu-riscv64: ${a64}: Invalid ELF image for this architecture\n` });
  c = run([a64]);
  expect(c.code).toBe(0);
  expect(c.opts?.arch).toBe('aarch64');
  c = run([rv], { invokedAs: 'nodemu-riscv64' });
  expect(c.code).toBe(0);
});

test('a LoadError from runProgram (interpreter, execve...) is reported like one from identify', () => {
  const c = run([rv], { result: () => { throw new LoadError(rv, 'interpreter /lib/ld.so: No such file or directory', 127); } });
  expect(c).toMatchObject({ code: 127, err: `nodemu: ${rv}: interpreter /lib/ld.so: No such file or directory\n` });
});

test('internal errors: one line, stack only with DEBUG=nodemu:*', () => {
  const boom = (): RunResult => { throw new TypeError('cannot read x\nsecond line'); };
  let c = run([rv], { result: boom });
  expect(c).toMatchObject({ code: 1, err: 'nodemu: internal error: cannot read x\n' });
  c = run([rv], { result: boom, env: { DEBUG: 'nodemu:*' } });
  expect(c.code).toBe(1);
  expect(c.err.split('\n')[0]).toBe('nodemu: internal error: cannot read x');
  expect(c.err).toMatch(/\n\s+at /);
});
