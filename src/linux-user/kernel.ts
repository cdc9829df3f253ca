// The user-mode kernel the guest sees: one instance per guest process.
// Kernel.syscall(cpu) reads the number and arguments through the arch's
// SyscallAbi, looks the number up in the arch's table (→ a name), runs the
// handler for that name and writes the result back. Handlers throw SysError /
// GuestFault / Node errors, which become -errno here; only GuestExit escapes.
//
// For the CPU loop: `signals` holds dispositions, the blocked mask and
// `pending` (signals raised while blocked or aimed at a guest handler, e.g. by
// raise()); delivering them is the loop's job. A signal whose default action
// kills is turned into GuestExit(128+sig, sig) right away.

import * as fs from 'fs';
import * as path from 'path';
import type { Arch, CpuState } from '../cpu/types';
import { GuestFault, GuestMemory, PAGE_SIZE } from '../memory/guest-memory';
import { PROT_READ } from '../memory/page-map';
import { log } from '../log';
import { E, errnoFromHostError } from '../syscalls/errno';
import { AT_FDCWD, OpenFlagTable, RLIM_INFINITY, RLIM_NLIMITS, openFlagTable, translateHostOpenFlags } from '../syscalls/flags';
import { SyscallTable, syscallTable } from '../syscalls/numbers';
import type { StructLayout, StructReader } from '../syscalls/layout';
import { TargetStructs, targetStructs } from '../syscalls/structs';
import { GuestExit } from './exit';
import { ExecRequest } from './process/exec';
import { SyscallAbi, SyscallArgs } from './args';
import { SysError, fail } from './errors';
import { FdTable } from './fd-table';
import { HostFile, OpenFile, StatusFlags, hostFdFlags } from './files';
import { MemoryManager } from './mm';
import { SignalState } from './signal-state';
import { formatCall, formatResult } from './strace';
import { fsSyscalls } from './sys-fs';
import { mmSyscalls } from './sys-mm';
import { procSyscalls } from './sys-proc';
import { COMPAT_ALIASES, compatSyscalls } from './sys-compat';
import { signalSyscalls } from './signals/syscalls';
import { processSyscalls } from './process/sys-process';
import { epollSyscalls } from './sys-epoll';
import { threadSyscalls } from './process/threads';
import { bindKernel, netSyscalls } from './net/sys-net';
import { timerfdSyscalls } from './sys-timerfd';
import { signalfdSyscalls } from './sys-signalfd';
import { setCallingKernel } from './calling-kernel';

export type { SyscallAbi } from './args';
export { SyscallArgs } from './args';

export interface KernelOptions {
  /** Guest memory; pages not mapped when the kernel is created must read as zero. */
  mem: GuestMemory;
  arch: Arch;
  abi: SyscallAbi;
  /** Initial program break (page-aligned end of the highest loaded segment). */
  brk: number;
  /** Highest address for mmap placement (top-down, below the stack guard). */
  mmapTop: number;
  mmapBottom: number;
  /** Host path of the guest program, for /proc/self/exe. */
  execPath: string;
  /**
   * -L: guest root prefix. Absolute paths the guest looks up (open, stat,
   * access, readlink, exec) are tried under it first, then on the host.
   */
  ldPrefix?: string;
  /** The auxiliary vector the loader wrote (for /proc/self/auxv). */
  auxv?: ReadonlyArray<readonly [number, number]>;
  argv: string[];
  env: string[];
  strace: boolean;
  /** Guest pid (default: the emulator's own) and parent pid. */
  pid?: number;
  ppid?: number;
  /** State taken over from the process that forked or exec'd this one (fds, cwd, signals...). */
  inherit?: import('./process/image').InheritedState;
  /** riscv_flush_icache etc.: translated code for [start, end) must be discarded. */
  onFlushCode(start: number, end: number): void;
}

export type Handler = (k: Kernel, a: SyscallArgs) => number;

export interface Rlimit { cur: bigint; max: bigint }
export { RLIM_INFINITY };

/** Longest path the kernel accepts (PATH_MAX, including the NUL). */
export const PATH_MAX = 4096;

const BASE_HANDLERS = new Map<string, Handler>([
  ...Object.entries(fsSyscalls),
  ...Object.entries(mmSyscalls),
  ...Object.entries(procSyscalls),
  ...Object.entries(compatSyscalls),
  ...Object.entries(signalSyscalls),
  ...Object.entries(epollSyscalls),
  ...Object.entries(netSyscalls),
  ...Object.entries(timerfdSyscalls),
  ...Object.entries(signalfdSyscalls),
]);
// Process syscalls (fork, exec, wait, kill to others) wrap the single-process ones.
const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ...BASE_HANDLERS,
  ...Object.entries(processSyscalls((n) => BASE_HANDLERS.get(n))),
  ...Object.entries(threadSyscalls((n) => BASE_HANDLERS.get(n))),
]);

export class Kernel {
  readonly mem: GuestMemory;
  readonly arch: Arch;
  readonly abi: SyscallAbi;
  /** Guest struct layouts (swapped for the *_time64 calls' view while one runs, see withTime64). */
  T: TargetStructs;
  /** The CPU of the thread whose syscall is running (arch-private calls such as set_tls touch it). */
  cpu: CpuState | undefined;
  readonly table: SyscallTable;
  readonly openFlags: OpenFlagTable;
  readonly fds: FdTable;
  readonly mm: MemoryManager;
  readonly signals = new SignalState();
  readonly execPath: string;
  /** Absolute -L prefix without trailing slash ('' if none). */
  readonly ldPrefix: string;
  readonly auxv: ReadonlyArray<readonly [number, number]>;
  readonly argv: string[];
  readonly env: string[];
  readonly pid: number;
  /** The running thread's id (threads switch it, see process/threads.ts). */
  tid: number;
  /** Threads of this process, once it has more than one. */
  sched: import('./process/threads').Scheduler | undefined;
  /** The process image this kernel serves (set by run.ts). */
  proc: import('./run').GuestProcess | undefined;
  ppid: number;
  /** Guest working directory (absolute host path); process.cwd() is never changed. */
  cwd: Buffer;
  umask: number;
  readonly rlimits: Rlimit[] = [];
  /** set_tid_address / set_robust_list values (used once threads exist). */
  /**
   * Called before each system call's handler while the first process runs on the main
   * thread (process/first.ts): it throws to move the process into a worker first.
   */
  gate: ((name: string | undefined, a: SyscallArgs) => void) | undefined;
  clearChildTid = 0;
  robustList = { head: 0, len: 0 };
  /** Thread name (prctl PR_SET_NAME, /proc/self/comm). */
  comm: string;
  strace: boolean;
  /** Connection to the process host when guest processes run on worker threads (fork, wait, kill). */
  link: import('./process/rpc').HostLink | undefined;
  readonly onFlushCode: (start: number, end: number) => void;
  private readonly args: SyscallArgs;
  private readonly T64: TargetStructs;
  private readonly unimpSeen = new Set<string>();

  constructor(o: KernelOptions) {
    this.mem = o.mem;
    this.arch = o.arch;
    this.abi = o.abi;
    this.T = targetStructs(o.arch);
    this.T64 = this.T.TargetTimespec64 === this.T.TargetTimespec ? this.T : { ...this.T, TargetTimespec: this.T.TargetTimespec64 };
    this.table = syscallTable(o.arch);
    this.openFlags = openFlagTable(o.arch);
    this.args = new SyscallArgs(this.T.model.longSize);
    this.execPath = path.resolve(o.execPath);
    this.ldPrefix = o.ldPrefix ? path.resolve(o.ldPrefix).replace(/\/+$/, '') : '';
    this.auxv = o.auxv ?? [];
    this.argv = o.argv;
    this.env = o.env;
    this.strace = o.strace;
    this.onFlushCode = o.onFlushCode;
    this.pid = o.pid ?? process.pid;
    this.tid = this.pid;
    this.ppid = o.ppid ?? process.ppid;
    this.comm = path.basename(o.argv[0] ?? o.execPath).slice(0, 15);
    this.mm = new MemoryManager(o.mem, o.brk, o.mmapTop, o.mmapBottom);
    bindKernel(this); // socket reads/writes through plain read/write need the calling process
    setCallingKernel(this); // so do signalfd and blocking timerfd reads
    const inh = o.inherit;
    if (inh) {
      this.cwd = inh.cwd;
      this.umask = inh.umask;
      this.rlimits.push(...inh.rlimits.map((r) => ({ ...r })));
      this.fds = inh.fds;
      if (inh.actions) inh.actions.forEach((a, i) => { if (this.signals.actions[i]) Object.assign(this.signals.actions[i], a); });
      if (inh.blocked !== undefined) this.signals.setBlocked(inh.blocked);
      if (inh.altStack) this.signals.altStack = { ...inh.altStack };
    } else {
      this.cwd = Buffer.from(process.cwd());
      this.umask = process.umask();
      this.initRlimits();
      this.fds = new FdTable(Number(this.rlimits[7].cur));
      this.initStdio();
    }
  }

  private initRlimits(): void {
    for (let i = 0; i < RLIM_NLIMITS; i++) this.rlimits.push({ cur: RLIM_INFINITY, max: RLIM_INFINITY });
    // Take the host's limits where readable (Linux), as the guest would inherit them.
    try {
      const text = fs.readFileSync('/proc/self/limits', 'latin1');
      const names = ['Max cpu time', 'Max file size', 'Max data size', 'Max stack size', 'Max core file size',
        'Max resident set', 'Max processes', 'Max open files', 'Max locked memory', 'Max address space',
        'Max file locks', 'Max pending signals', 'Max msgqueue size', 'Max nice priority',
        'Max realtime priority', 'Max realtime timeout'];
      names.forEach((n, i) => {
        const m = new RegExp(`^${n}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(text);
        if (!m) return;
        const v = (s: string) => (s === 'unlimited' ? RLIM_INFINITY : BigInt(s));
        this.rlimits[i] = { cur: v(m[1]), max: v(m[2]) };
      });
    } catch { /* defaults */ }
    if (this.rlimits[3].cur === RLIM_INFINITY) this.rlimits[3].cur = 8n << 20n;
    // Node raises its own soft NOFILE limit to the hard one; the guest should
    // see what it would have inherited: the parent's soft limit (else 1024).
    const nofile = this.rlimits[7];
    let soft = 1024n;
    try {
      const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync(`/proc/${process.ppid}/limits`, 'latin1'));
      if (m) soft = BigInt(m[1]);
    } catch { /* not readable */ }
    nofile.cur = nofile.max < soft ? nofile.max : soft;
  }

  private initStdio(): void {
    for (let fd = 0; fd < 3; fd++) {
      try {
        const hostFlags = hostFdFlags(fd);
        const guest = hostFlags !== undefined ? translateHostOpenFlags(hostFlags, this.openFlags) : fd === 0 ? 0 : 1;
        const status: StatusFlags = {
          accmode: hostFlags !== undefined ? hostFlags & 3 : 2,
          append: false, nonblock: false, path: false, guest,
        };
        const f = HostFile.fromHostFd(fd, undefined, status, true);
        this.fds.installAt(fd, f, false);
      } catch { /* host fd not open: guest fd stays closed */ }
    }
  }

  // ---- dispatch ----

  syscall(cpu: CpuState): void {
    this.cpu = cpu;
    const nr = this.abi.nr(cpu);
    const a = this.args.load(this.abi, cpu);
    const ret = this.dispatch(nr, a);
    this.abi.setResult(cpu, ret);
  }

  /** Runs syscall `nr` with `a` and returns the raw result (>= 0 or -errno). */
  dispatch(nr: number, a: SyscallArgs): number {
    const name = this.table.name(nr);
    this.gate?.(name, a);
    const tracing = this.strace || log.on('strace');
    let prefix = '';
    if (tracing) prefix = `${this.pid} ${formatCall(this, nr, name, a)}`;
    let handler: Handler | undefined;
    if (name !== undefined) {
      // Arch argument conventions (register pairs) and legacy calls become generic handlers.
      let hname = name;
      const m = this.abi.argMap?.(name) ?? COMPAT_ALIASES.get(name);
      if (m) { a.remap(m[1]); hname = m[0]; }
      handler = this.abi.handlers?.[hname] ?? HANDLERS.get(hname);
    }
    let ret: number;
    if (!handler) {
      ret = -E.ENOSYS;
      if (log.on('unimp')) log.write('unimp', `Unsupported syscall: ${nr}${name ? ` (${name})` : ''}`);
    } else {
      try {
        ret = handler(this, a);
      } catch (e) {
        if (e instanceof GuestExit || e instanceof ExecRequest) {
          if (tracing) this.traceLine(prefix);
          throw e;
        }
        ret = this.errorResult(e, name!);
      }
    }
    if (tracing) this.traceLine(prefix + formatResult(this, name, ret));
    return ret;
  }

  /** Runs `fn` with struct timespec meaning struct __kernel_timespec (the *_time64 calls of 32-bit targets). */
  withTime64<R>(fn: () => R): R {
    const saved = this.T;
    this.T = this.T64;
    try { return fn(); } finally { this.T = saved; }
  }

  private errorResult(e: unknown, name: string): number {
    if (e instanceof SysError) return -e.errno;
    if (e instanceof GuestFault) return -E.EFAULT;
    const host = errnoFromHostError(e);
    if (host !== undefined) return -host;
    if (e instanceof RangeError) return -E.EFAULT; // out-of-bounds guest access slipped through
    if (log.on('unimp')) log.write('unimp', `${name}: unexpected host error: ${(e as Error)?.stack ?? String(e)}`);
    return -E.EIO;
  }

  private traceLine(line: string): void {
    if (log.on('strace')) log.write('strace', line);
    else fs.writeSync(2, line + '\n');
  }

  /** Logs an unimplemented feature once per key (when -d unimp). */
  unimp(key: string, text?: string): void {
    if (!log.on('unimp') || this.unimpSeen.has(key)) return;
    this.unimpSeen.add(key);
    log.write('unimp', text ?? key);
  }

  // ---- guest memory helpers (all throw GuestFault → EFAULT) ----

  /** Reads a NUL-terminated path (ENAMETOOLONG past PATH_MAX). */
  readPath(addr: number): Buffer {
    try {
      return this.mem.readCStringBytes(addr, PATH_MAX);
    } catch (e) {
      if (e instanceof GuestFault && addr >= 0 && this.mem.pages.isAccessible(addr, PATH_MAX, PROT_READ)) fail(E.ENAMETOOLONG);
      throw e;
    }
  }

  readStruct(addr: number, L: StructLayout): StructReader {
    return L.reader(this.mem.read(addr, L.size));
  }

  write(addr: number, bytes: Uint8Array): void { this.mem.write(addr, bytes); }

  /**
   * Length of the accessible prefix of [addr, addr+len) (for transfers that
   * stop at the first bad page, like the kernel's copy_to_user). EFAULT if
   * not even the first byte is accessible.
   */
  accessibleLength(addr: number, len: number, prot: number): number {
    if (len === 0) return 0;
    this.mem.check(addr, 1, prot);
    const pages = this.mem.pages;
    let end = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE + PAGE_SIZE;
    while (end < addr + len && pages.isAccessible(end, 1, prot)) end += PAGE_SIZE;
    return Math.min(len, end - addr);
  }

  // ---- paths ----

  /** Host directory a *at() call with `dirfd` is relative to. */
  dirBase(dirfd: number): Buffer {
    if (dirfd === AT_FDCWD) return this.cwd;
    const f = this.fds.get(dirfd);
    if (!f.isDirectory()) fail(E.ENOTDIR);
    return f.path ?? fail(E.ENOTDIR);
  }

  /** Absolute host path for `p` relative to `dirfd` (p empty → the directory itself). */
  resolveAt(dirfd: number, p: Buffer): Buffer {
    if (p.length > 0 && p[0] === 0x2f) return p;
    const base = this.dirBase(dirfd);
    if (p.length === 0) return base;
    return base[base.length - 1] === 0x2f ? Buffer.concat([base, p]) : Buffer.concat([base, SLASH, p]);
  }

  /**
   * Host path for a guest path that is only looked up (open, stat, access,
   * readlink, exec), like qemu-user's path() for -L: an absolute guest path
   * names the file under the prefix if something exists there, else the host
   * file of that name. /proc, /dev and /sys always mean the host's (our) own.
   * Relative paths and paths that create or remove entries are not redirected.
   */
  lookupAt(dirfd: number, p: Buffer): Buffer {
    const abs = this.resolveAt(dirfd, p);
    if (!this.ldPrefix || p.length === 0 || p[0] !== 0x2f) return abs;
    const redirected = prefixedPath(this.ldPrefix, p);
    return redirected ?? abs;
  }

  /** The file a guest fd refers to (EBADF). */
  file(fd: number): OpenFile { return this.fds.get(fd); }
}

const SLASH = Buffer.from('/');

const HOST_ONLY = /^\/+(?:proc|dev|sys)(?:\/|$)/;

/** prefix + p if that exists (symlinks followed, like access(F_OK)), else undefined. */
export function prefixedPath(prefix: string, p: Buffer): Buffer | undefined {
  const text = p.toString('latin1');
  if (HOST_ONLY.test(text)) return undefined;
  // A path that is just "/" (or "//"): the prefix itself.
  const full = Buffer.concat([Buffer.from(prefix), p]);
  try {
    fs.accessSync(full, fs.constants.F_OK);
    return full;
  } catch {
    return undefined;
  }
}
