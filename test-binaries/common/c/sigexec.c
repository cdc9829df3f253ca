/* sigexec.c - signal state across execve, and SA_NOCLDSTOP. Compared with
 * the same program run natively (qemu-user 7.2 cannot exec a foreign binary
 * without binfmt_misc and does not honour SA_NOCLDSTOP).
 * execve keeps the blocked mask, the pending signals and the interval timer;
 * ignored signals stay ignored, caught ones revert to SIG_DFL. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_alrm, got_usr1, nchld;
static void on_alrm(int sig) { (void)sig; got_alrm = 1; }
static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }
static void on_term(int sig) { (void)sig; }
static void on_chld(int sig) { (void)sig; nchld++; }

static const char *disp(int sig)
{
    struct sigaction sa;
    sigaction(sig, NULL, &sa);
    return sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "caught";
}

static int after_exec(void)
{
    sigset_t s;
    sigpending(&s);
    printf("pending after exec: USR1=%d USR2=%d\n", sigismember(&s, SIGUSR1), sigismember(&s, SIGUSR2));
    sigprocmask(SIG_BLOCK, NULL, &s);
    printf("blocked after exec: USR1=%d INT=%d HUP=%d\n", sigismember(&s, SIGUSR1), sigismember(&s, SIGINT), sigismember(&s, SIGHUP));
    printf("dispositions: USR2 %s, TERM %s, QUIT %s\n", disp(SIGUSR2), disp(SIGTERM), disp(SIGQUIT));
    struct itimerval it;
    getitimer(ITIMER_REAL, &it);
    long left_ms = it.it_value.tv_sec * 1000 + it.it_value.tv_usec / 1000;
    printf("ITIMER_REAL kept: armed=%d within=%d interval=%ld.%06ld\n", left_ms > 0, left_ms <= 2000,
           (long)it.it_interval.tv_sec, (long)it.it_interval.tv_usec);
    signal(SIGALRM, on_alrm);
    signal(SIGUSR1, on_usr1);
    sigset_t none;
    sigemptyset(&none);
    while (!got_alrm) sigsuspend(&none); /* also delivers the pending SIGUSR1, now caught */
    printf("after sigsuspend: SIGALRM=%d, the pending SIGUSR1=%d\n", (int)got_alrm, (int)got_usr1);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "after") == 0) return after_exec();

    /* SA_NOCLDSTOP: a child's stop and continue raise no SIGCHLD, its exit does. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0) { for (;;) pause(); }
    int st;
    kill(pid, SIGSTOP);
    waitpid(pid, &st, WUNTRACED);
    int stopped = WIFSTOPPED(st);
    kill(pid, SIGCONT);
    waitpid(pid, &st, WCONTINUED);
    usleep(100000);
    printf("SA_NOCLDSTOP: stopped=%d continued=%d, SIGCHLDs so far %d\n", stopped, WIFCONTINUED(st), (int)nchld);
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    usleep(100000);
    printf("after the kill: %d\n", (int)nchld);
    signal(SIGCHLD, SIG_DFL);

    /* The state execve keeps. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGINT);
    sigprocmask(SIG_BLOCK, &s, NULL);
    raise(SIGUSR1);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGTERM, on_term);
    struct itimerval it = { { 0, 0 }, { 0, 700000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    char *args[] = { argv[0], "after", NULL };
    execv("/proc/self/exe", args);
    perror("execv");
    return 1;
}
