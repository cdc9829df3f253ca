// End-to-end harness: runs guest test programs (test-binaries/build/<arch>/)
// under nodemu and under the reference emulator (qemu-<arch>) and compares
// what a shell would observe: stdout, stderr and the exit status (a death by
// signal N is status 128+N).
//
// When qemu-<arch> is not installed (or NODEMU_E2E_NO_QEMU=1), the reference
// comes from tests/e2e/expected/<arch>/<case>.json, recorded from qemu with
// scripts/record-expected.sh (which runs this file: `harness.ts record <arch>`).
//
// Both emulators get the same argv, stdin, working directory and a small fixed
// environment, run with core dumps disabled (`ulimit -c 0`), so that a signal
// death leaves no core file and qemu prints nothing extra.

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const NODEMU = path.join(ROOT, 'bin', 'nodemu');

export type Arch = 'riscv64' | 'aarch64' | 'arm';

/** Sysroot of the Debian cross toolchain: the -L prefix of dynamically linked test programs. */
export const CROSS_SYSROOT: Readonly<Record<Arch, string>> = {
  riscv64: '/usr/riscv64-linux-gnu',
  aarch64: '/usr/aarch64-linux-gnu',
  arm: '/usr/arm-linux-gnueabihf',
};

export interface Case {
  /** Unique id; also the name of the expectation file. */
  name: string;
  /** Program in test-binaries/build/<arch>/. */
  binary: string;
  /** Guest arguments after argv[0]. */
  args?: string[];
  /** -L prefix given to both emulators (dynamically linked programs). */
  ldPrefix?: string;
  /** Data fed to the guest's stdin (default: empty, then EOF). */
  stdin?: string;
  /** Extra environment variables (on top of BASE_ENV). */
  env?: Record<string, string>;
  /** Wall-clock limit per emulator run (default 30 s). */
  timeoutMs?: number;
  /** Case-specific normalisation, applied to both sides after the default one. */
  normalize?: (text: string, stream: 'stdout' | 'stderr') => string;
  /** What the test program itself promises (checked on the reference run). */
  expectStatus?: number;
  /**
   * Set while nodemu lacks the feature the case needs (names the issue). The
   * comparison then runs as `test.failing`: it must still differ from qemu, and
   * the suite goes red as soon as it matches, so the flag gets removed.
   */
  pending?: string;
}

export interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunResult extends Outcome {
  timedOut: boolean;
  /** Raw signal name if the process was killed by one (informational). */
  signal: string | null;
}

/** The environment every guest sees (nothing inherited from the test runner). */
export const BASE_ENV: Readonly<Record<string, string>> = {
  LANG: 'C',
  LC_ALL: 'C',
  TZ: 'UTC',
  NODEMU_TEST_VAR: 'hello from the harness',
  NODEMU_TEST_EMPTY: '',
  NODEMU_TEST_SPACES: '  two  spaces  ',
};

export const DEFAULT_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------- test table

/** A few hundred lines of text for the stdin test (deterministic). */
function catInput(): string {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(`line ${i}: ${'abcdefghij'.repeat(i % 7)} ${(i * 7919) % 1000}`);
  return lines.join('\n') + '\n';
}

export const RISCV64_CASES: readonly Case[] = [
  // hand-written assembly
  { name: 'alu', binary: 'alu', expectStatus: 0 },
  { name: 'branch', binary: 'branch', expectStatus: 0 },
  { name: 'loadstore', binary: 'loadstore', expectStatus: 0 },
  { name: 'muldiv', binary: 'muldiv', expectStatus: 3 },
  { name: 'atomic', binary: 'atomic', expectStatus: 0 },
  { name: 'fp_arith', binary: 'fp_arith', expectStatus: 0 },
  { name: 'fp_misc', binary: 'fp_misc', expectStatus: 0 },
  { name: 'csr', binary: 'csr', expectStatus: 0 },
  { name: 'fencei', binary: 'fencei', expectStatus: 0 },
  { name: 'compressed', binary: 'compressed', expectStatus: 0 },
  { name: 'ebreak', binary: 'ebreak', expectStatus: 128 + 5 },
  { name: 'sigill', binary: 'sigill', expectStatus: 128 + 4 },
  { name: 'badfrm', binary: 'badfrm', expectStatus: 128 + 4 },
  { name: 'amo_misaligned', binary: 'amo_misaligned', expectStatus: 128 + 7 },
  { name: 'syscall', binary: 'syscall', expectStatus: 77 },
  // C / C++ (static glibc)
  { name: 'hello', binary: 'hello', expectStatus: 0 },
  { name: 'stdio', binary: 'stdio', expectStatus: 0 },
  { name: 'malloc', binary: 'malloc', expectStatus: 0, timeoutMs: 60_000 },
  { name: 'strings', binary: 'strings', expectStatus: 0 },
  { name: 'sort', binary: 'sort', expectStatus: 0 },
  { name: 'math', binary: 'math', expectStatus: 0 },
  { name: 'fpfast', binary: 'fpfast', expectStatus: 0 },
  { name: 'files', binary: 'files', expectStatus: 0 },
  { name: 'dirs', binary: 'dirs', expectStatus: 0 },
  { name: 'env', binary: 'env', expectStatus: 0 },
  { name: 'args', binary: 'args', args: ['', 'two words', 'ünïcödé ∑', "'quoted' \"double\"", '-x', '--long=value', '*'], expectStatus: 0 },
  { name: 'args-none', binary: 'args', expectStatus: 0 },
  { name: 'exitcode-return0', binary: 'exitcode', expectStatus: 0 },
  { name: 'exitcode-exit7', binary: 'exitcode', args: ['7'], expectStatus: 7 },
  { name: 'exitcode-exit300', binary: 'exitcode', args: ['300'], expectStatus: 300 & 255 },
  { name: 'exitcode-exit255', binary: 'exitcode', args: ['255'], expectStatus: 255 },
  { name: 'exitcode-return5', binary: 'exitcode', args: ['ret', '5'], expectStatus: 5 },
  { name: 'exitcode-_exit9', binary: 'exitcode', args: ['_exit', '9'], expectStatus: 9 },
  { name: 'exitcode-atexit3', binary: 'exitcode', args: ['atexit', '3'], expectStatus: 3 },
  { name: 'time', binary: 'time', expectStatus: 0 },
  { name: 'errno', binary: 'errno', expectStatus: 2 },
  { name: 'cat', binary: 'cat', stdin: catInput(), expectStatus: 0 },
  { name: 'cat-empty', binary: 'cat', stdin: '', expectStatus: 0 },
  { name: 'cat-no-newline', binary: 'cat', stdin: 'no trailing newline \u00e9', expectStatus: 0 },
  { name: 'segv', binary: 'segv', expectStatus: 128 + 11 },
  { name: 'abort', binary: 'abort', expectStatus: 128 + 6 },
  { name: 'bigmem', binary: 'bigmem', expectStatus: 0, timeoutMs: 60_000 },
  { name: 'auxv', binary: 'auxv', expectStatus: 0 },
  { name: 'signals', binary: 'signals', expectStatus: 0 },
  { name: 'sigcontext', binary: 'sigcontext', expectStatus: 0 },
  { name: 'sigrt', binary: 'sigrt', expectStatus: 0 },
  { name: 'sigtimer', binary: 'sigtimer', expectStatus: 0 },
  { name: 'timerfd', binary: 'timerfd', expectStatus: 0 },
  { name: 'mmapfile', binary: 'mmapfile', expectStatus: 0, pending: 'MAP_SHARED write-back, page protections in translated code, SIGBUS past EOF' },
  { name: 'process', binary: 'process', expectStatus: 0 },
  { name: 'migrate', binary: 'migrate', expectStatus: 0 },
  { name: 'jobctl', binary: 'jobctl', expectStatus: 0, timeoutMs: 30000 },
  { name: 'threads', binary: 'threads', expectStatus: 0, timeoutMs: 20000 },
  { name: 'cxx', binary: 'cxx', expectStatus: 0 },
  { name: 'cxxthreads', binary: 'cxxthreads', expectStatus: 0, timeoutMs: 30000 },
  { name: 'bench-1', binary: 'bench', args: ['1'], expectStatus: 0, timeoutMs: 60_000 },
];

/** AT_HWCAP is per CPU model: qemu's `max` CPU offers far more than nodemu implements. */
const maskHwcap = (t: string): string => t.replace(/^AT_HWCAP=0x[0-9a-f]+$/m, 'AT_HWCAP=<cpu model>');

/** The C/C++ tests (test-binaries/common/c) as cases; `suffix` names the variant (e.g. -dyn), `extra` adds options. */
function commonCCases(suffix: string, extra: Partial<Case>): Case[] {
  const c = (name: string, o: Partial<Case> = {}): Case =>
    ({ ...extra, ...o, name: name + suffix, binary: (o.binary ?? name) + suffix });
  return [
    c('hello', { expectStatus: 0 }),
    c('stdio', { expectStatus: 0 }),
    c('malloc', { expectStatus: 0, timeoutMs: 60_000 }),
    c('strings', { expectStatus: 0 }),
    c('sort', { expectStatus: 0 }),
    c('math', { expectStatus: 0 }),
    c('fpfast', { expectStatus: 0 }),
    c('files', { expectStatus: 0 }),
    c('dirs', { expectStatus: 0 }),
    c('env', { expectStatus: 0 }),
    c('args', { args: ['', 'two words', 'ünïcödé ∑', "'quoted' \"double\"", '-x', '--long=value', '*'], expectStatus: 0 }),
    c('args-none', { binary: 'args', expectStatus: 0 }),
    c('exitcode-return0', { binary: 'exitcode', expectStatus: 0 }),
    c('exitcode-exit300', { binary: 'exitcode', args: ['300'], expectStatus: 300 & 255 }),
    c('exitcode-atexit3', { binary: 'exitcode', args: ['atexit', '3'], expectStatus: 3 }),
    c('time', { expectStatus: 0 }),
    c('errno', { expectStatus: 2 }),
    c('cat', { stdin: catInput(), expectStatus: 0 }),
    c('segv', { expectStatus: 128 + 11 }),
    c('abort', { expectStatus: 128 + 6 }),
    c('bigmem', { expectStatus: 0, timeoutMs: 60_000 }),
    c('auxv', { expectStatus: 0, normalize: maskHwcap }),
    c('signals', { expectStatus: 0 }),
    c('sigcontext', { expectStatus: 0 }),
    c('sigrt', { expectStatus: 0 }),
    c('sigtimer', { expectStatus: 0 }),
    c('timerfd', { expectStatus: 0 }),
    c('mmapfile', { expectStatus: 0, pending: 'MAP_SHARED write-back, page protections in translated code, SIGBUS past EOF' }),
    c('process', { expectStatus: 0 }),
    c('migrate', { expectStatus: 0 }),
    c('jobctl', { expectStatus: 0, timeoutMs: 30000 }),
    c('threads', { expectStatus: 0, timeoutMs: 20000 }),
    c('cxx', { expectStatus: 0 }),
    c('cxxthreads', { expectStatus: 0, timeoutMs: 30000 }),
    c('bench-1', { binary: 'bench', args: ['1'], expectStatus: 0, timeoutMs: 60_000 }),
  ];
}

export const AARCH64_CASES: readonly Case[] = [
  // hand-written assembly (test-binaries/aarch64/asm)
  { name: 'alu', binary: 'alu', expectStatus: 0 },
  { name: 'mem', binary: 'mem', expectStatus: 0 },
  { name: 'fp', binary: 'fp', expectStatus: 0 },
  { name: 'simd', binary: 'simd', expectStatus: 0 },
  // C / C++, static glibc
  ...commonCCases('', {}),
  // the same programs dynamically linked, run with -L on the cross toolchain's sysroot
  ...commonCCases('-dyn', { ldPrefix: CROSS_SYSROOT.aarch64 }),
];

/** test-binaries/arm/c: the 32-bit ARM kernel interface (kuser helpers, cacheflush, 64-bit offsets in register pairs) and NEON. */
function armCCases(suffix: string, extra: Partial<Case>): Case[] {
  const c = (name: string, o: Partial<Case> = {}): Case =>
    ({ ...extra, ...o, name: name + suffix, binary: (o.binary ?? name) + suffix });
  return [c('kuser', { expectStatus: 0 }), c('syscall64', { expectStatus: 0 }), c('neon', { expectStatus: 0 })];
}

export const ARM_CASES: readonly Case[] = [
  // hand-written assembly (test-binaries/arm/asm): A32, Thumb-2, loads/stores, VFP
  { name: 'alu', binary: 'alu', expectStatus: 0 },
  { name: 'thumb', binary: 'thumb', expectStatus: 0 },
  { name: 'mem', binary: 'mem', expectStatus: 0 },
  { name: 'vfp', binary: 'vfp', expectStatus: 0 },
  // C / C++ compiled as A32 (-marm) and as Thumb-2 (-mthumb, Debian's default), static glibc
  ...commonCCases('', {}),
  ...commonCCases('-thumb', {}),
  ...armCCases('', {}),
  ...armCCases('-thumb', {}),
  // the same dynamically linked, run with -L on the cross toolchain's sysroot
  ...commonCCases('-dyn', { ldPrefix: CROSS_SYSROOT.arm }),
  ...commonCCases('-thumb-dyn', { ldPrefix: CROSS_SYSROOT.arm }),
  ...armCCases('-dyn', { ldPrefix: CROSS_SYSROOT.arm }),
  ...armCCases('-thumb-dyn', { ldPrefix: CROSS_SYSROOT.arm }),
];

export function casesFor(arch: Arch): readonly Case[] {
  switch (arch) {
    case 'riscv64':
      return RISCV64_CASES;
    case 'aarch64':
      return AARCH64_CASES;
    case 'arm':
      return ARM_CASES;
  }
}

// ---------------------------------------------------------------- paths

export function buildDir(arch: Arch): string {
  return path.join(ROOT, 'test-binaries', 'build', arch);
}

export function binaryPath(arch: Arch, c: Case): string {
  return path.join(buildDir(arch), c.binary);
}

export function expectedDir(arch: Arch): string {
  return path.join(ROOT, 'tests', 'e2e', 'expected', arch);
}

export function expectedPath(arch: Arch, c: Case): string {
  return path.join(expectedDir(arch), `${c.name}.json`);
}

/** Test binaries that are missing from the build directory. */
export function missingBinaries(arch: Arch): string[] {
  const names = new Set(casesFor(arch).map((c) => c.binary));
  return [...names].filter((b) => !fs.existsSync(path.join(buildDir(arch), b)));
}

// ---------------------------------------------------------------- reference emulator

export function qemuCommand(arch: Arch): string {
  return `qemu-${arch}`;
}

const qemuCache = new Map<Arch, string | null>();

/** `qemu-<arch> --version` first line if the reference emulator can be used, else null. */
export function qemuVersion(arch: Arch): string | null {
  if (process.env.NODEMU_E2E_NO_QEMU === '1') return null;
  if (!qemuCache.has(arch)) {
    const r = spawnSync(qemuCommand(arch), ['--version'], { encoding: 'utf8', timeout: 10_000 });
    qemuCache.set(arch, r.status === 0 ? r.stdout.split('\n')[0].trim() : null);
  }
  return qemuCache.get(arch) ?? null;
}

// ---------------------------------------------------------------- running

/** The shell-visible exit status: the exit code, or 128 + signal number. */
export function shellStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal) {
    const n = (os.constants.signals as Record<string, number>)[signal];
    if (n !== undefined) return 128 + n;
  }
  return -1; // killed by a signal Node cannot name (e.g. a real-time signal)
}

/**
 * Runs `argv` (program first) with core dumps disabled, feeding `stdin`,
 * in `cwd`, with exactly `env`. Resolves with what a shell would see.
 */
export function runCommand(
  argv: string[],
  opts: {
    stdin?: string | Buffer; env: Record<string, string>; timeoutMs: number; cwd?: string;
    /** How stdout/stderr bytes become strings (default utf8; latin1 keeps binary output exact). */
    encoding?: BufferEncoding;
  },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // `exec` keeps the status intact: the shell becomes the program.
    const child = spawn('/bin/sh', ['-c', 'ulimit -c 0 2>/dev/null; exec "$@"', 'nodemu-e2e', ...argv], {
      cwd: opts.cwd ?? os.tmpdir(),
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout kills everything
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => {
      /* the guest may exit without reading its input (EPIPE) */
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        status: shellStatus(code, signal),
        signal,
        stdout: Buffer.concat(out).toString(opts.encoding ?? 'utf8'),
        stderr: Buffer.concat(err).toString(opts.encoding ?? 'utf8'),
        timedOut,
      });
    });
    if (opts.stdin) child.stdin.write(opts.stdin);
    child.stdin.end();
  });
}

export type Emulator = 'qemu' | 'nodemu';

export function emulatorArgv(emu: Emulator, arch: Arch, c: Case): string[] {
  const prog = binaryPath(arch, c);
  const args = c.args ?? [];
  const opts = c.ldPrefix ? ['-L', c.ldPrefix] : [];
  return emu === 'qemu' ? [qemuCommand(arch), ...opts, prog, ...args] : [process.execPath, NODEMU, ...opts, prog, ...args];
}

/** Runs one case under one emulator; the result is raw (not normalised). */
export function runCase(emu: Emulator, arch: Arch, c: Case): Promise<RunResult> {
  return runCommand(emulatorArgv(emu, arch, c), {
    stdin: c.stdin ?? '',
    env: { ...BASE_ENV, ...(c.env ?? {}) },
    timeoutMs: c.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

// ---------------------------------------------------------------- normalisation

/**
 * Normalisations that are legitimately needed, applied to both sides:
 *  - the emulator's own name in its "uncaught target signal" report
 *    (qemu: / qemu-riscv64: / nodemu: / nodemu-riscv64: -> <emulator>:),
 *    and qemu's "... - core dumped" variant of it, which depends only on
 *    whether qemu can write core files for the target;
 *  - names of temporary directories made by the tests (/tmp/nodemu-*-XXXXXX).
 */
export function normalizeText(text: string, stream: 'stdout' | 'stderr', c: Case): string {
  let t = text;
  if (stream === 'stderr') {
    t = t.replace(/^(?:qemu|nodemu)(?:-[a-z0-9_]+)?: uncaught target signal/gm, '<emulator>: uncaught target signal');
    // qemu's report after writing (or, with `ulimit -c 0`, skipping) a guest
    // core file: only targets with ELF core dump support (aarch64, arm; not
    // riscv64) print it, so it says nothing about the guest.
    t = t.replace(/^<emulator>: uncaught target signal \d+ \([^)\n]*\) - core dumped\n/gm, '');
  }
  t = t.replace(/\/tmp\/nodemu-([a-z]+)-[A-Za-z0-9]{6}/g, '/tmp/nodemu-$1-XXXXXX');
  if (c.normalize) t = c.normalize(t, stream);
  return t;
}

export function normalizeOutcome(r: Outcome, c: Case): Outcome {
  return {
    status: r.status,
    stdout: normalizeText(r.stdout, 'stdout', c),
    stderr: normalizeText(r.stderr, 'stderr', c),
  };
}

/** Readable summary for a failed run (timeouts are made explicit). */
export function describeRun(r: RunResult): Outcome & { timedOut?: true } {
  const o: Outcome & { timedOut?: true } = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  if (r.timedOut) o.timedOut = true;
  return o;
}

// ---------------------------------------------------------------- recorded expectations

export interface Expectation extends Outcome {
  case: string;
  binary: string;
  args: string[];
  recordedWith: string;
}

export function readExpectation(arch: Arch, c: Case): Expectation | null {
  const p = expectedPath(arch, c);
  if (!fs.existsSync(p)) return null;
  return JSON.parse(fs.readFileSync(p, 'utf8')) as Expectation;
}

export function writeExpectation(arch: Arch, c: Case, o: Outcome, recordedWith: string): void {
  fs.mkdirSync(expectedDir(arch), { recursive: true });
  const e: Expectation = {
    case: c.name,
    binary: c.binary,
    args: c.args ?? [],
    recordedWith,
    status: o.status,
    stdout: o.stdout,
    stderr: o.stderr,
  };
  fs.writeFileSync(expectedPath(arch, c), JSON.stringify(e, null, 2) + '\n');
}

/** The normalised reference outcome: live qemu when available, else the recording. */
export async function referenceOutcome(arch: Arch, c: Case): Promise<Outcome & { source: string }> {
  if (qemuVersion(arch)) {
    const r = await runCase('qemu', arch, c);
    if (r.timedOut) throw new Error(`${qemuCommand(arch)} timed out on ${c.name}`);
    return { ...normalizeOutcome(r, c), source: 'qemu' };
  }
  const e = readExpectation(arch, c);
  if (!e) {
    throw new Error(
      `no ${qemuCommand(arch)} and no recorded expectation ${path.relative(ROOT, expectedPath(arch, c))}; ` +
        `install qemu-user or run scripts/record-expected.sh`,
    );
  }
  return { status: e.status, stdout: e.stdout, stderr: e.stderr, source: 'recorded' };
}

/** Records every case of `arch` from qemu (used by scripts/record-expected.sh). */
export async function recordAll(arch: Arch, only?: string[]): Promise<number> {
  const version = qemuVersion(arch);
  if (!version) throw new Error(`${qemuCommand(arch)} is required to record expectations`);
  const missing = missingBinaries(arch);
  if (missing.length) throw new Error(`missing test binaries (run scripts/build-test-binaries.sh): ${missing.join(', ')}`);
  let failures = 0;
  for (const c of casesFor(arch)) {
    if (only && only.length && !only.includes(c.name)) continue;
    const r = await runCase('qemu', arch, c);
    if (r.timedOut) {
      console.error(`  ${c.name}: TIMED OUT, not recorded`);
      failures++;
      continue;
    }
    const o = normalizeOutcome(r, c);
    if (c.expectStatus !== undefined && o.status !== c.expectStatus) {
      console.error(`  ${c.name}: status ${o.status}, expected ${c.expectStatus} — recorded anyway`);
      failures++;
    }
    writeExpectation(arch, c, o, version);
    console.log(`  ${c.name}: status ${o.status}, ${o.stdout.length} bytes stdout, ${o.stderr.length} bytes stderr`);
  }
  return failures;
}

if (require.main === module) {
  const [cmd, arch, ...only] = process.argv.slice(2);
  if (cmd !== 'record' || (arch !== 'riscv64' && arch !== 'aarch64' && arch !== 'arm')) {
    console.error('usage: harness.ts record riscv64|aarch64|arm [case...]');
    process.exit(2);
  }
  recordAll(arch, only).then(
    (failures) => process.exit(failures ? 1 : 0),
    (e: Error) => {
      console.error(`record: ${e.message}`);
      process.exit(1);
    },
  );
}
