/* Note: no syscall (printing) happens between an lr and its sc: Linux
 * drops reservations on return from a trap, qemu does not. */
/* atomic.S - RV64A: lr/sc success and failure, every AMO in .w and .d form
 * with all aq/rl combinations; checks the returned old value (sign-extended
 * for .w), the new memory value and that neighbouring memory is untouched. */
#include "common.inc"

/* AMOW op, init, operand : 32-bit AMO on the low word of slot (high word is
 * a guard pattern). Prints old value and resulting 64-bit slot. */
.macro AMOW op, init, operand
    lla t0, slot
    li t1, 0x5a5a5a5a00000000 | (\init & 0xffffffff)
    sd t1, 0(t0)
    li t1, \operand
    \op t2, t1, (t0)
    ld t3, 0(t0)
    PR "\op \init,\operand old", t2
    PR "\op \init,\operand mem", t3
.endm

.macro AMOD op, init, operand
    lla t0, slot
    li t1, \init
    sd t1, 0(t0)
    li t1, \operand
    \op t2, t1, (t0)
    ld t3, 0(t0)
    PR "\op \init,\operand old", t2
    PR "\op \init,\operand mem", t3
.endm

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== amo .w"
    AMOW amoswap.w, 0x11111111, 0x80000000
    AMOW amoswap.w.aq, 0x80000001, 0x7fffffff
    AMOW amoswap.w.rl, 0x1, 0x2
    AMOW amoswap.w.aqrl, 0xffffffff, 0x0
    AMOW amoadd.w, 0x7fffffff, 1
    AMOW amoadd.w.aq, 0xffffffff, 1
    AMOW amoadd.w.rl, 0x10, 0x100000005
    AMOW amoadd.w.aqrl, 0x80000000, 0x80000000
    AMOW amoxor.w, 0xf0f0f0f0, 0xffff0000
    AMOW amoxor.w.aq, 0x1, 0x1
    AMOW amoxor.w.rl, 0x12345678, 0x87654321
    AMOW amoxor.w.aqrl, 0, -1
    AMOW amoand.w, 0xf0f0f0f0, 0xffff0000
    AMOW amoand.w.aq, 0xffffffff, 0x80000001
    AMOW amoand.w.rl, 0x12345678, 0
    AMOW amoand.w.aqrl, 0xabcdef01, -1
    AMOW amoor.w, 0xf0f0f0f0, 0x0f0f0000
    AMOW amoor.w.aq, 0x0, 0x80000000
    AMOW amoor.w.rl, 0x1, 0x2
    AMOW amoor.w.aqrl, 0x7ffffff0, 0xf
    AMOW amomin.w, 0x80000000, 0x7fffffff
    AMOW amomin.w.aq, 0x7fffffff, 0x80000000
    AMOW amomin.w.rl, 5, -3
    AMOW amomin.w.aqrl, 0xfffffffe, 0xffffffff
    AMOW amomax.w, 0x80000000, 0x7fffffff
    AMOW amomax.w.aq, 0x7fffffff, 0x80000000
    AMOW amomax.w.rl, 5, -3
    AMOW amomax.w.aqrl, 0xfffffffe, 0xffffffff
    AMOW amominu.w, 0x80000000, 0x7fffffff
    AMOW amominu.w.aq, 0x7fffffff, 0x80000000
    AMOW amominu.w.rl, 5, -3
    AMOW amominu.w.aqrl, 0, 0xffffffff
    AMOW amomaxu.w, 0x80000000, 0x7fffffff
    AMOW amomaxu.w.aq, 0x7fffffff, 0x80000000
    AMOW amomaxu.w.rl, 5, -3
    AMOW amomaxu.w.aqrl, 0xffffffff, 0

    PUTS "== amo .d"
    AMOD amoswap.d, 0x1111111111111111, 0x8000000000000000
    AMOD amoswap.d.aq, 1, 2
    AMOD amoswap.d.rl, -1, 0
    AMOD amoswap.d.aqrl, 0, -1
    AMOD amoadd.d, 0x7fffffffffffffff, 1
    AMOD amoadd.d.aq, -1, 1
    AMOD amoadd.d.rl, 0xffffffff, 1
    AMOD amoadd.d.aqrl, 0x8000000000000000, 0x8000000000000000
    AMOD amoxor.d, 0xf0f0f0f0f0f0f0f0, 0xffffffff00000000
    AMOD amoxor.d.aq, 1, 1
    AMOD amoxor.d.rl, 0x123456789abcdef0, -1
    AMOD amoxor.d.aqrl, 0, 0x8000000000000001
    AMOD amoand.d, 0xf0f0f0f0f0f0f0f0, 0xffffffff00000000
    AMOD amoand.d.aq, -1, 0x8000000000000001
    AMOD amoand.d.rl, 0x123456789abcdef0, 0
    AMOD amoand.d.aqrl, 0x123456789abcdef0, 0xff
    AMOD amoor.d, 0xf0f0f0f0f0f0f0f0, 0x0f0f0f0f00000000
    AMOD amoor.d.aq, 0, 0x8000000000000000
    AMOD amoor.d.rl, 1, 2
    AMOD amoor.d.aqrl, 0x100000000, 1
    AMOD amomin.d, 0x8000000000000000, 0x7fffffffffffffff
    AMOD amomin.d.aq, 0x7fffffffffffffff, 0x8000000000000000
    AMOD amomin.d.rl, 5, -3
    AMOD amomin.d.aqrl, 0xffffffff, 0x100000000
    AMOD amomax.d, 0x8000000000000000, 0x7fffffffffffffff
    AMOD amomax.d.aq, 0x7fffffffffffffff, 0x8000000000000000
    AMOD amomax.d.rl, 5, -3
    AMOD amomax.d.aqrl, 0xffffffff, 0x100000000
    AMOD amominu.d, 0x8000000000000000, 0x7fffffffffffffff
    AMOD amominu.d.aq, 0x7fffffffffffffff, 0x8000000000000000
    AMOD amominu.d.rl, 5, -3
    AMOD amominu.d.aqrl, 0, -1
    AMOD amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff
    AMOD amomaxu.d.aq, 0x7fffffffffffffff, 0x8000000000000000
    AMOD amomaxu.d.rl, 5, -3
    AMOD amomaxu.d.aqrl, -1, 0

    PUTS "== amo rd=x0 / rd==rs2"
    lla t0, slot
    li t1, 40
    sd t1, 0(t0)
    li t1, 2
    amoadd.d x0, t1, (t0)
    ld t2, 0(t0)
    PR "amoadd.d rd=x0 mem", t2
    li t1, 7
    amoswap.d t1, t1, (t0)
    ld t2, 0(t0)
    PR "amoswap.d rd==rs2 old", t1
    PR "amoswap.d rd==rs2 mem", t2

    PUTS "== lr/sc"
    /* success .d */
    lla t0, slot
    li t1, 0x0123456789abcdef
    sd t1, 0(t0)
    lr.d t2, (t0)
    li t1, 0x1111
    sc.d t3, t1, (t0)
    ld t4, 0(t0)
    PR "lr.d value", t2
    PR "sc.d result", t3
    PR "sc.d mem", t4
    /* a second sc without a new lr fails and does not write */
    li t1, 0x2222
    sc.d t3, t1, (t0)
    ld t4, 0(t0)
    PR "sc.d again result", t3
    PR "sc.d again mem", t4

    /* success .w, value sign-extended */
    li t1, 0x5a5a5a5a8badf00d
    sd t1, 0(t0)
    lr.w.aq t2, (t0)
    li t1, 0x12345678
    sc.w.rl t3, t1, (t0)
    ld t4, 0(t0)
    PR "lr.w value", t2
    PR "sc.w result", t3
    PR "sc.w mem", t4

    /* sc to a different address than the reservation fails */
    lla t5, slot2
    sd zero, 0(t5)
    lr.d.aqrl t2, (t0)
    li t1, 0x3333
    sc.d.aqrl t3, t1, (t5)
    ld t4, 0(t5)
    PR "sc.d other addr result", t3
    PR "sc.d other addr mem", t4
    /* clear the reservation with a successful sc on the right address */
    sc.d t3, t1, (t0)
    PR "sc.d after failed", t3

    /* lr/sc increment loop (the classic CAS pattern) */
    sd zero, 0(t0)
    li t6, 100
1:  lr.w t2, (t0)
    addi t2, t2, 3
    sc.w t3, t2, (t0)
    bnez t3, 1b
    addi t6, t6, -1
    bnez t6, 1b
    ld t4, 0(t0)
    PR "lr/sc loop total", t4

    /* compare-and-swap built from lr/sc: mismatch path leaves memory */
    li t1, 50
    sd t1, 0(t0)
    li a2, 49          /* expected */
    li a3, 99          /* new */
    lr.d t2, (t0)
    bne t2, a2, 2f
    sc.d t3, a3, (t0)
2:  ld t4, 0(t0)
    sc.d t3, a3, (t0)  /* reservation still valid from the lr above */
    ld t5, 0(t0)
    PR "cas mismatch mem", t4
    PR "sc after cas mismatch", t3
    mv t4, t5
    PR "sc after cas mismatch mem", t4

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret

    .data
    .balign 16
slot:  .dword 0
guard: .dword 0x6666666666666666
slot2: .dword 0
