// Loads -plugin modules into a guest process and connects them to the
// translator (as an Instrumenter: helper calls compiled into blocks, see
// src/translate/instrument.ts) and to the kernel's system call entry.
//
// One PluginHost per guest process, living on the thread that runs it (the
// process's worker). It survives a guest execve (same process); a forked
// child loads fresh instances. Nothing is hooked that no plugin asked for:
// without translation callbacks the engine gets no Instrumenter, without
// system call callbacks the kernel is not wrapped.

import * as fs from 'fs';
import * as nodePath from 'path';
import type { CpuState, Frontend } from '../cpu/types';
import { GUEST_BASE } from '../memory/guest-memory';
import { Ty, type Helper } from '../translate/ir';
import { MEM_STORE, memHookArgs, type BlockHooks, type Hook, type InsnSite, type Instrumenter } from '../translate/instrument';
import { GuestExit } from '../linux-user/exit';
import { log } from '../log';
import type { GuestProcess } from '../linux-user/run';
import {
  PLUGIN_API_VERSION, type ExecCallback, type MemCallback, type MemFilter, type PluginApi, type PluginArch,
  type PluginBlock, type PluginInsn, type PluginModule,
} from './api';

/** One -plugin option: the module's absolute path and its name=value items, in order. */
export interface PluginSpec { path: string; args: Array<[string, string]> }

/**
 * Parses `FILE[,name=value...]` (qemu's form; `file=FILE` is accepted too).
 * Relative paths are taken from `cwd`.
 */
export function parsePluginSpec(text: string, cwd = process.cwd()): PluginSpec {
  const items = text.split(',');
  let file: string | undefined;
  const args: Array<[string, string]> = [];
  for (const [i, item] of items.entries()) {
    const eq = item.indexOf('=');
    if (eq < 0 && i === 0) { file = item; continue; }
    if (eq <= 0) throw new Error(`'${item}' is not of the form name=value`);
    const k = item.slice(0, eq), v = item.slice(eq + 1);
    if (k === 'file' && file === undefined) file = v; else args.push([k, v]);
  }
  if (!file) throw new Error('no plugin file given');
  return { path: nodePath.resolve(cwd, file), args };
}

class PluginError extends Error {}

interface Instance {
  name: string;
  translate: Array<(tb: PluginBlock) => void>;
  syscall: Array<(vcpu: number, num: number, args: readonly number[]) => void>;
  sysret: Array<(vcpu: number, num: number, ret: number) => void>;
  exit: Array<() => void>;
}

function rethrow(name: string, e: unknown): never {
  // A RangeError escaping a helper would be taken for a guest memory fault.
  throw new PluginError(`plugin ${name}: ${e instanceof Error ? e.message : String(e)}`);
}

export class PluginHost implements Instrumenter {
  private readonly instances: Instance[] = [];
  private proc!: GuestProcess;
  /** Registered execution callbacks, indexed by the id compiled into blocks. */
  private readonly execCbs: ExecCallback[] = [];
  private readonly execOwner: string[] = [];
  private readonly memCbs: MemCallback[] = [];
  private readonly memFilter: number[] = [];
  private readonly memOwner: string[] = [];
  private vcpus = new WeakMap<CpuState, number>();
  private nextVcpu = 0;
  private lastCpu: CpuState | undefined;
  private lastVcpu = 0;
  private exited = false;
  private execHelper: Helper;
  private memHelper: Helper | undefined;

  constructor(readonly specs: readonly PluginSpec[]) {
    this.execHelper = {
      name: 'plugin_exec', args: [Ty.I32],
      fn: (cpu: CpuState, id: number) => {
        try { this.execCbs[id](this.vcpu(cpu)); } catch (e) { rethrow(this.execOwner[id], e); }
      },
    };
  }

  /** vCPU index of a guest thread's CPU: in order of first appearance. */
  vcpu(cpu: CpuState): number {
    if (cpu === this.lastCpu) return this.lastVcpu;
    let v = this.vcpus.get(cpu);
    if (v === undefined) { v = this.nextVcpu++; this.vcpus.set(cpu, v); }
    this.lastCpu = cpu;
    this.lastVcpu = v;
    return v;
  }

  /** Loads every plugin for process `p` (install() runs now). */
  load(p: GuestProcess): void {
    this.proc = p;
    for (const spec of this.specs) this.loadOne(spec);
    this.attach(p);
  }

  private loadOne(spec: PluginSpec): void {
    const name = nodePath.basename(spec.path);
    let mod: PluginModule | ((api: PluginApi, args: Record<string, string>) => void) | { default?: PluginModule };
    try {
      mod = require(spec.path);
    } catch (e) {
      throw new PluginError(`-plugin ${spec.path}: cannot load: ${(e as Error).message.split('\n')[0]}`);
    }
    const m = (mod as { default?: PluginModule }).default ?? mod;
    const install = typeof m === 'function' ? m : (m as PluginModule).install;
    if (typeof install !== 'function') throw new PluginError(`-plugin ${spec.path}: the module exports no install(api, args) function`);
    const want = (m as PluginModule).apiVersion;
    if (want !== undefined && want !== PLUGIN_API_VERSION) throw new PluginError(`-plugin ${spec.path}: wants plugin API version ${want}, this is ${PLUGIN_API_VERSION}`);
    const inst: Instance = { name, translate: [], syscall: [], sysret: [], exit: [] };
    this.instances.push(inst);
    const args = Object.freeze(Object.fromEntries(spec.args));
    const host = this;
    const api: PluginApi = {
      version: PLUGIN_API_VERSION,
      get arch() { return host.proc.arch as PluginArch; },
      get pid() { return host.proc.kernel.pid; },
      get program() { return host.proc.kernel.execPath; },
      args,
      onTranslate: (cb) => { inst.translate.push(cb); },
      onSyscall: (cb) => { inst.syscall.push(cb); },
      onSyscallReturn: (cb) => { inst.sysret.push(cb); },
      onExit: (cb) => { inst.exit.push(cb); },
      syscallName: (num) => host.proc.kernel.table.name(num),
      readMemory: (vaddr, len) => host.readMemory(vaddr, len),
      outs: (text) => { fs.writeSync(log.config().fd, text); },
    };
    try {
      install.call(m, api, args);
    } catch (e) {
      if (e instanceof GuestExit) throw e;
      throw new PluginError(`-plugin ${spec.path}: install failed: ${(e as Error).message ?? String(e)}`);
    }
  }

  /** Connects to a (new) process image: the first one, or the one an execve loaded. */
  attach(p: GuestProcess): void {
    this.proc = p;
    this.vcpus = new WeakMap();
    this.lastCpu = undefined;
    this.nextVcpu = 0;
    const fe = p.engine.fe;
    if (this.instances.some((i) => i.translate.length)) {
      this.memHelper = {
        name: 'plugin_mem', args: memHookArgs(fe.wordTy),
        fn: fe.wordTy === Ty.I64
          ? (cpu: CpuState, id: number, lo: number, hi: number, off: number, info: number) => this.mem(cpu, id, hi * 0x1_0000_0000 + (lo >>> 0) + off, info)
          : (cpu: CpuState, id: number, a: number, off: number, info: number) => this.mem(cpu, id, (a + off) >>> 0, info),
      };
      p.engine.instrument = this;
    }
    if (this.instances.some((i) => i.syscall.length || i.sysret.length)) this.wrapSyscalls(p);
  }

  private mem(cpu: CpuState, id: number, vaddr: number, info: number): void {
    const store = (info & MEM_STORE) !== 0;
    if ((this.memFilter[id] & (store ? 2 : 1)) === 0) return;
    try { this.memCbs[id](this.vcpu(cpu), vaddr, info & 0xff, store); } catch (e) { rethrow(this.memOwner[id], e); }
  }

  private wrapSyscalls(p: GuestProcess): void {
    const k = p.kernel;
    const abi = k.abi;
    const syscall = k.syscall.bind(k);
    const withArgs = this.instances.filter((i) => i.syscall.length);
    const withRet = this.instances.filter((i) => i.sysret.length);
    k.syscall = (cpu: CpuState) => {
      const nr = abi.nr(cpu);
      const vcpu = this.vcpu(cpu);
      if (withArgs.length) {
        const args = [0, 1, 2, 3, 4, 5].map((i) => abi.arg(cpu, i));
        for (const inst of withArgs) for (const cb of inst.syscall) try { cb(vcpu, nr, args); } catch (e) { rethrow(inst.name, e); }
      }
      syscall(cpu);
      if (withRet.length) {
        const ret = abi.arg(cpu, 0);
        for (const inst of withRet) for (const cb of inst.sysret) try { cb(vcpu, nr, ret); } catch (e) { rethrow(inst.name, e); }
      }
    };
  }

  /** Instrumenter: shows the new block to every plugin and collects the calls they registered. */
  block(pc: number, sites: readonly InsnSite[]): BlockHooks | undefined {
    const fe = this.proc.engine.fe;
    const entry: Hook[] = [];
    const insn: Hook[][] = [];
    const mem: Hook[][] = [];
    for (const inst of this.instances) {
      if (!inst.translate.length) continue;
      const insns = sites.map((s, i) => this.insnView(fe, s, inst.name, insn[i] ??= [], mem[i] ??= []));
      const last = sites[sites.length - 1];
      const tb: PluginBlock = {
        vaddr: pc - (pc & (fe.arch === 'arm' ? 1 : 0)), insns, nInsns: insns.length, size: last.pc + last.len - pc,
        onExec: (cb) => { entry.push({ helper: this.execHelper, id: this.addExec(cb, inst.name) }); },
      };
      for (const cb of inst.translate) try { cb(tb); } catch (e) { rethrow(inst.name, e); }
    }
    if (!entry.length && !insn.some((h) => h?.length) && !mem.some((h) => h?.length)) return undefined;
    return { entry, insn, mem };
  }

  private addExec(cb: ExecCallback, owner: string): number {
    if (typeof cb !== 'function') throw new TypeError('onExec needs a function');
    this.execCbs.push(cb);
    this.execOwner.push(owner);
    return this.execCbs.length - 1;
  }

  private insnView(fe: Frontend, s: InsnSite, owner: string, execHooks: Hook[], memHooks: Hook[]): PluginInsn {
    const thumb = fe.arch === 'arm' && (s.pc & 1) === 1;
    const vaddr = s.pc - (thumb ? 1 : 0);
    const dv = this.proc.mem.dv;
    const buffer = this.proc.mem.buffer;
    let disas: string | undefined, bytes: Uint8Array | undefined;
    return {
      vaddr, size: s.len, thumb,
      get bytes() { return bytes ??= new Uint8Array(buffer.slice(vaddr - GUEST_BASE, vaddr - GUEST_BASE + s.len)); },
      get disas() { return disas ??= fe.disassemble(s.pc, (a) => dv.getUint16(a - GUEST_BASE, fe.littleEndian)).text; },
      onExec: (cb) => { execHooks.push({ helper: this.execHelper, id: this.addExec(cb, owner) }); },
      onMem: (cb: MemCallback, filter: MemFilter = 'rw') => {
        if (typeof cb !== 'function') throw new TypeError('onMem needs a function');
        this.memCbs.push(cb);
        this.memOwner.push(owner);
        this.memFilter.push((filter.includes('r') ? 1 : 0) | (filter.includes('w') ? 2 : 0));
        memHooks.push({ helper: this.memHelper!, id: this.memCbs.length - 1 });
      },
    };
  }

  readMemory(vaddr: number, len: number): Uint8Array | undefined {
    const pages = this.proc.mem.pages;
    if (vaddr < GUEST_BASE || len < 0 || vaddr + len > 0x1_0000_0000) return undefined;
    for (let a = vaddr; a < vaddr + len; a = (Math.floor(a / 4096) + 1) * 4096) if (pages.protAt(a) === 0) return undefined;
    return new Uint8Array(this.proc.mem.buffer.slice(vaddr - GUEST_BASE, vaddr - GUEST_BASE + len));
  }

  /** The process ends: every plugin's exit callbacks, once. */
  exit(): void {
    if (this.exited) return;
    this.exited = true;
    for (const inst of this.instances) for (const cb of inst.exit) {
      try { cb(); } catch (e) { fs.writeSync(2, `nodemu: plugin ${inst.name}: exit callback failed: ${(e as Error).message ?? String(e)}\n`); }
    }
  }
}

/** Loads the plugins into a new process; a load failure ends it with status 1 after one line on stderr. */
export function attachPlugins(specs: readonly PluginSpec[], p: GuestProcess): PluginHost {
  const host = new PluginHost(specs);
  try {
    host.load(p);
  } catch (e) {
    if (!(e instanceof PluginError)) throw e;
    fs.writeSync(2, `nodemu: ${e.message}\n`);
    throw new GuestExit(1);
  }
  return host;
}
