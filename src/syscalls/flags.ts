// Guest flag and constant values, per arch where they differ, and the
// table-driven translation of guest open(2) flags to host flags.

import * as fs from 'fs';
import type { Arch } from '../cpu/types';

/** Symbolic open-flag bits (one name per bit). */
export type OpenFlagName =
  | 'O_WRONLY' | 'O_RDWR' | 'O_CREAT' | 'O_EXCL' | 'O_NOCTTY' | 'O_TRUNC' | 'O_APPEND' | 'O_NONBLOCK'
  | 'O_DSYNC' | 'O_ASYNC' | 'O_DIRECT' | 'O_LARGEFILE' | 'O_DIRECTORY' | 'O_NOFOLLOW' | 'O_NOATIME'
  | 'O_CLOEXEC' | '__O_SYNC' | 'O_PATH' | '__O_TMPFILE';

export type OpenFlagTable = Readonly<Record<OpenFlagName, number>>;

/** asm-generic/fcntl.h values (riscv64, and x86-64). */
export const GENERIC_OPEN_FLAGS: OpenFlagTable = {
  O_WRONLY: 0o1, O_RDWR: 0o2, O_CREAT: 0o100, O_EXCL: 0o200, O_NOCTTY: 0o400, O_TRUNC: 0o1000,
  O_APPEND: 0o2000, O_NONBLOCK: 0o4000, O_DSYNC: 0o10000, O_ASYNC: 0o20000, O_DIRECT: 0o40000,
  O_LARGEFILE: 0o100000, O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000, O_NOATIME: 0o1000000,
  O_CLOEXEC: 0o2000000, __O_SYNC: 0o4000000, O_PATH: 0o10000000, __O_TMPFILE: 0o20000000,
};

/** arm and aarch64 (arch/arm{,64}/include/uapi/asm/fcntl.h) move four bits. */
export const ARM_OPEN_FLAGS: OpenFlagTable = {
  ...GENERIC_OPEN_FLAGS,
  O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000, O_DIRECT: 0o200000, O_LARGEFILE: 0o400000,
};

export function openFlagTable(arch: Arch): OpenFlagTable {
  return arch === 'riscv64' ? GENERIC_OPEN_FLAGS : ARM_OPEN_FLAGS;
}

export const O_ACCMODE = 3;
export const O_RDONLY = 0;

/**
 * Host open-flag values. Node exposes most in fs.constants; O_CLOEXEC (libuv
 * always sets it), O_PATH and __O_TMPFILE are not exposed, so they come from
 * the Linux generic values on Linux hosts and are dropped elsewhere.
 * O_LARGEFILE is implied on 64-bit hosts.
 */
function hostOpenFlags(): Partial<Record<OpenFlagName, number>> {
  const c = fs.constants as Record<string, number | undefined>;
  const linux = process.platform === 'linux';
  const pick = (n: string, fallback?: number) => c[n] ?? (linux ? fallback : undefined);
  return {
    O_WRONLY: c.O_WRONLY, O_RDWR: c.O_RDWR, O_CREAT: c.O_CREAT, O_EXCL: c.O_EXCL, O_NOCTTY: c.O_NOCTTY,
    O_TRUNC: c.O_TRUNC, O_APPEND: c.O_APPEND, O_NONBLOCK: c.O_NONBLOCK, O_DSYNC: c.O_DSYNC,
    O_DIRECT: pick('O_DIRECT'), O_DIRECTORY: c.O_DIRECTORY, O_NOFOLLOW: c.O_NOFOLLOW,
    O_NOATIME: pick('O_NOATIME'), O_ASYNC: undefined, O_LARGEFILE: undefined, O_CLOEXEC: undefined,
    // fs.constants.O_SYNC is __O_SYNC|O_DSYNC on Linux; only the extra bit is wanted here.
    __O_SYNC: c.O_SYNC !== undefined && c.O_DSYNC !== undefined ? c.O_SYNC & ~c.O_DSYNC : undefined,
    O_PATH: linux ? 0o10000000 : undefined,
    __O_TMPFILE: linux ? 0o20000000 : undefined,
  };
}

let hostFlags: Partial<Record<OpenFlagName, number>> | undefined;

/**
 * Translates guest open flags to host flags (bits without a host equivalent
 * are dropped; O_CLOEXEC is tracked by the fd table, not the host).
 * Returns `unknown` = guest bits that are not open flags at all.
 */
export function translateOpenFlags(guest: number, table: OpenFlagTable): { host: number; unknown: number } {
  hostFlags ??= hostOpenFlags();
  let host = 0;
  let seen = 0;
  for (const name of Object.keys(table) as OpenFlagName[]) {
    const bit = table[name];
    if (guest & bit) {
      seen |= bit;
      const h = hostFlags[name];
      if (h !== undefined) host |= h;
    }
  }
  return { host, unknown: guest & ~seen };
}

/** The reverse: host open flags (e.g. from /proc/self/fdinfo) to guest flags. */
export function translateHostOpenFlags(host: number, table: OpenFlagTable): number {
  hostFlags ??= hostOpenFlags();
  let guest = 0;
  for (const name of Object.keys(table) as OpenFlagName[]) {
    const h = hostFlags[name];
    if (h !== undefined && h !== 0 && (host & h) === h) guest |= table[name];
  }
  return guest;
}

/** Renders guest open flags symbolically ("O_RDONLY|O_CLOEXEC"). */
export function formatOpenFlags(guest: number, table: OpenFlagTable): string {
  const parts: string[] = [];
  const acc = guest & O_ACCMODE;
  parts.push(acc === 0 ? 'O_RDONLY' : acc === 1 ? 'O_WRONLY' : acc === 2 ? 'O_RDWR' : '3');
  let rest = guest & ~O_ACCMODE;
  for (const name of Object.keys(table) as OpenFlagName[]) {
    const bit = table[name];
    if (name === 'O_WRONLY' || name === 'O_RDWR') continue;
    if (rest & bit) { parts.push(name.startsWith('__') ? name.slice(1) : name); rest &= ~bit; }
  }
  if (rest) parts.push('0x' + (rest >>> 0).toString(16));
  return parts.join('|');
}

// *at() flags (include/uapi/linux/fcntl.h; same on every arch).
export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_EACCESS = 0x200;
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const AT_STATX_SYNC_TYPE = 0x6000;

export const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;
export const RENAME_WHITEOUT = 4;

// fcntl commands (asm-generic/fcntl.h).
export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_SETOWN = 8;
export const F_GETOWN = 9;
export const F_OFD_GETLK = 36;
export const F_OFD_SETLK = 37;
export const F_OFD_SETLKW = 38;
export const F_DUPFD_CLOEXEC = 1030;
export const F_GETPIPE_SZ = 1032;
export const FD_CLOEXEC = 1;
export const F_RDLCK = 0;
export const F_WRLCK = 1;
export const F_UNLCK = 2;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;

// access() modes.
export const F_OK = 0;
export const X_OK = 1;
export const W_OK = 2;
export const R_OK = 4;

// mmap (asm-generic/mman-common.h; riscv64, aarch64 and arm agree).
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_DENYWRITE = 0x0800;
export const MAP_EXECUTABLE = 0x1000;
export const MAP_LOCKED = 0x2000;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_NONBLOCK = 0x10000;
export const MAP_STACK = 0x20000;
export const MAP_HUGETLB = 0x40000;
export const MAP_SYNC = 0x80000;
export const MAP_FIXED_NOREPLACE = 0x100000;

export const MAP_FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [MAP_FIXED, 'MAP_FIXED'], [MAP_ANONYMOUS, 'MAP_ANONYMOUS'], [MAP_GROWSDOWN, 'MAP_GROWSDOWN'],
  [MAP_DENYWRITE, 'MAP_DENYWRITE'], [MAP_EXECUTABLE, 'MAP_EXECUTABLE'], [MAP_LOCKED, 'MAP_LOCKED'],
  [MAP_NORESERVE, 'MAP_NORESERVE'], [MAP_POPULATE, 'MAP_POPULATE'], [MAP_NONBLOCK, 'MAP_NONBLOCK'],
  [MAP_STACK, 'MAP_STACK'], [MAP_HUGETLB, 'MAP_HUGETLB'], [MAP_SYNC, 'MAP_SYNC'],
  [MAP_FIXED_NOREPLACE, 'MAP_FIXED_NOREPLACE'],
];

export const PROT_GROWSDOWN = 0x01000000;
export const PROT_GROWSUP = 0x02000000;

export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;
export const MREMAP_DONTUNMAP = 4;

export const MADV_NORMAL = 0;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 8;
export const MADV_REMOVE = 9;

// Clocks (include/uapi/linux/time.h).
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
export const CLOCK_REALTIME_ALARM = 8;
export const CLOCK_BOOTTIME_ALARM = 9;
export const CLOCK_TAI = 11;
export const TIMER_ABSTIME = 1;

// Terminal ioctls (asm-generic/ioctls.h; arm and aarch64 use the same).
export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const FIONREAD = 0x541b;
export const FIONBIO = 0x5421;
export const FIOCLEX = 0x5451;
export const FIONCLEX = 0x5450;

// Resources (asm-generic/resource.h).
export const RLIMIT_NAMES = [
  'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_DATA', 'RLIMIT_STACK', 'RLIMIT_CORE', 'RLIMIT_RSS', 'RLIMIT_NPROC',
  'RLIMIT_NOFILE', 'RLIMIT_MEMLOCK', 'RLIMIT_AS', 'RLIMIT_LOCKS', 'RLIMIT_SIGPENDING', 'RLIMIT_MSGQUEUE',
  'RLIMIT_NICE', 'RLIMIT_RTPRIO', 'RLIMIT_RTTIME',
] as const;
export const RLIMIT_STACK = 3;
export const RLIMIT_NOFILE = 7;
export const RLIM_NLIMITS = 16;
/** RLIM64_INFINITY (and RLIM_INFINITY on LP64). */
export const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

export const RUSAGE_SELF = 0;
export const RUSAGE_CHILDREN = -1;
export const RUSAGE_THREAD = 1;

export const GRND_NONBLOCK = 1;
export const GRND_RANDOM = 2;
export const GRND_INSECURE = 4;

// File types (S_IFMT) and dirent d_type.
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export const DT_UNKNOWN = 0;
export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_BLK = 6;
export const DT_REG = 8;
export const DT_LNK = 10;
export const DT_SOCK = 12;

// prctl
export const PR_SET_NAME = 15;
export const PR_GET_NAME = 16;
