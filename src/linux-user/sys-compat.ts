// Calls that only 32-bit targets (and the legacy, pre-*at() numberings) have:
// the stat64 family, _llseek, mmap2, fcntl64, statfs64, the *_time64 variants
// of the time calls, the "32" id calls, and old path calls such as open or
// unlink. Most are the generic handler under another name with its arguments
// rearranged (COMPAT_ALIASES, applied by Kernel.dispatch); the rest are here.
// Register-pair arguments (pread64's offset on arm, ...) are the ABI's
// business: src/linux-user/<arch>/abi.ts maps them before these run.

import { PAGE_SIZE } from '../memory/guest-memory';
import { E } from '../syscalls/errno';
import { encodeStat } from '../syscalls/convert';
import {
  AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, F_OFD_GETLK, F_OFD_SETLK,
  F_OFD_SETLKW, F_UNLCK,
} from '../syscalls/flags';
import type { ArgMap } from './args';
import { fail } from './errors';
import type { Handler, Kernel } from './kernel';
import { copyBetween, fdPath, fsSyscalls, pathAt, poll, statAt, statfs } from './sys-fs';
import { mmSyscalls } from './sys-mm';
import { procSyscalls } from './sys-proc';

type H = Record<string, Handler>;

const cwd = { value: AT_FDCWD } as const;
const v = (value: number) => ({ value }) as const;
/** The same handler under another name (all arguments in place). */
const same = (name: string): ArgMap => [name, [0, 1, 2, 3, 4, 5]];

/** Legacy/32-bit call → generic handler with rearranged arguments. */
export const COMPAT_ALIASES: ReadonlyMap<string, ArgMap> = new Map<string, ArgMap>([
  ['open', ['openat', [cwd, 0, 1, 2]]],
  // O_CREAT|O_WRONLY|O_TRUNC: the same bits in every numbering we support.
  ['creat', ['openat', [cwd, 0, v(0o1101), 1]]],
  ['access', ['faccessat', [cwd, 0, 1]]],
  ['mkdir', ['mkdirat', [cwd, 0, 1]]],
  ['rmdir', ['unlinkat', [cwd, 0, v(AT_REMOVEDIR)]]],
  ['unlink', ['unlinkat', [cwd, 0, v(0)]]],
  ['rename', ['renameat', [cwd, 0, cwd, 1]]],
  ['readlink', ['readlinkat', [cwd, 0, 1, 2]]],
  ['symlink', ['symlinkat', [0, cwd, 1]]],
  ['link', ['linkat', [cwd, 0, cwd, 1, v(0)]]],
  ['chmod', ['fchmodat', [cwd, 0, 1]]],
  ['chown', ['fchownat', [cwd, 0, 1, 2, v(0)]]],
  ['chown32', ['fchownat', [cwd, 0, 1, 2, v(0)]]],
  ['lchown', ['fchownat', [cwd, 0, 1, 2, v(AT_SYMLINK_NOFOLLOW)]]],
  ['lchown32', ['fchownat', [cwd, 0, 1, 2, v(AT_SYMLINK_NOFOLLOW)]]],
  ['fchown32', same('fchown')],
  ['stat', ['newfstatat', [cwd, 0, 1, v(0)]]],
  ['lstat', ['newfstatat', [cwd, 0, 1, v(AT_SYMLINK_NOFOLLOW)]]],
  ['pipe', ['pipe2', [0, v(0)]]],
  ['getpgrp', ['getpgid', [v(0)]]],
  ['getuid32', same('getuid')],
  ['geteuid32', same('geteuid')],
  ['getgid32', same('getgid')],
  ['getegid32', same('getegid')],
  ['getresuid32', same('getresuid')],
  ['getresgid32', same('getresgid')],
  ['getgroups32', same('getgroups')],
  ['setuid32', same('setuid')],
  ['setgid32', same('setgid')],
  ['ugetrlimit', same('getrlimit')],
]);

/** The *_time64 variant of a time call: struct timespec is struct __kernel_timespec. */
const time64 = (h: Handler): Handler => (k, a) => k.withTime64(() => h(k, a));

function writeStat64(k: Kernel, addr: number, st: ReturnType<typeof statAt>): number {
  k.write(addr, encodeStat(k.T, st, k.T.TargetStat64));
  return 0;
}

/**
 * statfs64's size argument must be sizeof(struct statfs64). arm EABI's kernel
 * struct is packed to 84 bytes while C libraries use the unpacked 88, which
 * arm's syscall wrapper accepts (it rewrites 88 to 84).
 */
function checkStatfs64Size(k: Kernel, size: number): void {
  const want = k.T.TargetStatfs64.size;
  if (size !== want && !(k.arch === 'arm' && want === 84 && size === 88)) fail(E.EINVAL);
}

// fcntl64's commands with a struct flock64 (arm EABI, asm-generic 32-bit).
const F_GETLK64 = 12, F_SETLK64 = 13, F_SETLKW64 = 14;

export const compatSyscalls: H = {
  sendfile64: (k, a) => copyBetween(k, a.int(1), a.ptr(2), a.int(0), 0, a.ulong(3), 8),
  stat64: (k, a) => writeStat64(k, a.ptr(1), statAt(k, AT_FDCWD, a.ptr(0), 0)),
  lstat64: (k, a) => writeStat64(k, a.ptr(1), statAt(k, AT_FDCWD, a.ptr(0), AT_SYMLINK_NOFOLLOW)),
  fstat64: (k, a) => writeStat64(k, a.ptr(1), k.file(a.int(0)).stat()),
  fstatat64: (k, a) => {
    const flags = a.int(3);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) fail(E.EINVAL);
    return writeStat64(k, a.ptr(2), statAt(k, a.int(0), a.ptr(1), flags));
  },
  statfs64: (k, a) => {
    checkStatfs64Size(k, a.uint(1));
    return statfs(k, pathAt(k, AT_FDCWD, a.ptr(0)), a.ptr(2), k.T.TargetStatfs64);
  },
  fstatfs64: (k, a) => {
    checkStatfs64Size(k, a.uint(1));
    return statfs(k, fdPath(k.file(a.int(0))), a.ptr(2), k.T.TargetStatfs64);
  },

  /** _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
  _llseek: (k, a) => {
    const off = a.int(1) * 0x1_0000_0000 + a.uint(2);
    const pos = k.file(a.int(0)).seek(off, a.uint(4));
    k.mem.setU64(a.ptr(3), pos);
    return 0;
  },
  /** mmap2: the file offset is in 4096-byte units. */
  mmap2: (k, a) => mmSyscalls.mmap(k, a.remap([0, 1, 2, 3, 4, v(a.uint(5) * PAGE_SIZE)])),

  fcntl64: (k, a) => {
    const cmd = a.int(1);
    const L = k.T.TargetFlock64;
    switch (cmd) {
      case F_GETLK64: case F_OFD_GETLK: {
        k.file(a.int(0));
        const p = a.ptr(2);
        k.mem.read(p, L.size);
        // Only this process exists: no lock ever conflicts.
        k.mem.write(p + L.off('l_type'), new Uint8Array([F_UNLCK & 0xff, F_UNLCK >> 8]));
        return 0;
      }
      case F_SETLK64: case F_SETLKW64: case F_OFD_SETLK: case F_OFD_SETLKW:
        k.file(a.int(0));
        k.mem.read(a.ptr(2), L.size);
        return 0;
    }
    return fsSyscalls.fcntl(k, a);
  },

  dup2: (k, a) => {
    const oldfd = a.int(0), newfd = a.int(1);
    const f = k.file(oldfd);
    return oldfd === newfd ? newfd : k.fds.installAt(newfd, f, false);
  },
  /** poll(fds, nfds, timeout in ms; negative: forever) */
  poll: (k, a) => {
    const ms = a.int(2);
    return poll(k, a.ptr(0), a.uint(1), ms < 0 ? undefined : BigInt(ms) * 1_000_000n);
  },

  clock_gettime64: time64(procSyscalls.clock_gettime),
  clock_settime64: time64(procSyscalls.clock_settime),
  clock_getres_time64: time64(procSyscalls.clock_getres),
  futex_time64: time64(procSyscalls.futex),
  ppoll_time64: time64(fsSyscalls.ppoll),
  utimensat_time64: time64(fsSyscalls.utimensat),
};
