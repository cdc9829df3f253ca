// -strace output in qemu's style: `PID name(arg,...) = result`.

import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/page-map';
import { MAX_ERRNO, errnoMessage } from '../syscalls/errno';
import {
  AT_FDCWD, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_GETLK, F_SETFD, F_SETFL, F_SETLK, F_SETLKW,
  MAP_FLAG_NAMES, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE, type OpenFlagTable,
} from '../syscalls/flags';
import { signalName } from '../syscalls/signals';
import type { SyscallArgs } from './args';
import type { Kernel } from './kernel';

/**
 * Argument formats by syscall name, one letter per argument:
 * d int, l long, u unsigned long, p pointer, q buffer pointer (unpadded, as qemu's %#x formats print
 * read/write buffers), x hex, f dirfd, s string, X statx mask,
 * o octal mode, O open flags, P mmap prot, M mmap flags, S signal, F fcntl command (+ its argument),
 * A AT_* flags, W lseek whence, C clock id, I ioctl request, R access mode, c O_CLOEXEC-style flags.
 */
const SPEC: Readonly<Record<string, string>> = {
  read: 'dqu', write: 'dqu', readv: 'dqd', writev: 'dqd', pread64: 'dpul', pwrite64: 'dpul',
  openat: 'fsOo', close: 'd', lseek: 'dlW', fstat: 'dp', newfstatat: 'fspA', statx: 'fsAXp',
  readlinkat: 'fspu', getdents64: 'dpu', mkdirat: 'fso', unlinkat: 'fsA', renameat: 'fsfs', renameat2: 'fsfsd',
  faccessat: 'fsR', faccessat2: 'fsRA', fcntl: 'dF', dup: 'd', dup3: 'ddc', ioctl: 'dIp', getcwd: 'pu',
  chdir: 's', fchdir: 'd', brk: 'p', mmap: 'puPMdl', munmap: 'pu', mprotect: 'puP', mremap: 'puuxp',
  madvise: 'pud', exit: 'd', exit_group: 'd', rt_sigaction: 'Sppu', rt_sigprocmask: 'dppu', sigaltstack: 'pp',
  prlimit64: 'ddpp', getrlimit: 'dp', setrlimit: 'dp', uname: 'p', clock_gettime: 'Cp', clock_getres: 'Cp',
  gettimeofday: 'pp', nanosleep: 'pp', clock_nanosleep: 'Cdpp', getrandom: 'qud', sysinfo: 'p',
  sched_getaffinity: 'dup', umask: 'o', riscv_flush_icache: 'ppx', pipe2: 'pc', times: 'p', getrusage: 'dp',
  kill: 'dS', tkill: 'dS', tgkill: 'ddS', symlinkat: 'sfs', linkat: 'fsfsA', fchmodat: 'fso', fchmod: 'do',
  ftruncate: 'dl', truncate: 'sl', fsync: 'd', fdatasync: 'd', utimensat: 'fspA', set_tid_address: 'p',
  set_robust_list: 'pu', getpid: '', gettid: '', getppid: '', getuid: '', geteuid: '', getgid: '', getegid: '',
  sched_yield: '', sync: '', getresuid: 'ppp', getresgid: 'ppp', prctl: 'dxxxx', futex: 'pdxpp',
  statfs: 'sp', fstatfs: 'dp', ppoll: 'pupp', wait4: 'dpdp',
  // 32-bit and legacy calls (arm EABI).
  open: 'sOo', access: 'sR', unlink: 's', mkdir: 'so', rmdir: 's', readlink: 'spu', stat64: 'sp', lstat64: 'sp',
  fstat64: 'dp', fstatat64: 'fspA', mmap2: 'puPMdl', _llseek: 'dllpW', ugetrlimit: 'dp', fcntl64: 'dF',
  clock_gettime64: 'Cp', clock_nanosleep_time64: 'Cdpp', rename: 'ss', symlink: 'ss', chmod: 'so',
  set_tls: 'p', cacheflush: 'ppd',
};

/** Results printed as addresses. */
const POINTER_RESULT = new Set(['brk', 'mmap', 'mremap', 'shmat']);

function hexPtr(k: Kernel, v: number): string {
  const width = k.T.model.longSize * 2;
  return '0x' + v.toString(16).padStart(width, '0');
}

function quote(b: Buffer): string {
  let s = '"';
  for (const c of b.subarray(0, 256)) {
    if (c === 0x22 || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x09) s += '\\t';
    else s += '\\' + c.toString(8).padStart(3, '0');
  }
  return s + (b.length > 256 ? '"...' : '"');
}

function formatProt(p: number): string {
  if (p === 0) return 'PROT_NONE';
  const parts: string[] = [];
  if (p & PROT_READ) parts.push('PROT_READ');
  if (p & PROT_WRITE) parts.push('PROT_WRITE');
  if (p & PROT_EXEC) parts.push('PROT_EXEC');
  const rest = p & ~7;
  if (rest) parts.push('0x' + rest.toString(16));
  return parts.join('|');
}

function formatMapFlags(f: number): string {
  const type = f & MAP_TYPE;
  const parts = [type === MAP_SHARED ? 'MAP_SHARED' : type === MAP_PRIVATE ? 'MAP_PRIVATE'
    : type === MAP_SHARED_VALIDATE ? 'MAP_SHARED_VALIDATE' : '0x' + type.toString(16)];
  let rest = f & ~MAP_TYPE;
  for (const [bit, name] of MAP_FLAG_NAMES) if (rest & bit) { parts.push(name); rest &= ~bit; }
  if (rest) parts.push('0x' + (rest >>> 0).toString(16));
  return parts.join('|');
}

const FCNTL_NAMES: Record<number, string> = {
  [F_DUPFD]: 'F_DUPFD', [F_GETFD]: 'F_GETFD', [F_SETFD]: 'F_SETFD', [F_GETFL]: 'F_GETFL', [F_SETFL]: 'F_SETFL',
  [F_GETLK]: 'F_GETLK', [F_SETLK]: 'F_SETLK', [F_SETLKW]: 'F_SETLKW', [F_DUPFD_CLOEXEC]: 'F_DUPFD_CLOEXEC',
};

// In qemu's order (strace.c's statx_flags).
const AT_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x1000, 'AT_EMPTY_PATH'], [0x800, 'AT_NO_AUTOMOUNT'], [0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_REMOVEDIR'],
  [0x400, 'AT_SYMLINK_FOLLOW'],
];
const STATX_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x001, 'STATX_TYPE'], [0x002, 'STATX_MODE'], [0x004, 'STATX_NLINK'], [0x008, 'STATX_UID'], [0x010, 'STATX_GID'],
  [0x020, 'STATX_ATIME'], [0x040, 'STATX_MTIME'], [0x080, 'STATX_CTIME'], [0x100, 'STATX_INO'], [0x200, 'STATX_SIZE'],
  [0x400, 'STATX_BLOCKS'], [0x800, 'STATX_BTIME'],
];
const WHENCE = ['SEEK_SET', 'SEEK_CUR', 'SEEK_END', 'SEEK_DATA', 'SEEK_HOLE'];
const CLOCKS = ['CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID',
  'CLOCK_MONOTONIC_RAW', 'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME'];
const IOCTLS: Record<number, string> = {
  0x5401: 'TCGETS', 0x5402: 'TCSETS', 0x5403: 'TCSETSW', 0x5404: 'TCSETSF', 0x540f: 'TIOCGPGRP', 0x5410: 'TIOCSPGRP',
  0x5413: 'TIOCGWINSZ', 0x5414: 'TIOCSWINSZ', 0x541b: 'FIONREAD', 0x5421: 'FIONBIO', 0x5450: 'FIONCLEX', 0x5451: 'FIOCLEX',
};
/** fcntl commands whose third argument is used. */
const FCNTL_WITH_ARG = new Set([F_DUPFD, F_SETFD, F_SETFL, F_GETLK, F_SETLK, F_SETLKW, F_DUPFD_CLOEXEC]);

/** Open flags in the order qemu's strace.c lists them (open_flags[]), after the access mode. */
const OPEN_ORDER = ['O_APPEND', 'O_CREAT', 'O_DIRECTORY', 'O_EXCL', 'O_LARGEFILE', 'O_NOCTTY', 'O_NOFOLLOW', 'O_NONBLOCK',
  'O_DSYNC', '__O_SYNC', 'O_TRUNC', 'O_DIRECT', 'O_NOATIME', 'O_CLOEXEC', 'O_PATH', '__O_TMPFILE', 'O_ASYNC'] as const;

function formatOpenFlags(f: number, table: OpenFlagTable): string {
  const acc = f & 3;
  const parts = [acc === 0 ? 'O_RDONLY' : acc === 1 ? 'O_WRONLY' : acc === 2 ? 'O_RDWR' : '3'];
  let rest = f & ~3;
  for (const name of OPEN_ORDER) {
    const bit = (table as unknown as Record<string, number | undefined>)[name];
    if (bit && (rest & bit) === bit) { parts.push(name === '__O_SYNC' ? 'O_SYNC' : name === '__O_TMPFILE' ? 'O_TMPFILE' : name); rest &= ~bit; }
  }
  if (rest) parts.push('0x' + (rest >>> 0).toString(16));
  return parts.join('|');
}

function formatBits(v: number, names: ReadonlyArray<readonly [number, string]>): string {
  if (v === 0) return '0';
  const parts: string[] = [];
  let rest = v;
  for (const [bit, name] of names) if (rest & bit) { parts.push(name); rest &= ~bit; }
  if (rest) parts.push('0x' + (rest >>> 0).toString(16));
  return parts.join('|');
}

function formatArg(k: Kernel, kind: string, a: SyscallArgs, i: number): string {
  switch (kind) {
    case 'd': return String(a.int(i));
    case 'l': return String(a.long(i));
    case 'u': return String(a.ulong(i));
    case 'x': return '0x' + a.ulong(i).toString(16);
    case 'o': return '0' + a.uint(i).toString(8);
    case 'f': return a.int(i) === AT_FDCWD ? 'AT_FDCWD' : String(a.int(i));
    case 'p': return a.ptr(i) === 0 ? 'NULL' : hexPtr(k, a.ptr(i));
    case 'q': return '0x' + a.ptr(i).toString(16);
    case 'X': {
      const m = a.uint(i);
      if ((m & 0x7ff) === 0x7ff) return ['STATX_BASIC_STATS', ...(m & ~0x7ff ? [formatBits(m & ~0x7ff, STATX_NAMES)] : [])].join('|');
      return formatBits(m, STATX_NAMES);
    }
    case 's': {
      const p = a.ptr(i);
      if (p === 0) return 'NULL';
      try { return quote(k.mem.readCStringBytes(p, 4096)); } catch { return hexPtr(k, p); }
    }
    case 'O': return formatOpenFlags(a.int(i), k.openFlags);
    case 'P': return formatProt(a.int(i));
    case 'M': return formatMapFlags(a.int(i));
    case 'S': return signalName(a.int(i));
    case 'F': {
      const cmd = FCNTL_NAMES[a.int(i)] ?? String(a.int(i));
      return FCNTL_WITH_ARG.has(a.int(i)) ? `${cmd},${a.long(i + 1)}` : cmd;
    }
    case 'A': return formatBits(a.int(i), AT_NAMES);
    case 'W': return WHENCE[a.int(i)] ?? String(a.int(i));
    case 'C': return CLOCKS[a.int(i)] ?? String(a.int(i));
    case 'I': return IOCTLS[a.uint(i)] ?? '0x' + a.uint(i).toString(16);
    case 'R': {
      const m = a.int(i);
      if (m === 0) return 'F_OK';
      return formatBits(m, [[4, 'R_OK'], [2, 'W_OK'], [1, 'X_OK']]);
    }
    case 'c': return formatBits(a.int(i), [[k.openFlags.O_CLOEXEC, 'O_CLOEXEC'], [k.openFlags.O_NONBLOCK, 'O_NONBLOCK']]);
    default: return String(a.long(i));
  }
}

/** `name(args)` for a syscall about to run. */
export function formatCall(k: Kernel, nr: number, name: string | undefined, a: SyscallArgs): string {
  if (name === undefined) return `Unknown syscall ${nr}`;
  const spec = SPEC[name];
  const parts: string[] = [];
  if (spec === undefined) for (let i = 0; i < 6; i++) parts.push(String(a.long(i)));
  else {
    let n = spec.length;
    // open modes only matter (and are only shown by qemu) when creating.
    if (name === 'openat' && !(a.int(2) & (k.openFlags.O_CREAT | k.openFlags.__O_TMPFILE))) n = 3;
    for (let i = 0; i < n; i++) parts.push(formatArg(k, spec[i], a, i));
  }
  return `${name}(${parts.join(',')})`;
}

/** ` = result` (with errno text for failures). */
export function formatResult(k: Kernel, name: string | undefined, ret: number): string {
  if (ret < 0 && ret >= -MAX_ERRNO) return ` = -1 errno=${-ret} (${errnoMessage(-ret)})`;
  if (name !== undefined && POINTER_RESULT.has(name)) return ` = ${hexPtr(k, ret)}`;
  return ` = ${ret}`;
}
