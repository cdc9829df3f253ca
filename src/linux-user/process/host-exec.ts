// execve of a host-native program from a guest process (worker mode): the
// program runs on the host with the guest's cwd and environment. Guest fds
// that are host fds are handed over as they are; guest pipes live in shared
// memory, so for stdin/stdout/stderr a host pipe is pumped to/from them on
// this worker's event loop (which is idle now that the guest image is gone).

import * as cp from 'child_process';
import * as os from 'os';
import type { Readable, Writable } from 'stream';
import { PipeEnd, Pipe } from '../files';
import type { Kernel } from '../kernel';
import type { ExecTarget } from './exec';
import { envObject } from '../run';

/** Atomics.waitAsync (Node 16+; not in our TS lib target). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { value: Promise<string> | string } }).waitAsync;
const waitChange = async (h: Int32Array, i: number, v: number): Promise<void> => { await waitAsync(h, i, v, 100).value; };

type Result = { code: number; signal?: undefined } | { code?: undefined; signal: number };

/** How many guest fds are passed on (0..N-1); the rest are closed, as most are close-on-exec anyway. */
const PASSED_FDS = 10;

export function runHostProgram(
  tgt: ExecTarget & { kind: 'host' }, k: Kernel, onSignal: (fn: (sig: number) => void) => void,
): Promise<Result> {
  const stdio: (number | 'pipe' | 'ignore')[] = [];
  const pumps: { fd: number; end: PipeEnd }[] = [];
  let last = -1;
  for (let fd = 0; fd < PASSED_FDS; fd++) {
    if (!k.fds.has(fd)) { stdio.push('ignore'); continue; }
    const f = k.fds.get(fd);
    last = fd;
    if (f.hostFd !== undefined) stdio.push(f.hostFd);
    else if (f instanceof PipeEnd && fd <= 2) {
      stdio.push('pipe');
      // Our own reference for the pump, so closing the guest fds below keeps the pipe end open.
      pumps.push({ fd, end: new PipeEnd(f.pipe, f.writeEnd, false) });
    } else stdio.push('ignore');
  }
  stdio.length = Math.max(3, last + 1);
  return new Promise((resolve) => {
    let child: cp.ChildProcess;
    try {
      child = cp.spawn(tgt.hostPath, tgt.argv.slice(1), {
        argv0: tgt.argv[0], stdio, cwd: k.cwd.toString(), env: envObject(tgt.env),
      });
    } catch {
      for (const p of pumps) p.end.release();
      resolve({ code: 127 });
      return;
    }
    // The child holds its own copies now.
    k.fds.closeAll();
    onSignal((sig) => { try { child.kill(sig); } catch { /* gone */ } });
    const done: Promise<void>[] = pumps.map(({ fd, end }) => {
      const s = child.stdio[fd];
      if (!s) { end.release(); return Promise.resolve(); }
      return fd === 0 ? pumpIn(end.pipe, s as Writable).finally(() => end.release())
        // No reader left: what a pipe does to its writer. (Only closing our end of node's
        // socketpair would make the program's write fail with ECONNRESET, not EPIPE.)
        : pumpOut(s as Readable, end.pipe, () => { try { child.kill('SIGPIPE'); } catch { /* gone */ } })
          .finally(() => end.release());
    });
    child.on('error', () => resolve({ code: 127 }));
    child.on('exit', (code, signal) => {
      void Promise.all(done).then(() => {
        if (signal) resolve({ signal: (os.constants.signals as Record<string, number>)[signal] ?? 9 });
        else resolve({ code: code ?? 0 });
      });
    });
  });
}

/** Guest pipe → host program's stdin, until EOF or the program closes it. */
async function pumpIn(pipe: Pipe, to: Writable): Promise<void> {
  const buf = Buffer.alloc(Pipe.CAPACITY);
  let closed = false;
  to.on('error', () => { closed = true; });
  to.on('close', () => { closed = true; });
  for (;;) {
    if (closed) return;
    const [h, i] = pipe.seqView;
    const seq = Atomics.load(h, i);
    let n: number;
    try {
      n = pipe.read(buf, true);
    } catch {
      // Empty: wait for a writer to change the pipe.
      await waitChange(h, i, seq);
      continue;
    }
    if (n === 0) { to.end(); return; }
    if (!to.write(Buffer.from(buf.subarray(0, n)))) await new Promise((r) => { to.once('drain', r); to.once('close', r); });
  }
}

/**
 * Host program's stdout/stderr → guest pipe, pausing the stream while the pipe is full.
 * Chunks are queued: node resumes a child's paused stdio streams itself when the
 * child exits (flushStdio), so 'data' can arrive while a chunk still waits for room.
 * Resolves once the stream is closed and everything is in the pipe (the stream
 * reports 'close' as soon as it has handed out its last chunk).
 */
function pumpOut(from: Readable, pipe: Pipe, onBroken: () => void): Promise<void> {
  return new Promise((resolve) => {
    const queue: Buffer[] = [];
    let off = 0, broken = false, draining = false, closed = false;
    const settle = (): void => { if (closed && !draining) resolve(); };
    const drain = (): void => {
      draining = true;
      while (queue.length > 0) {
        const chunk = queue[0];
        const [h, i] = pipe.seqView;
        const seq = Atomics.load(h, i);
        try {
          off += pipe.write(chunk.subarray(off), true);
        } catch (e) {
          if ((e as { errno?: number }).errno === 32 /* EPIPE */ || pipe.readers === 0) {
            broken = true;
            queue.length = 0;
            onBroken();
            from.destroy();
            break;
          }
          from.pause();
          void waitChange(h, i, seq).then(drain);
          return;
        }
        if (off === chunk.length) { queue.shift(); off = 0; }
      }
      draining = false;
      if (!broken) from.resume();
      settle();
    };
    from.on('data', (chunk: Buffer) => {
      if (broken) return;
      queue.push(chunk);
      if (!draining) drain();
    });
    from.on('close', () => { closed = true; settle(); });
    from.on('error', () => { closed = true; settle(); });
  });
}
