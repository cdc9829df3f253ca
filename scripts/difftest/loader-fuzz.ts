// Seeded mutation fuzzer for the ELF loader: structured mutations of valid ELF
// files (header fields, program headers, PT_INTERP path, segment sizes/offsets,
// notes, truncation, byte noise), each loaded in-process through identifyElf →
// prepareLoad → commitLoad. Every mutant must load or fail with a one-line
// LoadError (`PATH: reason`, exit code 126/127) — never another exception, a
// hang, or runaway memory.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commitLoad, identifyElf, LoadError, prepareLoad } from '../../src/loader';
import type { GuestMemory } from '../../src/memory/guest-memory';
import { Rng } from './rng';

export interface FuzzStats {
  mutants: number;
  byClass: Record<string, { tried: number; loaded: number; rejected: number }>;
  reasons: Record<string, number>;
  failures: string[];
  slowest: { ms: number; cls: string };
}

const ROOT = path.resolve(__dirname, '..', '..');
const PREFIX: Record<string, string> = { aarch64: '/usr/aarch64-linux-gnu', arm: '/usr/arm-linux-gnueabihf', riscv64: '/usr/riscv64-linux-gnu' };

/** Valid inputs: our test programs (static and dynamic, each arch) when built. */
export function seedFiles(): { file: string; data: Buffer }[] {
  const names = ['riscv64/hello', 'riscv64/args', 'aarch64/hello', 'aarch64/hello-dyn', 'arm/hello', 'arm/hello-dyn', 'arm/hello-thumb'];
  return names.map((n) => path.join(ROOT, 'test-binaries', 'build', n)).filter((f) => fs.existsSync(f)).map((file) => ({ file, data: fs.readFileSync(file) }));
}

const I32 = [0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0xfff, 0x1000, 0x1001, 0xffff, 0x7fffffff, 0x80000000, 0xfffff000, 0xffffffff];
const I64 = [...I32.map(BigInt), 0x1_0000_0000n, 0xffff_ffff_ffff_f000n, 0xffff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 1n << 40n];

interface Hdr { is64: boolean; phoff: number; phent: number; phnum: number }
function header(b: Buffer): Hdr | undefined {
  if (b.length < 52) return undefined;
  const is64 = b[4] === 2;
  if (is64 && b.length < 64) return undefined;
  const phoff = is64 ? Number(b.readBigUInt64LE(32)) : b.readUInt32LE(28);
  const phent = b.readUInt16LE(is64 ? 54 : 42), phnum = b.readUInt16LE(is64 ? 56 : 44);
  return { is64, phoff, phent, phnum };
}

function put(b: Buffer, off: number, width: number, v: bigint): void {
  if (off < 0 || off + width > b.length) return;
  if (width === 8) b.writeBigUInt64LE(BigInt.asUintN(64, v), off);
  else if (width === 4) b.writeUInt32LE(Number(BigInt.asUintN(32, v)), off);
  else if (width === 2) b.writeUInt16LE(Number(BigInt.asUintN(16, v)), off);
  else b[off] = Number(v & 255n);
}
function get(b: Buffer, off: number, width: number): bigint {
  if (off < 0 || off + width > b.length) return 0n;
  return width === 8 ? b.readBigUInt64LE(off) : width === 4 ? BigInt(b.readUInt32LE(off)) : width === 2 ? BigInt(b.readUInt16LE(off)) : BigInt(b[off]);
}

function interesting(rng: Rng, width: number, orig: bigint, fileLen: number): bigint {
  switch (rng.int(5)) {
    case 0: return orig + BigInt(rng.range(-16, 16));
    case 1: return BigInt(fileLen + rng.range(-64, 64));
    case 2: return orig * 2n + BigInt(rng.int(2));
    default: return width === 8 ? rng.pick(I64) : BigInt(rng.pick(I32));
  }
}

/** Program header field offsets and widths: [name, off32, w32, off64, w64]. */
const PH_FIELDS: [string, number, number, number, number][] = [
  ['p_type', 0, 4, 0, 4], ['p_flags', 24, 4, 4, 4], ['p_offset', 4, 4, 8, 8], ['p_vaddr', 8, 4, 16, 8], ['p_paddr', 12, 4, 24, 8],
  ['p_filesz', 16, 4, 32, 8], ['p_memsz', 20, 4, 40, 8], ['p_align', 28, 4, 48, 8],
];
const EH_FIELDS: [string, number, number, number, number][] = [
  ['ei_class', 4, 1, 4, 1], ['ei_data', 5, 1, 5, 1], ['ei_version', 6, 1, 6, 1], ['ei_osabi', 7, 1, 7, 1],
  ['e_type', 16, 2, 16, 2], ['e_machine', 18, 2, 18, 2], ['e_version', 20, 4, 20, 4], ['e_entry', 24, 4, 24, 8],
  ['e_phoff', 28, 4, 32, 8], ['e_shoff', 32, 4, 40, 8], ['e_flags', 36, 4, 48, 4], ['e_ehsize', 40, 2, 52, 2],
  ['e_phentsize', 42, 2, 54, 2], ['e_phnum', 44, 2, 56, 2], ['e_shnum', 48, 2, 60, 2], ['e_shstrndx', 50, 2, 62, 2],
];

export const CLASSES = ['ehdr-field', 'phdr-field', 'segment-size', 'interp-path', 'note', 'phdr-overlap', 'truncate', 'bytes'] as const;

/** One structured mutation of `base`; returns its class and the mutated bytes. */
export function mutate(base: Buffer, rng: Rng): { cls: string; data: Buffer } {
  const b = Buffer.from(base);
  const h = header(b)!;
  const ph = (i: number) => h.phoff + i * h.phent;
  const field = (i: number, f: [string, number, number, number, number]) => ({ off: ph(i) + (h.is64 ? f[3] : f[1]), w: h.is64 ? f[4] : f[2] });
  const phdrsOfType = (t: number) => Array.from({ length: h.phnum }, (_, i) => i).filter((i) => Number(get(b, ph(i), 4)) === t);
  const cls = rng.pick(CLASSES);
  switch (cls) {
    case 'ehdr-field': {
      const f = rng.pick(EH_FIELDS);
      const off = h.is64 ? f[3] : f[1], w = h.is64 ? f[4] : f[2];
      put(b, off, w, interesting(rng, w, get(b, off, w), b.length));
      break;
    }
    case 'phdr-field': {
      const i = rng.int(Math.max(1, h.phnum)), { off, w } = field(i, rng.pick(PH_FIELDS));
      put(b, off, w, interesting(rng, w, get(b, off, w), b.length));
      break;
    }
    case 'segment-size': {
      const loads = phdrsOfType(1);
      if (!loads.length) break;
      const i = rng.pick(loads);
      const f = rng.pick(PH_FIELDS.filter((x) => ['p_offset', 'p_filesz', 'p_memsz', 'p_vaddr'].includes(x[0])));
      const { off, w } = field(i, f);
      const fs_ = field(i, PH_FIELDS[5]), ms = field(i, PH_FIELDS[6]);
      switch (rng.int(4)) {
        case 0: put(b, fs_.off, fs_.w, get(b, ms.off, ms.w) + BigInt(rng.range(1, 0x10000))); break; // filesz > memsz
        case 1: put(b, ms.off, ms.w, rng.pick([0x4000_0000n, 0xf000_0000n, 0xffff_f000n, 1n << 33n, 1n << 40n])); break; // huge bss
        case 2: put(b, off, w, get(b, off, w) + BigInt(rng.range(-0x1000, 0x1000))); break;
        default: put(b, off, w, interesting(rng, w, get(b, off, w), b.length));
      }
      break;
    }
    case 'interp-path': {
      const ip = phdrsOfType(3);
      if (!ip.length) { // add one: turn the first non-LOAD header into PT_INTERP at the end of the file
        const i = Array.from({ length: h.phnum }, (_, k) => k).find((k) => Number(get(b, ph(k), 4)) !== 1);
        if (i === undefined) break;
        put(b, ph(i), 4, 3n);
        const p = Buffer.from(rng.pick(['/nonexistent/ld.so\0', '/\0', '/proc/self/exe\0', `${process.execPath}\0`, '\0', 'relative/ld\0']));
        const { off: oo, w: ow } = field(i, PH_FIELDS[2]), { off: so, w: sw } = field(i, PH_FIELDS[5]);
        put(b, oo, ow, BigInt(b.length)); put(b, so, sw, BigInt(p.length));
        return { cls, data: Buffer.concat([b, p]) };
      }
      const i = ip[0];
      const o = Number(get(b, field(i, PH_FIELDS[2]).off, field(i, PH_FIELDS[2]).w)), n = Number(get(b, field(i, PH_FIELDS[5]).off, field(i, PH_FIELDS[5]).w));
      switch (rng.int(4)) {
        case 0: if (o + n <= b.length && n > 0) b[o + n - 1] = 0x41; break; // not NUL-terminated
        case 1: if (o + n <= b.length) b.fill(0, o, o + n); break; // empty path
        case 2: if (o + n <= b.length && n > 2) b[o + rng.int(n - 1)] = rng.pick([0, 0x2f, 0xff, 0x2e]); break;
        default: { const f = field(i, PH_FIELDS[5]); put(b, f.off, f.w, rng.pick([0n, 1n, 4096n, 0x7fffffffn, BigInt(b.length)])); }
      }
      break;
    }
    case 'note': {
      const notes = phdrsOfType(4);
      if (!notes.length) { const i = rng.int(Math.max(1, h.phnum)); put(b, ph(i), 4, 4n); break; }
      const i = rng.pick(notes);
      const o = Number(get(b, field(i, PH_FIELDS[2]).off, field(i, PH_FIELDS[2]).w));
      if (rng.chance(0.5)) put(b, o + 4 * rng.int(3), 4, BigInt(rng.pick(I32))); // namesz / descsz / type
      else { const f = field(i, rng.pick(PH_FIELDS)); put(b, f.off, f.w, interesting(rng, f.w, get(b, f.off, f.w), b.length)); }
      break;
    }
    case 'phdr-overlap': {
      const loads = phdrsOfType(1);
      if (loads.length < 2) break;
      const [x, y] = [rng.pick(loads), rng.pick(loads)];
      const v = field(x, PH_FIELDS[3]);
      put(b, field(y, PH_FIELDS[3]).off, v.w, get(b, v.off, v.w) + BigInt(rng.range(-0x2000, 0x2000)));
      break;
    }
    case 'truncate': return { cls, data: b.subarray(0, rng.chance(0.5) ? rng.int(Math.min(b.length, h.phoff + h.phent * h.phnum + 64)) : rng.int(b.length)) };
    case 'bytes': {
      const n = 1 + rng.int(8);
      for (let k = 0; k < n; k++) { const off = rng.chance(0.7) ? rng.int(Math.min(b.length, 512)) : rng.int(b.length); b[off] = rng.u32() & 255; }
      break;
    }
  }
  return { cls, data: b };
}

function resetMemory(mem: GuestMemory): void {
  for (const m of [...mem.pages.list()]) mem.pages.unmap(m.start, m.end - m.start);
}

/** Runs `count` mutants in-process; failures are described, not thrown. */
export function fuzzLoader(seed: number, count: number, mem: GuestMemory, dir = os.tmpdir()): FuzzStats {
  const rng = new Rng(seed);
  const seeds = seedFiles();
  const stats: FuzzStats = { mutants: 0, byClass: {}, reasons: {}, failures: [], slowest: { ms: 0, cls: '' } };
  const p = path.join(dir, `nodemu-fuzz-${process.pid}`);
  const rss0 = process.memoryUsage().rss;
  try {
    for (let i = 0; i < count; i++) {
      const s = rng.pick(seeds);
      const { cls, data } = mutate(s.data, rng);
      fs.writeFileSync(p, data, { mode: 0o755 });
      const c = (stats.byClass[cls] ??= { tried: 0, loaded: 0, rejected: 0 });
      c.tried++; stats.mutants++;
      const t0 = Date.now();
      try {
        const info = identifyElf(p);
        const prefix = PREFIX[info.arch];
        const plan = prepareLoad({ path: p, argv: ['x'], env: [], arch: info.arch, ldPrefix: fs.existsSync(prefix) ? prefix : undefined, random: new Uint8Array(16),
          // as for a fresh process (the CLI): the old contents of the shared memory are irrelevant here, and
          // clearing a mutant's multi-GiB bss page by page would measure the harness, not the loader
          assumeZeroed: true });
        resetMemory(mem);
        commitLoad(plan, mem);
        c.loaded++;
      } catch (e) {
        if (e instanceof LoadError && !e.message.includes('\n') && e.message.startsWith(`${p}: `) && (e.exitCode === 126 || e.exitCode === 127)) {
          c.rejected++;
          const r = e.reason.replace(/0x[0-9a-f]+|\d+/g, 'N').replace(/'[^']*'|"[^"]*"/g, 'S');
          stats.reasons[r] = (stats.reasons[r] ?? 0) + 1;
        } else {
          stats.failures.push(`mutant ${i} (${cls}, from ${path.basename(s.file)}): ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`);
          fs.writeFileSync(path.join(dir, `nodemu-fuzz-fail-${i}`), data);
        }
      }
      const ms = Date.now() - t0;
      if (ms > stats.slowest.ms) stats.slowest = { ms, cls };
      if (ms > 2000) stats.failures.push(`mutant ${i} (${cls}): took ${ms} ms`);
      if (process.memoryUsage().rss - rss0 > 1.5 * 2 ** 30) { stats.failures.push(`mutant ${i} (${cls}): host RSS grew by > 1.5 GiB`); break; }
    }
  } finally { if (fs.existsSync(p)) fs.unlinkSync(p); }
  return stats;
}
