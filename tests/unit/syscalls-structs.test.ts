// Struct layouts (checked against offsetof() from riscv64-linux-gnu-gcc),
// encoders, errno and flag tables, syscall numbering.

import { targetStructs } from '../../src/syscalls/structs';
import { encodeStat, encodeStatx, encodeTimespec, encodeUtsname, FileStat, newEncodeDev } from '../../src/syscalls/convert';
import { E, errnoFromHostError, errnoMessage, errnoName } from '../../src/syscalls/errno';
import {
  ARM_OPEN_FLAGS, GENERIC_OPEN_FLAGS, formatOpenFlags, openFlagTable, translateOpenFlags,
} from '../../src/syscalls/flags';
import * as fs from 'fs';
import { syscallTable } from '../../src/syscalls/numbers';
import { ILP32_LE, layout } from '../../src/syscalls/layout';
import { TIMESPEC } from '../../src/syscalls/structs';

const rv = targetStructs('riscv64');

describe('riscv64 struct layouts', () => {
  test('struct stat (bits/struct_stat.h)', () => {
    const L = rv.TargetStat;
    expect(L.size).toBe(128);
    const expected: Record<string, number> = {
      st_dev: 0, st_ino: 8, st_mode: 16, st_nlink: 20, st_uid: 24, st_gid: 28, st_rdev: 32, st_size: 48,
      st_blksize: 56, st_blocks: 64, st_atim: 72, st_mtim: 88, st_ctim: 104,
    };
    for (const [f, off] of Object.entries(expected)) expect([f, L.off(f)]).toEqual([f, off]);
    expect(L.off('st_mtim.tv_nsec')).toBe(96);
  });

  test('struct statx', () => {
    const L = rv.TargetStatx;
    expect(L.size).toBe(256);
    expect(L.off('stx_mode')).toBe(28);
    expect(L.off('stx_ino')).toBe(32);
    expect(L.off('stx_atime')).toBe(64);
    expect(L.off('stx_btime')).toBe(80);
    expect(L.off('stx_ctime')).toBe(96);
    expect(L.off('stx_mtime')).toBe(112);
    expect(L.off('stx_rdev_major')).toBe(128);
    expect(L.off('stx_dev_major')).toBe(136);
    expect(L.off('stx_mnt_id')).toBe(144);
  });

  test('other structs', () => {
    expect(rv.TargetSysinfo.size).toBe(112);
    expect(rv.TargetSysinfo.off('procs')).toBe(80);
    expect(rv.TargetSysinfo.off('totalhigh')).toBe(88);
    expect(rv.TargetSysinfo.off('mem_unit')).toBe(104);
    expect(rv.TargetRusage.size).toBe(144);
    expect(rv.TargetRusage.off('ru_maxrss')).toBe(32);
    expect(rv.TargetRusage.off('ru_nivcsw')).toBe(136);
    expect(rv.TargetUtsname.size).toBe(390);
    expect(rv.TargetUtsname.off('machine')).toBe(260);
    expect(rv.TargetTermios.size).toBe(36);
    expect(rv.TargetTermios.off('c_line')).toBe(16);
    expect(rv.TargetTermios.off('c_cc')).toBe(17);
    expect(rv.TargetWinsize.size).toBe(8);
    expect(rv.TargetTms.size).toBe(32);
    expect(rv.TargetFlock.size).toBe(32);
    expect(rv.TargetFlock.off('l_start')).toBe(8);
    expect(rv.TargetFlock.off('l_pid')).toBe(24);
    expect(rv.TargetStack.size).toBe(24);
    expect(rv.TargetStack.off('ss_size')).toBe(16);
    expect(rv.TargetTimespec.size).toBe(16);
    expect(rv.TargetTimeval.size).toBe(16);
    expect(rv.TargetIovec.size).toBe(16);
    expect(rv.TargetRobustListHead.size).toBe(24);
    expect(rv.TargetStatfs.size).toBe(120);
    expect(rv.TargetStatfs.off('f_fsid')).toBe(56);
    expect(rv.TargetStatfs.off('f_namelen')).toBe(64);
    expect(rv.TargetPollfd.size).toBe(8);
  });

  test('sigaction: riscv64 has no sa_restorer, aarch64 has', () => {
    expect(rv.TargetSigaction.size).toBe(24);
    expect(rv.TargetSigaction.off('sa_mask')).toBe(16);
    expect(rv.TargetSigaction.has('sa_restorer')).toBe(false);
    const a64 = targetStructs('aarch64').TargetSigaction;
    expect(a64.size).toBe(32);
    expect(a64.off('sa_restorer')).toBe(16);
    expect(a64.off('sa_mask')).toBe(24);
  });

  test('ILP32 layout of the same declaration', () => {
    const ts = layout(TIMESPEC, ILP32_LE);
    expect(ts.size).toBe(8);
    expect(ts.off('tv_nsec')).toBe(4);
  });
});

describe('encoders', () => {
  const st: FileStat = {
    dev: 0x803n, ino: 123456789012n, mode: 0o100644, nlink: 2, uid: 1000, gid: 100, rdev: 0n,
    size: 5_000_000_000n, blksize: 4096, blocks: 9_765_632n,
    atimeNs: 1_700_000_000_123_456_789n, mtimeNs: 1_600_000_000_000_000_001n, ctimeNs: 1_500_000_000_999_999_999n,
    birthtimeNs: 0n,
  };

  test('encodeStat writes every field at its offset', () => {
    const b = encodeStat(rv, st);
    const dv = new DataView(b.buffer);
    expect(b.length).toBe(128);
    expect(dv.getBigUint64(0, true)).toBe(0x803n);
    expect(dv.getBigUint64(8, true)).toBe(123456789012n);
    expect(dv.getUint32(16, true)).toBe(0o100644);
    expect(dv.getUint32(20, true)).toBe(2);
    expect(dv.getUint32(24, true)).toBe(1000);
    expect(dv.getUint32(28, true)).toBe(100);
    expect(dv.getBigInt64(48, true)).toBe(5_000_000_000n);
    expect(dv.getInt32(56, true)).toBe(4096);
    expect(dv.getBigInt64(64, true)).toBe(9_765_632n);
    expect(dv.getBigInt64(72, true)).toBe(1_700_000_000n);
    expect(dv.getBigInt64(80, true)).toBe(123_456_789n);
    expect(dv.getBigInt64(88, true)).toBe(1_600_000_000n);
    expect(dv.getBigInt64(96, true)).toBe(1n);
    expect(dv.getBigInt64(104, true)).toBe(1_500_000_000n);
    expect(dv.getBigInt64(112, true)).toBe(999_999_999n);
  });

  test('encodeStatx', () => {
    const b = encodeStatx(rv, st);
    const dv = new DataView(b.buffer);
    expect(dv.getUint32(0, true)).toBe(0x7ff); // no btime
    expect(dv.getUint16(28, true)).toBe(0o100644);
    expect(dv.getBigUint64(40, true)).toBe(5_000_000_000n);
    expect(dv.getBigInt64(64, true)).toBe(1_700_000_000n);
    expect(dv.getUint32(72, true)).toBe(123_456_789);
    expect(dv.getUint32(136, true)).toBe(8); // dev major
    expect(dv.getUint32(140, true)).toBe(3); // dev minor
  });

  test('dev_t encoding', () => {
    expect(newEncodeDev(8, 3)).toBe(0x803n);
    expect(newEncodeDev(259, 0x12345)).toBe(BigInt(0x45 | (259 << 8) | (0x12300 << 12)) & 0xffffffffn);
  });

  test('timespec of negative times', () => {
    const b = encodeTimespec(rv, -1n);
    const dv = new DataView(b.buffer);
    expect(dv.getBigInt64(0, true)).toBe(-1n);
    expect(dv.getBigInt64(8, true)).toBe(999_999_999n);
  });

  test('utsname fields are NUL-terminated and truncated', () => {
    const b = encodeUtsname(rv, { sysname: 'Linux', nodename: 'x'.repeat(100), release: '6.1.0', version: 'v', machine: 'riscv64', domainname: '' });
    expect(Buffer.from(b.subarray(0, 6)).toString('latin1')).toBe('Linux\0');
    expect(b[65 + 64]).toBe(0);
    expect(b[65 + 63]).toBe('x'.charCodeAt(0));
    expect(Buffer.from(b.subarray(260, 268)).toString('latin1')).toBe('riscv64\0');
  });
});

describe('errno', () => {
  test('values and names', () => {
    expect(E.ENOENT).toBe(2);
    expect(E.EFAULT).toBe(14);
    expect(E.ENOSYS).toBe(38);
    expect(E.EAGAIN).toBe(E.EWOULDBLOCK);
    expect(E.ENOTEMPTY).toBe(39);
    expect(E.ETIMEDOUT).toBe(110);
    expect(errnoName(2)).toBe('ENOENT');
    expect(errnoMessage(2)).toBe('No such file or directory');
    expect(errnoMessage(38)).toBe('Function not implemented');
  });

  test('host errors map by code', () => {
    let err: unknown;
    try { fs.readFileSync('/nonexistent/nodemu'); } catch (e) { err = e; }
    expect(errnoFromHostError(err)).toBe(E.ENOENT);
    try { fs.readdirSync('/etc/passwd'); } catch (e) { err = e; }
    expect(errnoFromHostError(err)).toBe(E.ENOTDIR);
    expect(errnoFromHostError({ code: 'EISDIR' })).toBe(E.EISDIR);
    expect(errnoFromHostError(new Error('x'))).toBeUndefined();
  });
});

describe('open flags', () => {
  test('arm/aarch64 differ from generic in four bits', () => {
    expect(openFlagTable('riscv64')).toBe(GENERIC_OPEN_FLAGS);
    expect(openFlagTable('aarch64')).toBe(ARM_OPEN_FLAGS);
    expect(GENERIC_OPEN_FLAGS.O_DIRECTORY).toBe(0o200000);
    expect(ARM_OPEN_FLAGS.O_DIRECTORY).toBe(0o40000);
    expect(ARM_OPEN_FLAGS.O_NOFOLLOW).toBe(0o100000);
    expect(ARM_OPEN_FLAGS.O_DIRECT).toBe(0o200000);
    expect(ARM_OPEN_FLAGS.O_LARGEFILE).toBe(0o400000);
  });

  test('translation to host flags', () => {
    const c = fs.constants;
    const g = GENERIC_OPEN_FLAGS;
    expect(translateOpenFlags(g.O_WRONLY | g.O_CREAT | g.O_TRUNC | g.O_CLOEXEC, g).host)
      .toBe(c.O_WRONLY | c.O_CREAT | c.O_TRUNC);
    const a = ARM_OPEN_FLAGS;
    expect(translateOpenFlags(a.O_DIRECTORY | a.O_NOFOLLOW, a).host).toBe(c.O_DIRECTORY | c.O_NOFOLLOW);
    // The arm O_DIRECTORY bit is the generic O_DIRECT bit: must not be confused.
    expect(translateOpenFlags(0o40000, a).host).toBe(c.O_DIRECTORY);
    expect(translateOpenFlags(0o1 << 30, g).unknown).toBe(0o1 << 30);
  });

  test('symbolic rendering', () => {
    const g = GENERIC_OPEN_FLAGS;
    expect(formatOpenFlags(g.O_CLOEXEC, g)).toBe('O_RDONLY|O_CLOEXEC');
    expect(formatOpenFlags(g.O_RDWR | g.O_CREAT | g.O_EXCL, g)).toBe('O_RDWR|O_CREAT|O_EXCL');
  });
});

describe('syscall numbering', () => {
  test('asm-generic numbers and riscv additions', () => {
    const t = syscallTable('riscv64');
    const cases: [string, number][] = [
      ['getcwd', 17], ['fcntl', 25], ['ioctl', 29], ['openat', 56], ['close', 57], ['getdents64', 61], ['lseek', 62],
      ['read', 63], ['write', 64], ['readlinkat', 78], ['newfstatat', 79], ['fstat', 80], ['exit', 93],
      ['exit_group', 94], ['set_tid_address', 96], ['futex', 98], ['clock_gettime', 113], ['rt_sigaction', 134],
      ['uname', 160], ['getrlimit', 163], ['getpid', 172], ['brk', 214], ['munmap', 215], ['mmap', 222],
      ['mprotect', 226], ['prlimit64', 261], ['renameat2', 276], ['getrandom', 278], ['statx', 291], ['rseq', 293],
      ['clone3', 435], ['faccessat2', 439], ['riscv_hwprobe', 258], ['riscv_flush_icache', 259],
    ];
    for (const [name, nr] of cases) {
      expect([name, t.nr(name)]).toEqual([name, nr]);
      expect(t.name(nr)).toBe(name);
    }
    expect(t.nr('renameat')).toBeUndefined();
    expect(syscallTable('aarch64').nr('renameat')).toBe(38);
  });
});
