// The JavaScript API (src/index.ts): run() of foreign programs from Node.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { commandLine, run } from '../../src/index';
import { CROSS_SYSROOT, ROOT } from './harness';

const bin = (arch: string, p: string) => path.join(ROOT, 'test-binaries', 'build', arch, p);

test('several runs at once, one per architecture, do not interfere', async () => {
  const archs = ['riscv64', 'aarch64', 'arm'] as const;
  const rs = await Promise.all([
    ...archs.map((a) => run({ path: bin(a, 'hello') })),
    ...archs.map((a) => run({ path: bin(a, 'exitcode'), args: [String(archs.indexOf(a) + 10)] })),
  ]);
  for (let i = 0; i < 3; i++) expect(rs[i]).toEqual({ code: 0, stdout: Buffer.from('Hello, world!\n'), stderr: Buffer.from('') });
  for (let i = 0; i < 3; i++) expect(rs[3 + i].code).toBe(10 + i);
});

test('argv, argv0, env, cwd and stdin data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-api-'));
  try {
    const args = await run({ path: bin('aarch64', 'args'), args: ['one', 'two words'], argv0: 'custom' });
    expect(args.stdout!.toString()).toContain('argc=3\nargv[0] basename=custom\nargv[1]=[one] len=3\nargv[2]=[two words] len=9\n');
    const env = await run({ path: bin('arm', 'env'), env: { NODEMU_TEST_VAR: 'bar', NODEMU_STRACE: '1' } });
    expect(env.stdout!.toString()).toContain("NODEMU_TEST_VAR='bar'\nNODEMU_TEST_EMPTY=(unset)");
    expect(env.stderr!.toString()).toBe(''); // the caller's NODEMU_* never configure the run
    const cat = await run({ path: bin('riscv64', 'cat'), stdin: 'some input\n', cwd: dir });
    expect(cat).toMatchObject({ code: 0 });
    expect(cat.stdout!.toString()).toContain('some input');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a guest killed by a signal resolves with the signal; streams and -L', async () => {
  const segv = await run({ path: bin('aarch64', 'segv'), stderr: 'ignore' });
  expect(segv.signal).toBe(11);
  expect(segv.code).toBeUndefined();
  const sink = new PassThrough();
  let seen = '';
  sink.on('data', (b) => { seen += b; });
  const dyn = await run({ path: bin('aarch64', 'hello-dyn'), ldPrefix: CROSS_SYSROOT.aarch64, stdout: sink });
  expect(dyn.code).toBe(0);
  expect(dyn.stdout).toBeUndefined();
  expect(seen).toBe('Hello, world!\n');
  const wrong = await run({ path: bin('arm', 'hello'), arch: 'aarch64' });
  expect(wrong.code).toBe(126);
  expect(wrong.stderr!.toString()).toMatch(/^nodemu-aarch64: .*hello: /);
});

test('command line built from options', () => {
  expect(commandLine({ path: '-odd', args: ['-x'], ldPrefix: '/p', cpu: 'max', stackSize: 1 << 20, argv0: 'a', strace: true }))
    .toEqual(['-L', '/p', '-cpu', 'max', '-s', '1048576', '-0', 'a', '-strace', '--', '-odd', '-x']);
});

test('usable from ESM and CommonJS (the built package)', () => {
  const dist = path.join(ROOT, 'dist', 'index.js');
  const hello = bin('riscv64', 'hello');
  const esm = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { run } from ${JSON.stringify(dist)}; const r = await run({ path: ${JSON.stringify(hello)} }); console.log(r.code, r.stdout.toString().trim());`], { encoding: 'utf8' });
  expect(esm.stdout).toBe('0 Hello, world!\n');
  const cjs = spawnSync(process.execPath, ['-e',
    `require(${JSON.stringify(dist)}).run({ path: ${JSON.stringify(hello)} }).then((r) => console.log(r.code, r.stdout.toString().trim()));`], { encoding: 'utf8' });
  expect(cjs.stdout).toBe('0 Hello, world!\n');
});
