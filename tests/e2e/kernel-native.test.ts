// Kernel semantics that qemu-user 7.2 cannot serve as the reference for: the
// same C program (test-binaries/common/c) compiled for the host with `gcc` and
// run natively is the reference, and nodemu must print the same and exit the
// same on every guest architecture.
//   orphans.c  reparenting to a child subreaper (qemu: prctl unsupported), an
//              orphaned stopped process group getting SIGHUP + SIGCONT
//   sigexec.c  pending signals, mask, ignored/caught dispositions and
//              ITIMER_REAL across execve (qemu cannot exec a foreign binary
//              without binfmt_misc), SA_NOCLDSTOP (qemu ignores it)
//   fdexec.c   timerfd, signalfd and eventfd across execve (same reason)

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Arch, BASE_ENV, NODEMU, ROOT, buildDir, runCommand } from './harness';

const PROGRAMS = ['orphans', 'sigexec', 'fdexec'];
const ARCHES: Arch[] = ['riscv64', 'aarch64', 'arm'];
const TIMEOUT_MS = 30_000;
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

const hostCc = spawnSync('gcc', ['--version']).status === 0;
let dir = '';

beforeAll(() => {
  if (hostCc) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-native-'));
});
afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

/** The program built for the host (once per run). */
function native(name: string): string {
  const out = path.join(dir, name);
  if (!fs.existsSync(out)) {
    const r = spawnSync('gcc', ['-O1', '-o', out, path.join(ROOT, 'test-binaries', 'common', 'c', `${name}.c`)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gcc ${name}.c: ${r.stderr}`);
  }
  return out;
}

for (const name of PROGRAMS) {
  describe(`${name}: same as the host kernel`, () => {
    if (!hostCc) {
      if (IN_CI) test('host gcc is available', () => { throw new Error('gcc missing (.ci/run installs it)'); });
      else test.skip('no host gcc', () => undefined);
      return;
    }
    let ref: { status: number; stdout: string; stderr: string } | undefined;
    for (const arch of ARCHES) {
      test(arch, async () => {
        const bin = path.join(buildDir(arch), name);
        if (!fs.existsSync(bin)) throw new Error(`${bin} missing (npm run build:tests)`);
        const env = { ...BASE_ENV };
        ref ??= await runCommand([native(name)], { env, timeoutMs: TIMEOUT_MS });
        const r = await runCommand([process.execPath, NODEMU, bin], { env, timeoutMs: TIMEOUT_MS });
        expect(r.timedOut).toBe(false);
        expect({ status: r.status, stdout: r.stdout, stderr: r.stderr })
          .toEqual({ status: ref.status, stdout: ref.stdout, stderr: ref.stderr });
      }, TIMEOUT_MS * 2);
    }
  });
}
