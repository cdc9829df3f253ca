/* simd.S - a little Advanced SIMD, the parts compilers use most: ld1/st1
 * (multiple structures, post-index), ld2/st2 de/interleaving, dup/ins/umov/
 * smov, movi/mvni, integer add/sub/mul/mla on several arrangements, compares
 * (cmeq/cmgt/cmhi, against zero), logic (and/orr/eor/bic/bsl/not), shifts
 * (shl/ushr/sshr/ushl, narrowing shrn, widening ushll/sshll/uxtl), across-
 * lane reductions (addv/umaxv/uminv/uaddlv), permutes (zip/uzp/trn/ext/rev/
 * tbl), pairwise adds (addp), widening multiply (umull), saturating adds,
 * floating point (fadd/fmul/fmla/fcvtzs/scvtf/faddp/fmaxnmv), and the
 * zeroing of the upper half by 64-bit arrangements. */
#include "common.inc"

    .text
    .globl main_test
main_test:
    stp x29, x30, [sp, #-16]!
    adr x20, data
    adr x21, out

    PUTS "== load/store"
    ld1 {v0.16b}, [x20]
    PRV "ld1 16b", v0
    ld1 {v1.4s, v2.4s}, [x20]
    PRV "ld1 x2 [1]", v2
    mov x22, x20
    ld1 {v3.2d}, [x22], #16
    sub x13, x22, x20
    PR "post-index", x13
    ld1 {v3.8h}, [x22], x13
    PRV "ld1 reg post", v3
    ld2 {v4.8b, v5.8b}, [x20]
    PRV "ld2 even", v4
    PRV "ld2 odd", v5
    st2 {v4.8b, v5.8b}, [x21]
    ldr q6, [x21]
    PRV "st2 roundtrip", v6
    ld1 {v7.s}[2], [x20]
    PRV "ld1 lane", v7
    ld1r {v7.8h}, [x20]
    PRV "ld1r", v7
    st1 {v0.d}[1], [x21]
    ldr x11, [x21]
    PR "st1 lane", x11
    ldp q8, q9, [x20]
    stp q9, q8, [x21]
    ldr q10, [x21, #16]
    PRV "ldp/stp q", v10
    ldr d11, [x20, #8]
    PRV "ldr d zeroes upper", v11
    str s0, [x21]
    ldr w11, [x21]
    PR "str s", x11

    PUTS "== moves"
    ldr x9, =0x1122334455667788
    dup v12.2d, x9
    PRV "dup 2d", v12
    dup v12.8b, w9
    PRV "dup 8b", v12
    dup v13.4s, v0.s[3]
    PRV "dup elem", v13
    ins v13.b[15], w9
    ins v13.h[0], v0.h[7]
    PRV "ins", v13
    umov w11, v0.b[9]
    PR "umov b", x11
    smov x11, v0.h[7]
    PR "smov h", x11
    mov x11, v0.d[1]
    PR "mov d[1]", x11
    movi v14.4s, #0x4c, lsl #8
    PRV "movi lsl8", v14
    movi v14.2d, #0xff00ff0000ff00ff
    PRV "movi 2d", v14
    mvni v14.8h, #0x12
    PRV "mvni", v14
    movi d14, #0xffffffff00000000
    PRV "movi d", v14
    movi v14.16b, #0x81
    PRV "movi 16b", v14
    mov v15.16b, v0.16b
    PRV "mov v", v15

    PUTS "== integer"
    add v16.16b, v0.16b, v14.16b
    PRV "add 16b", v16
    add v16.8h, v0.8h, v14.8h
    PRV "add 8h", v16
    sub v16.4s, v0.4s, v14.4s
    PRV "sub 4s", v16
    add v16.2d, v0.2d, v14.2d
    PRV "add 2d", v16
    add v16.2s, v0.2s, v14.2s
    PRV "add 2s (upper zeroed)", v16
    mul v16.4s, v0.4s, v1.4s
    PRV "mul 4s", v16
    mul v16.8h, v0.8h, v14.h[1]
    PRV "mul by elem", v16
    mov v17.16b, v0.16b
    mla v17.8h, v0.8h, v14.8h
    PRV "mla 8h", v17
    neg v16.4s, v0.4s
    PRV "neg 4s", v16
    abs v16.16b, v14.16b
    PRV "abs 16b", v16
    uqadd v16.16b, v0.16b, v14.16b
    PRV "uqadd", v16
    sqadd v16.16b, v0.16b, v14.16b
    PRV "sqadd", v16
    umull v16.4s, v0.4h, v14.4h
    PRV "umull", v16
    umull2 v16.2d, v0.4s, v1.4s
    PRV "umull2", v16
    addp v16.4s, v0.4s, v1.4s
    PRV "addp 4s", v16
    umax v16.16b, v0.16b, v14.16b
    PRV "umax", v16
    smin v16.8h, v0.8h, v14.8h
    PRV "smin", v16
    uabd v16.16b, v0.16b, v14.16b
    PRV "uabd", v16

    PUTS "== compare and logic"
    cmeq v16.16b, v0.16b, v15.16b
    PRV "cmeq", v16
    cmgt v16.16b, v0.16b, v14.16b
    PRV "cmgt", v16
    cmhi v16.16b, v0.16b, v14.16b
    PRV "cmhi", v16
    cmeq v16.8h, v0.8h, #0
    PRV "cmeq #0", v16
    cmlt v16.4s, v14.4s, #0
    PRV "cmlt #0", v16
    cmtst v16.16b, v0.16b, v14.16b
    PRV "cmtst", v16
    and v16.16b, v0.16b, v14.16b
    PRV "and", v16
    orr v16.16b, v0.16b, v14.16b
    PRV "orr", v16
    eor v16.16b, v0.16b, v14.16b
    PRV "eor", v16
    bic v16.16b, v0.16b, v14.16b
    PRV "bic", v16
    not v16.16b, v0.16b
    PRV "not", v16
    mov v16.16b, v14.16b
    bsl v16.16b, v0.16b, v1.16b
    PRV "bsl", v16
    mov v16.16b, v0.16b
    bif v16.16b, v1.16b, v14.16b
    PRV "bif", v16
    orr v16.4s, #0x80, lsl #24
    PRV "orr imm", v16

    PUTS "== shifts"
    shl v16.4s, v0.4s, #3
    PRV "shl 4s", v16
    ushr v16.8h, v0.8h, #4
    PRV "ushr 8h", v16
    sshr v16.16b, v14.16b, #2
    PRV "sshr 16b", v16
    ushr d16, d0, #8
    PRV "ushr d", v16
    usra v16.2d, v0.2d, #32
    PRV "usra", v16
    movi v18.16b, #0xfc
    ushl v16.16b, v0.16b, v18.16b
    PRV "ushl by -4", v16
    shrn v16.8b, v0.8h, #4
    PRV "shrn", v16
    shrn2 v16.16b, v1.8h, #8
    PRV "shrn2", v16
    ushll v16.8h, v0.8b, #2
    PRV "ushll", v16
    sshll2 v16.4s, v14.8h, #0
    PRV "sxtl2", v16
    uxtl v16.2d, v0.2s
    PRV "uxtl", v16
    xtn v16.8b, v0.8h
    PRV "xtn", v16
    sli v16.2d, v0.2d, #8
    PRV "sli", v16

    PUTS "== reductions"
    addv b16, v0.16b
    PRV "addv 16b", v16
    addv s16, v0.4s
    PRV "addv 4s", v16
    umaxv h16, v0.8h
    PRV "umaxv 8h", v16
    uminv b16, v14.16b
    PRV "uminv", v16
    smaxv b16, v14.16b
    PRV "smaxv", v16
    uaddlv h16, v0.16b
    PRV "uaddlv", v16
    addp d16, v0.2d
    PRV "addp d", v16
    cnt v16.16b, v0.16b
    PRV "cnt", v16

    PUTS "== permutes"
    zip1 v16.16b, v0.16b, v14.16b
    PRV "zip1", v16
    zip2 v16.8h, v0.8h, v1.8h
    PRV "zip2", v16
    uzp1 v16.4s, v0.4s, v1.4s
    PRV "uzp1", v16
    uzp2 v16.16b, v0.16b, v1.16b
    PRV "uzp2", v16
    trn1 v16.8h, v0.8h, v14.8h
    PRV "trn1", v16
    trn2 v16.4s, v0.4s, v1.4s
    PRV "trn2", v16
    ext v16.16b, v0.16b, v1.16b, #5
    PRV "ext", v16
    rev64 v16.16b, v0.16b
    PRV "rev64", v16
    rev32 v16.8h, v0.8h
    PRV "rev32", v16
    rev16 v16.16b, v0.16b
    PRV "rev16", v16
    ldr q19, tblidx
    tbl v16.16b, {v0.16b}, v19.16b
    PRV "tbl", v16
    tbl v16.16b, {v0.16b, v1.16b}, v19.16b
    PRV "tbl2", v16
    mov v16.16b, v14.16b
    tbx v16.16b, {v0.16b}, v19.16b
    PRV "tbx", v16

    PUTS "== floating point"
    ldr q20, fdata
    ldr q21, fdata + 16
    fadd v16.2d, v20.2d, v21.2d
    PRV "fadd 2d", v16
    fmul v16.4s, v20.4s, v21.4s
    PRV "fmul 4s", v16
    mov v16.16b, v20.16b
    fmla v16.2d, v20.2d, v21.2d
    PRV "fmla 2d", v16
    fmla v16.4s, v20.4s, v21.s[1]
    PRV "fmla elem", v16
    faddp v16.4s, v20.4s, v21.4s
    PRV "faddp 4s", v16
    faddp d16, v21.2d
    PRV "faddp d", v16
    fmaxnmv s16, v21.4s
    PRV "fmaxnmv", v16
    fcvtzs v16.4s, v21.4s
    PRV "fcvtzs 4s", v16
    scvtf v16.2d, v0.2d
    PRV "scvtf 2d", v16
    fcmgt v16.4s, v20.4s, v21.4s
    PRV "fcmgt", v16
    fneg v16.2d, v21.2d
    PRV "fneg 2d", v16
    fsqrt v16.4s, v21.4s
    PRV "fsqrt 4s", v16
    fdiv v16.2d, v21.2d, v20.2d
    PRV "fdiv 2d", v16
    fcvtl v16.2d, v21.2s
    PRV "fcvtl", v16
    fcvtn v16.2s, v20.2d
    PRV "fcvtn", v16
    PRSYS "fpsr", fpsr

    PUTS "== done"
    mov w0, #0
    ldp x29, x30, [sp], #16
    ret

    .align 4
data:
    .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
    .byte 0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0
    .byte 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10
tblidx:
    .byte 15, 0, 14, 1, 16, 31, 2, 40, 3, 17, 255, 4, 5, 6, 7, 8
fdata:
    .double 1.5, -2.25
    .float 3.0, -0.5, 1.0e10, 7.0

    .data
    .align 4
out: .skip 64
