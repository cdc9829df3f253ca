/* ebreak.S - executes ebreak without printing anything: the process must
 * die of SIGTRAP (shell status 133), like under qemu-riscv64, which prints
 * "qemu: uncaught target signal 5 (Trace/breakpoint trap) - core dumped". */
    .text
    .globl _start
_start:
    li a0, 1
    ebreak
    /* not reached: exit(1) */
    li a7, 93
    ecall
