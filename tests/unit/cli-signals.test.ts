// dieOfSignal: the parent must see the process killed by the guest's signal,
// including the signals Node handles itself (SIGSEGV/SIGBUS via V8's wasm trap
// handler, SIGPIPE ignored, SIGUSR1 = inspector).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { signalName } from '../../src/cli/signals';
import { tmpDir } from './loader-fixtures';

let dir: string;
let cleanup: () => void;
let script: string;
beforeAll(() => {
  ({ dir, cleanup } = tmpDir());
  // signals.ts only needs Node built-ins: transpile it so the test does not depend on a build.
  const src = fs.readFileSync(path.join(__dirname, '../../src/cli/signals.ts'), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  script = path.join(dir, 'signals.js');
  fs.writeFileSync(script, js);
});
afterAll(() => cleanup());

function dieWith(sig: number, extra = ''): ReturnType<typeof spawnSync> {
  const code = `${extra}; require(${JSON.stringify(script)}).dieOfSignal(${sig}); process.stdout.write('survived');`;
  return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 20000 });
}

test.each([
  ['SIGSEGV', 11], ['SIGBUS', 7], ['SIGILL', 4], ['SIGFPE', 8], ['SIGTRAP', 5], ['SIGABRT', 6],
  ['SIGPIPE', 13], ['SIGUSR1', 10], ['SIGTERM', 15], ['SIGKILL', 9], ['SIGSYS', 31],
])('%s kills the process', (name, num) => {
  const r = dieWith(num);
  expect(r.stdout).toBe('');
  expect(r.signal).toBe(name);
  expect(r.stderr).not.toMatch(/Debugger listening/);
});

test('SIGSEGV also with a 4 GiB shared wasm memory and compiled wasm', () => {
  const setup = 'new WebAssembly.Memory({ initial: 65536, maximum: 65536, shared: true }); ' +
    'new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0])))';
  const r = dieWith(11, setup);
  expect(r.signal).toBe('SIGSEGV');
});

test('a real-time signal', () => {
  const r = dieWith(40);
  // Node has no name for real-time signals: spawnSync reports status null, signal ''.
  expect(r.status).toBeNull();
  expect(r.stdout).toBe('');
});

test('a signal whose default action is to ignore falls back to exit(128+N)', () => {
  const r = dieWith(17); // SIGCHLD
  expect(r.signal).toBeNull();
  expect(r.status).toBe(128 + 17);
});

test('signalName', () => {
  expect(signalName(11)).toBe('SIGSEGV');
  expect(signalName(1000)).toBeUndefined();
});
