/* mem.S - loads and stores in A32 and Thumb: word/byte/halfword, signed
 * loads, immediate and register offsets (shifted, subtracted), pre- and
 * post-indexed writeback, ldrd/strd, ldm/stm in all four modes with
 * writeback, push/pop, unaligned ldr/str, ldrex/strex (incl. a failing
 * strex after clrex), ldrexd/strexd, swp/swpb and ldrt. */
#include "common.inc"

    .data
    .align 3
buf:
    .word 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00
    .word 0x80818283, 0xf0f1f2f3, 0x01020304, 0x05060708
    .space 64

    .arm
    .text
    .globl main_test
    .type main_test, %function
main_test:
    push {r4-r11, lr}
    LADDR r4, buf

    PUTS "== A32 loads"
    ldr r0, [r4]
    PR "ldr", r0
    ldr r0, [r4, #4]
    PR "ldr #4", r0
    ldrb r0, [r4, #3]
    PR "ldrb", r0
    ldrh r0, [r4, #2]
    PR "ldrh", r0
    ldrsb r0, [r4, #16]
    PR "ldrsb", r0
    ldrsh r0, [r4, #18]
    PR "ldrsh", r0
    mov r1, #2
    ldr r0, [r4, r1, lsl #2]
    PR "ldr reg lsl2", r0
    add r5, r4, #16
    ldr r0, [r5, -r1, lsl #3]
    PR "ldr -reg", r0
    mov r5, r4
    ldr r0, [r5, #8]!
    sub r6, r5, r4
    PR "pre-index", r0
    PR "  base", r6
    ldr r0, [r5], #-4
    sub r6, r5, r4
    PR "post-index", r0
    PR "  base", r6
    ldrh r0, [r5, #2]!
    PR "ldrh pre", r0
    ldrd r2, r3, [r4, #8]
    PR "ldrd lo", r2
    PR "ldrd hi", r3
    ldr r0, [r4, #1]            @ unaligned
    PR "ldr unaligned", r0
    ldrh r0, [r4, #5]
    PR "ldrh unaligned", r0

    PUTS "== A32 stores"
    add r5, r4, #32
    LI r0, 0xa1b2c3d4
    str r0, [r5]
    strb r0, [r5, #4]
    strh r0, [r5, #6]
    ldr r1, [r5]
    PR "str", r1
    ldr r1, [r5, #4]
    PR "strb/strh", r1
    mov r2, #0x12
    mov r3, #0x34
    strd r2, r3, [r5, #8]
    ldr r1, [r5, #8]
    PR "strd lo", r1
    ldr r1, [r5, #12]
    PR "strd hi", r1
    str r0, [r5, #17]            @ unaligned
    ldr r1, [r5, #16]
    PR "str unaligned", r1
    mov r6, r5
    str r0, [r6, #4]!
    sub r7, r6, r5
    PR "str pre base", r7
    strb r0, [r6], #3
    sub r7, r6, r5
    PR "strb post base", r7

    PUTS "== ldm/stm"
    ldm r4, {r0-r3}
    PR "ldmia r0", r0
    PR "ldmia r3", r3
    mov r6, r4
    ldmib r6!, {r0, r1}
    sub r7, r6, r4
    PR "ldmib r0", r0
    PR "ldmib wb", r7
    add r6, r4, #16
    ldmda r6, {r0, r1}
    PR "ldmda r0", r0
    PR "ldmda r1", r1
    ldmdb r6!, {r0, r1, r2}
    sub r7, r6, r4
    PR "ldmdb r0", r0
    PR "ldmdb wb", r7
    add r6, r4, #64
    mov r0, #1
    mov r1, #2
    mov r2, #3
    stmdb r6!, {r0-r2}
    sub r7, r6, r4
    PR "stmdb wb", r7
    ldr r3, [r4, #56]
    PR "stmdb [2]", r3
    stmia r6, {r1, r2}
    ldr r3, [r6]
    PR "stmia [0]", r3
    push {r0, r1, r2}
    pop {r3, r7, r8}
    PR "push/pop", r8

    PUTS "== exclusives"
    add r5, r4, #48
    mov r0, #7
    str r0, [r5]
    ldrex r1, [r5]
    add r1, r1, #1
    strex r2, r1, [r5]
    PR "strex status", r2
    ldr r3, [r5]
    PR "after strex", r3
    ldrex r1, [r5]
    clrex
    strex r2, r1, [r5]
    PR "strex after clrex", r2
    strex r2, r1, [r5]
    PR "strex without ldrex", r2
    ldrexd r0, r1, [r4]
    add r0, r0, #1
    strexd r2, r0, r1, [r4]
    PR "strexd status", r2
    ldr r3, [r4]
    PR "after strexd", r3
    add r6, r4, #1
    ldrexb r0, [r6]
    strexb r2, r0, [r5]
    PR "strexb", r2
    add r6, r4, #2
    ldrexh r0, [r6]
    PR "ldrexh", r0
    clrex
    mov r0, #0x55
    .inst 0xe1051090            @ swp r1, r0, [r5] (deprecated: gas warns)
    PR "swp old", r1
    ldr r1, [r5]
    PR "swp new", r1
    mov r0, #0xaa
    .inst 0xe1451090            @ swpb r1, r0, [r5]
    PR "swpb old", r1
    ldrt r1, [r4]
    PR "ldrt", r1

    bl thumb_mem
    mov r0, #0
    pop {r4-r11, pc}

    .thumb
    .type thumb_mem, %function
    .thumb_func
thumb_mem:
    push {r4-r7, lr}
    LADDR r4, buf
    PUTS "== Thumb loads/stores"
    ldr r0, [r4, #4]
    PR "ldr", r0
    movs r1, #3
    ldrb r0, [r4, r1]
    PR "ldrb reg", r0
    ldrh r0, [r4, #6]
    PR "ldrh", r0
    ldrsb r0, [r4, r1]
    PR "ldrsb reg", r0
    ldr.w r0, [r4, r1, lsl #2]
    PR "ldr.w lsl2", r0
    ldrsh.w r0, [r4, #20]
    PR "ldrsh.w", r0
    ldr r0, [r4, #-4 + 8]
    PR "ldr imm", r0
    mov r5, r4
    ldr r0, [r5, #4]!
    PR "ldr pre", r0
    ldr r0, [r5], #8
    subs r6, r5, r4
    PR "ldr post base", r6
    ldrd r2, r3, [r4, #16]
    PR "ldrd hi", r3
    add r5, r4, #80
    movs r0, #0x5a
    strb r0, [r5, #1]
    strh r0, [r5, #2]
    ldr r1, [r5]
    PR "strb/strh", r1
    strd r0, r0, [r5, #8]
    ldr r1, [r5, #12]
    PR "strd", r1
    ldmia r4!, {r0, r1, r2}
    PR "ldmia r2", r2
    subs r4, #12
    add r5, r4, #64
    stmdb r5!, {r0, r1}
    subs r6, r5, r4
    PR "stmdb base", r6
    sub sp, #8
    str r0, [sp, #4]
    ldr r1, [sp, #4]
    add sp, #8
    PR "sp-relative", r1
    ldr r0, [r4, #2]            @ unaligned
    PR "ldr unaligned", r0
    add r5, r4, #48
    ldrex r0, [r5]
    strex r1, r0, [r5]
    PR "strex", r1
    pop {r4-r7, pc}
