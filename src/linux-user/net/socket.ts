// The guest side of a socket: an open file description whose state lives in
// SharedArrayBuffers (a control block and, for connected sockets, a receive
// and a send ring), so that it survives fork into other workers and so that
// the net host (net/host.ts, main thread) can fill and drain it.
//
// Kinds:
//   host-stream   TCP or AF_UNIX stream through a Node net.Socket/net.Server in the net host
//   host-dgram    UDP through a Node dgram socket; AF_UNIX datagrams routed by the net host
//   pair          socketpair(): two rings crossed between the two ends, no host at all
// Data never travels by message: reads and writes copy between guest memory
// and a ring; the host is only told (a "kick") when it waits for that ring.

import { parentPort } from 'worker_threads';
import { E } from '../../syscalls/errno';
import type { FileStat } from '../../syscalls/convert';
import { S_IFSOCK } from '../../syscalls/flags';
import {
  AF_INET, AF_INET6, AF_UNIX, DEFAULT_RCVBUF, DEFAULT_SNDBUF, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM,
  decodeSockAddr, encodeSockAddr, type SockAddr,
} from '../../syscalls/socket';
import { fail } from '../errors';
import { OpenFile, newSyntheticIno, syntheticStat, type StatusFlags } from '../files';
import { ioChanged } from '../io-wait';
import { shared } from '../process/shared';
import { Ring } from './ring';

// ---- control block (Int32 words, then two sockaddr slots) ----
export const C_REFS = 0, C_STATE = 1, C_ERROR = 2, C_ACCEPTQ = 3, C_SHUT = 4, C_LOCAL_LEN = 5, C_PEER_LEN = 6, C_GEN = 7;
const CTL_WORDS = 16;
const ADDR_SLOT = 128;
const LOCAL_OFF = CTL_WORDS * 4, PEER_OFF = LOCAL_OFF + ADDR_SLOT;
export const CTL_BYTES = PEER_OFF + ADDR_SLOT;

export const ST_NEW = 0, ST_BOUND = 1, ST_LISTENING = 2, ST_CONNECTING = 3, ST_CONNECTED = 4, ST_CLOSED = 5;
/** C_SHUT bits: the guest shut down its reading / writing side. */
export const SHUT_R = 1, SHUT_W = 2;

/** Ring sizes: stream directions and datagram receive queues. */
export const STREAM_RING = 256 * 1024, DGRAM_RING = 256 * 1024;

const POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLRDNORM = 0x40, POLLWRNORM = 0x100;
export const POLLRDHUP = 0x2000;

/** The control block's views; sockaddrs in it are stored with a little-endian sa_family. */
export class Ctl {
  readonly w: Int32Array;
  readonly b: Uint8Array;
  constructor(readonly sab: SharedArrayBuffer = new SharedArrayBuffer(CTL_BYTES)) {
    this.w = new Int32Array(sab, 0, CTL_WORDS);
    this.b = new Uint8Array(sab);
  }
  get(i: number): number { return Atomics.load(this.w, i); }
  set(i: number, v: number): void { Atomics.store(this.w, i, v); this.changed(); }
  /** A state change (new connection queued, connected, closed): for edge-triggered epoll, then waiters. */
  changed(): void { Atomics.add(this.w, C_GEN, 1); ioChanged(); }
  /** SO_ERROR: read and clear. */
  takeError(): number { return Atomics.exchange(this.w, C_ERROR, 0); }
  setAddr(which: 'local' | 'peer', raw: Uint8Array | undefined): void {
    const off = which === 'local' ? LOCAL_OFF : PEER_OFF;
    const n = raw ? Math.min(raw.length, ADDR_SLOT) : 0;
    if (raw) this.b.set(raw.subarray(0, n), off);
    Atomics.store(this.w, which === 'local' ? C_LOCAL_LEN : C_PEER_LEN, n);
  }
  addr(which: 'local' | 'peer'): Uint8Array | undefined {
    const n = Atomics.load(this.w, which === 'local' ? C_LOCAL_LEN : C_PEER_LEN);
    if (n === 0) return undefined;
    const off = which === 'local' ? LOCAL_OFF : PEER_OFF;
    return this.b.slice(off, off + n);
  }
}

export type SocketKind = 'host-stream' | 'host-dgram' | 'pair';

/** Everything needed to recreate the description in another worker (fork). */
export interface SocketImage {
  kind: SocketKind; id: number; domain: number; type: number; protocol: number;
  ctl: SharedArrayBuffer; rx?: SharedArrayBuffer; tx?: SharedArrayBuffer;
  status: StatusFlags; opts: [string, number][]; defaultPeer?: Uint8Array; unixPath?: Uint8Array;
}

/** A message to the net host that needs no answer. */
export function tellHost(msg: Record<string, unknown>): void {
  parentPort?.postMessage(msg);
}

/** Emulator-wide socket ids (counters[3] of the shared tables). */
export function newSocketId(): number { return Atomics.add(shared().counters, 3, 1) + 1; }

export class SocketFile extends OpenFile {
  private readonly ino = newSyntheticIno();
  /** Socket options as the guest set them ("level:name" → value), for getsockopt. */
  readonly opts = new Map<string, number>();
  /** Datagram sockets: the address connect() set (raw sockaddr bytes). */
  defaultPeer: Uint8Array | undefined;
  /** AF_UNIX: the path this socket is bound to, as the guest gave it. */
  unixPath: Buffer | undefined;

  constructor(
    readonly kind: SocketKind,
    readonly id: number,
    readonly domain: number,
    readonly type: number,
    readonly protocol: number,
    readonly ctl: Ctl,
    public rx: Ring | undefined,
    public tx: Ring | undefined,
    status: StatusFlags,
    adopted = false,
  ) {
    super(status);
    Atomics.add(ctl.w, C_REFS, 1);
    void adopted;
  }

  get stream(): boolean { return this.type === SOCK_STREAM; }
  get state(): number { return this.ctl.get(C_STATE); }

  describe(): string { return `socket:[${this.ino}]`; }
  stat(): FileStat { return syntheticStat(S_IFSOCK | 0o777, 0, this.ino); }

  image(): SocketImage {
    return {
      kind: this.kind, id: this.id, domain: this.domain, type: this.type, protocol: this.protocol,
      ctl: this.ctl.sab, rx: this.rx?.sab, tx: this.tx?.sab, status: { ...this.status }, opts: [...this.opts],
      defaultPeer: this.defaultPeer, unixPath: this.unixPath,
    };
  }

  static fromImage(d: SocketImage): SocketFile {
    const s = new SocketFile(d.kind, d.id, d.domain, d.type, d.protocol, new Ctl(d.ctl),
      d.rx ? new Ring(d.rx) : undefined, d.tx ? new Ring(d.tx) : undefined, d.status, true);
    for (const [k, v] of d.opts) s.opts.set(k, v);
    s.defaultPeer = d.defaultPeer;
    s.unixPath = d.unixPath ? Buffer.from(d.unixPath) : undefined;
    return s;
  }

  // ---- transfers used by read/write (flags and addresses are sys-net's business) ----

  read(dst: Uint8Array): number {
    const { recvOnce } = require('./sys-net') as typeof import('./sys-net');
    return recvOnce(this, dst, 0, undefined);
  }
  write(src: Uint8Array): number {
    const { sendOnce } = require('./sys-net') as typeof import('./sys-net');
    return sendOnce(this, src, 0, undefined);
  }

  /** After taking data out of rx or putting data into tx: wake the host if it waits for that. */
  kickHost(): void {
    if (this.kind === 'pair') return;
    const a = this.rx?.takeKick() ?? false;
    const b = this.tx?.takeKick() ?? false;
    if (a || b) tellHost({ op: 'net.kick', id: this.id });
  }

  /** Changes whenever readiness may have changed (edge-triggered epoll). */
  edgeGen(): number { return this.ctl.get(C_GEN) + (this.rx?.seq ?? 0) + (this.tx?.seq ?? 0); }

  override available(): number {
    if (!this.rx) return 0;
    return this.stream ? this.rx.size : this.rx.nextRecordLength();
  }

  override readiness(): number {
    const st = this.state;
    const shut = this.ctl.get(C_SHUT);
    const err = this.ctl.get(C_ERROR) !== 0 ? POLLERR : 0;
    const rd = POLLIN | POLLRDNORM, wr = POLLOUT | POLLWRNORM;
    if (!this.stream) {
      let r = wr | err;
      if (this.rx && this.rx.records > 0) r |= rd;
      if (shut & SHUT_R) r |= rd | POLLRDHUP;
      if (this.kind === 'pair' && this.tx && this.tx.readerClosed) r |= POLLHUP;
      if (this.kind === 'pair' && this.tx && this.tx.free < 512) r &= ~wr;
      return r;
    }
    switch (st) {
      case ST_LISTENING: return (this.ctl.get(C_ACCEPTQ) > 0 ? rd : 0) | err;
      case ST_CONNECTING: return 0;
      case ST_NEW: case ST_BOUND: return wr | POLLHUP | err;
    }
    const rx = this.rx!, tx = this.tx!;
    let r = err;
    const eof = rx.writerClosed || (shut & SHUT_R) !== 0;
    if (rx.size > 0 || eof) r |= rd;
    if (eof) r |= POLLRDHUP;
    const cantWrite = tx.readerClosed || (shut & SHUT_W) !== 0 || st === ST_CLOSED;
    if (cantWrite) r |= wr; // writes fail at once (EPIPE): not blocking
    else if (tx.free > 0) r |= wr;
    if (eof && cantWrite) r |= POLLHUP;
    void POLLPRI;
    return r;
  }

  override release(): void {
    if (Atomics.sub(this.ctl.w, C_REFS, 1) > 1) return; // other processes still hold it (fork)
    this.rx?.closeReader();
    this.tx?.closeWriter();
    if (this.kind !== 'pair') tellHost({ op: 'net.close', id: this.id });
    ioChanged();
  }

  // ---- addresses ----

  localAddr(): SockAddr {
    const raw = this.ctl.addr('local');
    const a = raw ? decodeSockAddr(raw, true) : undefined;
    return a ?? unspecified(this.domain);
  }
  peerAddr(): SockAddr | undefined {
    const raw = this.ctl.addr('peer');
    return raw ? decodeSockAddr(raw, true) : undefined;
  }

  /** getsockopt values Linux reports for options never set. */
  opt(level: number, name: number, dflt: number): number { return this.opts.get(`${level}:${name}`) ?? dflt; }
}

export function unspecified(domain: number): SockAddr {
  if (domain === AF_UNIX) return { family: AF_UNIX, path: undefined };
  return domain === AF_INET6 ? { family: AF_INET6, address: '::', port: 0 } : { family: AF_INET, address: '0.0.0.0', port: 0 };
}

/** Status flags of a new socket; `nonblockBit` is the target's O_NONBLOCK (what F_GETFL shows). */
export function socketStatus(nonblock: boolean, nonblockBit: number): StatusFlags {
  return { accmode: 2, append: false, nonblock, path: false, guest: 2 | (nonblock ? nonblockBit : 0) };
}

/** socketpair(): two connected ends sharing two rings, entirely in shared memory. */
export function socketPair(type: number, protocol: number, nonblock: boolean, nonblockBit: number): [SocketFile, SocketFile] {
  const a = new Ring(type === SOCK_STREAM ? STREAM_RING : DGRAM_RING), b = new Ring(type === SOCK_STREAM ? STREAM_RING : DGRAM_RING);
  const mk = (rx: Ring, tx: Ring) => {
    const ctl = new Ctl();
    Atomics.store(ctl.w, C_STATE, ST_CONNECTED);
    ctl.setAddr('local', encodeSockAddr({ family: AF_UNIX, path: undefined }, true));
    ctl.setAddr('peer', encodeSockAddr({ family: AF_UNIX, path: undefined }, true));
    return new SocketFile('pair', newSocketId(), AF_UNIX, type, protocol, ctl, rx, tx, socketStatus(nonblock, nonblockBit));
  };
  return [mk(a, b), mk(b, a)];
}

export { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, DEFAULT_RCVBUF, DEFAULT_SNDBUF };
