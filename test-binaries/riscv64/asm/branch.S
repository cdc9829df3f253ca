/* branch.S - all conditional branches (taken and not taken, signed/unsigned
 * edge values, forward/backward), jal, jalr (offsets, bit-0 clearing,
 * rd == rs1, rd == x0), a counted loop. */
#include "common.inc"

/* BR op, a, b : prints 1 if the branch was taken, 0 otherwise */
.macro BR op, a, b
    li t0, \a
    li t1, \b
    li t2, 0
    \op t0, t1, 1f
    j 2f
1:  li t2, 1
2:  PR "\op \a,\b", t2
.endm

/* backward-taken variant: the target is before the branch */
.macro BRB op, a, b
    li t0, \a
    li t1, \b
    li t2, 0
    j 2f
1:  li t2, 1
    j 3f
2:  \op t0, t1, 1b
3:  PR "\op(back) \a,\b", t2
.endm

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== beq/bne"
    BR beq, 0, 0
    BR beq, 1, 0
    BR beq, -1, 0xffffffffffffffff
    BR beq, 0x100000000, 0
    BR bne, 0, 0
    BR bne, 1, 0
    BR bne, 0x8000000000000000, 0
    BRB beq, 7, 7
    BRB bne, 7, 7
    BRB bne, 7, 8

    PUTS "== blt/bge (signed)"
    BR blt, -1, 0
    BR blt, 0, -1
    BR blt, 0x8000000000000000, 0x7fffffffffffffff
    BR blt, 0x7fffffffffffffff, 0x8000000000000000
    BR blt, 5, 5
    BR bge, -1, 0
    BR bge, 0, -1
    BR bge, 5, 5
    BR bge, 0x8000000000000000, 0x8000000000000000
    BR bge, 0x7fffffffffffffff, 0x8000000000000000
    BRB blt, -3, -2
    BRB bge, -3, -2
    BRB bge, -2, -3

    PUTS "== bltu/bgeu (unsigned)"
    BR bltu, -1, 0
    BR bltu, 0, -1
    BR bltu, 0x8000000000000000, 0x7fffffffffffffff
    BR bltu, 0x7fffffffffffffff, 0x8000000000000000
    BR bltu, 5, 5
    BR bgeu, -1, 0
    BR bgeu, 0, -1
    BR bgeu, 5, 5
    BR bgeu, 0, 0
    BR bgeu, 0x80000000, 0xffffffff
    BRB bltu, 1, -1
    BRB bgeu, 1, -1

    PUTS "== pseudo branches"
    BR bgt, 1, 0
    BR ble, 1, 0
    BR bgtu, -1, 1
    BR bleu, -1, 1

    /* branch with x0 operands */
    li t2, 0
    beq zero, zero, 1f
    li t2, 99
1:  PR "beq zero,zero", t2
    li t0, -5
    li t2, 0
    bltz t0, 1f
    j 2f
1:  li t2, 1
2:  PR "bltz -5", t2
    li t2, 0
    bgez t0, 1f
    j 2f
1:  li t2, 1
2:  PR "bgez -5", t2

    PUTS "== jal/jalr"
    /* jal: link register holds the address of the next instruction */
    jal t0, 1f
2:  nop
1:  lla t1, 2b
    sub t2, t0, t1
    PR "jal link - next", t2

    /* jal with rd = x0 (plain jump) */
    li t2, 0
    jal x0, 1f
    li t2, 1
1:  PR "jal x0 skipped", t2

    /* jalr with a positive and a negative offset */
    lla t0, jt_target
    addi t0, t0, -16
    jalr t1, 16(t0)
3:  lla t3, 3b
    sub t1, t1, t3
    PR "jalr link - next (+16)", t1
    PR "jalr target ran", a2

    lla t0, jt_target
    addi t0, t0, 100
    li a2, 0
    jalr t1, -100(t0)
    PR "jalr target ran (-100)", a2

    /* jalr clears bit 0 of the target */
    lla t0, jt_target
    addi t0, t0, 1
    li a2, 0
    jalr t1, 0(t0)
    PR "jalr odd target ran", a2
    lla t0, jt_target
    li a2, 0
    jalr t1, 1(t0)
    PR "jalr odd offset ran", a2

    /* jalr with rd == rs1: target computed from the old value */
    lla t1, jt_target
    li a2, 0
    jalr t1, 0(t1)
4:  lla t3, 4b
    sub t4, t1, t3
    PR "jalr rd==rs1 link - next", t4
    PR "jalr rd==rs1 ran", a2

    /* jalr via ra (call/ret) and nested calls */
    li a2, 0
    call nested_outer
    PR "nested calls result", a2

    /* computed jump table */
    li s2, 0
    li s3, 0
5:  lla t0, jtab
    slli t1, s3, 3
    add t0, t0, t1
    ld t0, 0(t0)
    jalr ra, 0(t0)
    addi s3, s3, 1
    li t1, 4
    blt s3, t1, 5b
    PR "jump table sum", s2

    PUTS "== loop"
    li t0, 0
    li t1, 0
    li t3, 1000
1:  add t1, t1, t0
    addi t0, t0, 1
    bne t0, t3, 1b
    PR "sum 0..999", t1

    /* long-distance branch over a big block */
    li t2, 0
    beq zero, zero, 1f
    .rept 1500
    addi t2, t2, 1
    .endr
1:  PR "far beq", t2
    li t2, 0
    j 1f
    .rept 60000
    addi t2, t2, 1
    .endr
1:  PR "far jal", t2

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret

jt_target:
    li a2, 0x42
    jr t1

nested_outer:
    addi sp, sp, -16
    sd ra, 0(sp)
    addi a2, a2, 1
    call nested_inner
    addi a2, a2, 100
    ld ra, 0(sp)
    addi sp, sp, 16
    ret
nested_inner:
    slli a2, a2, 4
    ret

jt0: addi s2, s2, 1
     ret
jt1: addi s2, s2, 10
     ret
jt2: addi s2, s2, 100
     ret
jt3: addi s2, s2, 1000
     ret

    .section .data
    .balign 8
jtab: .dword jt0, jt1, jt2, jt3
