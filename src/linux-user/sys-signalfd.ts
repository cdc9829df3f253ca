// signalfd: the reader's pending signals read as struct signalfd_siginfo
// records. A read takes signals off the reading process's queue (the same
// queue delivery uses, signal-state.ts), so the usual pattern is to block the
// signals first. The mask belongs to the open file description (shared after
// fork through a SharedArrayBuffer, updatable with signalfd4(fd, ...)); the
// signals are always the reader's own, as in Linux.

import { E } from '../syscalls/errno';
import type { FileStat } from '../syscalls/convert';
import { UNBLOCKABLE } from '../syscalls/signals';
import type { SyscallArgs } from './args';
import { callingKernel } from './calling-kernel';
import { fail } from './errors';
import { OpenFile, StatusFlags, newSyntheticIno, syntheticStat } from './files';
import { ERESTARTSYS, ioChanged, waitFor } from './io-wait';
import type { Handler, Kernel } from './kernel';
import { SignalState, type SigInfo } from './signal-state';
import { encodeSiginfo, SI_KERNEL, SI_TIMER, SI_USER } from './signals/siginfo';
import { pollTimers } from './signals/timers';

const POLLIN = 0x1;
const SIGSET_BYTES = 8;
/** sizeof(struct signalfd_siginfo): the same 128-byte little-endian layout on every architecture. */
export const SIGNALFD_SIGINFO_SIZE = 128;
const SSI = { signo: 0, errno: 4, code: 8, pid: 12, uid: 16, fd: 20, tid: 24, band: 28, overrun: 32, trapno: 36, status: 40,
  int: 44, ptr: 48, utime: 56, stime: 64, addr: 72 } as const;

export interface SignalFdImage { sab: SharedArrayBuffer; status: StatusFlags; ino: bigint }

export class SignalFd extends OpenFile {
  private readonly maskWord: BigUint64Array;

  constructor(status: StatusFlags, readonly sab = new SharedArrayBuffer(8), readonly ino = newSyntheticIno()) {
    super(status);
    this.maskWord = new BigUint64Array(sab);
  }

  static fromImage(d: SignalFdImage): SignalFd { return new SignalFd(d.status, d.sab, d.ino); }
  image(): SignalFdImage { return { sab: this.sab, status: { ...this.status }, ino: this.ino }; }

  get mask(): bigint { return Atomics.load(this.maskWord, 0); }
  set mask(m: bigint) { Atomics.store(this.maskWord, 0, BigInt.asUintN(64, m) & ~UNBLOCKABLE); }

  describe(): string { return 'anon_inode:[signalfd]'; }
  stat(): FileStat { return syntheticStat(0o600, 0, this.ino); } // an anonymous inode: no file type bits
  override seek(): number { return 0; } // noop_llseek
  override get recordReads(): boolean { return true; }

  /** The reader's pending signals in the mask, after taking in what other threads posted and expired timers. */
  private pendingOf(k: Kernel): bigint {
    const s = k.signals;
    s.drainMailbox();
    pollTimers(k);
    return s.pending & this.mask;
  }

  /** Takes one signal off the queue as a record, or undefined. */
  private dequeue(k: Kernel): Uint8Array | undefined {
    const sig = SignalState.pick(this.pendingOf(k));
    return sig === 0 ? undefined : signalfdSiginfo(k.signals.dequeue(sig), k.T.model.longSize);
  }

  read(dst: Uint8Array, pos?: number): number {
    if (pos !== undefined) fail(E.ESPIPE);
    if (dst.length < SIGNALFD_SIGINFO_SIZE) fail(E.EINVAL);
    const k = callingKernel();
    // The first record may block; the rest are only what is already pending (Linux's signalfd_read).
    let rec = this.dequeue(k);
    if (!rec) {
      if (this.status.nonblock) fail(E.EAGAIN);
      rec = waitFor(k, () => this.dequeue(k), { interrupted: ERESTARTSYS })!;
    }
    let n = 0;
    while (rec) {
      dst.set(rec, n);
      n += SIGNALFD_SIGINFO_SIZE;
      if (dst.length - n < SIGNALFD_SIGINFO_SIZE) break;
      rec = this.dequeue(k);
    }
    return n;
  }

  write(): number { return fail(E.EINVAL); }

  override readiness(): number {
    return this.pendingOf(callingKernel()) !== 0n ? POLLIN : 0;
  }
}

/**
 * struct signalfd_siginfo from a queued signal: the fields Linux's
 * signalfd_copyinfo fills for the siginfo's layout, read back from the
 * guest's siginfo_t encoding (so rt_sigqueueinfo's raw bytes come out as sent).
 */
export function signalfdSiginfo(info: SigInfo, longSize: 4 | 8): Uint8Array {
  const si = encodeSiginfo(info, longSize);
  const sv = new DataView(si.buffer, si.byteOffset, si.byteLength);
  const u = longSize === 8 ? 16 : 12; // the union after signo, errno, code
  const i32 = (off: number) => sv.getInt32(off, true);
  const long = (off: number): bigint => longSize === 8 ? sv.getBigInt64(off, true) : BigInt(sv.getInt32(off, true));
  const out = new Uint8Array(SIGNALFD_SIGINFO_SIZE);
  const dv = new DataView(out.buffer);
  const signo = i32(0), code = i32(8);
  dv.setUint32(SSI.signo, signo, true);
  dv.setInt32(SSI.errno, i32(4), true);
  dv.setInt32(SSI.code, code, true);
  const u64 = (off: number, v: bigint) => dv.setBigUint64(off, BigInt.asUintN(64, v), true);
  const sigval = () => { u64(SSI.ptr, long(u + 8)); dv.setInt32(SSI.int, i32(u + 8), true); };
  if (code > SI_USER && code < SI_KERNEL && FAULT.has(signo)) {
    u64(SSI.addr, long(u));
  } else if (code > SI_USER && code < SI_KERNEL && signo === 17) {
    dv.setUint32(SSI.pid, i32(u), true);
    dv.setUint32(SSI.uid, i32(u + 4), true);
    dv.setInt32(SSI.status, i32(u + 8), true);
    u64(SSI.utime, long(longSize === 8 ? u + 16 : u + 12));
    u64(SSI.stime, long(longSize === 8 ? u + 24 : u + 16));
  } else if (code === SI_TIMER) {
    dv.setUint32(SSI.tid, i32(u), true);
    dv.setUint32(SSI.overrun, i32(u + 4), true);
    sigval();
  } else {
    dv.setUint32(SSI.pid, i32(u), true);
    dv.setUint32(SSI.uid, i32(u + 4), true);
    if (code < 0) sigval(); // sigqueue, tkill, mq, aio: the real-time layout carries a value
  }
  return out;
}

const FAULT = new Set([4, 5, 7, 8, 11]);

function signalfd(k: Kernel, a: SyscallArgs, flags: number): number {
  const fd = a.int(0), maskp = a.ptr(1);
  const { O_CLOEXEC, O_NONBLOCK, O_RDWR } = k.openFlags;
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) fail(E.EINVAL);
  if (a.ulong(2) !== SIGSET_BYTES) fail(E.EINVAL);
  const mask = k.mem.u64n(maskp, k.T.model.littleEndian);
  if (fd === -1) {
    const nonblock = (flags & O_NONBLOCK) !== 0;
    const f = new SignalFd({ accmode: 2, append: false, nonblock, path: false, guest: O_RDWR | (flags & O_NONBLOCK) });
    f.mask = mask;
    return k.fds.install(f, (flags & O_CLOEXEC) !== 0);
  }
  const f = k.file(fd);
  if (!(f instanceof SignalFd)) fail(E.EINVAL);
  f.mask = mask;
  ioChanged(); // pollers re-check with the new mask
  return fd;
}

export const signalfdSyscalls: Record<string, Handler> = {
  signalfd4: (k, a) => signalfd(k, a, a.int(3)),
  signalfd: (k, a) => signalfd(k, a, 0),
};
