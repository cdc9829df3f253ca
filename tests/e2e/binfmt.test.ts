// nodemu-binfmt against the real kernel: each scenario runs in a new user and
// mount namespace with its own binfmt_misc mount (Linux ≥ 6.7 gives every user
// namespace its own binfmt_misc), so the machine's registrations are never touched.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './harness';

const BINFMT = path.join(ROOT, 'bin', 'nodemu-binfmt');
const BUILD = path.join(ROOT, 'test-binaries', 'build');
const ARCHS = ['riscv64', 'aarch64', 'arm'] as const;

/** Runs a bash script as root of a fresh user+mount namespace with a private binfmt_misc at $BFM. */
function inNamespace(script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'bash', '-c',
    `set -e; BFM=/proc/sys/fs/binfmt_misc; mount -t binfmt_misc binfmt_misc $BFM; ${script}`],
  { encoding: 'utf8', timeout: 60000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BINFMT, HOME: os.tmpdir() } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const probe = inNamespace('test -e $BFM/register');
const skipReason = probe.status !== 0 ? `user namespaces with a private binfmt_misc are not available here: ${probe.stderr.trim().split('\n')[0]}` : undefined;
const missing = ARCHS.filter((a) => !fs.existsSync(path.join(BUILD, a, 'hello')) || !fs.existsSync(path.join(BUILD, a, 'args')));
if (skipReason) {
  // A visible reason in the test output rather than a silent pass.
  test.skip(`binfmt_misc tests skipped: ${skipReason}`, () => undefined);
}
const d = skipReason ? describe.skip : describe;

d('nodemu-binfmt in a private binfmt_misc', () => {
  let tmp: string;
  beforeAll(() => {
    if (missing.length) throw new Error(`test programs missing for ${missing.join(', ')} (npm run build:tests)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-binfmt-'));
    for (const a of ARCHS) {
      for (const p of ['hello', 'args', 'exitcode']) fs.copyFileSync(path.join(BUILD, a, p), path.join(tmp, `${p}-${a}`));
      for (const p of ['hello', 'args', 'exitcode']) fs.chmodSync(path.join(tmp, `${p}-${a}`), 0o755);
    }
  });
  afterAll(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  test('install, run foreign programs directly, status, uninstall', () => {
    const r = inNamespace(`cd ${tmp}
      node $BINFMT install --prefix ${tmp}/interp
      echo "--- status"; node $BINFMT status
      for a in ${ARCHS.join(' ')}; do echo "--- $a"; ./hello-$a; sh -c "./exitcode-$a 7" || echo "status $?"; done
      echo "--- argv"; bash -c 'exec -a other-name ./args-aarch64 one'
      node $BINFMT uninstall
      echo "--- after"; node $BINFMT status; ls $BFM
      ./hello-arm || echo "exec after uninstall failed: $?"`);
    expect(r.stderr).toMatch(/hello-arm: cannot execute binary file: Exec format error/);
    expect(r.status).toBe(0);
    const [install, status, ...rest] = r.stdout.split(/^--- /m);
    for (const a of ARCHS) expect(install).toContain(`nodemu-${a}: registered, interpreter ${tmp}/interp/nodemu-${a}, flags -`);
    for (const a of ARCHS) expect(status).toContain(`nodemu-${a}: enabled, interpreter ${tmp}/interp/nodemu-${a}, flags -\n`);
    for (const a of ARCHS) {
      const part = rest.find((p) => p.startsWith(a + '\n'));
      expect(part).toBe(`${a}\nHello, world!\nexit(7)\nstatus 7\n`);
    }
    // Without P the kernel drops the caller's argv[0]: the guest sees the path.
    expect(rest.find((p) => p.startsWith('argv'))).toMatch(/argc=2\nargv\[0\] basename=args-aarch64\nargv\[1\]=\[one\]/);
    const after = rest.find((p) => p.startsWith('after'))!;
    for (const a of ARCHS) expect(after).toContain(`nodemu-${a}: not registered`);
    // The mount holds no entries any more.
    expect(after).toContain('not registered\nregister\nstatus\nexec after uninstall failed: 126\n');
  });

  test('P flag: the guest gets the caller\'s argv[0]; F flag: the interpreter is opened at registration', () => {
    const r = inNamespace(`cd ${tmp}
      node $BINFMT install --arch aarch64,arm --flags PF --prefix ${tmp}/interp-pf
      node $BINFMT status --arch aarch64
      bash -c 'exec -a other-name ./args-aarch64 one'
      bash -c 'exec -a arm-name ./args-arm'
      ./args-arm two`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`nodemu-aarch64: enabled, interpreter ${tmp}/interp-pf/nodemu-aarch64, flags PF`);
    expect(r.stdout).toContain('argc=2\nargv[0] basename=other-name\nargv[1]=[one]');
    expect(r.stdout).toContain('argc=1\nargv[0] basename=arm-name\n');
    expect(r.stdout).toContain('argc=2\nargv[0] basename=args-arm\nargv[1]=[two]');
    expect(r.stdout).not.toContain('riscv64');
  });

  test('never replaces another registration for the same magic unless --replace', () => {
    // A stand-in for qemu's registration: same magic and mask, another interpreter.
    const r = inNamespace(`cd ${tmp}
      printf '%s' ':qemu-aarch64:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/bin/false:' > $BFM/register
      set +e; node $BINFMT install --prefix ${tmp}/interp 2>&1; echo "status $?"; set -e
      ls $BFM | tr '\\n' ' '; echo
      node $BINFMT status --arch aarch64
      node $BINFMT install --arch aarch64 --replace --prefix ${tmp}/interp
      ls $BFM | tr '\\n' ' '; echo
      ./hello-aarch64`);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('nodemu-binfmt: aarch64 programs are already handled by qemu-aarch64: enabled, interpreter /bin/false, flags - (use --replace to replace)');
    expect(lines[1]).toBe('status 1');
    // The refusal registered nothing, not even the architectures without a conflict.
    expect(lines[2]).toBe('qemu-aarch64 register status ');
    expect(lines[3]).toBe('nodemu-aarch64: not registered');
    expect(lines[4]).toBe('  also claimed by qemu-aarch64: enabled, interpreter /bin/false, flags -');
    expect(lines[5]).toBe(`nodemu-aarch64: registered, interpreter ${tmp}/interp/nodemu-aarch64, flags -`);
    expect(lines[6]).toBe('nodemu-aarch64 register status ');
    expect(lines[7]).toBe('Hello, world!');
  });

  test('refuses clearly: not mounted, not root, unsupported flags', () => {
    const notMounted = spawnSync('unshare', ['--user', '--map-root-user', 'node', BINFMT, 'install', '--dir', tmp], { encoding: 'utf8' });
    expect(notMounted.stderr).toBe(`nodemu-binfmt: binfmt_misc is not mounted at ${tmp} (mount -t binfmt_misc binfmt_misc ${tmp})\n`);
    expect(notMounted.status).toBe(1);
    // A fake mount point, used by a non-root user (an unmapped user namespace runs as nobody).
    const fake = path.join(tmp, 'fake');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'register'), '');
    fs.writeFileSync(path.join(fake, 'status'), 'enabled\n');
    const notRoot = spawnSync('unshare', ['--user', 'node', BINFMT, 'install', '--dir', fake], { encoding: 'utf8' });
    expect(notRoot.stderr).toBe('nodemu-binfmt: must be run as root\n');
    expect(notRoot.status).toBe(1);
    expect(fs.readFileSync(path.join(fake, 'register'), 'utf8')).toBe('');
    const flags = spawnSync('node', [BINFMT, 'install', '--flags', 'OC', '--dir', fake], { encoding: 'utf8' });
    expect(flags.stderr).toMatch(/^nodemu-binfmt: --flags: O and C are not supported: .*\n$/);
    expect(flags.status).toBe(1);
    const arch = spawnSync('node', [BINFMT, 'install', '--arch', 'armeb', '--dir', fake], { encoding: 'utf8' });
    expect(arch.stderr).toBe('nodemu-binfmt: unsupported architecture \'armeb\' (supported: riscv64, aarch64, arm)\n');
  });
});
