/* mem.S - A64 loads and stores: every size with zero/sign extension,
 * unsigned-offset/unscaled/pre-/post-index/register-offset (shifted and
 * extended) addressing, pairs (ldp/stp/ldpsw, pre/post), literals, unaligned
 * accesses, exclusives (ldxr/stxr incl. a failing stxr after clrex,
 * ldaxr/stlxr, ldxp/stxp), acquire/release (ldar/stlr), LSE atomics (ldadd,
 * ldclr, ldset, ldeor, swp, cas, casp, ldsmax/ldumin), and dc zva (whatever block size DCZID_EL0 gives). */
#include "common.inc"

    .arch_extension lse

    .text
    .globl main_test
main_test:
    stp x29, x30, [sp, #-16]!
    adr x20, buf
    ldr x9, =0x8877665544332211
    ldr x10, =0xfffefdfcfbfaf9f8
    str x9, [x20]
    str x10, [x20, #8]

    PUTS "== sizes and extension"
    ldrb w11, [x20, #7]
    PR "ldrb", x11
    ldrsb x11, [x20, #7]
    PR "ldrsb x", x11
    ldrsb w11, [x20, #7]
    PR "ldrsb w", x11
    ldrh w11, [x20, #6]
    PR "ldrh", x11
    ldrsh x11, [x20, #6]
    PR "ldrsh x", x11
    ldrsh w11, [x20, #6]
    PR "ldrsh w", x11
    ldr w11, [x20, #4]
    PR "ldr w", x11
    ldrsw x11, [x20, #4]
    PR "ldrsw", x11
    ldr x11, [x20, #8]
    PR "ldr x", x11
    ldur x11, [x20, #3]
    PR "ldur +3 (unaligned)", x11
    ldur w11, [x20, #-0]
    PR "ldur w", x11
    ldr x11, [x20, #1]
    PR "ldr unaligned", x11

    PUTS "== stores"
    add x21, x20, #64
    stp xzr, xzr, [x21]
    ldr x9, =0x0123456789abcdef
    strb w9, [x21, #1]
    strh w9, [x21, #4]
    str w9, [x21, #8]
    sturb w9, [x21, #15]
    ldp x11, x12, [x21]
    PR "strb/strh lo", x11
    PR "str w/sturb hi", x12
    str x9, [x21, #3]
    ldp x11, x12, [x21]
    PR "unaligned str lo", x11
    PR "unaligned str hi", x12

    PUTS "== addressing"
    mov x22, x20
    ldr x11, [x22, #8]!
    sub x13, x22, x20
    PR "pre-index value", x11
    PR "pre-index base", x13
    ldr x11, [x22], #-8
    sub x13, x22, x20
    PR "post-index value", x11
    PR "post-index base", x13
    ldrb w11, [x22], #3
    ldrb w12, [x22]
    PR "post-index byte", x11
    PR "next byte", x12
    mov x22, x20
    mov x14, #1
    ldr x11, [x22, x14, lsl #3]
    PR "reg lsl3", x11
    mov x14, #12
    ldr w11, [x22, x14]
    PR "reg", x11
    mov w14, #-8
    add x23, x22, #16
    ldr x11, [x23, w14, sxtw]
    PR "reg sxtw", x11
    mov w14, #2
    ldrh w11, [x22, w14, uxtw #1]
    PR "reg uxtw1", x11
    ldr x11, lit
    PR "literal", x11
    ldrsw x11, litw
    PR "literal sw", x11
    adr x11, lit
    adrp x12, lit
    and x13, x11, #~0xfff
    sub x13, x13, x12
    PR "adrp page", x13

    PUTS "== pairs"
    ldp x11, x12, [x20]
    PR "ldp 0", x11
    PR "ldp 1", x12
    ldp w11, w12, [x20, #4]
    PR "ldp w 0", x11
    PR "ldp w 1", x12
    ldpsw x11, x12, [x20, #8]
    PR "ldpsw 0", x11
    PR "ldpsw 1", x12
    add x22, x20, #128
    ldr x9, =0x1111111111111111
    ldr x10, =0x2222222222222222
    stp x9, x10, [x22, #-16]!
    sub x13, x22, x20
    PR "stp pre base", x13
    stp w10, w9, [x22], #16
    sub x13, x22, x20
    PR "stp post base", x13
    ldp x11, x12, [x20, #112]
    PR "stp mem 0", x11
    PR "stp mem 1", x12
    ldnp x11, x12, [x20]
    PR "ldnp 0", x11

    PUTS "== exclusives"
    add x22, x20, #256
    ldr x9, =100
    str x9, [x22]
    ldxr x11, [x22]
    add x11, x11, #1
    stxr w12, x11, [x22]
    ldr x13, [x22]
    PR "stxr status", x12
    PR "stxr value", x13
    ldxr x11, [x22]
    clrex
    stxr w12, x11, [x22]
    PR "stxr after clrex", x12
    ldaxr w11, [x22]
    add w11, w11, #10
    stlxr w12, w11, [x22]
    ldr x13, [x22]
    PR "stlxr status", x12
    PR "stlxr value", x13
    ldxrb w11, [x22]
    stxrb w12, w11, [x22, #0]
    PR "stxrb status", x12
    ldxrh w11, [x22]
    stxrh w12, w11, [x22]
    PR "stxrh status", x12
    ldr x9, =0xaaaa
    ldr x10, =0xbbbb
    stp x9, x10, [x22, #16]
    add x23, x22, #16
    ldxp x11, x12, [x23]
    add x11, x11, #1
    add x12, x12, #2
    stxp w14, x11, x12, [x23]
    ldp x11, x12, [x23]
    PR "stxp status", x14
    PR "stxp 0", x11
    PR "stxp 1", x12
    ldar x11, [x22]
    PR "ldar", x11
    mov x9, #77
    stlr x9, [x22]
    ldarb w11, [x22]
    PR "stlr/ldarb", x11

    PUTS "== lse atomics"
    add x22, x20, #320
    ldr x9, =0x00000000000000f0
    str x9, [x22]
    mov x10, #0x0f
    ldadd x10, x11, [x22]
    ldr x12, [x22]
    PR "ldadd old", x11
    PR "ldadd new", x12
    mov x10, #0x30
    ldclr x10, x11, [x22]
    ldr x12, [x22]
    PR "ldclr new", x12
    mov x10, #0x100
    ldsetal x10, x11, [x22]
    ldr x12, [x22]
    PR "ldsetal new", x12
    mov x10, #0x1ff
    ldeor x10, x11, [x22]
    ldr x12, [x22]
    PR "ldeor new", x12
    mov x10, #0x55
    swp x10, x11, [x22]
    ldr x12, [x22]
    PR "swp old", x11
    PR "swp new", x12
    mov x11, #0x55
    mov x10, #0x66
    cas x11, x10, [x22]
    ldr x12, [x22]
    PR "cas hit old", x11
    PR "cas hit mem", x12
    mov x11, #0x55
    mov x10, #0x77
    casal x11, x10, [x22]
    ldr x12, [x22]
    PR "cas miss old", x11
    PR "cas miss mem", x12
    mov x10, #-5
    ldsmax x10, x11, [x22]
    ldr x12, [x22]
    PR "ldsmax new", x12
    mov x10, #-5
    ldumin x10, x11, [x22]
    ldr x12, [x22]
    PR "ldumin new", x12
    mov w10, #3
    ldaddh w10, w11, [x22]
    ldr x12, [x22]
    PR "ldaddh new", x12
    ldr x9, =0x1234
    ldr x10, =0x5678
    stp x9, x10, [x22, #16]
    add x23, x22, #16
    mov x0, x9
    mov x1, x10
    mov x2, #0xaa
    mov x3, #0xbb
    casp x0, x1, x2, x3, [x23]
    ldp x11, x12, [x23]
    PR "casp mem 0", x11
    PR "casp mem 1", x12
    PR "casp old 0", x0

    PUTS "== dc zva"
    /* The block size is the CPU's (DCZID_EL0.BS); check the effect generically. */
    mrs x11, dczid_el0
    and x11, x11, #15
    mov x15, #4
    lsl x15, x15, x11               /* block size in bytes */
    adr x22, zbuf
    mov x9, #-1
    mov x13, #0
1:  str x9, [x22, x13]
    add x13, x13, #8
    cmp x13, #4096
    b.ne 1b
    add x23, x22, #2048 + 8
    dc zva, x23
    sub x24, x15, #1
    bic x24, x23, x24               /* block start */
    ldrb w11, [x24, #-1]
    PR "byte before block", x11
    add x25, x24, x15
    ldrb w11, [x25]
    PR "byte after block", x11
    mov x12, #0                     /* OR of the block's bytes */
2:  ldrb w13, [x24], #1
    orr x12, x12, x13
    cmp x24, x25
    b.ne 2b
    PR "block or", x12

    PUTS "== done"
    mov w0, #0
    ldp x29, x30, [sp], #16
    ret

    .align 3
lit: .quad 0x0badc0ffee15900d
litw: .word 0x80000001

    .data
    .align 6
buf: .skip 1024
    .align 12
zbuf: .skip 4096
