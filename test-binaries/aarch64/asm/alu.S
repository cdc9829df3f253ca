/* alu.S - A64 integer data processing and flags: add/sub (shifted, extended,
 * immediate, flag-setting), adc/sbc, logical (register, immediate, bic/orn/
 * eon), shifts, multiply/divide (incl. x/0 and INT_MIN/-1), bit ops
 * (clz/cls/rbit/rev*), bitfields (ubfx/sbfx/bfi/bfxil/extr), moves
 * (movz/movk/movn), conditional select/compare (csel/csinc/csinv/csneg/ccmp/
 * ccmn/cset), and W forms (upper half zeroed). */
#include "common.inc"

    .text
    .globl main_test
main_test:
    stp x29, x30, [sp, #-16]!

    PUTS "== add/sub"
    RR add, 1, 2
    RR add, 0x7fffffffffffffff, 1
    RR sub, 0, 1
    RRW add, 0xffffffff, 1
    RRW sub, 0x123456789, 0x9
    ldr x9, =0x1234
    add x11, x9, #0xfff
    PR "add #0xfff", x11
    add x11, x9, #0x123, lsl #12
    PR "add #0x123,lsl12", x11
    sub x11, x9, #1, lsl #12
    PR "sub #1,lsl12", x11
    ldr x10, =0x0f0f0f0f0f0f0f0f
    add x11, x9, x10, lsl #4
    PR "add lsl4", x11
    add x11, x9, x10, lsr #60
    PR "add lsr60", x11
    sub x11, x9, x10, asr #3
    PR "sub asr3", x11
    ldr x10, =0xfffffffffffff080
    add x11, x9, w10, sxtb
    PR "add sxtb", x11
    add x11, x9, w10, uxtb #2
    PR "add uxtb2", x11
    add x11, x9, w10, sxth #1
    PR "add sxth1", x11
    add x11, x9, w10, uxtw
    PR "add uxtw", x11
    add x11, x9, w10, sxtw #4
    PR "add sxtw4", x11
    add x11, x9, x10, sxtx #3
    PR "add sxtx3", x11
    mov x12, sp
    add x11, sp, #16
    sub x11, x11, x12
    PR "sp+16-sp", x11

    PUTS "== flags"
    RRF adds, 1, 2
    RRF adds, 0x7fffffffffffffff, 1
    RRF adds, 0xffffffffffffffff, 1
    RRF adds, 0x8000000000000000, 0x8000000000000000
    RRF subs, 5, 5
    RRF subs, 3, 5
    RRF subs, 5, 3
    RRF subs, 0x8000000000000000, 1
    ldr x9, =0x7fffffff
    ldr x10, =1
    adds w11, w9, w10
    PR "adds w 0x7fffffff,1", x11
    PRNZCV "  nzcv"
    ldr x9, =0xffffffff
    adds w11, w9, w10
    PR "adds w 0xffffffff,1", x11
    PRNZCV "  nzcv"
    cmp x9, #0
    PRNZCV "cmp 0xffffffff,#0"
    cmn w9, #1
    PRNZCV "cmn w -1,#1"
    tst x9, #0x80000000
    PRNZCV "tst bit31"
    ldr x10, =0x8000000000000000
    tst x10, x10
    PRNZCV "tst sign"
    RRF ands, 0xf0, 0x0f
    RRF bics, 0xff, 0x0f

    PUTS "== adc/sbc"
    ldr x9, =0xffffffffffffffff
    adds x11, x9, #1               /* C=1 */
    ldr x9, =10
    ldr x10, =20
    adc x11, x9, x10
    PR "adc C=1", x11
    adcs x11, x9, x10
    PR "adcs C=0", x11
    PRNZCV "  nzcv"
    sbc x11, x9, x10               /* C=0: 10 - 20 - 1 */
    PR "sbc C=0", x11
    cmp x9, #0                     /* C=1 */
    sbcs x11, x9, x10
    PR "sbcs C=1", x11
    PRNZCV "  nzcv"
    ngc x11, x9
    PR "ngc", x11
    ldr x9, =0xffffffff
    ldr x10, =0
    cmp x9, #0                     /* C=1 */
    adcs w11, w9, w10
    PR "adcs w", x11
    PRNZCV "  nzcv"

    PUTS "== logic"
    RR and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR orr, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR eor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR bic, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR orn, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR eon, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    ldr x9, =0x123456789abcdef0
    and x11, x9, #0x00ff00ff00ff00ff
    PR "and imm", x11
    orr x11, x9, #0x5555555555555555
    PR "orr imm", x11
    eor x11, x9, #0xfffffffffffffffe
    PR "eor imm", x11
    and w11, w9, #0x3fc0
    PR "and w imm", x11
    orr x11, xzr, #0x1ff000
    PR "mov bitmask", x11
    ldr x10, =0x00000000ffff0000
    orr x11, x9, x10, ror #8
    PR "orr ror8", x11
    mvn x11, x9
    PR "mvn", x11
    mvn w11, w9
    PR "mvn w", x11

    PUTS "== shifts"
    RR lsl, 0x8000000000000001, 1
    RR lsl, 1, 65
    RR lsr, 0x8000000000000000, 63
    RR asr, 0x8000000000000000, 63
    RR ror, 0x0123456789abcdef, 12
    RRW lsl, 1, 33
    RRW asr, 0x80000000, 4
    RRW ror, 0x12345678, 8
    ldr x9, =0xfedcba9876543210
    lsl x11, x9, #4
    PR "lsl #4", x11
    lsr x11, x9, #60
    PR "lsr #60", x11
    asr x11, x9, #8
    PR "asr #8", x11
    ror x11, x9, #32
    PR "ror #32", x11
    asr w11, w9, #31
    PR "asr w #31", x11

    PUTS "== mul/div"
    RR mul, 0x123456789, 0x987654321
    RR smulh, 0xfffffffffffffffe, 3
    RR umulh, 0xfffffffffffffffe, 3
    RR umulh, 0xffffffffffffffff, 0xffffffffffffffff
    RR sdiv, -7, 2
    RR udiv, -7, 2
    RR sdiv, 5, 0
    RR udiv, 5, 0
    RR sdiv, 0x8000000000000000, -1
    RRW sdiv, 0x80000000, 0xffffffff
    RRW udiv, 0xffffffff, 7
    RRW mul, 0x12345678, 0x9abcdef
    ldr x9, =7
    ldr x10, =6
    ldr x12, =100
    madd x11, x9, x10, x12
    PR "madd", x11
    msub x11, x9, x10, x12
    PR "msub", x11
    mneg x11, x9, x10
    PR "mneg", x11
    ldr x9, =0xfffffffe
    ldr x10, =3
    smull x11, w9, w10
    PR "smull", x11
    umull x11, w9, w10
    PR "umull", x11
    smaddl x11, w9, w10, x12
    PR "smaddl", x11
    umsubl x11, w9, w10, x12
    PR "umsubl", x11

    PUTS "== bit ops"
    R1 clz, 0
    R1 clz, 1
    R1 clz, 0x0000100000000000
    R1 cls, 0
    R1 cls, 0xffffffffffffffff
    R1 cls, 0xff00000000000000
    R1 rbit, 0x0123456789abcdef
    R1 rev, 0x0123456789abcdef
    R1 rev16, 0x0123456789abcdef
    R1 rev32, 0x0123456789abcdef
    ldr x9, =0x0123456789abcdef
    clz w11, w9
    PR "clz w", x11
    rev w11, w9
    PR "rev w", x11
    rbit w11, w9
    PR "rbit w", x11

    PUTS "== bitfields"
    ldr x9, =0xfedcba9876543210
    ldr x11, =0x1111111111111111
    ubfx x12, x9, #4, #12
    PR "ubfx 4,12", x12
    sbfx x12, x9, #56, #8
    PR "sbfx 56,8", x12
    bfi x11, x9, #8, #16
    PR "bfi 8,16", x11
    ldr x11, =0x1111111111111111
    bfxil x11, x9, #60, #4
    PR "bfxil 60,4", x11
    ubfiz x12, x9, #40, #8
    PR "ubfiz 40,8", x12
    sbfiz x12, x9, #4, #4
    PR "sbfiz 4,4", x12
    sxtb x12, w9
    PR "sxtb", x12
    sxth x12, w9
    PR "sxth", x12
    sxtw x12, w9
    PR "sxtw", x12
    uxtb w12, w9
    PR "uxtb", x12
    uxth w12, w9
    PR "uxth", x12
    ldr x10, =0x0011223344556677
    extr x12, x9, x10, #16
    PR "extr 16", x12
    extr w12, w9, w10, #8
    PR "extr w 8", x12

    PUTS "== moves"
    movz x12, #0x1234, lsl #48
    PR "movz lsl48", x12
    movk x12, #0xabcd, lsl #16
    PR "movk lsl16", x12
    movn x12, #0
    PR "movn 0", x12
    movn w12, #0x1234
    PR "movn w", x12
    mov w12, #-1
    PR "mov w -1", x12
    ldr x12, =0xffffffffffffffff
    mov w12, w12
    PR "mov w,w", x12

    PUTS "== conditional"
    ldr x9, =5
    ldr x10, =7
    cmp x9, x10
    csel x11, x9, x10, lt
    PR "csel lt", x11
    csel x11, x9, x10, ge
    PR "csel ge", x11
    csinc x11, x9, x10, eq
    PR "csinc eq", x11
    csinv x11, x9, x10, ne
    PR "csinv ne", x11
    csneg x11, x9, x10, hi
    PR "csneg hi", x11
    cset x11, lo
    PR "cset lo", x11
    csetm x11, ls
    PR "csetm ls", x11
    cinc x11, x9, mi
    PR "cinc mi", x11
    ccmp x9, #5, #0b0010, lt       /* lt holds: compare 5 with 5 -> Z C */
    PRNZCV "ccmp taken"
    ccmp x9, x10, #0b1001, eq      /* eq fails: flags = N..V */
    PRNZCV "ccmp not taken"
    ccmn x9, #5, #0, ne
    PRNZCV "ccmn"
    ldr x12, =0x8000000000000000
    cmp x12, #1                    /* V set */
    cset x11, vs
    PR "cset vs", x11
    cset x11, gt
    PR "cset gt", x11
    cset x11, le
    PR "cset le", x11
    cset x11, pl
    PR "cset pl", x11

    PUTS "== done"
    mov w0, #0
    ldp x29, x30, [sp], #16
    ret
