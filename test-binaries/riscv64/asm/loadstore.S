/* loadstore.S - every load/store width and signedness, positive/negative
 * offsets, misaligned accesses, store-to-load forwarding of partial words,
 * stack and .bss/.data accesses. */
#include "common.inc"

.macro TLOAD op, off
    lla t0, pattern
    \op t2, \off(t0)
    PR "\op pattern+\off", t2
.endm

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== loads"
    TLOAD lb, 0
    TLOAD lb, 7
    TLOAD lb, 1
    TLOAD lbu, 7
    TLOAD lbu, 0
    TLOAD lh, 0
    TLOAD lh, 6
    TLOAD lh, 2
    TLOAD lhu, 6
    TLOAD lhu, 4
    TLOAD lw, 0
    TLOAD lw, 4
    TLOAD lwu, 4
    TLOAD lwu, 0
    TLOAD ld, 0
    TLOAD ld, 8
    /* negative offset */
    lla t0, pattern + 16
    ld t2, -16(t0)
    PR "ld -16", t2
    lw t2, -12(t0)
    PR "lw -12", t2
    lb t2, -1(t0)
    PR "lb -1", t2

    PUTS "== stores"
    lla s0, buf
    li t0, 0x1122334455667788
    sd t0, 0(s0)
    sd t0, 8(s0)
    li t1, 0xaabbccdd99
    sb t1, 0(s0)
    sh t1, 2(s0)
    sw t1, 4(s0)
    sb t1, 15(s0)
    ld t2, 0(s0)
    PR "after sb/sh/sw", t2
    ld t2, 8(s0)
    PR "after sb at 15", t2
    /* overlapping partial reads of freshly stored data */
    li t1, 0x8081828384858687
    sd t1, 16(s0)
    lbu t2, 16(s0)
    PR "lbu of sd byte0", t2
    lb t2, 23(s0)
    PR "lb of sd byte7", t2
    lh t2, 18(s0)
    PR "lh of sd half1", t2
    lwu t2, 20(s0)
    PR "lwu of sd word1", t2
    lw t2, 20(s0)
    PR "lw of sd word1", t2
    /* store with negative offset */
    addi t0, s0, 40
    li t1, -2
    sw t1, -8(t0)
    ld t2, 32(s0)
    PR "sw -8 into zeroed", t2
    /* store of x0 */
    sd zero, 16(s0)
    ld t2, 16(s0)
    PR "sd zero", t2

    PUTS "== misaligned"
    lla s0, buf
    li t0, 0x0102030405060708
    sd t0, 48(s0)
    li t0, 0x1112131415161718
    sd t0, 56(s0)
    ld t2, 49(s0)
    PR "ld +1", t2
    lw t2, 51(s0)
    PR "lw +3", t2
    lh t2, 55(s0)
    PR "lh +7", t2
    lhu t2, 55(s0)
    PR "lhu +7", t2
    li t1, 0xdeadbeefcafef00d
    sd t1, 53(s0)
    ld t2, 48(s0)
    PR "after sd +5 lo", t2
    ld t2, 56(s0)
    PR "after sd +5 hi", t2
    sw t1, 57(s0)
    sh t1, 63(s0)
    ld t2, 56(s0)
    PR "after sw/sh misaligned", t2

    PUTS "== stack"
    addi sp, sp, -64
    li t0, 0x0f0f0f0f0f0f0f0f
    sd t0, 0(sp)
    sd t0, 56(sp)
    li t1, 0xff
    sb t1, 56(sp)
    ld t2, 56(sp)
    ld t3, 0(sp)
    addi sp, sp, 64
    PR "stack slot", t2
    PR "stack slot 0", t3

    PUTS "== bss"
    lla t0, bss_area
    ld t2, 0(t0)
    PR "bss initially", t2
    li t1, 0x1234
    li t3, 4096 * 3
    add t3, t0, t3
    sd t1, -8(t3)
    ld t2, -8(t3)
    PR "bss end", t2
    /* checksum of the whole bss area after a fill loop */
    lla t0, bss_area
    li t3, 4096 * 3 / 8
    li t1, 0
    li t4, 0
1:  sd t1, 0(t0)
    addi t1, t1, 3
    addi t0, t0, 8
    addi t3, t3, -1
    bnez t3, 1b
    lla t0, bss_area
    li t3, 4096 * 3 / 4
2:  lwu t1, 0(t0)
    add t4, t4, t1
    addi t0, t0, 4
    addi t3, t3, -1
    bnez t3, 2b
    PR "bss word sum", t4

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret

    .data
    .balign 16
pattern:
    .byte 0x80, 0x7f, 0xff, 0x01, 0x78, 0x56, 0x34, 0xf2
    .dword 0x8000000000000001
buf:
    .zero 128

    .bss
    .balign 4096
bss_area:
    .zero 4096 * 3
