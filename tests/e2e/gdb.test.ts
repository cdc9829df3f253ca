// The gdbstub driven by Debian's gdb-multiarch in batch mode, for each guest
// architecture: break at main, next, info registers, print a local, step into
// a call, bt, all registers (FP/SIMD included), continue to the exit; hardware
// watchpoints (watch/rwatch/awatch: Z2-Z4); ^C (gdb's SIGINT → 0x03) stopping a
// guest spinning in compiled code; a fork while debugged (the child runs
// detached, like follow-fork-mode parent with detach-on-fork).
// The programs are compiled here with -g (the shared test programs are not).

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './harness';

const NODEMU = path.join(ROOT, 'bin', 'nodemu');
const CC: Record<string, string> = { riscv64: 'riscv64-linux-gnu-gcc', aarch64: 'aarch64-linux-gnu-gcc', arm: 'arm-linux-gnueabihf-gcc' };
/** A name from each architecture's FP/SIMD feature, and its flags register. */
const FP_REG: Record<string, RegExp> = { riscv64: /^fcsr\s/m, aarch64: /^fpsr\s/m, arm: /^fpscr\s/m };
const PC_REG: Record<string, RegExp> = { riscv64: /^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <main\+\d+>/m, aarch64: /^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <main\+\d+>/m, arm: /^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <main\+\d+>/m };

const SOURCE = `#include <stdio.h>
static int square(int x) {
  int y = x * x;
  return y;
}
int main(int argc, char **argv) {
  int local = 41;
  local = local + 1;
  int s = square(local);
  printf("local=%d s=%d\\n", local, s);
  return 3;
}
`;

/** For watchpoints, ^C and fork. */
const SOURCE2 = `#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
volatile int g;
volatile int r;
volatile int stop;
volatile unsigned long spins;
static void touch(int i) { g = i * 10; }
static int after_fork(int x) { return x + 1; }
int main(int argc, char **argv) {
  for (int i = 1; i <= 3; i++) touch(i);
  r = g + 1;
  printf("g=%d r=%d\\n", g, r);
  fflush(stdout);
  if (argc > 1 && strcmp(argv[1], "spin") == 0) while (!stop) spins++;
  if (argc > 1 && strcmp(argv[1], "fork") == 0) {
    pid_t p = fork();
    if (p == 0) { printf("child %d\\n", after_fork(1)); return 7; }
    int st;
    waitpid(p, &st, 0);
    printf("parent %d child status %d\\n", after_fork(10), WEXITSTATUS(st));
  }
  return 0;
}
`;

const haveGdb = spawnSync('gdb-multiarch', ['--version']).status === 0;
if (!haveGdb) test.skip('gdb tests skipped: gdb-multiarch is not installed (apt install gdb-multiarch)', () => undefined);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

const d = haveGdb ? describe : describe.skip;
d.each(Object.keys(CC))('gdb-multiarch with nodemu -g on %s', (arch) => {
  let dir: string;
  let prog: string;
  let prog2: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `nodemu-gdb-${arch}-`));
    fs.writeFileSync(path.join(dir, 't.c'), SOURCE);
    fs.writeFileSync(path.join(dir, 'w.c'), SOURCE2);
    prog = path.join(dir, 't');
    prog2 = path.join(dir, 'w');
    for (const [out, src] of [[prog, 't.c'], [prog2, 'w.c']]) {
      const cc = spawnSync(CC[arch], ['-g', '-O0', '-static', '-o', out, path.join(dir, src)], { encoding: 'utf8' });
      if (cc.status !== 0) throw new Error(`${CC[arch]} failed: ${cc.error ?? cc.stderr}`);
    }
  });

  /**
   * Runs `nodemu -g PORT program args` and a gdb batch session with `commands`;
   * `onOutput` sees the guest's stdout so far (and the gdb process) as it grows.
   */
  async function session(program: string, args: string[], commands: string[], onOutput?: (out: string, gdb: ReturnType<typeof spawn>) => void) {
    const port = await freePort();
    const emu = spawn(NODEMU, ['-g', String(port), program, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    emu.stderr!.on('data', (b) => { err += b; });
    const exited = new Promise<number | null>((resolve) => emu.on('exit', (code) => resolve(code)));
    try {
      const text = await new Promise<string>((resolve) => {
        const g = spawn('gdb-multiarch', ['-nx', '-batch', '-ex', 'set pagination off', '-ex', 'set confirm off', '-ex', 'set tcp connect-timeout 30',
          '-ex', `target remote 127.0.0.1:${port}`, ...commands.flatMap((c) => ['-ex', c]), program], { cwd: dir });
        let t = '';
        g.stdout.on('data', (b) => { t += b; });
        g.stderr.on('data', (b) => { t += b; });
        g.on('exit', () => resolve(t));
        emu.stdout!.on('data', (b) => { out += b; onOutput?.(out, g); });
      });
      // gdb has gone: the guest ends on its own (or never, if the session failed: then the checks below do).
      let timer: NodeJS.Timeout | undefined;
      const status = await Promise.race([exited, new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), 20_000); })]);
      clearTimeout(timer);
      return { text, status, out, err };
    } finally {
      emu.kill('SIGKILL');
    }
  }

  test('watchpoints: watch, rwatch, awatch (Z2-Z4) stop at the accessing line with old/new values', async () => {
    const r = await session(prog2, [], ['break main', 'continue', 'watch g', 'continue', 'continue', 'delete',
      'rwatch g', 'continue', 'delete', 'awatch r', 'continue', 'continue', 'delete', 'continue']);
    const t = r.text;
    // "Hardware watchpoint": gdb uses Z2 (a software watchpoint would single-step the whole program).
    expect(t).toMatch(/^Hardware watchpoint 2: g\n\nOld value = 0\nNew value = 10\ntouch \(i=1\) at .*w\.c:9$/m);
    expect(t).toMatch(/^Hardware watchpoint 2: g\n\nOld value = 10\nNew value = 20\ntouch \(i=2\) at .*w\.c:9$/m);
    expect(t).toMatch(/^Hardware read watchpoint 3: g\n\nValue = 30\n0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at .*w\.c:13$/m);
    expect(t).toMatch(/^Hardware access \(read\/write\) watchpoint 4: r\n\nOld value = 0\nNew value = 31\n/m);
    expect(t).toMatch(/^Hardware access \(read\/write\) watchpoint 4: r\n\nValue = 31\n/m);
    expect(t).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    expect(r.status).toBe(0);
    expect(r.out).toBe('g=30 r=31\n');
    expect(r.err).toBe('');
  });

  test('^C interrupts a guest spinning in compiled code (SIGINT stop), then it continues to the exit', async () => {
    let sent = false;
    const r = await session(prog2, ['spin'], ['continue', 'print spins > 1000', 'bt 1', 'set var stop = 1', 'continue'], (out, g) => {
      // Once the guest has printed it spins; gdb turns its own SIGINT into 0x03 on the wire.
      if (sent || !out.includes('g=30')) return;
      sent = true;
      setTimeout(() => g.kill('SIGINT'), 500);
    });
    const t = r.text;
    expect(t).toMatch(/^Program received signal SIGINT, Interrupt\.$/m);
    expect(t).toMatch(/^\$1 = 1$/m);
    expect(t).toMatch(/^#0  (0x[0-9a-f]+ in )?main \(argc=2, argv=0x[0-9a-f]+\) at .*w\.c:16$/m);
    expect(t).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    expect(r.status).toBe(0);
    expect(r.out).toBe('g=30 r=31\n');
  });

  test('fork while debugged: the child runs detached, the parent stops at its breakpoint', async () => {
    const r = await session(prog2, ['fork'], ['break after_fork', 'continue', 'print x', 'continue']);
    const t = r.text;
    // Only the parent's call (x=10) stops; the child's after_fork(1) runs without gdb.
    expect(t).toMatch(/^Breakpoint 1, after_fork \(x=10\) at .*w\.c:10$/m);
    expect(t).toMatch(/^\$1 = 10$/m);
    expect(t.match(/^Breakpoint 1, /gm)).toHaveLength(1);
    expect(t).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    expect(r.status).toBe(0);
    expect(r.out).toBe('g=30 r=31\nchild 2\nparent 11 child status 7\n');
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  test('break, next, registers, print, step, bt, continue to exit', async () => {
    const port = await freePort();
    const emu = spawn(NODEMU, ['-g', String(port), prog], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    emu.stdout.on('data', (b) => { out += b; });
    emu.stderr.on('data', (b) => { err += b; });
    const exited = new Promise<number | null>((resolve) => emu.on('exit', (code) => resolve(code)));
    try {
      // gdb retries the connection (set tcp auto-retry) until nodemu listens.
      const gdb = await new Promise<{ code: number | null; text: string }>((resolve) => {
        const g = spawn('gdb-multiarch', ['-nx', '-batch',
          '-ex', 'set pagination off', '-ex', 'set confirm off', '-ex', 'set tcp connect-timeout 30',
          '-ex', `target remote 127.0.0.1:${port}`,
          '-ex', 'break main', '-ex', 'continue', '-ex', 'next', '-ex', 'next',
          '-ex', 'info registers', '-ex', 'print local', '-ex', 'step', '-ex', 'bt',
          '-ex', 'info all-registers', '-ex', 'continue', prog], { cwd: dir });
        let text = '';
        g.stdout.on('data', (b) => { text += b; });
        g.stderr.on('data', (b) => { text += b; });
        g.on('exit', (code) => resolve({ code, text }));
      });
      const t = gdb.text;
      expect(t).toMatch(/Breakpoint 1 at 0x[0-9a-f]+: file .*t\.c, line 7\./);
      expect(t).toMatch(/Breakpoint 1, main \(argc=1, argv=0x[0-9a-f]+\) at .*t\.c:7/);
      // The two `next`s print the following source lines.
      expect(t).toMatch(/^8\t  local = local \+ 1;\n9\t  int s = square\(local\);$/m);
      expect(t).toMatch(PC_REG[arch]);
      expect(t).toMatch(/^\$1 = 42$/m);
      expect(t).toMatch(/^square \(x=42\) at .*t\.c:3$/m);
      expect(t).toMatch(/^#0  square \(x=42\) at .*t\.c:3\n#1  0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at .*t\.c:9$/m);
      expect(t).toMatch(FP_REG[arch]);
      expect(t).toMatch(/\[Inferior 1 \(Remote target\) exited with code 03\]/);
      expect(t).not.toMatch(/Remote connection closed|Cannot access memory/);
      expect(await exited).toBe(3);
      expect(out).toBe('local=42 s=1764\n');
      expect(err).toBe('');
    } finally {
      emu.kill('SIGKILL');
    }
  });
});
