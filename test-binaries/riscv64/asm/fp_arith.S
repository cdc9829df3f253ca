/* fp_arith.S - F/D arithmetic (fadd/fsub/fmul/fdiv/fsqrt) in every static
 * rounding mode and in dynamic mode with every frm value; fflags after each
 * operation (NX, UF, OF, DZ, NV); special values (NaN, inf, zeros,
 * subnormals); single results are printed as the full 64-bit register so
 * NaN-boxing is visible. */
#include "common.inc"

/* FS2 op, a, b, rm : single binary op on bit patterns a, b */
.macro FS2 op, a, b, rm
    li t0, \a
    li t1, \b
    fmv.w.x ft0, t0
    fmv.w.x ft1, t1
    csrwi fflags, 0
    \op ft2, ft0, ft1, \rm
    PRF "\op \a,\b,\rm", ft2
    PRC "  fflags", fflags
.endm
.macro FD2 op, a, b, rm
    li t0, \a
    li t1, \b
    fmv.d.x ft0, t0
    fmv.d.x ft1, t1
    csrwi fflags, 0
    \op ft2, ft0, ft1, \rm
    PRF "\op \a,\b,\rm", ft2
    PRC "  fflags", fflags
.endm
.macro FS1 op, a, rm
    li t0, \a
    fmv.w.x ft0, t0
    csrwi fflags, 0
    \op ft2, ft0, \rm
    PRF "\op \a,\rm", ft2
    PRC "  fflags", fflags
.endm
.macro FD1 op, a, rm
    li t0, \a
    fmv.d.x ft0, t0
    csrwi fflags, 0
    \op ft2, ft0, \rm
    PRF "\op \a,\rm", ft2
    PRC "  fflags", fflags
.endm

#define S_ONE      0x3f800000
#define S_MONE     0xbf800000
#define S_TWO      0x40000000
#define S_THREE    0x40400000
#define S_HALF     0x3f000000
#define S_TIE      0x33800000   /* 2^-24: 1 + 2^-24 is a tie */
#define S_MTIE     0xb3800000
#define S_MAX      0x7f7fffff
#define S_MINSUB   0x00000001
#define S_MINNORM  0x00800000
#define S_INF      0x7f800000
#define S_MINF     0xff800000
#define S_QNAN     0x7fc00000
#define S_SNAN     0x7f800001
#define S_NANPAY   0x7fc12345
#define S_ZERO     0x00000000
#define S_MZERO    0x80000000

#define D_ONE      0x3ff0000000000000
#define D_MONE     0xbff0000000000000
#define D_TWO      0x4000000000000000
#define D_THREE    0x4008000000000000
#define D_HALF     0x3fe0000000000000
#define D_TIE      0x3ca0000000000000   /* 2^-53 */
#define D_MTIE     0xbca0000000000000
#define D_MAX      0x7fefffffffffffff
#define D_MINSUB   0x0000000000000001
#define D_MINNORM  0x0010000000000000
#define D_INF      0x7ff0000000000000
#define D_MINF     0xfff0000000000000
#define D_QNAN     0x7ff8000000000000
#define D_SNAN     0x7ff0000000000001
#define D_NANPAY   0x7ff8000000012345
#define D_ZERO     0x0000000000000000
#define D_MZERO    0x8000000000000000

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== single, all static rounding modes"
    .irp rm, rne, rtz, rdn, rup, rmm
    FS2 fadd.s, S_ONE, S_TIE, \rm
    FS2 fadd.s, S_MONE, S_MTIE, \rm
    FS2 fsub.s, S_ONE, S_ONE, \rm
    FS2 fdiv.s, S_ONE, S_THREE, \rm
    FS2 fdiv.s, S_MONE, S_THREE, \rm
    FS2 fmul.s, S_MAX, S_TWO, \rm
    FS2 fmul.s, S_MINF, S_MAX, \rm
    FS2 fmul.s, S_MINSUB, S_HALF, \rm
    FS2 fmul.s, S_MINNORM, S_HALF, \rm
    FS2 fmul.s, S_MINNORM, 0x3f7fffff, \rm   /* tininess after rounding */
    FS2 fmul.s, S_MINNORM, 0xbf7ffffe, \rm
    FS1 fsqrt.s, S_TWO, \rm
    FS1 fsqrt.s, S_THREE, \rm
    .endr

    PUTS "== double, all static rounding modes"
    .irp rm, rne, rtz, rdn, rup, rmm
    FD2 fadd.d, D_ONE, D_TIE, \rm
    FD2 fadd.d, D_MONE, D_MTIE, \rm
    FD2 fsub.d, D_ONE, D_ONE, \rm
    FD2 fdiv.d, D_ONE, D_THREE, \rm
    FD2 fdiv.d, D_MONE, D_THREE, \rm
    FD2 fmul.d, D_MAX, D_TWO, \rm
    FD2 fmul.d, D_MINF, D_MAX, \rm
    FD2 fmul.d, D_MINSUB, D_HALF, \rm
    FD2 fmul.d, D_MINNORM, D_HALF, \rm
    FD2 fmul.d, D_MINNORM, 0x3fefffffffffffff, \rm
    FD2 fmul.d, D_MINNORM, 0xbfeffffffffffffe, \rm
    FD1 fsqrt.d, D_TWO, \rm
    FD1 fsqrt.d, D_THREE, \rm
    .endr

    PUTS "== dynamic rounding mode (frm 0..4)"
    .irp m, 0, 1, 2, 3, 4
    csrwi frm, \m
    PRC "frm", frm
    FS2 fdiv.s, S_MONE, S_THREE, dyn
    FS2 fadd.s, S_ONE, S_TIE, dyn
    FD2 fdiv.d, D_ONE, D_THREE, dyn
    FD2 fsub.d, D_TWO, D_TWO, dyn
    FD1 fsqrt.d, D_THREE, dyn
    .endr
    csrwi frm, 0

    PUTS "== special values (single)"
    FS2 fdiv.s, S_ZERO, S_ZERO, rne
    FS2 fdiv.s, S_ONE, S_ZERO, rne
    FS2 fdiv.s, S_MONE, S_ZERO, rne
    FS2 fdiv.s, S_ONE, S_MZERO, rne
    FS2 fdiv.s, S_INF, S_INF, rne
    FS2 fsub.s, S_INF, S_INF, rne
    FS2 fadd.s, S_INF, S_MINF, rne
    FS2 fadd.s, S_INF, S_INF, rne
    FS2 fmul.s, S_INF, S_ZERO, rne
    FS2 fadd.s, S_SNAN, S_ONE, rne
    FS2 fadd.s, S_QNAN, S_ONE, rne
    FS2 fmul.s, S_NANPAY, S_ONE, rne
    FS2 fadd.s, S_MZERO, S_MZERO, rne
    FS2 fadd.s, S_MZERO, S_ZERO, rne
    FS2 fadd.s, S_MINSUB, S_MINSUB, rne
    FS2 fsub.s, S_MINNORM, S_MINSUB, rne
    FS1 fsqrt.s, S_MONE, rne
    FS1 fsqrt.s, S_MZERO, rne
    FS1 fsqrt.s, S_INF, rne
    FS1 fsqrt.s, S_SNAN, rne
    FS1 fsqrt.s, S_MINSUB, rne

    PUTS "== special values (double)"
    FD2 fdiv.d, D_ZERO, D_ZERO, rne
    FD2 fdiv.d, D_ONE, D_ZERO, rne
    FD2 fdiv.d, D_MONE, D_ZERO, rne
    FD2 fdiv.d, D_ONE, D_MZERO, rne
    FD2 fdiv.d, D_INF, D_INF, rne
    FD2 fsub.d, D_INF, D_INF, rne
    FD2 fadd.d, D_INF, D_MINF, rne
    FD2 fmul.d, D_INF, D_ZERO, rne
    FD2 fadd.d, D_SNAN, D_ONE, rne
    FD2 fadd.d, D_QNAN, D_ONE, rne
    FD2 fmul.d, D_NANPAY, D_ONE, rne
    FD2 fadd.d, D_MZERO, D_MZERO, rne
    FD2 fadd.d, D_MZERO, D_ZERO, rne
    FD2 fadd.d, D_MINSUB, D_MINSUB, rne
    FD2 fsub.d, D_MINNORM, D_MINSUB, rne
    FD2 fdiv.d, D_MINNORM, D_MAX, rne
    FD1 fsqrt.d, D_MONE, rne
    FD1 fsqrt.d, D_MZERO, rne
    FD1 fsqrt.d, D_INF, rne
    FD1 fsqrt.d, D_SNAN, rne
    FD1 fsqrt.d, D_MINSUB, rne

    PUTS "== flags accumulate"
    csrwi fflags, 0
    li t0, S_ONE
    fmv.w.x ft0, t0
    fmv.w.x ft1, zero
    fdiv.s ft2, ft0, ft1        /* DZ */
    li t0, S_THREE
    fmv.w.x ft1, t0
    fdiv.s ft2, ft0, ft1        /* NX */
    fsqrt.s ft2, ft2            /* NX */
    PRC "accumulated fflags", fflags
    PRC "fcsr", fcsr

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret
