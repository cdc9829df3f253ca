// Whole-program robustness (issue 10), each compared with qemu-<arch> on the same binary:
//  - smc: self-modifying code + instruction-cache flush (fresh pages, neighbours in one page,
//    the program's own .text, W^X remapping, generated code patching its own block) must run the
//    new code, interpreted and compiled (NODEMU_JIT_THRESHOLD=0 and 1);
//  - badsys: ~150 system calls with bad pointers, lengths, flags and file descriptors and huge
//    mmap/mremap/brk/malloc requests must fail with qemu's errno (ENOMEM for memory exhaustion).
// Binaries: test-binaries/common/c/{smc,badsys}.c (npm run build:tests).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const BINS: [string, string][] = [['riscv64', 'riscv64'], ['aarch64', 'aarch64'], ['arm', 'arm'], ['arm', 'arm-thumb']];
const MODES: Record<string, Record<string, string>> = { interp: {}, jit0: { NODEMU_JIT_THRESHOLD: '0' }, jit1: { NODEMU_JIT_THRESHOLD: '1' } };

function run(cmd: string, args: string[], env: Record<string, string> = {}): { out: string; status: number | null; signal: string | null } {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, timeout: 60_000, encoding: 'utf8' });
  return { out: r.stdout + r.stderr, status: r.status, signal: r.signal };
}

const cases: [string, string, string, string][] = [];
for (const prog of ['smc', 'badsys']) {
  for (const [arch, variant] of BINS) {
    const name = variant === 'arm-thumb' ? `${prog}-thumb` : prog;
    for (const mode of prog === 'smc' ? ['interp', 'jit0', 'jit1'] : ['interp', 'jit0']) cases.push([`${variant}/${prog}`, arch, name, mode]);
  }
}

const qemuOut = new Map<string, ReturnType<typeof run>>();
const haveQemu = (arch: string) => spawnSync(`qemu-${arch}`, ['--version']).status === 0;

test.each(cases)('%s (qemu-%s binary %s, %s)', (_label, arch, name, mode) => {
  const bin = path.join(ROOT, 'test-binaries', 'build', arch, name);
  if (!fs.existsSync(bin)) throw new Error(`missing ${bin} (npm run build:tests)`);
  if (!haveQemu(arch)) return;
  let q = qemuOut.get(bin);
  if (!q) { q = run(`qemu-${arch}`, [bin]); qemuOut.set(bin, q); }
  expect(q.status).toBe(0);
  const n = run(process.execPath, [NODEMU, bin], MODES[mode]);
  expect(n.out).toBe(q.out);
  expect(n.status).toBe(0);
  if (name.startsWith('badsys')) {
    expect(q.out).toMatch(/^\d+ calls$/m);
    expect(q.out).not.toMatch(/expected one of/);
  } else expect(q.out).toMatch(/self-patching: 600/);
}, 120_000);
