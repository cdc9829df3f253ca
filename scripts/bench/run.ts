// `npm run bench` — nodemu's benchmark harness: times the benchmark suite
// (bench/src/*.c, built statically for every guest architecture with a cross
// compiler, and natively for the host), the real workloads (busybox from
// .cache/real/, when present), start-up and translation throughput under
// nodemu, qemu-<arch> and natively. Every run's output is checked against the
// reference (qemu's, else the native one): a wrong result is a FAIL, not a time.
// See docs/BENCHMARKS.md.
//
//   npm run bench                      # everything, 3 repetitions, medians
//   npm run bench -- --quick           # small sizes, 1 repetition: a smoke check
//   npm run bench -- --arch riscv64 --filter hash,fp --reps 5

import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { bigcodeSource, ensureInputFile } from './gen';
import { renderChart, type ChartGroup } from './svg';

const ROOT = path.resolve(__dirname, '..', '..');
const BENCH = path.join(ROOT, 'bench');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const REAL_DIR = path.join(ROOT, '.cache', 'real');
const INPUT_DIR = path.join(ROOT, '.cache', 'bench');

// ---------------------------------------------------------------- configuration

interface ArchInfo {
  name: string;
  cc: string;
  pkg: string;
  qemu: string;
  /** ELF e_machine, to recognise real-workload binaries. */
  machine: number;
}

const GUEST_ARCHES: ArchInfo[] = [
  { name: 'riscv64', cc: 'riscv64-linux-gnu-gcc', pkg: 'gcc-riscv64-linux-gnu', qemu: 'qemu-riscv64', machine: 243 },
  { name: 'aarch64', cc: 'aarch64-linux-gnu-gcc', pkg: 'gcc-aarch64-linux-gnu', qemu: 'qemu-aarch64', machine: 183 },
  { name: 'arm', cc: 'arm-linux-gnueabihf-gcc', pkg: 'gcc-arm-linux-gnueabihf', qemu: 'qemu-arm', machine: 40 },
];
const HOST_MACHINE: Record<string, number> = { x64: 62, arm64: 183, riscv64: 243, arm: 40 };
const NATIVE = 'native';

/** Same flags for every target. -ffp-contract=off keeps fp.c bit-identical across architectures. */
const CFLAGS = ['-O2', '-static', '-ffp-contract=off', '-Wall'];
const LIBS = ['-lm'];

interface SuiteBench {
  name: string;
  src: string;
  what: string;
  /** Argument (iterations/size) for a normal run: about 1–3 s under qemu. */
  size: string;
  quickSize: string;
}

const SUITE: SuiteBench[] = [
  { name: 'intmix', src: 'intmix.c', what: 'lists, merge sort, matrix, CRC, state machine', size: '700', quickSize: '5' },
  { name: 'hash', src: 'hash.c', what: 'hash tables, FNV-1a, multiply/rotate block hash', size: '200', quickSize: '2' },
  { name: 'fp', src: 'fp.c', what: 'n-body, matrix, FFT (doubles)', size: '300', quickSize: '3' },
  { name: 'strings', src: 'strings.c', what: 'strtok, strstr, memcmp, qsort, snprintf, strtoll', size: '120', quickSize: '1' },
];

const BIGCODE_FUNCS = 1500;
const BIGCODE_FUNCS_QUICK = 300;
const INPUT_MIB = 32;
const INPUT_MIB_QUICK = 1;

// ---------------------------------------------------------------- options

interface Options {
  reps: number;
  startupReps: number;
  arches: string[] | null;
  filter: string[] | null;
  quick: boolean;
  out: string;
  timeoutMs: number;
  /** Repetitions of one program stop early once its runs have taken this long (at least one run). */
  budgetMs: number;
  native: boolean;
  /** Only re-draw the chart of a saved results file. */
  rechart: string | null;
}

function usage(): never {
  console.log(`usage: npm run bench -- [options]
  --reps N        repetitions per measurement (default 3; 1 with --quick); medians are reported
  --arch LIST     guest architectures, comma-separated (default: riscv64,aarch64,arm)
  --filter LIST   only benchmarks whose name contains one of these (comma-separated):
                  ${[...SUITE.map((s) => s.name), 'bb-sha256sum', 'bb-gzip', 'startup', 'translate'].join(', ')}
  --quick         small sizes and 1 repetition (a smoke check, under a minute)
  --out PREFIX    output files PREFIX.json and PREFIX-chart.svg
                  (default bench/results.json + bench/chart.svg; with --quick bench/results-quick.json + bench/chart-quick.svg)
  --timeout S     per-run time limit in seconds (default 900; 120 with --quick)
  --budget S      stop repeating a program once its runs took S seconds in total (default 150)
  --no-native     skip the native runs
  --rechart [JSON]  only re-draw the chart of a saved results file (default bench/results.json)`);
  process.exit(0);
}

function parseOptions(argv: string[]): Options {
  const o: Options = { reps: 0, startupReps: 0, arches: null, filter: null, quick: false, out: '', timeoutMs: 0, budgetMs: 150_000, native: true, rechart: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const key = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (key) {
      case '--reps': o.reps = Math.max(1, parseInt(val(), 10) || 1); break;
      case '--arch': o.arches = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--filter': o.filter = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--quick': o.quick = true; break;
      case '--out': o.out = val(); break;
      case '--timeout': o.timeoutMs = Math.max(1, Number(val())) * 1000; break;
      case '--budget': o.budgetMs = Math.max(0, Number(val())) * 1000; break;
      case '--no-native': o.native = false; break;
      case '--rechart': o.rechart = argv[i + 1] && !argv[i + 1].startsWith('-') ? argv[++i] : path.join(BENCH, 'results.json'); break;
      case '-h': case '--help': usage();
      default: throw new Error(`unknown option ${a} (see --help)`);
    }
  }
  if (!o.reps) o.reps = o.quick ? 1 : 3;
  o.startupReps = o.quick ? 3 : Math.max(10, o.reps);
  if (!o.timeoutMs) o.timeoutMs = (o.quick ? 120 : 900) * 1000;
  if (o.arches) {
    const known = GUEST_ARCHES.map((a) => a.name);
    for (const a of o.arches) if (!known.includes(a)) throw new Error(`unknown architecture ${a} (known: ${known.join(', ')})`);
  }
  return o;
}

// ---------------------------------------------------------------- small helpers

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1" >/dev/null 2>&1', 'sh', cmd]).status === 0;
}

function firstLine(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0 || !r.stdout) return null;
  return r.stdout.split('\n')[0].trim();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function geomean(xs: number[]): number | null {
  return xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : null;
}

function fmtTime(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  return s < 0.1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(3)} s`;
}

function fmtRatio(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—';
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(3) : r.toPrecision(3);
}

function rel(p: string): string {
  return path.relative(ROOT, p) || '.';
}

function log(msg: string): void {
  process.stderr.write(msg + '\n');
}

function sha256(buf: Buffer | string): string {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

// ---------------------------------------------------------------- running one command

interface RunResult {
  status: number;
  timedOut: boolean;
  /** Wall time of the program alone (measured by the wrapping shell), seconds. */
  wall: number;
  /** user + sys CPU time of the program and its children, seconds. */
  cpu: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs argv with core dumps off, stdin from `stdinFile` (or /dev/null). A
 * wrapping bash takes $EPOCHREALTIME around the program (so bash's own start is
 * not counted) and reports `times` on fd 3.
 */
function runTimed(argv: string[], opts: { stdinFile?: string; timeoutMs: number; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  const script = 'ulimit -c 0 2>/dev/null; t0=$EPOCHREALTIME; "$@"; rc=$?; t1=$EPOCHREALTIME; { echo "$t0 $t1"; times; } >&3; exit $rc';
  return new Promise((resolve, reject) => {
    const stdinFd = fs.openSync(opts.stdinFile ?? '/dev/null', 'r');
    const t0 = process.hrtime.bigint();
    const child = spawn('bash', ['-c', script, 'bench', ...argv], {
      cwd: os.tmpdir(),
      env: opts.env,
      stdio: [stdinFd, 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    fs.closeSync(stdinFd);
    const out: Buffer[] = [];
    let err = '';
    let info = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    }, opts.timeoutMs);
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => { if (err.length < 8192) err += d.toString('utf8'); });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => { info += d.toString('utf8'); });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      const lines = info.trim().split('\n');
      let wall = elapsed;
      let cpu: number | null = null;
      const m = /^(\d+[.,]\d+) (\d+[.,]\d+)$/.exec(lines[0] ?? '');
      if (m) wall = parseFloat(m[2].replace(',', '.')) - parseFloat(m[1].replace(',', '.'));
      const tm = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(lines[2] ?? '');
      if (tm) cpu = +tm[1] * 60 + +tm[2] + +tm[3] * 60 + +tm[4];
      const status = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1);
      resolve({ status, timedOut, wall, cpu, stdout: Buffer.concat(out), stderr: err });
    });
  });
}

const GUEST_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', TZ: 'UTC', HOME: os.tmpdir() };

// ---------------------------------------------------------------- building

interface Target {
  /** riscv64 / aarch64 / arm, or 'native'. */
  name: string;
  cc: string;
  /** Why this target cannot be built, or null. */
  missing: string | null;
  dir: string;
}

function targets(opts: Options): Target[] {
  const list: Target[] = [];
  const guests = GUEST_ARCHES.filter((a) => !opts.arches || opts.arches.includes(a.name));
  for (const a of guests) {
    list.push({
      name: a.name,
      cc: a.cc,
      missing: have(a.cc) ? null : `no ${a.cc} (apt-get install ${a.pkg})`,
      dir: path.join(BENCH, 'build', a.name),
    });
  }
  if (opts.native) list.push({ name: NATIVE, cc: 'gcc', missing: have('gcc') ? null : 'no host gcc', dir: path.join(BENCH, 'build', NATIVE) });
  return list;
}

interface BuildJob { target: Target; src: string; out: string }

/** Compiles what is out of date, `os.cpus()` jobs at a time. Returns out path -> error text for failures. */
async function build(jobs: BuildJob[]): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  // A stamp per target directory records the compiler and flags: changing them rebuilds everything.
  const stampOk = new Map<string, boolean>();
  for (const j of jobs) {
    const stamp = path.join(j.target.dir, '.flags');
    const want = `${j.target.cc} ${CFLAGS.join(' ')} ${LIBS.join(' ')}\n`;
    if (!stampOk.has(stamp)) {
      stampOk.set(stamp, fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want);
      fs.mkdirSync(j.target.dir, { recursive: true });
      fs.writeFileSync(stamp, want);
    }
  }
  const todo = jobs.filter((j) => {
    if (!fs.existsSync(j.out) || !stampOk.get(path.join(j.target.dir, '.flags'))) return true;
    return fs.statSync(j.src).mtimeMs > fs.statSync(j.out).mtimeMs;
  });
  if (todo.length) log(`building ${todo.length} benchmark program(s)…`);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const j = todo[next++];
      fs.mkdirSync(path.dirname(j.out), { recursive: true });
      const args = [...CFLAGS, '-o', j.out + '.tmp', j.src, ...LIBS];
      const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(j.target.cc, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        c.on('error', (e) => resolve({ code: -1, err: String(e) }));
        c.on('close', (code) => resolve({ code, err }));
      });
      if (r.code === 0) {
        fs.renameSync(j.out + '.tmp', j.out);
        log(`  CC  ${j.target.name}/${path.basename(j.out)}`);
      } else {
        failures.set(j.out, r.err.trim().split('\n').slice(0, 3).join(' / ') || `exit ${r.code}`);
        log(`  CC  ${j.target.name}/${path.basename(j.out)} FAILED: ${failures.get(j.out)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(os.cpus().length, 4)) }, worker));
  return failures;
}

// ---------------------------------------------------------------- measurements

type Emu = 'nodemu' | 'qemu' | 'native';

interface Measure {
  /** Median wall time of the successful runs, seconds (null when not run or failed). */
  time: number | null;
  cpu: number | null;
  walls: number[];
  ok: boolean;
  /** Why there is no time: "FAIL: …", "TIMEOUT", "n/a: …". */
  note: string | null;
  outputSha?: string;
}

interface Row {
  bench: string;
  kind: 'suite' | 'real' | 'startup';
  arch: string;
  args: string[];
  nodemu: Measure;
  qemu: Measure;
  native: Measure;
  vsQemu: number | null;
  vsNative: number | null;
  notes: string[];
}

function notRun(note: string): Measure {
  return { time: null, cpu: null, walls: [], ok: false, note };
}

/** How a run is judged: returns null when the output is right, else a short reason. */
type Checker = (r: RunResult) => string | null;

function describeFailure(r: RunResult, timeoutMs: number): string {
  if (r.timedOut) return `TIMEOUT (>${timeoutMs / 1000} s)`;
  const line = r.stderr.trim().split('\n').find((l) => l.trim()) ?? '';
  return `FAIL: exit status ${r.status}${line ? `: ${line.slice(0, 160)}` : ''}`;
}

interface Subject {
  emu: Emu;
  argv: string[];
  stdinFile?: string;
}

/**
 * Runs each subject `reps` times, interleaved (native, qemu, nodemu, native, …)
 * so slow drifts of machine load hit all of them alike. A subject whose run
 * fails is not run again.
 */
async function measureAll(subjects: Subject[], reps: number, check: (emu: Emu, r: RunResult) => string | null, opts: Options): Promise<Map<Emu, Measure>> {
  const res = new Map<Emu, Measure>();
  for (const s of subjects) res.set(s.emu, { time: null, cpu: null, walls: [], ok: true, note: null });
  const cpus = new Map<Emu, number[]>();
  for (let rep = 0; rep < reps; rep++) {
    for (const s of subjects) {
      const m = res.get(s.emu)!;
      if (!m.ok) continue;
      if (m.walls.length && m.walls.reduce((a, b) => a + b, 0) * 1000 >= opts.budgetMs) continue;
      let r: RunResult;
      try {
        r = await runTimed(s.argv, { stdinFile: s.stdinFile, timeoutMs: opts.timeoutMs, env: GUEST_ENV });
      } catch (e) {
        m.ok = false;
        m.note = `FAIL: cannot start ${s.argv[0]}: ${(e as Error).message}`;
        continue;
      }
      let bad = r.status !== 0 || r.timedOut ? describeFailure(r, opts.timeoutMs) : null;
      if (!bad) bad = check(s.emu, r);
      if (bad) {
        m.ok = false;
        m.note = bad;
        m.outputSha = sha256(r.stdout);
        continue;
      }
      m.walls.push(r.wall);
      if (r.cpu !== null) (cpus.get(s.emu) ?? cpus.set(s.emu, []).get(s.emu)!).push(r.cpu);
      m.outputSha = sha256(r.stdout);
    }
  }
  for (const [emu, m] of res) {
    if (m.ok && m.walls.length) {
      m.time = median(m.walls);
      const c = cpus.get(emu);
      m.cpu = c && c.length ? median(c) : null;
    }
  }
  return res;
}

function nodemuArgv(prog: string, args: string[], extra: string[] = []): string[] {
  return [process.execPath, NODEMU, ...extra, prog, ...args];
}

interface Env {
  opts: Options;
  qemu: Map<string, string | null>;
}

/**
 * Times one program on one architecture under nodemu, qemu and natively.
 * `expect`, when given, is the absolute check of an output; otherwise the
 * reference output is the first successful qemu run (else native), and every
 * other run must print exactly the same.
 */
async function benchRow(
  env: Env,
  spec: { bench: string; kind: Row['kind']; arch: string; guestProg: string | null; nativeProg: string | null; args: string[]; stdinFile?: string; reps: number; expect?: Checker; skipNote?: string; nodemuEnv?: string[] },
): Promise<Row> {
  const { opts } = env;
  const qemuCmd = GUEST_ARCHES.find((a) => a.name === spec.arch)!.qemu;
  const subjects: Subject[] = [];
  if (spec.nativeProg) subjects.push({ emu: 'native', argv: [spec.nativeProg, ...spec.args], stdinFile: spec.stdinFile });
  if (spec.guestProg && env.qemu.get(spec.arch)) subjects.push({ emu: 'qemu', argv: [qemuCmd, spec.guestProg, ...spec.args], stdinFile: spec.stdinFile });
  if (spec.guestProg) {
    const argv = nodemuArgv(spec.guestProg, spec.args);
    subjects.push({ emu: 'nodemu', argv: spec.nodemuEnv ? ['env', ...spec.nodemuEnv, ...argv] : argv, stdinFile: spec.stdinFile });
  }

  const notes: string[] = [];
  // Reference output: decided on the first successful run of qemu, else native.
  const outputs = new Map<Emu, Buffer>();
  const check = (emu: Emu, r: RunResult): string | null => {
    if (spec.expect) {
      const bad = spec.expect(r);
      if (bad) return `FAIL: ${bad}`;
    }
    if (!outputs.has(emu)) outputs.set(emu, r.stdout);
    else if (!outputs.get(emu)!.equals(r.stdout)) return 'FAIL: output differs between repetitions';
    if (emu === 'nodemu') {
      const ref = outputs.get('qemu') ?? (spec.expect ? undefined : outputs.get('native'));
      if (ref && !ref.equals(r.stdout)) return `FAIL: wrong output (${oneLine(r.stdout)} instead of ${oneLine(ref)})`;
    }
    return null;
  };
  const res = subjects.length ? await measureAll(subjects, spec.reps, check, opts) : new Map<Emu, Measure>();
  const get = (emu: Emu, why: string): Measure => res.get(emu) ?? notRun(why);
  const noGuest = spec.skipNote ?? 'n/a';
  const row: Row = {
    bench: spec.bench,
    kind: spec.kind,
    arch: spec.arch,
    args: spec.args,
    nodemu: get('nodemu', noGuest),
    qemu: get('qemu', spec.guestProg ? `n/a: ${qemuCmd} not installed` : noGuest),
    native: get('native', 'n/a'),
    vsQemu: null,
    vsNative: null,
    notes,
  };
  const q = outputs.get('qemu');
  const n = outputs.get('native');
  if (q && n && !q.equals(n) && !spec.expect) notes.push(`qemu and native outputs differ (${oneLine(q)} / ${oneLine(n)})`);
  if (row.nodemu.time && row.qemu.time) row.vsQemu = row.qemu.time / row.nodemu.time;
  if (row.nodemu.time && row.native.time) row.vsNative = row.native.time / row.nodemu.time;
  return row;
}

function oneLine(b: Buffer): string {
  const t = b.toString('utf8').trim();
  const last = t.split('\n').pop() ?? '';
  return JSON.stringify(last.length > 60 ? last.slice(0, 60) + '…' : last);
}

// ---------------------------------------------------------------- real workloads

interface RealBinary { arch: string; path: string }

function elfMachine(file: string): number | null {
  try {
    const fd = fs.openSync(file, 'r');
    const b = Buffer.alloc(20);
    fs.readSync(fd, b, 0, 20, 0);
    fs.closeSync(fd);
    if (b.readUInt32BE(0) !== 0x7f454c46) return null;
    return b[5] === 2 ? b.readUInt16BE(18) : b.readUInt16LE(18);
  } catch {
    return null;
  }
}

/** busybox binaries under .cache/real/ (any layout), by architecture; 'native' for the host's. */
function findBusyboxes(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let ents: fs.Dirent[];
    try { ents = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of ents.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 8) walk(p, depth + 1);
      else if ((e.isFile() || e.isSymbolicLink()) && /^busybox/.test(e.name)) {
        const m = elfMachine(p);
        if (m === null) continue;
        const arch = GUEST_ARCHES.find((a) => a.machine === m)?.name;
        if (arch && !found.has(arch)) found.set(arch, p);
        if (m === HOST_MACHINE[os.arch()] && !found.has(NATIVE)) found.set(NATIVE, p);
      }
    }
  };
  walk(REAL_DIR, 0);
  if (!found.has(NATIVE)) {
    const host = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout?.trim();
    if (host) found.set(NATIVE, host);
  }
  return found;
}

// ---------------------------------------------------------------- translation throughput

interface TranslateRow {
  arch: string;
  emulator: 'nodemu' | 'qemu';
  /** Guest instructions shown by -d in_asm for bigcode and hello. */
  insnsBig: number | null;
  insnsHello: number | null;
  /** Median wall times without logging, seconds. */
  timeBig: number | null;
  timeHello: number | null;
  /** (insnsBig - insnsHello) / (timeBig - timeHello), instructions per second. */
  rate: number | null;
  note: string | null;
}

async function countInAsm(argv: string[], logFile: string, opts: Options): Promise<number | string> {
  try { fs.unlinkSync(logFile); } catch { /* none */ }
  const r = await runTimed(argv, { timeoutMs: opts.timeoutMs, env: GUEST_ENV });
  if (r.status !== 0) return describeFailure(r, opts.timeoutMs);
  if (!fs.existsSync(logFile)) return 'FAIL: no -d in_asm log written';
  const text = fs.readFileSync(logFile, 'utf8');
  fs.unlinkSync(logFile);
  return (text.match(/^0x[0-9a-fA-F]+:/gm) ?? []).length;
}

async function translateRow(env: Env, arch: string, emu: 'nodemu' | 'qemu', big: string, hello: string, reps: number): Promise<TranslateRow> {
  const { opts } = env;
  const row: TranslateRow = { arch, emulator: emu, insnsBig: null, insnsHello: null, timeBig: null, timeHello: null, rate: null, note: null };
  const qemuCmd = GUEST_ARCHES.find((a) => a.name === arch)!.qemu;
  // Translation is what is measured here: nodemu runs without its translation cache on disk.
  const argvFor = (prog: string, extra: string[] = []) => (emu === 'nodemu' ? ['env', 'NODEMU_TB_CACHE=0', ...nodemuArgv(prog, [], extra)] : [qemuCmd, ...extra, prog]);
  const logFile = path.join(os.tmpdir(), `nodemu-bench-inasm-${process.pid}.log`);
  const nb = await countInAsm(argvFor(big, ['-d', 'in_asm', '-D', logFile]), logFile, opts);
  const nh = await countInAsm(argvFor(hello, ['-d', 'in_asm', '-D', logFile]), logFile, opts);
  if (typeof nb === 'string' || typeof nh === 'string') {
    row.note = typeof nb === 'string' ? nb : String(nh);
    return row;
  }
  row.insnsBig = nb;
  row.insnsHello = nh;
  const m = await measureAll(
    [{ emu: 'qemu', argv: argvFor(hello) }, { emu: 'nodemu', argv: argvFor(big) }],
    reps,
    () => null,
    opts,
  );
  // (the Map keys are only slots here: 'qemu' = hello, 'nodemu' = bigcode)
  const h = m.get('qemu')!;
  const b = m.get('nodemu')!;
  if (!h.time || !b.time) {
    row.note = h.note ?? b.note ?? 'FAIL';
    return row;
  }
  row.timeHello = h.time;
  row.timeBig = b.time;
  if (b.time > h.time && nb > nh) row.rate = (nb - nh) / (b.time - h.time);
  else row.note = 'too fast to measure';
  return row;
}

// ---------------------------------------------------------------- report

function table(head: string[], rows: string[][], alignRight: boolean[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (alignRight[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ') + ' |';
  const sep = '|' + w.map((n, i) => (alignRight[i] ? '-'.repeat(n + 1) + ':' : '-'.repeat(n + 2))).join('|') + '|';
  return [line(head), sep, ...rows.map(line)].join('\n');
}

/** A time, with " *" when the time budget cut the repetitions short (see --budget). */
function cell(m: Measure, reps = 0): string {
  if (m.time !== null) return fmtTime(m.time) + (m.walls.length < reps ? ` *${m.walls.length}` : '');
  if (!m.note) return '—';
  if (m.note.startsWith('FAIL')) return 'FAIL';
  if (m.note.startsWith('TIMEOUT')) return 'TIMEOUT';
  return '—';
}

function geomeans(rows: Row[], arches: string[]) {
  const out: { arch: string; vsQemu: number | null; vsNative: number | null; n: number }[] = [];
  for (const arch of arches) {
    const rs = rows.filter((r) => r.arch === arch && r.kind !== 'startup');
    const q = rs.map((r) => r.vsQemu).filter((x): x is number => x !== null);
    const n = rs.map((r) => r.vsNative).filter((x): x is number => x !== null);
    if (rs.length) out.push({ arch, vsQemu: geomean(q), vsNative: geomean(n), n: q.length });
  }
  return out;
}

function mainTable(rows: Row[], arches: string[], opts: Options): string {
  const body = rows.map((r) => [
    r.kind === 'startup' ? `${r.bench} (start-up)` : r.bench,
    r.arch,
    cell(r.nodemu, r.kind === 'startup' ? opts.startupReps : opts.reps),
    cell(r.qemu, r.kind === 'startup' ? opts.startupReps : opts.reps),
    cell(r.native, r.kind === 'startup' ? opts.startupReps : opts.reps),
    fmtRatio(r.vsQemu),
    fmtRatio(r.vsNative),
  ]);
  for (const g of geomeans(rows, arches)) body.push(['**geomean**', g.arch, '', '', '', fmtRatio(g.vsQemu), fmtRatio(g.vsNative)]);
  return table(['benchmark', 'arch', 'nodemu', 'qemu', 'native', 'vs qemu', 'vs native'], body, [false, false, true, true, true, true, true]);
}

function translateTable(rows: TranslateRow[]): string {
  const body = rows.map((r) => [
    r.arch,
    r.emulator,
    r.insnsBig === null ? '—' : String(r.insnsBig),
    fmtTime(r.timeBig),
    r.insnsHello === null ? '—' : String(r.insnsHello),
    fmtTime(r.timeHello),
    r.rate === null ? (r.note?.startsWith('FAIL') ? 'FAIL' : r.note ?? '—') : `${Math.round(r.rate).toLocaleString('en-US')}`,
  ]);
  return table(['arch', 'emulator', 'bigcode insns', 'bigcode time', 'hello insns', 'hello time', 'insns/s translated'], body, [false, false, true, true, true, true, true]);
}

function problems(rows: Row[], trows: TranslateRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    for (const emu of ['nodemu', 'qemu', 'native'] as const) {
      const m = r[emu];
      if (m.note && !m.note.startsWith('n/a')) out.push(`${r.bench} ${r.arch} ${emu}: ${m.note}`);
    }
    for (const n of r.notes) out.push(`${r.bench} ${r.arch}: ${n}`);
  }
  for (const t of trows) if (t.note) out.push(`translate ${t.arch} ${t.emulator}: ${t.note}`);
  return out;
}


interface ResultsForChart {
  date: string;
  node: string;
  options: { reps: number; quick: boolean };
  machine: { cpu: string; cpus: number };
  rows: Row[];
}

/** The SVG chart of a results object (also used by --rechart on a saved results.json). */
function chartOf(res: ResultsForChart): string {
  const rows = res.rows;
  const arches = [...new Set(rows.map((r) => r.arch))];
  const label = (r: Row) => (r.kind === 'startup' ? 'start-up' : r.bench);
  const groups: ChartGroup[] = [...new Set(rows.map(label))].map((name) => ({
    label: name,
    bars: rows
      .filter((r) => label(r) === name)
      .map((r) => ({ arch: r.arch, value: r.vsQemu, missing: r.nodemu.note?.startsWith('FAIL') ? 'FAIL' : r.nodemu.note?.startsWith('TIMEOUT') ? 'TIMEOUT' : !r.qemu.time ? 'no qemu' : 'n/a' })),
  }));
  groups.push({ label: 'geomean', bars: geomeans(rows, arches).map((g) => ({ arch: g.arch, value: g.vsQemu, missing: 'n/a' })) });
  const subtitle = `qemu time / nodemu time, medians of ${res.options.reps} run(s); ${res.date.slice(0, 10)}, node ${res.node}, ${res.machine.cpu} ×${res.machine.cpus}`;
  return renderChart(`nodemu speed relative to qemu-user${res.options.quick ? ' (--quick)' : ''}`, subtitle, arches, groups);
}

// ---------------------------------------------------------------- main

function gitInfo(): { commit: string | null; dirty: boolean | null } {
  const c = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const d = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bin'], { cwd: ROOT, encoding: 'utf8' });
  return { commit: c.status === 0 ? c.stdout.trim() : null, dirty: d.status === 0 ? d.stdout.trim().length > 0 : null };
}

function newestMtime(dir: string, ext: string): number {
  let t = 0;
  const walk = (d: string) => {
    let ents: fs.Dirent[];
    try { ents = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(ext)) t = Math.max(t, fs.statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return t;
}

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    process.exit(2);
  }
  if (opts.rechart) {
    const res = JSON.parse(fs.readFileSync(opts.rechart, 'utf8')) as ResultsForChart;
    const svg = opts.rechart.replace(/results(-quick)?\.json$/, (_m, q) => `chart${q ?? ''}.svg`).replace(/\.json$/, '-chart.svg');
    fs.writeFileSync(svg, chartOf(res));
    log(`wrote ${rel(svg)}`);
    return;
  }
  const started = new Date();
  const loadStart = os.loadavg();
  const want = (name: string) => !opts.filter || opts.filter.some((f) => name.includes(f));

  const distMain = path.join(ROOT, 'dist', 'cli', 'main.js');
  const warnings: string[] = [];
  if (!fs.existsSync(distMain)) {
    console.error('bench: nodemu is not built (dist/ missing) — run `npm run build` first');
    process.exit(1);
  }
  if (newestMtime(path.join(ROOT, 'src'), '.ts') > newestMtime(path.join(ROOT, 'dist'), '.js')) {
    warnings.push('dist/ is older than src/: nodemu was not rebuilt after the last source change (npm run build)');
  }

  // ---- what is available
  const tgts = targets(opts);
  const guestTargets = tgts.filter((t) => t.name !== NATIVE);
  const nativeTarget = tgts.find((t) => t.name === NATIVE) ?? null;
  const qemu = new Map<string, string | null>();
  for (const t of guestTargets) qemu.set(t.name, firstLine(GUEST_ARCHES.find((a) => a.name === t.name)!.qemu, ['--version']));
  for (const t of tgts) {
    if (t.missing) warnings.push(`${t.name}: ${t.missing} — its benchmarks are skipped`);
  }
  for (const [arch, v] of qemu) if (!v) warnings.push(`${arch}: qemu-${arch} not installed — no qemu times (apt-get install qemu-user)`);
  for (const w of warnings) log(`bench: ${w}`);

  // ---- build
  const gen = path.join(BENCH, 'build', 'gen');
  fs.mkdirSync(gen, { recursive: true });
  const bigFuncs = opts.quick ? BIGCODE_FUNCS_QUICK : BIGCODE_FUNCS;
  const bigSrc = path.join(gen, `bigcode${bigFuncs}.c`);
  const src = bigcodeSource(bigFuncs);
  if (!fs.existsSync(bigSrc) || fs.readFileSync(bigSrc, 'utf8') !== src) fs.writeFileSync(bigSrc, src);
  const progs: { name: string; src: string }[] = [
    ...SUITE.filter((s) => want(s.name)).map((s) => ({ name: s.name, src: path.join(BENCH, 'src', s.src) })),
  ];
  if (want('startup') || want('translate')) progs.push({ name: 'hello', src: path.join(BENCH, 'src', 'hello.c') });
  if (want('translate')) progs.push({ name: `bigcode${bigFuncs}`, src: bigSrc });
  const jobs: BuildJob[] = [];
  for (const t of tgts) {
    if (t.missing) continue;
    for (const p of progs) {
      if (p.name.startsWith('bigcode') && t.name === NATIVE) continue;
      jobs.push({ target: t, src: p.src, out: path.join(t.dir, p.name) });
    }
  }
  const buildFailures = await build(jobs);
  const progPath = (t: Target | null, name: string): string | null => {
    if (!t || t.missing) return null;
    const p = path.join(t.dir, name);
    return buildFailures.has(p) || !fs.existsSync(p) ? null : p;
  };
  const guestSkip = (t: Target, name: string): string =>
    t.missing ? `n/a: ${t.missing}` : buildFailures.has(path.join(t.dir, name)) ? `FAIL: build: ${buildFailures.get(path.join(t.dir, name))}` : 'n/a';

  const env: Env = { opts, qemu };
  const rows: Row[] = [];
  const say = (r: Row) =>
    log(`  ${r.bench.padEnd(14)} ${r.arch.padEnd(8)} nodemu ${cell(r.nodemu).padStart(10)}  qemu ${cell(r.qemu).padStart(10)}  native ${cell(r.native).padStart(10)}  vs qemu ${fmtRatio(r.vsQemu)}` +
      (r.nodemu.note && r.nodemu.note !== 'n/a' ? `  [${r.nodemu.note}]` : ''));

  // ---- start-up
  let nodeStart: Measure | null = null;
  if (want('startup')) {
    log(`start-up (hello, ${opts.startupReps} runs each):`);
    for (const t of guestTargets) {
      // Twice: as a program starts the first time (no translation cache on disk), and again
      // (its translations cached by earlier runs: src/translate/tb-cache.ts).
      for (const [bench, nodemuEnv] of [['hello-cold', ['NODEMU_TB_CACHE=0']], ['hello', undefined]] as const) {
        const r = await benchRow(env, { bench, kind: 'startup', arch: t.name, guestProg: progPath(t, 'hello'), nativeProg: progPath(nativeTarget, 'hello'), args: [], reps: opts.startupReps, skipNote: guestSkip(t, 'hello'), nodemuEnv: nodemuEnv ? [...nodemuEnv] : undefined });
        rows.push(r);
        say(r);
      }
    }
    // The floor under every nodemu start, in the same environment: Node's own start.
    const base = await measureAll([{ emu: 'native', argv: [process.execPath, '-e', '0'] }], opts.startupReps, () => null, opts);
    nodeStart = base.get('native') ?? null;
    if (nodeStart) log(`  node -e 0 (Node's own start, the floor under nodemu's): ${cell(nodeStart)}`);
  }

  // ---- suite
  for (const s of SUITE) {
    if (!want(s.name)) continue;
    const size = opts.quick ? s.quickSize : s.size;
    log(`${s.name} (${s.what}; size ${size}, ${opts.reps} run(s) each):`);
    for (const t of guestTargets) {
      const r = await benchRow(env, { bench: s.name, kind: 'suite', arch: t.name, guestProg: progPath(t, s.name), nativeProg: progPath(nativeTarget, s.name), args: [size], reps: opts.reps, skipNote: guestSkip(t, s.name) });
      rows.push(r);
      say(r);
    }
  }

  // ---- real workloads
  const realNotes: string[] = [];
  const wantReal = ['bb-sha256sum', 'bb-gzip'].filter(want);
  if (wantReal.length) {
    const bbs = findBusyboxes();
    const guestBbs = guestTargets.filter((t) => bbs.has(t.name));
    if (!guestBbs.length) {
      realNotes.push(`real workloads skipped: no busybox for ${guestTargets.map((t) => t.name).join('/')} under ${rel(REAL_DIR)}/ (scripts/fetch-real-binaries.sh fills it)`);
      log(`bench: ${realNotes[realNotes.length - 1]}`);
    } else {
      const mib = opts.quick ? INPUT_MIB_QUICK : INPUT_MIB;
      const input = path.join(INPUT_DIR, `input-v1-${mib}M.bin`);
      log(`generating ${rel(input)} (${mib} MiB)…`);
      ensureInputFile(input, mib << 20);
      const data = fs.readFileSync(input);
      const inputSha = sha256(data);
      const nativeBb = bbs.get(NATIVE) ?? null;
      if (!nativeBb) realNotes.push('no host busybox: real workloads have no native time');
      for (const t of guestTargets) if (!bbs.has(t.name)) realNotes.push(`no ${t.name} busybox under ${rel(REAL_DIR)}/: its real workloads are skipped`);
      const expectSha: Checker = (r) => (r.stdout.toString('utf8').startsWith(inputSha) ? null : `sha256sum printed ${oneLine(r.stdout)}`);
      const expectGzip: Checker = (r) => {
        try {
          return sha256(zlib.gunzipSync(r.stdout)) === inputSha ? null : 'gzip output does not decompress to the input';
        } catch (e) {
          return `gzip output is not valid gzip (${(e as Error).message})`;
        }
      };
      const work: { name: string; args: string[]; stdin?: string; expect: Checker }[] = [
        { name: 'bb-sha256sum', args: ['sha256sum', input], expect: expectSha },
        { name: 'bb-gzip', args: ['gzip', '-9', '-c'], stdin: input, expect: expectGzip },
      ];
      for (const w of work) {
        if (!want(w.name)) continue;
        log(`${w.name} (busybox ${w.args.join(' ')}${w.stdin ? ` < ${rel(w.stdin)}` : ''}; ${opts.reps} run(s) each):`);
        for (const t of guestBbs) {
          const r = await benchRow(env, { bench: w.name, kind: 'real', arch: t.name, guestProg: bbs.get(t.name)!, nativeProg: nativeBb, args: w.args, stdinFile: w.stdin, reps: opts.reps, expect: w.expect });
          rows.push(r);
          say(r);
        }
      }
    }
  }

  // ---- translation throughput
  const trows: TranslateRow[] = [];
  if (want('translate')) {
    log(`translation throughput (bigcode: ${bigFuncs} functions run once; ${opts.reps} run(s) each):`);
    for (const t of guestTargets) {
      const big = progPath(t, `bigcode${bigFuncs}`);
      const hello = progPath(t, 'hello');
      for (const emu of ['nodemu', 'qemu'] as const) {
        let tr: TranslateRow;
        if (!big || !hello) tr = { arch: t.name, emulator: emu, insnsBig: null, insnsHello: null, timeBig: null, timeHello: null, rate: null, note: guestSkip(t, big ? 'hello' : `bigcode${bigFuncs}`) };
        else if (emu === 'qemu' && !qemu.get(t.name)) tr = { arch: t.name, emulator: emu, insnsBig: null, insnsHello: null, timeBig: null, timeHello: null, rate: null, note: 'n/a: not installed' };
        else tr = await translateRow(env, t.name, emu, big, hello, opts.reps);
        trows.push(tr);
        log(`  ${t.name.padEnd(8)} ${emu.padEnd(7)} ${tr.rate !== null ? `${Math.round(tr.rate)} insns/s (${tr.insnsBig} insns in ${fmtTime(tr.timeBig)})` : tr.note}`);
      }
    }
  }

  // ---- report
  const arches = guestTargets.map((t) => t.name);
  const loadEnd = os.loadavg();
  const out: string[] = [];
  out.push('');
  out.push(`nodemu benchmarks — ${started.toISOString()}${opts.quick ? ' (--quick: small sizes, not representative)' : ''}`);
  out.push(`times are medians of ${opts.reps} run(s) (start-up: ${opts.startupReps}); vs qemu = qemu time / nodemu time, vs native = native time / nodemu time (1.0 = as fast)`);
  out.push('');
  if (rows.length) out.push(mainTable(rows, arches, opts), '');
  if (nodeStart?.time != null) out.push(`start-up floor: \`node -e 0\` takes ${cell(nodeStart)} in the same environment (median of ${opts.startupReps})`, '');
  if (rows.some((r) => [r.nodemu, r.qemu, r.native].some((m) => m.time !== null && m.walls.length < (r.kind === 'startup' ? opts.startupReps : opts.reps))))
    out.push(`*N: median of only N run(s): the runs of that program had used up the time budget (--budget ${opts.budgetMs / 1000} s)`, '');
  if (trows.length) out.push('Translation throughput (guest instructions translated per second, differential: bigcode minus hello):', '', translateTable(trows), '');
  const probs = problems(rows, trows);
  if (probs.length) out.push('Problems:', ...probs.map((p) => `  - ${p}`), '');
  const allNotes = [...warnings, ...realNotes];
  if (allNotes.length) out.push('Notes:', ...allNotes.map((n) => `  - ${n}`), '');
  out.push(`load average: ${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadEnd.map((x) => x.toFixed(2)).join(' ')} at end (${os.cpus().length} CPUs)`);
  console.log(out.join('\n'));

  // ---- results.json and chart
  const prefix = opts.out ? path.resolve(opts.out) : path.join(BENCH, opts.quick ? 'results-quick' : 'results');
  const jsonFile = prefix + '.json';
  const svgFile = opts.out ? prefix + '-chart.svg' : path.join(BENCH, opts.quick ? 'chart-quick.svg' : 'chart.svg');
  const git = gitInfo();
  const compilers: Record<string, string | null> = {};
  for (const t of tgts) compilers[t.name] = t.missing ? null : firstLine(t.cc, ['--version']);
  const results = {
    date: started.toISOString(),
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    options: { reps: opts.reps, startupReps: opts.startupReps, budgetSeconds: opts.budgetMs / 1000, quick: opts.quick, arches: opts.arches, filter: opts.filter, timeoutSeconds: opts.timeoutMs / 1000 },
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadavgStart: loadStart,
      loadavgEnd: loadEnd,
    },
    node: process.version,
    nodemu: { version: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version, ...git },
    qemu: Object.fromEntries(qemu),
    compilers,
    cflags: CFLAGS.join(' '),
    suite: SUITE.map((s) => ({ name: s.name, what: s.what, size: opts.quick ? s.quickSize : s.size })),
    rows,
    geomeans: geomeans(rows, arches),
    translate: trows,
    nodeStartSeconds: nodeStart?.time ?? null,
    problems: probs,
    notes: allNotes,
  };
  fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2) + '\n');

  fs.writeFileSync(svgFile, chartOf(results));
  log(`wrote ${rel(jsonFile)} and ${rel(svgFile)}`);
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
