// File-system and file-descriptor syscalls.

import * as fs from 'fs';
import * as os from 'os';
import { GUEST_BASE } from '../memory/guest-memory';
import { PROT_READ, PROT_WRITE } from '../memory/page-map';
import { E } from '../syscalls/errno';
import { FileStat, devMajor, devMinor, encodeStat, encodeStatx, fileStatFromNode } from '../syscalls/convert';
import {
  AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_REMOVEDIR, AT_STATX_SYNC_TYPE, AT_SYMLINK_FOLLOW,
  AT_SYMLINK_NOFOLLOW, DT_BLK, DT_CHR, DT_DIR, DT_FIFO, DT_LNK, DT_REG, DT_SOCK, DT_UNKNOWN, FD_CLOEXEC,
  FIOCLEX, FIONBIO, FIONCLEX, FIONREAD, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_GETLK, F_GETOWN,
  F_GETPIPE_SZ, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_SETFD, F_SETFL, F_SETLK, F_SETLKW, F_SETOWN, F_UNLCK,
  O_ACCMODE, RENAME_EXCHANGE, RENAME_NOREPLACE, RENAME_WHITEOUT, TCGETS, TCSETS, TCSETSF, TCSETSW, TIOCGPGRP,
  TIOCGWINSZ, TIOCSPGRP, TIOCSWINSZ, translateOpenFlags,
} from '../syscalls/flags';
import { DIRENT64_NAME_OFFSET, TargetStructs } from '../syscalls/structs';
import type { SyscallArgs } from './args';
import { SysError, fail } from './errors';
import { SIGPIPE } from '../syscalls/signals';
import { raiseSelf } from './sys-proc';
import { DirEntry, HostFile, MAX_RW_COUNT, MemoryFile, OpenFile, Pipe, PipeEnd, StatusFlags } from './files';
import type { Handler, Kernel } from './kernel';
import { ProcFileName, formatAuxv, formatCpuinfo, formatMaps, formatStat, formatStatus, guestPids, guestProcNode, peerFileContents, peerHostPath, peerInfo } from './proc';
import { ARCHS } from '../loader/arch';
import { pollSyscalls } from './sys-poll';

type H = Record<string, Handler>;

// ---- transfers ----

/** A live view of guest memory for a read/write of `count` bytes, cut at the first bad page. */
function ioView(k: Kernel, addr: number, count: number, prot: number): Uint8Array {
  const n = Math.min(count, MAX_RW_COUNT);
  if (n === 0) return new Uint8Array(0);
  const len = k.accessibleLength(addr, n, prot);
  const off = addr - GUEST_BASE;
  return k.mem.u8.subarray(off, off + len);
}

const UIO_MAXIOV = 1024;

/** Guest iovec array → checked live views. */
function iovecs(k: Kernel, addr: number, count: number, prot: number): Uint8Array[] {
  if (count < 0 || count > UIO_MAXIOV) fail(E.EINVAL);
  const L = k.T.TargetIovec;
  const raw = k.mem.read(addr, L.size * count);
  const out: Uint8Array[] = [];
  const vecs: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const r = L.reader(raw.subarray(i * L.size, (i + 1) * L.size));
    const base = r.get('iov_base'), len = r.get('iov_len');
    if (len < 0 || len > Number.MAX_SAFE_INTEGER) fail(E.EINVAL);
    total += len;
    if (total > 0x7fff_ffff_ffff) fail(E.EINVAL);
    vecs.push([base, len]);
  }
  // The transfer stops at the first bad buffer (a partial count); EFAULT only when that is the first one.
  for (const [base, len] of vecs) {
    if (len === 0) continue;
    if (out.length && !k.mem.pages.isAccessible(base, len, prot)) break;
    k.mem.check(base, len, prot);
    out.push(k.mem.u8.subarray(base - GUEST_BASE, base - GUEST_BASE + len));
  }
  return out;
}

function readvFile(f: OpenFile, views: Uint8Array[], pos?: number): number {
  if (views.length === 0) return f.read(new Uint8Array(0), pos);
  if (f instanceof HostFile) return f.readv(views, pos);
  if (f.recordReads && views.length > 1) {
    // A record may straddle the buffers, as with Linux's read_iter.
    const buf = new Uint8Array(Math.min(views.reduce((s, v) => s + v.length, 0), MAX_RW_COUNT));
    let left = f.read(buf, pos), off = 0;
    for (const v of views) {
      const n = Math.min(left, v.length);
      v.set(buf.subarray(off, off + n));
      off += n;
      left -= n;
    }
    return off;
  }
  let total = 0;
  for (const v of views) {
    const n = f.read(v, pos === undefined ? undefined : pos + total);
    total += n;
    if (n < v.length) break;
  }
  return total;
}

function writevFile(f: OpenFile, views: Uint8Array[], pos?: number): number {
  if (views.length === 1) return f.write(views[0], pos);
  // One write keeps the record together on pipes and terminals.
  const total = views.reduce((s, v) => s + v.length, 0);
  return f.write(Buffer.concat(views, Math.min(total, MAX_RW_COUNT)), pos);
}

/** Writes: a broken pipe also raises SIGPIPE (which kills the guest by default), as in Linux. */
function writing(k: Kernel, op: () => number): number {
  try {
    return op();
  } catch (e) {
    if ((e instanceof SysError && e.errno === E.EPIPE) || (e as { code?: string } | null)?.code === 'EPIPE') raiseSelf(k, SIGPIPE);
    throw e;
  }
}

function offsetArg(a: SyscallArgs, i: number): number {
  const off = a.i64(i);
  if (off < 0) fail(E.EINVAL);
  return off;
}

/**
 * sendfile / copy_file_range: copies through a bounce buffer (Node has neither call). A given
 * offset is used and advanced instead of the input's file position; a short read or write ends it.
 */
export function copyBetween(k: Kernel, inFd: number, inOffAddr: number, outFd: number, outOffAddr: number, count: number,
  offSize: 4 | 8 = 8): number {
  const fin = k.file(inFd), fout = k.file(outFd);
  const getOff = (addr: number) => (offSize === 8 ? k.mem.i64(addr) : k.mem.i32(addr));
  const setOff = (addr: number, v: number) => (offSize === 8 ? k.mem.setU64(addr, v) : k.mem.setU32(addr, v));
  let inPos = inOffAddr ? getOff(inOffAddr) : undefined;
  let outPos = outOffAddr ? getOff(outOffAddr) : undefined;
  if ((inPos !== undefined && inPos < 0) || (outPos !== undefined && outPos < 0)) fail(E.EINVAL);
  const total = Math.min(count, MAX_RW_COUNT);
  const buf = new Uint8Array(Math.min(total, 1 << 20));
  let done = 0;
  while (done < total) {
    const want = Math.min(buf.length, total - done);
    let n: number;
    try { n = fin.read(buf.subarray(0, want), inPos); } catch (e) { if (done) break; throw e; }
    if (n <= 0) break;
    let w: number;
    try { w = writing(k, () => fout.write(buf.subarray(0, n), outPos)); } catch (e) { if (done) break; throw e; }
    done += w;
    if (inPos !== undefined) inPos += w;
    if (outPos !== undefined) outPos += w;
    if (w < n) {
      // the input moved past what was written: put its position back (seekable inputs only)
      if (inPos === undefined) try { fin.seek(w - n, 1); } catch { /* pipe: the bytes are lost, as on a short write */ }
      break;
    }
    if (n < want) break;
  }
  if (inOffAddr) setOff(inOffAddr, inPos!);
  if (outOffAddr) setOff(outOffAddr, outPos!);
  return done;
}

// ---- stat ----

function hostStat(p: Buffer | string, follow: boolean): FileStat {
  return fileStatFromNode(follow ? fs.statSync(p, { bigint: true }) : fs.lstatSync(p, { bigint: true }));
}

/** Stat of dirfd+path with *at() flag semantics. */
export function statAt(k: Kernel, dirfd: number, pathAddr: number, flags: number): FileStat {
  const p = k.readPath(pathAddr);
  const follow = (flags & AT_SYMLINK_NOFOLLOW) === 0;
  if (p.length === 0) {
    if (!(flags & AT_EMPTY_PATH)) fail(E.ENOENT);
    return dirfd === AT_FDCWD ? hostStat(k.cwd, true) : k.file(dirfd).stat();
  }
  const abs = k.lookupAt(dirfd, p);
  const node = guestProcNode(k, abs);
  if (node?.kind === 'peer') return hostStat(peerHostPath(node, follow), follow);
  if (node?.kind === 'alias') return hostStat(node.host, follow);
  if (node && follow) {
    if (node.kind === 'exe') return hostStat(k.execPath, true);
    if (node.kind === 'cwd') return hostStat(k.cwd, true);
    if (node.kind === 'fd') return k.file(node.fd).stat();
  }
  return hostStat(abs, follow);
}

// ---- open ----

function procFileContents(k: Kernel, name: ProcFileName): Buffer {
  switch (name) {
    case 'auxv': return formatAuxv(k.auxv, k.T.model.longSize, k.T.model.littleEndian);
    case 'cpuinfo': {
      const ncpu = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
      return Buffer.from(formatCpuinfo(k.arch, k.auxv.find(([t]) => t === 16)?.[1] ?? ARCHS[k.arch].hwcap, ncpu), 'latin1');
    }
    case 'maps': {
      const ids = new Map<string, { dev: string; ino: bigint }>();
      const hex2 = (v: number) => v.toString(16).padStart(2, '0');
      const fileId = (n: string) => {
        let v = ids.get(n);
        if (v === undefined) {
          try {
            const st = fs.statSync(n, { bigint: true });
            v = { dev: `${hex2(devMajor(st.dev))}:${hex2(devMinor(st.dev))}`, ino: st.ino };
          } catch { v = { dev: '00:00', ino: 0n }; }
          ids.set(n, v);
        }
        return v;
      };
      return Buffer.from(formatMaps(k.mem.pages.list(), fileId), 'latin1');
    }
    case 'cmdline': return Buffer.from(k.argv.map((s) => s + '\0').join(''));
    case 'environ': return Buffer.from(k.env.map((s) => s + '\0').join(''));
    case 'comm': return Buffer.from(k.comm + '\n');
    case 'stat': case 'status': {
      // The host's table (parent, group, session), with this process's own name and memory.
      const info = { ...peerInfo(k, k.pid)!, state: 'R', comm: k.comm };
      const size = k.mem.pages.list().reduce((n, m) => n + (m.end - m.start), 0);
      return Buffer.from(name === 'stat' ? formatStat(info, size) : formatStatus(info, { size: size >> 10, rss: size >> 10 }), 'latin1');
    }
  }
}

/** Opens host path `abs` with guest flags and returns the new open file description. */
function openHost(k: Kernel, abs: Buffer, flags: number, mode: number): OpenFile {
  const t = k.openFlags;
  const { host, unknown } = translateOpenFlags(flags, t);
  if (unknown) k.unimp(`open-flags-${unknown}`, `openat: unknown flag bits 0x${unknown.toString(16)}`);
  if ((flags & t.__O_TMPFILE) && !(flags & t.O_DIRECTORY)) fail(E.EINVAL);
  // The guest's umask applies here (the host's is 0 when guest processes run on workers).
  const hostFd = fs.openSync(abs, host, mode & 0o7777 & ~k.umask);
  try {
    const status: StatusFlags = {
      accmode: flags & O_ACCMODE,
      append: (flags & t.O_APPEND) !== 0,
      nonblock: (flags & t.O_NONBLOCK) !== 0,
      path: (flags & t.O_PATH) !== 0,
      guest: flags & ~(t.O_CREAT | t.O_EXCL | t.O_NOCTTY | t.O_TRUNC | t.O_CLOEXEC),
    };
    return HostFile.fromHostFd(hostFd, abs, status, false);
  } catch (e) {
    fs.closeSync(hostFd);
    throw e;
  }
}

function openat(k: Kernel, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const p = k.readPath(pathAddr);
  if (p.length === 0) fail(E.ENOENT);
  const abs = k.lookupAt(dirfd, p);
  const cloexec = (flags & k.openFlags.O_CLOEXEC) !== 0;
  const node = guestProcNode(k, abs);
  let file: OpenFile;
  if (node?.kind === 'exe') file = openHost(k, Buffer.from(k.execPath), flags, mode);
  else if (node?.kind === 'cwd') file = openHost(k, k.cwd, flags, mode);
  else if (node?.kind === 'fd') {
    const target = k.file(node.fd);
    file = target.path ? openHost(k, target.path, flags, mode) : target;
  } else if (node?.kind === 'file') {
    if ((flags & O_ACCMODE) !== 0) fail(E.EACCES);
    file = new MemoryFile(abs.toString(), procFileContents(k, node.name));
  } else if (node?.kind === 'alias') file = openHost(k, Buffer.from(node.host), flags, mode);
  else if (node?.kind === 'peer') {
    if (node.rest === '' || node.rest === 'exe') file = openHost(k, Buffer.from(peerHostPath(node, true)), flags, mode);
    else if ((flags & O_ACCMODE) !== 0) fail(E.EACCES);
    else file = new MemoryFile(abs.toString(), peerFileContents(node.info, node.rest));
  } else file = openHost(k, abs, flags, mode);
  try {
    return k.fds.install(file, cloexec);
  } catch (e) {
    if (file.refs === 0) file.release();
    throw e;
  }
}

// ---- directories ----

function direntType(d: fs.Dirent<Buffer>): number {
  if (d.isFile()) return DT_REG;
  if (d.isDirectory()) return DT_DIR;
  if (d.isSymbolicLink()) return DT_LNK;
  if (d.isFIFO()) return DT_FIFO;
  if (d.isSocket()) return DT_SOCK;
  if (d.isCharacterDevice()) return DT_CHR;
  if (d.isBlockDevice()) return DT_BLK;
  return DT_UNKNOWN;
}

function listDirectory(f: HostFile): DirEntry[] {
  // /proc/self/fd/N names the open directory itself, even if it was moved.
  const viaFd = process.platform === 'linux' ? `/proc/self/fd/${f.fd}` : undefined;
  const dir: Buffer | string = viaFd && fs.existsSync(viaFd) ? viaFd : f.path ?? fail(E.ENOENT);
  const join = (name: Buffer) => Buffer.concat([Buffer.from(dir), Buffer.from('/'), name]);
  const ino = (p: Buffer | string) => { try { return fs.lstatSync(p, { bigint: true }).ino; } catch { return 0n; } };
  const out: DirEntry[] = [
    { name: Buffer.from('.'), ino: fs.fstatSync(f.fd, { bigint: true }).ino, type: DT_DIR },
    { name: Buffer.from('..'), ino: ino(join(Buffer.from('..'))), type: DT_DIR },
  ];
  // The host kernel's order (fs.readdirSync sorts by name; opendir/readSync
  // keeps readdir(3)'s order, which programs like find and ls -U show).
  const entries: fs.Dirent<Buffer>[] = [];
  let d: fs.Dir | undefined;
  try {
    d = fs.opendirSync(dir, { encoding: 'buffer' as BufferEncoding, bufferSize: 256 });
    for (let e = d.readSync(); e !== null; e = d.readSync()) entries.push(e as unknown as fs.Dirent<Buffer>);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return []; // removed directory reads as empty
    throw e;
  } finally {
    try { d?.closeSync(); } catch { /* already closed */ }
  }
  for (const d of entries) out.push({ name: d.name, ino: ino(join(d.name)), type: direntType(d) });
  return out;
}

/** A listing of /proc also names the guest processes (their pids are the process host's, not the host kernel's). */
function withGuestPids(k: Kernel, f: HostFile, entries: DirEntry[]): DirEntry[] {
  if (!k.link || !f.path || f.path.toString('latin1').replace(/\/+$/, '') !== '/proc') return entries;
  const have = new Set(entries.map((e) => e.name.toString('latin1')));
  for (const pid of guestPids(k)) if (!have.has(String(pid))) entries.push({ name: Buffer.from(String(pid)), ino: BigInt(pid) << 16n, type: DT_DIR });
  return entries;
}

function getdents64(k: Kernel, fd: number, addr: number, count: number): number {
  const f = k.file(fd);
  if (!(f instanceof HostFile) || f.status.path) fail(E.EBADF);
  if (!f.isDirectory()) fail(E.ENOTDIR);
  f.dirEntries ??= withGuestPids(k, f, listDirectory(f));
  const L = k.T.TargetDirent64;
  const max = Math.min(count, 1 << 20);
  const out = Buffer.alloc(Math.min(max, 65536 + 4096));
  let used = 0;
  while (f.dirPos < f.dirEntries.length) {
    const e = f.dirEntries[f.dirPos];
    const reclen = Math.ceil((DIRENT64_NAME_OFFSET + e.name.length + 1) / 8) * 8;
    if (used + reclen > max || used + reclen > out.length) break;
    const w = L.writer();
    w.set('d_ino', e.ino).set('d_off', f.dirPos + 1).set('d_reclen', reclen).set('d_type', e.type);
    out.set(w.bytes.subarray(0, DIRENT64_NAME_OFFSET), used);
    e.name.copy(out, used + DIRENT64_NAME_OFFSET);
    out[used + DIRENT64_NAME_OFFSET + e.name.length] = 0;
    used += reclen;
    f.dirPos++;
  }
  if (used === 0 && f.dirPos < f.dirEntries.length) fail(E.EINVAL);
  if (used > 0) {
    try {
      k.write(addr, out.subarray(0, used));
    } catch (e) {
      // Nothing was consumed as far as the guest can tell.
      let back = used;
      while (back > 0) { f.dirPos--; back -= Math.ceil((DIRENT64_NAME_OFFSET + f.dirEntries[f.dirPos].name.length + 1) / 8) * 8; }
      throw e;
    }
  }
  return used;
}

// ---- terminals ----

/** A typical cooked-mode kernel termios (what a fresh pty reports). */
export function defaultTermios(T: TargetStructs): Uint8Array {
  const w = T.TargetTermios.writer();
  w.set('c_iflag', 0o400 | 0o2000 | 0o40000)             // ICRNL | IXON | IUTF8
    .set('c_oflag', 0o1 | 0o4)                         // OPOST | ONLCR
    .set('c_cflag', 0o17 | 0o60 | 0o200)               // B38400 | CS8 | CREAD
    .set('c_lflag', 0o1 | 0o2 | 0o10 | 0o20 | 0o40 | 0o1000 | 0o4000 | 0o100000); // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  // VINTR VQUIT VERASE VKILL VEOF VTIME VMIN VSWTC VSTART VSTOP VSUSP VEOL VREPRINT VDISCARD VWERASE VLNEXT VEOL2
  const cc = [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0];
  cc.forEach((v, i) => w.set('c_cc', v, i));
  return w.bytes;
}

function windowSize(f: HostFile): { rows: number; cols: number } {
  const stream = f.fd === 1 ? process.stdout : f.fd === 2 ? process.stderr : undefined;
  const s = stream as (NodeJS.WriteStream & { isTTY?: boolean }) | undefined;
  if (s?.isTTY && s.columns && s.rows) return { rows: s.rows, cols: s.columns };
  for (const other of [process.stdout, process.stderr] as (NodeJS.WriteStream & { isTTY?: boolean })[]) {
    if (other.isTTY && other.columns && other.rows) return { rows: other.rows, cols: other.columns };
  }
  const env = (n: string, d: number) => { const v = Number(process.env[n]); return Number.isInteger(v) && v > 0 ? v : d; };
  return { rows: env('LINES', 24), cols: env('COLUMNS', 80) };
}

function ioctl(k: Kernel, fd: number, req: number, argp: number): number {
  const entry = k.fds.entry(fd);
  const f = entry.file;
  switch (req) {
    case FIOCLEX: entry.cloexec = true; return 0;
    case FIONCLEX: entry.cloexec = false; return 0;
    case FIONBIO: {
      const on = k.mem.i32(argp) !== 0;
      f.status.nonblock = on;
      const bit = k.openFlags.O_NONBLOCK;
      f.status.guest = on ? f.status.guest | bit : f.status.guest & ~bit;
      return 0;
    }
    case FIONREAD:
      if (f.isDirectory()) fail(E.ENOTTY);
      k.mem.setU32(argp, f.available());
      return 0;
  }
  const isTty = f instanceof HostFile && f.isatty();
  switch (req) {
    case TCGETS:
      if (!isTty) fail(E.ENOTTY);
      k.write(argp, (f as HostFile).termios ?? defaultTermios(k.T));
      return 0;
    case TCSETS: case TCSETSW: case TCSETSF:
      if (!isTty) fail(E.ENOTTY);
      (f as HostFile).termios = k.mem.read(argp, k.T.TargetTermios.size);
      k.unimp('tcsets', 'ioctl TCSETS*: terminal settings stored, not applied to the host terminal');
      return 0;
    case TIOCGWINSZ: {
      if (!isTty) fail(E.ENOTTY);
      const { rows, cols } = windowSize(f as HostFile);
      k.write(argp, k.T.TargetWinsize.writer().set('ws_row', rows).set('ws_col', cols).bytes);
      return 0;
    }
    case TIOCSWINSZ:
      if (!isTty) fail(E.ENOTTY);
      k.mem.read(argp, k.T.TargetWinsize.size);
      return 0;
    case TIOCGPGRP:
      if (!isTty) fail(E.ENOTTY);
      k.mem.setU32(argp, k.pid);
      return 0;
    case TIOCSPGRP:
      if (!isTty) fail(E.ENOTTY);
      k.mem.i32(argp);
      return 0;
  }
  k.unimp(`ioctl-${req}`, `ioctl: unsupported request 0x${req.toString(16)}`);
  return fail(E.ENOTTY);
}

// ---- fcntl ----

function fcntl(k: Kernel, fd: number, cmd: number, a: SyscallArgs): number {
  const entry = k.fds.entry(fd);
  const f = entry.file;
  const t = k.openFlags;
  switch (cmd) {
    case F_DUPFD: return k.fds.install(f, false, a.int(2));
    case F_DUPFD_CLOEXEC: return k.fds.install(f, true, a.int(2));
    case F_GETFD: return entry.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD: entry.cloexec = (a.int(2) & FD_CLOEXEC) !== 0; return 0;
    case F_GETFL: return f.status.guest;
    case F_SETFL: {
      const changeable = t.O_APPEND | t.O_NONBLOCK | t.O_ASYNC | t.O_DIRECT | t.O_NOATIME;
      const v = a.int(2);
      f.status.guest = (f.status.guest & ~changeable) | (v & changeable);
      f.status.append = (v & t.O_APPEND) !== 0;
      f.status.nonblock = (v & t.O_NONBLOCK) !== 0;
      return 0;
    }
    case F_GETLK: case F_OFD_GETLK: {
      // Only this process exists: no lock ever conflicts.
      const L = k.T.TargetFlock;
      const p = a.ptr(2);
      k.mem.read(p, L.size);
      k.mem.write(p + L.off('l_type'), new Uint8Array([F_UNLCK & 0xff, F_UNLCK >> 8]));
      return 0;
    }
    case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
      k.mem.read(a.ptr(2), k.T.TargetFlock.size);
      return 0;
    case F_GETOWN: return 0;
    case F_SETOWN: return 0;
    case F_GETPIPE_SZ:
      if (!(f instanceof PipeEnd)) fail(E.EBADF);
      return Pipe.CAPACITY;
  }
  k.unimp(`fcntl-${cmd}`, `fcntl: unsupported command ${cmd}`);
  return fail(E.EINVAL);
}

// ---- misc path helpers ----

export function pathAt(k: Kernel, dirfd: number, addr: number): Buffer {
  const p = k.readPath(addr);
  if (p.length === 0) fail(E.ENOENT);
  return k.resolveAt(dirfd, p);
}

function setCwd(k: Kernel, abs: Buffer | string): void {
  const st = fs.statSync(abs);
  if (!st.isDirectory()) fail(E.ENOTDIR);
  fs.accessSync(abs, fs.constants.X_OK);
  k.cwd = fs.realpathSync.native(abs, { encoding: 'buffer' });
}

const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;

function utimensat(k: Kernel, dirfd: number, pathAddr: number, timesAddr: number, flags: number): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(E.EINVAL);
  // Target: a path, or the fd itself (NULL path, futimens).
  let target: { path: Buffer } | { fd: number };
  if (pathAddr === 0) {
    const f = k.file(dirfd);
    if (f.hostFd === undefined) fail(E.EINVAL);
    target = { fd: f.hostFd };
  } else {
    const p = k.readPath(pathAddr);
    if (p.length === 0) {
      if (!(flags & AT_EMPTY_PATH)) fail(E.ENOENT);
      const f = k.file(dirfd);
      target = f.hostFd !== undefined ? { fd: f.hostFd } : fail(E.EINVAL);
    } else target = { path: k.resolveAt(dirfd, p) };
  }
  const nowSec = Date.now() / 1000;
  let atime = nowSec, mtime = nowSec;
  if (timesAddr !== 0) {
    const L = k.T.TargetTimespec;
    const raw = k.mem.read(timesAddr, 2 * L.size);
    const cur = 'path' in target
      ? ((flags & AT_SYMLINK_NOFOLLOW) ? fs.lstatSync(target.path) : fs.statSync(target.path))
      : fs.fstatSync(target.fd);
    const pick = (i: number, old: number): number => {
      const r = L.reader(raw.subarray(i * L.size));
      const nsec = r.get('tv_nsec');
      if (nsec === UTIME_NOW) return nowSec;
      if (nsec === UTIME_OMIT) return old;
      if (nsec < 0 || nsec >= 1e9) fail(E.EINVAL);
      return r.get('tv_sec') + nsec / 1e9;
    };
    atime = pick(0, cur.atimeMs / 1000);
    mtime = pick(1, cur.mtimeMs / 1000);
  }
  if ('fd' in target) fs.futimesSync(target.fd, atime, mtime);
  else if (flags & AT_SYMLINK_NOFOLLOW) fs.lutimesSync(target.path, atime, mtime);
  else fs.utimesSync(target.path, atime, mtime);
  return 0;
}

function hostFdOf(k: Kernel, fd: number): number {
  const f = k.file(fd);
  return f.hostFd ?? fail(E.EINVAL);
}

function faccess(k: Kernel, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  if (mode & ~7) fail(E.EINVAL);
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(E.EINVAL);
  const p = k.readPath(pathAddr);
  let abs: Buffer;
  if (p.length === 0) {
    if (!(flags & AT_EMPTY_PATH)) fail(E.ENOENT);
    const f = dirfd === AT_FDCWD ? undefined : k.file(dirfd);
    abs = f ? f.path ?? Buffer.from(`/proc/self/fd/${f.hostFd ?? fail(E.EBADF)}`) : k.cwd;
  } else abs = k.lookupAt(dirfd, p);
  const node = guestProcNode(k, abs);
  if (node?.kind === 'exe') abs = Buffer.from(k.execPath);
  if (node?.kind === 'peer') abs = Buffer.from(peerHostPath(node, (flags & AT_SYMLINK_NOFOLLOW) === 0));
  if (node?.kind === 'alias') abs = Buffer.from(node.host);
  if (flags & AT_SYMLINK_NOFOLLOW) {
    fs.lstatSync(abs);
    if (mode === 0) return 0;
  }
  fs.accessSync(abs, mode);
  return 0;
}


// ---- statfs ----

/** statfs/fstatfs (`L`: struct statfs64 for the 32-bit *64 calls). */
export function statfs(k: Kernel, target: Buffer | string, addr: number, L = k.T.TargetStatfs): number {
  const st = fs.statfsSync(target, { bigint: true });
  const w = L.writer();
  w.set('f_type', st.type).set('f_bsize', st.bsize).set('f_blocks', st.blocks).set('f_bfree', st.bfree)
    .set('f_bavail', st.bavail).set('f_files', st.files).set('f_ffree', st.ffree)
    .set('f_namelen', 255).set('f_frsize', st.bsize);
  k.write(addr, w.bytes);
  return 0;
}

export function fdPath(f: OpenFile): Buffer | string {
  if (f.hostFd !== undefined && process.platform === 'linux') return `/proc/self/fd/${f.hostFd}`;
  return f.path ?? fail(E.ENOSYS);
}

// ---- poll, select: sys-poll.ts ----

export { poll, pollFile } from './sys-poll';

// ---- extended attributes ----
//
// Node has no xattr API: files appear to have no extended attributes (as on a
// file system mounted without them): reads say ENODATA, lists are empty,
// writes are refused with ENOTSUP. The file must still exist (ENOENT etc.).

const XATTR_NAME_MAX = 255, XATTR_SIZE_MAX = 65536;

function xattrTarget(k: Kernel, pathAddr: number, follow: boolean): void {
  const p = k.readPath(pathAddr);
  if (p.length === 0) fail(E.ENOENT);
  const abs = k.lookupAt(AT_FDCWD, p);
  if (follow) fs.statSync(abs); else fs.lstatSync(abs);
}

function xattrName(k: Kernel, addr: number): void {
  const name = k.mem.readCStringBytes(addr, XATTR_NAME_MAX + 1);
  if (name.length === 0 || name.length > XATTR_NAME_MAX) fail(E.ERANGE);
}

function xattrGet(k: Kernel, check: () => void, nameAddr: number): number {
  check();
  xattrName(k, nameAddr);
  k.unimp('xattr', 'extended attributes are not supported: files have none');
  return fail(E.ENODATA);
}

function xattrSet(k: Kernel, check: () => void, nameAddr: number, size: number): number {
  check();
  xattrName(k, nameAddr);
  if (size > XATTR_SIZE_MAX) fail(E.E2BIG);
  k.unimp('xattr-set', 'setxattr: extended attributes are not supported');
  return fail(E.ENOTSUP);
}

export const fsSyscalls: H = {
  read: (k, a) => k.file(a.int(0)).read(ioView(k, a.ptr(1), a.ulong(2), PROT_WRITE)),
  write: (k, a) => { const f = k.file(a.int(0)); return writing(k, () => f.write(ioView(k, a.ptr(1), a.ulong(2), PROT_READ))); },
  pread64: (k, a) => {
    const f = k.file(a.int(0));
    const pos = offsetArg(a, 3);
    return f.read(ioView(k, a.ptr(1), a.ulong(2), PROT_WRITE), pos);
  },
  pwrite64: (k, a) => {
    const f = k.file(a.int(0));
    const pos = offsetArg(a, 3);
    return writing(k, () => f.write(ioView(k, a.ptr(1), a.ulong(2), PROT_READ), pos));
  },
  readv: (k, a) => { const f = k.file(a.int(0)); return readvFile(f, iovecs(k, a.ptr(1), a.int(2), PROT_WRITE)); },
  writev: (k, a) => { const f = k.file(a.int(0)); return writing(k, () => writevFile(f, iovecs(k, a.ptr(1), a.int(2), PROT_READ))); },
  preadv: (k, a) => {
    const f = k.file(a.int(0));
    return readvFile(f, iovecs(k, a.ptr(1), a.int(2), PROT_WRITE), offsetArg(a, 3));
  },
  pwritev: (k, a) => {
    const f = k.file(a.int(0));
    const pos = offsetArg(a, 3);
    return writing(k, () => writevFile(f, iovecs(k, a.ptr(1), a.int(2), PROT_READ), pos));
  },

  // off_t: 32 bits on 32-bit targets (their sendfile64 is in sys-compat)
  sendfile: (k, a) => copyBetween(k, a.int(1), a.ptr(2), a.int(0), 0, a.ulong(3), k.T.model.longSize),
  copy_file_range: (k, a) => {
    if (a.uint(5) !== 0) fail(E.EINVAL);
    return copyBetween(k, a.int(0), a.ptr(1), a.int(2), a.ptr(3), a.ulong(4));
  },

  openat: (k, a) => openat(k, a.int(0), a.ptr(1), a.int(2), a.uint(3)),
  close: (k, a) => { k.fds.close(a.int(0)); return 0; },
  lseek: (k, a) => k.file(a.int(0)).seek(a.i64(1), a.int(2)),

  fstat: (k, a) => { const st = k.file(a.int(0)).stat(); k.write(a.ptr(1), encodeStat(k.T, st)); return 0; },
  newfstatat: (k, a) => {
    const flags = a.int(3);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) fail(E.EINVAL);
    const st = statAt(k, a.int(0), a.ptr(1), flags);
    k.write(a.ptr(2), encodeStat(k.T, st));
    return 0;
  },
  statx: (k, a) => {
    const flags = a.int(2);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) fail(E.EINVAL);
    if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) fail(E.EINVAL);
    if (a.uint(3) & 0x8000_0000) fail(E.EINVAL); // STATX__RESERVED
    const st = statAt(k, a.int(0), a.ptr(1), flags);
    k.write(a.ptr(4), encodeStatx(k.T, st));
    return 0;
  },

  readlinkat: (k, a) => {
    const size = a.int(3);
    if (size <= 0) fail(E.EINVAL);
    const p = k.readPath(a.ptr(1));
    if (p.length === 0) fail(E.ENOENT);
    const abs = k.lookupAt(a.int(0), p);
    const node = guestProcNode(k, abs);
    let target: Buffer;
    if (node?.kind === 'exe') target = Buffer.from(k.execPath);
    else if (node?.kind === 'alias') target = fs.readlinkSync(node.host, { encoding: 'buffer' });
    else if (node?.kind === 'peer') target = node.rest === 'exe' ? Buffer.from(node.info.exe) : fs.readlinkSync(peerHostPath(node, false), { encoding: 'buffer' });
    else if (node?.kind === 'cwd') target = k.cwd;
    else if (node?.kind === 'fd') target = Buffer.from(k.file(node.fd).describe());
    else target = fs.readlinkSync(abs, { encoding: 'buffer' });
    const n = Math.min(target.length, size);
    k.write(a.ptr(2), target.subarray(0, n));
    return n;
  },

  getdents64: (k, a) => getdents64(k, a.int(0), a.ptr(1), a.uint(2)),

  mkdirat: (k, a) => { fs.mkdirSync(pathAt(k, a.int(0), a.ptr(1)), { mode: a.uint(2) & 0o7777 & ~k.umask }); return 0; },
  unlinkat: (k, a) => {
    const flags = a.int(2);
    if (flags & ~AT_REMOVEDIR) fail(E.EINVAL);
    const abs = pathAt(k, a.int(0), a.ptr(1));
    if (flags & AT_REMOVEDIR) fs.rmdirSync(abs); else fs.unlinkSync(abs);
    return 0;
  },
  renameat: (k, a) => {
    fs.renameSync(pathAt(k, a.int(0), a.ptr(1)), pathAt(k, a.int(2), a.ptr(3)));
    return 0;
  },
  renameat2: (k, a) => {
    const flags = a.uint(4);
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) fail(E.EINVAL);
    if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)) fail(E.EINVAL);
    const from = pathAt(k, a.int(0), a.ptr(1));
    const to = pathAt(k, a.int(2), a.ptr(3));
    if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT)) {
      k.unimp('renameat2-flags', 'renameat2: RENAME_EXCHANGE/RENAME_WHITEOUT not supported');
      fail(E.EINVAL);
    }
    if (flags & RENAME_NOREPLACE) {
      fs.lstatSync(from);
      let exists = true;
      try { fs.lstatSync(to); } catch { exists = false; }
      if (exists) fail(E.EEXIST);
    }
    fs.renameSync(from, to);
    return 0;
  },
  faccessat: (k, a) => faccess(k, a.int(0), a.ptr(1), a.int(2), 0),
  faccessat2: (k, a) => faccess(k, a.int(0), a.ptr(1), a.int(2), a.int(3)),

  symlinkat: (k, a) => {
    const target = k.readPath(a.ptr(0));
    if (target.length === 0) fail(E.ENOENT);
    fs.symlinkSync(target, pathAt(k, a.int(1), a.ptr(2)));
    return 0;
  },
  linkat: (k, a) => {
    const flags = a.int(4);
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) fail(E.EINVAL);
    let from = pathAt(k, a.int(0), a.ptr(1));
    if (flags & AT_SYMLINK_FOLLOW) from = fs.realpathSync.native(from, { encoding: 'buffer' });
    fs.linkSync(from, pathAt(k, a.int(2), a.ptr(3)));
    return 0;
  },
  fchmod: (k, a) => { fs.fchmodSync(hostFdOf(k, a.int(0)), a.uint(1) & 0o7777); return 0; },
  fchmodat: (k, a) => { fs.chmodSync(pathAt(k, a.int(0), a.ptr(1)), a.uint(2) & 0o7777); return 0; },
  fchown: (k, a) => { fs.fchownSync(hostFdOf(k, a.int(0)), a.int(1), a.int(2)); return 0; },
  fchownat: (k, a) => {
    const flags = a.int(4);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(E.EINVAL);
    const p = k.readPath(a.ptr(1));
    if (p.length === 0 && (flags & AT_EMPTY_PATH)) { fs.fchownSync(hostFdOf(k, a.int(0)), a.int(2), a.int(3)); return 0; }
    const abs = pathAt(k, a.int(0), a.ptr(1));
    if (flags & AT_SYMLINK_NOFOLLOW) fs.lchownSync(abs, a.int(2), a.int(3));
    else fs.chownSync(abs, a.int(2), a.int(3));
    return 0;
  },
  ftruncate: (k, a) => {
    const len = a.i64(1);
    if (len < 0) fail(E.EINVAL);
    const f = k.file(a.int(0));
    if (f.status.accmode === 0 || f.hostFd === undefined) fail(E.EINVAL);
    fs.ftruncateSync(f.hostFd, len);
    return 0;
  },
  truncate: (k, a) => {
    const len = a.i64(1);
    if (len < 0) fail(E.EINVAL);
    fs.truncateSync(pathAt(k, AT_FDCWD, a.ptr(0)), len);
    return 0;
  },
  fsync: (k, a) => { const f = k.file(a.int(0)); if (f.hostFd !== undefined && !f.isatty()) fs.fsyncSync(f.hostFd); return 0; },
  fdatasync: (k, a) => { const f = k.file(a.int(0)); if (f.hostFd !== undefined && !f.isatty()) fs.fdatasyncSync(f.hostFd); return 0; },
  sync: () => 0,
  syncfs: (k, a) => { k.file(a.int(0)); return 0; },
  fadvise64: (k, a) => {
    // (fd, offset, len, advice): advice is POSIX_FADV_NORMAL..POSIX_FADV_NOREUSE.
    const f = k.file(a.int(0));
    if (f instanceof PipeEnd) fail(E.ESPIPE);
    if (a.i64(2) < 0 || a.int(3) < 0 || a.int(3) > 5) fail(E.EINVAL);
    return 0;
  },
  sync_file_range: (k, a) => {
    // (fd, offset, nbytes, flags): nothing is cached by us; the checks are Linux's.
    if (a.uint(3) & ~7) fail(E.EINVAL);
    if (a.i64(1) < 0 || a.i64(2) < 0) fail(E.EINVAL);
    const f = k.file(a.int(0));
    if (f instanceof PipeEnd) fail(E.ESPIPE);
    return 0;
  },
  flock: (k, a) => { k.file(a.int(0)); return 0; },
  utimensat: (k, a) => utimensat(k, a.int(0), a.ptr(1), a.ptr(2), a.int(3)),

  fcntl: (k, a) => fcntl(k, a.int(0), a.int(1), a),
  dup: (k, a) => k.fds.install(k.file(a.int(0)), false),
  dup3: (k, a) => {
    const oldfd = a.int(0), newfd = a.int(1), flags = a.int(2);
    const cloexecBit = k.openFlags.O_CLOEXEC;
    if (flags & ~cloexecBit) fail(E.EINVAL);
    if (oldfd === newfd) fail(E.EINVAL);
    const f = k.file(oldfd);
    return k.fds.installAt(newfd, f, (flags & cloexecBit) !== 0);
  },
  ioctl: (k, a) => ioctl(k, a.int(0), a.uint(1), a.ptr(2)),

  getxattr: (k, a) => xattrGet(k, () => xattrTarget(k, a.ptr(0), true), a.ptr(1)),
  lgetxattr: (k, a) => xattrGet(k, () => xattrTarget(k, a.ptr(0), false), a.ptr(1)),
  fgetxattr: (k, a) => xattrGet(k, () => k.file(a.int(0)), a.ptr(1)),
  listxattr: (k, a) => { xattrTarget(k, a.ptr(0), true); return 0; },
  llistxattr: (k, a) => { xattrTarget(k, a.ptr(0), false); return 0; },
  flistxattr: (k, a) => { k.file(a.int(0)); return 0; },
  setxattr: (k, a) => xattrSet(k, () => xattrTarget(k, a.ptr(0), true), a.ptr(1), a.ulong(3)),
  lsetxattr: (k, a) => xattrSet(k, () => xattrTarget(k, a.ptr(0), false), a.ptr(1), a.ulong(3)),
  fsetxattr: (k, a) => xattrSet(k, () => k.file(a.int(0)), a.ptr(1), a.ulong(3)),
  removexattr: (k, a) => xattrGet(k, () => xattrTarget(k, a.ptr(0), true), a.ptr(1)),
  lremovexattr: (k, a) => xattrGet(k, () => xattrTarget(k, a.ptr(0), false), a.ptr(1)),
  fremovexattr: (k, a) => xattrGet(k, () => k.file(a.int(0)), a.ptr(1)),
  statfs: (k, a) => statfs(k, pathAt(k, AT_FDCWD, a.ptr(0)), a.ptr(1)),
  fstatfs: (k, a) => statfs(k, fdPath(k.file(a.int(0))), a.ptr(1)),
  ...pollSyscalls,

  getcwd: (k, a) => {
    const size = a.ulong(1);
    const cwd = k.cwd;
    if (size < cwd.length + 1) fail(E.ERANGE);
    k.write(a.ptr(0), Buffer.concat([cwd, Buffer.alloc(1)]));
    return cwd.length + 1;
  },
  chdir: (k, a) => { setCwd(k, pathAt(k, AT_FDCWD, a.ptr(0))); return 0; },
  fchdir: (k, a) => {
    const f = k.file(a.int(0));
    if (!f.isDirectory()) fail(E.ENOTDIR);
    setCwd(k, f.path ?? fail(E.ENOTDIR));
    return 0;
  },

  pipe2: (k, a) => {
    const t = k.openFlags;
    const flags = a.int(1);
    if (flags & ~(t.O_CLOEXEC | t.O_NONBLOCK | t.O_DIRECT)) fail(E.EINVAL);
    const addr = a.ptr(0);
    k.mem.check(addr, 8, PROT_WRITE);
    const pipe = new Pipe();
    const nonblock = (flags & t.O_NONBLOCK) !== 0;
    const r = new PipeEnd(pipe, false, nonblock), w = new PipeEnd(pipe, true, nonblock);
    const cloexec = (flags & t.O_CLOEXEC) !== 0;
    const rfd = k.fds.install(r, cloexec);
    let wfd: number;
    try { wfd = k.fds.install(w, cloexec); } catch (e) { k.fds.close(rfd); w.release(); throw e; }
    k.mem.setU32(addr, rfd);
    k.mem.setU32(addr + 4, wfd);
    return 0;
  },
};
