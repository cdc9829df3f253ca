// The first guest process's worker, started by bin/entry.js before the CLI and the
// process host load: Node's worker bootstrap (~30-40 ms, mostly its own internal
// modules) then overlaps the main thread's module loading instead of following it.
// The process host adopts it when the log settings it was given still hold.

import * as path from 'path';
import { Worker } from 'worker_threads';
import { SharedTables } from './shared';

export interface EarlyWorker { worker: Worker; shared: SharedTables; log: string }

let early: EarlyWorker | undefined;

/** Starts the worker unless one is waiting; `log` is the log configuration it is given. */
export function prestart(log: { items: string[]; fd: number } = { items: [], fd: 2 }): void {
  if (early) return;
  const shared = new SharedTables();
  const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { shared: shared.init, log }, stdout: false, stderr: false });
  worker.unref();
  early = { worker, shared, log: JSON.stringify(log) };
}

/** The waiting worker, left in place. */
export function peekEarly(): EarlyWorker | undefined { return early; }

/** The waiting worker (once). */
export function takeEarly(): EarlyWorker | undefined {
  const e = early;
  early = undefined;
  return e;
}
