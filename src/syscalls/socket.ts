// Socket ABI: constants (the same numbers on riscv64, aarch64 and arm EABI),
// struct msghdr / cmsghdr / linger layouts per data model, and sockaddr
// conversion. sockaddr_in/in6/un have the same layout on every supported ABI
// (only sa_family is in the target's byte order; ports and addresses are in
// network order), so a sockaddr is kept as its raw Linux bytes wherever it
// travels (datagram records, the net host) and decoded only at the edges.

import { layout, type DataModel, type StructDecl, type StructLayout } from './layout';

export const AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
export const SOCK_TYPE_MASK = 0xf;

export const SOL_SOCKET = 1, IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_IPV6 = 41;
export const SO = {
  DEBUG: 1, REUSEADDR: 2, TYPE: 3, ERROR: 4, DONTROUTE: 5, BROADCAST: 6, SNDBUF: 7, RCVBUF: 8, KEEPALIVE: 9,
  OOBINLINE: 10, NO_CHECK: 11, PRIORITY: 12, LINGER: 13, BSDCOMPAT: 14, REUSEPORT: 15, PASSCRED: 16, PEERCRED: 17,
  RCVLOWAT: 18, SNDLOWAT: 19, RCVTIMEO_OLD: 20, SNDTIMEO_OLD: 21, ACCEPTCONN: 30, SNDBUFFORCE: 32, RCVBUFFORCE: 33,
  PROTOCOL: 38, DOMAIN: 39, RCVTIMEO_NEW: 66, SNDTIMEO_NEW: 67,
} as const;
export const TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_CORK = 3, TCP_KEEPIDLE = 4, TCP_KEEPINTVL = 5, TCP_KEEPCNT = 6;
export const IP_TOS = 1, IP_TTL = 2, IPV6_V6ONLY = 26;

export const MSG_OOB = 0x1, MSG_PEEK = 0x2, MSG_DONTROUTE = 0x4, MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20,
  MSG_DONTWAIT = 0x40, MSG_EOR = 0x80, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_MORE = 0x8000,
  MSG_CMSG_CLOEXEC = 0x40000000;
export const SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;

/** Linux's default buffer sizes (net.core.rmem_default / wmem_default); getsockopt reports twice what was set. */
export const DEFAULT_RCVBUF = 131072, DEFAULT_SNDBUF = 16384;

const MSGHDR: StructDecl = {
  name: 'msghdr',
  fields: [
    ['msg_name', 'ptr'], ['msg_namelen', 'u32'], ['msg_iov', 'ptr'], ['msg_iovlen', 'ulong'],
    ['msg_control', 'ptr'], ['msg_controllen', 'ulong'], ['msg_flags', 'i32'],
  ],
};
const MMSGHDR: StructDecl = { name: 'mmsghdr', fields: [['msg_hdr', { struct: MSGHDR }], ['msg_len', 'u32']] };
const CMSGHDR: StructDecl = { name: 'cmsghdr', fields: [['cmsg_len', 'ulong'], ['cmsg_level', 'i32'], ['cmsg_type', 'i32']] };
const LINGER: StructDecl = { name: 'linger', fields: [['l_onoff', 'i32'], ['l_linger', 'i32']] };
const UCRED: StructDecl = { name: 'ucred', fields: [['pid', 'i32'], ['uid', 'u32'], ['gid', 'u32']] };

export interface SocketStructs {
  readonly msghdr: StructLayout;
  readonly mmsghdr: StructLayout;
  readonly cmsghdr: StructLayout;
  readonly linger: StructLayout;
  readonly ucred: StructLayout;
}

export function socketStructs(m: DataModel): SocketStructs {
  return { msghdr: layout(MSGHDR, m), mmsghdr: layout(MMSGHDR, m), cmsghdr: layout(CMSGHDR, m), linger: layout(LINGER, m), ucred: layout(UCRED, m) };
}

// ---- sockaddr ----

/** A decoded socket address. `path` for AF_UNIX (abstract names start with a NUL byte); undefined path: unnamed. */
export type SockAddr =
  | { family: typeof AF_INET | typeof AF_INET6; address: string; port: number; flowinfo?: number; scopeId?: number }
  | { family: typeof AF_UNIX; path: Buffer | undefined };

export const SOCKADDR_IN_SIZE = 16, SOCKADDR_IN6_SIZE = 28, SOCKADDR_UN_SIZE = 110;

function ipv4(bytes: Uint8Array, off: number): string {
  return `${bytes[off]}.${bytes[off + 1]}.${bytes[off + 2]}.${bytes[off + 3]}`;
}

function ipv6(bytes: Uint8Array, off: number): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + off, 16);
  // ::ffff:a.b.c.d stays in its mixed form (Node and the kernel both understand it).
  if (dv.getUint32(0) === 0 && dv.getUint32(4) === 0 && dv.getUint32(8) === 0xffff) return `::ffff:${ipv4(bytes, off + 12)}`;
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(dv.getUint16(i * 2));
  // Longest run of zero words becomes "::" (RFC 5952).
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

function parseIpv4(s: string): number[] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b : undefined;
}

function parseIpv6(s: string): number[] {
  const out = new Array<number>(16).fill(0);
  let tail4: number[] | undefined;
  const last = s.lastIndexOf(':');
  if (s.includes('.')) { tail4 = parseIpv4(s.slice(last + 1)); s = s.slice(0, last + 1) + '0:0'; }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const hw = head ? head.split(':').map((x) => parseInt(x, 16)) : [];
  const tw = rest !== undefined && rest !== '' ? rest.split(':').map((x) => parseInt(x, 16)) : [];
  const words = rest !== undefined ? [...hw, ...new Array<number>(8 - hw.length - tw.length).fill(0), ...tw] : hw;
  words.forEach((v, i) => { out[i * 2] = (v >> 8) & 0xff; out[i * 2 + 1] = v & 0xff; });
  if (tail4) out.splice(12, 4, ...tail4);
  return out;
}

/** Decodes guest sockaddr bytes (family in the target byte order). Undefined: unknown family or too short. */
export function decodeSockAddr(b: Uint8Array, le: boolean): SockAddr | undefined {
  if (b.length < 2) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = dv.getUint16(0, le);
  switch (family) {
    case AF_INET:
      if (b.length < SOCKADDR_IN_SIZE) return undefined;
      return { family, port: dv.getUint16(2), address: ipv4(b, 4) };
    case AF_INET6:
      if (b.length < 24) return undefined;
      return { family, port: dv.getUint16(2), flowinfo: dv.getUint32(4), address: ipv6(b, 8), scopeId: b.length >= 28 ? dv.getUint32(24, le) : 0 };
    case AF_UNIX: {
      const raw = Buffer.from(b.subarray(2, Math.min(b.length, SOCKADDR_UN_SIZE)));
      if (raw.length === 0) return { family, path: undefined };
      if (raw[0] === 0) return { family, path: raw }; // abstract: every byte counts
      const nul = raw.indexOf(0);
      return { family, path: nul >= 0 ? raw.subarray(0, nul) : raw };
    }
  }
  return undefined;
}

/** Linux sockaddr bytes for `a` (what getsockname/accept write, before truncation to the caller's length). */
export function encodeSockAddr(a: SockAddr, le: boolean): Uint8Array {
  if (a.family === AF_UNIX) {
    const p = a.path ?? Buffer.alloc(0);
    // Pathnames are reported with their NUL; abstract names exactly as long as bound.
    const len = 2 + p.length + (p.length > 0 && p[0] !== 0 ? 1 : 0);
    const out = new Uint8Array(len);
    new DataView(out.buffer).setUint16(0, AF_UNIX, le);
    out.set(p, 2);
    return out;
  }
  if (a.family === AF_INET) {
    const out = new Uint8Array(SOCKADDR_IN_SIZE);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, AF_INET, le);
    dv.setUint16(2, a.port);
    out.set(parseIpv4(a.address) ?? [0, 0, 0, 0], 4);
    return out;
  }
  const out = new Uint8Array(SOCKADDR_IN6_SIZE);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, AF_INET6, le);
  dv.setUint16(2, a.port);
  dv.setUint32(4, a.flowinfo ?? 0);
  out.set(parseIpv6(a.address), 8);
  dv.setUint32(24, a.scopeId ?? 0, le);
  return out;
}

/** "1.2.3.4:80" / "[::1]:80" / "/path" for traces and errors. */
export function formatSockAddr(a: SockAddr | undefined): string {
  if (!a) return '?';
  if (a.family === AF_UNIX) return a.path ? a.path.toString('latin1').replace(/\0/g, '@') : '(unnamed)';
  return a.family === AF_INET6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
