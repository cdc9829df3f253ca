/* signals.c - signal delivery to guest handlers: raise() with a plain
 * handler, SA_SIGINFO (si_signo/si_code/si_value via sigqueue), blocking
 * with sigprocmask (pending set, delivery on unblock), SA_RESETHAND,
 * SA_NODEFER-less re-entrancy masking, a SIGSEGV handler that escapes with
 * siglongjmp (fault address checked), SIGILL from an illegal instruction
 * caught the same way, signal() to SIG_IGN, and kill(getpid()). Output is
 * written only outside the handlers. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2, got_term, nested_blocked;
static volatile int info_signo, info_code, info_value;
static volatile uintptr_t fault_addr;
static sigjmp_buf jb;

static void on_usr1(int sig) { got_usr1 += sig == SIGUSR1; }

static void on_usr2_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_usr2++;
    info_signo = si->si_signo;
    info_code = si->si_code;
    info_value = si->si_value.sival_int;
    /* while in the handler the signal itself is blocked */
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    nested_blocked = sigismember(&cur, sig);
    (void)sig;
}

static void on_term(int sig) { got_term += sig == SIGTERM; }

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(jb, sig);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("SIGUSR1 handled %d times\n", got_usr1);

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    union sigval v = {.sival_int = 4242};
    sigqueue(getpid(), SIGUSR2, v);
    printf("SIGUSR2 via sigqueue: count=%d signo=%d code_is_SI_QUEUE=%d value=%d blocked_inside=%d\n",
           got_usr2, info_signo, info_code == SI_QUEUE, info_value, nested_blocked);
    raise(SIGUSR2);
    printf("SIGUSR2 via raise: code_is_SI_TKILL=%d\n", info_code == SI_TKILL);

    /* blocking: the signal stays pending until unblocked */
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    got_usr1 = 0;
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: delivered=%d pending=%d\n", got_usr1, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock: delivered=%d\n", got_usr1);

    /* SA_RESETHAND: handler runs once, then the default action is back */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGTERM, &sa, NULL);
    kill(getpid(), SIGTERM);
    struct sigaction now;
    sigaction(SIGTERM, NULL, &now);
    printf("SIGTERM handled=%d reset to default=%d\n", got_term, now.sa_handler == SIG_DFL);

    /* ignored signal */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored SIGUSR1 survived\n");

    /* SIGSEGV caught, escaped with siglongjmp */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    int r = sigsetjmp(jb, 1);
    if (r == 0) {
        volatile int *volatile bad = (volatile int *)(uintptr_t)0x10;
        *bad = 1;
        printf("no fault?\n");
    } else {
        printf("caught signal %d, fault address=%#lx\n", r, (unsigned long)fault_addr);
    }
    /* the mask was restored by siglongjmp: a second fault is caught too */
    r = sigsetjmp(jb, 1);
    if (r == 0) {
        volatile int *volatile bad2 = (volatile int *)(uintptr_t)0x2000;
        (void)*bad2;
        printf("no fault?\n");
    } else {
        printf("caught again signal %d, fault address=%#lx\n", r, (unsigned long)fault_addr);
    }
    r = sigsetjmp(jb, 1);
    if (r == 0) {
        __asm__ volatile(".word 0");
        printf("no SIGILL?\n");
    } else {
        printf("caught SIGILL=%d\n", r == SIGILL);
    }
    printf("done\n");
    return 0;
}
