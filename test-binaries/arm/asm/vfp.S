/* vfp.S - VFPv3-D32: single and double arithmetic (add, sub, mul, div,
 * sqrt, multiply-accumulate forms, abs/neg), compares into FPSCR and APSR
 * (vmrs APSR_nzcv), NaN compares, conversions (f32<->f64, integer <-> float
 * with truncation and FPSCR rounding, fixed point), vmov (immediates, core
 * <-> VFP, d16-d31), loads/stores (vldr/vstr, vldm/vstm, vpush/vpop),
 * rounding modes, flush-to-zero, default NaN, cumulative exception flags;
 * a Thumb section repeats a few of them. */
#include "common.inc"

    .fpu vfpv3
    .data
    .align 3
vals:
    .double 1.5, -2.25, 1e300, 3.0
    .float 0.1, -7.75, 16777217.0, 0.0
    .space 64

    .arm
    .text
    .globl main_test
    .type main_test, %function
main_test:
    push {r4-r11, lr}
    LADDR r4, vals
    mov r0, #0
    vmsr fpscr, r0

    PUTS "== double arithmetic"
    vldr d0, [r4]
    vldr d1, [r4, #8]
    vadd.f64 d2, d0, d1
    PRD "add", d2
    vsub.f64 d2, d0, d1
    PRD "sub", d2
    vmul.f64 d2, d0, d1
    PRD "mul", d2
    vdiv.f64 d2, d0, d1
    PRD "div", d2
    vsqrt.f64 d2, d0
    PRD "sqrt", d2
    vmov.f64 d3, #2.0
    vmla.f64 d3, d0, d1
    PRD "mla", d3
    vmov.f64 d3, #2.0
    vmls.f64 d3, d0, d1
    PRD "mls", d3
    vnmul.f64 d2, d0, d1
    PRD "nmul", d2
    vmov.f64 d3, #2.0
    vnmla.f64 d3, d0, d1
    PRD "nmla", d3
    vabs.f64 d2, d1
    PRD "abs", d2
    vneg.f64 d2, d0
    PRD "neg", d2
    vldr d4, [r4, #16]
    vmul.f64 d2, d4, d4
    PRD "overflow", d2
    PRFPSCR "fpscr"

    PUTS "== single arithmetic"
    mov r0, #0
    vmsr fpscr, r0
    vldr s0, [r4, #32]
    vldr s1, [r4, #36]
    vadd.f32 s2, s0, s1
    PRS "add", s2
    vmul.f32 s2, s0, s1
    PRS "mul", s2
    vdiv.f32 s2, s1, s0
    PRS "div", s2
    vsqrt.f32 s2, s0
    PRS "sqrt", s2
    vsub.f32 s2, s0, s0
    PRS "x-x", s2
    PRFPSCR "fpscr"
    vldr s3, [r4, #44]
    vdiv.f32 s2, s1, s3
    PRS "div by 0", s2
    vdiv.f32 s2, s3, s3
    PRS "0/0", s2
    vsqrt.f32 s2, s1
    PRS "sqrt neg", s2
    PRFPSCR "fpscr"

    PUTS "== compares"
    @ d16-d31 have no single-precision aliases: s0-s31 stay out of the way.
    vldr d16, [r4]              @ 1.5
    vldr d17, [r4, #8]          @ -2.25
    vldr s21, [r4, #44]         @ 0.0
    vdiv.f32 s20, s21, s21      @ NaN
    vcmp.f64 d16, d17
    vmrs APSR_nzcv, fpscr
    PRF "1.5 ? -2.25"
    vcmp.f64 d17, d16
    vmrs APSR_nzcv, fpscr
    PRF "-2.25 ? 1.5"
    vcmp.f64 d16, d16
    vmrs APSR_nzcv, fpscr
    PRF "eq"
    vcmp.f64 d17, #0
    vmrs APSR_nzcv, fpscr
    PRF "-2.25 ? 0"
    vcmp.f32 s20, s20
    vmrs APSR_nzcv, fpscr
    PRF "nan"
    vmrs r0, fpscr
    PR "fpscr", r0
    mov r0, #0
    vmsr fpscr, r0
    vcmpe.f32 s20, s21
    vmrs r0, fpscr
    PR "vcmpe nan: IOC", r0
    vcmp.f64 d16, d17
    vmrs APSR_nzcv, fpscr
    movgt r1, #1
    movle r1, #2
    PR "branch on gt", r1

    PUTS "== conversions"
    mov r0, #0
    vmsr fpscr, r0
    vldr d18, [r4, #16]         @ 1e300
    vldr s22, [r4, #36]         @ -7.75
    vldr s23, [r4, #40]         @ 16777217.0f
    vcvt.f32.f64 s4, d16
    PRS "f64->f32", s4
    vcvt.f64.f32 d19, s22
    PRD "f32->f64", d19
    vcvt.f32.f64 s5, d18
    PRS "1e300->f32", s5
    vcvt.f64.f32 d19, s23
    PRD "16777217f", d19
    vcvt.s32.f64 s8, d17
    PRS "s32(-2.25)", s8
    vcvt.u32.f64 s8, d17
    PRS "u32(-2.25)", s8
    vcvt.s32.f64 s12, d18
    PRS "s32(1e300)", s12
    vcvtr.s32.f64 s8, d16
    PRS "vcvtr(1.5)", s8
    vmov.f64 d20, #2.5
    vcvtr.s32.f64 s8, d20
    PRS "vcvtr(2.5)", s8
    mov r0, #5
    vmov s9, r0
    vcvt.f64.s32 d21, s9
    PRD "f64(5)", d21
    mvn r0, #0
    vmov s9, r0
    vcvt.f32.u32 s10, s9
    PRS "f32(u32 max)", s10
    vcvt.f32.s32 s10, s9
    PRS "f32(-1)", s10
    vmov.f64 d22, d16
    vcvt.s32.f64 d22, d22, #8
    PRD "fixed 1.5<<8", d22
    vcvt.f64.s32 d22, d22, #8
    PRD "fixed back", d22
    vmov.f64 d22, d17
    vcvt.u16.f64 d22, d22, #4
    PRD "fixed u16(-2.25)", d22
    PRFPSCR "fpscr"

    PUTS "== rounding modes"
    vmov.f64 d9, #-2.5
    mov r0, #(1 << 22)        @ RP: toward +inf
    vmsr fpscr, r0
    vcvtr.s32.f64 s8, d9
    PRS "RP -2.5", s8
    vldr s0, [r4, #32]
    vldr s1, [r4, #36]
    vdiv.f32 s2, s0, s1
    PRS "RP 0.1/-7.75", s2
    mov r0, #(2 << 22)        @ RM
    vmsr fpscr, r0
    vcvtr.s32.f64 s8, d9
    PRS "RM -2.5", s8
    vdiv.f32 s2, s0, s1
    PRS "RM 0.1/-7.75", s2
    mov r0, #(3 << 22)        @ RZ
    vmsr fpscr, r0
    vcvtr.s32.f64 s8, d9
    PRS "RZ -2.5", s8
    mov r0, #0
    vmsr fpscr, r0

    PUTS "== FZ and DN"
    LI r0, 0x00000001          @ smallest denormal
    vmov s0, r0
    vmov.f32 s1, #1.0
    vmul.f32 s2, s0, s1
    PRS "denormal*1", s2
    mov r0, #(1 << 24)
    vmsr fpscr, r0
    vmul.f32 s2, s0, s1
    PRS "FZ denormal*1", s2
    PRFPSCR "fpscr"
    LI r0, 0x7f800001          @ signalling NaN
    vmov s3, r0
    mov r0, #0
    vmsr fpscr, r0
    vadd.f32 s2, s3, s1
    PRS "snan+1", s2
    mov r0, #(1 << 25)
    vmsr fpscr, r0
    vadd.f32 s2, s3, s1
    PRS "DN snan+1", s2
    PRFPSCR "fpscr"
    mov r0, #0
    vmsr fpscr, r0

    PUTS "== moves and memory"
    vmov.f32 s0, #-0.125
    PRS "vmov imm", s0
    vmov.f64 d16, #31.0
    PRD "d16", d16
    vmov.f64 d31, d16
    PRD "d31", d31
    LI r0, 0x01234567
    LI r1, 0x89abcdef
    vmov d17, r0, r1
    PRD "vmov d,r,r", d17
    vmov r2, r3, d17
    PR "vmov r,r,d lo", r2
    PR "vmov r,r,d hi", r3
    vmov.32 d18[1], r0
    vmov.32 r5, d18[1]
    PR "vmov scalar", r5
    add r5, r4, #48
    vstr d17, [r5]
    vldr s20, [r5, #4]
    PRS "vstr/vldr", s20
    vstmia r5!, {d16-d17}
    sub r6, r5, r4
    PR "vstmia wb", r6
    vldmdb r5!, {s0-s3}
    PRS "vldmdb s3", s3
    vpush {d8-d9}
    vmov.f64 d8, #1.0
    vpop {d8-d9}
    PRD "vpush/vpop", d8

    bl thumb_vfp
    mov r0, #0
    pop {r4-r11, pc}

    .thumb
    .type thumb_vfp, %function
    .thumb_func
thumb_vfp:
    push {r4, lr}
    PUTS "== Thumb VFP"
    LADDR r4, vals
    vldr d0, [r4]
    vldr d1, [r4, #8]
    vdiv.f64 d2, d1, d0
    PRD "div", d2
    vcmp.f64 d2, d1
    vmrs APSR_nzcv, fpscr
    ite gt
    movgt r0, #1
    movle r0, #2
    PR "it on vcmp", r0
    vcvt.s32.f64 s4, d2
    vmov r0, s4
    PR "s32", r0
    vldr s5, [r4, #36]
    vabs.f32 s5, s5
    PRS "abs", s5
    pop {r4, pc}
