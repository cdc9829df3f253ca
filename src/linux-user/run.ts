// Runs one guest program: memory, loader, CPU, kernel, CPU loop.
// The CPU loop is QEMU's cpu_loop: a switch on why translated code stopped.

import createDebug from 'debug';
import type { Arch, CpuState, Frontend } from '../cpu/types';
import { GuestMemory } from '../memory/guest-memory';
import { log } from '../log';
import { Exit } from '../translate/ir';
import { Engine } from '../translate/engine';
import { GuestExit } from './exit';

const dbg = createDebug('nodemu:run');

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
}

export type RunResult = { code: number; signal?: undefined } | { code?: undefined; signal: number };

/** What run.ts needs of each guest architecture. */
interface Target {
  frontend: Frontend;
  createCpu(mem: GuestMemory): CpuState;
  /** Sets the registers a freshly exec'd process starts with. */
  start(cpu: CpuState, pc: number, sp: number): void;
  abi: import('./kernel').SyscallAbi;
}

function target(arch: Arch): Target {
  switch (arch) {
    case 'riscv64': {
      // Required lazily so start-up only loads the architecture in use.
      const rv = require('../cpu/riscv64') as typeof import('../cpu/riscv64');
      const { riscv64Abi } = require('./riscv64/abi') as typeof import('./riscv64/abi');
      return {
        frontend: rv.riscv64Frontend,
        createCpu: rv.createRiscvCpu,
        start(cpu, pc, sp) {
          cpu.pc = pc;
          cpu.regs[2 * 2] = sp | 0; // x2 = sp
          cpu.regs[2 * 2 + 1] = Math.floor(sp / 0x1_0000_0000);
        },
        abi: riscv64Abi,
      };
    }
    case 'aarch64': {
      const a64 = require('../cpu/aarch64') as typeof import('../cpu/aarch64');
      const { aarch64Abi } = require('./aarch64/abi') as typeof import('./aarch64/abi');
      return {
        frontend: a64.aarch64Frontend,
        createCpu: a64.createAarch64Cpu,
        start: a64.setStart,
        abi: aarch64Abi,
      };
    }
    case 'arm': {
      const arm = require('../cpu/arm') as typeof import('../cpu/arm');
      const { armAbi } = require('./arm/abi') as typeof import('./arm/abi');
      return {
        frontend: arm.armFrontend,
        createCpu: arm.createArmCpu,
        // The entry's bit 0 selects Thumb, as for a `bx` to it.
        start: (cpu, pc, sp) => arm.setStart(cpu as import('../cpu/arm').ArmCpu, pc, sp),
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

export function runProgram(opts: RunOptions): RunResult {
  const { loadProgram } = require('../loader') as typeof import('../loader');
  const { Kernel } = require('./kernel') as typeof import('./kernel');
  const t = target(opts.arch);
  const mem = new GuestMemory();
  const image = loadProgram({
    path: opts.path, argv: opts.argv, env: opts.env, mem, arch: opts.arch,
    ldPrefix: opts.ldPrefix, stackSize: opts.stackSize, execfn: opts.path, cpu: opts.cpu,
  });
  if (log.on('page')) {
    log.write('page', mem.pages.list().map((m) =>
      `${m.start.toString(16).padStart(8, '0')}-${m.end.toString(16).padStart(8, '0')} ${m.prot & 1 ? 'r' : '-'}${m.prot & 2 ? 'w' : '-'}${m.prot & 4 ? 'x' : '-'} ${m.name}`).join('\n'));
    log.write('page', `start_brk   0x${image.brk.toString(16)}\nentry       0x${image.entry.toString(16)}\nstack_ptr   0x${image.sp.toString(16)}`);
  }
  const engine = new Engine(t.frontend, mem);
  const cpu = t.createCpu(mem);
  t.start(cpu, image.entry, image.sp);
  const kernel = new Kernel({
    mem, arch: opts.arch, abi: t.abi, brk: image.brk, mmapTop: image.mmapTop, mmapBottom: image.mmapBottom,
    execPath: image.exePath, argv: opts.argv, env: opts.env, strace: !!opts.strace,
    ldPrefix: opts.ldPrefix, auxv: image.auxv,
    onFlushCode: (start, end) => engine.invalidate(start, end),
  });
  const gdb = opts.gdb === undefined ? undefined
    : (require('../gdbstub') as typeof import('../gdbstub')).attachToProcess(opts.gdb, { arch: opts.arch, engine, cpu, mem, kernel });
  const r = cpuLoop(engine, cpu, kernel);
  gdb?.exited(r);
  return r;
}

function cpuLoop(engine: Engine, cpu: CpuState, kernel: import('./kernel').Kernel): RunResult {
  const sig = require('./signals/delivery') as typeof import('./signals/delivery');
  sig.bindCpu(kernel, cpu);
  try {
    for (;;) {
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
