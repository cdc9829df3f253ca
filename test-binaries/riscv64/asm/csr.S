/* csr.S - Zicsr on the FP CSRs: csrrw/csrrs/csrrc and their immediate
 * forms on fcsr, frm and fflags (old values returned, masking of the
 * written value, views of fcsr through frm/fflags), rd=x0 and rs1=x0
 * forms; rdcycle/rdtime/rdinstret are readable and do not go backwards
 * (their values are not printed). */
#include "common.inc"

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== fcsr"
    csrwi fcsr, 0
    PRC "fcsr reset", fcsr
    li t0, 0xffffffff
    csrrw t2, fcsr, t0
    PR "csrrw fcsr old", t2
    PRC "fcsr after all-ones", fcsr
    PRC "frm view", frm
    PRC "fflags view", fflags
    li t0, 0x0a5
    csrrw t2, fcsr, t0
    PR "csrrw fcsr old 2", t2
    PRC "fcsr", fcsr
    PRC "frm", frm
    PRC "fflags", fflags
    li t0, 0x1f
    csrrc t2, fcsr, t0
    PR "csrrc fcsr old", t2
    PRC "fcsr after clear flags", fcsr
    li t0, 0x3
    csrrs t2, fcsr, t0
    PR "csrrs fcsr old", t2
    PRC "fcsr after set", fcsr
    csrrs t2, fcsr, zero          /* pure read */
    PR "csrrs x0 read", t2
    csrrc t2, fcsr, zero
    PR "csrrc x0 read", t2

    PUTS "== frm"
    csrwi fcsr, 0
    csrrwi t2, frm, 3
    PR "csrrwi frm old", t2
    PRC "frm", frm
    PRC "fcsr", fcsr
    csrrsi t2, frm, 4
    PR "csrrsi frm old", t2
    PRC "frm", frm
    csrrci t2, frm, 2
    PR "csrrci frm old", t2
    PRC "frm", frm
    li t0, 0xfa
    csrrw t2, frm, t0              /* only 3 bits kept */
    PR "csrrw frm old", t2
    PRC "frm masked", frm
    PRC "fcsr", fcsr
    csrrs t2, frm, zero
    PR "csrr frm", t2
    csrw frm, zero
    PRC "frm after csrw", frm

    PUTS "== fflags"
    csrwi fcsr, 0
    csrrwi t2, fflags, 0x15
    PR "csrrwi fflags old", t2
    PRC "fflags", fflags
    csrrsi t2, fflags, 0x0a
    PR "csrrsi fflags old", t2
    PRC "fflags", fflags
    csrrci t2, fflags, 0x11
    PR "csrrci fflags old", t2
    PRC "fflags", fflags
    li t0, 0xe0 | 0x4
    csrrw t2, fflags, t0           /* only 5 bits kept */
    PR "csrrw fflags old", t2
    PRC "fflags masked", fflags
    li t0, 0x8
    csrs fflags, t0
    PRC "csrs fflags", fflags
    csrc fflags, t0
    PRC "csrc fflags", fflags
    csrsi fflags, 1
    csrci fflags, 4
    PRC "csrsi/csrci fflags", fflags
    csrwi frm, 2
    PRC "fcsr composed", fcsr
    csrrwi x0, fflags, 0
    PRC "fcsr after csrrwi x0", fcsr
    /* flags raised by arithmetic show up in both views */
    csrwi fcsr, 0
    li t0, 0x3f800000
    fmv.w.x ft0, t0
    fmv.w.x ft1, zero
    fdiv.s ft2, ft0, ft1
    PRC "fflags after 1/0", fflags
    PRC "fcsr after 1/0", fcsr
    /* rd == rs1 */
    li t1, 0x2
    csrrw t1, fflags, t1
    PR "csrrw rd==rs1 old", t1
    PRC "fflags", fflags
    /* dynamic rounding with frm set via fcsr */
    li t0, 0x40            /* frm=2 (rdn) */
    csrw fcsr, t0
    li t0, 0xbf800000
    fmv.w.x ft0, t0
    li t0, 0x40400000
    fmv.w.x ft1, t0
    fdiv.s ft2, ft0, ft1
    PRF "fdiv.s -1/3 dyn rdn", ft2
    PRC "fcsr after", fcsr
    csrwi fcsr, 0

    PUTS "== counters"
    rdcycle s2
    rdtime s3
    rdinstret s4
    li t0, 0
    li t1, 10000
1:  addi t0, t0, 1
    bne t0, t1, 1b
    rdcycle s5
    rdtime s6
    rdinstret s7
    sltu t2, s5, s2
    xori t2, t2, 1
    PR "cycle nondecreasing", t2
    sltu t2, s6, s3
    xori t2, t2, 1
    PR "time nondecreasing", t2
    sltu t2, s7, s4
    xori t2, t2, 1
    PR "instret nondecreasing", t2
    csrr s2, cycle
    csrr s3, time
    csrr s4, instret
    PUTS "counters readable via csrr"

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret
