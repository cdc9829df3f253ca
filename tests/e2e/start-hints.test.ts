// Start hints (src/linux-user/process/prestart.ts): each run records whether its first
// process stayed on the main thread or moved to a worker, and the next run of the same
// command line prestarts a worker only if it is likely to need one. A wrong guess must
// only cost time: a program recorded as staying that then moves still runs correctly.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hintSlot } from '../../src/linux-user/process/prestart';

const ROOT = path.resolve(__dirname, '..', '..');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const BUILD = path.join(ROOT, 'test-binaries', 'build', 'aarch64');
const HELLO = path.join(BUILD, 'hello'), MIGRATE = path.join(BUILD, 'migrate');
const have = fs.existsSync(HELLO) && fs.existsSync(MIGRATE);

let cache: string;
beforeAll(() => { cache = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-hints-')); });
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

function run(prog: string, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODEMU_CACHE_DIR: cache, ...extra };
  delete env.NODEMU_SINGLE_PROCESS;
  if (!extra.NODEMU_MAIN_THREAD) delete env.NODEMU_MAIN_THREAD;
  const r = spawnSync(process.execPath, [NODEMU, prog], { env, encoding: 'utf8', input: '' });
  return [r.stdout, r.stderr, r.status, r.signal];
}
const hint = (prog: string): number => {
  try { return fs.readFileSync(path.join(cache, 'start-hints'))[hintSlot([NODEMU, prog])] ?? 0; } catch { return 0; }
};
const setHint = (prog: string, v: number): void => {
  const fd = fs.openSync(path.join(cache, 'start-hints'), 'r+');
  fs.writeSync(fd, Buffer.of(v), 0, 1, hintSlot([NODEMU, prog]));
  fs.closeSync(fd);
};

(have ? test : test.skip)('a run records whether its first process moved; a wrong guess still runs correctly', () => {
  const hello = run(HELLO);
  expect(hello[0]).toMatch(/hello/i);
  expect(hint(HELLO)).toBe(1); // stayed on the main thread

  // migrate.c forks, uses pipes and signals: it moves to a worker.
  const reference = run(MIGRATE, { NODEMU_MAIN_THREAD: '0' });
  expect(reference[2]).toBe(0);
  expect(run(MIGRATE)).toEqual(reference);
  expect(hint(MIGRATE)).toBe(2);
  expect(run(MIGRATE)).toEqual(reference); // prestarted this time

  // Recorded as staying, but it moves: no worker is waiting, the host starts one then.
  setHint(MIGRATE, 1);
  expect(run(MIGRATE)).toEqual(reference);
  expect(hint(MIGRATE)).toBe(2);

  expect(run(HELLO)).toEqual(hello); // no worker prestarted
  expect(hint(HELLO)).toBe(1);
});
