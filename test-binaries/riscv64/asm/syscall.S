/* syscall.S - the raw Linux syscall ABI (a7 = number, a0-a5 = arguments,
 * result or -errno in a0, other registers preserved): unknown syscall ->
 * -ENOSYS, write/read on a bad fd -> -EBADF, write from an unmapped
 * address -> -EFAULT, zero-length write, partial writes of a buffer,
 * getpid/getppid/gettid consistency, uname machine, exit_group status. */
#include "common.inc"

#define SYS_read 63
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_gettid 178
#define SYS_uname 160
#define SYS_exit_group 94

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    /* registers other than a0 survive a syscall */
    li s2, 0x1111
    li t3, 0x3333
    li a1, 0x4444
    li a6, 0x6666
    li a7, SYS_getpid
    ecall
    sgtz t2, a0
    PR "getpid > 0", t2
    PR "s2 preserved", s2
    PR "t3 preserved", t3
    PR "a1 preserved", a1
    PR "a6 preserved", a6
    mv s3, a0
    li a7, SYS_gettid
    ecall
    sub t2, a0, s3
    PR "gettid - getpid", t2
    li a7, SYS_getppid
    ecall
    sgtz t2, a0
    PR "getppid > 0", t2

    li a7, 9999
    ecall
    PR "unknown syscall 9999", a0
    li a7, 1000
    ecall
    PR "unknown syscall 1000", a0

    li a0, 99
    lla a1, msg
    li a2, 4
    li a7, SYS_write
    ecall
    PR "write bad fd", a0
    li a0, -1
    li a7, SYS_write
    ecall
    PR "write fd -1", a0
    li a0, 77
    lla a1, rbuf
    li a2, 4
    li a7, SYS_read
    ecall
    PR "read bad fd", a0
    li a0, 1
    li a1, 16
    li a2, 8
    li a7, SYS_write
    ecall
    PR "write from unmapped", a0
    li a0, 1
    lla a1, msg
    li a2, 0
    li a7, SYS_write
    ecall
    PR "write length 0", a0
    li a0, 1
    lla a1, msg
    li a2, 6
    li a7, SYS_write
    ecall
    PR "write 6 of msg", a0

    lla a0, utsbuf
    li a7, SYS_uname
    ecall
    PR "uname", a0
    /* struct utsname: 6 fields of 65 bytes; machine is the 5th */
    lla a0, utsbuf + 4 * 65
    call _t_puts_nl

    PUTS "exit_group(77)"
    li a0, 77
    li a7, SYS_exit_group
    ecall
    PUTS "not reached"
    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 1
    ret

    .data
msg: .ascii "hello\nworld\n"
    .bss
rbuf: .zero 16
utsbuf: .zero 6 * 65
