// Per-architecture register views for the gdbstub: the target description XML
// gdb reads (qXfer:features:read:target.xml) and how each gdb register number
// maps onto the CPU state. Register values travel as little-endian byte strings.

import type { Arch, CpuState } from '../cpu/types';

export interface GdbReg {
  readonly name: string;
  readonly bits: number;
  /** Raw little-endian bytes of the value. */
  get(cpu: CpuState): Buffer;
  set(cpu: CpuState, v: Buffer): void;
}

export interface GdbArch {
  readonly xml: string;
  /** Indexed by gdb register number (sparse on arm: 16..24 are the old FPA registers). */
  readonly regs: ReadonlyArray<GdbReg | undefined>;
  /** The registers the `g` packet carries (gdb fetches the others with `p`). */
  readonly gRegs: readonly number[];
  /** The pc gdb sees (arm: without the Thumb bit). */
  pc(cpu: CpuState): number;
}

/** A register stored as int32 slots of cpu.regs (lo first). */
function slots(name: string, bits: number, first: number): GdbReg {
  const n = bits / 32;
  return {
    name, bits,
    get: (cpu) => { const b = Buffer.alloc(bits / 8); for (let i = 0; i < n; i++) b.writeInt32LE(cpu.regs[first + i], 4 * i); return b; },
    set: (cpu, v) => { for (let i = 0; i < n; i++) cpu.regs[first + i] = v.readInt32LE(4 * i); },
  };
}

function u32(name: string, get: (cpu: CpuState) => number, set: (cpu: CpuState, v: number) => void): GdbReg {
  return {
    name, bits: 32,
    get: (cpu) => { const b = Buffer.alloc(4); b.writeUInt32LE(get(cpu) >>> 0); return b; },
    set: (cpu, v) => set(cpu, v.readUInt32LE(0)),
  };
}

/** A 64-bit pc: guest pcs live below 4 GiB. */
function pc64(): GdbReg {
  return {
    name: 'pc', bits: 64,
    get: (cpu) => { const b = Buffer.alloc(8); b.writeUInt32LE(cpu.pc >>> 0); return b; },
    set: (cpu, v) => { cpu.pc = v.readUInt32LE(0); },
  };
}

function feature(name: string, regs: string[]): string {
  return `<feature name="${name}">\n${regs.join('\n')}\n</feature>`;
}
function xmlReg(r: GdbReg, regnum: number, type?: string, group?: string): string {
  return `  <reg name="${r.name}" bitsize="${r.bits}" regnum="${regnum}"${type ? ` type="${type}"` : ''}${group ? ` group="${group}"` : ''}/>`;
}
function target(arch: string, features: string[]): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE target SYSTEM "gdb-target.dtd">\n<target>\n<architecture>${arch}</architecture>\n<osabi>GNU/Linux</osabi>\n${features.join('\n')}\n</target>\n`;
}

function riscv64(): GdbArch {
  const { XREG_NAMES, XREG_SLOT, FREG_NAMES, FREG_SLOT } = require('../cpu/riscv64/regs') as typeof import('../cpu/riscv64/regs');
  type Rv = import('../cpu/riscv64/cpu').RiscvCpu;
  const regs: GdbReg[] = [];
  for (let i = 0; i < 32; i++) {
    const r = slots(XREG_NAMES[i], 64, XREG_SLOT(i));
    // x0 is hard-wired to zero.
    regs.push(i === 0 ? { ...r, set: () => undefined } : r);
  }
  regs.push(pc64());
  for (let i = 0; i < 32; i++) regs.push(slots(FREG_NAMES[i], 64, FREG_SLOT(i)));
  regs.push(u32('fflags', (c) => (c as Rv).fflags, (c, v) => { (c as Rv).fflags = v; }));
  regs.push(u32('frm', (c) => (c as Rv).frm & 7, (c, v) => { (c as Rv).frm = v & 7; }));
  regs.push(u32('fcsr', (c) => (c as Rv).fcsr, (c, v) => { (c as Rv).fcsr = v; }));
  const cpuFeature = regs.slice(0, 33).map((r, i) => xmlReg(r, i, i === 2 ? 'data_ptr' : i === 1 || i === 32 ? 'code_ptr' : 'int'));
  const fpuFeature = regs.slice(33).map((r, i) => xmlReg(r, 33 + i, i < 32 ? 'ieee_double' : 'int', 'float'));
  return {
    xml: target('riscv:rv64', [feature('org.gnu.gdb.riscv.cpu', cpuFeature), feature('org.gnu.gdb.riscv.fpu', fpuFeature)]),
    regs, gRegs: regs.map((_, i) => i).slice(0, 33), pc: (cpu) => cpu.pc,
  };
}

const A64_VECTOR_TYPES = `  <vector id="v2d" type="ieee_double" count="2"/>
  <vector id="v2u" type="uint64" count="2"/>
  <vector id="v2i" type="int64" count="2"/>
  <vector id="v4f" type="ieee_single" count="4"/>
  <vector id="v4u" type="uint32" count="4"/>
  <vector id="v4i" type="int32" count="4"/>
  <vector id="v8u" type="uint16" count="8"/>
  <vector id="v8i" type="int16" count="8"/>
  <vector id="v16u" type="uint8" count="16"/>
  <vector id="v16i" type="int8" count="16"/>
  <vector id="v1u" type="uint128" count="1"/>
  <vector id="v1i" type="int128" count="1"/>
  <union id="vnd"><field name="f" type="v2d"/><field name="u" type="v2u"/><field name="s" type="v2i"/></union>
  <union id="vns"><field name="f" type="v4f"/><field name="u" type="v4u"/><field name="s" type="v4i"/></union>
  <union id="vnh"><field name="u" type="v8u"/><field name="s" type="v8i"/></union>
  <union id="vnb"><field name="u" type="v16u"/><field name="s" type="v16i"/></union>
  <union id="vnq"><field name="u" type="v1u"/><field name="s" type="v1i"/></union>
  <union id="aarch64v"><field name="d" type="vnd"/><field name="s" type="vns"/><field name="h" type="vnh"/><field name="b" type="vnb"/><field name="q" type="vnq"/></union>`;

function aarch64(): GdbArch {
  const { XREG_SLOT, SP_SLOT, VREG_SLOT } = require('../cpu/aarch64/regs') as typeof import('../cpu/aarch64/regs');
  type A64 = import('../cpu/aarch64/cpu').Aarch64Cpu;
  const regs: GdbReg[] = [];
  for (let i = 0; i < 31; i++) regs.push(slots(`x${i}`, 64, XREG_SLOT(i)));
  regs.push(slots('sp', 64, SP_SLOT));
  regs.push(pc64());
  regs.push(u32('cpsr', (c) => (c as A64).nzcv, (c, v) => { (c as A64).nzcv = v & 0xf0000000; }));
  for (let i = 0; i < 32; i++) regs.push(slots(`v${i}`, 128, VREG_SLOT(i)));
  regs.push(u32('fpsr', (c) => (c as A64).fpsr, (c, v) => { (c as A64).fpsr = v; }));
  regs.push(u32('fpcr', (c) => (c as A64).fpcr, (c, v) => { (c as A64).fpcr = v; }));
  const core = regs.slice(0, 34).map((r, i) => xmlReg(r, i, i === 31 ? 'data_ptr' : i === 32 ? 'code_ptr' : i === 33 ? 'int' : 'int'));
  const fpu = regs.slice(34).map((r, i) => xmlReg(r, 34 + i, i < 32 ? 'aarch64v' : 'int', i < 32 ? undefined : 'float'));
  return {
    xml: target('aarch64', [feature('org.gnu.gdb.aarch64.core', core), feature('org.gnu.gdb.aarch64.fpu', [A64_VECTOR_TYPES, ...fpu])]),
    regs, gRegs: regs.map((_, i) => i).slice(0, 34), pc: (cpu) => cpu.pc,
  };
}

function arm(): GdbArch {
  const { REG_NAMES, DREG_SLOT } = require('../cpu/arm/regs') as typeof import('../cpu/arm/regs');
  type Arm = import('../cpu/arm/cpu').ArmCpu;
  const regs: Array<GdbReg | undefined> = [];
  for (let i = 0; i < 15; i++) regs.push(slots(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr'][i], 32, i));
  // pc without the Thumb bit; writing it keeps the current instruction set.
  regs.push(u32('pc', (c) => (c as Arm).r(15), (c, v) => { c.pc = ((v & ~1) | (c.pc & 1)) >>> 0; }));
  for (let i = 16; i < 25; i++) regs.push(undefined);
  regs.push(u32('cpsr', (c) => (c as Arm).cpsr, (c, v) => { (c as Arm).apsr = v; c.pc = ((c.pc & ~1) | ((v >>> 5) & 1)) >>> 0; }));
  for (let i = 0; i < 32; i++) regs.push(slots(`d${i}`, 64, DREG_SLOT(i)));
  regs.push(u32('fpscr', (c) => (c as Arm).fpscr, (c, v) => { (c as Arm).fpscr = v; }));
  void REG_NAMES;
  const core = regs.slice(0, 26).flatMap((r, i) => r ? [xmlReg(r, i, i === 13 ? 'data_ptr' : i === 15 ? 'code_ptr' : 'uint32')] : []);
  const vfp = regs.slice(26).map((r, i) => xmlReg(r!, 26 + i, i < 32 ? 'ieee_double' : 'int', 'float'));
  return {
    xml: target('arm', [feature('org.gnu.gdb.arm.core', core), feature('org.gnu.gdb.arm.vfp', vfp)]),
    regs, gRegs: [...Array(16).keys(), 25], pc: (cpu) => (cpu as Arm).r(15),
  };
}

export function gdbArch(arch: Arch): GdbArch {
  switch (arch) {
    case 'riscv64': return riscv64();
    case 'aarch64': return aarch64();
    case 'arm': return arm();
    default: throw new Error(`no gdb support for ${arch as string}`);
  }
}
