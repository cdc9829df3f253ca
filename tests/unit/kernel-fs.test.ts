// File-system syscalls through Kernel.syscall with a fake riscv64 CPU.

import * as fs from 'fs';
import * as path from 'path';
import { E } from '../../src/syscalls/errno';
import { GuestExit } from '../../src/linux-user/exit';
import { GENERIC_OPEN_FLAGS as O } from '../../src/syscalls/flags';
import { Harness, SCRATCH, makeHarness, peek, poke } from './kernel-harness';

const AT_FDCWD = -100;
const O_RDONLY = 0;
const BUF = SCRATCH;          // general buffer
const BUF2 = SCRATCH + 0x4000;

let h: Harness;
beforeEach(() => { h = makeHarness(); });
afterEach(() => { fs.rmSync(h.tmp, { recursive: true, force: true }); });

function openPath(p: string, flags: number, mode = 0o644, dirfd = AT_FDCWD): number {
  return h.sys('openat', dirfd, h.str(p), flags, mode);
}

function statField(off: number, size: 4 | 8 = 8): number {
  const b = peek(h.mem, BUF2, 128);
  return size === 8 ? Number(b.readBigUInt64LE(off)) : b.readUInt32LE(off);
}

describe('open/read/write/close', () => {
  test('create, write, lseek, read back', () => {
    const p = path.join(h.tmp, 'a.txt');
    const fd = openPath(p, O.O_RDWR | O.O_CREAT | O.O_TRUNC);
    expect(fd).toBe(3);
    poke(h.mem, BUF, 'hello world');
    expect(h.sys('write', fd, BUF, 11)).toBe(11);
    expect(h.sys('lseek', fd, 0, 1 /* SEEK_CUR */)).toBe(11);
    expect(h.sys('lseek', fd, 6, 0)).toBe(6);
    expect(h.sys('read', fd, BUF2, 100)).toBe(5);
    expect(peek(h.mem, BUF2, 5).toString()).toBe('world');
    expect(h.sys('read', fd, BUF2, 100)).toBe(0);
    expect(h.sys('lseek', fd, -3, 2 /* SEEK_END */)).toBe(8);
    expect(h.sys('lseek', fd, -100, 0)).toBe(-E.EINVAL);
    expect(h.sys('pread64', fd, BUF2, 5, 0)).toBe(5);
    expect(peek(h.mem, BUF2, 5).toString()).toBe('hello');
    expect(h.sys('lseek', fd, 0, 1)).toBe(8); // pread does not move the offset
    expect(h.sys('close', fd)).toBe(0);
    expect(h.sys('close', fd)).toBe(-E.EBADF);
    expect(fs.readFileSync(p, 'utf8')).toBe('hello world');
  });

  test('O_APPEND and pwrite64', () => {
    const p = path.join(h.tmp, 'b.txt');
    fs.writeFileSync(p, 'abc');
    const fd = openPath(p, O.O_WRONLY | O.O_APPEND);
    poke(h.mem, BUF, 'def');
    expect(h.sys('write', fd, BUF, 3)).toBe(3);
    expect(fs.readFileSync(p, 'utf8')).toBe('abcdef');
    const fd2 = openPath(p, O.O_RDWR);
    poke(h.mem, BUF, 'XY');
    expect(h.sys('pwrite64', fd2, BUF, 2, 1)).toBe(2);
    expect(fs.readFileSync(p, 'utf8')).toBe('aXYdef');
    // O_APPEND switched on later with F_SETFL.
    expect(h.sys('fcntl', fd2, 4, O.O_APPEND)).toBe(0);
    poke(h.mem, BUF, '!');
    expect(h.sys('write', fd2, BUF, 1)).toBe(1);
    expect(fs.readFileSync(p, 'utf8')).toBe('aXYdef!');
    expect(h.sys('lseek', fd2, 0, 1)).toBe(7);
  });

  test('readv / writev', () => {
    const p = path.join(h.tmp, 'v.txt');
    const fd = openPath(p, O.O_RDWR | O.O_CREAT);
    poke(h.mem, BUF, 'foo');
    poke(h.mem, BUF + 16, 'barbaz');
    const iov = BUF + 0x100;
    const v = Buffer.alloc(32);
    v.writeBigUInt64LE(BigInt(BUF), 0); v.writeBigUInt64LE(3n, 8);
    v.writeBigUInt64LE(BigInt(BUF + 16), 16); v.writeBigUInt64LE(6n, 24);
    poke(h.mem, iov, v);
    expect(h.sys('writev', fd, iov, 2)).toBe(9);
    expect(fs.readFileSync(p, 'utf8')).toBe('foobarbaz');
    expect(h.sys('lseek', fd, 0, 0)).toBe(0);
    const r = Buffer.alloc(32);
    r.writeBigUInt64LE(BigInt(BUF2), 0); r.writeBigUInt64LE(4n, 8);
    r.writeBigUInt64LE(BigInt(BUF2 + 16), 16); r.writeBigUInt64LE(10n, 24);
    poke(h.mem, iov, r);
    expect(h.sys('readv', fd, iov, 2)).toBe(9);
    expect(peek(h.mem, BUF2, 4).toString()).toBe('foob');
    expect(peek(h.mem, BUF2 + 16, 5).toString()).toBe('arbaz');
    expect(h.sys('readv', fd, iov, -1)).toBe(-E.EINVAL);
  });

  test('errors: ENOENT, EBADF, EFAULT, EEXIST', () => {
    expect(openPath(path.join(h.tmp, 'missing'), O_RDONLY)).toBe(-E.ENOENT);
    expect(h.sys('read', 99, BUF, 10)).toBe(-E.EBADF);
    expect(h.sys('write', -1, BUF, 10)).toBe(-E.EBADF);
    // Bad path pointers.
    expect(h.sys('openat', AT_FDCWD, 0, 0, 0)).toBe(-E.EFAULT);
    expect(h.sys('openat', AT_FDCWD, 0x7000_0000, 0, 0)).toBe(-E.EFAULT);
    expect(h.sys('openat', AT_FDCWD, -1, 0, 0)).toBe(-E.EFAULT);
    const p = path.join(h.tmp, 'e');
    fs.writeFileSync(p, 'data');
    expect(openPath(p, O.O_RDWR | O.O_CREAT | O.O_EXCL)).toBe(-E.EEXIST);
    const fd = openPath(p, O_RDONLY);
    // Buffer in unmapped / read-only memory.
    expect(h.sys('read', fd, 0x7000_0000, 4)).toBe(-E.EFAULT);
    expect(h.sys('read', fd, 0x10000 /* PROG: read-only */, 4)).toBe(-E.EFAULT);
    expect(h.sys('write', 1, 0x7000_0000, 4)).toBe(-E.EFAULT);
    expect(h.sys('fstat', fd, 0x7000_0000)).toBe(-E.EFAULT);
    // Read-only fd cannot be written.
    expect(h.sys('write', fd, BUF, 1)).toBe(-E.EBADF);
    expect(openPath(p, O_RDONLY | O.O_DIRECTORY)).toBe(-E.ENOTDIR);
  });

  test('a read stops at the end of accessible memory', () => {
    const p = path.join(h.tmp, 'big');
    fs.writeFileSync(p, Buffer.alloc(8192, 0x41));
    const fd = openPath(p, O_RDONLY);
    const end = SCRATCH + 0x10000;
    expect(h.sys('read', fd, end - 100, 8192)).toBe(100);
  });
});

describe('stat family', () => {
  test('fstat / newfstatat / AT_EMPTY_PATH / AT_SYMLINK_NOFOLLOW', () => {
    const p = path.join(h.tmp, 's');
    fs.writeFileSync(p, 'x'.repeat(1234));
    fs.symlinkSync(p, path.join(h.tmp, 'link'));
    const st = fs.statSync(p, { bigint: true });
    const fd = openPath(p, O_RDONLY);
    expect(h.sys('fstat', fd, BUF2)).toBe(0);
    expect(statField(48)).toBe(1234);
    expect(statField(8)).toBe(Number(st.ino));
    expect(statField(16, 4)).toBe(Number(st.mode));
    expect(h.sys('newfstatat', AT_FDCWD, h.str(path.join(h.tmp, 'link')), BUF2, 0)).toBe(0);
    expect(statField(48)).toBe(1234);
    expect(h.sys('newfstatat', AT_FDCWD, h.str(path.join(h.tmp, 'link')), BUF2, 0x100)).toBe(0);
    expect(statField(16, 4) & 0o170000).toBe(0o120000);
    expect(h.sys('newfstatat', fd, h.str(''), BUF2, 0x1000)).toBe(0);
    expect(statField(48)).toBe(1234);
    expect(h.sys('newfstatat', fd, h.str(''), BUF2, 0)).toBe(-E.ENOENT);
    expect(h.sys('newfstatat', AT_FDCWD, h.str(path.join(h.tmp, 'nope')), BUF2, 0)).toBe(-E.ENOENT);
    expect(h.sys('newfstatat', AT_FDCWD, h.str(p), BUF2, 0x4)).toBe(-E.EINVAL);
  });

  test('statx', () => {
    const p = path.join(h.tmp, 'sx');
    fs.writeFileSync(p, 'abc');
    expect(h.sys('statx', AT_FDCWD, h.str(p), 0, 0x7ff, BUF2)).toBe(0);
    const b = peek(h.mem, BUF2, 256);
    expect(b.readUInt32LE(0) & 0x7ff).toBe(0x7ff);
    expect(Number(b.readBigUInt64LE(40))).toBe(3);
    expect(b.readUInt16LE(28) & 0o170000).toBe(0o100000);
  });

  test('paths relative to a directory fd', () => {
    fs.mkdirSync(path.join(h.tmp, 'd'));
    fs.writeFileSync(path.join(h.tmp, 'd', 'f'), '12345');
    const dfd = openPath(path.join(h.tmp, 'd'), O_RDONLY | O.O_DIRECTORY);
    expect(dfd).toBeGreaterThanOrEqual(3);
    expect(h.sys('newfstatat', dfd, h.str('f'), BUF2, 0)).toBe(0);
    expect(statField(48)).toBe(5);
    const fd = openPath('f', O_RDONLY, 0, dfd);
    expect(h.sys('read', fd, BUF, 10)).toBe(5);
    // A non-directory fd as dirfd.
    expect(h.sys('newfstatat', fd, h.str('f'), BUF2, 0)).toBe(-E.ENOTDIR);
    expect(h.sys('newfstatat', 77, h.str('f'), BUF2, 0)).toBe(-E.EBADF);
    // Absolute paths ignore dirfd.
    expect(h.sys('newfstatat', 77, h.str(path.join(h.tmp, 'd', 'f')), BUF2, 0)).toBe(0);
  });
});

describe('emulated cwd', () => {
  test('getcwd/chdir/fchdir resolve relative paths without touching process.cwd()', () => {
    const hostCwd = process.cwd();
    const real = fs.realpathSync(h.tmp);
    fs.mkdirSync(path.join(h.tmp, 'sub'));
    fs.writeFileSync(path.join(h.tmp, 'sub', 'file'), 'in sub');
    expect(h.sys('chdir', h.str(h.tmp))).toBe(0);
    expect(process.cwd()).toBe(hostCwd);
    expect(h.sys('getcwd', BUF, 4096)).toBe(real.length + 1);
    expect(peek(h.mem, BUF, real.length + 1).toString()).toBe(real + '\0');
    expect(h.sys('getcwd', BUF, 3)).toBe(-E.ERANGE);
    expect(h.sys('chdir', h.str('sub'))).toBe(0);
    const fd = openPath('file', O_RDONLY);
    expect(h.sys('read', fd, BUF2, 100)).toBe(6);
    expect(h.sys('chdir', h.str('file'))).toBe(-E.ENOTDIR);
    expect(h.sys('chdir', h.str('nonexistent'))).toBe(-E.ENOENT);
    const top = openPath(h.tmp, O_RDONLY | O.O_DIRECTORY);
    expect(h.sys('fchdir', top)).toBe(0);
    h.sys('getcwd', BUF, 4096);
    expect(peek(h.mem, BUF, real.length).toString()).toBe(real);
    expect(h.sys('fchdir', fd)).toBe(-E.ENOTDIR);
  });
});

describe('directories', () => {
  test('getdents64 lists entries with inode, type and aligned records', () => {
    fs.writeFileSync(path.join(h.tmp, 'file1'), '');
    fs.mkdirSync(path.join(h.tmp, 'dir1'));
    fs.symlinkSync('file1', path.join(h.tmp, 'lnk'));
    const dfd = openPath(h.tmp, O_RDONLY | O.O_DIRECTORY);
    const names = new Map<string, { ino: bigint; type: number }>();
    for (;;) {
      const n = h.sys('getdents64', dfd, BUF, 64); // small buffer: several calls
      expect(n).toBeGreaterThanOrEqual(0);
      if (n === 0) break;
      const b = peek(h.mem, BUF, n);
      let off = 0;
      while (off < n) {
        const reclen = b.readUInt16LE(off + 16);
        expect(reclen % 8).toBe(0);
        const nameEnd = b.indexOf(0, off + 19);
        names.set(b.subarray(off + 19, nameEnd).toString(), { ino: b.readBigUInt64LE(off), type: b[off + 18] });
        off += reclen;
      }
    }
    expect([...names.keys()].sort()).toEqual(['.', '..', 'dir1', 'file1', 'lnk']);
    expect(names.get('file1')!.type).toBe(8);
    expect(names.get('dir1')!.type).toBe(4);
    expect(names.get('lnk')!.type).toBe(10);
    expect(names.get('file1')!.ino).toBe(fs.lstatSync(path.join(h.tmp, 'file1'), { bigint: true }).ino);
    // Rewind and read again in one go.
    expect(h.sys('lseek', dfd, 0, 0)).toBe(0);
    expect(h.sys('getdents64', dfd, BUF, 4096)).toBeGreaterThan(0);
    expect(h.sys('getdents64', dfd, BUF, 4096)).toBe(0);
    // Too small for even one record.
    h.sys('lseek', dfd, 0, 0);
    expect(h.sys('getdents64', dfd, BUF, 8)).toBe(-E.EINVAL);
    const f = openPath(path.join(h.tmp, 'file1'), O_RDONLY);
    expect(h.sys('getdents64', f, BUF, 4096)).toBe(-E.ENOTDIR);
  });

  test('mkdirat / unlinkat / renameat2 / faccessat', () => {
    const d = path.join(h.tmp, 'nd');
    expect(h.sys('mkdirat', AT_FDCWD, h.str(d), 0o755)).toBe(0);
    expect(fs.statSync(d).isDirectory()).toBe(true);
    expect(h.sys('mkdirat', AT_FDCWD, h.str(d), 0o755)).toBe(-E.EEXIST);
    const f = path.join(d, 'f');
    fs.writeFileSync(f, 'x');
    expect(h.sys('faccessat', AT_FDCWD, h.str(f), 4 /* R_OK */)).toBe(0);
    expect(h.sys('faccessat', AT_FDCWD, h.str(f + 'zz'), 0)).toBe(-E.ENOENT);
    expect(h.sys('faccessat2', AT_FDCWD, h.str(f), 0, 0x100)).toBe(0);
    expect(h.sys('unlinkat', AT_FDCWD, h.str(d), 0x200)).toBe(-E.ENOTEMPTY);
    expect(h.sys('renameat2', AT_FDCWD, h.str(f), AT_FDCWD, h.str(f + '2', 0x9000), 0)).toBe(0);
    fs.writeFileSync(f, 'y');
    expect(h.sys('renameat2', AT_FDCWD, h.str(f), AT_FDCWD, h.str(f + '2', 0x9000), 1 /* NOREPLACE */)).toBe(-E.EEXIST);
    expect(h.sys('unlinkat', AT_FDCWD, h.str(f), 0)).toBe(0);
    expect(h.sys('unlinkat', AT_FDCWD, h.str(f + '2'), 0)).toBe(0);
    expect(h.sys('unlinkat', AT_FDCWD, h.str(d), 0x200)).toBe(0);
    expect(fs.existsSync(d)).toBe(false);
  });

  test('readlinkat, including /proc/self/exe', () => {
    fs.symlinkSync('target-name', path.join(h.tmp, 'l'));
    expect(h.sys('readlinkat', AT_FDCWD, h.str(path.join(h.tmp, 'l')), BUF, 100)).toBe(11);
    expect(peek(h.mem, BUF, 11).toString()).toBe('target-name');
    expect(h.sys('readlinkat', AT_FDCWD, h.str(path.join(h.tmp, 'l')), BUF, 4)).toBe(4);
    expect(h.sys('readlinkat', AT_FDCWD, h.str('/proc/self/exe'), BUF, 100)).toBe('/usr/bin/true'.length);
    expect(peek(h.mem, BUF, 13).toString()).toBe('/usr/bin/true');
    expect(h.sys('readlinkat', AT_FDCWD, h.str(`/proc/${process.pid}/exe`), BUF, 100)).toBe(13);
    expect(h.sys('readlinkat', AT_FDCWD, h.str('/proc/self/exe'), BUF, 0)).toBe(-E.EINVAL);
    // /proc/self/fd/N names the guest's file, /proc/self/cwd the emulated cwd.
    const target = path.join(h.tmp, 'fdlink-target');
    fs.writeFileSync(target, '');
    const fd = openPath(target, O_RDONLY);
    const n = h.sys('readlinkat', AT_FDCWD, h.str(`/proc/self/fd/${fd}`), BUF, 4096);
    expect(peek(h.mem, BUF, n).toString()).toBe(fs.realpathSync(target));
    expect(h.sys('chdir', h.str(h.tmp))).toBe(0);
    const m = h.sys('readlinkat', AT_FDCWD, h.str('/proc/self/cwd'), BUF, 4096);
    expect(peek(h.mem, BUF, m).toString()).toBe(fs.realpathSync(h.tmp));
    // Opening /proc/self/fd/N reopens the file.
    const fd2 = openPath(`/proc/self/fd/${fd}`, O_RDONLY);
    expect(fd2).toBeGreaterThan(fd);
  });
});

describe('fd table', () => {
  test('dup / dup3 / fcntl share the offset and track FD_CLOEXEC', () => {
    const p = path.join(h.tmp, 'dup');
    fs.writeFileSync(p, '0123456789');
    const fd = openPath(p, O_RDONLY | O.O_CLOEXEC);
    expect(h.sys('fcntl', fd, 1 /* F_GETFD */)).toBe(1);
    const d = h.sys('dup', fd);
    expect(d).toBe(fd + 1);
    expect(h.sys('fcntl', d, 1)).toBe(0);
    expect(h.sys('read', fd, BUF, 3)).toBe(3);
    expect(h.sys('read', d, BUF, 3)).toBe(3);
    expect(peek(h.mem, BUF, 3).toString()).toBe('345');
    expect(h.sys('dup3', fd, 10, O.O_CLOEXEC)).toBe(10);
    expect(h.sys('fcntl', 10, 1)).toBe(1);
    expect(h.sys('dup3', fd, fd, 0)).toBe(-E.EINVAL);
    expect(h.sys('dup3', fd, 11, 1)).toBe(-E.EINVAL);
    expect(h.sys('fcntl', fd, 2 /* F_SETFD */, 0)).toBe(0);
    expect(h.sys('fcntl', fd, 1)).toBe(0);
    expect(h.sys('fcntl', fd, 0 /* F_DUPFD */, 20)).toBe(20);
    expect(h.sys('fcntl', fd, 1030 /* F_DUPFD_CLOEXEC */, 20)).toBe(21);
    expect(h.sys('fcntl', 21, 1)).toBe(1);
    expect(h.sys('fcntl', fd, 3 /* F_GETFL */)).toBe(0);
    expect(h.sys('fcntl', fd, 4 /* F_SETFL */, O.O_NONBLOCK)).toBe(0);
    expect(h.sys('fcntl', d, 3) & O.O_NONBLOCK).toBe(O.O_NONBLOCK); // shared description
    h.sys('close', fd);
    expect(h.sys('read', d, BUF, 100)).toBe(4); // still open through the dup
    expect(h.sys('fcntl', 55, 1)).toBe(-E.EBADF);
  });

  test('RLIMIT_NOFILE bounds fds (EMFILE)', () => {
    const lim = Buffer.alloc(16);
    lim.writeBigUInt64LE(8n, 0); lim.writeBigUInt64LE(8n, 8);
    poke(h.mem, BUF, lim);
    expect(h.sys('prlimit64', 0, 7, BUF, 0)).toBe(0);
    const fds: number[] = [];
    for (let i = 0; i < 10; i++) fds.push(openPath('/dev/null', O_RDONLY));
    expect(fds.slice(0, 5)).toEqual([3, 4, 5, 6, 7]);
    expect(fds[5]).toBe(-E.EMFILE);
  });

  test('pipe2', () => {
    expect(h.sys('pipe2', BUF, O.O_CLOEXEC)).toBe(0);
    const b = peek(h.mem, BUF, 8);
    const r = b.readInt32LE(0), w = b.readInt32LE(4);
    poke(h.mem, BUF2, 'ping');
    expect(h.sys('write', w, BUF2, 4)).toBe(4);
    expect(h.sys('read', r, BUF2 + 100, 10)).toBe(4);
    expect(peek(h.mem, BUF2 + 100, 4).toString()).toBe('ping');
    expect(h.sys('read', w, BUF2, 1)).toBe(-E.EBADF);
    expect(h.sys('lseek', r, 0, 0)).toBe(-E.ESPIPE);
    expect(h.sys('close', w)).toBe(0);
    expect(h.sys('read', r, BUF2, 10)).toBe(0); // EOF once writers are gone
    expect(h.sys('pipe2', 0x7000_0000, 0)).toBe(-E.EFAULT);
  });

  test('writing to a pipe without readers raises SIGPIPE', () => {
    expect(h.sys('pipe2', BUF, 0)).toBe(0);
    const b = peek(h.mem, BUF, 8);
    const r = b.readInt32LE(0), w = b.readInt32LE(4);
    h.sys('close', r);
    let caught: unknown;
    try { h.sys('write', w, BUF2, 1); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(GuestExit);
    expect((caught as GuestExit).signal).toBe(13);
    // With SIGPIPE ignored: EPIPE.
    const act = Buffer.alloc(24); act.writeBigUInt64LE(1n, 0); // SIG_IGN
    poke(h.mem, BUF, act);
    expect(h.sys('rt_sigaction', 13, BUF, 0, 8)).toBe(0);
    expect(h.sys('write', w, BUF2, 1)).toBe(-E.EPIPE);
  });

  test('ppoll on pipes and files; statfs', () => {
    expect(h.sys('pipe2', BUF, 0)).toBe(0);
    const b = peek(h.mem, BUF, 8);
    const r = b.readInt32LE(0), w = b.readInt32LE(4);
    const f = openPath('/dev/null', O_RDONLY);
    const pfd = Buffer.alloc(24);
    pfd.writeInt32LE(r, 0); pfd.writeInt16LE(1 /* POLLIN */, 4);
    pfd.writeInt32LE(w, 8); pfd.writeInt16LE(4 /* POLLOUT */, 12);
    pfd.writeInt32LE(99, 16); pfd.writeInt16LE(1, 20);
    poke(h.mem, BUF2, pfd);
    const ts = Buffer.alloc(16); poke(h.mem, BUF2 + 0x100, ts); // zero timeout
    expect(h.sys('ppoll', BUF2, 3, BUF2 + 0x100, 0, 8)).toBe(2);
    let out = peek(h.mem, BUF2, 24);
    expect([out.readInt16LE(6), out.readInt16LE(14), out.readInt16LE(22)]).toEqual([0, 4, 0x20]);
    poke(h.mem, BUF, 'x');
    h.sys('write', w, BUF, 1);
    poke(h.mem, BUF2, pfd);
    expect(h.sys('ppoll', BUF2, 1, BUF2 + 0x100, 0, 8)).toBe(1);
    out = peek(h.mem, BUF2, 8);
    expect(out.readInt16LE(6)).toBe(1);
    pfd.writeInt32LE(f, 0);
    poke(h.mem, BUF2, pfd);
    expect(h.sys('ppoll', BUF2, 1, 0, 0, 8)).toBe(1);
    expect(h.sys('statfs', h.str(h.tmp), BUF)).toBe(0);
    expect(Number(peek(h.mem, BUF + 8, 8).readBigInt64LE())).toBeGreaterThan(0); // f_bsize
    expect(h.sys('fstatfs', f, BUF)).toBe(0);
  });

  test('lseek: whence checked first; /dev/null seeks to 0; pipes cannot seek', () => {
    const fd = openPath('/dev/null', O_RDONLY);
    expect(h.sys('lseek', fd, 0, 12345)).toBe(-E.EINVAL);
    expect(h.sys('lseek', fd, 100, 0)).toBe(0);
    expect(h.sys('pipe2', BUF, 0)).toBe(0);
    const r = peek(h.mem, BUF, 4).readInt32LE(0);
    expect(h.sys('lseek', r, 0, 12345)).toBe(-E.EINVAL);
    expect(h.sys('lseek', r, 0, 1)).toBe(-E.ESPIPE);
  });

  test('ioctl: ENOTTY on non-terminals', () => {
    const fd = openPath('/dev/null', O_RDONLY);
    expect(h.sys('ioctl', fd, 0x5401 /* TCGETS */, BUF)).toBe(-E.ENOTTY);
    expect(h.sys('ioctl', fd, 0x5413 /* TIOCGWINSZ */, BUF)).toBe(-E.ENOTTY);
    expect(h.sys('ioctl', 99, 0x5401, BUF)).toBe(-E.EBADF);
  });

  test('/proc/self/maps and cmdline describe the guest', () => {
    const fd = openPath('/proc/self/maps', O_RDONLY);
    const n = h.sys('read', fd, BUF, 0x4000);
    const text = peek(h.mem, BUF, n).toString();
    expect(text).toMatch(/^00010000-00011000 r--p /m);
    expect(text).toMatch(/^00020000-00030000 rw-p /m);
    const c = openPath('/proc/self/cmdline', O_RDONLY);
    const m = h.sys('read', c, BUF, 100);
    expect(peek(h.mem, BUF, m).toString()).toBe('prog\0arg1\0');
  });
});
