// The parts of /proc that must describe the guest rather than the emulator:
// /proc/self/{exe,cwd,fd/N} links, /proc/self/{maps,cmdline,environ,comm,auxv,
// stat,status}, /proc/<pid>/{exe,cmdline,comm,stat,status} of the other guest
// processes (from the process host's table), the guest pids in a listing of
// /proc, and /proc/cpuinfo (the emulated CPU). Everything else under /proc goes
// to the host's procfs.

import * as fs from 'fs';
import * as path from 'path';
import type { Arch } from '../cpu/types';
import type { Mapping } from '../memory/page-map';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/page-map';

export type ProcNode =
  | { kind: 'exe' }
  | { kind: 'cwd' }
  | { kind: 'fd'; fd: number }
  | { kind: 'file'; name: ProcFileName }
  /** A path the host answers for instead: /proc/<own pid> (virtual pids have no host entry). */
  | { kind: 'alias'; host: string }
  /** /proc/<pid>[/rest] of another guest process (rest '' is the directory itself). */
  | { kind: 'peer'; info: PeerInfo; rest: string };

export type ProcFileName = 'maps' | 'cmdline' | 'environ' | 'comm' | 'auxv' | 'cpuinfo' | 'stat' | 'status';

/** What the process host knows about a guest process (for /proc/<pid>). */
export interface PeerInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** R running, S sleeping (in a blocking request), T stopped, Z zombie. */
  state: string;
  comm: string;
  argv: string[];
  exe: string;
  threads: number;
  /** Start time in clock ticks (100 Hz) since boot. */
  start: number;
  uid: number;
  gid: number;
}

/** Files of /proc/<pid> synthesised for another guest process. */
const PEER_FILES = new Set(['stat', 'status', 'cmdline', 'comm']);

/** True if `rest` under /proc/<pid>/ of another guest process is something we describe. */
export function peerPath(rest: string): boolean {
  return rest === '' || rest === 'exe' || PEER_FILES.has(rest);
}

/** /proc/<pid>/stat (fields after starttime that ps reads are zero: no per-process accounting). */
export function formatStat(i: PeerInfo, vsize = 0, rssPages = 0): string {
  const f = [i.pid, `(${i.comm})`, i.state, i.ppid, i.pgid, i.sid, 0, -1, 4194304, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0,
    i.threads, 0, i.start, vsize, rssPages, '18446744073709551615', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return f.join(' ') + '\n';
}

const STATE_NAMES: Record<string, string> = { R: 'R (running)', S: 'S (sleeping)', T: 'T (stopped)', Z: 'Z (zombie)' };

/** /proc/<pid>/status: the commonly read lines. */
export function formatStatus(i: PeerInfo, vmKb?: { size: number; rss: number }): string {
  const vm = vmKb && i.state !== 'Z' ? `VmSize:\t${String(vmKb.size).padStart(8)} kB\nVmRSS:\t${String(vmKb.rss).padStart(8)} kB\n` : '';
  return `Name:\t${i.comm}\nUmask:\t0022\nState:\t${STATE_NAMES[i.state] ?? i.state}\nTgid:\t${i.pid}\nNgid:\t0\n` +
    `Pid:\t${i.pid}\nPPid:\t${i.ppid}\nTracerPid:\t0\nUid:\t${i.uid}\t${i.uid}\t${i.uid}\t${i.uid}\n` +
    `Gid:\t${i.gid}\t${i.gid}\t${i.gid}\t${i.gid}\n${vm}Threads:\t${i.threads}\n`;
}

/**
 * Classifies an absolute guest path that refers to the guest's own /proc
 * entries (/proc/self, /proc/thread-self, /proc/<pid>, /proc/<pid>/task/<tid>),
 * or, given `peer` (the process host's table), another guest process's.
 */
export function procNode(abs: Buffer, pid: number, peer?: (pid: number) => PeerInfo | undefined): ProcNode | undefined {
  if (abs.length < 6 || abs.subarray(0, 6).toString('latin1') !== '/proc/') return undefined;
  const p = path.posix.normalize(abs.toString('latin1'));
  if (p === '/proc/cpuinfo') return { kind: 'file', name: 'cpuinfo' };
  const m = /^\/proc\/(?:self|thread-self|(\d+))(?:\/task\/(\d+))?(?:\/(.*))?$/.exec(p);
  if (!m) return undefined;
  const rest = m[3] ?? '';
  if (m[1] !== undefined && Number(m[1]) !== pid) {
    if (!peer) return undefined;
    const info = m[2] === undefined && peerPath(rest) ? peer(Number(m[1])) : undefined;
    if (info) return { kind: 'peer', info, rest };
    // A thread of the emulator itself (guest pids may equal its thread ids): not a process the guest knows.
    if (fs.existsSync(`/proc/self/task/${m[1]}`)) return { kind: 'alias', host: '/proc/0/nonexistent' };
    return undefined;
  }
  if (m[2] !== undefined && Number(m[2]) !== pid) return undefined;
  if (rest === '') return m[1] !== undefined && m[2] === undefined ? { kind: 'alias', host: '/proc/self/' } : undefined;
  if (rest === 'exe') return { kind: 'exe' };
  if (rest === 'cwd') return { kind: 'cwd' };
  if (rest === 'maps' || rest === 'cmdline' || rest === 'environ' || rest === 'comm' || rest === 'auxv' ||
      (peer && (rest === 'stat' || rest === 'status'))) {
    return { kind: 'file', name: rest };
  }
  const fd = /^fd\/(\d+)$/.exec(rest);
  if (fd) return { kind: 'fd', fd: Number(fd[1]) };
  return undefined;
}

/** /proc/self/maps text for the given mappings (adjacent compatible pieces merged). */
export function formatMaps(mappings: readonly Mapping[], fileId?: (name: string) => { dev: string; ino: bigint }): string {
  const merged: Mapping[] = [];
  for (const m of mappings) {
    const p = merged[merged.length - 1];
    if (p && p.end === m.start && p.prot === m.prot && p.name === m.name &&
        (!m.name.startsWith('/') || p.offset + (p.end - p.start) === m.offset)) {
      merged[merged.length - 1] = { ...p, end: m.end };
    } else merged.push({ ...m });
  }
  let out = '';
  for (const m of merged) {
    const perms = (m.prot & PROT_READ ? 'r' : '-') + (m.prot & PROT_WRITE ? 'w' : '-') + (m.prot & PROT_EXEC ? 'x' : '-') + 'p';
    const file = m.name.startsWith('/');
    const id = file && fileId ? fileId(m.name) : { dev: '00:00', ino: 0n };
    const head = `${hex8(m.start)}-${hex8(m.end)} ${perms} ${hex8(file ? m.offset : 0)} ${id.dev} ${id.ino}`;
    // As Linux: the name starts in column 74 (or after one space), unnamed lines end in a space.
    out += m.name ? head.padEnd(72, ' ') + ' ' + m.name + '\n' : head + ' \n';
  }
  return out;
}

function hex8(v: number): string { return v.toString(16).padStart(8, '0'); }

/** /proc/self/auxv: the auxiliary vector as the loader wrote it (native words, AT_NULL included). */
export function formatAuxv(auxv: ReadonlyArray<readonly [number, number]>, wordSize: 4 | 8, littleEndian: boolean): Buffer {
  const out = Buffer.alloc(auxv.length * 2 * wordSize);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  auxv.forEach(([k, v], i) => {
    for (const [j, x] of [[0, k], [1, v]] as const) {
      const off = (2 * i + j) * wordSize;
      if (wordSize === 8) dv.setBigUint64(off, BigInt.asUintN(64, BigInt(x)), littleEndian);
      else dv.setUint32(off, x >>> 0, littleEndian);
    }
  });
  return out;
}

// arch/arm64/kernel/cpuinfo.c hwcap_str, in AT_HWCAP bit order.
const A64_FEATURES = ['fp', 'asimd', 'evtstrm', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'atomics', 'fphp', 'asimdhp',
  'cpuid', 'asimdrdm', 'jscvt', 'fcma', 'lrcpc', 'dcpop', 'sha3', 'sm3', 'sm4', 'asimddp', 'sha512', 'sve', 'asimdfhm',
  'dit', 'uscat', 'ilrcpc', 'flagm', 'ssbs', 'sb', 'paca', 'pacg'];

/** Names of the set bits of an arm64 AT_HWCAP, as /proc/cpuinfo lists them. */
export function aarch64Features(hwcap: number): string {
  return A64_FEATURES.filter((_, i) => (hwcap >>> i) & 1).join(' ');
}

// arch/arm/kernel/setup.c hwcap_str, in AT_HWCAP bit order.
const ARM_FEATURES = ['swp', 'half', 'thumb', '26bit', 'fastmult', 'fpa', 'vfp', 'edsp', 'java', 'iwmmxt', 'crunch',
  'thumbee', 'neon', 'vfpv3', 'vfpv3d16', 'tls', 'vfpv4', 'idiva', 'idivt', 'vfpd32', 'lpae', 'evtstrm'];

/** Names of the set bits of a 32-bit arm AT_HWCAP, as /proc/cpuinfo lists them. */
export function armFeatures(hwcap: number): string {
  return ARM_FEATURES.filter((_, i) => (hwcap >>> i) & 1).join(' ');
}

/**
 * /proc/cpuinfo describing the emulated CPU (one entry per host CPU, as the
 * guest may size thread pools from it), in the format of the guest kernel.
 */
export function formatCpuinfo(arch: Arch, hwcap: number, ncpu: number): string {
  let out = '';
  for (let i = 0; i < ncpu; i++) {
    switch (arch) {
      case 'aarch64':
        // A Cortex-A72 r0p3, as MIDR_EL1 reads in src/cpu/aarch64.
        out += `processor\t: ${i}\nBogoMIPS\t: 125.00\nFeatures\t: ${aarch64Features(hwcap)}\n` +
          'CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n';
        break;
      case 'riscv64':
        out += `processor\t: ${i}\nhart\t\t: ${i}\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n`;
        break;
      case 'arm':
        // A Cortex-A15 r0p0 (what MIDR would read).
        out += `processor\t: ${i}\nmodel name\t: ARMv7 Processor rev 0 (v7l)\nBogoMIPS\t: 125.00\n` +
          `Features\t: ${armFeatures(hwcap)}\n` +
          'CPU implementer\t: 0x41\nCPU architecture: 7\nCPU variant\t: 0x0\nCPU part\t: 0xc0f\nCPU revision\t: 0\n\n';
        break;
    }
  }
  if (arch === 'arm') out += 'Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n';
  return out;
}

// ---- other guest processes (through the process host) ----

/** The part of a Kernel these helpers need (proc.ts stays free of kernel imports). */
interface ProcKernel {
  pid: number;
  link?: { call(op: string, args?: Record<string, unknown>): { [k: string]: unknown } };
}

/** The host's record of guest process `pid` (undefined: not a guest process, or no process host). */
export function peerInfo(k: ProcKernel, pid: number): PeerInfo | undefined {
  if (!k.link || (pid !== k.pid && !recentPids(k).has(pid))) return undefined;
  return k.link.call('procinfo', { pid }).info as PeerInfo | undefined;
}

/**
 * The guest pids, asked again at most every 50 ms: `ps` looks at every
 * process under /proc, and most are host processes (one request each would
 * dominate its run time).
 */
let pidCache: { at: number; pids: Set<number> } | undefined;
function recentPids(k: ProcKernel): Set<number> {
  const now = performance.now();
  if (!pidCache || now - pidCache.at > 50) pidCache = { at: now, pids: new Set(guestPids(k)) };
  return pidCache.pids;
}

/** procNode for the kernel `k`: its own entries, and other guest processes' when a process host exists. */
export function guestProcNode(k: ProcKernel, abs: Buffer): ProcNode | undefined {
  return procNode(abs, k.pid, k.link ? (pid) => peerInfo(k, pid) : undefined);
}

/** A host path standing in for a peer entry in stat/access/readlink (the emulator's own /proc entry, or the program). */
export function peerHostPath(node: { info: PeerInfo; rest: string }, follow: boolean): string {
  if (node.rest === 'exe' && follow) return node.info.exe;
  return node.rest ? `/proc/self/${node.rest}` : '/proc/self/';
}

/** Contents of /proc/<pid>/{stat,status,cmdline,comm} of another guest process. */
export function peerFileContents(info: PeerInfo, name: string): Buffer {
  switch (name) {
    case 'stat': return Buffer.from(formatStat(info), 'latin1');
    case 'status': return Buffer.from(formatStatus(info), 'latin1');
    case 'cmdline': return Buffer.from(info.state === 'Z' ? '' : info.argv.map((a) => a + '\0').join(''));
    default: return Buffer.from(info.comm + '\n');
  }
}

/** The guest pids a listing of /proc adds (the host's own entries stay: other host processes are visible, as under qemu). */
export function guestPids(k: ProcKernel): number[] {
  return k.link ? (k.link.call('pids').pids as number[]) : [];
}
