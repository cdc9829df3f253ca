// State shared by every guest process of one emulator (each runs on its own
// worker thread, see docs/PROCESSES.md): host fds are process-wide in Node,
// so an open file description that several guest processes hold (after fork)
// is one host fd with a shared reference count and a shared file offset.
//
// The tables live in SharedArrayBuffers created by the main thread and handed
// to every worker (workerData.shared); a single-threaded run creates its own.

/** Host fds above this are not tracked across processes (they are not shared by fork). */
export const MAX_SHARED_FD = 1 << 16;

export interface SharedTablesInit {
  fdRefs: SharedArrayBuffer;
  fdPos: SharedArrayBuffer;
  /** [0] next guest pid; [1] live guest processes; [2] I/O sequence (io-wait.ts); [3] last socket id. */
  counters: SharedArrayBuffer;
}

export class SharedTables {
  /** Number of guest processes holding a description for host fd i. */
  readonly fdRefs: Int32Array;
  /** File offset of the description behind host fd i (the guest's view; Node has no lseek). */
  readonly fdPos: Float64Array;
  readonly counters: Int32Array;

  constructor(readonly init: SharedTablesInit = {
    fdRefs: new SharedArrayBuffer(MAX_SHARED_FD * 4),
    fdPos: new SharedArrayBuffer(MAX_SHARED_FD * 8),
    counters: new SharedArrayBuffer(16),
  }) {
    this.fdRefs = new Int32Array(init.fdRefs);
    this.fdPos = new Float64Array(init.fdPos);
    this.counters = new Int32Array(init.counters);
  }
}

let tables: SharedTables | undefined;

/** This thread's view of the shared tables. */
export function shared(): SharedTables {
  return tables ??= new SharedTables();
}

export function setShared(init: SharedTablesInit): void {
  tables = new SharedTables(init);
}

/**
 * Whether other guest processes may exist (we run on a worker under the
 * process host). Without them a read of an empty pipe whose writer is this
 * very process would block forever, so it fails instead (EAGAIN-like).
 */
export const multiProcess = { enabled: false };

/**
 * Checked by blocking waits (pipes, wait4, sleeps) between short timed waits:
 * returns true when a signal that should interrupt the call is pending.
 */
export const interruptCheck: { pending: () => boolean } = { pending: () => false };
