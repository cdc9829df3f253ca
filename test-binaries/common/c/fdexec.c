/* fdexec.c - timerfd, signalfd and eventfd across execve: the new image reads
 * the expiration of the timer armed before the exec, the signal left pending
 * (and blocked) by the old image through the inherited signalfd, and the
 * eventfd counter; the TFD_CLOEXEC timerfd is gone. (Run natively as the
 * reference: qemu-user cannot exec a foreign binary without binfmt_misc.) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 5) {
        int t = atoi(argv[1]), s = atoi(argv[2]), e = atoi(argv[3]), c = atoi(argv[4]);
        uint64_t n = 0;
        printf("after exec: timerfd read %zd", read(t, &n, 8));
        printf(" expirations %llu\n", (unsigned long long)n);
        struct signalfd_siginfo si;
        ssize_t r = read(s, &si, sizeof si);
        printf("signalfd read %zd signo %u code %d from myself %d\n", r, si.ssi_signo, si.ssi_code, si.ssi_pid == (uint32_t)getpid());
        printf("eventfd read %zd", read(e, &n, 8));
        printf(" count %llu\n", (unsigned long long)n);
        errno = 0;
        int fl = fcntl(c, F_GETFD);
        printf("cloexec timerfd: F_GETFD %d errno %s\n", fl, errno == EBADF ? "EBADF" : "?");
        return 0;
    }
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, NULL);
    int t = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec v = {{0, 0}, {0, 30000000}};
    timerfd_settime(t, 0, &v, NULL);
    int s = signalfd(-1, &m, 0);
    int e = eventfd(7, 0);
    int c = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    raise(SIGUSR1);
    char a[4][16];
    snprintf(a[0], 16, "%d", t); snprintf(a[1], 16, "%d", s); snprintf(a[2], 16, "%d", e); snprintf(a[3], 16, "%d", c);
    printf("before exec: fds %d %d %d %d\n", t, s, e, c);
    execl("/proc/self/exe", "fdexec", a[0], a[1], a[2], a[3], (char *)NULL);
    perror("execl");
    return 1;
}
