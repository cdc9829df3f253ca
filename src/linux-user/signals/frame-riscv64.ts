// riscv64 signal frame (arch/riscv/kernel/signal.c, uapi asm/sigcontext.h):
//
//   struct rt_sigframe { siginfo_t info; struct ucontext uc; }     at sp (16-aligned)
//   ucontext: uc_flags 0, uc_link 8, uc_stack 16 (24 bytes), uc_sigmask 40,
//             (glibc's 1024-bit sigset padding), uc_mcontext 176 (16-aligned):
//   sigcontext: pc, x1..x31 (user_regs_struct, 256 bytes), then
//               __riscv_d_ext_state { f[32] u64; fcsr u32 } in a 528-byte union.
//
// The handler returns to the kernel's vDSO __vdso_rt_sigreturn; we have no
// vDSO, so ra points at `li a7, 139; ecall` in our trampoline page.

import type { CpuState } from '../../cpu/types';
import type { RiscvCpu } from '../../cpu/riscv64';
import type { Kernel } from '../kernel';
import { encodeSiginfo, SIGINFO_SIZE } from './siginfo';
import { FrameReader, FrameWriter, readUcStack, ucStackBytes, type FrameRequest, type SignalArch } from './arch';

const UC = SIGINFO_SIZE;
const UC_STACK = 16, UC_SIGMASK = 40, UC_MCONTEXT = 176;
const SC_FP = 256, SC_FCSR = SC_FP + 32 * 8;
const UC_SIZE = UC_MCONTEXT + 256 + 528;
const FRAME_SIZE = UC + UC_SIZE;

const X = (i: number) => 2 * i;
const F = (i: number) => 64 + 2 * i;

function fcsrOf(cpu: CpuState): number { return (cpu as Partial<RiscvCpu>).fcsr ?? 0; }

export const riscv64Signals: SignalArch = {
  sp: (cpu) => cpu.regs[X(2) + 1] * 0x1_0000_0000 + (cpu.regs[X(2)] >>> 0),

  setup(k: Kernel, cpu: CpuState, req: FrameRequest): void {
    const sp = Math.floor((req.top - FRAME_SIZE) / 16) * 16;
    const w = new FrameWriter(FRAME_SIZE);
    w.bytes.set(encodeSiginfo(req.info, 8), 0);
    ucStackBytes(w, UC + UC_STACK, req.ucStack, 8);
    w.u64(UC + UC_SIGMASK, req.mask);
    const mc = UC + UC_MCONTEXT;
    const r = cpu.regs;
    w.u64n(mc, cpu.pc);
    for (let i = 1; i < 32; i++) w.pair(mc + 8 * i, r[X(i)], r[X(i) + 1]);
    for (let i = 0; i < 32; i++) w.pair(mc + SC_FP + 8 * i, r[F(i)], r[F(i) + 1]);
    w.u32(mc + SC_FCSR, fcsrOf(cpu));
    k.mem.write(sp, w.bytes);
    const set = (i: number, v: number) => { r[X(i)] = v | 0; r[X(i) + 1] = Math.floor(v / 0x1_0000_0000) | 0; };
    set(1, req.tramp);          // ra
    set(2, sp);
    set(10, req.sig);           // a0
    set(11, sp);                // a1 = &info
    set(12, sp + UC);           // a2 = &uc
    cpu.pc = req.act.handler;
  },

  restore(k: Kernel, cpu: CpuState) {
    const sp = this.sp(cpu);
    const rd = new FrameReader(k.mem.read(sp, FRAME_SIZE));
    const mc = UC + UC_MCONTEXT;
    const r = cpu.regs;
    cpu.pc = rd.u64n(mc);
    for (let i = 1; i < 32; i++) { r[X(i)] = rd.i32(mc + 8 * i); r[X(i) + 1] = rd.i32(mc + 8 * i + 4); }
    for (let i = 0; i < 32; i++) { r[F(i)] = rd.i32(mc + SC_FP + 8 * i); r[F(i) + 1] = rd.i32(mc + SC_FP + 8 * i + 4); }
    if ('fcsr' in cpu) (cpu as RiscvCpu).fcsr = rd.u32(mc + SC_FCSR);
    (cpu as Partial<RiscvCpu>).clearReservation?.();
    return { mask: rd.u64(UC + UC_SIGMASK), stack: readUcStack(rd, UC + UC_STACK, 8) };
  },

  syscallLen: () => 4,
  arg0Slots: [X(10), X(10) + 1],
  // li a7, 139 (rt_sigreturn); ecall
  trampCode: new Uint8Array(new Uint32Array([0x08b00893, 0x00000073]).buffer),
};
