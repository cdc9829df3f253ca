/* fencei.S - fence variants, and self-modifying code made visible with
 * fence.i: code generated into an RWX mmap page, rewritten and re-run;
 * a template copied from .text; and an instruction in the program's own
 * (mprotect'ed writable) text patched inside an already-executed loop. */
#include "common.inc"

#define SYS_mprotect 226
#define LI_A0(imm) ((((imm) & 0xfff) << 20) | 0x513)   /* addi a0, zero, imm */
#define RET_INSN 0x00008067                              /* jalr x0, 0(ra) */

    .text
    .globl main_test
main_test:
    addi sp, sp, -16
    sd ra, 0(sp)

    PUTS "== fences"
    fence
    fence rw, rw
    fence r, r
    fence w, w
    fence r, rw
    fence iorw, iorw
    fence.tso
    fence.i
    PUTS "fences executed"

    PUTS "== generated code in an mmap page"
    li a0, 0
    li a1, 4096
    li a2, 7            /* PROT_READ|PROT_WRITE|PROT_EXEC */
    li a3, 0x22         /* MAP_PRIVATE|MAP_ANONYMOUS */
    li a4, -1
    li a5, 0
    li a7, SYS_mmap
    ecall
    mv s1, a0
    srli t2, a0, 63
    PR "mmap failed", t2

    li t0, LI_A0(1)
    sw t0, 0(s1)
    li t0, RET_INSN
    sw t0, 4(s1)
    fence.i
    jalr ra, 0(s1)
    PR "generated li 1", a0

    li t0, LI_A0(2)
    sw t0, 0(s1)
    fence.i
    jalr ra, 0(s1)
    PR "rewritten li 2", a0

    /* rewrite and re-run 100 times */
    li s2, 0            /* k */
    li s3, 0            /* sum */
1:  li t0, 0x513
    slli t1, s2, 20
    or t0, t0, t1
    sw t0, 0(s1)
    fence.i
    jalr ra, 0(s1)
    add s3, s3, a0
    addi s2, s2, 1
    li t0, 100
    blt s2, t0, 1b
    PR "sum of 100 rewrites", s3

    /* copy a position-independent template from .text and run it */
    lla t0, tmpl_start
    lla t1, tmpl_end
    addi t2, s1, 256
2:  lw t3, 0(t0)
    sw t3, 0(t2)
    addi t0, t0, 4
    addi t2, t2, 4
    bltu t0, t1, 2b
    fence.i
    li a0, 10
    addi t0, s1, 256
    jalr ra, 0(t0)
    PR "template(10)", a0
    /* patch the template's multiplier (addi t1, zero, 3 -> 5) and rerun */
    lla t0, tmpl_patch
    lla t1, tmpl_start
    sub t0, t0, t1
    add t0, t0, s1
    addi t0, t0, 256
    li t1, (5 << 20) | (6 << 7) | 0x13     /* addi t1, zero, 5 */
    sw t1, 0(t0)
    fence.i
    li a0, 10
    addi t0, s1, 256
    jalr ra, 0(t0)
    PR "patched template(10)", a0

    PUTS "== patching own text"
    lla a0, smc_site
    li t0, -4096
    and a0, a0, t0
    li a1, 4096
    li a2, 7
    li a7, SYS_mprotect
    ecall
    PR "mprotect result", a0

    li s2, 0
3:  /* the site's instruction is rewritten at the end of each iteration */
smc_site:
    addi a0, zero, 7
    PR "smc_site result", a0
    lla t0, smc_site
    li t1, 0x513
    addi t2, s2, 100
    slli t2, t2, 20
    or t1, t1, t2
    sw t1, 0(t0)
    fence.i
    addi s2, s2, 1
    li t0, 3
    blt s2, t0, 3b

    ld ra, 0(sp)
    addi sp, sp, 16
    li a0, 0
    ret

/* template: a0 = sum_{i=1..a0} i * 3 */
tmpl_start:
tmpl_patch:
    addi t1, zero, 3
    li t0, 0
4:  mul t2, a0, t1
    add t0, t0, t2
    addi a0, a0, -1
    bnez a0, 4b
    mv a0, t0
    ret
tmpl_end:
