/* fp_misc.S - F/D: fused multiply-add family, fmin/fmax (NaN, signed
 * zeros), comparisons, fcvt between all int/float types (rounding,
 * saturation, NaN, sign-extension of 32-bit results), fcvt.s.d/fcvt.d.s,
 * fclass, fmv, fsgnj*, NaN-boxing of singles (improperly boxed inputs),
 * flw/fsw/fld/fsd. */
#include "common.inc"

.macro FS3 op, a, b, c, rm
    li t0, \a
    li t1, \b
    li t2, \c
    fmv.w.x ft0, t0
    fmv.w.x ft1, t1
    fmv.w.x ft2, t2
    csrwi fflags, 0
    \op ft3, ft0, ft1, ft2, \rm
    PRF "\op \a,\b,\c,\rm", ft3
    PRC "  fflags", fflags
.endm
.macro FD3 op, a, b, c, rm
    li t0, \a
    li t1, \b
    li t2, \c
    fmv.d.x ft0, t0
    fmv.d.x ft1, t1
    fmv.d.x ft2, t2
    csrwi fflags, 0
    \op ft3, ft0, ft1, ft2, \rm
    PRF "\op \a,\b,\c,\rm", ft3
    PRC "  fflags", fflags
.endm
/* two-operand op without rounding mode (fmin/fmax/fsgnj) */
.macro FS2N op, a, b
    li t0, \a
    li t1, \b
    fmv.w.x ft0, t0
    fmv.w.x ft1, t1
    csrwi fflags, 0
    \op ft2, ft0, ft1
    PRF "\op \a,\b", ft2
    PRC "  fflags", fflags
.endm
.macro FD2N op, a, b
    li t0, \a
    li t1, \b
    fmv.d.x ft0, t0
    fmv.d.x ft1, t1
    csrwi fflags, 0
    \op ft2, ft0, ft1
    PRF "\op \a,\b", ft2
    PRC "  fflags", fflags
.endm
/* comparisons: integer result */
.macro FCMPS op, a, b
    li t0, \a
    li t1, \b
    fmv.w.x ft0, t0
    fmv.w.x ft1, t1
    csrwi fflags, 0
    \op t2, ft0, ft1
    PR "\op \a,\b", t2
    PRC "  fflags", fflags
.endm
.macro FCMPD op, a, b
    li t0, \a
    li t1, \b
    fmv.d.x ft0, t0
    fmv.d.x ft1, t1
    csrwi fflags, 0
    \op t2, ft0, ft1
    PR "\op \a,\b", t2
    PRC "  fflags", fflags
.endm
/* float -> int conversions */
.macro CVTFS op, a, rm
    li t0, \a
    fmv.w.x ft0, t0
    csrwi fflags, 0
    \op t2, ft0, \rm
    PR "\op \a,\rm", t2
    PRC "  fflags", fflags
.endm
.macro CVTFD op, a, rm
    li t0, \a
    fmv.d.x ft0, t0
    csrwi fflags, 0
    \op t2, ft0, \rm
    PR "\op \a,\rm", t2
    PRC "  fflags", fflags
.endm
/* int -> float conversions */
.macro CVTI op, a, rm
    li t0, \a
    csrwi fflags, 0
    .ifb \rm
    \op ft2, t0
    .else
    \op ft2, t0, \rm
    .endif
    PRF "\op \a,\rm", ft2
    PRC "  fflags", fflags
.endm
/* float -> float conversions: src given as raw 64-bit register contents */
.macro CVTFF op, a, rm
    li t0, \a
    fmv.d.x ft0, t0
    csrwi fflags, 0
    .ifb \rm
    \op ft2, ft0
    .else
    \op ft2, ft0, \rm
    .endif
    PRF "\op \a,\rm", ft2
    PRC "  fflags", fflags
.endm
.macro CLS op, a
    li t0, \a
    fmv.d.x ft0, t0
    \op t2, ft0
    PR "\op \a", t2
.endm

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== fma single"
    FS3 fmadd.s, 0x40000000, 0x40400000, 0x3f800000, rne    /* 2*3+1 */
    FS3 fmsub.s, 0x40000000, 0x40400000, 0x3f800000, rne    /* 2*3-1 */
    FS3 fnmsub.s, 0x40000000, 0x40400000, 0x3f800000, rne   /* -(2*3)+1 */
    FS3 fnmadd.s, 0x40000000, 0x40400000, 0x3f800000, rne   /* -(2*3)-1 */
    /* fused: (1+2^-23)*(1-2^-23) - 1 = -2^-46 exactly (unfused gives 0) */
    FS3 fmadd.s, 0x3f800001, 0x3f7ffffe, 0xbf800000, rne
    FS3 fmsub.s, 0x3f800001, 0x3f7ffffe, 0x3f800000, rne
    FS3 fnmadd.s, 0x3f800001, 0x3f7ffffe, 0xbf800000, rne
    FS3 fnmsub.s, 0x3f800001, 0x3f7ffffe, 0xbf800000, rne
    /* rounding modes on an inexact fma: 1/3-ish * 3 + tiny */
    .irp rm, rne, rtz, rdn, rup, rmm
    FS3 fmadd.s, 0x3eaaaaab, 0x40400000, 0x33800000, \rm
    FS3 fnmadd.s, 0x3eaaaaab, 0x40400000, 0x33800000, \rm
    .endr
    /* exact zero result sign: x*y - x*y is +0 (rdn: -0) */
    FS3 fmsub.s, 0x40000000, 0x40400000, 0x40c00000, rne
    FS3 fmsub.s, 0x40000000, 0x40400000, 0x40c00000, rdn
    /* invalid: inf*0 + qNaN raises NV; inf*0 + 1 too; inf - inf */
    FS3 fmadd.s, 0x7f800000, 0x00000000, 0x7fc00000, rne
    FS3 fmadd.s, 0x7f800000, 0x00000000, 0x3f800000, rne
    FS3 fmadd.s, 0x7f800000, 0x3f800000, 0xff800000, rne
    FS3 fmadd.s, 0x3f800000, 0x3f800000, 0x7f800001, rne
    FS3 fmadd.s, 0x3f800000, 0x3f800000, 0x7fc00001, rne
    FS3 fmadd.s, 0x7f7fffff, 0x7f7fffff, 0xff800000, rne
    FS3 fmadd.s, 0x7f7fffff, 0x40000000, 0xff7fffff, rne

    PUTS "== fma double"
    FD3 fmadd.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, rne
    FD3 fmsub.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, rne
    FD3 fnmsub.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, rne
    FD3 fnmadd.d, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000, rne
    FD3 fmadd.d, 0x3ff0000000000001, 0x3feffffffffffffe, 0xbff0000000000000, rne
    FD3 fmsub.d, 0x3ff0000000000001, 0x3feffffffffffffe, 0x3ff0000000000000, rne
    FD3 fnmadd.d, 0x3ff0000000000001, 0x3feffffffffffffe, 0xbff0000000000000, rne
    FD3 fnmsub.d, 0x3ff0000000000001, 0x3feffffffffffffe, 0xbff0000000000000, rne
    .irp rm, rne, rtz, rdn, rup, rmm
    FD3 fmadd.d, 0x3fd5555555555555, 0x4008000000000000, 0x3ca0000000000000, \rm
    FD3 fnmsub.d, 0x3fd5555555555555, 0x4008000000000000, 0x3ca0000000000000, \rm
    .endr
    FD3 fmsub.d, 0x4000000000000000, 0x4008000000000000, 0x4018000000000000, rdn
    FD3 fmadd.d, 0x7ff0000000000000, 0x0000000000000000, 0x7ff8000000000000, rne
    FD3 fmadd.d, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, rne
    FD3 fmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000001, rne
    FD3 fmadd.d, 0x7fefffffffffffff, 0x4000000000000000, 0xffefffffffffffff, rne
    FD3 fmadd.d, 0x0010000000000000, 0x3fe0000000000000, 0x0000000000000001, rne

    PUTS "== fmin/fmax"
    FS2N fmin.s, 0x3f800000, 0x40000000
    FS2N fmax.s, 0x3f800000, 0x40000000
    FS2N fmin.s, 0x80000000, 0x00000000
    FS2N fmin.s, 0x00000000, 0x80000000
    FS2N fmax.s, 0x80000000, 0x00000000
    FS2N fmax.s, 0x00000000, 0x80000000
    FS2N fmin.s, 0x7fc00000, 0x3f800000
    FS2N fmax.s, 0x3f800000, 0x7fc00000
    FS2N fmin.s, 0x7f800001, 0x3f800000
    FS2N fmax.s, 0x3f800000, 0x7f800001
    FS2N fmin.s, 0x7fc12345, 0x7fc00001
    FS2N fmax.s, 0x7f800001, 0xffc00000
    FS2N fmin.s, 0xff800000, 0x7f800000
    FD2N fmin.d, 0x3ff0000000000000, 0xbff0000000000000
    FD2N fmax.d, 0x3ff0000000000000, 0xbff0000000000000
    FD2N fmin.d, 0x8000000000000000, 0x0000000000000000
    FD2N fmax.d, 0x8000000000000000, 0x0000000000000000
    FD2N fmin.d, 0x7ff8000000000000, 0x3ff0000000000000
    FD2N fmax.d, 0x7ff0000000000001, 0x3ff0000000000000
    FD2N fmin.d, 0x7ff8000000000123, 0x7ff0000000000001
    FD2N fmax.d, 0xfff0000000000000, 0x7ff8000000000000

    PUTS "== sign injection"
    FS2N fsgnj.s, 0x3f800000, 0x80000000
    FS2N fsgnj.s, 0xbf800000, 0x00000000
    FS2N fsgnjn.s, 0x3f800000, 0x80000000
    FS2N fsgnjn.s, 0x3f800000, 0x00000000
    FS2N fsgnjx.s, 0xbf800000, 0x80000000
    FS2N fsgnjx.s, 0xbf800000, 0x00000000
    FS2N fsgnj.s, 0x7fc12345, 0x80000000
    FS2N fsgnjn.s, 0x7f800001, 0x00000000
    FD2N fsgnj.d, 0x3ff0000000000000, 0x8000000000000000
    FD2N fsgnjn.d, 0xbff0000000000000, 0x8000000000000000
    FD2N fsgnjx.d, 0xbff0000000000000, 0x8000000000000000
    FD2N fsgnjx.d, 0x7ff0000000000001, 0xffffffffffffffff
    li t0, 0xc0490fdb
    fmv.w.x ft0, t0
    fabs.s ft1, ft0
    PRF "fabs.s", ft1
    fneg.s ft1, ft0
    PRF "fneg.s", ft1
    fmv.s ft1, ft0
    PRF "fmv.s", ft1
    li t0, 0xc00921fb54442d18
    fmv.d.x ft0, t0
    fabs.d ft1, ft0
    PRF "fabs.d", ft1
    fneg.d ft1, ft0
    PRF "fneg.d", ft1

    PUTS "== comparisons"
    FCMPS feq.s, 0x3f800000, 0x3f800000
    FCMPS feq.s, 0x00000000, 0x80000000
    FCMPS feq.s, 0x7fc00000, 0x7fc00000
    FCMPS feq.s, 0x7f800001, 0x3f800000
    FCMPS flt.s, 0x3f800000, 0x40000000
    FCMPS flt.s, 0x40000000, 0x3f800000
    FCMPS flt.s, 0x80000000, 0x00000000
    FCMPS flt.s, 0x7fc00000, 0x3f800000
    FCMPS fle.s, 0x80000000, 0x00000000
    FCMPS fle.s, 0xff800000, 0xff7fffff
    FCMPS fle.s, 0x3f800000, 0x7fc00000
    FCMPD feq.d, 0x3ff0000000000000, 0x3ff0000000000000
    FCMPD feq.d, 0x8000000000000000, 0x0000000000000000
    FCMPD feq.d, 0x7ff8000000000000, 0x3ff0000000000000
    FCMPD feq.d, 0x7ff0000000000001, 0x3ff0000000000000
    FCMPD flt.d, 0xbff0000000000000, 0x3ff0000000000000
    FCMPD flt.d, 0x3ff0000000000000, 0x3ff0000000000000
    FCMPD flt.d, 0x7ff8000000000000, 0x3ff0000000000000
    FCMPD fle.d, 0x3ff0000000000000, 0x3ff0000000000000
    FCMPD fle.d, 0xfff0000000000000, 0x7ff0000000000000
    FCMPD fle.d, 0x7ff0000000000001, 0x3ff0000000000000

    PUTS "== fcvt float->int (single)"
    .irp rm, rne, rtz, rdn, rup, rmm
    CVTFS fcvt.w.s, 0x3fc00000, \rm      /* 1.5 */
    CVTFS fcvt.w.s, 0xc0200000, \rm      /* -2.5 */
    CVTFS fcvt.wu.s, 0x3f000000, \rm     /* 0.5 */
    CVTFS fcvt.l.s, 0xbfc00000, \rm      /* -1.5 */
    CVTFS fcvt.lu.s, 0x40600000, \rm     /* 3.5 */
    .endr
    CVTFS fcvt.w.s, 0x4f000000, rtz      /* 2^31: saturates */
    CVTFS fcvt.w.s, 0xcf000000, rtz      /* -2^31: exact */
    CVTFS fcvt.w.s, 0xcf000001, rtz      /* below -2^31 */
    CVTFS fcvt.w.s, 0x7f800000, rtz
    CVTFS fcvt.w.s, 0xff800000, rtz
    CVTFS fcvt.w.s, 0x7fc00000, rtz
    CVTFS fcvt.w.s, 0xffc00000, rtz
    CVTFS fcvt.w.s, 0xbf800000, rtz      /* -1: sign-extended */
    CVTFS fcvt.w.s, 0x80000000, rtz
    CVTFS fcvt.wu.s, 0xbf800000, rtz     /* -1 -> 0, NV */
    CVTFS fcvt.wu.s, 0xbf000000, rtz     /* -0.5 -> 0, NX only */
    CVTFS fcvt.wu.s, 0xbf000000, rdn     /* -0.5 rdn -> -1: NV */
    CVTFS fcvt.wu.s, 0x4f32d05e, rtz     /* 3e9: result sign-extended */
    CVTFS fcvt.wu.s, 0x4f800000, rtz     /* 2^32 saturates */
    CVTFS fcvt.wu.s, 0x7fc00000, rtz
    CVTFS fcvt.wu.s, 0xff800000, rtz
    CVTFS fcvt.l.s, 0x5f000000, rtz      /* 2^63 */
    CVTFS fcvt.l.s, 0xdf000000, rtz      /* -2^63 */
    CVTFS fcvt.l.s, 0xdf000001, rtz
    CVTFS fcvt.l.s, 0x7fc00000, rtz
    CVTFS fcvt.l.s, 0xff800000, rtz
    CVTFS fcvt.lu.s, 0x5f800000, rtz     /* 2^64 */
    CVTFS fcvt.lu.s, 0x5f7fffff, rtz
    CVTFS fcvt.lu.s, 0xbf800000, rtz
    CVTFS fcvt.lu.s, 0x7f800001, rtz

    PUTS "== fcvt float->int (double)"
    .irp rm, rne, rtz, rdn, rup, rmm
    CVTFD fcvt.w.d, 0x3ff8000000000000, \rm   /* 1.5 */
    CVTFD fcvt.w.d, 0xc004000000000000, \rm   /* -2.5 */
    CVTFD fcvt.wu.d, 0x3fe0000000000000, \rm  /* 0.5 */
    CVTFD fcvt.l.d, 0xbff8000000000000, \rm   /* -1.5 */
    CVTFD fcvt.lu.d, 0x400c000000000000, \rm  /* 3.5 */
    .endr
    CVTFD fcvt.w.d, 0x41dfffffffc00000, rtz   /* 2^31-1 exact */
    CVTFD fcvt.w.d, 0x41dfffffffe00000, rtz   /* 2^31-0.5 -> rtz ok */
    CVTFD fcvt.w.d, 0x41dfffffffe00000, rne   /* rounds to 2^31: NV */
    CVTFD fcvt.w.d, 0x41e0000000000000, rtz
    CVTFD fcvt.w.d, 0xc1e0000000000000, rtz
    CVTFD fcvt.w.d, 0xc1e0000000200000, rtz   /* -2^31 - 1 */
    CVTFD fcvt.w.d, 0x7ff8000000000000, rtz
    CVTFD fcvt.w.d, 0xfff0000000000000, rtz
    CVTFD fcvt.w.d, 0xc000000000000000, rtz
    CVTFD fcvt.wu.d, 0x41efffffffe00000, rtz  /* 2^32-1 */
    CVTFD fcvt.wu.d, 0x41f0000000000000, rtz
    CVTFD fcvt.wu.d, 0xbff0000000000000, rtz
    CVTFD fcvt.wu.d, 0xbfe0000000000000, rtz
    CVTFD fcvt.wu.d, 0x7ff0000000000001, rtz
    CVTFD fcvt.l.d, 0x43e0000000000000, rtz   /* 2^63 */
    CVTFD fcvt.l.d, 0x43dfffffffffffff, rtz
    CVTFD fcvt.l.d, 0xc3e0000000000000, rtz
    CVTFD fcvt.l.d, 0xc3e0000000000001, rtz
    CVTFD fcvt.l.d, 0x7ff8000000000000, rtz
    CVTFD fcvt.l.d, 0xfff8000000000000, rtz
    CVTFD fcvt.l.d, 0x7ff0000000000000, rtz
    CVTFD fcvt.lu.d, 0x43f0000000000000, rtz  /* 2^64 */
    CVTFD fcvt.lu.d, 0x43efffffffffffff, rtz
    CVTFD fcvt.lu.d, 0xbff0000000000000, rtz
    CVTFD fcvt.lu.d, 0x8000000000000000, rtz
    CVTFD fcvt.lu.d, 0xfff0000000000000, rtz
    CVTFD fcvt.lu.d, 0x7ff8000000000000, rtz

    PUTS "== fcvt int->float"
    .irp rm, rne, rtz, rdn, rup, rmm
    CVTI fcvt.s.w, 0x7fffffff, \rm
    CVTI fcvt.s.w, 0xffffffff80000001, \rm
    CVTI fcvt.s.wu, 0xffffffff, \rm
    CVTI fcvt.s.l, 0x7fffffffffffffff, \rm
    CVTI fcvt.s.l, -0x7fffffffffffffff, \rm
    CVTI fcvt.s.lu, -1, \rm
    CVTI fcvt.d.l, 0x7fffffffffffffff, \rm
    CVTI fcvt.d.l, 0x8000000000000401, \rm
    CVTI fcvt.d.lu, -1, \rm
    CVTI fcvt.d.lu, 0x20000000000003, \rm
    .endr
    CVTI fcvt.s.w, 0x1234567800000005, rne   /* upper bits ignored */
    CVTI fcvt.s.wu, 0x12345678fffffffe, rne
    CVTI fcvt.d.w, 0xffffffff80000000,
    CVTI fcvt.d.w, 0x00000000ffffffff,
    CVTI fcvt.d.wu, 0xffffffffffffffff,
    CVTI fcvt.d.l, 0, rne
    CVTI fcvt.s.l, 0, rne
    CVTI fcvt.d.l, 0x8000000000000000, rne
    CVTI fcvt.s.lu, 0x8000000000000000, rne

    PUTS "== fcvt float<->float"
    .irp rm, rne, rtz, rdn, rup, rmm
    CVTFF fcvt.s.d, 0x3fd5555555555555, \rm   /* 1/3 */
    CVTFF fcvt.s.d, 0xbfd5555555555555, \rm
    CVTFF fcvt.s.d, 0x47f0000000000000, \rm   /* 2^128: overflow */
    CVTFF fcvt.s.d, 0x36a0000000000000, \rm   /* 2^-149: min subnormal */
    CVTFF fcvt.s.d, 0x3690000000000000, \rm   /* 2^-150: underflow tie */
    .endr
    CVTFF fcvt.s.d, 0x7ff8000000000000, rne
    CVTFF fcvt.s.d, 0x7ff0000000000001, rne
    CVTFF fcvt.s.d, 0xfff8000000012345, rne
    CVTFF fcvt.s.d, 0xfff0000000000000, rne
    CVTFF fcvt.s.d, 0x8000000000000000, rne
    CVTFF fcvt.d.s, 0xffffffff3eaaaaab,
    CVTFF fcvt.d.s, 0xffffffff00000001,
    CVTFF fcvt.d.s, 0xffffffff7f800001,
    CVTFF fcvt.d.s, 0xffffffffffc12345,
    CVTFF fcvt.d.s, 0xffffffffff800000,
    CVTFF fcvt.d.s, 0xffffffff80000000,

    PUTS "== fclass"
    CLS fclass.s, 0xffffffffff800000
    CLS fclass.s, 0xffffffffbf800000
    CLS fclass.s, 0xffffffff80000001
    CLS fclass.s, 0xffffffff80000000
    CLS fclass.s, 0xffffffff00000000
    CLS fclass.s, 0xffffffff00000001
    CLS fclass.s, 0xffffffff3f800000
    CLS fclass.s, 0xffffffff7f800000
    CLS fclass.s, 0xffffffff7f800001
    CLS fclass.s, 0xffffffff7fc00000
    CLS fclass.s, 0xffffffffffc00001
    CLS fclass.d, 0xfff0000000000000
    CLS fclass.d, 0xbff0000000000000
    CLS fclass.d, 0x800fffffffffffff
    CLS fclass.d, 0x8000000000000000
    CLS fclass.d, 0x0000000000000000
    CLS fclass.d, 0x0000000000000001
    CLS fclass.d, 0x3ff0000000000000
    CLS fclass.d, 0x7ff0000000000000
    CLS fclass.d, 0x7ff0000000000001
    CLS fclass.d, 0x7ff8000000000000

    PUTS "== fmv"
    li t0, 0x80000000
    fmv.w.x ft0, t0
    PRF "fmv.w.x boxes", ft0
    fmv.x.w t2, ft0
    PR "fmv.x.w sign-extends", t2
    li t0, 0x123456787fffffff
    fmv.w.x ft0, t0
    PRF "fmv.w.x ignores upper bits", ft0
    fmv.x.w t2, ft0
    PR "fmv.x.w positive", t2
    li t0, 0xfff8000000000001
    fmv.d.x ft0, t0
    fmv.x.d t2, ft0
    PR "fmv.d.x/fmv.x.d roundtrip", t2

    PUTS "== NaN boxing"
    /* improperly boxed singles (upper 32 bits not all ones) read as the
     * canonical NaN by single-precision arithmetic */
    li t0, 0x000000003f800000
    fmv.d.x ft0, t0
    li t1, 0x3f800000
    fmv.w.x ft1, t1
    csrwi fflags, 0
    fadd.s ft2, ft0, ft1
    PRF "fadd.s unboxed+1", ft2
    PRC "  fflags", fflags
    fmul.s ft2, ft1, ft0
    PRF "fmul.s 1*unboxed", ft2
    fsgnj.s ft2, ft0, ft1
    PRF "fsgnj.s unboxed", ft2
    fsgnj.s ft2, ft1, ft0
    PRF "fsgnj.s 1,unboxed", ft2
    fmin.s ft2, ft0, ft1
    PRF "fmin.s unboxed,1", ft2
    fclass.s t2, ft0
    PR "fclass.s unboxed", t2
    csrwi fflags, 0
    feq.s t2, ft0, ft1
    PR "feq.s unboxed,1", t2
    PRC "  fflags", fflags
    flt.s t2, ft0, ft1
    PR "flt.s unboxed,1", t2
    PRC "  fflags", fflags
    fcvt.d.s ft2, ft0
    PRF "fcvt.d.s unboxed", ft2
    fcvt.w.s t2, ft0, rtz
    PR "fcvt.w.s unboxed", t2
    fmv.x.w t2, ft0
    PR "fmv.x.w unboxed (raw)", t2
    /* partially boxed: upper bits 0xffffff7f... */
    li t0, 0xfffffffe40000000
    fmv.d.x ft0, t0
    fadd.s ft2, ft1, ft0
    PRF "fadd.s 1+partially boxed", ft2
    /* fsw stores the low 32 bits untouched; flw re-boxes */
    lla t3, fbuf
    li t0, 0x1122334455667788
    fmv.d.x ft0, t0
    fsw ft0, 0(t3)
    lwu t2, 0(t3)
    PR "fsw of unboxed", t2
    flw ft3, 0(t3)
    PRF "flw reboxes", ft3
    /* double ops see a boxed single as a NaN double */
    li t1, 0x40000000
    fmv.w.x ft1, t1
    li t0, 0x3ff0000000000000
    fmv.d.x ft0, t0
    fadd.d ft2, ft0, ft1
    PRF "fadd.d 1+boxed single", ft2

    PUTS "== fp loads/stores"
    lla t3, fbuf
    li t0, 0x400921fb54442d18
    sd t0, 8(t3)
    fld fa0, 8(t3)
    PRF "fld", fa0
    fsd fa0, 16(t3)
    ld t2, 16(t3)
    PR "fsd", t2
    flw fa1, 12(t3)
    PRF "flw high half", fa1
    fsw fa1, 24(t3)
    lwu t2, 24(t3)
    PR "fsw", t2
    fld fa2, -8(t3)
    PRF "fld negative offset", fa2
    fsd fa0, 3(t3)
    ld t2, 3(t3)
    PR "fsd misaligned", t2

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret

    .data
    .balign 16
    .dword 0xc000000000000000
fbuf: .zero 64
