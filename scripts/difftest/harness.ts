// The differential tester: builds one static ELF holding many independent test
// blocks, runs it under nodemu (interpreter tier, and again with every block
// compiled) and under qemu-<arch>, compares every block's register/memory dump,
// and shrinks a mismatching block to a minimal ready-to-paste regression test.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type ArchSpec, DATA, type Field, type Insn, readField, SCR, SCRATCH, TEXT, type Unit, writeField } from './arch';
import { Code, writeElf } from './elf';
import { Rng } from './rng';

export interface Block { units: Unit[]; init: Uint8Array }

const ROOT = path.resolve(__dirname, '..', '..');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');

/** nodemu configurations compared against qemu: the cold interpreter, and hot code (wasm regions). */
export const MODES: Record<string, Record<string, string>> = {
  interp: {},
  jit: { NODEMU_JIT_THRESHOLD: '0' },
};

export function scratchInit(seed: number): Uint8Array { return new Rng(seed ^ 0x5c4a7c4).bytes(SCR); }

export function genBlock(arch: ArchSpec, rng: Rng, insns: number): Block {
  const units: Unit[] = [];
  let n = 0;
  while (n < insns) { const u = arch.genUnit(rng); units.push(u); n += u.length; }
  return { units, init: arch.randomInit(rng) };
}

export function buildElf(arch: ArchSpec, blocks: readonly Block[], scratchSeed: number): Buffer {
  const code = new Code(TEXT);
  const data = new Uint8Array(SCR + blocks.length * arch.regBytes);
  data.set(scratchInit(scratchSeed), 0);
  blocks.forEach((b, i) => {
    data.set(b.init, SCR + i * arch.regBytes);
    arch.emitBlock(code, DATA + SCR + i * arch.regBytes, b.units);
  });
  arch.emitExit(code);
  return writeElf({
    cls: arch.cls, machine: arch.machine, entry: TEXT | (arch.thumb ? 1 : 0), flags: arch.elfFlags,
    segments: [
      { vaddr: TEXT, data: code.finish(), memsz: 0, flags: 5 },
      { vaddr: SCRATCH, data: new Uint8Array(0), memsz: 0x1000, flags: 6 },
      { vaddr: DATA, data, memsz: 0, flags: 4 },
    ].map((s) => ({ ...s, memsz: Math.max(s.memsz, s.data.length) })),
  });
}

export interface RunOut { out: Buffer; status: number | null; signal: string | null; stderr: string }

function tmpFile(buf: Buffer): string {
  const f = path.join(os.tmpdir(), `difftest-${process.pid}-${Math.random().toString(36).slice(2)}.elf`);
  fs.writeFileSync(f, buf, { mode: 0o755 });
  return f;
}

export function runQemu(arch: ArchSpec, file: string): RunOut {
  const r = spawnSync(arch.qemu, [file], { maxBuffer: 1 << 28, timeout: 120_000 });
  return { out: r.stdout ?? Buffer.alloc(0), status: r.status, signal: r.signal, stderr: String(r.stderr ?? '') };
}

export function runNodemu(file: string, mode: string): RunOut {
  const r = spawnSync(process.execPath, [NODEMU, file], {
    maxBuffer: 1 << 28, timeout: 300_000, env: { ...process.env, ...MODES[mode] },
  });
  return { out: r.stdout ?? Buffer.alloc(0), status: r.status, signal: r.signal, stderr: String(r.stderr ?? '') };
}

export interface Diff { field: string; qemu: string; nodemu: string }

const hex = (v: bigint, bytes: number) => '0x' + v.toString(16).padStart(bytes * 2, '0');

/** Differences between two dump records (scratch bytes, then register fields). */
export function diffRecords(arch: ArchSpec, q: Uint8Array, n: Uint8Array): Diff[] {
  const d: Diff[] = [];
  for (let o = 0; o < SCR; o += 8) {
    const a = Buffer.from(q.subarray(o, o + 8)).readBigUInt64LE(), b = Buffer.from(n.subarray(o, o + 8)).readBigUInt64LE();
    if (a !== b) d.push({ field: `mem[${o}]`, qemu: hex(a, 8), nodemu: hex(b, 8) });
  }
  const rq = q.subarray(SCR), rn = n.subarray(SCR);
  for (const f of arch.fields) {
    const m = f.mask ?? ((1n << BigInt(8 * f.size)) - 1n);
    const a = readField(rq, f) & m, b = readField(rn, f) & m;
    if (a !== b) d.push({ field: f.name, qemu: hex(a, f.size), nodemu: hex(b, f.size) });
  }
  return d;
}

function statusText(r: RunOut): string {
  return r.signal ? `signal ${r.signal}` : `exit ${r.status}${r.stderr ? ` (${r.stderr.trim().split('\n')[0]})` : ''}`;
}

export interface BlockResult {
  /** undefined: both agree. */
  diffs?: Diff[];
  /** Set when one side stopped early (crash, SIGILL) at this block. */
  why?: string;
}

/**
 * Compares a run's output with qemu's, block by block. Returns the index of the
 * first differing block (or -1) and, when both stopped at the same block the same
 * way, that block's index in `bothStopped`.
 */
export function compareRuns(arch: ArchSpec, nBlocks: number, q: RunOut, n: RunOut):
  { first: number; result?: BlockResult; bothStopped?: number } {
  const rec = SCR + arch.regBytes;
  const qn = Math.floor(q.out.length / rec), nn = Math.floor(n.out.length / rec);
  for (let i = 0; i < nBlocks; i++) {
    const hq = i < qn, hn = i < nn;
    if (hq && hn) {
      const diffs = diffRecords(arch, q.out.subarray(i * rec, (i + 1) * rec), n.out.subarray(i * rec, (i + 1) * rec));
      if (diffs.length) return { first: i, result: { diffs } };
      continue;
    }
    if (!hq && !hn) {
      if (statusText(q) === statusText(n) || (q.signal === null && n.signal === null)) return { first: -1, bothStopped: i };
    }
    return { first: i, result: { why: `qemu: ${hq ? 'ran the block' : statusText(q)}; nodemu: ${hn ? 'ran the block' : statusText(n)}` } };
  }
  if ((q.status ?? -1) !== (n.status ?? -1) || q.signal !== n.signal) {
    return { first: nBlocks, result: { why: `exit status: qemu ${statusText(q)}, nodemu ${statusText(n)}` } };
  }
  return { first: -1 };
}

/** Runs `blocks` under qemu and nodemu[mode]; the first differing block, if any. */
export function checkBlocks(arch: ArchSpec, blocks: readonly Block[], scratchSeed: number, mode: string, qemuCache?: Map<string, RunOut>):
  { first: number; result?: BlockResult; bothStopped?: number } {
  const elf = buildElf(arch, blocks, scratchSeed);
  const file = tmpFile(elf);
  try {
    const key = elf.toString('base64');
    let q = qemuCache?.get(key);
    if (!q) { q = runQemu(arch, file); qemuCache?.set(key, q); }
    const n = runNodemu(file, mode);
    return compareRuns(arch, blocks.length, q, n);
  } finally { fs.unlinkSync(file); }
}

export function differs(arch: ArchSpec, b: Block, scratchSeed: number, mode: string, like?: BlockResult): BlockResult | undefined {
  const r = checkBlocks(arch, [b], scratchSeed, mode);
  if (r.first !== 0) return undefined;
  // While shrinking, keep the kind of failure: a wrong value must not turn into a crash or vice versa.
  if (like && (!like.diffs !== !r.result!.diffs || (like.why && like.why !== r.result!.why))) return undefined;
  return r.result;
}

/** Delta debugging over the units, then over the initial register values (towards zero). */
export function shrink(arch: ArchSpec, b: Block, scratchSeed: number, mode: string, log: (s: string) => void = () => {}): { block: Block; result: BlockResult } {
  let cur = b;
  let res = differs(arch, cur, scratchSeed, mode);
  if (!res) throw new Error('shrink: the block does not reproduce on its own');
  let n = 2;
  while (cur.units.length >= 2) {
    const len = cur.units.length, chunk = Math.ceil(len / n);
    let found = false;
    for (let s = 0; s < len; s += chunk) {
      const cand = { units: [...cur.units.slice(0, s), ...cur.units.slice(s + chunk)], init: cur.init };
      const r = differs(arch, cand, scratchSeed, mode, res);
      if (r) { cur = cand; res = r; found = true; n = Math.max(n - 1, 2); log(`shrink: ${cur.units.length} units`); break; }
    }
    if (!found) { if (n >= len) break; n = Math.min(len, 2 * n); }
  }
  // Zero as many initial values as possible (halving groups of fields).
  const zeroable = arch.fields.filter((f) => !f.reserved && readField(cur.init, f) !== 0n);
  const tryZero = (fs_: Field[]): void => {
    if (!fs_.length) return;
    const init = Uint8Array.from(cur.init);
    for (const f of fs_) writeField(init, f, 0n);
    const cand = { units: cur.units, init };
    const r = differs(arch, cand, scratchSeed, mode, res);
    if (r) { cur = cand; res = r; return; }
    if (fs_.length === 1) return;
    tryZero(fs_.slice(0, fs_.length >> 1));
    tryZero(fs_.slice(fs_.length >> 1));
  };
  tryZero(zeroable);
  return { block: cur, result: res! };
}

export function unitText(arch: ArchSpec, u: Unit, pc = TEXT): string {
  return u.map((i) => `${i.enc.toString(16).padStart(i.len * 2, '0')}  ${arch.disasm(i, pc)}`).join('; ');
}

/** A jest test that reproduces the shrunk mismatch through tests/difftest/case.ts. */
export function regressionTest(arch: ArchSpec, b: Block, res: BlockResult, scratchSeed: number, note: string): string {
  const insns = b.units.flat();
  const init: Record<string, string> = {};
  const base = arch.baseInit();
  for (const f of arch.fields) {
    const v = readField(b.init, f);
    if (!f.reserved && v !== readField(base, f)) init[f.name] = hex(v, f.size);
  }
  const expected: Record<string, string> = {};
  for (const d of res.diffs ?? []) expected[d.field] = d.qemu;
  const lines = insns.map((i) => `    0x${i.enc.toString(16).padStart(i.len * 2, '0')}, // ${arch.disasm(i, TEXT)}`);
  const why = res.why ? `  // ${res.why}\n` : '';
  return [
    `// difftest ${arch.name} ${note}${res.diffs ? `: nodemu had ${res.diffs.map((d) => `${d.field}=${d.nodemu}`).join(', ')}` : ''}`,
    `test('difftest ${arch.name}: ${insns.map((i) => arch.disasm(i, TEXT).split(/\s+/)[0]).slice(0, 4).join(', ')}', () => {`,
    why + `  const got = runCase('${arch.name}', {`,
    `    scratchSeed: ${scratchSeed},`,
    `    code: [`,
    ...lines.map((l) => '  ' + l),
    `    ],`,
    `    init: ${JSON.stringify(init, null, 0).replace(/","/g, '", "')},`,
    `  });`,
    res.diffs ? `  expect(got).toMatchObject(${JSON.stringify(expected).replace(/","/g, '", "')});` : `  expect(got.ran).toBe(true);`,
    `});`,
  ].join('\n');
}
