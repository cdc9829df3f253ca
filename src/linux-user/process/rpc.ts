// The worker side of the connection to the process host (process/host.ts on
// the main thread). A guest process runs synchronously on its worker, so its
// event loop never turns: requests go out with postMessage and the worker
// blocks in Atomics.wait on `ctl` until the host has posted the reply on a
// dedicated MessagePort, which it then reads synchronously
// (receiveMessageOnPort). Signals from other processes go through the
// signal mailbox the process registers (signals/delivery.ts).

import { receiveMessageOnPort, type MessagePort } from 'worker_threads';
import { E } from '../../syscalls/errno';
import { fail } from '../errors';
import { interruptCheck } from './shared';

/**
 * ctl[0]: reply ready. ctl[1]: the process's group is orphaned (kept up to date by the host).
 * ctl[2]: the process sleeps in a blocking call (for /proc/<pid>/stat).
 */
export const CTL_REPLY = 0, CTL_ORPHANED = 1, CTL_SLEEPING = 2;

export interface Reply { errno?: number; [k: string]: unknown }

/** Longest single wait before looking for signals (ms). */
const SLICE_MS = 50;

export class HostLink {
  constructor(
    private readonly post: (msg: unknown) => void,
    private readonly replies: MessagePort,
    readonly ctl: Int32Array,
  ) {}

  /**
   * A synchronous request. `interruptible` calls (wait4) give up with EINTR when
   * a signal the guest handles arrives; the host then answers the request with
   * {cancelled} unless it had already answered it.
   */
  call(op: string, args: Record<string, unknown> = {}, interruptible = false): Reply {
    this.post({ op, ...args });
    let cancelled = false;
    for (;;) {
      if (Atomics.load(this.ctl, CTL_REPLY) !== 0) break;
      if (interruptible && !cancelled && interruptCheck.pending()) {
        this.post({ op: 'cancel' });
        cancelled = true;
      }
      Atomics.wait(this.ctl, CTL_REPLY, 0, SLICE_MS);
    }
    Atomics.store(this.ctl, CTL_REPLY, 0);
    const m = receiveMessageOnPort(this.replies);
    if (!m) throw new Error(`process host: no reply to ${op}`);
    const r = m.message as Reply;
    if (r.cancelled) fail(E.EINTR);
    if (r.errno) fail(r.errno);
    return r;
  }

  /** A one-way message (no reply): 'stop' {sig} / 'cont' when the process stops or continues. */
  notify(op: string, args: Record<string, unknown>): void { this.post({ op, ...args }); }

  /** Tells the host the process image changed (vfork parents resume, ps names). */
  execed(path: string): void { this.post({ op: 'exec', path }); }

  /** A guest thread's exit-request word, set by the host every few ms so threads take turns. */
  preempt(word: Int32Array): void { this.post({ op: 'preempt', word }); }

  /**
   * Where other threads raise signals in this process (see signals/delivery.ts postSignal), and what
   * /proc/<pid> shows of it (name, argv, program); again after exec.
   */
  registerMailbox(mb: import('../signals/delivery').SignalMailbox, ident?: { comm: string; argv: string[]; exe: string }): void {
    this.post({ op: 'mailbox', mb, ident });
  }
}
