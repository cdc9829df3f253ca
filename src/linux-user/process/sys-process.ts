// Process syscalls: fork/vfork/clone, execve/execveat, wait4/waitid, kill to
// other processes, process groups and sessions. With guest processes on
// worker threads (k.link set) they are requests to the process host; in a
// single-process run (the embedding API, unit tests) there are no other
// processes: fork fails with ENOSYS and waits with ECHILD.

import { E } from '../../syscalls/errno';
import { AT_FDCWD } from '../../syscalls/flags';
import { fail } from '../errors';
import type { Handler, Kernel } from '../kernel';
import type { SyscallArgs } from '../args';
import { ExecRequest, readStringArray, resolveExec } from './exec';
import { cloneThread } from './threads';

const CLONE_VM = 0x100, CLONE_VFORK = 0x4000, CLONE_THREAD = 0x10000, CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;
const SIGCHLD = 17;
const AT_EMPTY_PATH = 0x1000;
const PR_SET_NAME = 15, PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;
const WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 8, WEXITED = 4, WSTOPPED = 2, WNOWAIT = 0x01000000;
const WALL_FLAGS = 0x40000000 | 0x80000000 | 0x20000000; // __WNOTHREAD __WALL __WCLONE
const P_ALL = 0, P_PID = 1, P_PGID = 2;
const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;
const SIGCONT = 18;

/** Signals whose default action dumps core (the wait status's 0x80 bit under a real kernel with core dumps on). */

function fork(k: Kernel, flags: number, newsp: number, ptid: number, ctid: number): number {
  const link = k.link;
  if (!link) {
    k.unimp('fork-single', 'fork: not available in single-process mode');
    fail(E.ENOSYS);
  }
  if (flags & CLONE_SETTLS) k.unimp('clone-settls', 'clone: CLONE_SETTLS for a new process is ignored');
  const run = require('../run') as typeof import('../run');
  const image = run.forkImage({ ...k.proc!, cpu: k.cpu! });
  const extra = {
    newsp: newsp || undefined,
    setTid: flags & CLONE_CHILD_SETTID ? ctid : undefined,
    clearTid: flags & CLONE_CHILD_CLEARTID ? ctid : undefined,
  };
  // A CLONE_VM child (vfork, posix_spawn) gets a copy too: it only runs until it execs or exits.
  if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) k.unimp('clone-vm', 'clone: CLONE_VM without CLONE_VFORK gets a copy of memory');
  const pid = link.call('fork', { image, flags, extra }).value as number;
  if ((flags & CLONE_PARENT_SETTID) && ptid) k.mem.setU32(ptid, pid, k.T.model.littleEndian);
  return pid;
}

function clone(k: Kernel, a: SyscallArgs): number {
  // CLONE_BACKWARDS on arm, aarch64, riscv: (flags, newsp, parent_tid, tls, child_tid).
  const flags = a.uint(0);
  if (flags & CLONE_THREAD) return cloneThread(k, flags, a.ptr(1), a.ptr(2), a.ptr(3), a.ptr(4));
  return fork(k, flags, a.ptr(1), a.ptr(2), a.ptr(4));
}

function execve(k: Kernel, dirfd: number, pathAddr: number, argvAddr: number, envAddr: number, flags: number): number {
  let p = k.readPath(pathAddr);
  if (p.length === 0) {
    if (!(flags & AT_EMPTY_PATH)) fail(E.ENOENT);
    p = k.file(dirfd).path ?? fail(E.ENOENT);
  } else if (p[0] !== 0x2f && dirfd !== AT_FDCWD) {
    p = k.resolveAt(dirfd, p);
  }
  const argv = readStringArray(k, argvAddr);
  const env = readStringArray(k, envAddr);
  const tgt = resolveExec(k, p, argv, env);
  throw new ExecRequest(tgt);
}

function waitFor(k: Kernel, pid: number, options: number): { pid: number; status: number } {
  const link = k.link;
  if (!link) fail(E.ECHILD);
  const r = link.call('wait', { pid, options }, true);
  return { pid: r.value as number, status: (r.status as number) ?? 0 };
}

function wait4(k: Kernel, a: SyscallArgs): number {
  const pid = a.int(0), statusAddr = a.ptr(1), options = a.int(2), ru = a.ptr(3);
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WALL_FLAGS)) fail(E.EINVAL);
  if (pid === -0x80000000) fail(E.ESRCH);
  const r = waitFor(k, pid, (options & (WNOHANG | WUNTRACED | WCONTINUED)) | WEXITED);
  if (r.pid > 0) {
    if (statusAddr) k.mem.setU32(statusAddr, r.status, k.T.model.littleEndian);
    if (ru) k.mem.fill(ru, rusageSize(k));
  }
  return r.pid;
}

function rusageSize(k: Kernel): number { return 2 * 2 * k.T.model.longSize + 14 * k.T.model.longSize; }

function waitid(k: Kernel, a: SyscallArgs): number {
  const idtype = a.int(0), id = a.int(1), info = a.ptr(2), options = a.int(3), ru = a.ptr(4);
  if (options & ~(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT | WALL_FLAGS)) fail(E.EINVAL);
  if (!(options & (WEXITED | WSTOPPED | WCONTINUED))) fail(E.EINVAL);
  let pid: number;
  switch (idtype) {
    case P_ALL: pid = -1; break;
    case P_PID: if (id <= 0) fail(E.EINVAL); pid = id; break;
    case P_PGID: if (id < 0) fail(E.EINVAL); pid = id === 0 ? 0 : -id; break;
    default: return fail(E.EINVAL);
  }
  const r = waitFor(k, pid, options & (WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED));
  const le = k.T.model.littleEndian;
  const wide = k.T.model.longSize === 8;
  if (info) {
    const size = 128;
    k.mem.fill(info, size);
    if (r.pid > 0) {
      const st = r.status;
      const sig = st & 0x7f;
      let code: number, status: number;
      if (st === 0xffff) { code = CLD_CONTINUED; status = SIGCONT; }
      else if (sig === 0x7f) { code = CLD_STOPPED; status = (st >> 8) & 0xff; }
      else if (sig === 0) { code = CLD_EXITED; status = (st >> 8) & 0xff; }
      else { code = st & 0x80 ? CLD_DUMPED : CLD_KILLED; status = sig; }
      const u = wide ? 16 : 12; // the union after si_signo, si_errno, si_code (pointer-aligned)
      k.mem.setU32(info, SIGCHLD, le);
      k.mem.setU32(info + 8, code, le);
      k.mem.setU32(info + u, r.pid, le);
      k.mem.setU32(info + u + 4, process.getuid?.() ?? 0, le);
      k.mem.setU32(info + u + 8, status, le);
    }
  }
  if (ru) k.mem.fill(ru, rusageSize(k));
  return 0;
}

function sendSignal(k: Kernel, pid: number, sig: number, self: Handler, a: SyscallArgs): number {
  if (sig < 0 || sig > 64) fail(E.EINVAL);
  if (!k.link || pid === k.pid) return self(k, a);
  const r = k.link.call('kill', { pid, sig });
  // The host signals the others; the sender's own share is raised here, synchronously.
  if (r.self) return self(k, a);
  return 0;
}

/** Handlers; `prev` is the single-process handler of the same name (signals to self). */
export function processSyscalls(prev: (name: string) => Handler | undefined): Record<string, Handler> {
  const selfKill = prev('kill') ?? (() => 0);
  const prctl = prev('prctl') ?? (() => fail(E.EINVAL));
  const ask = (k: Kernel, op: string, args: Record<string, unknown>, alone: () => number): number =>
    k.link ? (k.link.call(op, args).value as number) : alone();
  return {
    clone,
    clone3: (k) => { k.unimp('clone3', 'clone3: falling back to clone'); return fail(E.ENOSYS); },
    fork: (k) => fork(k, SIGCHLD, 0, 0, 0),
    vfork: (k) => fork(k, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0),
    execve: (k, a) => execve(k, AT_FDCWD, a.ptr(0), a.ptr(1), a.ptr(2), 0),
    execveat: (k, a) => execve(k, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), a.int(4)),
    wait4,
    waitid,
    kill: (k, a) => sendSignal(k, a.int(0), a.int(1), selfKill, a),
    getppid: (k) => ask(k, 'getppid', {}, () => k.ppid),
    getpgid: (k, a) => ask(k, 'getpgid', { pid: a.int(0) }, () => { const p = a.int(0); if (p !== 0 && p !== k.pid) fail(E.ESRCH); return k.pid; }),
    getpgrp: (k) => ask(k, 'getpgid', { pid: 0 }, () => k.pid),
    getsid: (k, a) => ask(k, 'getsid', { pid: a.int(0) }, () => { const p = a.int(0); if (p !== 0 && p !== k.pid) fail(E.ESRCH); return k.pid; }),
    setpgid: (k, a) => ask(k, 'setpgid', { pid: a.int(0), pgid: a.int(1) }, () => 0),
    setsid: (k) => ask(k, 'setsid', {}, () => fail(E.EPERM)),
    prctl: (k, a) => {
      const op = a.int(0);
      if (k.link && op === PR_SET_NAME) {
        const r = prctl(k, a);
        k.link.notify('ident', { comm: k.comm }); // for /proc/<pid>/comm as other processes see it
        return r;
      }
      if (!k.link || (op !== PR_SET_CHILD_SUBREAPER && op !== PR_GET_CHILD_SUBREAPER)) return prctl(k, a);
      if (op === PR_SET_CHILD_SUBREAPER) return ask(k, 'subreaper', { set: a.ulong(1) !== 0 }, () => 0) * 0;
      k.mem.setU32(a.ptr(1), ask(k, 'subreaper', {}, () => 0), k.T.model.littleEndian);
      return 0;
    },
  };
}
