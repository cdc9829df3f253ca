// Memory-management syscalls: brk, mmap family, cache flush.

import * as fs from 'fs';
import { PAGE_SIZE } from '../memory/guest-memory';
import { E } from '../syscalls/errno';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_TYPE } from '../syscalls/flags';
import { fail } from './errors';
import { HostFile } from './files';
import type { Handler, Kernel } from './kernel';
import type { MmapFile } from './mm';
import type { SyscallArgs } from './args';

type H = Record<string, Handler>;

function mmapFile(k: Kernel, fd: number, flags: number, prot: number): MmapFile {
  const f = k.file(fd);
  if (f.status.path) fail(E.EBADF);
  const shared = (flags & MAP_TYPE) !== MAP_PRIVATE;
  // Access is checked before whether the file can be mapped at all (as Linux's do_mmap).
  if ((shared && (prot & 2) && f.status.accmode !== 2) || f.status.accmode === 1) fail(E.EACCES);
  if (!(f instanceof HostFile) || f.isDirectory()) fail(E.ENODEV);
  if (shared && (prot & 2)) {
    k.unimp('mmap-shared-write', 'mmap: MAP_SHARED writable file mapping; guest writes are not written back to the file');
  }
  return {
    name: f.path ? f.path.toString() : '',
    readable: f.status.accmode !== 1,
    writable: f.status.accmode === 2,
    fill: (dst, offset) => {
      let done = 0;
      while (done < dst.length) {
        const n = fs.readSync(f.fd, dst, done, dst.length - done, offset + done);
        if (n <= 0) break;
        done += n;
      }
      return done;
    },
  };
}

function mmap(k: Kernel, a: SyscallArgs): number {
  const flags = a.int(3);
  const prot = a.int(2);
  const file = flags & MAP_ANONYMOUS ? undefined : mmapFile(k, a.int(4), flags, prot);
  return k.mm.mmap(a.ptr(0), a.ulong(1), prot, flags, file, flags & MAP_ANONYMOUS ? 0 : a.i64(5));
}

const checkAligned = (addr: number): void => { if (addr % PAGE_SIZE !== 0) fail(E.EINVAL); };

export const mmSyscalls: H = {
  brk: (k, a) => k.mm.brk(a.ptr(0)),
  mmap: (k, a) => mmap(k, a),
  munmap: (k, a) => { k.mm.munmap(a.ptr(0), a.ulong(1)); return 0; },
  mprotect: (k, a) => { k.mm.mprotect(a.ptr(0), a.ulong(1), a.int(2)); return 0; },
  mremap: (k, a) => k.mm.mremap(a.ptr(0), a.ulong(1), a.ulong(2), a.int(3), a.ptr(4)),
  madvise: (k, a) => { k.mm.madvise(a.ptr(0), a.ulong(1), a.int(2)); return 0; },
  msync: (k, a) => {
    checkAligned(a.ptr(0));
    if (a.int(2) & ~7) fail(E.EINVAL);
    if (a.ulong(1) > 0 && !k.mem.pages.isAccessible(a.ptr(0), a.ulong(1), 0)) fail(E.ENOMEM);
    return 0;
  },
  mlock: () => 0,
  munlock: () => 0,
  mlock2: () => 0,
  mlockall: () => 0,
  munlockall: () => 0,
  riscv_flush_icache: (k, a) => {
    if (a.ulong(2) & ~1) fail(E.EINVAL); // SYS_RISCV_FLUSH_ICACHE_LOCAL is the only flag
    k.onFlushCode(a.ptr(0), a.ptr(1));
    return 0;
  },
};
