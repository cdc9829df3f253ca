// A V8 code cache for nodemu's own modules (dist/**/*.js), so a process does not
// parse and compile the emulator again every time it starts (every guest
// process is a worker that loads the translator and a CPU front end).
//
// Installed first thing by bin/nodemu and by each guest worker: it replaces the
// CommonJS compile step for files under dist/ with a vm.Script carrying the
// cached data from the last run. V8 checks that data against the source and its
// own version and flags and rejects it on any mismatch, so a changed build can
// never run stale code; a rejected or missing entry is compiled normally. When
// anything had to be compiled, the cache is rewritten at exit with code for every
// function that ran (createCachedData after execution), atomically (temp file +
// rename) so concurrent processes never read a torn file. Everything here is
// best effort: any error turns the cache off, never the emulator.
//
// Where: $NODEMU_CACHE_DIR, else dist/.codecache (not writable: no cache);
// NODEMU_CODE_CACHE=0 turns it off. One file per thread role (main, worker).

import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { isMainThread } from 'worker_threads';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require('module') as {
  prototype: { _compile(content: string, filename: string): unknown };
  _extensions: Record<string, (module: { _compile(content: string, filename: string): unknown }, filename: string) => void>;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
};

interface Entry { script: vm.Script; hit: boolean }

const DIST = __dirname + path.sep;
const WRAP = '(function (exports, require, module, __filename, __dirname) { ';

/**
 * Next to the code it caches (dist/.codecache): it is only valid for this build, it needs no
 * home directory, and it never appears in the guest's files (guests see $HOME; a test
 * running `git status` in its HOME once found a .cache/ there).
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.NODEMU_CACHE_DIR || path.join(__dirname, '.codecache');
}

/**
 * A source file as a string. Ours are ASCII (esbuild escapes the rest; tsc output is
 * checked), and a latin1 decode of 1.4 MB takes ~1.5 ms where utf8 took ~6.
 */
export function readSource(file: string): string {
  const buf = fs.readFileSync(file);
  return isAscii?.(buf) ? buf.toString('latin1') : buf.toString('utf8');
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
const isAscii = (require('buffer') as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

let installed = false;

/** Installs the cache for this thread; `role` names its file (main and workers load different modules). */
export function installCodeCache(role: string): void {
  if (installed || process.env.NODEMU_CODE_CACHE === '0') return;
  installed = true;
  let file: string;
  const stored = new Map<string, Buffer>();
  try {
    file = path.join(cacheDir(), `code-${role}-${process.version}-${process.arch}.bin`);
    const buf = fs.readFileSync(file);
    // Layout: u32 index length, JSON [[relative path, length]...], then the data back to back.
    const n = buf.readUInt32LE(0);
    const index = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as [string, number][];
    let off = 4 + n;
    for (const [name, len] of index) {
      if (name.startsWith(FEATURES)) {
        for (const f of name.slice(FEATURES.length).split(',')) if (f) storedFeatures.add(f);
      } else {
        stored.set(name, buf.subarray(off, off + len));
      }
      off += len;
    }
  } catch {
    // no cache yet (or unreadable): compile and write one at exit
    file ??= '';
  }
  const entries = new Map<string, Entry>();
  let dirty = false;
  const features = new Set(storedFeatures);
  markFeature = (f: string) => {
    if (features.has(f)) return;
    features.add(f);
    dirty = true;
  };
  // Our files are CommonJS (no package scope to look up) and read as above.
  const loadJs = Module._extensions['.js'];
  Module._extensions['.js'] = function (this: unknown, module, filename) {
    if (!filename.startsWith(DIST)) return loadJs.call(this, module, filename);
    module._compile(readSource(filename), filename);
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (this: any, content: string, filename: string) {
    if (!filename.startsWith(DIST)) return compile.call(this, content, filename);
    const name = filename.slice(DIST.length);
    const cachedData = stored.get(name);
    const script = new vm.Script(WRAP + content + '\n})', { filename, cachedData, importModuleDynamically: undefined });
    const hit = cachedData !== undefined && !script.cachedDataRejected;
    if (!hit) dirty = true;
    entries.set(name, { script, hit });
    const mod = this;
    const req = ((id: string) => mod.require(id)) as NodeRequire;
    req.resolve = ((request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options)) as NodeRequire['resolve'];
    req.main = require.main;
    req.cache = Module._cache as NodeRequire['cache'];
    const fn = script.runInThisContext() as (...a: unknown[]) => unknown;
    return fn.call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
  };
  if (!file) return;
  save = () => {
    if (!dirty) return;
    dirty = false;
    try {
      const names: [string, number][] = [];
      const parts: Buffer[] = [];
      for (const [name, e] of entries) {
        const data = e.script.createCachedData();
        names.push([name, data.length]);
        parts.push(data);
      }
      // Keep what this run did not load (e.g. another architecture's front end).
      for (const [name, data] of stored) {
        if (entries.has(name)) continue;
        names.push([name, data.length]);
        parts.push(data);
      }
      names.push([FEATURES + [...features].join(','), 0]);
      const index = Buffer.from(JSON.stringify(names));
      const head = Buffer.alloc(4);
      head.writeUInt32LE(index.length, 0);
      // Explicit modes: guest workers run with umask 0 (the guest's umask is applied by hand).
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      fs.writeFileSync(tmp, Buffer.concat([head, index, ...parts]), { mode: 0o644 });
      fs.renameSync(tmp, file);
    } catch {
      // read-only home, full disk…: run without a cache
    }
  };
  process.on('exit', () => save());
}

let save = (): void => undefined;
let markFeature = (_f: string): void => undefined;
/** Index entry naming the features the stored code has seen (see codeCacheFeature). */
const FEATURES = '#features:';
const storedFeatures = new Set<string>();

/**
 * Notes that this run used a part of the emulator (e.g. 'translate': the decoder and
 * translator ran). The cache holds the functions that had run in the run that wrote it,
 * and is otherwise only rewritten when V8 rejects it: a cache written by a run taken
 * entirely from the translation cache would leave every later first run to compile the
 * translator lazily. A feature the stored cache has not seen makes this run rewrite it.
 */
export function codeCacheFeature(f: string): void { markFeature(f); }
/** Writes the cache now if anything was compiled (a worker calls it before reporting its exit: it may be terminated without an exit event). */
export function saveCodeCache(): void { save(); }
// Importing this module installs the cache for the current thread.
installCodeCache(isMainThread ? 'main' : 'worker');
