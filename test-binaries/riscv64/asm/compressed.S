/* compressed.S - RVC: every RV64C instruction written explicitly (c.*),
 * mixed 16/32-bit instruction streams, a 32-bit instruction straddling a
 * page boundary, and compressed control flow. Built with -march=rv64gc;
 * the build script checks that the binary really contains c.* encodings. */
#include "common.inc"

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)
    .option push
    .option rvc

    PUTS "== c.li/c.lui/c.addi/c.addiw/c.mv/c.add"
    c.li a0, -32
    PR "c.li -32", a0
    c.li a0, 31
    PR "c.li 31", a0
    c.lui a1, 0x1f
    PR "c.lui 0x1f", a1
    c.lui a1, 0xfffe0
    PR "c.lui 0xfffe0", a1
    c.lui a1, 1
    PR "c.lui 1", a1
    c.li a2, 5
    c.addi a2, -6
    PR "c.addi 5-6", a2
    c.addi a2, 31
    PR "c.addi +31", a2
    li a3, 0x7fffffff
    c.addiw a3, 1
    PR "c.addiw 0x7fffffff+1", a3
    li a3, 0x123456789
    c.addiw a3, 0
    PR "c.addiw sext", a3
    li a4, 0x1234
    c.mv a5, a4
    PR "c.mv", a5
    c.add a5, a4
    PR "c.add", a5
    li t3, 0x7fffffffffffffff
    c.mv t4, t3
    c.add t4, t3
    PR "c.add t4 (full regs)", t4

    PUTS "== CA/CB arithmetic (x8-x15)"
    li s0, 0xf0f0f0f0f0f0f0f0
    li s1, 0x0ff00ff00ff00ff0
    c.mv a0, s0
    c.and a0, s1
    PR "c.and", a0
    c.mv a0, s0
    c.or a0, s1
    PR "c.or", a0
    c.mv a0, s0
    c.xor a0, s1
    PR "c.xor", a0
    c.mv a0, s0
    c.sub a0, s1
    PR "c.sub", a0
    li a1, 0x80000000
    li a2, 1
    c.mv a0, a1
    c.subw a0, a2
    PR "c.subw", a0
    c.mv a0, a1
    c.addw a0, a1
    PR "c.addw", a0
    c.mv a0, s0
    c.andi a0, -17
    PR "c.andi -17", a0
    c.mv a0, s0
    c.andi a0, 15
    PR "c.andi 15", a0
    c.mv a0, s0
    c.srli a0, 4
    PR "c.srli 4", a0
    c.mv a0, s0
    c.srli a0, 63
    PR "c.srli 63", a0
    c.mv a0, s0
    c.srai a0, 4
    PR "c.srai 4", a0
    c.mv a0, s0
    c.srai a0, 32
    PR "c.srai 32", a0
    c.li t5, 1
    c.slli t5, 63
    PR "c.slli 63", t5
    c.li t5, 3
    c.slli t5, 1
    PR "c.slli 1", t5

    PUTS "== stack-relative loads/stores"
    c.addi16sp sp, -64
    li t0, 0x1122334455667788
    c.sdsp t0, 0(sp)
    c.sdsp t0, 56(sp)
    li t1, 0xfffffffe
    c.swsp t1, 8(sp)
    c.swsp t1, 12(sp)
    c.ldsp t2, 0(sp)
    PR "c.ldsp 0", t2
    c.ldsp t2, 8(sp)
    PR "c.ldsp 8 (two words)", t2
    c.lwsp t2, 12(sp)
    PR "c.lwsp sign-extends", t2
    c.lwsp t2, 60(sp)
    PR "c.lwsp 60", t2
    li t0, 0x400921fb54442d18
    fmv.d.x ft0, t0
    c.fsdsp ft0, 16(sp)
    c.fldsp ft1, 16(sp)
    PRF "c.fsdsp/c.fldsp", ft1
    c.addi4spn a0, sp, 24
    sub a0, a0, sp
    PR "c.addi4spn 24", a0
    c.addi4spn a0, sp, 1020
    sub a0, a0, sp
    PR "c.addi4spn 1020", a0
    c.addi16sp sp, 64

    PUTS "== register-relative loads/stores"
    lla s1, cbuf
    li a0, 0x8877665544332211
    c.sd a0, 0(s1)
    c.sd a0, 248(s1)
    li a1, 0x80000001
    c.sw a1, 8(s1)
    c.ld a2, 0(s1)
    PR "c.ld", a2
    c.ld a2, 248(s1)
    PR "c.ld 248", a2
    c.lw a3, 8(s1)
    PR "c.lw sign-extends", a3
    c.lw a3, 4(s1)
    PR "c.lw 4", a3
    li t0, 0xc000000000000000
    fmv.d.x fa0, t0
    c.fsd fa0, 16(s1)
    c.fld fa1, 16(s1)
    PRF "c.fsd/c.fld", fa1
    c.ld a4, 16(s1)
    PR "c.fsd as int", a4

    PUTS "== control flow"
    li a0, 0
    c.beqz a0, 1f
    li a0, 99
1:  PR "c.beqz taken", a0
    li a0, 5
    c.beqz a0, 1f
    li a0, 6
1:  PR "c.beqz not taken", a0
    c.bnez a0, 1f
    li a0, 77
1:  PR "c.bnez taken", a0
    li s0, 0
    c.bnez s0, 1f
    li s0, 8
1:  PR "c.bnez not taken", s0
    li a0, 0
    c.j 1f
    li a0, 1
1:  PR "c.j", a0
    /* backward compressed branch loop */
    li a1, 10
    li a2, 0
2:  c.add a2, a1
    c.addi a1, -1
    c.bnez a1, 2b
    PR "c.bnez loop sum", a2
    /* c.jr / c.jalr */
    lla t0, cfunc
    li a0, 1
    c.jalr t0
3:  PR "c.jalr result", a0
    lla t1, 3b
    sub t1, ra, t1
    PR "c.jalr link - next", t1
    lla t0, 4f
    c.jr t0
    li a0, 123
4:  PR "c.jr skipped", a0
    c.nop
    c.nop

    PUTS "== page-straddling 32-bit instruction"
    li t2, 40
    j 5f
    .balign 4096
    .skip 4090
5:  c.nop                    /* at page offset 4090 */
    c.addi t2, 1             /* 4092 */
    .option push
    .option norvc
    addi t2, t2, 1           /* 4094: straddles the page boundary */
    .option pop
    c.addi t2, 1
    PR "straddle result", t2

    .option pop
    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret

cfunc:
    .option push
    .option rvc
    c.slli a0, 5
    c.addi a0, 3
    c.jr ra
    .option pop

    .data
    .balign 8
cbuf: .zero 256
