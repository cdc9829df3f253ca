/* sigcontext.c - handlers that read and change the saved context (ucontext):
 * an illegal instruction skipped by advancing the saved pc, with an FP/SIMD
 * register read from and written to the saved FP state (riscv64
 * __riscv_d_ext_state, aarch64 fpsimd_context, arm VFP sigframe in
 * uc_regspace); a faulting load skipped the same way (si_code, si_addr, the
 * sigcontext fault address); a breakpoint trap skipped (TRAP_BRKPT); the mask
 * inside the handler and after it. Output only outside the handlers. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int hits, sig_seen, code_seen, addr_is_pc, blocked_inside, fp_magic_ok;
static volatile uintptr_t addr_seen, mc_fault;
static volatile uint64_t fp_seen;

#define FP_IN 0x4009218a0ca0d12bULL   /* bits loaded before the trap */
#define FP_OUT 0x3ff8000000000000ULL  /* 1.5, written by the handler */

/* The saved pc, and the length of the instruction there. */
static uintptr_t *pc_slot(ucontext_t *uc)
{
#if defined(__riscv)
    return (uintptr_t *)&uc->uc_mcontext.__gregs[0];
#elif defined(__aarch64__)
    return (uintptr_t *)&uc->uc_mcontext.pc;
#else
    return (uintptr_t *)&uc->uc_mcontext.arm_pc;
#endif
}

static unsigned insn_len(ucontext_t *uc)
{
    uintptr_t pc = *pc_slot(uc);
#if defined(__riscv)
    return (*(uint16_t *)pc & 3) == 3 ? 4 : 2;
#elif defined(__aarch64__)
    (void)pc;
    return 4;
#else
    if (!(uc->uc_mcontext.arm_cpsr & 0x20)) return 4;
    uint16_t h = *(uint16_t *)pc;
    return (h >> 11) >= 0x1d ? 4 : 2;
#endif
}

/* A pointer to the 64-bit FP register the test uses, inside the saved context. */
static uint64_t *fp_slot(ucontext_t *uc)
{
#if defined(__riscv)
    fp_magic_ok = 1;
    return (uint64_t *)&uc->uc_mcontext.__fpregs.__d.__f[10]; /* fa0 */
#elif defined(__aarch64__)
    struct fpsimd_context *fp = (struct fpsimd_context *)uc->uc_mcontext.__reserved;
    fp_magic_ok = fp->head.magic == FPSIMD_MAGIC && fp->head.size == sizeof *fp;
    return (uint64_t *)&fp->vregs[0]; /* d0 = low half of v0 */
#else
    unsigned long *vfp = uc->uc_regspace;
    fp_magic_ok = vfp[0] == 0x56465001 && vfp[1] == 288;
    return (uint64_t *)&vfp[2]; /* d0 */
#endif
}

/* aarch64: an sve_context record with registers (SVE in use; qemu's `max` CPU
 * always saves one) is what sigreturn restores Z0 from, so a handler changing
 * d0 must change Z0's low half there too. NULL if there is none. */
static uint64_t *sve_z0(ucontext_t *uc)
{
#if defined(__aarch64__)
    for (unsigned char *p = uc->uc_mcontext.__reserved;;) {
        struct _aarch64_ctx *h = (struct _aarch64_ctx *)p;
        if (h->magic == 0 || h->size == 0) return NULL;
        if (h->magic == 0x53564501 && h->size > 16) return (uint64_t *)(p + 16);
        p += h->size;
    }
#else
    (void)uc;
    return NULL;
#endif
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    sig_seen = sig;
    code_seen = si->si_code;
    addr_seen = (uintptr_t)si->si_addr;
    addr_is_pc = (uintptr_t)si->si_addr == *pc_slot(uc);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    /* sa_mask (SIGUSR1) is not checked on riscv64: qemu 7.2 reads riscv64's
     * sigaction as if it had sa_restorer, so it never applies sa_mask there. */
#if defined(__riscv)
    blocked_inside = sigismember(&cur, sig);
#else
    blocked_inside = sigismember(&cur, sig) && sigismember(&cur, SIGUSR1);
#endif
#if defined(__aarch64__)
    mc_fault = uc->uc_mcontext.fault_address;
#elif defined(__arm__)
    mc_fault = uc->uc_mcontext.fault_address;
#endif
    if (sig == SIGILL) {
        uint64_t *fp = fp_slot(uc);
        /* riscv64's `.word 0` is two 16-bit illegal instructions: the first trap sees FP_IN. */
        if (hits == 1) fp_seen = *fp;
        *fp = FP_OUT;
        uint64_t *z0 = sve_z0(uc);
        if (z0) *z0 = FP_OUT;
    }
    *pc_slot(uc) += insn_len(uc);
}

static uint64_t trap_with_fp(uint64_t in)
{
    uint64_t out;
#if defined(__riscv)
    __asm__ volatile("fmv.d.x fa0, %1\n\t.word 0\n\tfmv.x.d %0, fa0" : "=r"(out) : "r"(in) : "fa0", "memory");
#elif defined(__aarch64__)
    __asm__ volatile("fmov d0, %1\n\tudf #0\n\tfmov %0, d0" : "=r"(out) : "r"(in) : "v0", "memory");
#else
    __asm__ volatile("vmov d0, %Q1, %R1\n\tudf #0\n\tvmov %Q0, %R0, d0" : "=r"(out) : "r"(in) : "d0", "memory");
#endif
    return out;
}

static int load_from(uintptr_t addr)
{
    int v = 7;
#if defined(__riscv)
    __asm__ volatile("lw %0, 0(%1)" : "+r"(v) : "r"(addr) : "memory");
#elif defined(__aarch64__)
    __asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(addr) : "memory");
#else
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(addr) : "memory");
#endif
    return v;
}

static void breakpoint(void)
{
#if defined(__riscv)
    __asm__ volatile("ebreak" ::: "memory");
#elif defined(__aarch64__)
    __asm__ volatile("brk #0" ::: "memory");
#else
    __asm__ volatile("bkpt #0" ::: "memory");
#endif
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);

    uint64_t r = trap_with_fp(FP_IN);
    /* Linux says ILL_ILLOPC for an undefined instruction; qemu 7.2 says ILL_ILLOPN on arm/aarch64. */
    printf("SIGILL: hits=%d sig=%d code_is_ILL_ILLOPC_or_ILLOPN=%d addr_is_pc=%d blocked_inside=%d\n",
           hits, sig_seen, code_seen == ILL_ILLOPC || code_seen == ILL_ILLOPN, addr_is_pc, blocked_inside);
    printf("FP state: magic_ok=%d seen_in_frame=%d handler_write_visible=%d\n",
           fp_magic_ok, fp_seen == FP_IN, r == FP_OUT);

    hits = 0;
    int v = load_from(0x1000);
    printf("SIGSEGV: hits=%d sig=%d code_is_MAPERR=%d si_addr=%#lx skipped_load_kept=%d\n",
           hits, sig_seen, code_seen == SEGV_MAPERR, (unsigned long)addr_seen, v == 7);
    /* arm's sigcontext.fault_address is left 0 by qemu 7.2 (Linux fills it): only aarch64's is compared. */
#if defined(__aarch64__)
    printf("sigcontext fault_address=%#lx\n", (unsigned long)mc_fault);
#endif

    hits = 0;
    breakpoint();
    printf("SIGTRAP: hits=%d sig=%d code_is_TRAP_BRKPT=%d\n", hits, sig_seen, code_seen == TRAP_BRKPT);

    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask restored: SIGILL=%d SIGUSR1=%d\n", sigismember(&cur, SIGILL), sigismember(&cur, SIGUSR1));
    return 0;
}
