// Process, identity, signal-state, time, limit and miscellaneous syscalls.

import * as crypto from 'crypto';
import * as os from 'os';
import { PROT_WRITE } from '../memory/page-map';
import { GUEST_BASE } from '../memory/guest-memory';
import { E } from '../syscalls/errno';
import { encodeTimespec, encodeTimeval, encodeUtsname } from '../syscalls/convert';
import {
  CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, GRND_INSECURE, GRND_NONBLOCK, GRND_RANDOM, PR_GET_NAME,
  PR_SET_NAME, RLIMIT_NOFILE, RLIM_INFINITY, RLIM_NLIMITS, RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, TIMER_ABSTIME,
} from '../syscalls/flags';
import type { StructLayout } from '../syscalls/layout';
import {
  MINSIGSTKSZ, NSIG, SIGKILL, SIGSTOP, SIG_BLOCK, SIG_DFL, SIG_IGN, SIG_SETMASK, SIG_UNBLOCK, SS_DISABLE,
  SS_ONSTACK, UNBLOCKABLE, defaultAction, sigBit, signalName,
} from '../syscalls/signals';
import type { SyscallArgs } from './args';
import { fail } from './errors';
import { GuestExit } from './exit';
import { MAX_RW_COUNT } from './files';
import type { Handler, Kernel, Rlimit } from './kernel';
import type { SigAction } from './signal-state';
import { clockNow, clockRes, monotonicNs, sleepNs } from './time';

type H = Record<string, Handler>;

// ---- signals ----

const SIGSET_BYTES = 8;

function readSigset(k: Kernel, addr: number): bigint {
  const b = k.mem.read(addr, SIGSET_BYTES);
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, k.T.model.littleEndian);
}

function sigsetBytes(k: Kernel, set: bigint): Uint8Array {
  const b = new Uint8Array(SIGSET_BYTES);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, set), k.T.model.littleEndian);
  return b;
}

function rtSigaction(k: Kernel, a: SyscallArgs): number {
  const sig = a.int(0), act = a.ptr(1), oact = a.ptr(2);
  if (a.ulong(3) !== SIGSET_BYTES) fail(E.EINVAL);
  if (sig < 1 || sig > NSIG) fail(E.EINVAL);
  const L = k.T.TargetSigaction;
  const maskOff = L.off('sa_mask');
  let next: SigAction | undefined;
  if (act !== 0) {
    if (sig === SIGKILL || sig === SIGSTOP) fail(E.EINVAL);
    const r = k.readStruct(act, L);
    const mask = new DataView(r.bytes.buffer, r.bytes.byteOffset + maskOff, 8).getBigUint64(0, k.T.model.littleEndian);
    next = {
      handler: r.get('sa_handler'),
      flags: r.get('sa_flags'),
      restorer: L.has('sa_restorer') ? r.get('sa_restorer') : 0,
      mask: mask & ~UNBLOCKABLE,
    };
  }
  if (oact !== 0) {
    const cur = k.signals.actions[sig];
    const w = L.writer().set('sa_handler', cur.handler).set('sa_flags', cur.flags);
    if (L.has('sa_restorer')) w.set('sa_restorer', cur.restorer);
    w.bytes.set(sigsetBytes(k, cur.mask), maskOff);
    k.write(oact, w.bytes);
  }
  if (next) k.signals.actions[sig] = next;
  return 0;
}

function rtSigprocmask(k: Kernel, a: SyscallArgs): number {
  const how = a.int(0), set = a.ptr(1), oset = a.ptr(2);
  if (a.ulong(3) !== SIGSET_BYTES) fail(E.EINVAL);
  const s = k.signals;
  const old = s.blocked;
  let next: bigint | undefined;
  if (set !== 0) {
    const m = readSigset(k, set);
    switch (how) {
      case SIG_BLOCK: next = old | m; break;
      case SIG_UNBLOCK: next = old & ~m; break;
      case SIG_SETMASK: next = m; break;
      default: fail(E.EINVAL);
    }
  }
  if (oset !== 0) k.write(oset, sigsetBytes(k, old));
  if (next !== undefined) s.setBlocked(next);
  return 0;
}

const SS_AUTODISARM = 0x8000_0000;

function sigaltstack(k: Kernel, a: SyscallArgs): number {
  const ss = a.ptr(0), oss = a.ptr(1);
  const L = k.T.TargetStack;
  const cur = k.signals.altStack;
  let next: typeof cur | undefined;
  if (ss !== 0) {
    const r = k.readStruct(ss, L);
    const flags = r.get('ss_flags') >>> 0;
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) fail(E.EINVAL);
    if (mode === SS_DISABLE) next = { sp: 0, flags: SS_DISABLE, size: 0 };
    else {
      const size = r.get('ss_size');
      if (size < MINSIGSTKSZ) fail(E.ENOMEM);
      next = { sp: r.get('ss_sp'), flags: flags & SS_AUTODISARM, size };
    }
  }
  if (oss !== 0) k.write(oss, L.writer().set('ss_sp', cur.sp).set('ss_flags', cur.flags).set('ss_size', cur.size).bytes);
  if (next) k.signals.altStack = next;
  return 0;
}

/** A signal sent to the guest by itself (kill/tkill/tgkill/raise) or by the kernel (SIGPIPE). */
export function raiseSelf(k: Kernel, sig: number): number {
  if (sig === 0) return 0;
  const s = k.signals;
  const act = s.actions[sig];
  const forced = sig === SIGKILL;
  if (!forced && s.isBlocked(sig)) { s.pending |= sigBit(sig); return 0; }
  if (!forced && act.handler === SIG_IGN) return 0;
  if (forced || act.handler === SIG_DFL) {
    switch (defaultAction(sig)) {
      case 'ignore': case 'cont': return 0;
      case 'stop':
        k.unimp('sig-stop', `${signalName(sig)}: stopping the process is not supported; ignored`);
        return 0;
      default:
        throw new GuestExit(128 + sig, sig);
    }
  }
  // A guest handler: the CPU loop delivers pending signals.
  s.pending |= sigBit(sig);
  return 0;
}

function checkSig(sig: number): void { if (sig < 0 || sig > NSIG) fail(E.EINVAL); }

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

function clockNanosleep(k: Kernel, a: SyscallArgs): number {
  const clk = a.int(0), flags = a.int(1);
  if (clk === CLOCK_THREAD_CPUTIME_ID) fail(E.EINVAL);
  const now = clockNow(clk);
  if (now === undefined) fail(E.EINVAL);
  if (clk === CLOCK_PROCESS_CPUTIME_ID || clk < 0) fail(E.ENOTSUP);
  const t = readTimespecNs(k, a.ptr(2));
  sleepNs(flags & TIMER_ABSTIME ? t - now : t);
  return 0;
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
  crypto.randomFillSync(k.mem.u8.subarray(addr - GUEST_BASE, addr - GUEST_BASE + len));
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
      if (tp === 0) {
        k.unimp('futex-deadlock', 'futex: FUTEX_WAIT with no other thread to wake it');
        fail(E.EINTR);
      }
      const t = readTimespecNs(k, tp);
      // WAIT_BITSET timeouts are absolute (CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME).
      const rel = cmd === FUTEX_WAIT ? t : t - (clockNow(a.int(1) & 256 ? 0 : 1) ?? 0n);
      sleepNs(rel);
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

  rt_sigaction: rtSigaction,
  rt_sigprocmask: rtSigprocmask,
  rt_sigpending: (k, a) => {
    if (a.ulong(1) > SIGSET_BYTES) fail(E.EINVAL);
    k.write(a.ptr(0), sigsetBytes(k, k.signals.pending).subarray(0, a.ulong(1)));
    return 0;
  },
  sigaltstack: sigaltstack,
  kill: (k, a) => {
    const pid = a.int(0), sig = a.int(1);
    checkSig(sig);
    if (pid === k.pid || pid === 0 || pid === -1 || pid === -k.pid) return raiseSelf(k, sig);
    process.kill(pid, sig);
    return 0;
  },
  tkill: (k, a) => {
    const tid = a.int(0), sig = a.int(1);
    checkSig(sig);
    if (tid <= 0) fail(E.EINVAL);
    if (tid !== k.tid) fail(E.ESRCH);
    return raiseSelf(k, sig);
  },
  tgkill: (k, a) => {
    const tgid = a.int(0), tid = a.int(1), sig = a.int(2);
    checkSig(sig);
    if (tgid <= 0 || tid <= 0) fail(E.EINVAL);
    if (tgid !== k.pid || tid !== k.tid) fail(E.ESRCH);
    return raiseSelf(k, sig);
  },

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
    process.umask(k.umask); // files are created by the host
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
  nanosleep: (k, a) => { sleepNs(readTimespecNs(k, a.ptr(0))); return 0; },
  clock_nanosleep: clockNanosleep,
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

