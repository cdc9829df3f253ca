/* sigill.S - prints a line, then executes the all-zero (defined illegal)
 * instruction: the process dies of SIGILL (shell status 132). */
#include "common.inc"

    .text
    .globl main_test
main_test:
    PUTS "executing an illegal instruction"
    .word 0x00000000
    PUTS "not reached"
    li a0, 1
    ret
