// -cpu: `-cpu help` lists the models of each architecture, and a model sets the
// AT_HWCAP the guest sees (and /proc/cpuinfo's Features, which follow it).

import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const auxv = (arch: string) => path.join(ROOT, 'test-binaries', 'build', arch, 'auxv');

function hwcap(arch: string, cpu?: string): number {
  const r = spawnSync(NODEMU, [...(cpu ? ['-cpu', cpu] : []), auxv(arch)], { encoding: 'utf8' });
  const m = /AT_HWCAP=(0x[0-9a-f]+)/.exec(r.stdout);
  if (!m) throw new Error(`no AT_HWCAP in: ${r.stdout}${r.stderr}`);
  return Number(m[1]);
}

test('-cpu help lists every architecture\'s models with what they mean', () => {
  const r = spawnSync(NODEMU, ['-cpu', 'help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^riscv64:\n  rv64 /m);
  expect(r.stdout).toMatch(/^aarch64:\n  max +Armv8\.0-A with LSE atomics/m);
  expect(r.stdout).toMatch(/^  cortex-a53 +Armv8\.0-A \(fp asimd cpuid, no LSE atomics\)$/m);
  expect(r.stdout).toMatch(/^  cortex-a9 +ARMv7-A, VFPv3-D32, NEON, no SDIV\/UDIV$/m);
  // nodemu-<arch> lists only its own.
  const arm = spawnSync(path.join(ROOT, 'bin', 'nodemu-arm'), ['-cpu', 'help'], { encoding: 'utf8' });
  expect(arm.stdout).toContain('arm:\n  max ');
  expect(arm.stdout).not.toContain('aarch64');
});

test('aarch64: max advertises LSE atomics, the Armv8.0 cores do not', () => {
  const ATOMICS = 1 << 8, FP = 1, ASIMD = 2, CPUID = 1 << 11;
  expect(hwcap('aarch64')).toBe(FP | ASIMD | ATOMICS | CPUID);
  expect(hwcap('aarch64', 'max')).toBe(FP | ASIMD | ATOMICS | CPUID);
  for (const c of ['cortex-a53', 'cortex-a57', 'cortex-a72']) expect(hwcap('aarch64', c)).toBe(FP | ASIMD | CPUID);
});

test('arm: Cortex-A8/A9 have no integer divide (HWCAP idiva/idivt)', () => {
  const IDIV = (1 << 17) | (1 << 18);
  const max = hwcap('arm');
  expect(max & IDIV).toBe(IDIV);
  expect(hwcap('arm', 'cortex-a15')).toBe(max);
  expect(hwcap('arm', 'cortex-a9')).toBe(max & ~IDIV);
  expect(hwcap('arm', 'cortex-a8')).toBe(max & ~IDIV);
});

test('an unknown model is refused for the program\'s architecture', () => {
  const r = spawnSync(NODEMU, ['-cpu', 'cortex-a9', auxv('aarch64')], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toBe("nodemu: unknown CPU model 'cortex-a9' for aarch64 (try '-cpu help')\n");
});
