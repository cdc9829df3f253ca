// Cross-check of the decoder tables and the disassembler against GNU binutils:
// a list of instructions is assembled with arm-linux-gnueabihf-as (-marm and
// -mthumb) and every instruction must decode, and disassemble like objdump
// (after normalising spacing, comments, branch labels and .w/.n suffixes).
// Skipped when the cross assembler is not installed.

import { disassembleWord } from '../../src/cpu/arm';

import { assemble, have, normalize } from './arm-tools';
const maybe = have ? describe : describe.skip;

export const ARM_SRC = `
and r0, r1, r2
eors r3, r4, r5, lsl #3
sub r0, r1, r2, lsr #32
rsbs r0, r1, r2, asr #7
add r0, r1, r2, ror #9
adc r0, r1, r2, rrx
sbcs r0, r1, #0xff00
rsc r0, r1, r2, lsl r3
tst r0, #1
teq r0, r1
cmp r0, r1, lsl #2
cmn r0, #4
orr r0, r1, r2
movs r0, r1
mov r0, #0x3fc
mvn r0, r1, asr r2
bic r0, r1, #0x80000001
lsl r0, r1, #3
lsr r0, r1, r2
asrs r0, r1, #3
ror r0, r1, #3
rrx r0, r1
movw r0, #0x1234
movt r0, #0xabcd
addeq r0, r0, r1
movne pc, lr
mul r0, r1, r2
mlas r0, r1, r2, r3
mls r0, r1, r2, r3
umull r0, r1, r2, r3
umlal r0, r1, r2, r3
smull r0, r1, r2, r3
smlals r0, r1, r2, r3
umaal r0, r1, r2, r3
smulbb r0, r1, r2
smultb r0, r1, r2
smlabt r0, r1, r2, r3
smulwb r0, r1, r2
smlawt r0, r1, r2, r3
smlalbb r0, r1, r2, r3
smuad r0, r1, r2
smladx r0, r1, r2, r3
smusd r0, r1, r2
smlsd r0, r1, r2, r3
smlald r0, r1, r2, r3
smlsldx r0, r1, r2, r3
smmul r0, r1, r2
smmulr r0, r1, r2
smmla r0, r1, r2, r3
smmls r0, r1, r2, r3
sdiv r0, r1, r2
udiv r0, r1, r2
usad8 r0, r1, r2
usada8 r0, r1, r2, r3
clz r0, r1
rbit r0, r1
rev r0, r1
rev16 r0, r1
revsh r0, r1
sxtb r0, r1
sxth r0, r1, ror #8
uxtb r0, r1, ror #16
uxth r0, r1
sxtab r0, r1, r2
uxtah r0, r1, r2, ror #24
uxtb16 r0, r1
sxtb16 r0, r1
uxtab16 r0, r1, r2
sbfx r0, r1, #3, #5
ubfx r0, r1, #0, #32
bfi r0, r1, #8, #4
bfc r0, #4, #12
ssat r0, #8, r1
ssat r0, #16, r1, asr #3
usat r0, #7, r1, lsl #2
ssat16 r0, #8, r1
usat16 r0, #4, r1
qadd r0, r1, r2
qsub r0, r1, r2
qdadd r0, r1, r2
qdsub r0, r1, r2
sadd16 r0, r1, r2
uadd8 r0, r1, r2
ssub8 r0, r1, r2
usub16 r0, r1, r2
sasx r0, r1, r2
usax r0, r1, r2
qadd8 r0, r1, r2
uqsub16 r0, r1, r2
shadd8 r0, r1, r2
uhsub8 r0, r1, r2
sel r0, r1, r2
pkhbt r0, r1, r2, lsl #8
pkhtb r0, r1, r2, asr #16
mrs r0, APSR
msr APSR_nzcvq, r0
msr APSR_g, r1
msr APSR_nzcvqg, #0xf0000000
ldr r0, [r1]
ldr r0, [r1, #4]
ldr r0, [r1, #-4]!
ldr r0, [r1], #8
ldr r0, [r1, r2]
ldr r0, [r1, -r2, lsl #2]
ldr r0, [r1], r2, asr #3
ldrb r0, [r1, #1]
strb r0, [r1, r2]!
str r0, [sp, #-4]!
ldrh r0, [r1, #2]
ldrsh r0, [r1, r2]
ldrsb r0, [r1], #-1
strh r0, [r1, #-6]!
ldrd r0, r1, [r2, #8]
strd r2, r3, [sp, #-8]!
ldrd r4, r5, [r0, r1]
ldrex r0, [r1]
strex r2, r0, [r1]
ldrexb r0, [r1]
strexh r2, r0, [r1]
ldrexd r0, r1, [r2]
strexd r4, r0, r1, [r2]
lda r0, [r1]
stl r0, [r1]
ldaex r0, [r1]
stlex r2, r0, [r1]
ldab r0, [r1]
stlh r0, [r1]
clrex
dmb ish
dsb sy
isb sy
pld [r0, #64]
pld [r0, r1]
ldm r0, {r1, r2, r3}
ldmib r0!, {r1, r2}
ldmda r0, {r1, pc}
ldmdb r0!, {r4-r11}
stm r0!, {r1, r2}
stmdb r0, {r1, r2}
push {r4, r5, lr}
pop {r4, r5, pc}
bx lr
blx r3
bkpt 0x0012
udf #5
svc 0x00000000
mrc p15, 0, r0, c13, c0, 3
nop
yield
`;

export const THUMB_SRC = `
lsls r0, r1, #3
lsrs r0, r1, #32
asrs r0, r1, #1
adds r0, r1, r2
subs r0, r1, r2
adds r0, r1, #3
subs r0, r1, #7
movs r0, #200
cmp r0, #200
adds r0, #200
subs r0, #1
ands r0, r1
eors r0, r1
lsls r0, r1
lsrs r0, r1
asrs r0, r1
adcs r0, r1
sbcs r0, r1
rors r0, r1
tst r0, r1
negs r0, r1
cmp r0, r1
cmn r0, r1
orrs r0, r1
muls r0, r1, r0
bics r0, r1
mvns r0, r1
add r0, r8
cmp r8, r0
mov r8, r0
mov sp, r7
bx lr
blx r3
ldr r0, [pc, #16]
str r0, [r1, r2]
strh r0, [r1, r2]
strb r0, [r1, r2]
ldrsb r0, [r1, r2]
ldr r0, [r1, r2]
ldrh r0, [r1, r2]
ldrb r0, [r1, r2]
ldrsh r0, [r1, r2]
str r0, [r1, #4]
ldr r0, [r1, #124]
strb r0, [r1, #31]
ldrb r0, [r1, #1]
strh r0, [r1, #2]
ldrh r0, [r1, #62]
str r0, [sp, #8]
ldr r0, [sp, #1020]
add r0, pc, #8
add r0, sp, #8
add sp, #16
sub sp, #16
sxth r0, r1
sxtb r0, r1
uxth r0, r1
uxtb r0, r1
push {r4, r5, r6, lr}
pop {r4, pc}
rev r0, r1
rev16 r0, r1
revsh r0, r1
bkpt 0x0001
nop
stmia r0!, {r1, r2}
ldmia r0!, {r1, r2}
ldmia r0, {r0, r1}
udf #3
svc 0
and.w r0, r1, #0xff00ff00
bics.w r0, r1, #0x00ff0000
orr.w r0, r1, #0x55555555
orn r0, r1, #1
eor.w r0, r1, #0x3fc
add.w r0, r1, #0x10000
adc.w r0, r1, #5
sbcs.w r0, r1, #5
sub.w r0, r1, #0x100
rsb.w r0, r1, #0
tst.w r0, #0x80000000
teq.w r0, #1
cmn.w r0, #1
cmp.w r0, #0x1000000
mov.w r0, #0x20000
mvn.w r0, #7
and.w r0, r1, r2, lsl #3
bic.w r0, r1, r2
orr.w r0, r1, r2, lsr #1
orn r0, r1, r2, asr #4
eors.w r0, r1, r2, ror #5
add.w r0, r1, r2, lsl #1
adds.w r0, r1, r2
adc.w r0, r1, r2
sbc.w r0, r1, r2
sub.w r0, r1, r2, lsl #2
rsb r0, r1, r2
cmp.w r0, r1, lsl #4
tst.w r0, r1
mov.w r0, r1
movs.w r0, r1
lsl.w r0, r1, #3
asr.w r0, r1, #3
mvn.w r0, r1
pkhbt r0, r1, r2, lsl #4
pkhtb r0, r1, r2, asr #4
addw r0, r1, #4095
subw r0, r1, #1
movw r0, #0xbeef
movt r0, #0xdead
ssat r0, #8, r1
usat r0, #8, r1, lsl #2
sbfx r0, r1, #4, #8
ubfx r0, r1, #4, #8
bfi r0, r1, #4, #8
bfc r0, #0, #1
lsl.w r0, r1, r2
lsrs.w r0, r1, r2
asr.w r0, r1, r2
ror.w r0, r1, r2
sxtah r0, r1, r2
uxtah r0, r1, r2, ror #8
sxtab r0, r1, r2
uxtb.w r0, r1
sxth.w r0, r1, ror #16
uxtb16 r0, r1
sadd16 r0, r1, r2
uqadd8 r0, r1, r2
shsub16 r0, r1, r2
uasx r0, r1, r2
qadd r0, r1, r2
qdsub r0, r1, r2
rev.w r0, r1
rbit r0, r1
rev16.w r0, r1
revsh.w r0, r1
sel r0, r1, r2
clz r0, r1
mul r0, r1, r2
mla r0, r1, r2, r3
mls r0, r1, r2, r3
smulbt r0, r1, r2
smlatb r0, r1, r2, r3
smuad r0, r1, r2
smlsd r0, r1, r2, r3
smulwt r0, r1, r2
smmulr r0, r1, r2
smmls r0, r1, r2, r3
usad8 r0, r1, r2
smull r0, r1, r2, r3
umull r0, r1, r2, r3
smlal r0, r1, r2, r3
umlal r0, r1, r2, r3
umaal r0, r1, r2, r3
smlalbt r0, r1, r2, r3
smlald r0, r1, r2, r3
smlsld r0, r1, r2, r3
sdiv r0, r1, r2
udiv r0, r1, r2
ldr.w r0, [r1, #4]
ldr r0, [r1, #-4]
ldr r0, [r1, #4]!
ldr r0, [r1], #-4
ldr.w r0, [r1, r2, lsl #2]
ldr.w r0, [pc, #-8]
ldrb.w r0, [r1, #4095]
ldrsb.w r0, [r1, r2]
ldrh.w r0, [r1, #2]
ldrsh r0, [r1, #-2]
str.w r0, [r1, #4]
str r0, [r1, #-4]!
strb.w r0, [r1, r2, lsl #1]
strh r0, [r1], #2
ldrd r0, r1, [r2, #8]
strd r0, r1, [sp, #-8]!
ldrd r0, r1, [r2], #-16
ldrex r0, [r1]
ldrex r0, [r1, #8]
strex r2, r0, [r1]
ldrexb r0, [r1]
strexh r2, r0, [r1]
ldrexd r0, r1, [r2]
strexd r3, r0, r1, [r2]
lda r0, [r1]
stl r0, [r1]
ldaex r0, [r1]
stlex r2, r0, [r1]
tbb [r0, r1]
tbh [r0, r1, lsl #1]
ldmia.w r0!, {r1, r2, r8}
ldmdb r0, {r1, r2}
stmia.w r0, {r1, r2, r8}
stmdb r0!, {r1, r2}
push.w {r4, r5, r8, lr}
pop.w {r4, r5, r8, pc}
pld [r0, #8]
mrs r0, APSR
msr APSR_nzcvq, r0
dmb ish
dsb sy
isb sy
clrex
nop.w
mrc p15, 0, r0, c13, c0, 3
udf.w #300
`;


export const VFP_SRC = `
vldr s0, [r0, #8]
vldr d17, [r1, #-16]
vstr s31, [sp]
vstr d3, [r2, #1020]
vldmia r0!, {d8-d15}
vstmdb r1!, {s2-s5}
vpush {d8-d9}
vpop {d8-d9}
vldmia r0, {s0}
vmov r0, s3
vmov s30, r1
vmov r0, r1, d16
vmov d2, r2, r3
vmov r0, r1, s4, s5
vmov s6, s7, r2, r3
vmov.32 d5[1], r0
vmov.32 r0, d17[0]
vmrs APSR_nzcv, fpscr
vmrs r0, fpscr
vmsr fpscr, r1
vadd.f32 s0, s1, s2
vadd.f64 d16, d17, d18
vsub.f32 s3, s4, s5
vmul.f64 d0, d1, d2
vnmul.f32 s0, s1, s2
vdiv.f64 d0, d1, d2
vmla.f32 s0, s1, s2
vmls.f64 d1, d2, d3
vnmla.f32 s0, s1, s2
vnmls.f64 d0, d1, d2
vfma.f32 s0, s1, s2
vfms.f64 d0, d1, d2
vfnma.f32 s0, s1, s2
vfnms.f64 d0, d1, d2
vabs.f32 s0, s1
vneg.f64 d0, d1
vsqrt.f32 s0, s1
vmov.f32 s0, s1
vmov.f64 d0, d17
vmov.f32 s0, #1.0
vmov.f64 d0, #-2.5
vcmp.f32 s0, s1
vcmpe.f64 d0, d1
vcmp.f32 s0, #0.0
vcmpe.f64 d2, #0.0
vcvt.f64.f32 d0, s1
vcvt.f32.f64 s0, d1
vcvt.f32.s32 s0, s1
vcvt.f64.u32 d0, s1
vcvt.s32.f32 s0, s1
vcvtr.u32.f64 s0, d1
vcvt.s32.f32 s0, s0, #16
vcvt.f64.u16 d0, d0, #8
vcvt.f32.s32 s2, s2, #1
vld1.8 {d0-d3}, [r1]!
vst1.64 {d16-d17}, [r0 :128]
vld1.32 {d0}, [r1], r2
vst1.8 {d0-d2}, [r0]
vorr q0, q1, q2
vmov d0, d1
veor d0, d1, d2
vand q8, q9, q10
vbic d0, d1, d2
vorn d0, d1, d2
vdup.32 q0, r1
vdup.8 d0, r2
vdup.16 q1, r3
`;

maybe('decoder and disassembler agree with objdump', () => {
  for (const [name, src, th] of [['arm', ARM_SRC, false], ['thumb', THUMB_SRC, true], ['vfp arm', VFP_SRC, false], ['vfp thumb', VFP_SRC, true]] as const) {
    test(name, () => {
      const lines = assemble(src, th);
      expect(lines.length).toBeGreaterThan(60);
      const bad: string[] = [];
      for (const l of lines) {
        const mine = disassembleWord(l.word, l.addr, th);
        if (normalize(mine) !== normalize(l.text)) bad.push(`${l.word.toString(16)}: objdump "${l.text}" vs "${mine}"`);
      }
      expect(bad).toEqual([]);
    });
  }
});
