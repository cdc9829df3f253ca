/* sigtimer.c - timers and interrupted calls: alarm + pause; alarm's return
 * value; a periodic ITIMER_REAL interrupting a busy loop that makes no system
 * call (the emulator must stop running translated code to deliver it);
 * getitimer; POSIX timers (SIGEV_SIGNAL with a value, SIGEV_NONE, overruns
 * while blocked, timer_gettime, timer_delete); EINTR versus SA_RESTART on a
 * blocking futex wait (restarted: it sees the changed word and fails with
 * EAGAIN); nanosleep's remaining time; sigsuspend's temporary mask.
 * Timing-dependent values are printed as ranges. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alrm, ticks, rt_hits, rt_value, rt_code, rt_overrun, usr1;
static volatile int futex_word;

static void on_alrm(int sig) { (void)sig; alrm++; futex_word = 1; }
static void on_tick(int sig) { (void)sig; ticks++; }
static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_rt(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    rt_hits++;
    rt_value = si->si_value.sival_int;
    rt_code = si->si_code;
    rt_overrun = si->si_overrun;
}

static void handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void arm_ms(int which, long first_ms, long every_ms)
{
    struct itimerval it = {{every_ms / 1000, every_ms % 1000 * 1000}, {first_ms / 1000, first_ms % 1000 * 1000}};
    setitimer(which, &it, NULL);
}

static double secs(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    /* alarm + pause */
    handler(SIGALRM, on_alrm, 0);
    alarm(1);
    unsigned left = alarm(1);
    int pr = pause();
    printf("alarm: previous=%u pause=%d EINTR=%d handled=%d\n", left, pr, errno == EINTR, alrm);
    printf("alarm(0) when idle=%u\n", alarm(0));

    /* a periodic timer stops a loop without system calls */
    handler(SIGALRM, on_tick, SA_RESTART);
    arm_ms(ITIMER_REAL, 20, 20);
    volatile unsigned long spins = 0;
    while (ticks < 3) spins++;
    struct itimerval cur;
    getitimer(ITIMER_REAL, &cur);
    printf("busy loop: ticks>=3 %d interval=%ldus running=%d\n", ticks >= 3, (long)cur.it_interval.tv_usec,
           cur.it_value.tv_sec > 0 || cur.it_value.tv_usec > 0);
    arm_ms(ITIMER_REAL, 0, 0);
    getitimer(ITIMER_REAL, &cur);
    printf("disarmed: %ld %ld\n", (long)cur.it_value.tv_sec, (long)cur.it_value.tv_usec);

    /* POSIX timer with a signal and a value */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 77;
    timer_t t;
    int cr = timer_create(CLOCK_MONOTONIC, &sev, &t);
    struct itimerspec its = {{0, 0}, {0, 30 * 1000 * 1000}};
    timer_settime(t, 0, &its, NULL);
    struct itimerspec g;
    timer_gettime(t, &g);
    printf("timer_create=%d armed: 0<left<=30ms %d\n", cr, g.it_value.tv_sec == 0 && g.it_value.tv_nsec > 0 && g.it_value.tv_nsec <= 30000000);
    while (!rt_hits) pause();
    timer_gettime(t, &g);
    printf("timer fired: hits=%d value=%d SI_TIMER=%d overrun=%d after: %ld.%09ld\n", rt_hits, rt_value, rt_code == SI_TIMER,
           rt_overrun, (long)g.it_value.tv_sec, (long)g.it_value.tv_nsec);

    /* periodic, blocked for a while: one signal, the other expiries are overruns */
    sigset_t rtset, old;
    sigemptyset(&rtset);
    sigaddset(&rtset, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &rtset, &old);
    struct itimerspec per = {{0, 10 * 1000 * 1000}, {0, 10 * 1000 * 1000}};
    timer_settime(t, 0, &per, NULL);
    struct timespec wait = {0, 100 * 1000 * 1000};
    nanosleep(&wait, NULL);
    siginfo_t wi;
    int ws = sigwaitinfo(&rtset, &wi);
    int ov = timer_getoverrun(t);
    struct itimerspec off = {{0, 0}, {0, 0}};
    timer_settime(t, 0, &off, NULL);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&rtset, &wi, &zero) > 0) {} /* an expiry that came meanwhile */
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("periodic while blocked: one signal=%d si_overrun>=3 %d getoverrun>=3 %d after settime=%d handler hits=%d\n",
           ws == SIGRTMIN, wi.si_overrun >= 3 || ov >= 3, ov >= 3, timer_getoverrun(t), rt_hits);
    printf("timer_delete=%d again=%d EINVAL=%d\n", timer_delete(t), timer_delete(t), errno == EINVAL);

    /* SIGEV_NONE: no signal, but the time runs */
    sev.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_REALTIME, &sev, &t);
    its.it_value.tv_sec = 5; its.it_value.tv_nsec = 0;
    timer_settime(t, 0, &its, NULL);
    timer_gettime(t, &g);
    printf("SIGEV_NONE: 4<left<=5 %d\n", secs(g.it_value) > 4 && secs(g.it_value) <= 5);
    timer_delete(t);

    /* EINTR vs SA_RESTART on a blocking futex wait (300 ms: the signal must not
     * arrive before the wait starts, even on a loaded machine) */
    handler(SIGALRM, on_alrm, 0);
    futex_word = 0;
    arm_ms(ITIMER_REAL, 300, 0);
    long fr = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0);
    printf("futex without SA_RESTART: %ld EINTR=%d\n", fr, errno == EINTR);
    handler(SIGALRM, on_alrm, SA_RESTART);
    futex_word = 0;
    arm_ms(ITIMER_REAL, 300, 0);
    fr = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0);
    printf("futex with SA_RESTART: %ld EAGAIN=%d (restarted, word changed)\n", fr, errno == EAGAIN);

    /* nanosleep: EINTR with the remaining time, also under SA_RESTART */
    arm_ms(ITIMER_REAL, 300, 0);
    struct timespec req = {2, 0}, rem = {0, 0};
    int nr = nanosleep(&req, &rem);
    printf("nanosleep: %d EINTR=%d 1<rem<2 %d\n", nr, errno == EINTR, secs(rem) > 1.0 && secs(rem) < 2.0);

    /* sigsuspend: the temporary mask, then the old one back */
    handler(SIGUSR1, on_usr1, 0);
    sigset_t usr1set, none;
    sigemptyset(&usr1set);
    sigaddset(&usr1set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1set, &old);
    raise(SIGUSR1);
    int before = usr1;
    sigemptyset(&none);
    int sr = sigsuspend(&none);
    int e = errno;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("sigsuspend: before=%d after=%d ret=%d EINTR=%d still_blocked=%d\n", before, usr1, sr, e == EINTR, sigismember(&now, SIGUSR1));
    /* the alarm's signal (blocked until then) ends a sigsuspend that keeps SIGUSR1 blocked */
    sigset_t alrmset;
    sigemptyset(&alrmset);
    sigaddset(&alrmset, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrmset, NULL);
    arm_ms(ITIMER_REAL, 20, 0);
    int a0 = alrm;
    sigsuspend(&usr1set);
    printf("sigsuspend woken by SIGALRM: %d usr1=%d\n", alrm == a0 + 1, usr1);
    return 0;
}
