/* badfrm.S - an FP operation with dynamic rounding while frm holds a
 * reserved value (5) is an illegal instruction: SIGILL (status 132).
 * Before that, static rounding modes keep working with frm=5, and reserved
 * frm values read back unchanged. */
#include "common.inc"

    .text
    .globl main_test
main_test:
    csrwi frm, 5
    PRC "frm reads back", frm
    li t0, 0x3f800000
    fmv.w.x ft0, t0
    fadd.s ft1, ft0, ft0, rne      /* static mode: fine */
    PRF "static rne with frm=5", ft1
    csrwi frm, 7
    PRC "frm 7 reads back", frm
    PUTS "now a dynamic-rounding fadd.s"
    fadd.s ft1, ft0, ft0, dyn
    PUTS "not reached"
    li a0, 1
    ret
