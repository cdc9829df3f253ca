// Guest struct declarations (kernel ABI, as found in the uapi headers) and the
// per-arch set of laid-out structs. Field names follow the C names.

import type { Arch } from '../cpu/types';
import { DataModel, ILP32_LE, LP64_LE, StructDecl, StructLayout, layout } from './layout';

const d = (name: string, fields: StructDecl['fields']): StructDecl => ({ name, fields });

export const TIMESPEC = d('timespec', [['tv_sec', 'long'], ['tv_nsec', 'long']]);
/**
 * struct __kernel_timespec (the *_time64 syscalls of 32-bit targets): a
 * 64-bit tv_sec; tv_nsec is 64 bits wide, but a 32-bit kernel only reads its
 * low half (C libraries leave the upper half as uninitialised padding).
 */
export const TIMESPEC64_ILP32 = d('__kernel_timespec', [['tv_sec', 'i64'], ['tv_nsec', 'i32'], ['__pad', 'i32']]);
export const TIMEVAL = d('timeval', [['tv_sec', 'long'], ['tv_usec', 'long']]);
export const TIMEZONE = d('timezone', [['tz_minuteswest', 'i32'], ['tz_dsttime', 'i32']]);
export const IOVEC = d('iovec', [['iov_base', 'ptr'], ['iov_len', 'ulong']]);

const UTS_LEN = 65;
export const UTSNAME = d('new_utsname', [
  ['sysname', { bytes: UTS_LEN }], ['nodename', { bytes: UTS_LEN }], ['release', { bytes: UTS_LEN }],
  ['version', { bytes: UTS_LEN }], ['machine', { bytes: UTS_LEN }], ['domainname', { bytes: UTS_LEN }],
]);

/** include/uapi/linux/sysinfo.h; the trailing pad is 20-2*sizeof(long)-4 bytes. */
function sysinfoDecl(longSize: number): StructDecl {
  const fields: [string, StructDecl['fields'][number][1]][] = [
    ['uptime', 'long'], ['loads', { array: 'ulong', n: 3 }], ['totalram', 'ulong'], ['freeram', 'ulong'],
    ['sharedram', 'ulong'], ['bufferram', 'ulong'], ['totalswap', 'ulong'], ['freeswap', 'ulong'],
    ['procs', 'u16'], ['pad', 'u16'], ['totalhigh', 'ulong'], ['freehigh', 'ulong'], ['mem_unit', 'u32'],
  ];
  const f = 20 - 2 * longSize - 4;
  if (f > 0) fields.push(['_f', { bytes: f }]);
  return d('sysinfo', fields);
}
const SYSINFO_LP64 = sysinfoDecl(8);
const SYSINFO_ILP32 = sysinfoDecl(4);

export const RLIMIT = d('rlimit', [['rlim_cur', 'ulong'], ['rlim_max', 'ulong']]);
export const RLIMIT64 = d('rlimit64', [['rlim_cur', 'u64'], ['rlim_max', 'u64']]);

/** Kernel struct termios (asm-generic termbits.h): what TCGETS/TCSETS use. NCCS = 19. */
export const TERMIOS = d('termios', [
  ['c_iflag', 'u32'], ['c_oflag', 'u32'], ['c_cflag', 'u32'], ['c_lflag', 'u32'],
  ['c_line', 'u8'], ['c_cc', { array: 'u8', n: 19 }],
]);
export const WINSIZE = d('winsize', [['ws_row', 'u16'], ['ws_col', 'u16'], ['ws_xpixel', 'u16'], ['ws_ypixel', 'u16']]);

/** Kernel sigset_t: 64 signals as unsigned long words (8 bytes on every supported arch). */
export const SIGSET = d('sigset', [['sig', { bytes: 8, align: 4 }]]);
/** rt_sigaction's struct sigaction without sa_restorer (riscv64: no SA_RESTORER). */
export const SIGACTION_NORESTORER = d('sigaction', [
  ['sa_handler', 'ptr'], ['sa_flags', 'ulong'], ['sa_mask', { struct: SIGSET }],
]);
/** rt_sigaction's struct sigaction with sa_restorer (aarch64, arm). */
export const SIGACTION_RESTORER = d('sigaction', [
  ['sa_handler', 'ptr'], ['sa_flags', 'ulong'], ['sa_restorer', 'ptr'], ['sa_mask', { struct: SIGSET }],
]);
export const STACK_T = d('stack_t', [['ss_sp', 'ptr'], ['ss_flags', 'i32'], ['ss_size', 'ulong']]);

/** asm-generic struct stat (include/uapi/asm-generic/stat.h), used by LP64 riscv64/aarch64. */
export const STAT_GENERIC = d('stat', [
  ['st_dev', 'ulong'], ['st_ino', 'ulong'], ['st_mode', 'u32'], ['st_nlink', 'u32'],
  ['st_uid', 'u32'], ['st_gid', 'u32'], ['st_rdev', 'ulong'], ['__pad1', 'ulong'],
  ['st_size', 'long'], ['st_blksize', 'i32'], ['__pad2', 'i32'], ['st_blocks', 'long'],
  ['st_atim', { struct: TIMESPEC }], ['st_mtim', { struct: TIMESPEC }], ['st_ctim', { struct: TIMESPEC }],
  ['__unused4', 'u32'], ['__unused5', 'u32'],
]);

/** 32-bit arm's struct stat (arch/arm/include/uapi/asm/stat.h), of the legacy stat/fstat/lstat calls. */
const STAT_TIME32 = d('stat_time32', [['tv_sec', 'u32'], ['tv_nsec', 'u32']]);
export const STAT_ARM = d('stat', [
  ['st_dev', 'ulong'], ['st_ino', 'ulong'], ['st_mode', 'u16'], ['st_nlink', 'u16'],
  ['st_uid', 'u16'], ['st_gid', 'u16'], ['st_rdev', 'ulong'], ['st_size', 'ulong'],
  ['st_blksize', 'ulong'], ['st_blocks', 'ulong'],
  ['st_atim', { struct: STAT_TIME32 }], ['st_mtim', { struct: STAT_TIME32 }], ['st_ctim', { struct: STAT_TIME32 }],
  ['__unused4', 'ulong'], ['__unused5', 'ulong'],
]);
/**
 * 32-bit arm's struct stat64 (same header): the 64-bit members are 8-aligned
 * under EABI, which leaves holes after __pad3 and st_blksize; the 32-bit
 * __st_ino comes first and the full st_ino last (104 bytes).
 */
export const STAT64_ARM = d('stat64', [
  ['st_dev', 'u64'], ['__pad0', { bytes: 4 }], ['__st_ino', 'u32'], ['st_mode', 'u32'], ['st_nlink', 'u32'],
  ['st_uid', 'u32'], ['st_gid', 'u32'], ['st_rdev', 'u64'], ['__pad3', { bytes: 4 }], ['st_size', 'i64'],
  ['st_blksize', 'u32'], ['st_blocks', 'u64'],
  ['st_atim', { struct: STAT_TIME32 }], ['st_mtim', { struct: STAT_TIME32 }], ['st_ctim', { struct: STAT_TIME32 }],
  ['st_ino', 'u64'],
]);

export const STATX_TIMESTAMP = d('statx_timestamp', [['tv_sec', 'i64'], ['tv_nsec', 'u32'], ['__reserved', 'i32']]);
export const STATX = d('statx', [
  ['stx_mask', 'u32'], ['stx_blksize', 'u32'], ['stx_attributes', 'u64'],
  ['stx_nlink', 'u32'], ['stx_uid', 'u32'], ['stx_gid', 'u32'], ['stx_mode', 'u16'], ['__spare0', 'u16'],
  ['stx_ino', 'u64'], ['stx_size', 'u64'], ['stx_blocks', 'u64'], ['stx_attributes_mask', 'u64'],
  ['stx_atime', { struct: STATX_TIMESTAMP }], ['stx_btime', { struct: STATX_TIMESTAMP }],
  ['stx_ctime', { struct: STATX_TIMESTAMP }], ['stx_mtime', { struct: STATX_TIMESTAMP }],
  ['stx_rdev_major', 'u32'], ['stx_rdev_minor', 'u32'], ['stx_dev_major', 'u32'], ['stx_dev_minor', 'u32'],
  ['stx_mnt_id', 'u64'], ['stx_dio_mem_align', 'u32'], ['stx_dio_offset_align', 'u32'],
  ['__spare3', { array: 'u64', n: 12 }],
]);

/** Fixed part of struct linux_dirent64; d_name follows at offset 19. */
export const DIRENT64 = d('linux_dirent64', [['d_ino', 'u64'], ['d_off', 'i64'], ['d_reclen', 'u16'], ['d_type', 'u8']]);
export const DIRENT64_NAME_OFFSET = 19;

export const TMS = d('tms', [['tms_utime', 'long'], ['tms_stime', 'long'], ['tms_cutime', 'long'], ['tms_cstime', 'long']]);
export const RUSAGE = d('rusage', [
  ['ru_utime', { struct: TIMEVAL }], ['ru_stime', { struct: TIMEVAL }],
  ['ru_maxrss', 'long'], ['ru_ixrss', 'long'], ['ru_idrss', 'long'], ['ru_isrss', 'long'],
  ['ru_minflt', 'long'], ['ru_majflt', 'long'], ['ru_nswap', 'long'], ['ru_inblock', 'long'],
  ['ru_oublock', 'long'], ['ru_msgsnd', 'long'], ['ru_msgrcv', 'long'], ['ru_nsignals', 'long'],
  ['ru_nvcsw', 'long'], ['ru_nivcsw', 'long'],
]);
/** struct flock with a long off_t (LP64; ILP32 fcntl64 uses flock64). */
export const FLOCK = d('flock', [['l_type', 'i16'], ['l_whence', 'i16'], ['l_start', 'long'], ['l_len', 'long'], ['l_pid', 'i32']]);
/** struct flock64 (fcntl64's F_GETLK64/F_SETLK64/F_SETLKW64 on 32-bit targets). */
export const FLOCK64 = d('flock64', [['l_type', 'i16'], ['l_whence', 'i16'], ['l_start', 'i64'], ['l_len', 'i64'], ['l_pid', 'i32']]);
/** asm-generic struct statfs64 (statfs64/fstatfs64 of 32-bit targets; __statfs_word = u32 there). */
export const STATFS64 = d('statfs64', [
  ['f_type', 'ulong'], ['f_bsize', 'ulong'], ['f_blocks', 'u64'], ['f_bfree', 'u64'], ['f_bavail', 'u64'],
  ['f_files', 'u64'], ['f_ffree', 'u64'], ['f_fsid', { array: 'i32', n: 2 }], ['f_namelen', 'ulong'],
  ['f_frsize', 'ulong'], ['f_flags', 'ulong'], ['f_spare', { array: 'ulong', n: 4 }],
]);
/** arm EABI packs struct statfs64 to 4-byte alignment (ARCH_PACK_STATFS64): 84 bytes, not 88. */
const ILP32_LE_PACK4: DataModel = { ...ILP32_LE, name: 'ILP32-le-pack4', i64Align: 4 };

/** asm-generic struct statfs (__statfs_word = long). */
export const STATFS = d('statfs', [
  ['f_type', 'long'], ['f_bsize', 'long'], ['f_blocks', 'long'], ['f_bfree', 'long'], ['f_bavail', 'long'],
  ['f_files', 'long'], ['f_ffree', 'long'], ['f_fsid', { array: 'i32', n: 2 }], ['f_namelen', 'long'],
  ['f_frsize', 'long'], ['f_flags', 'long'], ['f_spare', { array: 'long', n: 4 }],
]);
export const POLLFD = d('pollfd', [['fd', 'i32'], ['events', 'i16'], ['revents', 'i16']]);
export const ROBUST_LIST_HEAD = d('robust_list_head', [['list', 'ptr'], ['futex_offset', 'long'], ['list_op_pending', 'ptr']]);

/** Every guest struct the kernel reads or writes, laid out for one target arch. */
export interface TargetStructs {
  readonly model: DataModel;
  readonly TargetTimespec: StructLayout;
  /** struct __kernel_timespec of the *_time64 calls (= TargetTimespec on 64-bit targets). */
  readonly TargetTimespec64: StructLayout;
  readonly TargetTimeval: StructLayout;
  readonly TargetTimezone: StructLayout;
  readonly TargetIovec: StructLayout;
  readonly TargetUtsname: StructLayout;
  readonly TargetSysinfo: StructLayout;
  readonly TargetRlimit: StructLayout;
  readonly TargetRlimit64: StructLayout;
  readonly TargetTermios: StructLayout;
  readonly TargetWinsize: StructLayout;
  readonly TargetSigset: StructLayout;
  readonly TargetSigaction: StructLayout;
  readonly TargetStack: StructLayout;
  readonly TargetStat: StructLayout;
  /** struct stat64 (32-bit targets; = TargetStat on 64-bit ones, which have no stat64 calls). */
  readonly TargetStat64: StructLayout;
  readonly TargetStatx: StructLayout;
  readonly TargetDirent64: StructLayout;
  readonly TargetTms: StructLayout;
  readonly TargetRusage: StructLayout;
  readonly TargetFlock: StructLayout;
  readonly TargetFlock64: StructLayout;
  readonly TargetRobustListHead: StructLayout;
  readonly TargetStatfs: StructLayout;
  readonly TargetStatfs64: StructLayout;
  readonly TargetPollfd: StructLayout;
}

interface ArchDecls {
  sigaction: StructDecl;
  stat: StructDecl;
  stat64?: StructDecl;
  /** Data model of struct statfs64 (arm EABI packs it). */
  statfs64Model?: DataModel;
}

function build(model: DataModel, a: ArchDecls): TargetStructs {
  const { sigaction, stat } = a;
  const ilp32 = model.longSize === 4;
  return {
    model,
    TargetTimespec: layout(TIMESPEC, model),
    TargetTimespec64: layout(ilp32 ? TIMESPEC64_ILP32 : TIMESPEC, model),
    TargetTimeval: layout(TIMEVAL, model),
    TargetTimezone: layout(TIMEZONE, model),
    TargetIovec: layout(IOVEC, model),
    TargetUtsname: layout(UTSNAME, model),
    TargetSysinfo: layout(model.longSize === 8 ? SYSINFO_LP64 : SYSINFO_ILP32, model),
    TargetRlimit: layout(RLIMIT, model),
    TargetRlimit64: layout(RLIMIT64, model),
    TargetTermios: layout(TERMIOS, model),
    TargetWinsize: layout(WINSIZE, model),
    TargetSigset: layout(SIGSET, model),
    TargetSigaction: layout(sigaction, model),
    TargetStack: layout(STACK_T, model),
    TargetStat: layout(stat, model),
    TargetStat64: layout(a.stat64 ?? stat, model),
    TargetStatx: layout(STATX, model),
    TargetDirent64: layout(DIRENT64, model),
    TargetTms: layout(TMS, model),
    TargetRusage: layout(RUSAGE, model),
    TargetFlock: layout(FLOCK, model),
    TargetFlock64: layout(FLOCK64, model),
    TargetRobustListHead: layout(ROBUST_LIST_HEAD, model),
    TargetStatfs: layout(STATFS, model),
    TargetStatfs64: layout(STATFS64, a.statfs64Model ?? model),
    TargetPollfd: layout(POLLFD, model),
  };
}

const cache = new Map<Arch, TargetStructs>();

/** The guest struct layouts of `arch`. */
export function targetStructs(arch: Arch): TargetStructs {
  let s = cache.get(arch);
  if (!s) {
    switch (arch) {
      case 'riscv64': s = build(LP64_LE, { sigaction: SIGACTION_NORESTORER, stat: STAT_GENERIC }); break;
      case 'aarch64': s = build(LP64_LE, { sigaction: SIGACTION_RESTORER, stat: STAT_GENERIC }); break;
      case 'arm':
        s = build(ILP32_LE, { sigaction: SIGACTION_RESTORER, stat: STAT_ARM, stat64: STAT64_ARM, statfs64Model: ILP32_LE_PACK4 });
        break;
    }
    cache.set(arch, s);
  }
  return s;
}
