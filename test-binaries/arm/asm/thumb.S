/* thumb.S - Thumb-2 integer code: 16-bit forms (low registers, flag-setting
 * outside IT blocks), 32-bit forms with modified immediates (0x00XY00XY,
 * 0xXYXYXYXY, rotated), shifts, IT blocks (then/else slots, flag-setting
 * 16-bit ops inside them), cbz/cbnz, tbb/tbh, multiplies and divides,
 * bitfields, ldr literal, adr, and calls between Thumb and A32. */
#include "common.inc"

    .thumb
    .text
    .globl main_test
    .type main_test, %function
    .thumb_func
main_test:
    push {r4-r11, lr}

    PUTS "== 16-bit"
    movs r0, #200
    movs r1, #100
    adds r2, r0, r1
    PR "adds", r2
    subs r2, r1, r0
    PR "subs", r2
    PRF "flags"
    adds r2, #7
    PR "adds imm8", r2
    subs r3, r2, #3
    PR "subs imm3", r3
    lsls r3, r0, #24
    PR "lsls", r3
    PRF "flags"
    asrs r3, r3, #4
    PR "asrs", r3
    lsrs r3, r3, #28
    PR "lsrs", r3
    movs r4, #3
    rors r3, r4
    PR "rors reg", r3
    muls r4, r0, r4
    PR "muls", r4
    mvns r4, r4
    PR "mvns", r4
    negs r5, r1                 @ rsbs #0
    PR "negs", r5
    PRF "flags"
    ands r5, r0
    PR "ands", r5
    orrs r5, r1
    PR "orrs", r5
    eors r5, r0
    PR "eors", r5
    bics r5, r1
    PR "bics", r5
    cmp r0, r1
    PRF "cmp"
    cmn r0, r5
    PRF "cmn"
    mov r8, r0                 @ high registers
    add r8, r1
    mov r2, r8
    PR "hi add", r2
    sxtb r2, r0
    PR "sxtb", r2
    uxth r2, r5
    PR "uxth", r2
    rev r2, r0
    PR "rev", r2
    adcs r2, r0                @ 16-bit adcs with the C flag from above
    PR "adcs", r2

    PUTS "== 32-bit"
    mov r0, #0x00ab00ab
    PR "imm 00XY00XY", r0
    mov r0, #0xab00ab00
    PR "imm XY00XY00", r0
    mov r0, #0xabababab
    PR "imm XYXYXYXY", r0
    mov r0, #0x3fc00
    PR "imm rotated", r0
    add r1, r0, #0xfff
    PR "addw", r1
    sub r1, r0, #0x123
    PR "subw", r1
    LI r2, 0x87654321
    add r1, r2, r2, lsl #3
    PR "add lsl3", r1
    orn r1, r0, r2
    PR "orn", r1
    adds r1, r2, r2
    PRF "adds.w"
    sbc r1, r2, #1
    PR "sbc", r1
    rsb r1, r2, #0x100
    PR "rsb", r1
    lsl.w r1, r2, #4
    PR "lsl.w", r1
    mov r3, #36
    lsr.w r1, r2, r3
    PR "lsr.w 36", r1
    mov r3, #4
    ror.w r1, r2, r3
    PR "ror.w", r1
    mla r1, r2, r3, r0
    PR "mla", r1
    umull r4, r5, r2, r2
    PR "umull lo", r4
    PR "umull hi", r5
    smlal r4, r5, r2, r3
    PR "smlal lo", r4
    PR "smlal hi", r5
    sdiv r1, r2, r3
    PR "sdiv", r1
    udiv r1, r2, r3
    PR "udiv", r1
    clz r1, r3
    PR "clz", r1
    rbit r1, r2
    PR "rbit", r1
    ubfx r1, r2, #8, #8
    PR "ubfx", r1
    sbfx r1, r2, #12, #8
    PR "sbfx", r1
    bfi r1, r2, #0, #4
    PR "bfi", r1
    movw r1, #0x1234
    movt r1, #0xfedc
    PR "movw/movt", r1
    ssat r1, #10, r2
    PR "ssat", r1
    smulbb r1, r2, r2
    PR "smulbb", r1
    uadd16 r1, r2, r2
    PR "uadd16", r1
    PRF "ge"

    PUTS "== IT blocks"
    movs r0, #5
    movs r1, #9
    cmp r0, r1
    ite lt
    movlt r2, #1
    movge r2, #2
    PR "ite lt", r2
    cmp r1, r0
    itete gt
    addgt r2, r2, #10
    addle r2, r2, #20
    addgt r2, r2, #30
    addle r2, r2, #40
    PR "itete gt", r2
    movs r3, #0
    cmp r3, #0
    ittt eq
    addeq r3, #1              @ 16-bit add inside IT: no flags
    addeq r3, #1
    moveq r4, #0x77
    PR "ittt eq", r3
    PRF "flags unchanged"
    mvn r4, #0
    cmp r4, #1
    itt hi
    movhi r5, #1
    lslhi r5, r5, #4
    PR "itt hi", r5
    cmp r0, r0
    it ne
    movne r6, #99
    it eq
    moveq r6, #42
    PR "it eq", r6

    PUTS "== cbz/cbnz"
    movs r0, #0
    movs r1, #0
    cbz r0, 1f
    movs r1, #1
1:  PR "cbz taken", r1
    movs r0, #3
    cbnz r0, 2f
    movs r1, #2
2:  PR "cbnz taken", r1
    cbz r0, 3f
    movs r1, #4
3:  PR "cbz not taken", r1

    PUTS "== tbb/tbh"
    movs r4, #0
    movs r5, #0
4:  tbb [pc, r4]
.Ltbb:
    .byte (5f - .Ltbb) / 2
    .byte (6f - .Ltbb) / 2
    .byte (7f - .Ltbb) / 2
    .byte 0
5:  adds r5, #1
    b 8f
6:  adds r5, #10
    b 8f
7:  adds r5, #100
8:  adds r4, #1
    cmp r4, #3
    blt 4b
    PR "tbb sum", r5
    movs r4, #1
    tbh [pc, r4, lsl #1]
.Ltbh:
    .hword (9f - .Ltbh) / 2
    .hword (10f - .Ltbh) / 2
9:  movs r5, #0x11
    b 11f
10: movs r5, #0x22
11: PR "tbh", r5

    PUTS "== literals, adr, calls"
    ldr r0, .Llit
    PR "ldr literal", r0
    adr r1, .Llit
    ldr r2, [r1, #4]
    PR "adr+ldr", r2
    bl arm_helper               @ A32 function: the linker makes this blx
    PR "called A32", r0
    adr r0, arm_helper
    blx r0
    PR "blx reg A32", r0
    movs r0, #0
    pop {r4-r11, pc}

    .align 2
.Llit:
    .word 0xcafef00d
    .word 0x0badc0de

    .arm
    .type arm_helper, %function
arm_helper:
    mov r0, #0xa3
    orr r0, r0, #0xa300
    bx lr
