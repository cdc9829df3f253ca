// Socket system calls. Sockets are SocketFile descriptions (net/socket.ts);
// connection set-up (bind, connect, accept) asks the net host on the main
// thread (net/host.ts) through the process's host link, data moves through
// shared rings without asking anyone. See docs/NETWORKING.md.

import * as fs from 'fs';
import * as path from 'path';
import { GUEST_BASE } from '../../memory/guest-memory';
import { PROT_READ, PROT_WRITE } from '../../memory/page-map';
import { E } from '../../syscalls/errno';
import { SIGPIPE } from '../../syscalls/signals';
import {
  AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, AF_UNSPEC, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP, IPV6_V6ONLY, IP_TOS, IP_TTL,
  MSG_CMSG_CLOEXEC, MSG_DONTWAIT, MSG_NOSIGNAL, MSG_PEEK, MSG_TRUNC, MSG_WAITALL, SHUT_RD, SHUT_RDWR, SHUT_WR,
  SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, SOCK_TYPE_MASK, SOL_SOCKET, SO, TCP_KEEPCNT, TCP_KEEPIDLE,
  TCP_KEEPINTVL, TCP_NODELAY, TCP_MAXSEG, TCP_CORK, decodeSockAddr, encodeSockAddr, socketStructs, type SockAddr, IPPROTO_IP,
} from '../../syscalls/socket';
import type { SyscallArgs } from '../args';
import { SysError, fail } from '../errors';
import type { Handler, Kernel } from '../kernel';
import { raiseSelf } from '../sys-proc';
import { waitFor, waitOrAgain } from '../io-wait';
import { Ring } from './ring';
import {
  C_ACCEPTQ, C_ERROR, C_SHUT, C_STATE, Ctl, DGRAM_RING, SHUT_R, SHUT_W, ST_BOUND, ST_CLOSED, ST_CONNECTED,
  ST_CONNECTING, ST_LISTENING, ST_NEW, STREAM_RING, SocketFile, newSocketId, socketPair, socketStatus, tellHost,
} from './socket';

type H = Record<string, Handler>;

/** The kernel of the calling process for transfers started from OpenFile.read/write (set per syscall). */
let current: Kernel | undefined;

function sockOf(k: Kernel, fd: number): SocketFile {
  const f = k.file(fd);
  if (!(f instanceof SocketFile)) fail(E.ENOTSOCK);
  return f;
}

function typeFlags(k: Kernel, type: number): { base: number; nonblock: boolean; cloexec: boolean } {
  const t = k.openFlags;
  const base = type & SOCK_TYPE_MASK;
  const rest = type & ~SOCK_TYPE_MASK;
  if (rest & ~(t.O_NONBLOCK | t.O_CLOEXEC)) fail(E.EINVAL);
  return { base, nonblock: (rest & t.O_NONBLOCK) !== 0, cloexec: (rest & t.O_CLOEXEC) !== 0 };
}

function needHost(k: Kernel, what: string): void {
  if (!k.link) {
    k.unimp('net-single', `${what}: sockets other than socketpair need the process host (not NODEMU_SINGLE_PROCESS)`);
    fail(E.EAFNOSUPPORT);
  }
}

// ---- socket, socketpair ----

function socket(k: Kernel, domain: number, type: number, protocol: number): number {
  const { base, nonblock, cloexec } = typeFlags(k, type);
  if (domain === AF_NETLINK || domain === AF_UNSPEC || (domain !== AF_UNIX && domain !== AF_INET && domain !== AF_INET6)) {
    k.unimp(`socket-${domain}`, `socket: address family ${domain} not supported`);
    fail(E.EAFNOSUPPORT);
  }
  if (base === SOCK_RAW) fail(domain === AF_UNIX ? E.ESOCKTNOSUPPORT : E.EPERM);
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM && !(base === SOCK_SEQPACKET && domain === AF_UNIX)) fail(E.ESOCKTNOSUPPORT);
  if (domain !== AF_UNIX) {
    const ok = protocol === 0 || (base === SOCK_STREAM ? protocol === IPPROTO_TCP : protocol === IPPROTO_UDP);
    if (!ok) fail(E.EPROTONOSUPPORT);
  } else if (protocol !== 0) fail(E.EPROTONOSUPPORT);
  if (base === SOCK_SEQPACKET) {
    k.unimp('seqpacket', 'socket: named AF_UNIX SOCK_SEQPACKET sockets are not supported (socketpair is)');
    fail(E.ESOCKTNOSUPPORT);
  }
  needHost(k, 'socket');
  const ctl = new Ctl();
  const rx = base === SOCK_DGRAM ? new Ring(DGRAM_RING) : undefined;
  const s = new SocketFile(base === SOCK_STREAM ? 'host-stream' : 'host-dgram', newSocketId(), domain, base,
    protocol || (domain === AF_UNIX ? 0 : base === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP), ctl, rx, undefined, socketStatus(nonblock, k.openFlags.O_NONBLOCK));
  try {
    return k.fds.install(s, cloexec);
  } catch (e) { s.release(); throw e; }
}

function socketpair(k: Kernel, domain: number, type: number, protocol: number, sv: number): number {
  const { base, nonblock, cloexec } = typeFlags(k, type);
  if (domain !== AF_UNIX) fail(domain === AF_INET || domain === AF_INET6 ? E.EOPNOTSUPP : E.EAFNOSUPPORT);
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM && base !== SOCK_SEQPACKET) fail(E.ESOCKTNOSUPPORT);
  if (protocol !== 0) fail(E.EPROTONOSUPPORT);
  k.mem.check(sv, 8, PROT_WRITE);
  const [a, b] = socketPair(base, protocol, nonblock, k.openFlags.O_NONBLOCK);
  const fa = k.fds.install(a, cloexec);
  let fb: number;
  try { fb = k.fds.install(b, cloexec); } catch (e) { k.fds.close(fa); b.release(); throw e; }
  const le = k.T.model.littleEndian;
  k.mem.setU32(sv, fa, le);
  k.mem.setU32(sv + 4, fb, le);
  return 0;
}

// ---- addresses ----

function readAddr(k: Kernel, s: SocketFile, addr: number, len: number): SockAddr {
  if (len < 2 || len > 128) fail(E.EINVAL);
  const raw = k.mem.read(addr, len);
  const a = decodeSockAddr(raw, k.T.model.littleEndian);
  if (!a) {
    const fam = new DataView(raw.buffer, raw.byteOffset).getUint16(0, k.T.model.littleEndian);
    if (fam === s.domain) fail(E.EINVAL);
    fail(s.domain === AF_UNIX ? E.EINVAL : E.EAFNOSUPPORT);
  }
  if (a.family !== s.domain) {
    // An IPv6 socket takes no IPv4 sockaddr; AF_UNIX needs AF_UNIX.
    fail(s.domain === AF_UNIX ? E.EINVAL : E.EAFNOSUPPORT);
  }
  return a;
}

/** Raw sockaddr bytes with a little-endian family (the net host's and the control block's form). */
function raw(a: SockAddr): Uint8Array { return encodeSockAddr(a, true); }

/** Host path of an AF_UNIX name (relative to the guest's cwd; abstract names as Node spells them). */
function unixHostPath(k: Kernel, p: Buffer): string {
  if (p[0] === 0) return '\0' + p.subarray(1).toString('latin1');
  const s = p.toString();
  return path.isAbsolute(s) ? s : path.join(k.cwd.toString(), s);
}

/** Writes a sockaddr (raw LE-family bytes) to a guest (addr, *len) pair, truncating like the kernel. */
function putAddr(k: Kernel, rawAddr: Uint8Array | undefined, addr: number, lenp: number): void {
  if (addr === 0 || lenp === 0) return;
  const le = k.T.model.littleEndian;
  const want = k.mem.i32(lenp, le);
  if (want < 0) fail(E.EINVAL);
  const bytes = rawAddr ?? new Uint8Array(0);
  const a = bytes.length >= 2 ? decodeSockAddr(bytes, true) : undefined;
  const out = a ? encodeSockAddr(a, le) : bytes;
  if (a && a.family === AF_UNIX && a.path && a.path[0] !== 0 && bytes.length < out.length) out.set(bytes.subarray(0, out.length)); // keep length as stored
  const n = Math.min(want, out.length);
  if (n > 0) k.write(addr, out.subarray(0, n));
  k.mem.setU32(lenp, out.length, le);
}

function addrOf(a: SockAddr | undefined): Uint8Array | undefined { return a ? raw(a) : undefined; }

// ---- bind, listen, accept, connect ----

function rpc(k: Kernel, op: string, args: Record<string, unknown>): Record<string, unknown> {
  return k.link!.call(op, args) as Record<string, unknown>;
}

function bind(k: Kernel, s: SocketFile, a: SockAddr): number {
  if (s.kind === 'pair' || s.state !== ST_NEW) fail(E.EINVAL);
  const args: Record<string, unknown> = {
    id: s.id, domain: s.domain, type: s.type, ctl: s.ctl.sab, rx: s.rx?.sab, addr: raw(a),
    v6only: s.opt(IPPROTO_IPV6, IPV6_V6ONLY, 0) !== 0,
  };
  if (a.family === AF_UNIX) {
    if (!a.path) fail(E.EINVAL); // autobind to an abstract name: not supported
    args.hostPath = unixHostPath(k, a.path);
    s.unixPath = a.path;
  }
  rpc(k, 'net.bind', args);
  return 0;
}

function listen(k: Kernel, s: SocketFile): number {
  if (s.kind === 'pair' || !s.stream) fail(E.EOPNOTSUPP);
  const st = s.state;
  if (st === ST_LISTENING) return 0;
  if (st === ST_NEW) {
    if (s.domain === AF_UNIX) fail(E.EINVAL);
    bind(k, s, s.domain === AF_INET6 ? { family: AF_INET6, address: '::', port: 0 } : { family: AF_INET, address: '0.0.0.0', port: 0 });
  } else if (st !== ST_BOUND) fail(E.EINVAL);
  s.ctl.set(C_STATE, ST_LISTENING);
  return 0;
}

function rcvTimeout(s: SocketFile): bigint | undefined {
  const v = s.opts.get('timeo:rcv');
  return v ? BigInt(v) : undefined;
}
function sndTimeout(s: SocketFile): bigint | undefined {
  const v = s.opts.get('timeo:snd');
  return v ? BigInt(v) : undefined;
}

function accept(k: Kernel, fd: number, addr: number, lenp: number, flags: number): number {
  const s = sockOf(k, fd);
  const t = k.openFlags;
  if (flags & ~(t.O_NONBLOCK | t.O_CLOEXEC)) fail(E.EINVAL);
  if (!s.stream) fail(E.EOPNOTSUPP);
  if (s.state !== ST_LISTENING) fail(E.EINVAL);
  for (;;) {
    if (s.ctl.get(C_ACCEPTQ) <= 0) {
      if (s.status.nonblock) fail(E.EAGAIN);
      waitOrAgain(k, () => (s.ctl.get(C_ACCEPTQ) > 0 || s.state !== ST_LISTENING ? true : undefined), { timeoutNs: rcvTimeout(s) });
      if (s.state !== ST_LISTENING) fail(E.EINVAL);
    }
    let r: Record<string, unknown>;
    try {
      r = rpc(k, 'net.accept', { id: s.id, newId: newSocketId() });
    } catch (e) {
      if (e instanceof SysError && e.errno === E.EAGAIN) continue; // another process took it
      throw e;
    }
    const c = new SocketFile('host-stream', r.id as number, s.domain, s.type, s.protocol, new Ctl(r.ctl as SharedArrayBuffer),
      new Ring(r.rx as SharedArrayBuffer), new Ring(r.tx as SharedArrayBuffer), socketStatus((flags & t.O_NONBLOCK) !== 0, t.O_NONBLOCK));
    let nfd: number;
    try { nfd = k.fds.install(c, (flags & t.O_CLOEXEC) !== 0); } catch (e) { c.release(); throw e; }
    try { putAddr(k, c.ctl.addr('peer'), addr, lenp); } catch (e) { k.fds.close(nfd); throw e; }
    return nfd;
  }
}

function connect(k: Kernel, s: SocketFile, addr: number, len: number): number {
  if (!s.stream) {
    // Datagram: sets (or with AF_UNSPEC clears) the default destination and the receive filter.
    const fam = len >= 2 ? k.mem.u16(addr, k.T.model.littleEndian) : -1;
    if (fam === AF_UNSPEC) {
      s.defaultPeer = undefined;
      if (s.kind === 'host-dgram') rpc(k, 'net.dgram-connect', dgramArgs(s, undefined));
      return 0;
    }
    const a = readAddr(k, s, addr, len);
    if (s.kind === 'pair') fail(E.EISCONN);
    s.defaultPeer = raw(a);
    const args = dgramArgs(s, a);
    if (a.family === AF_UNIX && a.path) args.hostPath = unixHostPath(k, a.path);
    rpc(k, 'net.dgram-connect', args);
    return 0;
  }
  const a = readAddr(k, s, addr, len);
  switch (s.state) {
    case ST_CONNECTED: fail(E.EISCONN); break;
    case ST_CONNECTING: fail(s.ctl.get(C_ERROR) ? s.ctl.takeError() : E.EALREADY); break;
    case ST_LISTENING: fail(E.EINVAL); break;
    case ST_CLOSED: fail(E.EISCONN); break;
  }
  if (s.kind === 'pair') fail(E.EISCONN);
  s.rx = new Ring(STREAM_RING);
  s.tx = new Ring(STREAM_RING);
  const args: Record<string, unknown> = {
    id: s.id, domain: s.domain, ctl: s.ctl.sab, rx: s.rx.sab, tx: s.tx.sab, addr: raw(a), bound: s.state === ST_BOUND,
    noDelay: s.opt(IPPROTO_TCP, TCP_NODELAY, 0) !== 0, keepAlive: s.opt(SOL_SOCKET, SO.KEEPALIVE, 0) !== 0,
  };
  if (a.family === AF_UNIX) {
    if (!a.path) fail(E.EINVAL);
    args.hostPath = unixHostPath(k, a.path);
    // A missing or non-socket path fails at once, as in Linux (Node would report it later).
    if (a.path[0] !== 0) {
      let st: fs.Stats;
      try { st = fs.statSync(args.hostPath as string); } catch (e) { throw e; }
      if (!st.isSocket()) fail(E.ECONNREFUSED);
    }
  }
  rpc(k, 'net.connect', args);
  // AF_UNIX connections complete at once in Linux, even on non-blocking sockets.
  if (s.status.nonblock && s.domain !== AF_UNIX) fail(E.EINPROGRESS);
  const done = waitFor(k, () => (s.state !== ST_CONNECTING ? true : undefined), { timeoutNs: sndTimeout(s) });
  if (!done) fail(E.EINPROGRESS);
  if (s.state !== ST_CONNECTED) {
    const err = s.ctl.takeError();
    fail(err || E.ECONNREFUSED);
  }
  return 0;
}

function dgramArgs(s: SocketFile, a: SockAddr | undefined): Record<string, unknown> {
  return { id: s.id, domain: s.domain, ctl: s.ctl.sab, rx: s.rx!.sab, addr: a ? raw(a) : undefined,
    v6only: s.opt(IPPROTO_IPV6, IPV6_V6ONLY, 0) !== 0 };
}

function shutdown(k: Kernel, s: SocketFile, how: number): number {
  if (how < SHUT_RD || how > SHUT_RDWR) fail(E.EINVAL);
  if (s.stream && s.state !== ST_CONNECTED && s.state !== ST_CLOSED) fail(E.ENOTCONN);
  const bits = how === SHUT_RD ? SHUT_R : how === SHUT_WR ? SHUT_W : SHUT_R | SHUT_W;
  const old = s.ctl.get(C_SHUT);
  s.ctl.set(C_SHUT, old | bits);
  if ((bits & SHUT_W) && !(old & SHUT_W) && s.tx) { s.tx.closeWriter(); if (s.kind !== 'pair') tellHost({ op: 'net.kick', id: s.id }); }
  return 0;
}

// ---- data transfer ----

interface RecvInfo { addr?: Uint8Array; full?: number }

function nonblocking(s: SocketFile, flags: number): boolean { return s.status.nonblock || (flags & MSG_DONTWAIT) !== 0; }

/** One receive into `dst` (a live view of guest memory or a bounce buffer). */
export function recvOnce(s: SocketFile, dst: Uint8Array, flags: number, info: RecvInfo | undefined): number {
  const k = current!;
  const nb = nonblocking(s, flags);
  const peek = (flags & MSG_PEEK) !== 0;
  if (!s.stream) {
    const rx = s.rx!;
    const got = (): { len: number; addr: Uint8Array } | null | undefined => {
      const r = rx.readRecord(dst, peek);
      if (r) return r;
      if (s.ctl.get(C_SHUT) & SHUT_R) return null;
      if (s.kind === 'pair' && s.type === SOCK_SEQPACKET && rx.writerClosed) return null; // dgram pairs have no EOF
      return undefined;
    };
    let r = got();
    if (r === undefined) {
      if (nb) fail(E.EAGAIN);
      r = waitOrAgain(k, got, { timeoutNs: rcvTimeout(s) });
    }
    if (r === null) return 0;
    s.kickHost();
    if (info) { info.addr = r.addr.length ? r.addr : undefined; info.full = r.len; }
    return (flags & MSG_TRUNC) ? r.len : Math.min(r.len, dst.length);
  }
  const st = s.state;
  if (st === ST_NEW || st === ST_BOUND || st === ST_LISTENING) fail(E.ENOTCONN);
  const rx = s.rx!;
  const waitAll = (flags & MSG_WAITALL) !== 0 && !peek && !nb;
  let done = 0;
  for (;;) {
    const n = rx.read(dst.subarray(done), peek);
    if (n > 0) { done += n; s.kickHost(); }
    if (done === dst.length || (done > 0 && !waitAll)) return done;
    if (dst.length === 0) return 0;
    // Nothing (more) to read now.
    if (rx.writerClosed || (s.ctl.get(C_SHUT) & SHUT_R)) {
      if (done === 0 && s.ctl.get(C_ERROR)) fail(s.ctl.takeError());
      return done;
    }
    if (s.state === ST_CLOSED && rx.size === 0) {
      const err = s.ctl.takeError();
      if (done > 0) return done;
      if (err) fail(err);
      return 0;
    }
    if (nb) { if (done > 0) return done; fail(E.EAGAIN); }
    try {
      waitOrAgain(k, () => (rx.size > 0 || rx.writerClosed || s.state === ST_CLOSED || (s.ctl.get(C_SHUT) & SHUT_R) ? true : undefined),
        { timeoutNs: rcvTimeout(s) });
    } catch (e) {
      if (done > 0) return done;
      throw e;
    }
  }
}

function brokenPipe(k: Kernel, flags: number): never {
  if (!(flags & MSG_NOSIGNAL)) raiseSelf(k, SIGPIPE);
  return fail(E.EPIPE);
}

/** One send of `src`; `to` is a destination for datagram sockets (raw LE-family bytes). */
export function sendOnce(s: SocketFile, src: Uint8Array, flags: number, to: SockAddr | undefined, toHostPath?: string): number {
  const k = current!;
  const nb = nonblocking(s, flags);
  if (!s.stream) {
    if (s.kind === 'pair') {
      if (to) fail(E.EISCONN);
      const tx = s.tx!;
      if (tx.readerClosed) fail(s.type === SOCK_SEQPACKET ? brokenPipe(k, flags) : E.ECONNREFUSED);
      if (src.length > tx.maxRecord) fail(E.EMSGSIZE);
      const copy = Uint8Array.from(src);
      const put = () => (tx.writeRecord(copy) ? true : tx.readerClosed ? false : undefined);
      let ok = put();
      if (ok === undefined) {
        if (nb) fail(E.EAGAIN);
        ok = waitOrAgain(k, put, { timeoutNs: sndTimeout(s) });
      }
      if (!ok) fail(E.ECONNREFUSED);
      return src.length;
    }
    if (s.ctl.get(C_SHUT) & SHUT_W) brokenPipe(k, flags);
    const dest = to ? raw(to) : s.defaultPeer;
    if (!dest) fail(s.domain === AF_UNIX ? E.ENOTCONN : E.EDESTADDRREQ);
    if (src.length > 65507 && s.domain !== AF_UNIX) fail(E.EMSGSIZE);
    let hostPath = toHostPath;
    if (!hostPath && s.domain === AF_UNIX) {
      const d = decodeSockAddr(dest, true);
      if (d && d.family === AF_UNIX && d.path) hostPath = unixHostPath(k, d.path);
    }
    const data = Uint8Array.from(src);
    for (;;) {
      try {
        rpc(k, 'net.sendto', { ...dgramArgs(s, undefined), data, to: dest, hostPath });
        return src.length;
      } catch (e) {
        // A full AF_UNIX receiver: wait like Linux does for a blocking sender.
        if (!(e instanceof SysError) || e.errno !== E.EAGAIN || nb) throw e;
        waitFor(k, () => undefined, { timeoutNs: 2_000_000n });
      }
    }
  }
  const st = s.state;
  if (st === ST_NEW || st === ST_BOUND || st === ST_LISTENING) {
    if (s.domain === AF_UNIX) fail(E.ENOTCONN);
    brokenPipe(k, flags);
  }
  if (st === ST_CONNECTING) {
    if (nb) fail(E.EAGAIN);
    waitOrAgain(k, () => (s.state !== ST_CONNECTING ? true : undefined), { timeoutNs: sndTimeout(s) });
  }
  const tx = s.tx!;
  let done = 0;
  for (;;) {
    if (tx.readerClosed || (s.ctl.get(C_SHUT) & SHUT_W) || s.state === ST_CLOSED) {
      if (done > 0) return done;
      const err = s.ctl.takeError();
      if (err && err !== E.EPIPE) fail(err);
      brokenPipe(k, flags);
    }
    const n = tx.write(src.subarray(done));
    if (n > 0) { done += n; s.kickHost(); }
    if (done === src.length) return done;
    if (nb) { if (done > 0) return done; fail(E.EAGAIN); }
    try {
      waitOrAgain(k, () => (tx.free > 0 || tx.readerClosed || s.state === ST_CLOSED ? true : undefined), { timeoutNs: sndTimeout(s) });
    } catch (e) {
      if (done > 0) return done;
      throw e;
    }
  }
}

function liveView(k: Kernel, addr: number, len: number, prot: number): Uint8Array {
  if (len === 0) return new Uint8Array(0);
  const n = k.accessibleLength(addr, len, prot);
  return k.mem.u8.subarray(addr - GUEST_BASE, addr - GUEST_BASE + n);
}

function destination(k: Kernel, s: SocketFile, addr: number, len: number): SockAddr | undefined {
  if (addr === 0) return undefined;
  if (s.stream) return undefined; // ignored on connected stream sockets, as in Linux (for TCP)
  return readAddr(k, s, addr, len);
}

function sendto(k: Kernel, a: SyscallArgs, withAddr: boolean): number {
  const s = sockOf(k, a.int(0));
  const flags = a.int(3);
  const to = withAddr ? destination(k, s, a.ptr(4), a.int(5)) : undefined;
  return sendOnce(s, liveView(k, a.ptr(1), a.ulong(2), PROT_READ), flags, to);
}

function recvfrom(k: Kernel, a: SyscallArgs, withAddr: boolean): number {
  const s = sockOf(k, a.int(0));
  const flags = a.int(3);
  const info: RecvInfo = {};
  const n = recvOnce(s, liveView(k, a.ptr(1), a.ulong(2), PROT_WRITE), flags, info);
  if (withAddr && a.ptr(4) !== 0) putAddr(k, s.stream ? s.ctl.addr('peer') : info.addr, a.ptr(4), a.ptr(5));
  return n;
}

/** msghdr's iovecs as live views. */
function msgIovecs(k: Kernel, iov: number, count: number, prot: number): Uint8Array[] {
  if (count < 0 || count > 1024) fail(E.EMSGSIZE);
  const L = k.T.TargetIovec;
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const r = k.readStruct(iov + i * L.size, L);
    const base = r.get('iov_base'), len = r.get('iov_len');
    if (len < 0) fail(E.EINVAL);
    if (len === 0) continue;
    k.mem.check(base, len, prot);
    out.push(k.mem.u8.subarray(base - GUEST_BASE, base - GUEST_BASE + len));
  }
  return out;
}

function sendmsg(k: Kernel, fd: number, msg: number, flags: number): number {
  const s = sockOf(k, fd);
  const M = socketStructs(k.T.model).msghdr;
  const m = k.readStruct(msg, M);
  const views = msgIovecs(k, m.get('msg_iov'), m.get('msg_iovlen'), PROT_READ);
  if (m.get('msg_controllen') > 0) k.unimp('cmsg-send', 'sendmsg: control messages (SCM_RIGHTS, SCM_CREDENTIALS) are ignored');
  const to = m.get('msg_name') !== 0 ? destination(k, s, m.get('msg_name'), m.get('msg_namelen')) : undefined;
  const data = views.length === 1 ? views[0] : Buffer.concat(views);
  return sendOnce(s, data, flags, to);
}

function recvmsg(k: Kernel, fd: number, msg: number, flags: number): number {
  const s = sockOf(k, fd);
  const le = k.T.model.littleEndian;
  const M = socketStructs(k.T.model).msghdr;
  const m = k.readStruct(msg, M);
  const views = msgIovecs(k, m.get('msg_iov'), m.get('msg_iovlen'), PROT_WRITE);
  const total = views.reduce((n, v) => n + v.length, 0);
  const info: RecvInfo = {};
  let n: number;
  if (views.length === 1) n = recvOnce(s, views[0], flags & ~MSG_CMSG_CLOEXEC, info);
  else {
    const tmp = new Uint8Array(Math.min(total, 1 << 20));
    n = recvOnce(s, tmp, flags & ~MSG_CMSG_CLOEXEC, info);
    let off = 0;
    for (const v of views) {
      if (off >= Math.min(n, tmp.length)) break;
      const c = Math.min(v.length, Math.min(n, tmp.length) - off);
      v.set(tmp.subarray(off, off + c));
      off += c;
    }
  }
  let outFlags = 0;
  if (!s.stream && info.full !== undefined && info.full > total) outFlags |= MSG_TRUNC;
  if (m.get('msg_name') !== 0) {
    const tmpLen = msg + M.off('msg_namelen');
    putAddr(k, s.stream ? s.ctl.addr('peer') : info.addr, m.get('msg_name'), tmpLen);
  }
  k.mem.setU32(msg + M.off('msg_controllen'), 0, le);
  if (M.field('msg_controllen').size === 8) k.mem.setU32(msg + M.off('msg_controllen') + 4, 0, le);
  k.mem.setU32(msg + M.off('msg_flags'), outFlags, le);
  return n;
}

function mmsg(k: Kernel, a: SyscallArgs, send: boolean): number {
  const fd = a.int(0), vec = a.ptr(1), vlen = Math.min(a.uint(2), 1024), flags = a.int(3);
  const MM = socketStructs(k.T.model).mmsghdr;
  let done = 0;
  for (; done < vlen; done++) {
    const hdr = vec + done * MM.size;
    let n: number;
    try {
      n = send ? sendmsg(k, fd, hdr, flags) : recvmsg(k, fd, hdr, done > 0 ? flags | MSG_DONTWAIT : flags);
    } catch (e) {
      if (done > 0) break;
      throw e;
    }
    k.mem.setU32(hdr + MM.off('msg_len'), n, k.T.model.littleEndian);
  }
  return done;
}

// ---- options ----

type OptKind = 'bool' | 'int' | 'buf' | 'ro' | 'timeo' | 'linger';
const OPTS = new Map<string, OptKind>([
  [`${SOL_SOCKET}:${SO.REUSEADDR}`, 'bool'], [`${SOL_SOCKET}:${SO.REUSEPORT}`, 'bool'], [`${SOL_SOCKET}:${SO.KEEPALIVE}`, 'bool'],
  [`${SOL_SOCKET}:${SO.BROADCAST}`, 'bool'], [`${SOL_SOCKET}:${SO.OOBINLINE}`, 'bool'], [`${SOL_SOCKET}:${SO.DONTROUTE}`, 'bool'],
  [`${SOL_SOCKET}:${SO.PASSCRED}`, 'bool'], [`${SOL_SOCKET}:${SO.DEBUG}`, 'bool'],
  [`${SOL_SOCKET}:${SO.RCVBUF}`, 'buf'], [`${SOL_SOCKET}:${SO.SNDBUF}`, 'buf'],
  [`${SOL_SOCKET}:${SO.RCVBUFFORCE}`, 'buf'], [`${SOL_SOCKET}:${SO.SNDBUFFORCE}`, 'buf'],
  [`${SOL_SOCKET}:${SO.PRIORITY}`, 'int'], [`${SOL_SOCKET}:${SO.RCVLOWAT}`, 'int'], [`${SOL_SOCKET}:${SO.SNDLOWAT}`, 'int'],
  [`${SOL_SOCKET}:${SO.RCVTIMEO_OLD}`, 'timeo'], [`${SOL_SOCKET}:${SO.SNDTIMEO_OLD}`, 'timeo'],
  [`${SOL_SOCKET}:${SO.RCVTIMEO_NEW}`, 'timeo'], [`${SOL_SOCKET}:${SO.SNDTIMEO_NEW}`, 'timeo'],
  [`${SOL_SOCKET}:${SO.LINGER}`, 'linger'],
  [`${SOL_SOCKET}:${SO.TYPE}`, 'ro'], [`${SOL_SOCKET}:${SO.ERROR}`, 'ro'], [`${SOL_SOCKET}:${SO.ACCEPTCONN}`, 'ro'],
  [`${SOL_SOCKET}:${SO.DOMAIN}`, 'ro'], [`${SOL_SOCKET}:${SO.PROTOCOL}`, 'ro'], [`${SOL_SOCKET}:${SO.PEERCRED}`, 'ro'],
  [`${IPPROTO_TCP}:${TCP_NODELAY}`, 'bool'], [`${IPPROTO_TCP}:${TCP_CORK}`, 'bool'], [`${IPPROTO_TCP}:${TCP_MAXSEG}`, 'int'],
  [`${IPPROTO_TCP}:${TCP_KEEPIDLE}`, 'int'], [`${IPPROTO_TCP}:${TCP_KEEPINTVL}`, 'int'], [`${IPPROTO_TCP}:${TCP_KEEPCNT}`, 'int'],
  [`${IPPROTO_IPV6}:${IPV6_V6ONLY}`, 'bool'], [`${IPPROTO_IP}:${IP_TOS}`, 'int'], [`${IPPROTO_IP}:${IP_TTL}`, 'int'],
]);

function sysctlInt(file: string, field: number, dflt: number): number {
  try { return Number(fs.readFileSync(file, 'latin1').trim().split(/\s+/)[field]) || dflt; } catch { return dflt; }
}

/** What Linux reports for options nobody set (host defaults where they are tunables). */
function optDefault(s: SocketFile, level: number, name: number): number {
  if (level === SOL_SOCKET && name === SO.RCVBUF) {
    if (s.domain !== AF_UNIX && s.stream) return sysctlInt('/proc/sys/net/ipv4/tcp_rmem', 1, 131072);
    return sysctlInt('/proc/sys/net/core/rmem_default', 0, 212992);
  }
  if (level === SOL_SOCKET && name === SO.SNDBUF) {
    if (s.domain !== AF_UNIX && s.stream) return sysctlInt('/proc/sys/net/ipv4/tcp_wmem', 1, 16384);
    return sysctlInt('/proc/sys/net/core/wmem_default', 0, 212992);
  }
  if (level === SOL_SOCKET && name === SO.RCVLOWAT) return 1;
  if (level === SOL_SOCKET && name === SO.SNDLOWAT) return 1;
  if (level === IPPROTO_TCP && name === TCP_MAXSEG) return 536;
  if (level === IPPROTO_TCP && name === TCP_KEEPIDLE) return 7200;
  if (level === IPPROTO_TCP && name === TCP_KEEPINTVL) return 75;
  if (level === IPPROTO_TCP && name === TCP_KEEPCNT) return 9;
  if (level === IPPROTO_IP && name === IP_TTL) return 64;
  if (level === IPPROTO_IPV6 && name === IPV6_V6ONLY) return sysctlInt('/proc/sys/net/ipv6/bindv6only', 0, 0);
  return 0;
}

function levelApplies(s: SocketFile, level: number): boolean {
  if (level === SOL_SOCKET) return true;
  if (level === IPPROTO_TCP) return s.domain !== AF_UNIX && s.stream;
  if (level === IPPROTO_IP) return s.domain !== AF_UNIX;
  if (level === IPPROTO_IPV6) return s.domain === AF_INET6;
  return level === IPPROTO_UDP && s.domain !== AF_UNIX && !s.stream;
}

function setsockopt(k: Kernel, s: SocketFile, level: number, name: number, val: number, len: number): number {
  const key = `${level}:${name}`;
  const kind = OPTS.get(key);
  if (!levelApplies(s, level)) fail(level === IPPROTO_TCP && s.domain !== AF_UNIX ? E.EOPNOTSUPP : E.ENOPROTOOPT);
  if (kind === undefined) {
    k.unimp(`sockopt-${key}`, `setsockopt: option ${name} at level ${level} accepted and ignored`);
    if (len < 0) fail(E.EINVAL);
    return 0;
  }
  if (kind === 'ro') fail(E.ENOPROTOOPT);
  const le = k.T.model.littleEndian;
  if (kind === 'timeo') {
    const tv = name === SO.RCVTIMEO_NEW || name === SO.SNDTIMEO_NEW || k.T.model.longSize === 8
      ? { size: 16, sec: () => Number(k.mem.i64(val, le)), usec: () => Number(k.mem.i64(val + 8, le)) }
      : { size: 8, sec: () => k.mem.i32(val, le), usec: () => k.mem.i32(val + 4, le) };
    if (len < tv.size) fail(E.EINVAL);
    const sec = tv.sec(), usec = tv.usec();
    if (usec < 0 || usec >= 1_000_000) fail(E.EDOM);
    const ns = sec < 0 ? 0 : sec * 1e9 + usec * 1000;
    s.opts.set(name === SO.RCVTIMEO_OLD || name === SO.RCVTIMEO_NEW ? 'timeo:rcv' : 'timeo:snd', ns);
    return 0;
  }
  if (kind === 'linger') {
    if (len < 8) fail(E.EINVAL);
    s.opts.set(key, k.mem.i32(val, le) !== 0 ? 1 : 0);
    s.opts.set('linger:time', k.mem.i32(val + 4, le));
    return 0;
  }
  if (len < 4) fail(E.EINVAL);
  let v = k.mem.i32(val, le);
  if (kind === 'bool') v = v !== 0 ? 1 : 0;
  if (kind === 'buf') {
    // Linux doubles the request (bookkeeping overhead) and enforces minimums.
    const min = name === SO.RCVBUF || name === SO.RCVBUFFORCE ? 2304 : 4608;
    const max = sysctlInt(name === SO.RCVBUF ? '/proc/sys/net/core/rmem_max' : '/proc/sys/net/core/wmem_max', 0, 212992);
    const req = name === SO.RCVBUFFORCE || name === SO.SNDBUFFORCE ? v : Math.min(Math.max(v, 0), max);
    v = Math.max(min, req * 2);
    s.opts.set(`${SOL_SOCKET}:${name === SO.RCVBUFFORCE ? SO.RCVBUF : name === SO.SNDBUFFORCE ? SO.SNDBUF : name}`, v);
    return 0;
  }
  s.opts.set(key, v);
  if ((key === `${IPPROTO_TCP}:${TCP_NODELAY}` || key === `${SOL_SOCKET}:${SO.KEEPALIVE}`) && s.kind === 'host-stream' && s.state === ST_CONNECTED) {
    tellHost({ op: 'net.opt', id: s.id, noDelay: s.opt(IPPROTO_TCP, TCP_NODELAY, 0) !== 0, keepAlive: s.opt(SOL_SOCKET, SO.KEEPALIVE, 0) !== 0 });
  }
  return 0;
}

function getsockopt(k: Kernel, s: SocketFile, level: number, name: number, val: number, lenp: number): number {
  const le = k.T.model.littleEndian;
  const len = k.mem.i32(lenp, le);
  if (len < 0) fail(E.EINVAL);
  const key = `${level}:${name}`;
  const kind = OPTS.get(key);
  if (!levelApplies(s, level) || kind === undefined) fail(level === IPPROTO_TCP && s.domain !== AF_UNIX ? E.EOPNOTSUPP : E.ENOPROTOOPT);
  let out: Uint8Array;
  const int = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, v, le); return b; };
  if (kind === 'timeo') {
    const ns = s.opts.get(name === SO.RCVTIMEO_OLD || name === SO.RCVTIMEO_NEW ? 'timeo:rcv' : 'timeo:snd') ?? 0;
    const sec = Math.floor(ns / 1e9), usec = Math.floor((ns % 1e9) / 1000);
    const wide = name === SO.RCVTIMEO_NEW || name === SO.SNDTIMEO_NEW || k.T.model.longSize === 8;
    out = new Uint8Array(wide ? 16 : 8);
    const dv = new DataView(out.buffer);
    if (wide) { dv.setBigInt64(0, BigInt(sec), le); dv.setBigInt64(8, BigInt(usec), le); } else { dv.setInt32(0, sec, le); dv.setInt32(4, usec, le); }
  } else if (kind === 'linger') {
    out = new Uint8Array(8);
    const dv = new DataView(out.buffer);
    dv.setInt32(0, s.opts.get(key) ?? 0, le);
    dv.setInt32(4, s.opts.get('linger:time') ?? 0, le);
  } else if (kind === 'ro') {
    switch (name) {
      case SO.TYPE: out = int(s.type); break;
      case SO.ERROR: out = int(s.ctl.takeError()); break;
      case SO.ACCEPTCONN: out = int(s.state === ST_LISTENING ? 1 : 0); break;
      case SO.DOMAIN: out = int(s.domain); break;
      case SO.PROTOCOL: out = int(s.protocol); break;
      case SO.PEERCRED: {
        const U = socketStructs(k.T.model).ucred;
        out = U.writer().set('pid', s.domain === AF_UNIX ? k.pid : 0).set('uid', process.getuid?.() ?? 0).set('gid', process.getgid?.() ?? 0).bytes;
        if (s.domain !== AF_UNIX) fail(E.ENOPROTOOPT);
        break;
      }
      default: fail(E.ENOPROTOOPT);
    }
  } else out = int(s.opt(level, name, optDefault(s, level, name)));
  const n = Math.min(len, out.length);
  if (n > 0) k.write(val, out.subarray(0, n));
  k.mem.setU32(lenp, n, le);
  return 0;
}

// ---- table ----

/** Runs a handler with `current` set (SocketFile.read/write use it). */
function withK(fn: (k: Kernel, a: SyscallArgs) => number): Handler {
  return (k, a) => { current = k; return fn(k, a); };
}

/** Makes plain read/write/readv/writev on sockets see the calling kernel. */
export function bindKernel(k: Kernel): void { current = k; }

export const netSyscalls: H = {
  socket: withK((k, a) => socket(k, a.int(0), a.int(1), a.int(2))),
  socketpair: withK((k, a) => socketpair(k, a.int(0), a.int(1), a.int(2), a.ptr(3))),
  bind: withK((k, a) => { const s = sockOf(k, a.int(0)); return bind(k, s, readAddr(k, s, a.ptr(1), a.int(2))); }),
  listen: withK((k, a) => listen(k, sockOf(k, a.int(0)))),
  accept: withK((k, a) => accept(k, a.int(0), a.ptr(1), a.ptr(2), 0)),
  accept4: withK((k, a) => accept(k, a.int(0), a.ptr(1), a.ptr(2), a.int(3))),
  connect: withK((k, a) => connect(k, sockOf(k, a.int(0)), a.ptr(1), a.int(2))),
  getsockname: withK((k, a) => {
    const s = sockOf(k, a.int(0));
    putAddr(k, addrOf(s.localAddr()), a.ptr(1), a.ptr(2));
    return 0;
  }),
  getpeername: withK((k, a) => {
    const s = sockOf(k, a.int(0));
    const p = s.stream ? (s.state === ST_CONNECTED || s.state === ST_CLOSED ? s.ctl.addr('peer') : undefined) : s.defaultPeer ?? (s.kind === 'pair' ? s.ctl.addr('peer') : undefined);
    if (!p) fail(E.ENOTCONN);
    putAddr(k, p, a.ptr(1), a.ptr(2));
    return 0;
  }),
  shutdown: withK((k, a) => shutdown(k, sockOf(k, a.int(0)), a.int(1))),
  sendto: withK((k, a) => sendto(k, a, true)),
  send: withK((k, a) => sendto(k, a, false)),
  recvfrom: withK((k, a) => recvfrom(k, a, true)),
  recv: withK((k, a) => recvfrom(k, a, false)),
  sendmsg: withK((k, a) => sendmsg(k, a.int(0), a.ptr(1), a.int(2))),
  recvmsg: withK((k, a) => recvmsg(k, a.int(0), a.ptr(1), a.int(2))),
  sendmmsg: withK((k, a) => mmsg(k, a, true)),
  recvmmsg: withK((k, a) => mmsg(k, a, false)),
  setsockopt: withK((k, a) => setsockopt(k, sockOf(k, a.int(0)), a.int(1), a.int(2), a.ptr(3), a.int(4))),
  getsockopt: withK((k, a) => getsockopt(k, sockOf(k, a.int(0)), a.int(1), a.int(2), a.ptr(3), a.ptr(4))),
};

export { ST_CONNECTED, ST_CLOSED, C_ERROR, AF_INET, AF_INET6 };
