// The first guest process's worker, started by bin/entry.js before the CLI and the
// process host load: Node's worker bootstrap (~30-40 ms, mostly its own internal
// modules) then overlaps the main thread's module loading instead of following it.
// The process host adopts it when the log settings it was given still hold.
//
// Only when it is likely to be needed: the first process runs on the main thread
// (first.ts) and most short-lived programs never leave it, and a worker nobody uses
// costs the main thread ~18 ms (creating it, loading the process host, joining it at
// exit) and the other core its whole boot. So each run remembers, per command line,
// whether its first process moved to a worker: a byte per hashed command line in
// <cache dir>/start-hints (0 unknown, 1 stayed, 2 moved). Unknown command lines and
// those that moved last time prestart; those that stayed do not, and should one move
// after all, the worker starts then. A collision or a changed program only costs a
// wrong guess, never a wrong result.

import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { SharedTables } from './shared';

export interface EarlyWorker { worker: Worker; shared: SharedTables; log: string }

let early: EarlyWorker | undefined;
let tables: SharedTables | undefined;

/** The shared tables of this emulator's guest processes: made here so the first process (on the main thread) and its later worker agree. */
export function earlyShared(): SharedTables {
  return (tables ??= new SharedTables());
}

/** Starts the worker unless one is waiting; `log` is the log configuration it is given. */
export function prestart(log: { items: string[]; fd: number } = { items: [], fd: 2 }): void {
  if (early) return;
  const shared = earlyShared();
  const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { shared: shared.init, log }, stdout: false, stderr: false });
  worker.unref();
  early = { worker, shared, log: JSON.stringify(log) };
}

/** The waiting worker, left in place. */
export function peekEarly(): EarlyWorker | undefined { return early; }

/** The waiting worker (once), and the shared tables made so far (the host must keep using them). */
export function takeEarly(): { worker?: EarlyWorker; shared?: SharedTables } {
  const e = early;
  early = undefined;
  const shared = tables;
  tables = undefined;
  return { worker: e, shared };
}

const HINT_SLOTS = 1 << 16;
const enum Hint { Unknown = 0, Stayed = 1, Moved = 2 }
let hintFile: string | undefined;
let mySlot = -1;
let hintSeen: Hint = Hint.Unknown;

/** FNV-1a of the command line (script and arguments): which byte of the hint file is its. */
export function hintSlot(argv: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const a of argv) {
    for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0, 0x01000193);
  }
  return (h >>> 0) % HINT_SLOTS;
}

/**
 * Prestarts the worker unless this command line's first process stayed on the main
 * thread last time (see the file comment). `argv`: our own command line (script and
 * arguments); `dir`: the cache directory.
 */
export function prestartIfLikely(argv: readonly string[], dir: string): void {
  try {
    hintFile = path.join(dir, 'start-hints');
    mySlot = hintSlot(argv);
    const fd = fs.openSync(hintFile, 'r');
    try {
      const b = Buffer.alloc(1);
      if (fs.readSync(fd, b, 0, 1, mySlot) === 1) hintSeen = b[0] as Hint;
    } finally { fs.closeSync(fd); }
  } catch { /* no hints yet (or unreadable): unknown */ }
  if (hintSeen !== Hint.Stayed) prestart();
}

/** Records whether the first process moved to a worker, for the next run of the same command line. */
export function noteFirstProcess(moved: boolean): void {
  const v = moved ? Hint.Moved : Hint.Stayed;
  if (hintFile === undefined || mySlot < 0 || hintSeen === v) return;
  hintSeen = v;
  try {
    let fd: number;
    try { fd = fs.openSync(hintFile, 'r+'); } catch {
      fs.mkdirSync(path.dirname(hintFile), { recursive: true, mode: 0o755 });
      fd = fs.openSync(hintFile, 'a', 0o666); // created sparse: the write below extends it
      fs.closeSync(fd);
      fd = fs.openSync(hintFile, 'r+');
    }
    try { fs.writeSync(fd, Buffer.of(v), 0, 1, mySlot); } finally { fs.closeSync(fd); }
  } catch { /* read-only cache: no hints, every run prestarts */ }
}
