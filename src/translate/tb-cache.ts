// A translation cache on disk: the blocks a program ran, lowered to JavaScript, so its
// next run starts without decoding, building IR or interpreting them.
//
// Files per (emulator build, architecture, main executable), one per 64 KiB of guest code
// (a chunk), so a run loads only the chunks it runs code from: a multi-call binary such as
// busybox gathers thousands of blocks over its applets, and loading all of them took longer
// than translating what one command needs. Written at process exit when the run translated
// new blocks, each a JavaScript script returning one entry per block,
//   [pc, end, insns, "<base64 of the guest bytes [pc, end)>", [helper keys], [helper slots],
//    (function tb_<pc>(cpu) { <lower-js block source, compacted> })]
// plus a V8 code cache for that script (<file>.v8), written by the next run, so a third
// run neither parses nor compiles it. A block calls helper k as HT[slot k], a table of the
// whole file that take() fills; the pcs a fault maps back to are a literal in its catch.
// No per-block factory: the script's closures are the block functions (creating ~800
// factories' closures took ~5 ms of a cached hello world).
//
// Safety: a cached block is used only where a fresh translation would be identical. A
// translation depends on the guest pc, the instruction bytes and whether their pages are
// executable, and on the translator itself. So an entry is taken only when the bytes now in
// guest memory at [pc, end) equal the bytes it was translated from (captured when it was
// translated, not at exit: code changed without a cache flush must not be recorded under
// its old translation) and those pages are executable; the file name and header hold a
// fingerprint of the translator's compiled files (size and mtime of dist/translate and
// dist/cpu), so a rebuilt emulator never reads an older build's code. A changed binary
// therefore only loses hits, it never runs stale code. Helpers (JS functions a block calls)
// are found again by key (name and signature; the fingerprint covers their code) in a
// registry filled by this run's own translations; a key seen on two different helper
// objects is never cached, and a block whose helpers are not known yet is translated as usual.
//
// Off with NODEMU_TB_CACHE=0, and whenever translation is being observed or changed (-d
// in_asm/op/op_opt/out_js, plugins, gdb, NODEMU_JIT_THRESHOLD). Everything is best effort:
// any error reading or writing the cache turns it off, never the emulator.

import * as fs from 'fs';
import * as path from 'path';
import type { Frontend } from '../cpu/types';
import type { GuestMemory } from '../memory/guest-memory';
import { GUEST_BASE, PAGE_SIZE } from '../memory/guest-memory';
import { PROT_EXEC } from '../memory/page-map';
import { log } from '../log';
import { Exit, type Helper, type Op } from './ir';
import { blockRuntime, lowerBlock, type BlockFn } from './lower-js';
import { optimizedOps, type BlockCode } from './translator';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const isAscii = (require('buffer') as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

const VERSION = 3;
/** A process writes the file only when it translated at least this many new blocks (avoids churn from short children). */
const MIN_NEW = 8;
/** Upper bounds per chunk file: blocks, and characters of JavaScript (~1.5 KB per block). */
const MAX_BLOCKS = 20000;
const MAX_CHARS = 8 << 20;
/** Upper bound on the whole tb/ directory: the least recently used files go first. */
const MAX_DIR_BYTES = 512 << 20;
const MARK = '\n/*@tb*/';

type Entry = [pc: number, end: number, insns: number, bytes: string, helpers: string[], slots: number[], fn: BlockFn];

/** Helpers by key (helperKey), from this run's translations (null: two different helpers share the key). */
const HELPERS = new Map<string, Helper | null>();
const KEYS = new WeakMap<Helper, string>();

/**
 * A helper's name and signature. Its code is covered by the translator fingerprint (a
 * rebuilt emulator uses other files), and two helper objects of one key are never cached.
 */
function helperKey(h: Helper): string {
  let k = KEYS.get(h);
  if (k === undefined) KEYS.set(h, k = `${h.name}(${h.args.join()})${h.ret ?? ''}`);
  return k;
}

/** Records the helpers a freshly built block calls, so cached blocks calling them can be resolved. */
export function noteHelpers(ops: readonly Op[]): void {
  for (const o of ops) if (o.op === 'call') noteHelper(o.helper);
}

function noteHelper(h: Helper): void {
  const key = helperKey(h), seen = HELPERS.get(key);
  if (seen === h || seen === null) return;
  if (seen === undefined) HELPERS.set(key, h);
  else {
    HELPERS.set(key, null);
    if (log.on('tb')) log.write('tb', `tb-cache: helper '${key}' is used by two helpers: not cached`);
  }
}

/** Set by scripts/bundle.js in dist/main.bundle.js: the fingerprint of the files bundled. */
declare const __NODEMU_TB_FINGERPRINT__: string | undefined;

let fingerprintMemo: string | undefined;
/**
 * Size and mtime of every compiled file that shapes a translation (this directory, the
 * CPU front ends, guest memory's layout): ~60 stats, kept to plain string work (this runs
 * cold at every start). The main thread's bundle carries the value for the files it was
 * made from, which is this code's own: a worker computing it from the same files gets the
 * same value, and from changed files another.
 */
export function translatorFingerprint(): string {
  if (fingerprintMemo !== undefined) return fingerprintMemo;
  if (typeof __NODEMU_TB_FINGERPRINT__ === 'string') return (fingerprintMemo = __NODEMU_TB_FINGERPRINT__);
  let parts = '';
  const walk = (dir: string, rel: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = `${dir}/${d.name}`;
      if (d.isDirectory()) walk(p, `${rel}${d.name}/`);
      else if (d.name.endsWith('.js')) {
        const st = fs.statSync(p);
        parts += `${rel}${d.name}:${st.size}:${Math.round(st.mtimeMs * 1000)}|`;
      }
    }
  };
  walk(__dirname, 'translate/');
  walk(path.join(__dirname, '..', 'cpu'), 'cpu/');
  walk(path.join(__dirname, '..', 'memory'), 'memory/'); // GUEST_BASE, PAGE_SIZE
  return (fingerprintMemo = hash(parts));
}

/** FNV-1a, 2 × 32 bits: names files; not a security boundary (the header holds the whole key). */
function hash(s: string): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

export function tbCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (/^(0|false|no|off)$/i.test(env.NODEMU_TB_CACHE ?? '')) return false;
  if (env.NODEMU_JIT_THRESHOLD !== undefined || env.NODEMU_CODE_CACHE === '0' && env.NODEMU_TB_CACHE === undefined) return false;
  return !['in_asm', 'op', 'op_opt', 'out_js'].some((i) => log.on(i));
}

/** Bytes [pc, end) of a block (Thumb pcs carry the mode in bit 0). */
function blockBytes(mem: GuestMemory, pc: number, end: number): Uint8Array {
  const base = pc - (pc & 1) - GUEST_BASE;
  return mem.u8.subarray(base, base + (end - pc));
}

/** Guest code per chunk file: a program loads only the chunks it runs code from. */
const CHUNK = 1 << 16;

/** One chunk file: the cached blocks whose pc lies in one CHUNK-sized, aligned range. */
class Chunk {
  entries: Entry[] = [];
  /** Entries not taken yet, by pc (each gets one chance). */
  readonly byPc = new Map<number, number>();
  /** Every entry of the file by pc. */
  inFile = new Map<number, number>();
  text = '';
  /** HT of the script: helper functions by slot, filled as blocks calling them are taken. */
  readonly slots: unknown[] = [];
  script: import('vm').Script | undefined;
  codeCacheOk = false;
  /** Entries taken this run. */
  used = 0;
  constructor(readonly file: string) {}
}

export class TbCache {
  private readonly chunks = new Map<number, Chunk>();
  /** Whether the front end's own helpers (Frontend.helpers) have been registered. */
  private feHelpers = false;

  private constructor(readonly base: string, private readonly key: string, private readonly fe: Frontend, private readonly mem: GuestMemory) {}

  /** The cache for `exePath`'s process, or undefined when caching is off or impossible. */
  static open(fe: Frontend, mem: GuestMemory, exePath: string, dir: string): TbCache | undefined {
    if (!tbCacheEnabled()) return undefined;
    try {
      const exe = fs.realpathSync(exePath);
      const key = `nodemu-tb ${VERSION} ${translatorFingerprint()} ${fe.arch} ${process.version} ${exe}`;
      return new TbCache(path.join(dir, 'tb', `${fe.arch}-${path.basename(exe).replace(/[^\w.-]/g, '_').slice(0, 40)}-${hash(key)}`), key, fe, mem);
    } catch (e) {
      if (log.on('tb')) log.write('tb', `tb-cache: off (${(e as Error).message})`);
      return undefined;
    }
  }

  /** Entries taken this run. */
  get used(): number { let n = 0; for (const c of this.chunks.values()) n += c.used; return n; }
  /** Chunk files looked at this run (loaded, or found missing). */
  get chunksSeen(): number { return this.chunks.size; }

  /** The chunk file holding blocks at `pc`. */
  fileFor(pc: number): string { return `${this.base}.${Math.floor(pc / CHUNK).toString(16)}.js`; }

  /** Blocks at `pc` come from this chunk, loaded on first use. */
  private chunk(pc: number): Chunk {
    const n = Math.floor(pc / CHUNK);
    let c = this.chunks.get(n);
    if (!c) {
      c = new Chunk(this.fileFor(pc));
      this.chunks.set(n, c);
      this.load(c);
    }
    return c;
  }

  private load(c: Chunk): void {
    let text: string;
    try {
      // Written by save() below: ASCII but for the executable's name in the header, and a latin1
      // decode is ~4x faster than utf8's.
      const buf = fs.readFileSync(c.file);
      text = isAscii?.(buf) ? buf.toString('latin1') : buf.toString('utf8');
    } catch { return; }
    const nl = text.indexOf('\n');
    if (text.slice(3, nl) !== this.key) return; // "// " + key
    let cached: Buffer | undefined;
    try { cached = fs.readFileSync(c.file + '.v8'); } catch { /* compiled below, cached at exit */ }
    const vm = require('vm') as typeof import('vm');
    const script = new vm.Script(text, { filename: c.file, cachedData: cached });
    const entries = (script.runInThisContext() as (...a: unknown[]) => Entry[])(...blockRuntime(this.mem.dv), c.slots);
    c.entries = entries;
    for (let i = 0; i < entries.length; i++) c.byPc.set(entries[i][0], i);
    c.inFile = new Map(c.byPc);
    c.text = text;
    c.script = script;
    c.codeCacheOk = cached !== undefined && !script.cachedDataRejected;
    try { const now = new Date(); fs.utimesSync(c.file, now, now); } catch { /* read-only: fine */ } // recently used (prune)
    if (log.on('tb')) log.write('tb', `tb-cache: ${entries.length} blocks from ${c.file}${c.codeCacheOk ? ' (code cache)' : ''}`);
  }

  /** A cached block for `pc`, if it matches guest memory now (see the file comment). */
  take(pc: number): { fn: BlockFn; end: number; insns: number } | undefined {
    const c = this.chunk(pc);
    const i = c.byPc.get(pc);
    if (i === undefined) return undefined;
    c.byPc.delete(pc); // one chance: if it does not match, the fresh translation replaces it
    const [, end, insns, b64, names, slots, fn] = c.entries[i];
    const pages = this.mem.pages;
    for (let a = pc - (pc & 1); a < end; a = (Math.floor(a / PAGE_SIZE) + 1) * PAGE_SIZE) if ((pages.protAt(a) & PROT_EXEC) === 0) return undefined;
    if ((pages.protAt(end - 1 - (pc & 1)) & PROT_EXEC) === 0) return undefined;
    if (!Buffer.from(b64, 'base64').equals(blockBytes(this.mem, pc, end))) return undefined;
    for (let k = 0; k < names.length; k++) {
      let h = HELPERS.get(names[k]);
      if (h === undefined && !this.feHelpers) {
        // Helpers the front end makes without its decoder (once): else this block is translated.
        this.feHelpers = true;
        for (const x of this.fe.helpers?.() ?? []) noteHelper(x);
        h = HELPERS.get(names[k]);
      }
      if (!h) return undefined;
      c.slots[slots[k]] = h.fn; // the same helper for every block of this key
    }
    c.used++;
    return { fn, end, insns };
  }

  /** The bytes a fresh block was translated from (copied now: the save happens much later). */
  static snapshot(mem: GuestMemory, code: BlockCode): Uint8Array {
    return blockBytes(mem, code.pc, code.end).slice();
  }

  /**
   * Writes the chunk files that gain blocks when this run translated enough new cacheable
   * blocks, else only the V8 code caches that loaded chunks lack. Called when the process
   * exits or execs.
   */
  save(fresh: Iterable<{ code: BlockCode; bytes: Uint8Array }>, minNew = MIN_NEW): void {
    try {
      // New entries by chunk (every chunk a new block lies in was looked up, so it is loaded).
      const added = new Map<Chunk, { pcs: Set<number>; parts: string[]; slotOf: Map<string, number>; next: number }>();
      let count = 0;
      for (const { code, bytes } of fresh) {
        if (code.insns === 0 || code.ops.some((o) => o.op === 'exit' && o.reason === Exit.Fault)) continue;
        const c = this.chunks.get(Math.floor(code.pc / CHUNK));
        if (!c) continue;
        let a = added.get(c);
        if (!a) {
          // Helper slots: the chunk's old entries keep theirs, new keys get the next ones.
          const slotOf = new Map<string, number>();
          for (const e of c.entries) e[4].forEach((k, i) => slotOf.set(k, e[5][i]));
          added.set(c, a = { pcs: new Set(), parts: [], slotOf, next: Math.max(-1, ...slotOf.values()) + 1 });
        }
        if (a.pcs.has(code.pc)) continue;
        const b64 = Buffer.from(bytes).toString('base64');
        const had = c.inFile.get(code.pc);
        if (had !== undefined && c.entries[had][3] === b64) continue; // already in the file
        const lowered = lowerBlock(optimizedOps(code), this.fe, code.pc.toString(16));
        const names = lowered.helpers.map(helperKey);
        if (lowered.helpers.some((h) => HELPERS.get(helperKey(h)) !== h)) continue;
        const slots = names.map((k) => { let i = a!.slotOf.get(k); if (i === undefined) a!.slotOf.set(k, i = a!.next++); return i; });
        a.pcs.add(code.pc);
        a.parts.push(`[${code.pc},${code.end},${code.insns},"${b64}",${JSON.stringify(names)},${JSON.stringify(slots)},\n${cachedSource(lowered.source, slots, lowered.pcs)}],`);
        count++;
      }
      if (count < minNew) {
        for (const c of this.chunks.values()) this.saveCodeCache(c);
        return;
      }
      for (const [c, a] of added) {
        if (!a.parts.length) { this.saveCodeCache(c); continue; }
        // Keep the old entries this run did not replace.
        const parts = a.parts;
        let size = parts.reduce((n, x) => n + x.length, 0);
        if (c.text) {
          const old = c.text.split(MARK);
          for (let i = 1; i < old.length && parts.length < MAX_BLOCKS && size < MAX_CHARS; i++) {
            const e = c.entries[i - 1];
            if (!e || a.pcs.has(e[0])) continue;
            parts.push(old[i].replace(/\n\]; \}\)\s*$/, ''));
            size += parts[parts.length - 1].length;
          }
        }
        this.write(c.file, `// ${this.key}\n(function (M, H, RT, FAULT, HT) { return [${parts.map((x) => MARK + x).join('')}\n]; })\n`);
        try { fs.unlinkSync(c.file + '.v8'); } catch { /* none */ }
        if (log.on('tb')) log.write('tb', `tb-cache: wrote ${parts.length} blocks to ${c.file}`);
      }
      for (const c of this.chunks.values()) if (!added.get(c)?.parts.length) this.saveCodeCache(c);
      prune(path.dirname(this.base), MAX_DIR_BYTES);
    } catch (e) {
      if (log.on('tb')) log.write('tb', `tb-cache: not saved (${(e as Error).message})`);
    }
  }

  private saveCodeCache(c: Chunk): void {
    if (!c.script || c.codeCacheOk || c.used === 0) return;
    this.write(c.file + '.v8', c.script.createCachedData());
    c.codeCacheOk = true;
  }

  private write(file: string, data: string | Uint8Array): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  }
}

/**
 * A block's lower-js source as a function expression of the cache file: helper k called
 * through the file's table (HT[slot k]), its pcs a literal (read only when it faults), and
 * without the comments and indentation (a third of the text).
 */
function cachedSource(source: string, slots: readonly number[], pcs: readonly number[]): string {
  // Without its parentheses: V8 compiles parenthesized functions eagerly, and a chunk loaded
  // without its code cache (the first time) then compiled every block (~70 ms for 1,200)
  // rather than those that run.
  const body = source
    .replace(/^return \(/, '')
    .replace(/\);\n\/\/# sourceURL=.*$/, '')
    .replace(/\bHELPERS\[(\d+)\]/g, (_m, k: string) => `HT[${slots[+k]}]`)
    .replace(/\bPCS\[ip\]/g, `[${pcs.join(',')}][ip]`);
  if (/\b(HELPERS|PCS)\b/.test(body)) throw new Error('unexpected use of HELPERS/PCS in a block');
  const out: string[] = [];
  for (const raw of body.split('\n')) {
    let line = raw.trim();
    if (line.startsWith('//')) continue;
    const c = line.lastIndexOf(' // ');
    if (c >= 0 && !/['"`]/.test(line.slice(c))) line = line.slice(0, c);
    if (line) out.push(line);
  }
  return out.join('\n');
}

/** Deletes the least recently used cache files (mtime: refreshed on every load) until `dir` holds at most `max` bytes. */
function prune(dir: string, max: number): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => {
    const p = path.join(dir, f);
    const st = fs.statSync(p);
    let size = st.size;
    try { size += fs.statSync(p + '.v8').size; } catch { /* none */ }
    return { p, size, t: st.mtimeMs };
  });
  let total = files.reduce((a, f) => a + f.size, 0);
  for (const f of files.sort((a, b) => a.t - b.t)) {
    if (total <= max) break;
    for (const q of [f.p, f.p + '.v8']) try { fs.unlinkSync(q); } catch { /* gone */ }
    total -= f.size;
  }
}
