// Networking end to end (issue 8, docs/NETWORKING.md):
// - our own socket/poll test programs (test-binaries/common/c/net_*.c) on
//   riscv64, aarch64 and arm: same stdout and exit status as qemu-<arch>;
// - the epoll echo server answering many host TCP clients, every byte checked,
//   no guest fd leaked;
// - Debian's arm64 busybox: httpd serving files to host clients (curl when
//   installed, else Node's http) and wget downloading from a host HTTP server,
//   byte-identical.

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { NODEMU, ROOT } from './harness';

const ARCHES = ['riscv64', 'aarch64', 'arm'] as const;
const PROGRAMS = ['net_basic', 'net_poll', 'net_epoll'];
const bin = (arch: string, name: string) => path.join(ROOT, 'test-binaries', 'build', arch, name);
const BUSYBOX = path.join(ROOT, '.cache', 'real', 'arm64', 'bin', 'busybox');

function run(cmd: string, args: string[], timeoutMs = 60_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(ARCHES)('%s socket and poll programs vs qemu', (arch) => {
  test.each(PROGRAMS)('%s', (name) => {
    const b = bin(arch, name);
    if (!fs.existsSync(b)) throw new Error(`${b} missing (npm run build:tests)`);
    const ref = run(`qemu-${arch}`, [b]);
    const ours = run(NODEMU, [b]);
    expect(ref.status).toBe(0);
    expect(ours.stdout).toBe(ref.stdout);
    expect(ours.status).toBe(ref.status);
  }, 150_000);
});

/** Starts `args` under nodemu and resolves with the child once `ready` matches its stdout. */
function startGuest(args: string[], ready: RegExp): Promise<{ child: ReturnType<typeof spawn>; match: RegExpExecArray; out: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODEMU, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m, out: () => out });
    });
    child.stderr!.on('data', (d) => { out += d; });
    child.on('exit', (code) => reject(new Error(`guest exited (${code}) before it was ready: ${out}`)));
  });
}

test('epoll echo server: 100 host clients x 200 messages, every byte correct, no fd leaked', async () => {
  const clients = 100, msgs = 200;
  const { child, match, out } = await startGuest([bin('aarch64', 'net_epoll'), 'serve', String(clients)], /port (\d+)/);
  const port = Number(match[1]);
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  let bad = 0;
  await Promise.all(Array.from({ length: clients }, (_, c) => new Promise<void>((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let sent = 0, got = 0, acc = Buffer.alloc(0);
    const msg = (i: number) => Buffer.from(`c${c} m${i} `.padEnd(32, '.'));
    const pump = () => { while (sent < msgs && sent - got < 4) s.write(msg(sent++)); };
    s.on('connect', pump);
    s.on('data', (d) => {
      acc = Buffer.concat([acc, d]);
      while (acc.length >= 32) { if (!acc.subarray(0, 32).equals(msg(got))) bad++; got++; acc = acc.subarray(32); }
      if (got < msgs) pump(); else { s.end(); resolve(); }
    });
    s.on('error', reject);
  })));
  expect(await exited).toBe(0);
  expect(bad).toBe(0);
  // The listener is fd 3; every connection closed, so the probe socket gets fd 4 again.
  expect(out()).toContain(`served ${clients} connections, ${clients * msgs * 32} bytes echoed, next fd 4`);
}, 120_000);

const haveBusybox = fs.existsSync(BUSYBOX);
const haveCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0;

function httpGet(url: string): Promise<{ status: number; body: Buffer }> {
  if (haveCurl) {
    return new Promise((resolve, reject) => {
      const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-curl-')), 'out');
      const p = spawn('curl', ['-s', '-o', tmp, '-w', '%{http_code}', url]);
      let code = '';
      p.stdout.on('data', (d) => { code += d; });
      p.on('exit', (rc) => (rc === 0 ? resolve({ status: Number(code), body: fs.readFileSync(tmp) }) : reject(new Error(`curl ${rc}`))));
    });
  }
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

(haveBusybox ? describe : describe.skip)('Debian arm64 busybox (fetch-real-binaries.sh)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodemu-www-'));
  const big = Buffer.alloc(3 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  fs.writeFileSync(path.join(dir, 'big.bin'), big);
  fs.writeFileSync(path.join(dir, 'index.html'), '<h1>served by a guest</h1>\n');

  test('httpd serves files to host clients, byte-identical', async () => {
    const port = await freePort();
    const child = spawn(NODEMU, [BUSYBOX, 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', dir], { stdio: 'ignore' });
    try {
      let index: { status: number; body: Buffer } | undefined;
      for (let i = 0; i < 100 && !index; i++) {
        try { index = await httpGet(`http://127.0.0.1:${port}/index.html`); } catch { await new Promise((r) => setTimeout(r, 100)); }
      }
      expect(index?.status).toBe(200);
      expect(index?.body.toString()).toBe('<h1>served by a guest</h1>\n');
      const got = await httpGet(`http://127.0.0.1:${port}/big.bin`);
      expect(got.status).toBe(200);
      expect(got.body.equals(big)).toBe(true);
      expect((await httpGet(`http://127.0.0.1:${port}/missing`)).status).toBe(404);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  test('wget downloads from a host HTTP server, byte-identical', async () => {
    const server = http.createServer((req, res) => {
      const f = path.join(dir, path.basename(req.url ?? '/'));
      if (!fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-length': fs.statSync(f).size });
      fs.createReadStream(f).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const out = path.join(dir, 'downloaded.bin');
    try {
      const code = await new Promise<number | null>((resolve) => {
        spawn(NODEMU, [BUSYBOX, 'wget', '-q', '-O', out, `http://127.0.0.1:${port}/big.bin`], { stdio: 'ignore' }).on('exit', resolve);
      });
      expect(code).toBe(0);
      expect(fs.readFileSync(out).equals(big)).toBe(true);
    } finally {
      server.close();
    }
  }, 120_000);
});
