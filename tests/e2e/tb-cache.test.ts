// The translation cache on disk, end to end: a program's second run takes its blocks
// from the cache and behaves the same as under qemu, and a binary changed in place
// (same path, one instruction patched) runs its new code, never the cached translation.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const CC = 'aarch64-linux-gnu-gcc';
const haveCc = spawnSync(CC, ['--version']).status === 0;
const haveQemu = spawnSync('qemu-aarch64', ['-version']).status === 0;

// `return 0x1234` compiles to `mov w0, #0x1234` (movz: 0x52824680); the test patches it to #0x1235.
const SRC = '#include <stdio.h>\nint main(void) { puts("from the cache"); return 0x1234; }\n';
const MOVZ_1234 = 0x52824680, MOVZ_1235 = 0x528246a0;

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-tbc-e2e-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cacheFiles = (cache: string) => { try { return fs.readdirSync(path.join(cache, 'tb')).sort(); } catch { return []; } };

(haveCc ? test : test.skip)('second run from the cache; a patched binary runs its new code', () => {
  const src = path.join(dir, 'ret.c'), prog = path.join(dir, 'ret'), cache = path.join(dir, 'cache');
  fs.writeFileSync(src, SRC);
  const cc = spawnSync(CC, ['-O1', '-static', '-o', prog, src], { encoding: 'utf8' });
  expect(cc.stderr).toBe('');
  const env = { ...process.env, NODEMU_CACHE_DIR: cache };
  delete env.NODEMU_TB_CACHE;
  delete env.NODEMU_JIT_THRESHOLD;
  const run = () => spawnSync(process.execPath, [NODEMU, prog], { env, encoding: 'utf8' });
  const qemu = () => (haveQemu ? spawnSync('qemu-aarch64', [prog], { encoding: 'utf8' }) : undefined);

  const first = run();
  expect(first.stdout).toBe('from the cache\n');
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0x34);
  // One file per 64 KiB of code the program ran.
  const files = cacheFiles(cache).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeGreaterThan(0);
  const blocks = files.reduce((n, f) => n + fs.readFileSync(path.join(cache, 'tb', f), 'utf8').split('/*@tb*/').length - 1, 0);
  expect(blocks).toBeGreaterThan(100); // glibc's start-up and exit

  // The second run takes blocks from the files (only then does it write their V8 code caches).
  const second = run();
  expect([second.stdout, second.stderr, second.status]).toEqual([first.stdout, first.stderr, first.status]);
  expect(cacheFiles(cache)).toEqual(expect.arrayContaining(files.map((f) => f + '.v8')));
  const q = qemu();
  if (q) expect([second.stdout, second.stderr, second.status]).toEqual([q.stdout, q.stderr, q.status]);

  // Patch the instruction in place: same path, same size, same cache file.
  const bin = fs.readFileSync(prog);
  const word = Buffer.alloc(4);
  word.writeUInt32LE(MOVZ_1234);
  const at = bin.indexOf(word);
  expect(at).toBeGreaterThan(0);
  expect(bin.indexOf(word, at + 1)).toBe(-1);
  bin.writeUInt32LE(MOVZ_1235, at);
  fs.writeFileSync(prog, bin);
  const third = run();
  expect(third.stdout).toBe('from the cache\n');
  expect(third.status).toBe(0x35);
  const q3 = qemu();
  if (q3) expect(third.status).toBe(q3.status);
  // And the cache learns the new block: a fourth run agrees.
  expect(run().status).toBe(0x35);
});

(haveCc ? test : test.skip)('NODEMU_TB_CACHE=0 writes no translation cache', () => {
  const src = path.join(dir, 'ret0.c'), prog = path.join(dir, 'ret0'), cache = path.join(dir, 'cache0');
  fs.writeFileSync(src, SRC);
  expect(spawnSync(CC, ['-O1', '-static', '-o', prog, src]).status).toBe(0);
  const r = spawnSync(process.execPath, [NODEMU, prog], { env: { ...process.env, NODEMU_CACHE_DIR: cache, NODEMU_TB_CACHE: '0' }, encoding: 'utf8' });
  expect(r.status).toBe(0x34);
  expect(cacheFiles(cache)).toEqual([]);
});
