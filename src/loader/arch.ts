// Per-architecture facts the loader (and the CLI) need: how to recognise the
// architecture in an ELF header, what the initial process image looks like
// (stack top, PIE load address, auxv hardware capabilities, AT_PLATFORM) and
// the CPU models `-cpu help` lists.
//
// Guest address-space layout (all guests live below 4 GiB, see guest-memory.ts):
//
//   0x00010000            lowest mappable address (GUEST_BASE, like mmap_min_addr)
//   0x00010000...         ET_EXEC images (riscv64 links at 0x10000, aarch64 at 0x400000)
//   etDynBase             ET_DYN (PIE / static-pie / ld.so run directly) images
//   ... brk heap grows up from the end of the image ...
//   ... mmap area grows down from mmapTop (interpreter goes there first) ...
//   stackTop - stackSize  [stack] (default 8 MiB)
//   stackTop
//   stackTop..4 GiB       left free: vdso / signal trampoline pages, and on
//                         arm the kuser helper page at 0xffff0000

import type { Arch } from '../cpu/types';
import { PROT_EXEC, PROT_READ } from '../memory/page-map';
import { ARM_VECTORS_BASE, armVectorsPage } from './arm-vectors';

/** A page the kernel maps into every process of the architecture (arm's kuser helper page). */
export interface FixedPage {
  readonly start: number;
  readonly data: Buffer;
  readonly prot: number;
  /** As /proc/self/maps shows it. */
  readonly name: string;
}

export interface ArchInfo {
  readonly arch: Arch;
  /** ELF e_machine. */
  readonly machine: number;
  /** ELFCLASS: 32 or 64. */
  readonly elfClass: 32 | 64;
  readonly littleEndian: boolean;
  /** Pointer size in bytes (4 or 8). */
  readonly wordSize: 4 | 8;
  /** AT_HWCAP. */
  readonly hwcap: number;
  /** AT_HWCAP2, if the architecture defines one worth passing. */
  readonly hwcap2?: number;
  /** AT_PLATFORM string, if the kernel passes one for this architecture. */
  readonly platform?: string;
  /** Exclusive top of the initial stack mapping (page aligned). */
  readonly stackTop: number;
  /** Load address of ET_DYN main programs (aligned up to their p_align). */
  readonly etDynBase: number;
  /** Whether the stack is executable when the program has no PT_GNU_STACK header. */
  readonly execStackDefault: boolean;
  /** CPU models accepted by -cpu (the first is the default). */
  readonly cpuModels: readonly string[];
  /** What each model changes: AT_HWCAP (and AT_HWCAP2), and a one-line description for -cpu help. */
  readonly cpus: Readonly<Record<string, CpuModel>>;
  /** Pages mapped into every process besides the program, its interpreter and the stack. */
  fixedPages?(): FixedPage[];
}

export interface CpuModel {
  readonly description: string;
  readonly hwcap: number;
  readonly hwcap2?: number;
}

/** The misa-style extension bitmask Linux passes as AT_HWCAP on RISC-V. */
function riscvHwcap(letters: string): number {
  let v = 0;
  for (const c of letters) v |= 1 << (c.charCodeAt(0) - 'A'.charCodeAt(0));
  return v >>> 0;
}

// arm32 HWCAP bits (arch/arm/include/uapi/asm/hwcap.h).
const ARM_HWCAP_SWP = 1 << 0, ARM_HWCAP_HALF = 1 << 1, ARM_HWCAP_THUMB = 1 << 2,
  ARM_HWCAP_FAST_MULT = 1 << 4, ARM_HWCAP_VFP = 1 << 6, ARM_HWCAP_EDSP = 1 << 7,
  ARM_HWCAP_NEON = 1 << 12, ARM_HWCAP_VFPv3 = 1 << 13, ARM_HWCAP_TLS = 1 << 15,
  ARM_HWCAP_IDIVA = 1 << 17, ARM_HWCAP_IDIVT = 1 << 18, ARM_HWCAP_VFPD32 = 1 << 19;
/**
 * What src/cpu/arm implements: ARMv7-A with SWP/SWPB, halfword loads, Thumb-2,
 * long multiplies, VFPv3 with 32 double registers, the DSP extension, TPIDRURO
 * (tls), SDIV/UDIV in both instruction sets and NEON (Advanced SIMD v1, so
 * glibc picks its NEON string functions). Not advertised: VFPv4 (scalar fused
 * multiply-add and half-precision conversions are not checked against it), LPAE,
 * and in AT_HWCAP2 the crypto and CRC32 instructions.
 */
const ARM_HWCAP = (ARM_HWCAP_SWP | ARM_HWCAP_HALF | ARM_HWCAP_THUMB | ARM_HWCAP_FAST_MULT | ARM_HWCAP_VFP |
  ARM_HWCAP_EDSP | ARM_HWCAP_NEON | ARM_HWCAP_VFPv3 | ARM_HWCAP_TLS | ARM_HWCAP_IDIVA | ARM_HWCAP_IDIVT | ARM_HWCAP_VFPD32) >>> 0;
// arm64 HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h).
const A64_HWCAP_FP = 1 << 0, A64_HWCAP_ASIMD = 1 << 1, A64_HWCAP_ATOMICS = 1 << 8, A64_HWCAP_CPUID = 1 << 11;
/**
 * What src/cpu/aarch64 implements, and nothing more: glibc and libgcc pick
 * code paths by these bits (memcpy variants, outline atomics via LSE).
 * FP, AdvSIMD, LSE atomics (ATOMICS), and MRS of the EL0-visible ID registers
 * (CPUID, as Linux emulates them: MIDR reads as a Cortex-A72). Not advertised:
 * CRC32, crypto (AES/PMULL/SHA*), half-precision arithmetic (FPHP/ASIMDHP),
 * RDM, dot product, JSCVT, FCMA, SVE, pointer authentication, BTI, MTE.
 */
const A64_HWCAP = (A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_ATOMICS | A64_HWCAP_CPUID) >>> 0;
/** Armv8.0 cores: no LSE atomics, so glibc and libgcc's outline atomics use LDXR/STXR loops. */
const A64_HWCAP_V80 = (A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CPUID) >>> 0;
/** ARMv7 cores without the integer divide instructions (Cortex-A8/A9): gcc's __aeabi_idiv helpers stay in software. */
const ARM_HWCAP_NO_IDIV = (ARM_HWCAP & ~(ARM_HWCAP_IDIVA | ARM_HWCAP_IDIVT)) >>> 0;

export const ARCHS: Readonly<Record<Arch, ArchInfo>> = {
  riscv64: {
    arch: 'riscv64',
    machine: 243, // EM_RISCV
    elfClass: 64,
    littleEndian: true,
    wordSize: 8,
    hwcap: riscvHwcap('IMAFDC'),
    platform: undefined, // Linux passes no AT_PLATFORM on RISC-V
    stackTop: 0xffff0000,
    etDynBase: 0x2aaaa000,
    execStackDefault: false,
    cpuModels: ['rv64', 'max'],
    cpus: {
      rv64: { description: 'RV64IMAFDC (RV64GC)', hwcap: riscvHwcap('IMAFDC') },
      max: { description: 'same as rv64: everything nodemu implements', hwcap: riscvHwcap('IMAFDC') },
    },
  },
  aarch64: {
    arch: 'aarch64',
    machine: 183, // EM_AARCH64
    elfClass: 64,
    littleEndian: true,
    wordSize: 8,
    hwcap: A64_HWCAP,
    hwcap2: 0, // Linux always passes AT_HWCAP2 on arm64
    platform: 'aarch64',
    stackTop: 0xffff0000,
    etDynBase: 0x2aaaa000,
    execStackDefault: false,
    cpuModels: ['max', 'cortex-a53', 'cortex-a57', 'cortex-a72'],
    cpus: {
      max: { description: 'Armv8.0-A with LSE atomics (fp asimd atomics cpuid)', hwcap: A64_HWCAP, hwcap2: 0 },
      'cortex-a53': { description: 'Armv8.0-A (fp asimd cpuid, no LSE atomics)', hwcap: A64_HWCAP_V80, hwcap2: 0 },
      'cortex-a57': { description: 'Armv8.0-A (fp asimd cpuid, no LSE atomics)', hwcap: A64_HWCAP_V80, hwcap2: 0 },
      'cortex-a72': { description: 'Armv8.0-A (fp asimd cpuid, no LSE atomics)', hwcap: A64_HWCAP_V80, hwcap2: 0 },
    },
  },
  arm: {
    arch: 'arm',
    machine: 40, // EM_ARM
    elfClass: 32,
    littleEndian: true,
    wordSize: 4,
    hwcap: ARM_HWCAP,
    hwcap2: 0, // Linux passes AT_HWCAP2 on arm too
    platform: 'v7l',
    // 0xffff0000 (kuser helpers) and the page above the stack stay free.
    stackTop: 0xfffe0000,
    etDynBase: 0x2aaaa000,
    execStackDefault: true, // READ_IMPLIES_EXEC for old binaries without PT_GNU_STACK
    cpuModels: ['max', 'cortex-a15', 'cortex-a7', 'cortex-a9', 'cortex-a8'],
    cpus: {
      max: { description: 'ARMv7-A, VFPv3-D32, NEON, SDIV/UDIV', hwcap: ARM_HWCAP, hwcap2: 0 },
      'cortex-a15': { description: 'same as max', hwcap: ARM_HWCAP, hwcap2: 0 },
      'cortex-a7': { description: 'same as max', hwcap: ARM_HWCAP, hwcap2: 0 },
      'cortex-a9': { description: 'ARMv7-A, VFPv3-D32, NEON, no SDIV/UDIV', hwcap: ARM_HWCAP_NO_IDIV, hwcap2: 0 },
      'cortex-a8': { description: 'ARMv7-A, VFPv3-D32, NEON, no SDIV/UDIV', hwcap: ARM_HWCAP_NO_IDIV, hwcap2: 0 },
    },
    fixedPages: () => [{ start: ARM_VECTORS_BASE, data: armVectorsPage(), prot: PROT_READ | PROT_EXEC, name: '[vectors]' }],
  },
};

export const ARCH_NAMES = Object.keys(ARCHS) as Arch[];

export function isArch(name: string): name is Arch {
  return Object.prototype.hasOwnProperty.call(ARCHS, name);
}

export function archForMachine(machine: number): ArchInfo | undefined {
  for (const a of ARCH_NAMES) if (ARCHS[a].machine === machine) return ARCHS[a];
  return undefined;
}

/** Human names of common e_machine values, for error messages. */
const MACHINE_NAMES: Record<number, string> = {
  0: 'no machine (EM_NONE)',
  2: 'SPARC',
  3: 'Intel 80386',
  4: 'Motorola 68000',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'IBM S/390',
  40: 'ARM',
  42: 'SuperH',
  43: 'SPARC v9',
  50: 'IA-64',
  62: 'x86-64',
  83: 'Atmel AVR',
  93: 'ARC',
  94: 'Tensilica Xtensa',
  164: 'Qualcomm Hexagon',
  183: 'AArch64',
  243: 'RISC-V',
  247: 'Linux BPF',
  258: 'LoongArch',
};

export function machineName(machine: number): string {
  return MACHINE_NAMES[machine] ?? `unknown machine`;
}
