// The gdbstub's socket side, on its own thread: the guest (and with it the
// stub's command loop) runs synchronously and blocks in Atomics.wait while gdb
// has it stopped, so the TCP connection must be served elsewhere. This worker
// accepts one gdb connection, checks packet framing and checksums, acks, and
// hands each packet's payload to the stub through a SharedArrayBuffer; replies
// come back as messages (the worker's event loop runs while the stub blocks).
//
// Shared layout (Int32 words): [0] state (0 empty, 1 packet ready, 2 closed,
// 3 error: message in the buffer), [1] length, [2] interrupt requested (0x03),
// [3] replies flushed counter; bytes from offset 16.
//
// ^C (0x03 outside a packet) sets word [2] and the guest CPU's exit request word
// (sent as {wake}: the guest's WebAssembly.Memory and the word's offset), so
// translated code returns to the CPU loop, where the stub reports SIGINT.

import * as net from 'net';
import { parentPort, workerData } from 'worker_threads';

export const ST_EMPTY = 0, ST_PACKET = 1, ST_CLOSED = 2, ST_ERROR = 3;
export const DATA_OFFSET = 16;

function checksum(s: string): string {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = (c + s.charCodeAt(i)) & 0xff;
  return c.toString(16).padStart(2, '0');
}

function start(): void {
  const { port, host, sab } = workerData as { port: number; host: string; sab: SharedArrayBuffer };
  const ctl = new Int32Array(sab, 0, 4);
  const data = new Uint8Array(sab, DATA_OFFSET);
  const queue: Array<{ state: number; text: string }> = [];
  let sock: net.Socket | undefined;
  let buf = '';
  let wake: Int32Array | undefined;

  const pump = (): void => {
    if (Atomics.load(ctl, 0) !== ST_EMPTY || queue.length === 0) return;
    const item = queue.shift()!;
    const bytes = Buffer.from(item.text, 'latin1');
    const n = Math.min(bytes.length, data.length);
    data.set(bytes.subarray(0, n));
    Atomics.store(ctl, 1, n);
    Atomics.store(ctl, 0, item.state);
    Atomics.notify(ctl, 0);
    if (item.state !== ST_PACKET) return; // closed or failed: nothing follows
    // Wait (without blocking this thread) until the stub has taken the packet.
    // (Atomics.waitAsync: Node >= 16; not in this TypeScript lib.)
    const w = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> } }).waitAsync(ctl, 0, item.state);
    if (w.async) void w.value.then(pump); else setImmediate(pump);
  };
  const push = (state: number, text: string): void => { queue.push({ state, text }); pump(); };

  const onData = (chunk: Buffer): void => {
    buf += chunk.toString('latin1');
    for (;;) {
      // Acks from gdb carry nothing we need; ^C asks to stop a running guest.
      while (buf.length && buf[0] !== '$') {
        if (buf.charCodeAt(0) === 3) {
          Atomics.store(ctl, 2, 1);
          if (wake) { Atomics.store(wake, 0, 1); Atomics.notify(wake, 0); }
        }
        buf = buf.slice(1);
      }
      const hash = buf.indexOf('#');
      if (hash < 0 || buf.length < hash + 3) return;
      const payload = buf.slice(1, hash);
      const sum = buf.slice(hash + 1, hash + 3);
      buf = buf.slice(hash + 3);
      if (sum.toLowerCase() !== checksum(payload)) { sock?.write('-'); continue; }
      sock?.write('+');
      push(ST_PACKET, payload);
    }
  };

  const server = net.createServer((s) => {
    if (sock) { s.destroy(); return; } // one debugger at a time
    sock = s;
    server.close();
    s.setNoDelay(true);
    s.on('data', onData);
    s.on('error', () => undefined);
    s.on('close', () => push(ST_CLOSED, ''));
  });
  server.on('error', (e) => push(ST_ERROR, (e as Error).message));
  server.listen(port, host);

  parentPort!.on('message', (m: { send?: string; close?: boolean; wake?: { memory?: WebAssembly.Memory; offset: number; word?: Int32Array } }) => {
    if (m.wake) { wake = m.wake.word ?? new Int32Array(m.wake.memory!.buffer, m.wake.offset, 1); return; }
    if (m.send !== undefined && sock && !sock.destroyed) {
      sock.write(`$${m.send}#${checksum(m.send)}`, 'latin1', () => { Atomics.add(ctl, 3, 1); Atomics.notify(ctl, 3); });
    } else if (m.send !== undefined) {
      Atomics.add(ctl, 3, 1); Atomics.notify(ctl, 3);
    }
    if (m.close) {
      server.close();
      if (sock) sock.end(() => { Atomics.add(ctl, 3, 1); Atomics.notify(ctl, 3); parentPort!.close(); });
      else parentPort!.close();
    }
  });
}

if (parentPort && workerData && (workerData as { gdbstub?: boolean }).gdbstub) start();
