// 32-bit ARM signal frames (arch/arm/kernel/signal.c, uapi asm/ucontext.h, asm/sigcontext.h):
//
//   struct sigframe    { struct ucontext uc; unsigned long retcode[4]; }    (no SA_SIGINFO)
//   struct rt_sigframe { siginfo_t info; struct sigframe sig; }              (SA_SIGINFO)
//   both at sp, 8-aligned.
//   ucontext: uc_flags 0, uc_link 4, uc_stack 8 (12 bytes), uc_mcontext 20 (sigcontext:
//             trap_no, error_code, oldmask, r0..r10, fp, ip, sp, lr, pc, cpsr, fault_address),
//             uc_sigmask 104, padding to 128 bytes of sigset, uc_regspace 232 (8-aligned):
//             vfp_sigframe { magic VFP_MAGIC, size 288, fpregs[32] u64, fpscr,
//             fpexc, fpinst, fpinst2 } then a 0 end magic.
//
// The handler returns to sa_restorer (glibc always sets SA_RESTORER: its restorers
// call sigreturn (119) or rt_sigreturn (173)); else, like the kernel's sigpage
// codes, to `mov r7, #NR; svc 0` (ARM) or `movs r7, #NR; svc 0` (Thumb) in our
// trampoline page. Bit 0 of the handler selects Thumb, as for a `bx`.

import type { CpuState } from '../../cpu/types';
import type { ArmCpu } from '../../cpu/arm';
import type { Kernel } from '../kernel';
import { SA_RESTORER, SA_SIGINFO } from '../../syscalls/signals';
import { encodeSiginfo, SIGINFO_SIZE } from './siginfo';
import { FrameReader, FrameWriter, readUcStack, ucStackBytes, type FrameRequest, type SignalArch } from './arch';

const UC_STACK = 8, UC_MCONTEXT = 20, UC_SIGMASK = 104, UC_REGSPACE = 232;
const SC_OLDMASK = 8, SC_R0 = 12, SC_CPSR = 76, SC_FAULT = 80;
const VFP_MAGIC = 0x56465001, VFP_SIZE = 288;
const UC_SIZE = UC_REGSPACE + 128 * 4;       // 744
const SIGFRAME_SIZE = UC_SIZE + 16;         // + retcode[4]
const RT_FRAME_SIZE = SIGINFO_SIZE + SIGFRAME_SIZE;
const NF = 16, ZF = 17, CF = 18, VF = 19, Q = 24, GE = 25, VFP = 32;

type Arm = CpuState & Partial<Pick<ArmCpu, 'fpscr' | 'clearExclusive'>>;

function cpsr(cpu: CpuState): number {
  const r = cpu.regs;
  return ((r[NF] & 0x80000000) | (r[ZF] === 0 ? 0x40000000 : 0) | (r[CF] ? 0x20000000 : 0) | (r[VF] < 0 ? 0x10000000 : 0)
    | (r[Q] ? 0x08000000 : 0) | ((r[GE] & 15) << 16) | (cpu.pc & 1 ? 0x20 : 0) | 0x10) >>> 0;
}

function setApsr(cpu: CpuState, v: number): void {
  const r = cpu.regs;
  r[NF] = v & 0x80000000; r[ZF] = v & 0x40000000 ? 0 : 1; r[CF] = (v >>> 29) & 1;
  r[VF] = (v << 3) & 0x80000000; r[Q] = (v >>> 27) & 1; r[GE] = (v >>> 16) & 15;
}

export const armSignals: SignalArch = {
  sp: (cpu) => cpu.regs[13] >>> 0,

  setup(k: Kernel, cpu: CpuState, req: FrameRequest): void {
    const c = cpu as Arm;
    const r = cpu.regs;
    const rt = (req.act.flags & SA_SIGINFO) !== 0;
    const size = rt ? RT_FRAME_SIZE : SIGFRAME_SIZE;
    const sp = Math.floor((req.top - size) / 8) * 8;
    const w = new FrameWriter(size);
    const uc = rt ? SIGINFO_SIZE : 0;
    if (rt) w.bytes.set(encodeSiginfo(req.info, 4), 0);
    ucStackBytes(w, uc + UC_STACK, req.ucStack, 4);
    const mc = uc + UC_MCONTEXT;
    w.u32(mc + SC_OLDMASK, Number(req.mask & 0xffffffffn));
    for (let i = 0; i < 15; i++) w.u32(mc + SC_R0 + 4 * i, r[i]);
    w.u32(mc + SC_R0 + 60, cpu.pc & ~1);
    w.u32(mc + SC_CPSR, cpsr(cpu));
    if (req.sig === 11 || req.sig === 7) w.u32(mc + SC_FAULT, req.info.addr ?? 0);
    w.u64(uc + UC_SIGMASK, req.mask);
    const vfp = uc + UC_REGSPACE;
    w.u32(vfp, VFP_MAGIC); w.u32(vfp + 4, VFP_SIZE);
    for (let i = 0; i < 64; i++) w.dv.setInt32(vfp + 8 + 4 * i, r[VFP + i], true);
    w.u32(vfp + 264, c.fpscr ?? 0);
    w.u32(vfp + 272, 0x4000_0000); // fpexc: EN
    k.mem.write(sp, w.bytes);

    const thumbHandler = (req.act.handler & 1) !== 0;
    let lr: number;
    if (req.act.flags & SA_RESTORER) lr = req.act.restorer;
    else lr = req.tramp + (rt ? 16 : 0) + (thumbHandler ? 9 : 0); // Thumb codes at +8, entered with bit 0 set
    r[0] = req.sig;
    if (rt) { r[1] = sp; r[2] = sp + SIGINFO_SIZE; }
    r[13] = sp;
    r[14] = lr;
    cpu.pc = req.act.handler >>> 0; // bit 0: Thumb
  },

  restore(k: Kernel, cpu: CpuState, rt: boolean) {
    const c = cpu as Arm;
    const r = cpu.regs;
    const sp = r[13] >>> 0;
    const rd = new FrameReader(k.mem.read(sp, rt ? RT_FRAME_SIZE : SIGFRAME_SIZE));
    const uc = rt ? SIGINFO_SIZE : 0;
    const mc = uc + UC_MCONTEXT;
    for (let i = 0; i < 15; i++) r[i] = rd.i32(mc + SC_R0 + 4 * i);
    const ps = rd.u32(mc + SC_CPSR);
    setApsr(cpu, ps);
    cpu.pc = ((rd.u32(mc + SC_R0 + 60) & ~1) | (ps & 0x20 ? 1 : 0)) >>> 0;
    const vfp = uc + UC_REGSPACE;
    if (rd.u32(vfp) === VFP_MAGIC && rd.u32(vfp + 4) === VFP_SIZE) {
      for (let i = 0; i < 64; i++) r[VFP + i] = rd.i32(vfp + 8 + 4 * i);
      if ('fpscr' in c) c.fpscr = rd.u32(vfp + 264);
    }
    c.clearExclusive?.();
    return { mask: rd.u64(uc + UC_SIGMASK), stack: readUcStack(rd, uc + UC_STACK, 4) };
  },

  syscallLen: (cpu) => (cpu.pc & 1 ? 2 : 4),
  arg0Slots: [0],
  // +0 ARM sigreturn, +8 Thumb sigreturn, +16 ARM rt_sigreturn, +24 Thumb rt_sigreturn
  trampCode: (() => {
    const b = new Uint8Array(32), dv = new DataView(b.buffer);
    dv.setUint32(0, 0xe3a07077, true); dv.setUint32(4, 0xef000000, true);
    dv.setUint16(8, 0x2777, true); dv.setUint16(10, 0xdf00, true);
    dv.setUint32(16, 0xe3a070ad, true); dv.setUint32(20, 0xef000000, true);
    dv.setUint16(24, 0x27ad, true); dv.setUint16(26, 0xdf00, true);
    return b;
  })(),
};
