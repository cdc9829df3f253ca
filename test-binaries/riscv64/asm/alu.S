/* alu.S - RV64I integer ALU: register/immediate forms, W forms, edge shifts,
 * lui/auipc, x0 as destination/source. */
#include "common.inc"

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== add/sub"
    RR add, 1, 2
    RR add, 0x7fffffffffffffff, 1
    RR add, -1, -1
    RR sub, 0, 1
    RR sub, 0x8000000000000000, 1
    RR sub, 5, 5
    RI addi, 0, 2047
    RI addi, 0, -2048
    RI addi, 0x7fffffffffffffff, 1
    RI addi, -1, -1

    PUTS "== W forms"
    RR addw, 0x7fffffff, 1
    RR addw, 0xffffffff, 0
    RR addw, 0x123456789, 0x100000000
    RR subw, 0, 1
    RR subw, 0x80000000, 1
    RR subw, 0x100000000, 0
    RI addiw, 0x7fffffff, 1
    RI addiw, 0xffffffff80000000, -1
    RI addiw, 0x12345678abcdef01, 0
    RI addiw, 0x00000000ffffffff, 0

    PUTS "== logic"
    RR and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR or,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RR xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
    RI andi, 0x123456789abcdef0, -1
    RI andi, 0x123456789abcdef0, 0x7ff
    RI andi, 0x123456789abcdef0, -2048
    RI ori, 0x1000, -2048
    RI ori, 0, 0x555
    RI xori, 0x0f0f, -1
    RI xori, 0xffff, 0x7ff

    PUTS "== slt"
    RR slt, -1, 0
    RR slt, 0, -1
    RR slt, 0x8000000000000000, 0x7fffffffffffffff
    RR slt, 3, 3
    RR sltu, -1, 0
    RR sltu, 0, -1
    RR sltu, 0x8000000000000000, 0x7fffffffffffffff
    RR sltu, 3, 3
    RI slti, -5, -4
    RI slti, -4, -5
    RI slti, 0, -2048
    RI slti, -2049, -2048
    RI sltiu, 0, 1
    RI sltiu, 1, 1
    RI sltiu, 5, -1
    RI sltiu, -1, -1
    RI sltiu, -2, -1

    PUTS "== shifts"
    RR sll, 1, 63
    RR sll, 1, 64
    RR sll, 1, 65
    RR sll, 0x8000000000000001, 1
    RR srl, 0x8000000000000000, 63
    RR srl, 0x8000000000000000, 64
    RR srl, -1, 127
    RR sra, 0x8000000000000000, 63
    RR sra, 0x8000000000000000, 64
    RR sra, 0x4000000000000000, 62
    RR sra, -16, 2
    RI slli, 1, 63
    RI slli, 0x00000000ffffffff, 32
    RI srli, -1, 63
    RI srli, -1, 0
    RI srai, 0x8000000000000000, 63
    RI srai, 0x8000000000000000, 1
    RI srai, 0x7fffffffffffffff, 62

    PUTS "== W shifts"
    RR sllw, 1, 31
    RR sllw, 1, 32
    RR sllw, 1, 33
    RR sllw, 0xffffffff, 4
    RR srlw, 0x80000000, 31
    RR srlw, 0xffffffff80000000, 0
    RR srlw, 0xffffffff80000000, 32
    RR srlw, 0x1234567880000000, 4
    RR sraw, 0x80000000, 31
    RR sraw, 0x80000000, 32
    RR sraw, 0x7fffffff, 31
    RR sraw, 0x1234567880000000, 4
    RI slliw, 1, 31
    RI slliw, 0x123456789, 4
    RI slliw, 0x7fffffff, 0
    RI srliw, 0xffffffffffffffff, 31
    RI srliw, 0xffffffff00000000, 0
    RI srliw, 0x80000000, 0
    RI sraiw, 0x80000000, 31
    RI sraiw, 0x80000000, 0
    RI sraiw, 0x40000000, 30

    PUTS "== lui/auipc"
    lui t2, 0x80000
    PR "lui 0x80000", t2
    lui t2, 0x7ffff
    PR "lui 0x7ffff", t2
    lui t2, 0xfffff
    PR "lui 0xfffff", t2
    lui t2, 1
    PR "lui 1", t2
    /* auipc: compare against a label address loaded independently */
1:  auipc t2, 0
    lla t3, 1b
    sub t2, t2, t3
    PR "auipc 0 - pc", t2
2:  auipc t2, 0x12345
    lla t3, 2b
    sub t2, t2, t3
    PR "auipc 0x12345 - pc", t2
3:  auipc t2, 0x80000
    lla t3, 3b
    sub t2, t2, t3
    PR "auipc 0x80000 - pc", t2

    PUTS "== x0"
    li t2, 77
    add x0, t2, t2
    PR "x0 after add", x0
    addi zero, zero, 5
    mv t2, zero
    PR "mv from x0", t2
    lui x0, 0x12345
    PR "x0 after lui", x0
    li t2, 1234
    add t2, zero, t2
    PR "add zero,t2", t2
    /* same source and destination registers */
    li t2, 0x5555
    add t2, t2, t2
    PR "add t2,t2,t2", t2
    sub t2, t2, t2
    PR "sub t2,t2,t2", t2
    li t2, 3
    sllw t2, t2, t2
    PR "sllw t2,t2,t2", t2

    /* the mv/li/not/neg/seqz/snez pseudo instructions */
    PUTS "== pseudos"
    R1 neg, 5
    R1 negw, 0x80000000
    R1 not, 0
    R1 seqz, 0
    R1 seqz, 7
    R1 snez, 0
    R1 snez, -9
    R1 sltz, -9
    R1 sgtz, -9
    R1 sext.w, 0x80000000
    li t2, 0x0123456789abcdef
    PR "li 64-bit", t2

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret
