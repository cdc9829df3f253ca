// The real-program compatibility suite: `npm run test:real`.
//
// Fetches the programs (scripts/real/fetch.ts, cached in .cache/real), runs
// every scenario of scripts/real/scenarios.ts under nodemu and under
// qemu-<arch> (both with -L <the architecture's Debian root>), compares
// stdout, stderr, exit status and output files, classifies each failure
// (missing syscall, SIGILL, signal, timeout, wrong output ...) and writes
// docs/COMPATIBILITY.md.
//
//   npm run test:real                      # everything
//   npm run test:real -- --filter gzip     # scenarios whose program/name/arch match
//   npm run test:real -- --no-fetch --no-doc -j 1
//   npm run test:real -- --nodemu /tmp/head/bin/nodemu   # run another build of nodemu
//
// Exit status 1 only for unexpected failures (a scenario not marked xfail
// that fails); a marked scenario that passes is reported as XPASS.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fetchAll, npmDir, REAL, ROOT } from './fetch';
import { allScenarios, Arch, Scenario, StepResult } from './scenarios';

const DEB_ARCH: Record<Arch, string> = { aarch64: 'arm64', arm: 'armhf', riscv64: 'riscv64' };
const QEMU: Record<Arch, string> = { aarch64: 'qemu-aarch64', arm: 'qemu-arm', riscv64: 'qemu-riscv64' };
const OBJDUMP: Record<Arch, [string, string]> = { aarch64: ['aarch64-linux-gnu-objdump', 'aarch64'], arm: ['arm-linux-gnueabihf-objdump', 'arm'], riscv64: ['riscv64-linux-gnu-objdump', 'riscv:rv64'] };
// generous: it only catches hangs, and a busy 2-core machine runs nodemu several times slower
const DEFAULT_TIMEOUT = 180;
const FIXED_TIME = new Date('2021-01-02T03:04:05Z');
const BASE_ENV = { LANG: 'C', LC_ALL: 'C', TZ: 'UTC', PATH: '/usr/bin:/bin', TERM: 'dumb' };

const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const FILTER = opt('--filter');
const JOBS = Number(opt('-j') ?? 2);
const NO_FETCH = argv.includes('--no-fetch');
const NO_DOC = argv.includes('--no-doc') || !!FILTER;
const VERBOSE = argv.includes('-v');
// --nodemu: another build (e.g. a clean export of HEAD while the work tree is busy)
const NODEMU = path.resolve(opt('--nodemu') ?? path.join(ROOT, 'bin', 'nodemu'));

interface Raw extends StepResult { signal: string | null; ms: number }

function runOne(cmd: string[], cwd: string, env: Record<string, string>, stdin: string | Buffer | undefined, timeoutS: number, outFile?: string): Promise<Raw> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd[0], cmd.slice(1), { cwd, env, stdio: ['pipe', outFile ? fs.openSync(outFile, 'w') : 'pipe', 'pipe'] });
    const out: Buffer[] = []; const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutS * 1000);
    child.stdin!.on('error', () => undefined); // the guest may exit without reading its stdin
    child.stdin!.end(stdin ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const status = code ?? 128 + (signal ? os.constants.signals[signal] ?? 0 : 0);
      resolve({ status, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('latin1'), timedOut, ms: Date.now() - t0 });
    });
  });
}

function progPath(s: Scenario, prog: string): string {
  if (prog.startsWith('npm:')) { const i = prog.lastIndexOf(':'); return path.join(npmDir(prog.slice(4, i)), prog.slice(i + 1)); }
  return path.join(REAL, DEB_ARCH[s.arch], prog);
}

function setupDir(s: Scenario, tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nodemu-real-${tag}-`));
  for (const [name, data] of Object.entries(s.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
    fs.utimesSync(path.join(dir, name), FIXED_TIME, FIXED_TIME); // listings and archives see the same times on both sides
  }
  return dir;
}

interface EmuRun { steps: Raw[]; dir: string; log: string }

async function runEmu(s: Scenario, emu: 'qemu' | 'nodemu'): Promise<EmuRun> {
  const dir = setupDir(s, emu[0]);
  const prefix = s.prefix ?? path.join(REAL, DEB_ARCH[s.arch]);
  const logFile = path.join(os.tmpdir(), `nodemu-real-log-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const env = { ...BASE_ENV, HOME: dir, ...(s.env ?? {}) };
  const steps: Raw[] = [];
  for (const st of s.steps) {
    const L = fs.existsSync(prefix) ? ['-L', prefix] : [];
    const cmd = emu === 'qemu' ? [QEMU[s.arch], ...L, progPath(s, st.prog), ...st.args]
      : [process.execPath, NODEMU, ...L, '-d', 'unimp', '-D', logFile, progPath(s, st.prog), ...st.args];
    const r = await runOne(cmd, dir, env, st.stdin, s.timeout ?? DEFAULT_TIMEOUT, st.out ? path.join(dir, st.out) : undefined);
    steps.push(r);
    if (r.timedOut) break;
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  fs.rmSync(logFile, { force: true });
  return { steps, dir, log };
}

type Verdict = 'pass' | 'fail' | 'xfail' | 'xpass';
interface Result { s: Scenario; verdict: Verdict; reason?: string; detail?: string; ms: number; qms: number }

/** The first difference between the two runs, or undefined when they agree. */
function compare(s: Scenario, q: EmuRun, n: EmuRun): { what: string; detail: string } | undefined {
  const norm = (t: string, dir: string) => { let x = t.split(dir).join('$WORK'); if (s.normalize) x = s.normalize(x); return x; };
  for (let i = 0; i < s.steps.length; i++) {
    const a = q.steps[i], b = n.steps[i];
    const label = `step ${i + 1} (${path.basename(s.steps[i].prog)} ${s.steps[i].args.join(' ').slice(0, 60)})`;
    if (!b) return { what: 'did not run', detail: label };
    if (b.timedOut) return { what: 'timeout', detail: `${label}: no exit within ${s.timeout ?? DEFAULT_TIMEOUT} s` };
    const qo = norm(a.stdout.toString('latin1'), q.dir), no = norm(b.stdout.toString('latin1'), n.dir);
    if (qo !== no) return { what: 'stdout', detail: `${label}: stdout differs\n${diff(qo, no)}` };
    const qe = norm(a.stderr, q.dir), ne = norm(b.stderr, n.dir);
    if (qe !== ne) return { what: 'stderr', detail: `${label}: stderr differs\n${diff(qe, ne)}` };
    if (a.status !== b.status) return { what: 'status', detail: `${label}: exit status ${b.status}, qemu ${a.status}` };
  }
  for (const f of s.outputs ?? []) {
    const read = (d: string) => (fs.existsSync(path.join(d, f)) ? fs.readFileSync(path.join(d, f)) : undefined);
    const a = read(q.dir), b = read(n.dir);
    if (!a) return { what: 'reference', detail: `qemu did not write ${f}` };
    if (!b || !a.equals(b)) return { what: 'file', detail: `output file ${f} ${b ? 'differs' : 'missing'}` };
  }
  return undefined;
}

function diff(a: string, b: string): string {
  const la = a.split('\n'), lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  const show = (l: string[]) => l.slice(i, i + 3).map((x) => JSON.stringify(x.slice(0, 160))).join('\n      ');
  return `    line ${i + 1}:\n    qemu:   ${show(la)}\n    nodemu: ${show(lb)}`;
}

/** The most likely first cause of a failure, from nodemu's -d unimp log and its result. */
function classify(s: Scenario, n: EmuRun, what: string): string {
  const sys = /Unsupported syscall: \d+ \((\w+)\)/.exec(n.log)?.[1] ?? /Unsupported syscall: (\d+)/.exec(n.log)?.[1];
  const ill = /illegal instruction at 0x([0-9a-f]+)/.exec(n.log);
  const last = n.steps[n.steps.length - 1];
  const crash = /(TypeError|RangeError|ReferenceError|Error): .*\n\s+at /.exec(last?.stderr ?? '');
  if (ill) return `SIGILL at 0x${ill[1]}${disasmAt(s, n, ill[1])}`;
  // threads and processes first: an earlier harmless ENOSYS (capget, ...) is not what stops the program
  if (/CLONE_THREAD/.test(n.log)) return 'needs threads (clone with CLONE_THREAD)';
  const proc = /Unsupported syscall: \d+ \((clone3?|fork|vfork|execve|execveat|wait4|waitid)\)/.exec(n.log)?.[1];
  if (proc) return `needs ${/clone/.test(proc) ? 'fork or threads' : 'fork/exec'} (missing syscall: ${proc})`;
  if (crash) return `nodemu crash: ${crash[0].split('\n')[0].slice(0, 100)}`;
  if (what === 'timeout') return `timeout${sys ? ` (missing syscall: ${sys})` : ''}`;
  if (sys) return `missing syscall: ${sys}`;
  const other = /^(?:unimp: )?(\w[^\n]*(?:unsupported|not supported)[^\n]*)$/m.exec(n.log)?.[1];
  if (other) return `unsupported: ${other.slice(0, 100)}`;
  const sig = last && last.status > 128 && last.status < 160 ? last.status - 128 : 0;
  if (sig) return `killed by ${Object.entries(os.constants.signals).find(([, v]) => v === sig)?.[0] ?? `signal ${sig}`}`;
  return `wrong ${what}`;
}

/** Disassembles the faulting instruction with objdump when nodemu's in_asm log names its bytes. */
function disasmAt(_s: Scenario, n: EmuRun, pc: string): string {
  const m = new RegExp(`0x0*${pc}:\\s+([0-9a-f]+)\\s+(.*)`).exec(n.log);
  return m ? ` (${m[1]} ${m[2].trim()})` : '';
}

async function runScenario(s: Scenario): Promise<Result> {
  const [q, n] = await Promise.all([runEmu(s, 'qemu'), runEmu(s, 'nodemu')]);
  const ms = n.steps.reduce((a, r) => a + r.ms, 0), qms = q.steps.reduce((a, r) => a + r.ms, 0);
  let res: Result;
  try {
    const qBad = q.steps.find((r) => r.timedOut);
    if (qBad) throw new Error('qemu timed out: the scenario is broken');
    const d = compare(s, q, n);
    let reason: string | undefined, detail: string | undefined;
    if (d) { reason = d.what === 'reference' ? 'broken scenario' : classify(s, n, d.what); detail = d.detail; } else if (s.check) {
      let msg: string | void;
      try { msg = s.check(n.steps, (f) => fs.readFileSync(path.join(n.dir, f))); } catch (e) { msg = String(e); }
      if (msg) { reason = 'wrong result (check)'; detail = msg; }
    }
    const verdict: Verdict = reason ? (s.xfail ? 'xfail' : 'fail') : (s.xfail ? 'xpass' : 'pass');
    res = { s, verdict, reason, detail, ms, qms };
  } finally {
    fs.rmSync(q.dir, { recursive: true, force: true });
    fs.rmSync(n.dir, { recursive: true, force: true });
  }
  return res;
}

function writeDoc(results: Result[], counts: Record<Verdict, number>, wallS: number): void {
  const archs: Arch[] = ['aarch64', 'arm', 'riscv64'];
  const programs = [...new Set(results.map((r) => r.s.program))];
  const cell = (p: string, a: Arch) => {
    const rs = results.filter((r) => r.s.program === p && r.s.arch === a);
    if (!rs.length) return '—';
    const ok = rs.filter((r) => r.verdict === 'pass' || r.verdict === 'xpass').length;
    const bad = rs.find((r) => r.verdict === 'fail' || r.verdict === 'xfail');
    const mark = ok === rs.length ? '✅' : ok ? '⚠️' : '❌';
    return `${mark} ${ok}/${rs.length}${bad ? `: ${bad.reason}` : ''}`;
  };
  const L: string[] = [];
  L.push('# Compatibility: real third-party programs', '');
  L.push('Generated by `npm run test:real` (scripts/real/run.ts) — do not edit by hand. Each scenario runs real');
  L.push("programs from Debian bookworm's arm64/armhf packages (dynamically linked, `-L` the unpacked root) and");
  L.push("prebuilt binaries from npm under nodemu and under `qemu-<arch>`, and compares stdout, stderr, exit status and");
  L.push('output files; many also check the work itself (checksums, round trips). Scenarios: scripts/real/scenarios.ts.', '');
  L.push(`**${counts.pass} passed, ${counts.fail} failed, ${counts.xfail} expected failures, ${counts.xpass} unexpected passes** — ` +
    `${results.length} scenarios over ${programs.length} programs (${wallS.toFixed(0)} s).`, '');
  L.push('| program | aarch64 (arm64) | arm (armhf) | riscv64 |', '|---|---|---|---|');
  for (const p of programs) L.push(`| ${p} | ${archs.map((a) => cell(p, a)).join(' | ')} |`);
  L.push('', 'A cell shows the scenarios that match qemu and, when one does not, the first failure\'s cause: a system call');
  L.push('nodemu does not implement (from `-d unimp`), SIGILL at an instruction, a signal, a timeout, or wrong output.', '');
  L.push('## Scenarios', '', '| arch | program | scenario | result | nodemu s | qemu s |', '|---|---|---|---|---|---|');
  for (const r of results) {
    const v = { pass: 'pass', fail: `**FAIL**: ${r.reason}`, xfail: `expected failure: ${r.s.xfail} (now: ${r.reason})`, xpass: `**passes although marked**: ${r.s.xfail}` }[r.verdict];
    L.push(`| ${r.s.arch} | ${r.s.program} | ${r.s.name.replace(/\|/g, '\\|')} | ${v.replace(/\|/g, '\\|')} | ${(r.ms / 1000).toFixed(1)} | ${(r.qms / 1000).toFixed(1)} |`);
  }
  fs.writeFileSync(path.join(ROOT, 'docs', 'COMPATIBILITY.md'), L.join('\n') + '\n');
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!NO_FETCH) fetchAll();
  let scenarios = allScenarios();
  if (FILTER) scenarios = scenarios.filter((s) => `${s.arch} ${s.program} ${s.name}`.includes(FILTER));
  const results: Result[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++;
      const r = await runScenario(scenarios[i]);
      results[i] = r;
      const tag = { pass: 'PASS ', fail: 'FAIL ', xfail: 'XFAIL', xpass: 'XPASS' }[r.verdict];
      console.log(`${tag} ${r.s.arch.padEnd(7)} ${r.s.program.padEnd(9)} ${r.s.name} (${(r.ms / 1000).toFixed(1)} s)` +
        (r.reason ? ` — ${r.reason}` : '') + (r.verdict === 'xfail' ? ` [marked: ${r.s.xfail}]` : '') +
        (r.verdict === 'xpass' ? ` [marked: ${r.s.xfail} — remove the mark]` : ''));
      if (r.detail && (r.verdict === 'fail' || VERBOSE)) console.log(`      ${r.detail.split('\n').join('\n      ')}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, JOBS) }, worker));
  const counts = { pass: 0, fail: 0, xfail: 0, xpass: 0 } as Record<Verdict, number>;
  for (const r of results) counts[r.verdict]++;
  const wall = (Date.now() - t0) / 1000;
  if (!NO_DOC) writeDoc(results, counts, wall);
  const programs = new Set(results.map((r) => r.s.program)).size;
  console.log(`\nreal programs: ${results.length} scenarios, ${programs} programs, ${wall.toFixed(0)} s` +
    `${NO_DOC ? '' : '; wrote docs/COMPATIBILITY.md'}`);
  console.log(`expected failures: ${counts.xfail}, unexpected passes: ${counts.xpass}`);
  console.log(`${counts.pass + counts.xpass} passed, ${counts.fail} failed`);
  process.exitCode = counts.fail ? 1 : 0;
}

main().catch((e) => { console.error(e); process.exitCode = 2; });
