/* muldiv.S - RV64M: mul/mulh/mulhsu/mulhu, div/divu/rem/remu including
 * division by zero and signed overflow, and all W forms. */
#include "common.inc"

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== mul"
    RR mul, 6, 7
    RR mul, -6, 7
    RR mul, 0x7fffffffffffffff, 2
    RR mul, 0x123456789abcdef0, 0x0fedcba987654321
    RR mul, 0x8000000000000000, -1
    RR mulh, 0x7fffffffffffffff, 0x7fffffffffffffff
    RR mulh, -1, -1
    RR mulh, -1, 1
    RR mulh, 0x8000000000000000, 0x8000000000000000
    RR mulh, 0x8000000000000000, 0x7fffffffffffffff
    RR mulh, 0x123456789abcdef0, -0x0fedcba987654321
    RR mulhu, -1, -1
    RR mulhu, -1, 2
    RR mulhu, 0x8000000000000000, 0x8000000000000000
    RR mulhu, 0x123456789abcdef0, 0xfedcba9876543210
    RR mulhsu, -1, -1
    RR mulhsu, -1, 1
    RR mulhsu, 1, -1
    RR mulhsu, 0x8000000000000000, -1
    RR mulhsu, 0x7fffffffffffffff, -1
    RR mulhsu, -0x123456789abcdef0, 0xfedcba9876543210
    RR mulw, 0x7fffffff, 2
    RR mulw, 0x10000, 0x10000
    RR mulw, 0x123456789, 0x987654321
    RR mulw, -1, 0x80000000
    RR mulw, 0xffffffff00000003, 0x5

    PUTS "== div/rem"
    RR div, 7, 2
    RR div, -7, 2
    RR div, 7, -2
    RR div, -7, -2
    RR div, 7, 0
    RR div, -7, 0
    RR div, 0, 0
    RR div, 0x8000000000000000, -1
    RR div, 0x8000000000000000, 1
    RR divu, 7, 2
    RR divu, -7, 2
    RR divu, 7, 0
    RR divu, -1, -1
    RR divu, 0x8000000000000000, -1
    RR rem, 7, 2
    RR rem, -7, 2
    RR rem, 7, -2
    RR rem, -7, -2
    RR rem, 7, 0
    RR rem, -7, 0
    RR rem, 0x8000000000000000, -1
    RR remu, 7, 2
    RR remu, -7, 2
    RR remu, 7, 0
    RR remu, -7, 0
    RR remu, 0x8000000000000000, -1

    PUTS "== W div/rem"
    RR divw, 7, 2
    RR divw, -7, 2
    RR divw, 0xffffffff, 2
    RR divw, 0x10000000e, 2
    RR divw, 7, 0
    RR divw, 7, 0x100000000
    RR divw, 0x80000000, -1
    RR divw, 0xffffffff80000000, 0xffffffff
    RR divuw, 0xffffffff, 2
    RR divuw, -7, 2
    RR divuw, 7, 0
    RR divuw, 0x80000000, 1
    RR divuw, 0x12345678ffffffff, 0xffffffff
    RR remw, 7, 2
    RR remw, -7, 2
    RR remw, 7, 0
    RR remw, 0xffffffff, 0
    RR remw, 0x80000000, -1
    RR remw, 0x100000005, 3
    RR remuw, 0xffffffff, 10
    RR remuw, 7, 0
    RR remuw, 0x80000000, 0
    RR remuw, -7, 2

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 3
    ret
