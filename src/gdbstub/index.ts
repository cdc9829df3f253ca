// GDB remote protocol stub (`-g PORT`, NODEMU_GDB), in the manner of qemu-user's
// gdbstub: the guest waits for gdb before its first instruction, and stops at
// breakpoints, after single steps and when it raises a signal.
//
// Everything here is synchronous: while the guest is stopped, the thread that
// runs it blocks in Atomics.wait for the next packet, which a worker thread
// (worker.ts) owning the TCP socket delivers through a SharedArrayBuffer. So the
// stub works the same on the main thread and on a worker thread running a guest.
//
// Hooks into the emulator: Engine.breakpoints (blocks end with SIGTRAP before a
// breakpoint pc), Engine.singleStep (one-instruction blocks, run() returns
// after each) and Engine.watch (while watchpoints exist, every load and store
// first calls a check that can end the block with SIGTRAP before the access:
// src/translate/instrument.ts); the stub wraps engine.run, which is what the
// CPU loop calls. ^C from gdb sets the CPU's exit request word (worker.ts), so
// running code returns to the CPU loop and the stub reports SIGINT.

import * as nodePath from 'path';
import { Worker } from 'worker_threads';
import type { Arch, CpuState } from '../cpu/types';
import { GUEST_BASE, type GuestMemory } from '../memory/guest-memory';
import { Exit, Ty, type Helper } from '../translate/ir';
import { MEM_STORE } from '../translate/instrument';
import type { Engine } from '../translate/engine';
import { GuestExit } from '../linux-user/exit';
import { gdbArch, type GdbArch } from './arch';
import { DATA_OFFSET, ST_CLOSED, ST_ERROR, ST_PACKET } from './worker';

const SIGINT = 2, SIGTRAP = 5, SIGKILL = 9, SIGSEGV = 11;
const PACKET_SIZE = 0x4000;

/** Synchronous view of the worker's connection. */
class Connection {
  private readonly sab = new SharedArrayBuffer(DATA_OFFSET + 2 * PACKET_SIZE + 64);
  private readonly ctl = new Int32Array(this.sab, 0, 4);
  private readonly data = new Uint8Array(this.sab, DATA_OFFSET);
  private readonly worker: Worker;
  closed = false;

  constructor(port: number, host: string) {
    this.worker = new Worker(nodePath.join(__dirname, 'worker.js'), { workerData: { gdbstub: true, port, host, sab: this.sab } });
    this.worker.unref();
  }

  /** Next packet payload (blocks); undefined once gdb has gone. */
  recv(): string | undefined {
    if (this.closed) return undefined;
    Atomics.wait(this.ctl, 0, 0);
    const state = Atomics.load(this.ctl, 0);
    const text = Buffer.from(this.data.subarray(0, Atomics.load(this.ctl, 1))).toString('latin1');
    if (state === ST_ERROR) throw new Error(`gdbstub: ${text}`);
    if (state === ST_CLOSED) { this.closed = true; return undefined; }
    Atomics.store(this.ctl, 0, 0);
    Atomics.notify(this.ctl, 0);
    return text;
  }

  send(payload: string): void {
    if (!this.closed) this.worker.postMessage({ send: payload });
  }

  /** Where ^C should knock: the guest CPU's exit request word. */
  setWake(word: Int32Array, memory: WebAssembly.Memory): void {
    this.worker.postMessage({ wake: word.buffer === memory.buffer ? { memory, offset: word.byteOffset } : { offset: 0, word } });
  }

  /** ^C arrived while the guest ran. */
  takeInterrupt(): boolean {
    return Atomics.exchange(this.ctl, 2, 0) !== 0;
  }

  /** Sends a last packet and waits (bounded) until it is on the wire. */
  close(last?: string): void {
    const before = Atomics.load(this.ctl, 3);
    if (last !== undefined && !this.closed) this.worker.postMessage({ send: last });
    this.worker.postMessage({ close: true });
    if (last !== undefined && !this.closed) {
      const deadline = Date.now() + 2000;
      while (Atomics.load(this.ctl, 3) === before && Date.now() < deadline) Atomics.wait(this.ctl, 3, before, 50);
    }
    this.closed = true;
  }
}

export interface GdbTarget {
  arch: Arch;
  engine: Engine;
  cpu: CpuState;
  mem: GuestMemory;
  /** Thread id gdb sees (the guest pid). */
  tid: number;
  auxv: Buffer;
  execPath: string;
  /** Wrapped so that exit/exit_group is reported to gdb (W packet) wherever the process ends. */
  kernel?: { syscall(cpu: CpuState): void };
}

type Resume = { step: boolean; signal: number };

/** Z2 write, Z3 read, Z4 access: which accesses trigger (bit 1 load, bit 2 store), and the stop reply's name. */
const WATCH_KINDS: Record<string, { mask: number; name: string }> = {
  '2': { mask: 2, name: 'watch' }, '3': { mask: 1, name: 'rwatch' }, '4': { mask: 3, name: 'awatch' },
};
interface Watchpoint { type: string; addr: number; len: number }

const hex = (b: Buffer): string => b.toString('hex');
const fromHex = (s: string): Buffer => Buffer.from(s, 'hex');

/** Splits off the binary X payload escapes (0x7d, byte ^ 0x20). */
function unescapeBinary(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.push(c === 0x7d ? s.charCodeAt(++i) ^ 0x20 : c);
  }
  return Buffer.from(out);
}

export class GdbStub {
  private readonly a: GdbArch;
  private readonly origRun: (cpu: CpuState) => Exit;
  /** Signal to report at the next stop point (the first one: before the first instruction). */
  private pendingStop: number | undefined = SIGTRAP;
  /** Signal gdb asked to deliver on resume (C/S packets). */
  private deliver = 0;
  private detached = false;
  /** gdb has resumed the guest and waits for a stop reply (not so at the first stop: gdb asks with '?'). */
  private running = false;
  private readonly watchpoints: Watchpoint[] = [];
  /** The watchpoint hit that ended the last block (reported with the SIGTRAP stop). */
  private watchHit: { name: string; addr: number } | undefined;
  private readonly watchHelper: Helper;

  constructor(private readonly conn: Connection, private readonly t: GdbTarget) {
    this.a = gdbArch(t.arch);
    this.watchHelper = this.makeWatchHelper();
    conn.setWake(t.cpu.exitReq, t.mem.wasm);
    this.origRun = t.engine.run.bind(t.engine);
    t.engine.run = (cpu: CpuState) => this.run(cpu);
    const k = t.kernel;
    if (k) {
      const syscall = k.syscall.bind(k);
      k.syscall = (cpu: CpuState) => {
        try { syscall(cpu); } catch (e) {
          if (e instanceof GuestExit) this.exited(e.signal ? { signal: e.signal } : { code: e.code });
          throw e;
        }
      };
    }
  }

  /** Engine.run as the CPU loop sees it: stops for gdb where needed, never returns Exit.Jump. */
  private run(cpu: CpuState): Exit {
    const e = this.t.engine;
    for (;;) {
      if (this.pendingStop !== undefined && !this.detached) {
        const sig = this.pendingStop;
        this.pendingStop = undefined;
        const r = this.stopped(sig);
        this.deliver = r.signal;
        if (e.singleStep !== r.step) { e.singleStep = r.step; e.flushAll(); }
      }
      if (this.deliver) {
        // gdb passes the signal on: the CPU loop delivers it as if raised here.
        cpu.exitArg = this.deliver;
        this.deliver = 0;
        return Exit.Signal;
      }
      const r = this.origRun(cpu);
      if (this.detached) return r;
      if (r === Exit.Signal || r === Exit.Fault) {
        this.pendingStop = r === Exit.Fault ? SIGSEGV : cpu.exitArg || SIGTRAP;
        continue;
      }
      if (e.singleStep) {
        this.pendingStop = SIGTRAP;
        if (r === Exit.Jump) continue;
        return r; // a system call: the step completes after the kernel ran it
      }
      if (this.conn.takeInterrupt()) this.pendingStop = SIGINT;
      return r;
    }
  }

  /** The check compiled before each access while watchpoints exist: nonzero stops before the access. */
  private makeWatchHelper(): Helper {
    const check = (addr: number, info: number): number => {
      const size = info & 0xff, kind = info & MEM_STORE ? 2 : 1;
      for (const w of this.watchpoints) {
        if ((WATCH_KINDS[w.type].mask & kind) === 0 || addr >= w.addr + w.len || addr + size <= w.addr) continue;
        this.watchHit = { name: WATCH_KINDS[w.type].name, addr: Math.max(addr, w.addr) };
        return 1;
      }
      return 0;
    };
    return this.t.engine.fe.wordTy === Ty.I64
      ? { name: 'gdb_watch', args: [Ty.I64, Ty.I32, Ty.I32], ret: Ty.I32, fn: (_cpu: CpuState, lo: number, hi: number, off: number, info: number) => check(hi * 0x1_0000_0000 + (lo >>> 0) + off, info) }
      : { name: 'gdb_watch', args: [Ty.I32, Ty.I32, Ty.I32], ret: Ty.I32, fn: (_cpu: CpuState, a: number, off: number, info: number) => check((a + off) >>> 0, info) };
  }

  /** Z2-Z4 / z2-z4: blocks translated from now on check accesses (none are checked without watchpoints). */
  private setWatch(insert: boolean, type: string, addr: number, len: number): string {
    if (!(len > 0)) return 'E22';
    const i = this.watchpoints.findIndex((w) => w.type === type && w.addr === addr && w.len === len);
    if (insert) { if (i < 0) this.watchpoints.push({ type, addr, len }); } else if (i >= 0) this.watchpoints.splice(i, 1);
    const e = this.t.engine;
    e.watch = this.watchpoints.length ? this.watchHelper : undefined;
    e.flushAll();
    return 'OK';
  }

  /** Called once the guest process has ended. */
  exited(result: { code?: number; signal?: number }): void {
    if (this.detached || this.conn.closed) return;
    this.detached = true;
    this.conn.close(result.signal !== undefined ? `X${result.signal.toString(16).padStart(2, '0')}` : `W${((result.code ?? 0) & 0xff).toString(16).padStart(2, '0')}`);
  }

  private stopReply(sig: number): string {
    const w = this.watchHit;
    return `T${sig.toString(16).padStart(2, '0')}${w ? `${w.name}:${w.addr.toString(16)};` : ''}thread:${this.t.tid.toString(16)};`;
  }

  /** Serves gdb until it resumes the guest. */
  private stopped(sig: number): Resume {
    if (sig !== SIGTRAP) this.watchHit = undefined;
    this.conn.takeInterrupt(); // a ^C racing with this stop: the stop answers it
    if (this.running) { this.conn.send(this.stopReply(sig)); this.running = false; }
    for (;;) {
      const p = this.conn.recv();
      if (p === undefined) { this.detach(); return { step: false, signal: 0 }; }
      const reply = this.command(p, sig);
      if (typeof reply === 'string') { this.conn.send(reply); continue; }
      this.running = true;
      this.watchHit = undefined;
      return reply;
    }
  }

  private detach(): void {
    this.detached = true;
    const e = this.t.engine;
    e.breakpoints.clear();
    e.singleStep = false;
    this.watchpoints.length = 0;
    e.watch = undefined;
    e.flushAll();
  }

  private readMem(addr: number, len: number): Buffer | undefined {
    const pages = this.t.mem.pages;
    if (addr < GUEST_BASE || addr + len > 0x1_0000_0000) return undefined;
    for (let a = addr; a < addr + len; a = (Math.floor(a / 4096) + 1) * 4096) if (pages.protAt(a) === 0) return undefined;
    return Buffer.from(new Uint8Array(this.t.mem.buffer, addr - GUEST_BASE, len));
  }

  private writeMem(addr: number, data: Buffer): boolean {
    if (!this.readMem(addr, data.length)) return false;
    new Uint8Array(this.t.mem.buffer, addr - GUEST_BASE, data.length).set(data);
    this.t.engine.flushAll(); // it may have been code
    return true;
  }

  private xfer(data: Buffer | string, spec: string): string {
    const m = /^([0-9a-f]+),([0-9a-f]+)$/i.exec(spec);
    if (!m) return 'E00';
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const off = parseInt(m[1], 16), len = parseInt(m[2], 16);
    const chunk = buf.subarray(off, off + len);
    // Binary data: escape #, $, } and * as gdb expects.
    const body = [...chunk].map((c) => c === 0x23 || c === 0x24 || c === 0x7d || c === 0x2a ? '}' + String.fromCharCode(c ^ 0x20) : String.fromCharCode(c)).join('');
    return (off + len >= buf.length ? 'l' : 'm') + body;
  }

  private resumeAction(action: string): Resume | undefined {
    switch (action[0]) {
      case 'c': return { step: false, signal: 0 };
      case 's': return { step: true, signal: 0 };
      case 'C': return { step: false, signal: parseInt(action.slice(1, 3), 16) };
      case 'S': return { step: true, signal: parseInt(action.slice(1, 3), 16) };
      default: return undefined;
    }
  }

  /** One packet: a reply string, or a resume order. */
  private command(p: string, sig: number): string | Resume {
    const { cpu, engine } = this.t;
    const a = this.a;
    switch (p[0]) {
      case '?': return this.stopReply(sig);
      case '\x03': return this.stopReply(sig); // ^C while already stopped
      case 'g': return a.gRegs.map((i) => hex(a.regs[i]!.get(cpu))).join('');
      case 'G': {
        let off = 1;
        for (const i of a.gRegs) {
          const r = a.regs[i]!;
          const n = r.bits / 4;
          if (off + n > p.length) break;
          r.set(cpu, fromHex(p.slice(off, off + n)));
          off += n;
        }
        return 'OK';
      }
      case 'p': {
        const r = a.regs[parseInt(p.slice(1), 16)];
        return r ? hex(r.get(cpu)) : 'E45';
      }
      case 'P': {
        const [n, v] = p.slice(1).split('=');
        const r = a.regs[parseInt(n, 16)];
        if (!r || v.length !== r.bits / 4) return 'E45';
        r.set(cpu, fromHex(v));
        return 'OK';
      }
      case 'm': {
        const [addr, len] = p.slice(1).split(',').map((x) => parseInt(x, 16));
        const b = this.readMem(addr, Math.min(len, PACKET_SIZE / 2));
        return b ? hex(b) : 'E14';
      }
      case 'M': case 'X': {
        const colon = p.indexOf(':');
        const [addr, len] = p.slice(1, colon).split(',').map((x) => parseInt(x, 16));
        const data = p[0] === 'M' ? fromHex(p.slice(colon + 1)) : unescapeBinary(p.slice(colon + 1));
        if (data.length !== len) return 'E01';
        return len === 0 || this.writeMem(addr, data) ? 'OK' : 'E14';
      }
      case 'Z': case 'z': {
        const [type, addrText, kindText] = p.slice(1).split(',');
        const addr = parseInt(addrText, 16);
        if (WATCH_KINDS[type]) return this.setWatch(p[0] === 'Z', type, addr, parseInt(kindText, 16));
        // Software and hardware breakpoints are the same thing to a translator.
        if (type !== '0' && type !== '1') return '';
        if (p[0] === 'Z') engine.breakpoints.add(addr); else engine.breakpoints.delete(addr);
        engine.flushAll(); // blocks are cut at breakpoints when translated
        return 'OK';
      }
      case 'c': case 's': case 'C': case 'S': {
        const r = this.resumeAction(p)!;
        const addr = p[0] === 'c' || p[0] === 's' ? p.slice(1) : p.slice(p.indexOf(';') + 1 || p.length);
        if (addr) {
          const pcReg = a.regs.find((x) => x?.name === 'pc')!;
          const b = Buffer.alloc(pcReg.bits / 8);
          b.writeUInt32LE(parseInt(addr, 16) >>> 0);
          pcReg.set(cpu, b);
        }
        return r;
      }
      case 'v': {
        if (p === 'vCont?') return 'vCont;c;C;s;S';
        if (p.startsWith('vCont;')) {
          // One thread: the first action that applies to it (or to all) wins.
          for (const item of p.slice(6).split(';')) {
            const [action, thread] = item.split(':');
            if (thread !== undefined && thread !== '-1' && parseInt(thread, 16) !== this.t.tid) continue;
            const r = this.resumeAction(action);
            if (r) return r;
          }
          return 'E01';
        }
        if (p.startsWith('vKill')) throw new GuestExit(128 + SIGKILL, SIGKILL);
        return '';
      }
      case 'k': throw new GuestExit(128 + SIGKILL, SIGKILL);
      case 'D': {
        this.conn.send('OK');
        this.conn.close();
        this.detach();
        return { step: false, signal: 0 };
      }
      case 'H': return 'OK';
      case 'T': return 'OK';
      case 'q': case 'Q': return this.query(p, sig);
      default: return '';
    }
  }

  private query(p: string, _sig: number): string {
    const tid = this.t.tid.toString(16);
    if (p.startsWith('qSupported')) {
      return `PacketSize=${PACKET_SIZE.toString(16)};qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;vContSupported+`;
    }
    if (p.startsWith('qXfer:features:read:target.xml:')) return this.xfer(this.a.xml, p.slice('qXfer:features:read:target.xml:'.length));
    if (p.startsWith('qXfer:features:read:')) return 'E00';
    if (p.startsWith('qXfer:auxv:read::')) return this.xfer(this.t.auxv, p.slice('qXfer:auxv:read::'.length));
    if (p.startsWith('qXfer:exec-file:read:')) return this.xfer(this.t.execPath, p.slice(p.lastIndexOf(':') + 1));
    if (p === 'qAttached' || p.startsWith('qAttached:')) return '1';
    if (p === 'qOffsets') return 'Text=0;Data=0;Bss=0';
    if (p === 'qC') return `QC${tid}`;
    if (p === 'qfThreadInfo') return `m${tid}`;
    if (p === 'qsThreadInfo') return 'l';
    if (p.startsWith('qSymbol')) return 'OK';
    if (p.startsWith('qThreadExtraInfo')) return Buffer.from('nodemu guest').toString('hex');
    return '';
  }
}

/** Parses -g's argument: a port number, or HOST:PORT. */
export function parseGdbAddress(spec: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(spec);
  if (!m || Number(m[2]) > 65535) throw new Error(`-g ${spec}: not a port number`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

/** What run.ts has of a guest process. */
export interface ProcessParts {
  arch: Arch;
  engine: Engine;
  cpu: CpuState;
  mem: GuestMemory;
  kernel: import('../linux-user/kernel').Kernel;
}

/** Starts listening and wraps the engine; the guest then waits for gdb before its first instruction. */
export function attachToProcess(spec: string, p: ProcessParts): GdbStub {
  const { host, port } = parseGdbAddress(spec);
  const { formatAuxv } = require('../linux-user/proc') as typeof import('../linux-user/proc');
  const { ARCHS } = require('../loader/arch') as typeof import('../loader/arch');
  const k = p.kernel;
  return new GdbStub(new Connection(port, host), {
    arch: p.arch, engine: p.engine, cpu: p.cpu, mem: p.mem, tid: k.pid, execPath: k.execPath, kernel: k,
    auxv: formatAuxv(k.auxv, ARCHS[p.arch].wordSize, ARCHS[p.arch].littleEndian),
  });
}
