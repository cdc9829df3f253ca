// Runs one guest program: memory, loader, CPU, kernel, CPU loop.
// The CPU loop is QEMU's cpu_loop: a switch on why translated code stopped.

import type { Arch, CpuState, Frontend } from '../cpu/types';
import { GuestMemory } from '../memory/guest-memory';
import { debugLogger, log } from '../log';
import { Exit } from '../translate/ir';
import { Engine } from '../translate/engine';
import { GuestExit } from './exit';

const dbg = debugLogger('nodemu:run');

export interface RunOptions {
  /** Host path of the program to load. */
  path: string;
  /** Guest argv (argv[0] already chosen, e.g. by -0). */
  argv: string[];
  /** Guest environment, "NAME=value" strings. */
  env: string[];
  /** Architecture picked from the ELF header (or forced by nodemu-<arch>). */
  arch: Arch;
  /** -L / NODEMU_LD_PREFIX */
  ldPrefix?: string;
  /** -s: guest stack size in bytes */
  stackSize?: number;
  /** -strace */
  strace?: boolean;
  /** -cpu model (ARCHS[arch].cpus); default the architecture's first. */
  cpu?: string;
  /** -g: wait for gdb on this [host:]port before the first instruction (src/gdbstub). */
  gdb?: string;
  /** AT_EXECFN (the path as the guest named it in execve); default `path`. */
  execfn?: string;
  /** The umask the guest starts with (default: the host process's). */
  umask?: number;
  /** -plugin: instrumentation plugins loaded into every guest process (src/plugins). */
  plugins?: import('../plugins/host').PluginSpec[];
}

export type RunResult = { code: number; signal?: undefined } | { code?: undefined; signal: number };

/** What run.ts needs of each guest architecture. */
export interface Target {
  frontend: Frontend;
  createCpu(mem: GuestMemory): CpuState;
  /** Sets the thread pointer (clone CLONE_SETTLS). */
  setTls(cpu: CpuState, tls: number): void;
  /** Sets the registers a freshly exec'd process starts with. */
  start(cpu: CpuState, pc: number, sp: number): void;
  abi: import('./kernel').SyscallAbi;
}

function target(arch: Arch): Target {
  switch (arch) {
    case 'riscv64': {
      // Required lazily so start-up only loads the architecture in use (and its decoder
      // only when a block must be translated: cpu/<arch>/frontend.ts).
      const { riscv64Frontend } = require('../cpu/riscv64/frontend') as typeof import('../cpu/riscv64/frontend');
      const { createRiscvCpu } = require('../cpu/riscv64/cpu') as typeof import('../cpu/riscv64/cpu');
      const { riscv64Abi } = require('./riscv64/abi') as typeof import('./riscv64/abi');
      return {
        frontend: riscv64Frontend,
        createCpu: createRiscvCpu,
        start(cpu, pc, sp) {
          cpu.pc = pc;
          cpu.regs[2 * 2] = sp | 0; // x2 = sp
          cpu.regs[2 * 2 + 1] = Math.floor(sp / 0x1_0000_0000);
        },
        setTls(cpu, tls) { cpu.regs[4 * 2] = tls | 0; cpu.regs[4 * 2 + 1] = Math.floor(tls / 0x1_0000_0000) | 0; }, // x4 = tp
        abi: riscv64Abi,
      };
    }
    case 'aarch64': {
      const { aarch64Frontend } = require('../cpu/aarch64/frontend') as typeof import('../cpu/aarch64/frontend');
      const a64 = require('../cpu/aarch64/cpu') as typeof import('../cpu/aarch64/cpu');
      const { TPIDR_SLOT } = require('../cpu/aarch64/regs') as typeof import('../cpu/aarch64/regs');
      const { aarch64Abi } = require('./aarch64/abi') as typeof import('./aarch64/abi');
      return {
        frontend: aarch64Frontend,
        createCpu: a64.createAarch64Cpu,
        start: a64.setStart,
        setTls(cpu, tls) { cpu.regs[TPIDR_SLOT] = tls | 0; cpu.regs[TPIDR_SLOT + 1] = Math.floor(tls / 0x1_0000_0000) | 0; },
        abi: aarch64Abi,
      };
    }
    case 'arm': {
      const { armFrontend } = require('../cpu/arm/frontend') as typeof import('../cpu/arm/frontend');
      const arm = require('../cpu/arm/cpu') as typeof import('../cpu/arm/cpu');
      const { TPIDRURO_SLOT } = require('../cpu/arm/regs') as typeof import('../cpu/arm/regs');
      const { armAbi } = require('./arm/abi') as typeof import('./arm/abi');
      return {
        frontend: armFrontend,
        createCpu: arm.createArmCpu,
        // The entry's bit 0 selects Thumb, as for a `bx` to it.
        start: (cpu, pc, sp) => arm.setStart(cpu as import('../cpu/arm/cpu').ArmCpu, pc, sp),
        setTls(cpu, tls) { cpu.regs[TPIDRURO_SLOT] = tls | 0; },
        abi: armAbi,
      };
    }
    default:
      throw new Error(`architecture ${arch} is not supported yet`);
  }
}

const SIGNAL_NAMES: Record<number, string> = {
  4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted', 7: 'Bus error', 8: 'Floating point exception',
  11: 'Segmentation fault', 13: 'Broken pipe',
};

/** One guest process image: its address space, CPU, translation cache and kernel. */
export interface GuestProcess {
  arch: Arch;
  t: Target;
  mem: GuestMemory;
  engine: Engine;
  cpu: CpuState;
  kernel: import('./kernel').Kernel;
  /** -plugin instances of this process (kept across execve). */
  plugins?: import('../plugins/host').PluginHost;
}

/** What else a new image needs: process identity and inherited kernel state (exec, fork). */
export interface ProcessContext {
  pid?: number;
  ppid?: number;
  inherit?: import('./process/image').InheritedState;
  /** Connection to the process host (worker mode). */
  link?: import('./process/rpc').HostLink;
}

/** The translation cache on disk for a process running `exePath` (translate/tb-cache.ts); undefined when off. */
function openTbCache(fe: import('../cpu/types').Frontend, mem: GuestMemory, exePath: string): import('../translate/tb-cache').TbCache | undefined {
  const { TbCache, tbCacheEnabled } = require('../translate/tb-cache') as typeof import('../translate/tb-cache');
  if (!tbCacheEnabled()) return undefined;
  return TbCache.open(fe, mem, exePath, (require('../codecache') as typeof import('../codecache')).cacheDir());
}

/** Loads `opts.path` into a fresh address space. */
export function startProcess(opts: RunOptions, ctx: ProcessContext = {}): GuestProcess {
  const { loadProgram } = require('../loader') as typeof import('../loader');
  const { Kernel } = require('./kernel') as typeof import('./kernel');
  const t = target(opts.arch);
  const mem = new GuestMemory();
  const image = loadProgram({
    path: opts.path, argv: opts.argv, env: opts.env, mem, arch: opts.arch,
    ldPrefix: opts.ldPrefix, stackSize: opts.stackSize, execfn: opts.execfn ?? opts.path, cpu: opts.cpu,
  });
  if (log.on('page')) {
    log.write('page', mem.pages.list().map((m) =>
      `${m.start.toString(16).padStart(8, '0')}-${m.end.toString(16).padStart(8, '0')} ${m.prot & 1 ? 'r' : '-'}${m.prot & 2 ? 'w' : '-'}${m.prot & 4 ? 'x' : '-'} ${m.name}`).join('\n'));
    log.write('page', `start_brk   0x${image.brk.toString(16)}\nentry       0x${image.entry.toString(16)}\nstack_ptr   0x${image.sp.toString(16)}`);
  }
  const engine = new Engine(t.frontend, mem);
  engine.persist = openTbCache(t.frontend, mem, image.exePath);
  const cpu = t.createCpu(mem);
  t.start(cpu, image.entry, image.sp);
  const kernel = new Kernel({
    mem, arch: opts.arch, abi: t.abi, brk: image.brk, mmapTop: image.mmapTop, mmapBottom: image.mmapBottom,
    execPath: image.exePath, argv: opts.argv, env: opts.env, strace: !!opts.strace,
    ldPrefix: opts.ldPrefix, auxv: image.auxv,
    onFlushCode: (start, end) => engine.invalidate(start, end),
    pid: ctx.pid, ppid: ctx.ppid, inherit: ctx.inherit,
  });
  kernel.link = ctx.link;
  if (opts.umask !== undefined && !ctx.inherit) kernel.umask = opts.umask;
  const p: GuestProcess = { arch: opts.arch, t, mem, engine, cpu, kernel };
  kernel.proc = p;
  if (opts.plugins?.length) p.plugins = (require('../plugins/host') as typeof import('../plugins/host')).attachPlugins(opts.plugins, p);
  // -g: the stub wraps engine.run and kernel.syscall; the guest waits for gdb before its first instruction.
  if (opts.gdb !== undefined) (require('../gdbstub') as typeof import('../gdbstub')).attachToProcess(opts.gdb, p);
  return p;
}

/** The child of fork: a copy of the parent's image (see process/image.ts). */
export function forkProcess(img: import('./process/image').ForkImage, ctx: ProcessContext): GuestProcess {
  return fromImage(img, ctx, false);
}

/**
 * The first process moved from the main thread into its worker (process/first.ts): the
 * image's memory itself is taken over (the main thread no longer runs guest code), and
 * its host fds keep the holder count they had there.
 */
export function adoptProcess(img: import('./process/image').ForkImage, ctx: ProcessContext, extra: { clearTid: number; robust: { head: number; len: number } }): GuestProcess {
  const p = fromImage(img, ctx, true);
  p.kernel.clearChildTid = extra.clearTid;
  p.kernel.robustList = extra.robust;
  return p;
}

/** A process built from an image: memory copied (fork) or taken over (`adopt`). */
function fromImage(img: import('./process/image').ForkImage, ctx: ProcessContext, adopt: boolean): GuestProcess {
  const { Kernel } = require('./kernel') as typeof import('./kernel');
  const im = require('./process/image') as typeof import('./process/image');
  const t = target(img.arch);
  const mem = new GuestMemory(adopt ? img.memory : undefined);
  mem.pages.restore(img.pages);
  if (!adopt) im.copyMappedPages(img.memory, mem, img.pages.flags);
  const engine = new Engine(t.frontend, mem);
  engine.persist = openTbCache(t.frontend, mem, img.execPath);
  const cpu = t.createCpu(mem);
  im.restoreCpu(cpu, img.regs, img.cpuFields);
  const kernel = new Kernel({
    mem, arch: img.arch, abi: t.abi, brk: img.brkStart, mmapTop: img.mmapTop, mmapBottom: img.mmapBottom,
    execPath: img.execPath, argv: img.argv, env: img.env, strace: img.strace, ldPrefix: img.ldPrefix || undefined,
    auxv: img.auxv, onFlushCode: (start, end) => engine.invalidate(start, end),
    pid: ctx.pid, ppid: ctx.ppid,
    inherit: {
      fds: im.restoreFds(img.fds, !adopt), cwd: Buffer.from(img.cwd), umask: img.umask, rlimits: img.rlimits,
      actions: img.actions, blocked: img.blocked, altStack: img.altStack,
    },
  });
  kernel.mm.brkCur = img.brkCur;
  kernel.comm = img.comm;
  kernel.link = ctx.link;
  const p: GuestProcess = { arch: img.arch, t, mem, engine, cpu, kernel };
  kernel.proc = p;
  // A forked child gets fresh plugin instances (JavaScript state cannot be copied).
  if (img.plugins?.length) p.plugins = (require('../plugins/host') as typeof import('../plugins/host')).attachPlugins(img.plugins, p);
  return p;
}

/** The parent's side of fork: its state as a message (memory is copied by the child). */
export function forkImage(p: GuestProcess): import('./process/image').ForkImage {
  const im = require('./process/image') as typeof import('./process/image');
  const k = p.kernel;
  return {
    arch: p.arch, memory: p.mem.wasm, pages: p.mem.pages.snapshot(), regs: p.cpu.regs.slice(), cpuFields: im.cpuFields(p.cpu),
    brkStart: k.mm.brkStart, brkCur: k.mm.brkCur, mmapTop: k.mm.mmapTop, mmapBottom: k.mm.mmapBottom,
    fds: im.fdsImage(k.fds), cwd: k.cwd, umask: k.umask, rlimits: k.rlimits,
    actions: k.signals.actions.map((a) => ({ ...a })), blocked: k.signals.blocked, altStack: { ...k.signals.altStack },
    comm: k.comm, execPath: k.execPath, argv: k.argv, env: k.env, auxv: k.auxv.map(([a, b]) => [a, b]),
    ldPrefix: k.ldPrefix, strace: k.strace, plugins: p.plugins ? [...p.plugins.specs] : undefined,
  };
}

/** execve of a guest program: a new image that keeps the pid, fds (minus close-on-exec), cwd, ignored signals. */
export function execProcess(old: GuestProcess, tgt: import('./process/exec').ExecTarget & { kind: 'guest' }): GuestProcess {
  const k = old.kernel;
  k.fds.closeOnExec();
  k.signals.resetForExec();
  const np = startProcess(
    { path: tgt.hostPath, argv: tgt.argv, env: tgt.env, arch: tgt.arch, ldPrefix: k.ldPrefix || undefined, strace: k.strace, execfn: tgt.execfn },
    {
      pid: k.pid, ppid: k.ppid, link: k.link,
      inherit: {
        fds: k.fds, cwd: k.cwd, umask: k.umask, rlimits: k.rlimits,
        actions: k.signals.actions, blocked: k.signals.blocked,
      },
    },
  );
  // POSIX: pending signals and interval timers survive execve.
  np.kernel.signals.adoptPending(k.signals);
  (require('./signals/timers') as typeof import('./signals/timers')).inheritItimers(k, np.kernel);
  // Same process: the plugins go on counting in the new image.
  if (old.plugins) { np.plugins = old.plugins; np.plugins.attach(np); }
  return np;
}

export type LoopResult = RunResult | { hostExec: import('./process/exec').ExecTarget & { kind: 'host' }; proc: GuestProcess };

export function runProgram(opts: RunOptions): RunResult {
  const r = runLoop(startProcess(opts));
  if ('hostExec' in r) return runHostSync(r.hostExec, r.proc);
  return r;
}

/** Single-process mode: a host program replaces the guest; it gets the guest's host fds for stdio. */
function runHostSync(tgt: import('./process/exec').ExecTarget & { kind: 'host' }, p: GuestProcess): RunResult {
  const cp = require('child_process') as typeof import('child_process');
  const k = p.kernel;
  const stdio = [0, 1, 2].map((fd) => (k.fds.has(fd) ? k.fds.get(fd).hostFd ?? 'ignore' : 'ignore'));
  const r = cp.spawnSync(tgt.hostPath, tgt.argv.slice(1), {
    argv0: tgt.argv[0], stdio, cwd: k.cwd.toString(), env: envObject(tgt.env),
  });
  if (r.error) return { code: 127 };
  if (r.signal) return { signal: require('os').constants.signals[r.signal] as number };
  return { code: r.status ?? 0 };
}

export function envObject(env: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env) {
    const i = e.indexOf('=');
    if (i > 0) out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}

/** Runs a process until it exits, dies, or execs a host program; guest execs continue in place. */
export function runLoop(p: GuestProcess): LoopResult {
  const { ExecRequest } = require('./process/exec') as typeof import('./process/exec');
  const sig = require('./signals/delivery') as typeof import('./signals/delivery');
  for (;;) {
    if (p.kernel.link) {
      sig.bindCpu(p.kernel, p.cpu);
      const k = p.kernel;
      k.link!.registerMailbox(sig.signalMailbox(k), { comm: k.comm, argv: k.argv, exe: k.execPath });
    }
    try {
      const r = cpuLoop(p.engine, p.cpu, p.kernel);
      p.plugins?.exit();
      p.engine.saveTranslations();
      return r;
    } catch (e) {
      if (!(e instanceof ExecRequest)) throw e;
      p.engine.saveTranslations();
      p.kernel.link?.execed(e.target.hostPath);
      if (e.target.kind === 'host') { p.plugins?.exit(); return { hostExec: e.target, proc: p }; }
      p = execProcess(p, e.target);
    }
  }
}

function cpuLoop(engine: Engine, cpu: CpuState, kernel: import('./kernel').Kernel): RunResult {
  const sig = require('./signals/delivery') as typeof import('./signals/delivery');
  sig.bindCpu(kernel, cpu);
  try {
    for (;;) {
      // Several guest threads: the scheduler may hand the CPU to another one (process/threads.ts).
      const sched = kernel.sched;
      if (sched) { sched.tick(); cpu = sched.next(); }
      const why = engine.run(cpu);
      switch (why) {
        case Exit.Syscall:
          sig.handleSyscall(kernel, cpu);
          break;
        case Exit.Signal:
        case Exit.Fault:
          dbg('target signal %d (%s) at pc 0x%s', cpu.exitArg || 11, SIGNAL_NAMES[cpu.exitArg || 11] ?? 'signal', cpu.pc.toString(16));
          sig.handleFault(kernel, cpu, () => engine.faultAddress(cpu));
          break;
        case Exit.Interrupt:
          sig.deliverPending(kernel, cpu);
          break;
        default:
          throw new Error(`unexpected block exit ${why}`);
      }
    }
  } catch (e) {
    if (e instanceof GuestExit) return e.signal ? { signal: e.signal } : { code: e.code & 0xff };
    throw e;
  }
}
