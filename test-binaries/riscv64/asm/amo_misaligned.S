/* amo_misaligned.S - a misaligned AMO cannot be emulated by the kernel:
 * the process dies of SIGBUS (shell status 135). Aligned AMOs right
 * before it work. */
#include "common.inc"

    .text
    .globl main_test
main_test:
    lla t0, abuf
    li t1, 5
    amoadd.d t2, t1, (t0)
    ld t3, 0(t0)
    PR "aligned amoadd.d", t3
    addi t0, t0, 4
    amoadd.w t2, t1, (t0)
    lwu t3, 0(t0)
    PR "aligned amoadd.w (+4)", t3
    PUTS "now amoadd.w at +2"
    addi t0, t0, -2
    amoadd.w t2, t1, (t0)
    PUTS "not reached"
    li a0, 1
    ret

    .data
    .balign 16
abuf: .zero 16
