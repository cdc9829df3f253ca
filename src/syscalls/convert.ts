// Host values → guest struct bytes (and back). Host data enters as plain,
// guest-neutral values (FileStat, nanosecond bigints); the output is the
// guest's byte image of the struct, ready to be copied into guest memory.

import type { BigIntStats } from 'fs';
import type { StructLayout } from './layout';
import type { TargetStructs } from './structs';

/** File metadata independent of host and guest struct layouts. */
export interface FileStat {
  dev: bigint;
  ino: bigint;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: bigint;
  size: bigint;
  blksize: number;
  blocks: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  birthtimeNs: bigint;
}

export function fileStatFromNode(st: BigIntStats): FileStat {
  return {
    dev: st.dev, ino: st.ino, mode: Number(st.mode), nlink: Number(st.nlink), uid: Number(st.uid), gid: Number(st.gid),
    rdev: st.rdev, size: st.size, blksize: Number(st.blksize), blocks: st.blocks,
    atimeNs: st.atimeNs, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, birthtimeNs: st.birthtimeNs,
  };
}

// dev_t as the host C library reports it (glibc's 64-bit makedev encoding).
export function devMajor(dev: bigint): number {
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n));
}
export function devMinor(dev: bigint): number {
  return Number((dev & 0xffn) | ((dev >> 12n) & 0xffffff00n));
}
/** The kernel's new_encode_dev(): the 32-bit dev_t written into struct stat. */
export function newEncodeDev(major: number, minor: number): bigint {
  return BigInt(((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0);
}

const NS = 1_000_000_000n;

function splitNs(ns: bigint): [bigint, bigint] {
  let sec = ns / NS;
  let nsec = ns % NS;
  if (nsec < 0n) { nsec += NS; sec -= 1n; }
  return [sec, nsec];
}

/** struct timespec from nanoseconds. */
export function encodeTimespec(T: TargetStructs, ns: bigint): Uint8Array {
  const [sec, nsec] = splitNs(ns);
  return T.TargetTimespec.writer().set('tv_sec', sec).set('tv_nsec', nsec).bytes;
}

/** struct timeval from nanoseconds (microseconds truncated). */
export function encodeTimeval(T: TargetStructs, ns: bigint): Uint8Array {
  const [sec, nsec] = splitNs(ns);
  return T.TargetTimeval.writer().set('tv_sec', sec).set('tv_usec', nsec / 1000n).bytes;
}

/** Reads a struct timespec image: [tv_sec, tv_nsec] (not validated). */
export function decodeTimespec(T: TargetStructs, bytes: Uint8Array): { sec: bigint; nsec: bigint } {
  const r = T.TargetTimespec.reader(bytes);
  return { sec: r.getBig('tv_sec'), nsec: r.getBig('tv_nsec') };
}

/** struct stat (or `L`, e.g. T.TargetStat64) from host file metadata; fields too narrow are truncated. */
export function encodeStat(T: TargetStructs, st: FileStat, L: StructLayout = T.TargetStat): Uint8Array {
  const w = L.writer();
  if (L.has('__st_ino')) w.set('__st_ino', BigInt.asUintN(32, st.ino));
  const [as, an] = splitNs(st.atimeNs), [ms, mn] = splitNs(st.mtimeNs), [cs, cn] = splitNs(st.ctimeNs);
  w.set('st_dev', newEncodeDev(devMajor(st.dev), devMinor(st.dev)))
    .set('st_ino', st.ino)
    .set('st_mode', st.mode)
    .set('st_nlink', st.nlink)
    .set('st_uid', st.uid)
    .set('st_gid', st.gid)
    .set('st_rdev', newEncodeDev(devMajor(st.rdev), devMinor(st.rdev)))
    .set('st_size', st.size)
    .set('st_blksize', st.blksize)
    .set('st_blocks', st.blocks)
    .set('st_atim.tv_sec', as).set('st_atim.tv_nsec', an)
    .set('st_mtim.tv_sec', ms).set('st_mtim.tv_nsec', mn)
    .set('st_ctim.tv_sec', cs).set('st_ctim.tv_nsec', cn);
  return w.bytes;
}

export const STATX_TYPE = 0x1;
export const STATX_MODE = 0x2;
export const STATX_NLINK = 0x4;
export const STATX_UID = 0x8;
export const STATX_GID = 0x10;
export const STATX_ATIME = 0x20;
export const STATX_MTIME = 0x40;
export const STATX_CTIME = 0x80;
export const STATX_INO = 0x100;
export const STATX_SIZE = 0x200;
export const STATX_BLOCKS = 0x400;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX_BTIME = 0x800;

/** struct statx; reports the basic stats plus btime when the host knows it. */
export function encodeStatx(T: TargetStructs, st: FileStat): Uint8Array {
  const w = T.TargetStatx.writer();
  const ts = (field: string, ns: bigint) => {
    const [s, n] = splitNs(ns);
    w.set(`${field}.tv_sec`, s).set(`${field}.tv_nsec`, n);
  };
  const mask = STATX_BASIC_STATS | (st.birthtimeNs > 0n ? STATX_BTIME : 0);
  w.set('stx_mask', mask)
    .set('stx_blksize', st.blksize)
    .set('stx_nlink', st.nlink)
    .set('stx_uid', st.uid)
    .set('stx_gid', st.gid)
    .set('stx_mode', st.mode & 0xffff)
    .set('stx_ino', st.ino)
    .set('stx_size', st.size)
    .set('stx_blocks', st.blocks)
    .set('stx_rdev_major', devMajor(st.rdev)).set('stx_rdev_minor', devMinor(st.rdev))
    .set('stx_dev_major', devMajor(st.dev)).set('stx_dev_minor', devMinor(st.dev));
  ts('stx_atime', st.atimeNs);
  if (mask & STATX_BTIME) ts('stx_btime', st.birthtimeNs);
  ts('stx_ctime', st.ctimeNs);
  ts('stx_mtime', st.mtimeNs);
  return w.bytes;
}

export interface Utsname { sysname: string; nodename: string; release: string; version: string; machine: string; domainname: string }

export function encodeUtsname(T: TargetStructs, u: Utsname): Uint8Array {
  const w = T.TargetUtsname.writer();
  for (const k of ['sysname', 'nodename', 'release', 'version', 'machine', 'domainname'] as const) {
    // Leave room for the NUL terminator.
    w.setBytes(k, Buffer.from(u[k], 'utf8').subarray(0, T.TargetUtsname.field(k).size - 1));
  }
  return w.bytes;
}

/** Writes `values` (numbers or bigints by field name) into a fresh image of `L`. */
export function encodeFields(L: StructLayout, values: Record<string, number | bigint>): Uint8Array {
  const w = L.writer();
  for (const [k, v] of Object.entries(values)) w.set(k, v);
  return w.bytes;
}
