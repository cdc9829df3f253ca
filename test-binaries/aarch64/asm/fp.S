/* fp.S - A64 scalar floating point: arithmetic and fused multiply-add in
 * single and double precision with the cumulative FPSR flags, FPCR rounding
 * modes and default-NaN/flush-to-zero modes, NaN propagation, min/max(nm),
 * compares (ordered/unordered NZCV), fccmp/fcsel, conversions to/from
 * integers (incl. saturation and fixed point), between precisions (incl.
 * half), frint*, and fmov (immediate, to/from general registers). */
#include "common.inc"

/* FOP2 op, reg-type, a-bits, b-bits: runs `op` on two values given as raw
 * bits, prints the raw result and FPSR (then clears FPSR). */
.macro FOP2D op, a, b
    ldr x9, =\a
    ldr x10, =\b
    fmov d1, x9
    fmov d2, x10
    \op d0, d1, d2
    PRD "\op \a,\b", d0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
.endm
.macro FOP2S op, a, b
    ldr w9, =\a
    ldr w10, =\b
    fmov s1, w9
    fmov s2, w10
    \op s0, s1, s2
    PRS "\op s \a,\b", s0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
.endm
.macro FOP1D op, a
    ldr x9, =\a
    fmov d1, x9
    \op d0, d1
    PRD "\op \a", d0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
.endm
/* FCVTI op, dst-reg (x11/w11), a: float (double bits) to integer. */
.macro FCVTI op, dst, a
    ldr x9, =\a
    fmov d1, x9
    \op \dst, d1
    PR "\op \dst \a", x11
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
.endm
.macro FCMPD a, b
    ldr x9, =\a
    ldr x10, =\b
    fmov d1, x9
    fmov d2, x10
    fcmp d1, d2
    PRNZCV "fcmp \a,\b"
.endm

#define ONE     0x3ff0000000000000
#define TWO     0x4000000000000000
#define THREE   0x4008000000000000
#define TENTH   0x3fb999999999999a
#define MAXD    0x7fefffffffffffff
#define MIND    0x0010000000000000
#define INF     0x7ff0000000000000
#define NINF    0xfff0000000000000
#define QNAN    0x7ff8000000000123
#define SNAN    0x7ff0000000000456
#define NZERO   0x8000000000000000
#define SONE    0x3f800000
#define STHREE  0x40400000
#define SQNAN   0x7fc00012
#define SSNAN   0x7f800034

    .text
    .globl main_test
main_test:
    stp x29, x30, [sp, #-16]!
    msr fpsr, xzr
    msr fpcr, xzr

    PUTS "== double arithmetic"
    FOP2D fadd, ONE, TWO
    FOP2D fadd, ONE, TENTH
    FOP2D fsub, ONE, ONE
    FOP2D fmul, MAXD, TWO
    FOP2D fmul, MIND, TENTH
    FOP2D fdiv, ONE, THREE
    FOP2D fdiv, ONE, 0
    FOP2D fdiv, 0, 0
    FOP2D fadd, INF, NINF
    FOP2D fadd, QNAN, ONE
    FOP2D fadd, ONE, SNAN
    FOP2D fadd, QNAN, SNAN
    FOP2D fmul, NZERO, ONE
    FOP2D fnmul, ONE, THREE
    FOP2D fmax, QNAN, ONE
    FOP2D fmaxnm, QNAN, ONE
    FOP2D fminnm, SNAN, ONE
    FOP2D fmin, NZERO, 0
    FOP2D fmax, NZERO, 0
    FOP2D fabd, ONE, THREE
    FOP1D fsqrt, TWO
    FOP1D fsqrt, NINF
    FOP1D fneg, QNAN
    FOP1D fabs, NZERO

    PUTS "== single arithmetic"
    FOP2S fadd, SONE, STHREE
    FOP2S fdiv, SONE, STHREE
    FOP2S fmul, 0x7f7fffff, 0x40000000
    FOP2S fsub, SQNAN, SONE
    FOP2S fadd, SSNAN, SONE
    FOP2S fmin, 0x80000000, 0

    PUTS "== fused"
    ldr x9, =TENTH
    ldr x10, =THREE
    ldr x12, =0xbfd3333333333334      /* -0.3 */
    fmov d1, x9
    fmov d2, x10
    fmov d3, x12
    fmadd d0, d1, d2, d3
    PRD "fmadd 0.1*3-0.3", d0
    fmsub d0, d1, d2, d3
    PRD "fmsub", d0
    fnmadd d0, d1, d2, d3
    PRD "fnmadd", d0
    fnmsub d0, d1, d2, d3
    PRD "fnmsub", d0
    fmul d4, d1, d2
    fadd d0, d4, d3
    PRD "unfused", d0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr

    PUTS "== rounding modes"
    ldr x9, =ONE
    ldr x10, =THREE
    fmov d1, x9
    fmov d2, x10
    mov x13, #0
1:  lsl x14, x13, #22
    msr fpcr, x14
    fdiv d0, d1, d2
    PRD "1/3 rmode", d0
    fneg d5, d1
    fdiv d0, d5, d2
    PRD "-1/3 rmode", d0
    add x13, x13, #1
    cmp x13, #4
    b.ne 1b
    msr fpcr, xzr
    PRSYS "fpcr", fpcr
    msr fpsr, xzr

    PUTS "== default NaN and flush to zero"
    mov x14, #(1 << 25)               /* DN */
    msr fpcr, x14
    FOP2D fadd, QNAN, ONE
    mov x14, #(1 << 24)               /* FZ */
    msr fpcr, x14
    FOP2D fmul, MIND, TENTH
    FOP2D fadd, 0x0000000000000001, 0
    msr fpcr, xzr

    PUTS "== compares"
    FCMPD ONE, TWO
    FCMPD TWO, ONE
    FCMPD ONE, ONE
    FCMPD NZERO, 0
    FCMPD QNAN, ONE
    FCMPD INF, MAXD
    ldr x9, =SNAN
    fmov d1, x9
    fcmp d1, #0.0
    PRNZCV "fcmp snan,#0"
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
    ldr x9, =QNAN
    fmov d1, x9
    fcmp d1, #0.0
    PRSYS "fcmp qnan fpsr", fpsr
    fcmpe d1, #0.0
    PRSYS "fcmpe qnan fpsr", fpsr
    msr fpsr, xzr
    ldr x9, =ONE
    ldr x10, =TWO
    fmov d1, x9
    fmov d2, x10
    cmp x9, x9                         /* Z */
    fccmp d1, d2, #0b0011, eq
    PRNZCV "fccmp taken"
    fccmp d1, d2, #0b0011, ne
    PRNZCV "fccmp not taken"
    fcmp d1, d2
    fcsel d0, d1, d2, mi
    PRD "fcsel mi", d0
    fcsel d0, d1, d2, gt
    PRD "fcsel gt", d0

    PUTS "== float to int"
    FCVTI fcvtzs, x11, 0xc00c000000000000   /* -3.5 */
    FCVTI fcvtzu, x11, 0xc00c000000000000
    FCVTI fcvtns, x11, 0x4004000000000000   /* 2.5 */
    FCVTI fcvtns, x11, 0x400c000000000000   /* 3.5 */
    FCVTI fcvtas, x11, 0x4004000000000000
    FCVTI fcvtms, x11, 0xc004000000000000   /* -2.5 */
    FCVTI fcvtps, x11, 0xc004000000000000
    FCVTI fcvtzs, x11, 0x43e0000000000000   /* 2^63 */
    FCVTI fcvtzs, w11, 0x41e0000000000000   /* 2^31 */
    FCVTI fcvtzu, w11, 0xbff0000000000000   /* -1 */
    FCVTI fcvtzs, x11, QNAN
    FCVTI fcvtzu, x11, INF
    ldr x9, =0x400a000000000000             /* 3.25 */
    fmov d1, x9
    fcvtzs x11, d1, #4
    PR "fcvtzs fixed #4", x11
    ldr w9, =0x40600000                     /* 3.5f */
    fmov s1, w9
    fcvtzs w11, s1
    PR "fcvtzs w s", x11

    PUTS "== int to float"
    ldr x9, =0x7fffffffffffffff
    scvtf d0, x9
    PRD "scvtf x max", d0
    ucvtf d0, x9
    PRD "ucvtf x max", d0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
    mov x9, #-1
    scvtf d0, x9
    PRD "scvtf -1", d0
    ucvtf d0, x9
    PRD "ucvtf -1", d0
    scvtf s0, w9
    PRS "scvtf s w -1", s0
    ucvtf s0, w9
    PRS "ucvtf s w -1", s0
    mov x9, #100
    scvtf d0, x9, #3
    PRD "scvtf fixed #3", d0
    ldr x9, =0x0123456789abcdef
    scvtf s0, x9
    PRS "scvtf s x", s0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr

    PUTS "== precision conversions"
    ldr x9, =TENTH
    fmov d1, x9
    fcvt s0, d1
    PRS "fcvt s<-d 0.1", s0
    fcvt d0, s0
    PRD "fcvt d<-s", d0
    fcvt h0, d1
    fmov w11, s0
    umov w11, v0.h[0]
    PR "fcvt h<-d", x11
    fcvt d3, h0
    PRD "fcvt d<-h", d3
    ldr x9, =MAXD
    fmov d1, x9
    fcvt s0, d1
    PRS "fcvt s<-d max", s0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
    ldr x9, =SNAN
    fmov d1, x9
    fcvt s0, d1
    PRS "fcvt s<-d snan", s0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr

    PUTS "== frint"
    ldr x9, =0x4004000000000000               /* 2.5 */
    fmov d1, x9
    frintn d0, d1
    PRD "frintn 2.5", d0
    frinta d0, d1
    PRD "frinta 2.5", d0
    frintm d0, d1
    PRD "frintm 2.5", d0
    frintp d0, d1
    PRD "frintp 2.5", d0
    frintz d0, d1
    PRD "frintz 2.5", d0
    frintx d0, d1
    PRD "frintx 2.5", d0
    PRSYS "  fpsr", fpsr
    msr fpsr, xzr
    frinti d0, d1
    PRD "frinti 2.5", d0
    PRSYS "  fpsr", fpsr
    ldr x9, =0xc004000000000000               /* -2.5 */
    fmov d1, x9
    frintz d0, d1
    PRD "frintz -2.5", d0
    msr fpsr, xzr

    PUTS "== fmov"
    fmov d0, #1.0
    PRD "fmov #1.0", d0
    fmov d0, #-0.125
    PRD "fmov #-0.125", d0
    fmov s0, #31.0
    PRS "fmov s #31.0", s0
    ldr x9, =0x0123456789abcdef
    fmov d0, x9
    fmov x11, d0
    PR "fmov x<-d", x11
    fmov v0.d[1], x9
    fmov x11, v0.d[1]
    PR "fmov v.d[1]", x11
    ldr x9, =0xffffffffffffffff
    fmov d0, x9
    fmov s0, s0
    PRV "fmov s zeroes upper", v0

    PUTS "== done"
    mov w0, #0
    ldp x29, x30, [sp], #16
    ret
