// poll, ppoll, select, pselect6: readiness of many descriptors, waiting on the
// emulator-wide I/O sequence (io-wait.ts) until one is ready, the timeout
// passes or a signal arrives (ERESTARTNOHAND: restarted only if no handler
// ran, as in Linux). ppoll/pselect6 install their signal mask for the wait.

import { E } from '../syscalls/errno';
import { fail, SysError } from './errors';
import { HostFile, OpenFile, Pipe, PipeEnd } from './files';
import type { Handler, Kernel } from './kernel';
import type { SyscallArgs } from './args';
import { ERESTARTNOHAND, waitFor } from './io-wait';
import { monotonicNs } from './time';

export const POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
const POLLRDNORM = 0x40, POLLRDBAND = 0x80, POLLWRNORM = 0x100, POLLWRBAND = 0x200;

/** Readiness of one file. Host streams (ttys, host pipes) cannot be polled from Node: reported ready. */
export function pollFile(k: Kernel, f: OpenFile, events: number): number {
  const want = events | POLLERR | POLLHUP;
  const own = f.readiness();
  if (own !== undefined) return want & own;
  const rd = POLLIN | POLLRDNORM, wr = POLLOUT | POLLWRNORM;
  if (f instanceof PipeEnd) {
    const p = f.pipe;
    if (!f.writeEnd) return want & ((p.size > 0 ? rd : 0) | (p.writers === 0 ? POLLHUP : 0));
    return want & (p.readers === 0 ? POLLERR : p.size < Pipe.CAPACITY ? wr : 0);
  }
  if (f instanceof HostFile && f.mode === 'stream') k.unimp('poll-host-stream', 'poll: host terminals/pipes are reported ready without waiting');
  return want & (rd | wr);
}

/** Runs a wait with a temporary signal mask (ppoll, pselect6); an interrupted wait keeps it until the handler ran. */
function withMask<T>(k: Kernel, mask: bigint | undefined, fn: () => T): T {
  if (mask === undefined) return fn();
  const s = k.signals;
  const old = s.blocked;
  s.setBlocked(mask);
  try {
    const r = fn();
    s.setBlocked(old);
    return r;
  } catch (e) {
    if (e instanceof SysError && e.errno === ERESTARTNOHAND) s.savedMask = old;
    else s.setBlocked(old);
    throw e;
  }
}

function readMask(k: Kernel, addr: number, size: number): bigint | undefined {
  if (addr === 0) return undefined;
  if (size !== 8) fail(E.EINVAL);
  return k.mem.u64n(addr, k.T.model.littleEndian);
}

function readTimeout(k: Kernel, tsp: number): bigint | undefined {
  if (tsp === 0) return undefined;
  const r = k.readStruct(tsp, k.T.TargetTimespec);
  const sec = r.getBig('tv_sec'), nsec = r.getBig('tv_nsec');
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(E.EINVAL);
  return sec * 1_000_000_000n + nsec;
}

function writeRemaining(k: Kernel, tsp: number, deadline: bigint | undefined, L = k.T.TargetTimespec, usec = false): void {
  if (tsp === 0 || deadline === undefined) return;
  let left = deadline - monotonicNs();
  if (left < 0n) left = 0n;
  const w = L.writer();
  w.set(usec ? 'tv_sec' : 'tv_sec', left / 1_000_000_000n);
  w.set(usec ? 'tv_usec' : 'tv_nsec', usec ? (left % 1_000_000_000n) / 1000n : left % 1_000_000_000n);
  try { k.write(tsp, w.bytes); } catch { /* read-only timeout: Linux ignores the failed update */ }
}

/** poll/ppoll on the pollfd array at `addr`; `timeout` in ns (undefined: wait forever). */
export function poll(k: Kernel, addr: number, nfds: number, timeout: bigint | undefined, mask?: bigint, tsp = 0): number {
  if (nfds > k.fds.limit) fail(E.EINVAL);
  const L = k.T.TargetPollfd;
  const raw = nfds > 0 ? k.mem.read(addr, nfds * L.size) : Buffer.alloc(0);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = k.T.model.littleEndian;
  const offFd = L.off('fd'), offEv = L.off('events'), offRev = L.off('revents');
  const scan = (): number | undefined => {
    let ready = 0;
    for (let i = 0; i < nfds; i++) {
      const off = i * L.size;
      const fd = dv.getInt32(off + offFd, le);
      let rev = 0;
      if (fd >= 0) rev = k.fds.has(fd) ? pollFile(k, k.fds.get(fd), dv.getUint16(off + offEv, le)) : POLLNVAL;
      dv.setUint16(off + offRev, rev, le);
      if (rev) ready++;
    }
    return ready > 0 ? ready : undefined;
  };
  const deadline = timeout === undefined ? undefined : monotonicNs() + timeout;
  let n: number;
  try {
    n = withMask(k, mask, () => waitFor(k, scan, { timeoutNs: timeout, interrupted: ERESTARTNOHAND }) ?? 0);
  } catch (e) {
    if (tsp) writeRemaining(k, tsp, deadline);
    throw e;
  }
  if (nfds > 0) k.write(addr, raw);
  if (tsp) writeRemaining(k, tsp, deadline);
  return n;
}

function ppoll(k: Kernel, a: SyscallArgs): number {
  const tsp = a.ptr(2);
  const timeout = readTimeout(k, tsp);
  return poll(k, a.ptr(0), a.uint(1), timeout, readMask(k, a.ptr(3), a.ulong(4)), tsp);
}

// ---- select ----

const SEL_IN = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR;
const SEL_OUT = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR;
const SEL_EX = POLLPRI;

/**
 * select over fd_sets of `nfds` bits. An fd_set is an array of longs; on the
 * little-endian targets bit n is bit n%8 of byte n/8 either way.
 */
function select(k: Kernel, nfds: number, rp: number, wp: number, ep: number, timeout: bigint | undefined, mask: bigint | undefined,
  onDone: (deadline: bigint | undefined) => void): number {
  if (nfds < 0) fail(E.EINVAL);
  nfds = Math.min(nfds, k.fds.limit);
  const longBits = k.T.model.longSize * 8;
  const bytes = Math.ceil(nfds / longBits) * (longBits / 8);
  const get = (p: number) => (p !== 0 && bytes > 0 ? k.mem.read(p, bytes) : undefined);
  const ins = [get(rp), get(wp), get(ep)];
  const outs = ins.map((s) => (s ? new Uint8Array(s.length) : undefined));
  const bit = (s: Uint8Array | undefined, fd: number) => (s ? (s[fd >> 3] >> (fd & 7)) & 1 : 0);
  const fds: number[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    if (bit(ins[0], fd) | bit(ins[1], fd) | bit(ins[2], fd)) {
      if (!k.fds.has(fd)) fail(E.EBADF);
      fds.push(fd);
    }
  }
  const scan = (): number | undefined => {
    let count = 0;
    for (const o of outs) o?.fill(0);
    for (const fd of fds) {
      const rev = pollFile(k, k.fds.get(fd), SEL_IN | SEL_OUT | SEL_EX);
      const hit = [rev & SEL_IN, rev & SEL_OUT, rev & SEL_EX];
      for (let i = 0; i < 3; i++) {
        if (hit[i] && bit(ins[i], fd)) { outs[i]![fd >> 3] |= 1 << (fd & 7); count++; }
      }
    }
    return count > 0 ? count : undefined;
  };
  const deadline = timeout === undefined ? undefined : monotonicNs() + timeout;
  let n: number;
  try {
    n = withMask(k, mask, () => waitFor(k, scan, { timeoutNs: timeout, interrupted: ERESTARTNOHAND }) ?? 0);
  } catch (e) {
    onDone(deadline);
    throw e;
  }
  if (n === 0) for (const o of outs) o?.fill(0);
  [rp, wp, ep].forEach((p, i) => { if (p !== 0 && outs[i]) k.write(p, outs[i]!); });
  onDone(deadline);
  return n;
}

function pselect6(k: Kernel, a: SyscallArgs): number {
  const tsp = a.ptr(4);
  const timeout = readTimeout(k, tsp);
  // The 6th argument points at { const sigset_t *ss; size_t ss_len; }.
  let mask: bigint | undefined;
  const sp = a.ptr(5);
  if (sp !== 0) {
    const ls = k.T.model.longSize, le = k.T.model.littleEndian;
    const ss = ls === 8 ? Number(k.mem.u64n(sp, le)) : k.mem.u32(sp, le);
    const len = ls === 8 ? Number(k.mem.u64n(sp + 8, le)) : k.mem.u32(sp + 4, le);
    mask = readMask(k, ss, len);
  }
  return select(k, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), timeout, mask, (d) => writeRemaining(k, tsp, d));
}

/** select/_newselect with a struct timeval (32-bit arm's legacy call). */
function selectTimeval(k: Kernel, a: SyscallArgs): number {
  const tvp = a.ptr(4);
  let timeout: bigint | undefined;
  const L = k.T.TargetTimeval;
  if (tvp !== 0) {
    const r = k.readStruct(tvp, L);
    const sec = r.getBig('tv_sec'), usec = r.getBig('tv_usec');
    if (sec < 0n || usec < 0n) fail(E.EINVAL);
    timeout = sec * 1_000_000_000n + usec * 1000n;
  }
  return select(k, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), timeout, undefined, (d) => writeRemaining(k, tvp, d, L, true));
}

export const pollSyscalls: Record<string, Handler> = {
  ppoll,
  pselect6,
  pselect6_time64: (k, a) => k.withTime64(() => pselect6(k, a)),
  _newselect: selectTimeval,
  select: selectTimeval,
};
