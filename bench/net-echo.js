#!/usr/bin/env node
// Echo throughput: a guest epoll echo server (test-binaries net_epoll, "serve"
// mode) under nodemu and under qemu-<arch>, driven by CLIENTS host TCP clients
// that each send MSGS 32-byte messages (up to 4 in flight) and check every
// echoed byte. Prints msgs/s for both and the ratio.
//
//   node bench/net-echo.js [arch=aarch64] [clients=100] [msgs=1000]
'use strict';
const { spawn } = require('child_process');
const net = require('net');
const path = require('path');

const [arch = 'aarch64', clients = 100, msgs = 1000] = process.argv.slice(2).map((v, i) => (i === 0 ? v : Number(v)));
const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'test-binaries/build', arch, 'net_epoll');

function drive(port) {
  return new Promise((resolve, reject) => {
    let done = 0, bad = 0;
    const t0 = process.hrtime.bigint();
    for (let c = 0; c < clients; c++) {
      const s = net.connect(port, '127.0.0.1');
      s.setNoDelay(true);
      let sent = 0, got = 0, acc = Buffer.alloc(0);
      const msg = (i) => Buffer.from(`c${String(c).padStart(4, '0')} m${String(i).padStart(6, '0')}`.padEnd(32, '.'));
      const pump = () => { while (sent < msgs && sent - got < 4) s.write(msg(sent++)); };
      s.on('connect', pump);
      s.on('data', (d) => {
        acc = acc.length ? Buffer.concat([acc, d]) : d;
        while (acc.length >= 32) { if (!acc.subarray(0, 32).equals(msg(got))) bad++; got++; acc = acc.subarray(32); }
        if (got < msgs) return pump();
        s.end();
        if (++done === clients) {
          const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
          resolve({ seconds, bad, msgsPerSec: Math.round((clients * msgs) / seconds) });
        }
      });
      s.on('error', reject);
    }
  });
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '', result;
    p.stdout.on('data', async (d) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m && !result) result = drive(Number(m[1])).catch(reject);
    });
    p.on('exit', async (code) => {
      const r = await result;
      const served = /served (\d+) connections, (\d+) bytes echoed, next fd (\d+)/.exec(out);
      if (code !== 0 || !served || !r) return reject(new Error(`${cmd} exited ${code}: ${out}`));
      resolve({ ...r, connections: Number(served[1]), bytes: Number(served[2]), nextFd: Number(served[3]) });
    });
  });
}

(async () => {
  const nodemu = await run(path.join(ROOT, 'bin/nodemu'), [BIN, 'serve', String(clients)]);
  const qemu = await run(`qemu-${arch}`, [BIN, 'serve', String(clients)]);
  const expectBytes = clients * msgs * 32;
  for (const [name, r] of [['nodemu', nodemu], ['qemu', qemu]]) {
    console.log(`${name.padEnd(7)} ${r.msgsPerSec} msgs/s  (${r.seconds.toFixed(2)} s, ${r.connections} connections, ` +
      `${r.bytes} bytes echoed${r.bytes === expectBytes && r.bad === 0 ? ', all correct' : `, WRONG: ${r.bad} bad messages`}, next fd ${r.nextFd})`);
  }
  console.log(`ratio nodemu/qemu: ${(nodemu.msgsPerSec / qemu.msgsPerSec).toFixed(2)}`);
  if (nodemu.bad || qemu.bad || nodemu.bytes !== expectBytes) process.exitCode = 1;
})().catch((e) => { console.error(e.message); process.exit(1); });
