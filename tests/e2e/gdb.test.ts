// The gdbstub driven by Debian's gdb-multiarch in batch mode, for each guest
// architecture: break at main, next, info registers, print a local, step into
// a call, bt, all registers (FP/SIMD included), continue to the exit.
// The program is compiled here with -g (the shared test programs are not).

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
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `nodemu-gdb-${arch}-`));
    fs.writeFileSync(path.join(dir, 't.c'), SOURCE);
    prog = path.join(dir, 't');
    const cc = spawnSync(CC[arch], ['-g', '-O0', '-static', '-o', prog, path.join(dir, 't.c')], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`${CC[arch]} failed: ${cc.error ?? cc.stderr}`);
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
