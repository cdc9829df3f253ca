// The first guest process starts on the main thread, and moves into its worker (the
// one bin/entry.js prestarted, see prestart.ts, or one started then) only when it first
// needs the process host. A program that just computes, reads and writes files and exits, as most
// short-lived tools do, then never pays for a worker: Node's worker bootstrap and
// a second load of our modules were ~80 ms of a ~200 ms hello world.
//
// Only system calls whose effect is entirely in state that a fork image carries (or
// in host fds, which are process-wide) run here; any other one stops the guest just
// before its handler, the syscall instruction is rewound, and the process (memory
// itself included: this thread never touches it again) is handed to the worker,
// which runs that syscall again. Signal handlers, timers, fork, threads, pipes,
// sockets, exec, waits... all therefore happen in the worker as before. Off with
// NODEMU_MAIN_THREAD=0, and with -g, plugins and -d/-D (whose settings the
// prestarted worker does not have).

import type { RunOptions, RunResult } from '../run';
import type { SyscallArgs } from '../args';

/** Calls that never involve the process host, other processes, timers or signal handlers. */
const LOCAL = new Set([
  'read', 'write', 'readv', 'writev', 'pread64', 'pwrite64', 'preadv', 'pwritev', 'lseek', '_llseek', 'llseek',
  'openat', 'open', 'close', 'fstat', 'fstat64', 'newfstatat', 'fstatat64', 'stat', 'stat64', 'lstat', 'lstat64', 'statx',
  'readlinkat', 'readlink', 'access', 'faccessat', 'faccessat2', 'getcwd', 'chdir', 'umask',
  'brk', 'mmap', 'mmap2', 'munmap', 'mprotect', 'madvise',
  'uname', 'getrandom', 'set_tid_address', 'set_robust_list', 'rseq', 'prlimit64', 'getrlimit', 'ugetrlimit',
  'getpid', 'gettid', 'getppid', 'getuid', 'geteuid', 'getgid', 'getegid', 'getuid32', 'geteuid32', 'getgid32', 'getegid32',
  'rt_sigprocmask', 'sigprocmask', 'clock_gettime', 'clock_gettime64', 'gettimeofday', 'time', 'clock_getres', 'clock_getres_time64',
  'sched_getaffinity', 'sched_yield', 'exit_group', 'fcntl', 'fcntl64', 'dup', 'dup3', 'set_tls', 'get_tls',
]);
/** ioctl requests that only read a terminal's settings. */
const LOCAL_IOCTL = new Set([0x5401 /* TCGETS */, 0x5413 /* TIOCGWINSZ */]);

class MoveToWorker extends Error {}

/**
 * Runs `opts` here until it exits (returns true after calling `done`) or needs the host
 * (then it continues in a worker and `done` is called when the emulator is done). Returns
 * false, having run nothing, when this mode does not apply.
 */
export function runFirstHere(opts: RunOptions, done: (r: RunResult) => void, onFatal: (e: unknown) => void): boolean {
  if (/^(0|false|no|off)$/i.test(process.env.NODEMU_MAIN_THREAD ?? '') || opts.gdb !== undefined || opts.plugins?.length) return false;
  const pre = require('./prestart') as typeof import('./prestart');
  const { log } = require('../../log') as typeof import('../../log');
  const early = pre.peekEarly();
  if (early && early.log !== JSON.stringify(log.config())) return false;
  const { setShared } = require('./shared') as typeof import('./shared');
  const run = require('../run') as typeof import('../run');
  // The workers' shared tables from the start (host fd holders and offsets carry over), and
  // the host umask the process host would set: each guest kernel applies its own.
  setShared(pre.earlyShared().init);
  const umask = process.umask(0);
  let p: import('../run').GuestProcess;
  try {
    p = run.startProcess({ ...opts, umask }, { pid: process.pid, ppid: process.ppid });
  } catch (e) {
    process.umask(umask);
    const { isLoadError } = require('../../loader/errors') as typeof import('../../loader/errors');
    if (!isLoadError(e)) throw e;
    process.stderr.write(`nodemu: ${(e as Error).message}\n`); // as the worker reports it
    done({ code: (e as { exitCode: number }).exitCode });
    return true;
  }
  p.kernel.gate = (name: string | undefined, a: SyscallArgs) => {
    if (name !== undefined && (LOCAL.has(name) || (name === 'ioctl' && LOCAL_IOCTL.has(a.int(1) >>> 0)))) return;
    throw new MoveToWorker();
  };
  let r: import('../run').LoopResult;
  try {
    r = run.runLoop(p);
  } catch (e) {
    if (!(e instanceof MoveToWorker)) throw e;
    moveToWorker(p, done, onFatal);
    return true;
  }
  if ('hostExec' in r) throw new Error('host exec on the main thread'); // execve is not LOCAL
  pre.noteFirstProcess(false);
  done(r);
  return true;
}

function moveToWorker(p: import('../run').GuestProcess, done: (r: RunResult) => void, onFatal: (e: unknown) => void): void {
  const k = p.kernel;
  k.gate = undefined;
  const pre = require('./prestart') as typeof import('./prestart');
  pre.noteFirstProcess(true); // the process host starts a worker unless one is waiting
  const { signalArch } = require('../signals/delivery') as typeof import('../signals/delivery');
  p.cpu.pc -= signalArch(p.arch).syscallLen(p.cpu); // the worker runs the syscall again
  p.engine.saveTranslations();
  const run = require('../run') as typeof import('../run');
  const image = run.forkImage(p);
  const host = require('./host') as typeof import('./host');
  host.adoptInWorkers(image, { clearTid: k.clearChildTid, robust: k.robustList }).then(done, onFatal);
}
