// Process, identity, signal-state, time, limit and miscellaneous syscalls.

import * as fs from 'fs';
import * as os from 'os';
import { PROT_WRITE } from '../memory/page-map';
import { GUEST_BASE } from '../memory/guest-memory';
import { E } from '../syscalls/errno';
import { encodeTimespec, encodeTimeval, encodeUtsname } from '../syscalls/convert';
import {
  GRND_INSECURE, GRND_NONBLOCK, GRND_RANDOM, PR_GET_NAME,
  PR_SET_NAME, RLIMIT_NOFILE, RLIM_INFINITY, RLIM_NLIMITS, RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD,
} from '../syscalls/flags';
import type { StructLayout } from '../syscalls/layout';
import type { SyscallArgs } from './args';
import { SysError, fail } from './errors';
import { GuestExit } from './exit';
import { MAX_RW_COUNT } from './files';
import type { Handler, Kernel, Rlimit } from './kernel';
import { clockNow, clockRes, monotonicNs } from './time';

type H = Record<string, Handler>;

// Signals (dispositions, masks, kill, sleeps, timers) are in signals/syscalls.ts.
export { raiseSelf } from './signals/syscalls';
import { ERESTARTSYS, waitInterruptible } from './signals/delivery';
import { hostRandomFill } from '../host-random';

// ---- limits ----

function readRlimit(k: Kernel, addr: number, L: StructLayout): Rlimit {
  const r = k.readStruct(addr, L);
  const wide = L.field('rlim_cur').size === 8;
  const conv = (v: bigint) => (!wide && v === 0xffff_ffffn ? RLIM_INFINITY : v);
  return { cur: conv(r.getBig('rlim_cur')), max: conv(r.getBig('rlim_max')) };
}

function writeRlimit(k: Kernel, addr: number, L: StructLayout, v: Rlimit): void {
  const top = L.field('rlim_cur').size === 8 ? RLIM_INFINITY : 0xffff_ffffn;
  const clamp = (x: bigint) => (x > top ? top : x);
  k.write(addr, L.writer().set('rlim_cur', clamp(v.cur)).set('rlim_max', clamp(v.max)).bytes);
}

function setRlimit(k: Kernel, res: number, v: Rlimit): void {
  if (v.cur > v.max) fail(E.EINVAL);
  k.rlimits[res] = v;
  if (res === RLIMIT_NOFILE) k.fds.limit = Number(v.cur > 1048576n ? 1048576n : v.cur);
}

function prlimit64(k: Kernel, a: SyscallArgs): number {
  const pid = a.int(0), res = a.uint(1), np = a.ptr(2), op = a.ptr(3);
  if (pid !== 0 && pid !== k.pid) fail(E.ESRCH);
  if (res >= RLIM_NLIMITS) fail(E.EINVAL);
  const L = k.T.TargetRlimit64;
  const next = np !== 0 ? readRlimit(k, np, L) : undefined;
  if (next && next.cur > next.max) fail(E.EINVAL);
  if (op !== 0) writeRlimit(k, op, L, k.rlimits[res]);
  if (next) setRlimit(k, res, next);
  return 0;
}

// ---- time ----

function readTimespecNs(k: Kernel, addr: number): bigint {
  const r = k.readStruct(addr, k.T.TargetTimespec);
  const sec = r.getBig('tv_sec'), nsec = r.getBig('tv_nsec');
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(E.EINVAL);
  return sec * 1_000_000_000n + nsec;
}

// ---- misc ----

function machine(k: Kernel): string {
  return k.arch === 'arm' ? 'armv7l' : k.arch;
}

function getrandom(k: Kernel, a: SyscallArgs): number {
  const flags = a.uint(2);
  if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) fail(E.EINVAL);
  if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM)) fail(E.EINVAL);
  const n = Math.min(a.ulong(1), MAX_RW_COUNT);
  if (n === 0) return 0;
  const addr = a.ptr(0);
  const len = k.accessibleLength(addr, n, PROT_WRITE);
  hostRandomFill(k.mem.u8.subarray(addr - GUEST_BASE, addr - GUEST_BASE + len));
  return len;
}

function sysinfo(k: Kernel, addr: number): number {
  const L = k.T.TargetSysinfo;
  const w = L.writer();
  let unit = 1;
  let total = os.totalmem(), free = os.freemem();
  const max = k.T.model.longSize === 8 ? Number.MAX_SAFE_INTEGER : 0xffff_ffff;
  while (total / unit > max) unit *= 2;
  total = Math.floor(total / unit); free = Math.floor(free / unit);
  w.set('uptime', Math.floor(os.uptime()));
  os.loadavg().forEach((l, i) => w.set('loads', Math.round(l * 65536), i));
  w.set('totalram', total).set('freeram', free).set('mem_unit', unit).set('procs', 1);
  k.write(addr, w.bytes);
  return 0;
}

function schedGetaffinity(k: Kernel, a: SyscallArgs): number {
  const pid = a.int(0), len = a.uint(1), addr = a.ptr(2);
  if (pid !== 0 && pid !== k.pid) fail(E.ESRCH);
  const ncpu = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const word = k.T.model.longSize;
  if (len * 8 < ncpu || len % word !== 0) fail(E.EINVAL);
  const size = Math.min(len, Math.ceil(ncpu / (word * 8)) * word);
  const bytes = new Uint8Array(size);
  for (let c = 0; c < ncpu; c++) bytes[c >> 3] |= 1 << (c & 7);
  k.write(addr, bytes);
  return size;
}

function rusage(k: Kernel, who: number, addr: number): number {
  if (who !== RUSAGE_SELF && who !== RUSAGE_CHILDREN && who !== RUSAGE_THREAD) fail(E.EINVAL);
  const L = k.T.TargetRusage;
  const w = L.writer();
  if (who !== RUSAGE_CHILDREN) {
    const u = process.resourceUsage();
    const tv = (f: string, us: number) => w.set(`${f}.tv_sec`, Math.floor(us / 1e6)).set(`${f}.tv_usec`, us % 1e6);
    tv('ru_utime', u.userCPUTime);
    tv('ru_stime', u.systemCPUTime);
    w.set('ru_maxrss', u.maxRSS).set('ru_minflt', u.minorPageFault).set('ru_majflt', u.majorPageFault)
      .set('ru_inblock', u.fsRead).set('ru_oublock', u.fsWrite)
      .set('ru_nvcsw', u.voluntaryContextSwitches).set('ru_nivcsw', u.involuntaryContextSwitches);
  }
  k.write(addr, w.bytes);
  return 0;
}

function times(k: Kernel, addr: number): number {
  if (addr !== 0) {
    const u = process.cpuUsage();
    k.write(addr, k.T.TargetTms.writer()
      .set('tms_utime', Math.floor(u.user / 10000)).set('tms_stime', Math.floor(u.system / 10000)).bytes);
  }
  return Number(monotonicNs() / 10_000_000n); // USER_HZ = 100
}

function prctl(k: Kernel, a: SyscallArgs): number {
  const op = a.int(0);
  switch (op) {
    case PR_SET_NAME: {
      const b = k.mem.readCStringBytes(a.ptr(1), 4096);
      k.comm = b.subarray(0, 15).toString('latin1');
      return 0;
    }
    case PR_GET_NAME: {
      const out = new Uint8Array(16);
      out.set(Buffer.from(k.comm, 'latin1').subarray(0, 15));
      k.write(a.ptr(1), out);
      return 0;
    }
    case 3: return 1; // PR_GET_DUMPABLE
    case 4: return 0; // PR_SET_DUMPABLE
    case 38: return 0; // PR_SET_NO_NEW_PRIVS
    case 39: return 0; // PR_GET_NO_NEW_PRIVS
  }
  k.unimp(`prctl-${op}`, `prctl: unsupported option ${op}`);
  return fail(E.EINVAL);
}

const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;

function futex(k: Kernel, a: SyscallArgs): number {
  const uaddr = a.ptr(0), cmd = a.int(1) & 127, val = a.uint(2);
  switch (cmd) {
    case FUTEX_WAKE: case FUTEX_WAKE_BITSET:
      if (uaddr % 4 !== 0) fail(E.EINVAL);
      return 0; // nobody else waits: a single guest thread
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET: {
      if (uaddr % 4 !== 0) fail(E.EINVAL);
      if (k.mem.u32(uaddr, k.T.model.littleEndian) !== val) fail(E.EAGAIN);
      const tp = a.ptr(3);
      // Only a signal can end the wait (one guest thread): -ERESTARTSYS restarts it under SA_RESTART.
      if (tp === 0) { waitInterruptible(k); return -ERESTARTSYS; }
      const t = readTimespecNs(k, tp);
      // WAIT_BITSET timeouts are absolute (CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME).
      const rel = cmd === FUTEX_WAIT ? t : t - (clockNow(a.int(1) & 256 ? 0 : 1) ?? 0n);
      if (waitInterruptible(k, monotonicNs() + rel)) fail(E.EINTR);
      return fail(E.ETIMEDOUT);
    }
  }
  k.unimp(`futex-${cmd}`, `futex: unsupported op ${cmd}`);
  return fail(E.ENOSYS);
}

const uid = () => process.getuid?.() ?? 0;
const gid = () => process.getgid?.() ?? 0;
const euid = () => process.geteuid?.() ?? uid();
const egid = () => process.getegid?.() ?? gid();

function writeIds(k: Kernel, a: SyscallArgs, r: number, e: number): number {
  for (const [i, v] of [[0, r], [1, e], [2, e]] as const) if (a.ptr(i) !== 0) k.mem.setU32(a.ptr(i), v);
  return 0;
}

export const procSyscalls: H = {
  exit: (_k, a) => { throw new GuestExit(a.int(0) & 0xff); },
  exit_group: (_k, a) => { throw new GuestExit(a.int(0) & 0xff); },
  set_tid_address: (k, a) => { k.clearChildTid = a.ptr(0); return k.tid; },
  set_robust_list: (k, a) => {
    if (a.ulong(1) !== k.T.TargetRobustListHead.size) fail(E.EINVAL);
    k.robustList = { head: a.ptr(0), len: a.ulong(1) };
    return 0;
  },
  get_robust_list: (k, a) => {
    const pid = a.int(0);
    if (pid !== 0 && pid !== k.tid) fail(E.ESRCH);
    const word = k.T.model.longSize;
    const put = (addr: number, v: number) => (word === 8 ? k.mem.setU64(addr, v) : k.mem.setU32(addr, v));
    put(a.ptr(1), k.robustList.head);
    put(a.ptr(2), k.robustList.len);
    return 0;
  },
  rseq: () => fail(E.ENOSYS),
  riscv_hwprobe: () => fail(E.ENOSYS),

  prlimit64,
  getrlimit: (k, a) => {
    const res = a.uint(0);
    if (res >= RLIM_NLIMITS) fail(E.EINVAL);
    writeRlimit(k, a.ptr(1), k.T.TargetRlimit, k.rlimits[res]);
    return 0;
  },
  setrlimit: (k, a) => {
    const res = a.uint(0);
    if (res >= RLIM_NLIMITS) fail(E.EINVAL);
    setRlimit(k, res, readRlimit(k, a.ptr(1), k.T.TargetRlimit));
    return 0;
  },

  uname: (k, a) => {
    k.write(a.ptr(0), encodeUtsname(k.T, {
      sysname: 'Linux', nodename: os.hostname(), release: '6.1.0', version: '#1 SMP PREEMPT_DYNAMIC nodemu',
      machine: machine(k), domainname: '(none)',
    }));
    return 0;
  },
  getpid: (k) => k.pid,
  gettid: (k) => k.tid,
  getppid: (k) => k.ppid,
  capget,
  capset: (k, a) => { capHeader(k, a.ptr(0)); return 0; }, // accepted, no effect (like an unprivileged no-op)
  getuid: () => uid(),
  geteuid: () => euid(),
  getgid: () => gid(),
  getegid: () => egid(),
  getresuid: (k, a) => writeIds(k, a, uid(), euid()),
  getresgid: (k, a) => writeIds(k, a, gid(), egid()),
  getgroups: (k, a) => {
    const groups = process.getgroups?.() ?? [];
    const size = a.int(0);
    if (size < 0) fail(E.EINVAL);
    if (size === 0) return groups.length;
    if (size < groups.length) fail(E.EINVAL);
    const b = new Uint8Array(4 * groups.length);
    const dv = new DataView(b.buffer);
    groups.forEach((g, i) => dv.setUint32(4 * i, g, k.T.model.littleEndian));
    k.write(a.ptr(1), b);
    return groups.length;
  },
  getpgid: (k, a) => { const p = a.int(0); if (p !== 0 && p !== k.pid) fail(E.ESRCH); return k.pid; },
  getsid: (k, a) => { const p = a.int(0); if (p !== 0 && p !== k.pid) fail(E.ESRCH); return k.pid; },
  setpgid: () => 0,
  setsid: () => fail(E.EPERM),
  umask: (k, a) => {
    const old = k.umask;
    k.umask = a.uint(0) & 0o777;
    // On the main thread (single-process mode) keep the host's in step; workers cannot set it
    // (the process host set it to 0 and the kernel applies k.umask itself).
    if (require('worker_threads').isMainThread) process.umask(k.umask);
    return old;
  },
  prctl,
  getcpu: (k, a) => {
    if (a.ptr(0) !== 0) k.mem.setU32(a.ptr(0), 0);
    if (a.ptr(1) !== 0) k.mem.setU32(a.ptr(1), 0);
    return 0;
  },

  clock_gettime: (k, a) => {
    const ns = clockNow(a.int(0)) ?? fail(E.EINVAL);
    k.write(a.ptr(1), encodeTimespec(k.T, ns));
    return 0;
  },
  clock_getres: (k, a) => {
    const res = clockRes(a.int(0)) ?? fail(E.EINVAL);
    if (a.ptr(1) !== 0) k.write(a.ptr(1), encodeTimespec(k.T, res));
    return 0;
  },
  clock_settime: () => fail(E.EPERM),
  settimeofday: () => fail(E.EPERM),
  gettimeofday: (k, a) => {
    if (a.ptr(0) !== 0) k.write(a.ptr(0), encodeTimeval(k.T, clockNow(0)!));
    if (a.ptr(1) !== 0) k.write(a.ptr(1), new Uint8Array(k.T.TargetTimezone.size));
    return 0;
  },
  times: (k, a) => times(k, a.ptr(0)),
  getrusage: (k, a) => rusage(k, a.int(0), a.ptr(1)),

  getrandom,
  sysinfo: (k, a) => sysinfo(k, a.ptr(0)),
  sched_getaffinity: schedGetaffinity,
  sched_setaffinity: (k, a) => { const p = a.int(0); if (p !== 0 && p !== k.pid) fail(E.ESRCH); return 0; },
  sched_yield: () => 0,
  sched_getscheduler: (k, a) => { const p = a.int(0); if (p < 0) fail(E.EINVAL); if (p !== 0 && p !== k.pid) fail(E.ESRCH); return 0; },
  futex,
  // No child processes can exist yet.
  wait4: () => fail(E.ECHILD),
  waitid: () => fail(E.ECHILD),
};


// ---- capabilities ----

const CAP_V1 = 0x19980330, CAP_V2 = 0x20071026, CAP_V3 = 0x20080522;

/** Checks the {u32 version, i32 pid} header; unknown versions get the preferred one written back (EINVAL). */
function capHeader(k: Kernel, hdr: number): number {
  const le = k.T.model.littleEndian;
  const version = k.mem.u32(hdr, le), pid = k.mem.i32(hdr + 4, le);
  if (version !== CAP_V1 && version !== CAP_V2 && version !== CAP_V3) {
    k.mem.setU32(hdr, CAP_V3, le);
    fail(E.EINVAL);
  }
  if (pid < 0) fail(E.EINVAL);
  if (pid !== 0 && pid !== k.pid) fail(E.ESRCH);
  return version === CAP_V1 ? 1 : 2;
}

/** The guest has the emulator's capabilities (as under qemu, which passes the call through). */
function capget(k: Kernel, a: SyscallArgs): number {
  const hdr = a.ptr(0), data = a.ptr(1);
  let words: number;
  try {
    words = capHeader(k, hdr);
  } catch (e) {
    if (e instanceof SysError && e.errno === E.EINVAL && data === 0) return 0;
    throw e;
  }
  if (data === 0) return 0;
  const caps = { eff: 0n, prm: 0n, inh: 0n };
  try {
    const st = fs.readFileSync('/proc/self/status', 'latin1');
    for (const [key, name] of [['eff', 'CapEff'], ['prm', 'CapPrm'], ['inh', 'CapInh']] as const) {
      const m = new RegExp(`^${name}:\\s*([0-9a-f]+)`, 'm').exec(st);
      if (m) caps[key] = BigInt('0x' + m[1]);
    }
  } catch { /* not Linux: no capabilities */ }
  const le = k.T.model.littleEndian;
  for (let i = 0; i < words; i++) {
    const part = (v: bigint): number => Number((v >> BigInt(32 * i)) & 0xffffffffn);
    k.mem.setU32(data + 12 * i, part(caps.eff), le);
    k.mem.setU32(data + 12 * i + 4, part(caps.prm), le);
    k.mem.setU32(data + 12 * i + 8, part(caps.inh), le);
  }
  return 0;
}
