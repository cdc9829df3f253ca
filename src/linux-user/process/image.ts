// fork: the parent's process state as a structured-cloneable message, and its
// reconstruction in the child (another worker thread, another address space).
//
// Guest memory is not serialised: the parent stays blocked in fork while the
// child copies the mapped pages straight out of the parent's (shared)
// WebAssembly.Memory. Registers live in JS objects and the state area, so
// they travel as values. Open file descriptions travel as what they wrap (a
// host fd number, a pipe's SharedArrayBuffer), keeping dup-sharing intact.

import type { CpuState } from '../../cpu/types';
import { GUEST_BASE, GuestMemory, PAGE_SIZE } from '../../memory/guest-memory';
import type { Mapping } from '../../memory/page-map';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../memory/page-map';
import { FdTable } from '../fd-table';
import { HostFile, MemoryFile, OpenFile, Pipe, PipeEnd, type PositionMode, type StatusFlags } from '../files';
import { SocketFile } from '../net/socket';
import { TimerFd } from '../sys-timerfd';
import { SignalFd } from '../sys-signalfd';
import { EventFd } from '../sys-epoll';
import type { Rlimit } from '../kernel';
import { MAX_SHARED_FD, shared } from './shared';
import type { SigAction, AltStack } from '../signal-state';

export type DescImage =
  | { kind: 'host'; fd: number; path?: Uint8Array; status: StatusFlags; mode: PositionMode; directory: boolean; keepOpen: boolean; noopSeek: boolean; termios?: Uint8Array }
  | { kind: 'pipe'; sab: SharedArrayBuffer; writeEnd: boolean; status: StatusFlags }
  | { kind: 'memory'; name: string; data: Uint8Array; pos: number }
  | { kind: 'socket'; image: import('../net/socket').SocketImage }
  | { kind: 'timerfd'; image: import('../sys-timerfd').TimerFdImage }
  | { kind: 'signalfd'; image: import('../sys-signalfd').SignalFdImage }
  | { kind: 'eventfd'; image: import('../sys-epoll').EventFdImage };

export interface FdsImage {
  limit: number;
  descs: DescImage[];
  /** [guest fd, index into descs, cloexec] */
  fds: [number, number, boolean][];
}

/** What a new process inherits from the old one's kernel, whether by fork or execve. */
export interface InheritedState {
  fds: FdTable;
  cwd: Buffer;
  umask: number;
  rlimits: Rlimit[];
  actions?: SigAction[];
  blocked?: bigint;
  altStack?: AltStack;
}

export interface ForkImage {
  arch: import('../../cpu/types').Arch;
  /** The parent's memory, read (only while the parent waits) to copy the mapped pages. */
  memory: WebAssembly.Memory;
  pages: { flags: Uint8Array; mappings: Mapping[] };
  regs: Int32Array;
  cpuFields: Record<string, unknown>;
  brkStart: number;
  brkCur: number;
  mmapTop: number;
  mmapBottom: number;
  fds: FdsImage;
  cwd: Uint8Array;
  umask: number;
  rlimits: Rlimit[];
  actions: SigAction[];
  blocked: bigint;
  altStack: AltStack;
  comm: string;
  execPath: string;
  argv: string[];
  env: string[];
  auxv: [number, number][];
  ldPrefix: string;
  strace: boolean;
  /** -plugin specs: the child loads its own instances. */
  plugins?: import('../../plugins/host').PluginSpec[];
}

// ---- file descriptors ----

export function fdsImage(fds: FdTable): FdsImage {
  const index = new Map<OpenFile, number>();
  const descs: DescImage[] = [];
  const out: [number, number, boolean][] = [];
  for (const [fd, e] of fds.list()) {
    let i = index.get(e.file);
    if (i === undefined) {
      const d = descImage(e.file);
      if (!d) continue; // not transferable: closed in the child
      i = descs.push(d) - 1;
      index.set(e.file, i);
    }
    out.push([fd, i, e.cloexec]);
  }
  return { limit: fds.limit, descs, fds: out };
}

function descImage(f: OpenFile): DescImage | undefined {
  if (f instanceof HostFile) {
    return {
      kind: 'host', fd: f.fd, path: f.path, status: { ...f.status }, mode: f.mode, directory: f.directory,
      keepOpen: f.keepOpen, noopSeek: f.noopSeek, termios: f.termios,
    };
  }
  if (f instanceof PipeEnd) return { kind: 'pipe', sab: f.pipe.sab, writeEnd: f.writeEnd, status: { ...f.status } };
  if (f instanceof MemoryFile) return { kind: 'memory', name: f.name, data: f.data, pos: f.pos };
  if (f instanceof SocketFile) return { kind: 'socket', image: f.image() };
  if (f instanceof TimerFd) return { kind: 'timerfd', image: f.image() };
  if (f instanceof SignalFd) return { kind: 'signalfd', image: f.image() };
  if (f instanceof EventFd) return { kind: 'eventfd', image: f.image() };
  return undefined;
}

/** `addHolder` false: the descriptions move (the first process leaving the main thread) rather than being shared by a fork. */
export function restoreFds(img: FdsImage, addHolder = true): FdTable {
  const table = new FdTable(img.limit);
  const files = img.descs.map((d): OpenFile => {
    switch (d.kind) {
      case 'host': {
        const f = new HostFile(d.fd, d.path ? Buffer.from(d.path) : undefined, d.status, d.mode, d.directory,
          d.keepOpen, d.noopSeek, true);
        if (!addHolder && d.fd < MAX_SHARED_FD && !d.keepOpen) Atomics.sub(shared().fdRefs, d.fd, 1);
        if (d.termios) f.termios = d.termios;
        return f;
      }
      case 'pipe': {
        const end = new PipeEnd(new Pipe(d.sab), d.writeEnd, d.status.nonblock, d.status);
        if (!addHolder) end.pipe.addEnd(d.writeEnd, -1);
        return end;
      }
      case 'socket': return SocketFile.fromImage(d.image);
      case 'timerfd': return TimerFd.fromImage(d.image);
      case 'signalfd': return SignalFd.fromImage(d.image);
      case 'eventfd': return EventFd.fromImage(d.image);
      case 'memory': {
        const f = new MemoryFile(d.name, Buffer.from(d.data));
        f.pos = d.pos;
        return f;
      }
    }
  });
  for (const [fd, i, cloexec] of img.fds) table.installAt(fd, files[i], cloexec);
  return table;
}

// ---- CPU ----

/** The CPU's own fields (pc, FP status, ...): everything but the register file and memory. */
export function cpuFields(cpu: CpuState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cpu)) {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out[k] = v;
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof GuestMemory) &&
      Object.values(v).every((x) => typeof x === 'number' || typeof x === 'boolean')) out[k] = { ...v };
  }
  return out;
}

export function restoreCpu(cpu: CpuState, regs: Int32Array, fields: Record<string, unknown>): void {
  cpu.regs.set(regs.subarray(0, cpu.regs.length));
  const c = cpu as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) {
    const cur = c[k];
    if (cur && typeof cur === 'object') Object.assign(cur, v);
    else c[k] = v;
  }
}

// ---- memory ----

/** Copies every accessible page of `from` (guest addresses per `flags`) into `to`. */
export function copyMappedPages(from: WebAssembly.Memory, to: GuestMemory, flags: Uint8Array): number {
  const src = new Uint8Array(from.buffer);
  const dst = to.u8;
  const ACCESS = PROT_READ | PROT_WRITE | PROT_EXEC;
  let copied = 0;
  // Skip unmapped space four pages at a time (a million pages to scan per fork).
  const words = flags.byteOffset % 4 === 0 ? new Uint32Array(flags.buffer, flags.byteOffset, flags.length >> 2) : undefined;
  for (let i = 0; i < flags.length;) {
    if (words && (i & 3) === 0 && words[i >> 2] === 0) { i += 4; continue; }
    if (!(flags[i] & ACCESS)) { i++; continue; }
    let j = i + 1;
    while (j < flags.length && (flags[j] & ACCESS)) j++;
    const a = i * PAGE_SIZE, b = j * PAGE_SIZE; // host offsets (page i is guest GUEST_BASE + i*4K)
    dst.set(src.subarray(a, b), a);
    copied += b - a;
    i = j;
  }
  return copied;
}

export { GUEST_BASE };
