/* alu.S - A32 integer data processing: add/sub families with flags (adc, sbc,
 * rsb, rsc), logical ops, shifts by immediate and by register (incl. >= 32,
 * rrx), modified immediates, movw/movt, conditional execution, multiplies
 * (mul, mla, mls, long and accumulating forms, halfword DSP multiplies),
 * divides (incl. /0 and INT_MIN/-1), clz, byte reversal, bitfields,
 * extensions, saturation (Q flag), parallel add/subtract with GE and sel. */
#include "common.inc"

    .arm
    .text
    .globl main_test
    .type main_test, %function
main_test:
    push {r4-r11, lr}

    PUTS "== add/sub"
    mov r0, #1
    adds r1, r0, #2
    PR "1+2", r1
    PRF "flags"
    LI r0, 0x7fffffff
    adds r1, r0, #1
    PR "max+1", r1
    PRF "flags"
    mvn r0, #0
    adds r1, r0, #1
    PR "-1+1", r1
    PRF "flags"
    mov r0, #0
    subs r1, r0, #1
    PR "0-1", r1
    PRF "flags"
    mov r0, #5
    subs r1, r0, #5
    PRF "5-5 flags"
    LI r0, 0x80000000
    subs r1, r0, #1
    PR "min-1", r1
    PRF "flags"
    @ carry chains
    mvn r2, #0
    mvn r3, #0
    adds r4, r2, #1
    adc r5, r3, #0
    PR "64-bit add lo", r4
    PR "64-bit add hi", r5
    mov r2, #0
    mov r3, #1
    subs r4, r2, #1
    sbc r5, r3, #0
    PR "64-bit sub lo", r4
    PR "64-bit sub hi", r5
    mov r0, #10
    rsb r1, r0, #100
    PR "100-10", r1
    msr APSR_nzcvq, #0        @ C clear: rsc subtracts one more
    rsc r1, r0, #100
    PR "rsc C=0", r1
    LI r0, 0x12345678
    add r1, r0, r0, lsl #4
    PR "add lsl4", r1
    sub r1, r0, r0, lsr #8
    PR "sub lsr8", r1
    LI r2, 0xf0000000
    add r1, r0, r2, asr #4
    PR "add asr4", r1
    add r1, r0, r0, ror #16
    PR "add ror16", r1
    cmn r0, r2
    PRF "cmn"
    cmp r2, r0
    PRF "cmp"

    PUTS "== logical"
    LI r0, 0xff00ff00
    LI r1, 0x0ff00ff0
    and r2, r0, r1
    PR "and", r2
    orr r2, r0, r1
    PR "orr", r2
    eor r2, r0, r1
    PR "eor", r2
    bic r2, r0, r1
    PR "bic", r2
    mvn r2, r0
    PR "mvn", r2
    ands r2, r0, #0
    PRF "ands 0"
    tst r0, #0x80000000
    PRF "tst bit31"
    teq r0, r0
    PRF "teq"
    movs r2, r0, lsl #1        @ carry out of the shifter
    PR "movs lsl1", r2
    PRF "flags"
    mov r2, #0xff000000
    PR "imm ror", r2
    mov r2, #0x3fc
    PR "imm 0x3fc", r2
    movw r2, #0xbeef
    movt r2, #0xdead
    PR "movw/movt", r2

    PUTS "== shifts"
    LI r0, 0x80000001
    mov r3, #1
    lsl r1, r0, r3
    PR "lsl 1", r1
    mov r3, #31
    lsr r1, r0, r3
    PR "lsr 31", r1
    mov r3, #32
    lsrs r1, r0, r3
    PR "lsr 32", r1
    PRF "flags"
    mov r3, #33
    lsls r1, r0, r3
    PR "lsl 33", r1
    PRF "flags"
    mov r3, #40
    asr r1, r0, r3
    PR "asr 40", r1
    mov r3, #36
    ror r1, r0, r3
    PR "ror 36", r1
    mov r3, #0x104
    lsl r1, r0, r3              @ only the bottom byte counts
    PR "lsl 0x104", r1
    msr APSR_nzcvq, #0x20000000 @ C set
    rrxs r1, r0
    PR "rrx", r1
    PRF "flags"
    asrs r1, r0, #32
    PR "asr #32", r1
    lsrs r1, r0, #32
    PR "lsr #32", r1
    PRF "flags"

    PUTS "== conditional"
    mov r0, #3
    cmp r0, #5
    movlt r1, #1
    movge r1, #2
    PR "lt", r1
    addgt r1, r1, #100
    PR "gt not taken", r1
    mvn r0, #0
    cmp r0, #1
    movhi r1, #7      @ unsigned higher
    movle r2, #8      @ signed less or equal
    PR "hi", r1
    PR "le", r2

    PUTS "== multiply"
    LI r0, 0x12345678
    LI r1, 0x9abcdef0
    mul r2, r0, r1
    PR "mul", r2
    mov r3, #5
    mla r2, r0, r3, r1
    PR "mla", r2
    mls r2, r0, r3, r1
    PR "mls", r2
    umull r4, r5, r0, r1
    PR "umull lo", r4
    PR "umull hi", r5
    smull r4, r5, r0, r1
    PR "smull lo", r4
    PR "smull hi", r5
    mov r4, #1
    mov r5, #2
    umlal r4, r5, r0, r1
    PR "umlal lo", r4
    PR "umlal hi", r5
    smlal r4, r5, r0, r1
    PR "smlal lo", r4
    PR "smlal hi", r5
    mov r4, #3
    mov r5, #4
    umaal r4, r5, r0, r1
    PR "umaal lo", r4
    PR "umaal hi", r5
    muls r2, r0, r3
    PRF "muls"
    LI r0, 0x7fff8000
    LI r1, 0x80017fff
    smulbb r2, r0, r1
    PR "smulbb", r2
    smultt r2, r0, r1
    PR "smultt", r2
    smulbt r2, r0, r1
    PR "smulbt", r2
    smulwb r2, r0, r1
    PR "smulwb", r2
    smlabb r2, r0, r1, r0
    PR "smlabb", r2
    smuad r2, r0, r1
    PR "smuad", r2
    smmul r2, r0, r1
    PR "smmul", r2
    smmulr r2, r0, r1
    PR "smmulr", r2

    PUTS "== divide"
    mov r0, #100
    mov r1, #7
    udiv r2, r0, r1
    PR "100/7", r2
    mvn r0, #99
    sdiv r2, r0, r1
    PR "-100/7", r2
    mov r1, #0
    sdiv r2, r0, r1
    PR "x/0", r2
    udiv r2, r0, r1
    PR "u x/0", r2
    LI r0, 0x80000000
    mvn r1, #0
    sdiv r2, r0, r1
    PR "min/-1", r2
    udiv r2, r0, r1
    PR "u min/max", r2

    PUTS "== bits"
    LI r0, 0x00f01234
    clz r1, r0
    PR "clz", r1
    mov r2, #0
    clz r1, r2
    PR "clz 0", r1
    rev r1, r0
    PR "rev", r1
    rev16 r1, r0
    PR "rev16", r1
    LI r0, 0x000080ff
    revsh r1, r0
    PR "revsh", r1
    rbit r1, r0
    PR "rbit", r1
    LI r0, 0xdeadbeef
    ubfx r1, r0, #4, #12
    PR "ubfx", r1
    sbfx r1, r0, #28, #4
    PR "sbfx", r1
    mov r1, #0
    bfi r1, r0, #8, #8
    PR "bfi", r1
    mov r1, r0
    bfc r1, #4, #20
    PR "bfc", r1
    uxtb r1, r0
    PR "uxtb", r1
    sxtb r1, r0
    PR "sxtb", r1
    uxth r1, r0
    PR "uxth", r1
    sxth r1, r0, ror #8
    PR "sxth ror8", r1
    mov r2, #0x1000
    uxtab r1, r2, r0
    PR "uxtab", r1
    sxtah r1, r2, r0
    PR "sxtah", r1
    uxtb16 r1, r0
    PR "uxtb16", r1
    pkhbt r1, r0, r2, lsl #16
    PR "pkhbt", r1
    pkhtb r1, r0, r2, asr #4
    PR "pkhtb", r1

    PUTS "== saturate"
    msr APSR_nzcvq, #0
    LI r0, 0x12345
    usat r1, #8, r0
    PR "usat8", r1
    PRF "flags"
    msr APSR_nzcvq, #0
    mvn r0, #5
    ssat r1, #4, r0
    PR "ssat4", r1
    usat r1, #8, r0
    PR "usat8 neg", r1
    PRF "flags"
    msr APSR_nzcvq, #0
    LI r0, 0x7ffffff0
    mov r2, #0x20
    qadd r1, r0, r2
    PR "qadd", r1
    PRF "flags"
    msr APSR_nzcvq, #0
    qsub r1, r2, r0
    PR "qsub", r1
    qdadd r1, r2, r0
    PR "qdadd", r1
    PRF "flags"

    PUTS "== parallel"
    msr APSR_nzcvq, #0
    LI r0, 0x80ff7f01
    LI r1, 0x80017f02
    uadd8 r2, r0, r1
    PR "uadd8", r2
    PRF "ge"
    sel r3, r0, r1
    PR "sel", r3
    sadd16 r2, r0, r1
    PR "sadd16", r2
    PRF "ge"
    usub8 r2, r0, r1
    PR "usub8", r2
    PRF "ge"
    uqadd8 r2, r0, r1
    PR "uqadd8", r2
    qsub16 r2, r0, r1
    PR "qsub16", r2
    shadd8 r2, r0, r1
    PR "shadd8", r2
    uhsub16 r2, r0, r1
    PR "uhsub16", r2
    usad8 r2, r0, r1
    PR "usad8", r2
    ssax r2, r0, r1
    PR "ssax", r2

    PUTS "== pc-relative and branches"
    adr r0, 1f
    adr r1, 2f
    sub r2, r1, r0
    PR "adr delta", r2
1:  nop
2:  mov r0, pc          @ reads as . + 8
    adr r1, 2b
    sub r2, r0, r1
    PR "pc reads +8", r2
    bl 3f
    b 4f
3:  mov r2, #0x33
    bx lr
4:  PR "bl/bx", r2
    adr r0, 5f + 1       @ interworking into Thumb and back
    blx r0
    PR "blx thumb", r0
    mov r0, #0
    pop {r4-r11, pc}

    .thumb
    .thumb_func
5:  movs r0, #0x55
    bx lr
    .ltorg
