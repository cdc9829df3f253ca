// The process host: runs on the main thread of the emulator and owns the
// process table. Every guest process runs on its own worker thread
// (process/worker.ts); the main thread's event loop stays free to answer
// their requests (fork, wait4, kill, process groups), to forward host signals
// and to notice exits. See docs/PROCESSES.md for the model and its costs.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, Worker, type MessagePort } from 'worker_threads';
import { E } from '../../syscalls/errno';
import type { RunOptions, RunResult } from '../run';
import type { ForkImage } from './image';
import type { PeerInfo } from '../proc';
import { SharedTables, setShared } from './shared';
import { CTL_ORPHANED, CTL_SLEEPING } from './rpc';
import { postSignal, type SignalMailbox } from '../signals/delivery';
import { MB_PENDING_HI, MB_PENDING_LO, MB_SENDER } from '../signal-state';
import { debugLogger } from '../../log';

const dbg = debugLogger('nodemu:proc');

// Wait options as the worker sends them (wait4 adds WEXITED).
const WNOHANG = 1, WUNTRACED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000;
const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;
const SIGCONT = 18;
const SIGCHLD = 17, SIGKILL = 9, SIGINT = 2, SIGTERM = 15, SIGHUP = 1, SIGQUIT = 3;
const CLONE_VFORK = 0x4000;

interface WaitRequest { pid: number; options: number }

class Proc {
  worker: Worker | undefined;
  /** Where replies go (the worker reads them synchronously). */
  replyPort: MessagePort | undefined;
  ctl = new Int32Array(new SharedArrayBuffer(12));
  /** Where signals are raised (registered by the worker once its image exists, again after exec). */
  mailbox: SignalMailbox | undefined;
  /** Exit-request words of the process's threads (time slices, see threads.ts). */
  preempt: Int32Array[] = [];
  /** Signals sent before the mailbox was registered: [sig, sender]. */
  early: [number, number][] = [];
  /** Wait status once exited (a zombie until reaped). */
  status: number | undefined;
  readonly children = new Set<Proc>();
  pendingWait: WaitRequest | undefined;
  /** A vfork parent's fork reply, held until this child execs or exits. */
  vforkParent: { parent: Proc; reply: Record<string, unknown> } | undefined;
  /** A pending request is being answered (a late cancel must not produce a second reply). */
  awaitingReply = false;
  /** prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants are reparented here. */
  subreaper = false;
  /** Stopped by a stop signal (until SIGCONT or SIGKILL). */
  stopped = false;
  /** A stop or continue not yet reported to a wait (the wait status: 0x7f | sig << 8, or 0xffff). */
  report: number | undefined;
  /** What /proc/<pid> shows: reported by the worker at start and after each exec. */
  ident = { comm: '', argv: [] as string[], exe: '' };
  /** Start time in clock ticks since boot (/proc/<pid>/stat starttime). */
  readonly start = Math.round((os.uptime() - process.uptime() + performance.now() / 1000) * 100);
  constructor(readonly pid: number, public parent: Proc | undefined, public pgid: number, public sid: number) {}
}

/** Process group and session of a host process, from /proc/<pid>/stat (Linux). */
function hostIds(pid: string): { pgid: number; sid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp session ...
    return { pgid: Number(f[2]), sid: Number(f[3]) };
  } catch { return undefined; }
}

/** Takes the signals still posted in a mailbox nobody will drain any more: [sig, sender]. */
function takeMailbox(mb: SignalMailbox): [number, number][] {
  const lo = Atomics.exchange(mb.words, MB_PENDING_LO, 0) >>> 0, hi = Atomics.exchange(mb.words, MB_PENDING_HI, 0) >>> 0;
  const out: [number, number][] = [];
  for (let sig = 1; sig <= 64; sig++) {
    if ((sig <= 32 ? lo : hi) & (1 << ((sig - 1) & 31))) out.push([sig, Atomics.load(mb.words, MB_SENDER + sig)]);
  }
  return out;
}

export interface HostOptions {
  workerScript?: string;
}

/**
 * Runs `opts` as the first guest process and resolves with its result once it
 * exits (other guest processes still running are then terminated, like a
 * session ending; see docs/PROCESSES.md).
 */
export function runInWorkers(opts: RunOptions, hostOpts: HostOptions = {}): Promise<RunResult> {
  return new ProcessHost(hostOpts).run(opts);
}

/** Continues the first process, started on the main thread (first.ts), in a worker under a process host. */
export function adoptInWorkers(image: ForkImage, extra: { clearTid: number; robust: { head: number; len: number } }): Promise<RunResult> {
  return new ProcessHost({}).adopt(image, extra);
}

/** A full GC of this thread's heap, if V8 lets us have one (see ProcessHost.collectSoon). */
let gcFn: (() => void) | undefined | null = null;
/** Made on first use: the vm context it needs costs ~5 ms, and the first process may never need a host. */
const forceGc = (): void => { if (gcFn === null) gcFn = makeGc(); gcFn?.(); };
const makeGc = (): (() => void) | undefined => (() => {
  try {
    require('v8').setFlagsFromString('--expose-gc');
    return require('vm').runInNewContext('gc') as () => void;
  } catch { return undefined; }
})();

function makeWorker(script: string, shared: SharedTables): Worker {
  const { log } = require('../../log') as typeof import('../../log');
  const w = new Worker(script, { workerData: { shared: shared.init, log: log.config() }, stdout: false, stderr: false });
  w.unref();
  return w;
}

export class ProcessHost {
  private readonly shared: SharedTables;
  private first: Worker | undefined;
  private readonly procs = new Map<number, Proc>();
  private nextPid: number;
  private spare: Worker | undefined;
  private readonly script: string;
  private init!: Proc;
  /** The first process's exit, once it has exited (the emulator may still wait for orphans). */
  private initResult: RunResult | undefined;
  /** Process group and session of the emulator's host parent. */
  private hostParent = { pgid: 0, sid: 0 };
  private finish!: (r: RunResult) => void;

  constructor(o: HostOptions) {
    this.script = o.workerScript ?? path.join(__dirname, 'worker.js');
    this.nextPid = process.pid + 1;
    // The prestarted worker must see the same shared tables and log settings as later ones.
    const { log } = require('../../log') as typeof import('../../log');
    const cfg = JSON.stringify(log.config());
    // Tables made earlier were used by the first process on the main thread (first.ts): keep them.
    const early = (require('./prestart') as typeof import('./prestart')).takeEarly();
    if (early.worker && !o.workerScript && early.worker.log === cfg) {
      this.first = early.worker.worker;
    } else if (early.worker) {
      void early.worker.worker.terminate();
    }
    this.shared = early.shared ?? new SharedTables();
    setShared(this.shared.init); // the net host (this thread) bumps the same I/O sequence as the workers
  }

  run(opts: RunOptions): Promise<RunResult> {
    // Workers cannot change the (process-wide) umask: each guest kernel applies its own
    // when creating files, so the host's must not mask anything on top.
    opts = { ...opts, umask: process.umask(0) };
    return this.begin({ type: 'start', opts });
  }

  /** The first process arrives as an image (first.ts; the host umask is already 0). */
  adopt(image: ForkImage, extra: Record<string, unknown>): Promise<RunResult> {
    return this.begin({ type: 'adopt', image, extra });
  }

  private begin(msg: Record<string, unknown>): Promise<RunResult> {
    // The first guest process is the emulator: its real process group and session (orphaned-group checks).
    const self = hostIds('self') ?? { pgid: process.pid, sid: process.pid };
    this.hostParent = hostIds(String(process.ppid)) ?? { pgid: 0, sid: 0 };
    const init = new Proc(process.pid, undefined, self.pgid, self.sid);
    this.init = init;
    this.procs.set(init.pid, init);
    const w = this.first ?? this.newWorker();
    this.first = undefined;
    this.attach(init, w);
    this.updateOrphans();
    this.post(init, { ...msg, pid: init.pid, ppid: process.ppid, ...this.channels(init) });
    this.forwardHostSignals();
    return new Promise((resolve) => { this.finish = resolve; });
  }

  private newWorker(): Worker {
    return makeWorker(this.script, this.shared);
  }

  /** A worker for a new process; one is kept warm so fork does not wait for a thread to boot. */
  private takeWorker(arch: string): Worker {
    const w = this.spare ?? this.newWorker();
    this.spare = this.newWorker();
    this.spare.unref();
    // The next fork is most likely of the same architecture: load its modules now.
    this.spare.postMessage({ type: 'preload', arch });
    return w;
  }

  private channels(p: Proc): { replies: MessagePort; ctl: SharedArrayBuffer } {
    const ch = new MessageChannel();
    p.replyPort = ch.port1;
    return { replies: ch.port2, ctl: p.ctl.buffer as SharedArrayBuffer };
  }

  private post(p: Proc, msg: Record<string, unknown>): void {
    const replies = msg.replies as MessagePort | undefined;
    p.worker!.postMessage(msg, replies ? [replies] : []);
  }

  private attach(p: Proc, w: Worker): void {
    p.worker = w;
    w.ref();
    w.on('message', (m: { op: string; [k: string]: unknown }) => this.onMessage(p, m));
    w.on('error', (e) => {
      process.stderr.write(`nodemu: internal error in process ${p.pid}: ${e.message}\n`);
      if (process.env.DEBUG && e.stack) process.stderr.write(e.stack + '\n');
      this.exited(p, 1 << 8);
    });
    w.on('exit', () => { if (p.status === undefined) this.exited(p, SIGKILL); });
  }

  private reply(p: Proc, r: Record<string, unknown>): void {
    p.awaitingReply = false;
    p.replyPort!.postMessage(r);
    Atomics.store(p.ctl, 0, 1);
    Atomics.notify(p.ctl, 0);
  }

  private onMessage(p: Proc, m: { op: string; [k: string]: unknown }): void {
    if (m.op.startsWith('net.')) {
      const { netHost } = require('../net/host') as typeof import('../net/host');
      return netHost().message(m, (r) => this.reply(p, r));
    }
    switch (m.op) {
      case 'fork': return this.fork(p, m as unknown as { image: ForkImage; flags: number; extra: Record<string, unknown> });
      case 'forked': return; // handled by the fork's own listener
      case 'exec': {
        dbg('%d exec %s', p.pid, m.path);
        this.releaseVfork(p);
        return;
      }
      case 'exit': return this.exited(p, m.status as number);
      case 'stop':
        p.stopped = true;
        p.report = 0x7f | ((m.sig as number) << 8);
        this.notifyParent(p, CLD_STOPPED, m.sig as number);
        return this.finishWhenDone();
      case 'cont': return this.continued(p); // resumed by a SIGCONT generated before its 'stop' arrived
      case 'newtid': return this.reply(p, { value: this.nextPid++ });
      case 'preempt': {
        p.preempt.push(m.word as Int32Array);
        this.startTicker();
        return;
      }
      case 'procinfo': return this.reply(p, { info: this.procInfo(m.pid as number) });
      case 'ident': p.ident = { ...p.ident, comm: m.comm as string }; return;
      case 'subreaper':
        if (m.set !== undefined) p.subreaper = m.set as boolean;
        return this.reply(p, { value: p.subreaper ? 1 : 0 });
      case 'pids': return this.reply(p, { pids: [...this.procs.keys()] });
      case 'mailbox': {
        if (m.ident) p.ident = m.ident as Proc['ident'];
        // After an execve the old image's mailbox may hold signals sent while the
        // process was replacing itself (e.g. `sleep 5 & kill $!`): they stay pending.
        const old = p.mailbox;
        p.mailbox = m.mb as SignalMailbox;
        if (old && old.words.buffer !== p.mailbox.words.buffer) {
          for (const [sig, from] of takeMailbox(old)) postSignal(p.mailbox, sig, from);
        }
        for (const [sig, from] of p.early.splice(0)) postSignal(p.mailbox, sig, from);
        return;
      }
      case 'wait': p.awaitingReply = true; return this.wait(p, { pid: m.pid as number, options: m.options as number });
      case 'cancel':
        if (p.pendingWait && p.awaitingReply) { p.pendingWait = undefined; this.reply(p, { cancelled: true }); }
        return;
      case 'kill': p.awaitingReply = true; return this.reply(p, this.kill(p, m.pid as number, m.sig as number));
      case 'getpgid': {
        const t = m.pid === 0 ? p : this.procs.get(m.pid as number);
        return this.reply(p, t && t.status === undefined ? { value: t.pgid } : { errno: E.ESRCH });
      }
      case 'getsid': {
        const t = m.pid === 0 ? p : this.procs.get(m.pid as number);
        return this.reply(p, t && t.status === undefined ? { value: t.sid } : { errno: E.ESRCH });
      }
      case 'setpgid': return this.reply(p, this.setpgid(p, m.pid as number, m.pgid as number));
      case 'setsid': {
        if ([...this.procs.values()].some((q) => q.pgid === p.pid && q !== p && q.status === undefined)) return this.reply(p, { errno: E.EPERM });
        if (p.pgid === p.pid) return this.reply(p, { errno: E.EPERM });
        p.pgid = p.sid = p.pid;
        this.updateOrphans();
        return this.reply(p, { value: p.pid });
      }
      case 'getppid': return this.reply(p, { value: p.parent && p.parent.status === undefined ? p.parent.pid : p === this.init ? process.ppid : 1 });
      default:
        return this.reply(p, { errno: E.ENOSYS });
    }
  }

  /** /proc/<pid> of a guest process (undefined: not one of ours, or reaped). */
  private procInfo(pid: number): PeerInfo | undefined {
    const q = this.procs.get(pid);
    if (!q) return undefined;
    const ppid = q.parent && q.parent.status === undefined ? q.parent.pid : q === this.init ? process.ppid : 1;
    const asleep = q.pendingWait || Atomics.load(q.ctl, CTL_SLEEPING) !== 0;
    const state = q.status !== undefined ? 'Z' : q.stopped ? 'T' : asleep ? 'S' : 'R';
    return {
      pid, ppid, pgid: q.pgid, sid: q.sid, state, comm: q.ident.comm, argv: q.ident.argv, exe: q.ident.exe,
      threads: Math.max(1, q.preempt.length), start: q.start, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0,
    };
  }

  private fork(parent: Proc, m: { image: ForkImage; flags: number; extra: Record<string, unknown> }): void {
    parent.awaitingReply = true;
    const pid = this.nextPid++;
    const child = new Proc(pid, parent, parent.pgid, parent.sid);
    this.procs.set(pid, child);
    parent.children.add(child);
    const w = this.takeWorker(m.image.arch);
    this.attach(child, w);
    const onForked = (msg: { op: string; errno?: number }): void => {
      if (msg.op !== 'forked') return;
      w.off('message', onForked);
      if (msg.errno) {
        this.procs.delete(pid);
        parent.children.delete(child);
        this.reply(parent, { errno: msg.errno });
        return;
      }
      dbg('%d forked %d', parent.pid, pid);
      // vfork: the parent sleeps until the child execs or exits.
      this.updateOrphans();
      if (m.flags & CLONE_VFORK) child.vforkParent = { parent, reply: { value: pid } };
      else this.reply(parent, { value: pid });
    };
    w.on('message', onForked);
    this.post(child, { type: 'fork', image: m.image, flags: m.flags, extra: m.extra, pid, ppid: parent.pid, ...this.channels(child) });
  }

  private releaseVfork(p: Proc): void {
    if (!p.vforkParent) return;
    const { parent, reply } = p.vforkParent;
    p.vforkParent = undefined;
    this.reply(parent, reply);
  }

  private exited(p: Proc, status: number): void {
    if (p.status !== undefined) return;
    p.status = status;
    dbg('%d exited, status 0x%s', p.pid, status.toString(16));
    this.releaseVfork(p);
    const w = p.worker;
    p.worker = undefined;
    if (w) { w.removeAllListeners('message'); void w.terminate(); }
    p.replyPort?.close();
    // The mailbox and preemption words are views of the child's 4 GiB memory: while this
    // thread holds them, the child's address-space reservation outlives its worker.
    p.mailbox = undefined;
    p.preempt = [];
    this.collectSoon();
    this.reparentChildren(p);
    this.updateOrphans(true);
    const parent = p.parent;
    if (p === this.init) {
      const sig = status & 0x7f;
      this.initResult = sig ? { signal: sig } : { code: (status >> 8) & 0xff };
      this.procs.delete(p.pid);
    } else if (!parent || parent.status !== undefined) {
      this.procs.delete(p.pid);
    } else {
      const sig = status & 0x7f;
      this.notifyParent(p, sig === 0 ? CLD_EXITED : status & 0x80 ? CLD_DUMPED : CLD_KILLED, sig === 0 ? (status >> 8) & 0xff : sig);
    }
    this.finishWhenDone();
  }

  /**
   * The children of an exiting process go to the nearest living ancestor that
   * is a child subreaper (prctl PR_SET_CHILD_SUBREAPER), which then waits for
   * them; otherwise to "init" outside the guest (getppid() = 1), which reaps
   * them when they exit. Either way they keep running.
   */
  private reparentChildren(p: Proc): void {
    let reaper = p.parent;
    while (reaper && (reaper.status !== undefined || !reaper.subreaper)) reaper = reaper.parent;
    for (const c of p.children) {
      c.parent = reaper;
      if (reaper) {
        reaper.children.add(c);
        if (c.status !== undefined) this.notifyParent(c, (c.status & 0x7f) ? CLD_KILLED : CLD_EXITED, (c.status & 0x7f) || (c.status >> 8) & 0xff);
      } else if (c.status !== undefined) this.procs.delete(c.pid);
    }
    p.children.clear();
  }

  /**
   * The emulator exits with the first process's status once no guest process
   * runs any more: orphans keep running after it, as they would under qemu
   * (where they are host processes that outlive it) and keep writing to the
   * same stdout. NODEMU_ORPHANS=kill ends them with the first process instead.
   */
  private finishWhenDone(): void {
    if (!this.initResult) return;
    const live = [...this.procs.values()].filter((q) => q.status === undefined);
    if (live.length > 0 && process.env.NODEMU_ORPHANS !== 'kill') {
      dbg('first process exited; waiting for %d orphan(s): %s', live.length, live.map((q) => q.pid).join(' '));
      // Only stopped ones left: nothing inside could continue them, and the emulator would never exit.
      if (live.every((q) => q.stopped)) for (const q of live) this.signal(q, SIGKILL);
      return;
    }
    this.spare?.terminate();
    const r = this.initResult;
    this.initResult = undefined;
    this.finish(r);
  }

  /** A stopped process was continued (when SIGCONT is generated, as in Linux: before it even runs). */
  private continued(p: Proc): void {
    if (!p.stopped || p.status !== undefined) return;
    p.stopped = false;
    p.report = 0xffff;
    this.notifyParent(p, CLD_CONTINUED, SIGCONT);
  }

  /** SIGCHLD (with si_code and si_status) to a living parent, and a new look at its blocked wait. */
  private notifyParent(p: Proc, code: number, status: number): void {
    const parent = p.parent;
    if (!parent || parent.status !== undefined) return;
    this.signal(parent, SIGCHLD, p.pid, { code, status });
    if (parent.pendingWait) this.wait(parent, parent.pendingWait);
  }

  private matches(parent: Proc, c: Proc, pid: number): boolean {
    if (pid > 0) return c.pid === pid;
    if (pid === -1) return true;
    if (pid === 0) return c.pgid === parent.pgid;
    return c.pgid === -pid;
  }

  private wait(p: Proc, w: WaitRequest): void {
    const candidates = [...p.children].filter((c) => this.matches(p, c, w.pid));
    if (candidates.length === 0) { p.pendingWait = undefined; return this.reply(p, { errno: E.ECHILD }); }
    const keep = (w.options & WNOWAIT) !== 0;
    const done = w.options & WEXITED ? candidates.find((c) => c.status !== undefined) : undefined;
    if (done) {
      p.pendingWait = undefined;
      if (!keep) { // WNOWAIT keeps the zombie
        p.children.delete(done);
        this.procs.delete(done.pid);
      }
      return this.reply(p, { value: done.pid, status: done.status });
    }
    // Stops (WUNTRACED / WSTOPPED) and continuations (WCONTINUED) are reported once each.
    const changed = candidates.find((c) => c.status === undefined && c.report !== undefined &&
      (c.report === 0xffff ? (w.options & WCONTINUED) !== 0 : c.stopped && (w.options & WUNTRACED) !== 0));
    if (changed) {
      p.pendingWait = undefined;
      const status = changed.report!;
      if (!keep) changed.report = undefined;
      return this.reply(p, { value: changed.pid, status });
    }
    if (w.options & WNOHANG) { p.pendingWait = undefined; return this.reply(p, { value: 0 }); }
    p.pendingWait = w;
  }

  private kill(sender: Proc, pid: number, sig: number): Record<string, unknown> {
    let targets: Proc[];
    const live = [...this.procs.values()].filter((q) => q.status === undefined);
    if (pid > 0) targets = live.filter((q) => q.pid === pid);
    else if (pid === 0) targets = live.filter((q) => q.pgid === sender.pgid);
    else if (pid === -1) targets = live.filter((q) => q !== sender);
    else targets = live.filter((q) => q.pgid === -pid);
    if (targets.length === 0) return { errno: E.ESRCH };
    for (const t of targets) if (sig !== 0 && t !== sender) this.signal(t, sig, sender.pid);
    // The sender's own signal is raised by its kernel (synchronously, like Linux).
    return { value: 0, self: targets.includes(sender) };
  }

  private ticker: NodeJS.Timeout | undefined;
  private exits = 0;

  /**
   * This thread allocates little, so V8 rarely collects here on its own, and
   * each dead process's memory (~10 GiB of reserved address space with guard
   * regions) stays reserved until it does: an exec-heavy shell loop would run
   * out of address space (fork fails with ENOMEM). Collect every few exits.
   */
  private collectSoon(): void {
    if (++this.exits % 8 !== 0) return;
    forceGc();
  }

  /** Ends time slices of multi-threaded guest processes. */
  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      for (const q of this.procs.values()) {
        if (q.status !== undefined) continue;
        for (const w of q.preempt) { Atomics.store(w, 0, 1); }
      }
    }, 10);
    this.ticker.unref();
  }

  /** Marks `sig` pending for `p` and wakes it if it is blocked in a request. */
  signal(p: Proc, sig: number, from = 0, chld?: { code: number; status: number }): void {
    if (p.status !== undefined || sig < 1 || sig > 64) return;
    if (p.mailbox) postSignal(p.mailbox, sig, from, chld);
    else p.early.push([sig, from]);
    if (sig === SIGCONT) this.continued(p);
    Atomics.notify(p.ctl, 0); // a blocked request re-checks for signals
    if (p.worker) p.worker.postMessage({ type: 'signal', sig }); // a host program exec'd by the process
  }

  private setpgid(p: Proc, pid: number, pgid: number): Record<string, unknown> {
    const t = pid === 0 ? p : this.procs.get(pid);
    if (!t || (t !== p && t.parent !== p)) return { errno: E.ESRCH };
    if (pgid < 0) return { errno: E.EINVAL };
    const g = pgid === 0 ? t.pid : pgid;
    if (g !== t.pid && ![...this.procs.values()].some((q) => q.pgid === g && q.sid === t.sid)) return { errno: E.EPERM };
    t.pgid = g;
    this.updateOrphans();
    return { value: 0 };
  }

  /**
   * Whether each process's group is orphaned (no member has a parent in
   * another group of the same session), in its ctl word CTL_ORPHANED: Linux
   * discards SIGTSTP, SIGTTIN and SIGTTOU for such groups instead of stopping.
   */
  private updateOrphans(exiting = false): void {
    const live = [...this.procs.values()].filter((q) => q.status === undefined);
    const orphaned = new Map<number, boolean>();
    for (const m of live) {
      const par = m.parent && m.parent.status === undefined ? m.parent : m === this.init ? this.hostParent : undefined;
      const anchored = par !== undefined && par.pgid !== m.pgid && par.sid === m.sid;
      orphaned.set(m.pgid, (orphaned.get(m.pgid) ?? true) && !anchored);
    }
    const hup = new Set<number>();
    for (const m of live) {
      const now = orphaned.get(m.pgid) ? 1 : 0;
      // An exit that orphans a group with stopped members: each member gets SIGHUP, then SIGCONT (as Linux).
      if (exiting && now && !Atomics.load(m.ctl, CTL_ORPHANED) && live.some((q) => q.pgid === m.pgid && q.stopped)) hup.add(m.pgid);
      Atomics.store(m.ctl, CTL_ORPHANED, now);
    }
    for (const m of live) if (hup.has(m.pgid)) { this.signal(m, SIGHUP); this.signal(m, SIGCONT); }
  }

  /** Host signals to the emulator reach the guest: terminal ones the whole session, others the first process. */
  private forwardHostSignals(): void {
    const toAll = [SIGINT, SIGQUIT];
    const names: [NodeJS.Signals, number][] = [['SIGINT', SIGINT], ['SIGTERM', SIGTERM], ['SIGHUP', SIGHUP], ['SIGQUIT', SIGQUIT],
      ['SIGUSR1', 10], ['SIGUSR2', 12], ['SIGWINCH', 28], ['SIGCONT', 18], ['SIGALRM', 14]];
    for (const [name, num] of names) {
      try {
        process.on(name, () => {
          // Once the first process is gone (orphans still running), they all get it.
          if (toAll.includes(num) || this.init.status !== undefined) for (const q of this.procs.values()) this.signal(q, num);
          else this.signal(this.init, num);
        });
      } catch { /* not supported on this host */ }
    }
  }
}
