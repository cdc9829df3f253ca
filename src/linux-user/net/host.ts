// The net host: owns every host socket of every guest process, on the main
// thread, whose event loop is free (guest processes run on workers). Node has
// no synchronous socket API, so this is where net/dgram callbacks run; they
// move data between Node sockets and the shared rings of the guest's
// SocketFile (net/socket.ts) and bump the I/O sequence so blocked guests
// re-check. Guests reach it with requests on their host link ("net.*" ops,
// answered with reply()) and one-way kicks. See docs/NETWORKING.md.

import * as dgram from 'dgram';
import * as fs from 'fs';
import * as net from 'net';
import { E, errnoFromHostError } from '../../syscalls/errno';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, decodeSockAddr, encodeSockAddr, type SockAddr } from '../../syscalls/socket';
import { ioChanged } from '../io-wait';
import { Ring } from './ring';
import {
  C_ACCEPTQ, C_ERROR, C_STATE, Ctl, ST_BOUND, ST_CLOSED, ST_CONNECTED, ST_CONNECTING, STREAM_RING,
} from './socket';

type Reply = (r: Record<string, unknown>) => void;
type Msg = { op: string; [k: string]: unknown };

function errnoOf(e: unknown, dflt: number = E.EIO): number { return errnoFromHostError(e) ?? dflt; }

/** A Node address as the guest's sockaddr (IPv4 peers of an IPv6 socket appear v4-mapped, as in Linux). */
function inetAddr(domain: number, address: string | undefined, port: number | undefined): Uint8Array {
  let a = address ?? (domain === AF_INET6 ? '::' : '0.0.0.0');
  if (domain === AF_INET6 && !a.includes(':')) a = `::ffff:${a}`;
  if (domain === AF_INET && a.startsWith('::ffff:')) a = a.slice(7);
  const sa: SockAddr = domain === AF_INET6 ? { family: AF_INET6, address: a, port: port ?? 0 } : { family: AF_INET, address: a, port: port ?? 0 };
  return encodeSockAddr(sa, true);
}

const UNNAMED = encodeSockAddr({ family: AF_UNIX, path: undefined }, true);

/** One connected stream: pumps Node socket ⇄ rings. */
class HostStream {
  private pending: Buffer[] = [];
  private peerEnded = false;
  private writeBlocked = false;
  private ended = false;
  guestClosed = false;

  constructor(readonly id: number, readonly ctl: Ctl, readonly rx: Ring, readonly tx: Ring, readonly sock: net.Socket,
    private readonly onGone: () => void) {
    sock.on('data', (b: Buffer) => this.onData(b));
    sock.on('end', () => { this.peerEnded = true; this.flushRx(); });
    sock.on('drain', () => { this.writeBlocked = false; this.drainTx(); });
    sock.on('error', (e) => this.fail(errnoOf(e, E.ECONNRESET)));
    sock.on('close', () => this.closed());
    tx.armKick();
  }

  /** The connection is up: start moving data. */
  start(): void {
    this.ctl.set(C_STATE, ST_CONNECTED);
    this.sock.resume();
    this.drainTx();
  }

  private onData(b: Buffer): void {
    if (this.rx.readerClosed) return; // the guest closed it: discard
    this.pending.push(b);
    this.flushRx();
  }

  private flushRx(): void {
    while (this.pending.length > 0) {
      const b = this.pending[0];
      const n = this.rx.write(b);
      if (n === b.length) { this.pending.shift(); continue; }
      if (n > 0) this.pending[0] = b.subarray(n);
      // Full: wait for the guest to read (it kicks us when it sees KICK).
      this.rx.armKick();
      if (this.rx.free > 0) continue;
      this.sock.pause();
      return;
    }
    if (this.peerEnded) {
      if (!this.rx.writerClosed) this.rx.closeWriter();
    } else if (this.sock.isPaused() && this.ctl.get(C_STATE) === ST_CONNECTED) this.sock.resume();
  }

  private drainTx(): void {
    if (this.writeBlocked || this.ended || this.sock.destroyed) return;
    for (;;) {
      const n = this.tx.size;
      if (n === 0) {
        if (this.tx.writerClosed) {
          this.ended = true;
          if (this.guestClosed) this.sock.destroySoon(); else this.sock.end();
          return;
        }
        this.tx.armKick();
        if (this.tx.size === 0 && !this.tx.writerClosed) return;
        this.tx.takeKick();
        continue;
      }
      const buf = Buffer.allocUnsafe(Math.min(n, 256 * 1024));
      const got = this.tx.read(buf);
      if (!this.sock.write(got === buf.length ? buf : buf.subarray(0, got))) { this.writeBlocked = true; return; }
    }
  }

  kick(): void { this.flushRx(); this.drainTx(); }

  close(): void {
    this.guestClosed = true;
    this.pending = [];
    this.drainTx(); // ends the socket once the guest's last bytes are out
  }

  private fail(errno: number): void {
    if (this.ctl.get(C_STATE) === ST_CONNECTING || !this.guestClosed) Atomics.store(this.ctl.w, C_ERROR, errno);
    this.closed();
  }

  private closed(): void {
    if (this.ctl.get(C_STATE) !== ST_CLOSED) {
      this.ctl.set(C_STATE, ST_CLOSED);
      if (this.pending.length === 0 && !this.rx.writerClosed) this.rx.closeWriter();
      this.tx.closeReader();
      ioChanged();
    }
    if (!this.sock.destroyed) this.sock.destroy();
    this.onGone();
  }
}

class HostServer {
  readonly queue: net.Socket[] = [];
  constructor(readonly id: number, readonly domain: number, readonly ctl: Ctl, readonly server: net.Server, readonly path?: string) {}
  take(): net.Socket | undefined {
    const s = this.queue.shift();
    Atomics.store(this.ctl.w, C_ACCEPTQ, this.queue.length);
    return s;
  }
}

class HostDgram {
  sock: dgram.Socket | undefined;
  /** AF_UNIX: the placeholder listener that makes the path a socket file. */
  placeholder: net.Server | undefined;
  path: string | undefined;
  peer: SockAddr | undefined;
  ready: Promise<void> | undefined;
  constructor(readonly id: number, readonly domain: number, readonly ctl: Ctl, readonly rx: Ring) {}
}

export class NetHost {
  private readonly streams = new Map<number, HostStream>();
  private readonly servers = new Map<number, HostServer>();
  private readonly dgrams = new Map<number, HostDgram>();
  private readonly unixDgrams = new Map<string, HostDgram>();

  message(m: Msg, reply: Reply): void {
    try {
      switch (m.op) {
        case 'net.bind': return this.bind(m, reply);
        case 'net.accept': return this.accept(m, reply);
        case 'net.connect': return this.connect(m, reply);
        case 'net.dgram-connect': return this.dgramConnect(m, reply);
        case 'net.sendto': return this.sendto(m, reply);
        case 'net.kick': this.streams.get(m.id as number)?.kick(); return;
        case 'net.opt': {
          const s = this.streams.get(m.id as number)?.sock;
          s?.setNoDelay(m.noDelay as boolean);
          s?.setKeepAlive(m.keepAlive as boolean);
          return;
        }
        case 'net.close': return this.close(m.id as number);
      }
      reply({ errno: E.ENOSYS });
    } catch (e) {
      reply({ errno: errnoOf(e, E.EINVAL) });
    }
  }

  /** Open host sockets (for leak checks). */
  get counts(): { streams: number; servers: number; dgrams: number } {
    return { streams: this.streams.size, servers: this.servers.size, dgrams: this.dgrams.size };
  }

  private bind(m: Msg, reply: Reply): void {
    const id = m.id as number, domain = m.domain as number;
    const ctl = new Ctl(m.ctl as SharedArrayBuffer);
    const addr = decodeSockAddr(m.addr as Uint8Array, true)!;
    if (m.type !== SOCK_STREAM) return this.bindDgram(this.dgram(m), addr, m.hostPath as string | undefined, reply);
    // A stream socket listens as soon as it is bound (Node cannot bind without listening); connections
    // wait in the queue until the guest accepts. A later connect() drops the listener and binds the
    // client side to the same address instead.
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
    const hs = new HostServer(id, domain, ctl, server, m.hostPath as string | undefined);
    let listening = false;
    server.on('error', (e) => { if (!listening) reply({ errno: errnoOf(e, E.EADDRINUSE) }); });
    server.on('connection', (s: net.Socket) => {
      s.on('error', () => { /* reported when accepted */ });
      hs.queue.push(s);
      Atomics.store(ctl.w, C_ACCEPTQ, hs.queue.length);
      ctl.changed();
    });
    server.on('listening', () => {
      listening = true;
      this.servers.set(id, hs);
      if (domain === AF_UNIX) ctl.setAddr('local', m.addr as Uint8Array);
      else {
        const a = server.address() as net.AddressInfo;
        ctl.setAddr('local', inetAddr(domain, a.address, a.port));
      }
      ctl.set(C_STATE, ST_BOUND);
      reply({ value: 0 });
    });
    if (addr.family === AF_UNIX) server.listen({ path: m.hostPath as string, backlog: 511 });
    else server.listen({ host: addr.address, port: addr.port, ipv6Only: m.v6only as boolean, exclusive: true, backlog: 511 });
  }

  private accept(m: Msg, reply: Reply): void {
    const hs = this.servers.get(m.id as number);
    if (!hs) return reply({ errno: E.EINVAL });
    let sock: net.Socket | undefined;
    while ((sock = hs.take()) && sock.destroyed) { /* gone before it was accepted */ }
    if (!sock) return reply({ errno: E.EAGAIN });
    const id = m.newId as number;
    const ctl = new Ctl(), rx = new Ring(STREAM_RING), tx = new Ring(STREAM_RING);
    if (hs.domain === AF_UNIX) {
      ctl.setAddr('local', hs.ctl.addr('local'));
      ctl.setAddr('peer', UNNAMED);
    } else {
      ctl.setAddr('local', inetAddr(hs.domain, sock.localAddress, sock.localPort));
      ctl.setAddr('peer', inetAddr(hs.domain, sock.remoteAddress, sock.remotePort));
    }
    sock.removeAllListeners('error');
    const st = new HostStream(id, ctl, rx, tx, sock, () => this.streams.delete(id));
    this.streams.set(id, st);
    st.start();
    reply({ id, ctl: ctl.sab, rx: rx.sab, tx: tx.sab });
  }

  private connect(m: Msg, reply: Reply): void {
    const id = m.id as number, domain = m.domain as number;
    const ctl = new Ctl(m.ctl as SharedArrayBuffer);
    const addr = decodeSockAddr(m.addr as Uint8Array, true)!;
    let local: SockAddr | undefined;
    const hs = this.servers.get(id);
    if (hs) {
      // bind() then connect(): the client keeps the bound address.
      const raw = hs.ctl.addr('local');
      local = raw ? decodeSockAddr(raw, true) : undefined;
      this.servers.delete(id);
      hs.server.close();
    }
    let sock: net.Socket;
    if (addr.family === AF_UNIX) {
      sock = net.connect({ path: m.hostPath as string, allowHalfOpen: true });
      ctl.setAddr('local', local ? encodeSockAddr(local, true) : UNNAMED);
      ctl.setAddr('peer', m.addr as Uint8Array);
    } else {
      const opts: net.TcpNetConnectOpts = {
        host: addr.address, port: addr.port, family: domain === AF_INET6 ? 6 : 4, allowHalfOpen: true,
        noDelay: m.noDelay as boolean, keepAlive: m.keepAlive as boolean,
      };
      if (local && local.family !== AF_UNIX) {
        const any = local.address === '0.0.0.0' || local.address === '::';
        if (!any) opts.localAddress = local.address;
        if (local.port) opts.localPort = local.port;
      }
      sock = net.connect(opts);
      ctl.setAddr('peer', m.addr as Uint8Array);
    }
    sock.pause();
    Atomics.store(ctl.w, C_STATE, ST_CONNECTING);
    const st = new HostStream(id, ctl, new Ring(m.rx as SharedArrayBuffer), new Ring(m.tx as SharedArrayBuffer), sock,
      () => this.streams.delete(id));
    this.streams.set(id, st);
    sock.once('connect', () => {
      if (addr.family !== AF_UNIX) ctl.setAddr('local', inetAddr(domain, sock.localAddress, sock.localPort));
      st.start();
    });
    reply({ value: 0 });
  }

  // ---- datagrams ----

  private dgram(m: Msg): HostDgram {
    const id = m.id as number;
    let d = this.dgrams.get(id);
    if (!d) {
      d = new HostDgram(id, m.domain as number, new Ctl(m.ctl as SharedArrayBuffer), new Ring(m.rx as SharedArrayBuffer));
      this.dgrams.set(id, d);
    }
    return d;
  }

  private bindDgram(d: HostDgram, addr: SockAddr, hostPath: string | undefined, reply: Reply, v6only = false): void {
    if (addr.family === AF_UNIX) {
      if (!hostPath) return reply({ errno: E.EINVAL });
      const other = this.unixDgrams.get(hostPath);
      if (other || fs.existsSync(hostPath) && hostPath[0] !== '\0') return reply({ errno: E.EADDRINUSE });
      // A listener nobody connects to makes the path a socket file (stat, unlink, EADDRINUSE work).
      const ph = net.createServer();
      ph.on('error', (e) => reply({ errno: errnoOf(e, E.EADDRINUSE) }));
      ph.listen({ path: hostPath }, () => {
        d.placeholder = ph;
        d.path = hostPath;
        this.unixDgrams.set(hostPath, d);
        d.ctl.setAddr('local', encodeSockAddr(addr, true));
        d.ctl.set(C_STATE, ST_BOUND);
        reply({ value: 0 });
      });
      return;
    }
    const sock = dgram.createSocket({ type: d.domain === AF_INET6 ? 'udp6' : 'udp4', ipv6Only: v6only });
    d.sock = sock;
    let bound = false;
    d.ready = new Promise((resolve) => {
      sock.on('error', (e) => {
        if (!bound) { d.sock = undefined; d.ready = undefined; reply({ errno: errnoOf(e, E.EADDRINUSE) }); resolve(); return; }
        Atomics.store(d.ctl.w, C_ERROR, errnoOf(e));
        ioChanged();
      });
      sock.on('listening', () => {
        bound = true;
        const a = sock.address();
        d.ctl.setAddr('local', inetAddr(d.domain, a.address, a.port));
        d.ctl.set(C_STATE, ST_BOUND);
        reply({ value: 0 });
        resolve();
      });
    });
    sock.on('message', (msg, rinfo) => {
      const from = inetAddr(d.domain, rinfo.address, rinfo.port);
      if (d.peer && d.peer.family !== AF_UNIX) {
        const p = encodeSockAddr(d.peer, true);
        if (Buffer.compare(Buffer.from(p), Buffer.from(from)) !== 0) return; // connected: only the peer's datagrams
      }
      d.rx.writeRecord(msg, from); // a full queue drops it, as UDP does
    });
    sock.bind({ address: addr.address, port: addr.port, exclusive: true });
  }

  /** Binds an unbound datagram socket to an ephemeral port first (like the kernel's autobind), then runs `then`. */
  private withBound(m: Msg, reply: Reply, then: (d: HostDgram) => void): void {
    const d = this.dgram(m);
    if (d.domain === AF_UNIX || d.sock) {
      if (d.ready) void d.ready.then(() => (d.sock || d.domain === AF_UNIX ? then(d) : undefined)); else then(d);
      return;
    }
    const any: SockAddr = d.domain === AF_INET6 ? { family: AF_INET6, address: '::', port: 0 } : { family: AF_INET, address: '0.0.0.0', port: 0 };
    let failed = false;
    this.bindDgram(d, any, undefined, (r) => { if (r.errno) { failed = true; reply(r); } }, m.v6only as boolean);
    void d.ready!.then(() => { if (!failed) then(d); });
  }

  private dgramConnect(m: Msg, reply: Reply): void {
    const to = m.addr ? decodeSockAddr(m.addr as Uint8Array, true) : undefined;
    if (to?.family === AF_UNIX) {
      const d = this.dgram(m);
      d.peer = to;
      return reply({ value: 0 });
    }
    this.withBound(m, reply, (d) => { d.peer = to; reply({ value: 0 }); });
  }

  private sendto(m: Msg, reply: Reply): void {
    const data = m.data as Uint8Array;
    const to = decodeSockAddr(m.to as Uint8Array, true);
    if (!to) return reply({ errno: E.EINVAL });
    if (to.family === AF_UNIX) {
      const d = this.dgram(m);
      const target = this.unixDgrams.get(m.hostPath as string);
      if (!target) {
        const exists = typeof m.hostPath === 'string' && m.hostPath[0] !== '\0' && fs.existsSync(m.hostPath);
        return reply({ errno: exists ? E.ECONNREFUSED : m.hostPath && (m.hostPath as string)[0] === '\0' ? E.ECONNREFUSED : E.ENOENT });
      }
      if (data.length > target.rx.maxRecord) return reply({ errno: E.EMSGSIZE });
      if (!target.rx.writeRecord(data, d.ctl.addr('local') ?? UNNAMED)) return reply({ errno: E.EAGAIN });
      return reply({ value: data.length });
    }
    this.withBound(m, reply, (d) => {
      let host = to.address;
      if (d.domain === AF_INET6 && host.startsWith('::ffff:') && host.includes('.')) host = host.slice(7);
      d.sock!.send(data, to.port, host, (err) => reply(err ? { errno: errnoOf(err) } : { value: data.length }));
    });
  }

  private close(id: number): void {
    this.streams.get(id)?.close();
    const hs = this.servers.get(id);
    if (hs) {
      this.servers.delete(id);
      for (const s of hs.queue) s.destroy();
      hs.server.close();
    }
    const d = this.dgrams.get(id);
    if (d) {
      this.dgrams.delete(id);
      d.sock?.close();
      if (d.path && this.unixDgrams.get(d.path) === d) this.unixDgrams.delete(d.path);
      d.placeholder?.close();
    }
  }
}

let host: NetHost | undefined;
export function netHost(): NetHost { return host ??= new NetHost(); }
export { AF_INET };
