// Entry point of a guest process's worker thread (see process/host.ts).
// Messages: {type:'start'} loads a program; {type:'fork'} becomes the child of
// a fork (copying the parent's memory while the parent waits). The guest then
// runs synchronously until it exits or execs a host program; the exit status
// goes back to the host as a wait status.

import { saveCodeCache } from '../../codecache'; // first: later modules load through the code cache
import { parentPort, workerData, type MessagePort } from 'worker_threads';
import { setShared, multiProcess, interruptCheck, type SharedTablesInit } from './shared';
import { HostLink } from './rpc';
import type { GuestProcess, LoopResult, RunOptions } from '../run';
import type { ForkImage } from './image';

const port = parentPort!;
// Host fds are process-wide, and one guest process may close what another (or the main thread)
// opened: Node would print a warning meant for its own fd bookkeeping onto the guest's stderr.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
  if (String((w as Error)?.message ?? w).includes('closed but not opened in unmanaged mode')) return;
  (emitWarning as (...a: unknown[]) => void)(w, ...rest);
}) as typeof process.emitWarning;
setShared((workerData as { shared: SharedTablesInit }).shared);
multiProcess.enabled = true;
(require('../../log') as typeof import('../../log')).log.adopt((workerData as { log: { items: string[]; fd: number } }).log);

// Loaded now, while the worker waits to be used (a warm spare pays this before any fork).
const run = require('../run') as typeof import('../run');
const { signalPending } = require('../signals/delivery') as typeof import('../signals/delivery');
const { GuestExit } = require('../exit') as typeof import('../exit');

interface Channels { replies: MessagePort; ctl: SharedArrayBuffer; pid: number; ppid: number }
type StartMsg = Channels & { type: 'start'; opts: RunOptions };
type ForkMsg = Channels & { type: 'fork'; image: ForkImage; flags: number; extra: { newsp?: number; setTid?: number; clearTid?: number } };
/** The first process, moved here from the main thread (first.ts). */
type AdoptMsg = Channels & { type: 'adopt'; image: ForkImage; extra: { clearTid: number; robust: { head: number; len: number } } };

let current: GuestProcess | undefined;
let hostChildSignal: ((sig: number) => void) | undefined;

// Blocking waits outside the signals module (pipes, wait4) ask this between their slices.
interruptCheck.pending = () => {
  const k = current?.kernel;
  return k ? signalPending(k) : false;
};

function link(m: Channels): HostLink {
  return new HostLink((msg) => port.postMessage(msg), m.replies, new Int32Array(m.ctl));
}

function waitStatus(r: { code?: number; signal?: number }): number {
  return r.signal !== undefined ? r.signal & 0x7f : (r.code! & 0xff) << 8;
}

function finish(r: LoopResult): void {
  if ('hostExec' in r) {
    const { runHostProgram } = require('./host-exec') as typeof import('./host-exec'); // child_process: only when needed
    runHostProgram(r.hostExec, r.proc.kernel, (fn) => { hostChildSignal = fn; })
      .then((res) => exit(waitStatus(res)), () => exit(127 << 8));
    return;
  }
  exit(waitStatus(r));
}

function exit(status: number): void {
  try { current?.kernel.fds.closeAll(); } catch { /* best effort */ }
  saveCodeCache();
  port.postMessage({ op: 'exit', status });
}

function guarded(fn: () => LoopResult): void {
  let r: LoopResult;
  try {
    r = fn();
  } catch (e) {
    if (e instanceof GuestExit) r = e.signal ? { signal: e.signal } : { code: e.code };
    else {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`nodemu: internal error: ${msg.split('\n')[0]}\n`);
      if (process.env.DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
      r = { code: 1 };
    }
  }
  finish(r);
}

// What fork and exec load lazily, by architecture: a warm spare loads it while idle
// (host.ts takeWorker), not while the forking parent waits (~120 ms measured).
const PRELOAD: Record<string, string[]> = {
  aarch64: ['../../cpu/aarch64', '../aarch64/abi', '../signals/frame-aarch64'],
  arm: ['../../cpu/arm', '../arm/abi', '../signals/frame-arm'],
  riscv64: ['../../cpu/riscv64', '../riscv64/abi', '../signals/frame-riscv64'],
};

port.on('message', (m: StartMsg | ForkMsg | AdoptMsg | { type: 'signal'; sig: number } | { type: 'preload'; arch: string }) => {
  if (m.type === 'signal') { hostChildSignal?.(m.sig); return; }
  if (m.type === 'preload') {
    for (const mod of ['../kernel', './image', './exec', '../../loader', ...(PRELOAD[m.arch] ?? [])]) require(mod);
    if (PRELOAD[m.arch]) (require('../../syscalls/structs') as typeof import('../../syscalls/structs')).targetStructs(m.arch as 'arm');
    return;
  }
  const l = link(m);
  if (m.type === 'start') {
    guarded(() => {
      try {
        current = run.startProcess(m.opts, { pid: m.pid, ppid: m.ppid, link: l });
      } catch (e) {
        const { isLoadError } = require('../../loader/errors') as typeof import('../../loader/errors');
        if (!isLoadError(e)) throw e;
        process.stderr.write(`nodemu: ${(e as Error).message}\n`);
        return { code: (e as { exitCode: number }).exitCode };
      }
      return run.runLoop(current);
    });
    return;
  }
  if (m.type === 'adopt') {
    guarded(() => {
      current = run.adoptProcess(m.image, { pid: m.pid, ppid: m.ppid, link: l }, m.extra);
      return run.runLoop(current);
    });
    return;
  }
  let child: GuestProcess;
  try {
    child = run.forkProcess(m.image, { pid: m.pid, ppid: m.ppid, link: l });
    child.t.abi.setResult(child.cpu, 0);
    if (m.extra.newsp) child.t.start(child.cpu, child.cpu.pc, m.extra.newsp);
    if (m.extra.clearTid) child.kernel.clearChildTid = m.extra.clearTid;
    if (m.extra.setTid) child.mem.setU32(m.extra.setTid, m.pid, child.kernel.T.model.littleEndian);
  } catch (e) {
    port.postMessage({ op: 'forked', errno: 12 /* ENOMEM */ });
    const { log } = require('../../log') as typeof import('../../log');
    if (log.on('unimp')) log.write('unimp', `fork failed: ${(e as Error).stack ?? String(e)}`);
    return;
  }
  current = child;
  port.postMessage({ op: 'forked' });
  guarded(() => run.runLoop(child));
});
