/* timerfd.c - timers and signals read as files, and eventfd counters.
 * timerfd: one-shot and periodic timers read blocking and non-blocking,
 * timerfd_gettime and settime's old value, TFD_TIMER_ABSTIME (also in the
 * past: the missed periods are counted), disarming, poll/select/epoll
 * (level- and edge-triggered), sharing across fork, errors.
 * signalfd: raise/sigqueue/real-time signals read as signalfd_siginfo records
 * (several per read), mask update, poll and epoll, SIGCHLD from an exiting
 * child, a blocking read woken by another process's kill, errors.
 * eventfd: EFD_SEMAPHORE, overflow, a blocking read woken from a child.
 * Timing-dependent values are printed as booleans or ranges. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
    while (nanosleep(&t, &t) == -1 && errno == EINTR) {}
}

static struct itimerspec its(long value_ms, long interval_ms)
{
    struct itimerspec v = {{interval_ms / 1000, interval_ms % 1000 * 1000000L}, {value_ms / 1000, value_ms % 1000 * 1000000L}};
    return v;
}

static long ms_of(struct timespec t) { return t.tv_sec * 1000L + t.tv_nsec / 1000000L; }

/* read() of a timerfd: the expiration count, or -errno. */
static long long rd(int fd)
{
    uint64_t n;
    ssize_t r = read(fd, &n, sizeof n);
    if (r < 0) return -errno;
    return r == 8 ? (long long)n : -1000 - r;
}

static const char *err(long long r)
{
    static char buf[32];
    if (r >= 0) return "ok";
    const char *s = r == -EAGAIN ? "EAGAIN" : r == -EINVAL ? "EINVAL" : r == -EBADF ? "EBADF" : r == -EINTR ? "EINTR" : r == -EFAULT ? "EFAULT" : NULL;
    if (s) return s;
    snprintf(buf, sizeof buf, "errno %lld", -r);
    return buf;
}

static void test_timerfd(void)
{
    printf("-- timerfd\n");
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec cur;
    timerfd_gettime(fd, &cur);
    printf("unarmed gettime: %ld %ld\n", ms_of(cur.it_value), ms_of(cur.it_interval));
    printf("F_GETFD %d, nonblock %d\n", fcntl(fd, F_GETFD), (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);

    /* one-shot, blocking read */
    struct itimerspec v = its(40, 0);
    long long t0 = now_ms(CLOCK_MONOTONIC);
    printf("settime: %d\n", timerfd_settime(fd, 0, &v, NULL));
    long long n = rd(fd);
    long long el = now_ms(CLOCK_MONOTONIC) - t0;
    printf("one-shot blocking read: %lld, waited >= 35 ms: %d, < 2 s: %d\n", n, el >= 35, el < 2000);
    timerfd_gettime(fd, &cur);
    printf("expired one-shot gettime: %ld %ld\n", ms_of(cur.it_value), ms_of(cur.it_interval));

    /* non-blocking */
    int nb = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    printf("F_GETFD %d, nonblock %d\n", fcntl(nb, F_GETFD), (fcntl(nb, F_GETFL) & O_NONBLOCK) != 0);
    printf("unarmed read: %s\n", err(rd(nb)));
    v = its(150, 0);
    timerfd_settime(nb, 0, &v, NULL);
    printf("armed read: %s\n", err(rd(nb)));
    sleep_ms(200);
    printf("after expiry: %lld, then %s\n", rd(nb), err(rd(nb)));

    /* periodic: missed periods accumulate */
    v = its(10, 10);
    timerfd_settime(nb, 0, &v, NULL);
    sleep_ms(65);
    n = rd(nb);
    printf("periodic after 65 ms: >= 5: %d\n", n >= 5);
    timerfd_gettime(nb, &cur);
    printf("periodic gettime: value in (0,10]: %d, interval %ld\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 10000000, ms_of(cur.it_interval));

    /* settime's old value; re-arming drops unread expirations */
    v = its(500, 250);
    struct itimerspec old;
    timerfd_settime(nb, 0, &v, NULL);
    v = its(10, 0);
    timerfd_settime(nb, 0, &v, &old);
    printf("old value in (300,500]: %d, old interval %ld\n", ms_of(old.it_value) > 300 && ms_of(old.it_value) <= 500, ms_of(old.it_interval));
    sleep_ms(30);
    v = its(1000, 0);
    timerfd_settime(nb, 0, &v, &old);
    printf("old of expired one-shot: %ld %ld; unread expiration dropped: %s\n", ms_of(old.it_value), ms_of(old.it_interval), err(rd(nb)));
    /* disarm */
    v = its(0, 5);
    timerfd_settime(nb, 0, &v, NULL);
    timerfd_gettime(nb, &cur);
    printf("disarmed gettime: %ld %ld, read %s\n", ms_of(cur.it_value), ms_of(cur.it_interval), err(rd(nb)));

    /* absolute: realtime in the future, monotonic in the past with a period */
    int rt = timerfd_create(CLOCK_REALTIME, 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    t0 = now_ms(CLOCK_MONOTONIC);
    v.it_interval.tv_sec = v.it_interval.tv_nsec = 0;
    v.it_value = now;
    v.it_value.tv_nsec += 40000000;
    if (v.it_value.tv_nsec >= 1000000000) { v.it_value.tv_sec++; v.it_value.tv_nsec -= 1000000000; }
    printf("abstime settime: %d\n", timerfd_settime(rt, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &v, NULL));
    n = rd(rt);
    el = now_ms(CLOCK_MONOTONIC) - t0;
    printf("realtime abstime read: %lld, waited >= 30 ms: %d\n", n, el >= 30);
    clock_gettime(CLOCK_MONOTONIC, &now);
    v = its(0, 10);
    v.it_value = now;
    v.it_value.tv_sec -= 1; /* a second ago, every 10 ms: ~100 periods missed */
    timerfd_settime(nb, TFD_TIMER_ABSTIME, &v, NULL);
    n = rd(nb);
    printf("past abstime: 100..200 periods: %d\n", n >= 100 && n <= 200);
    v = its(0, 0);
    timerfd_settime(nb, 0, &v, NULL);

    /* 64-bit time_t structures: the *_time64 calls on 32-bit arm, the plain calls elsewhere */
#ifdef SYS_timerfd_settime64
    long nr_set = SYS_timerfd_settime64, nr_get = SYS_timerfd_gettime64;
#else
    long nr_set = SYS_timerfd_settime, nr_get = SYS_timerfd_gettime;
#endif
    struct { int64_t interval_s, interval_ns, value_s, value_ns; } t64 = {3, 5, 7, 0}, g64;
    printf("settime64: %ld", syscall(nr_set, nb, 0, &t64, NULL));
    printf(" gettime64: %ld interval %lld.%09lld value in (6,7]: %d\n", syscall(nr_get, nb, &g64), (long long)g64.interval_s,
           (long long)g64.interval_ns, g64.value_s == 6 || (g64.value_s == 7 && g64.value_ns == 0));
    v = its(0, 0);
    timerfd_settime(nb, 0, &v, NULL);

    int bt = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK);
    v = its(20, 0);
    timerfd_settime(bt, 0, &v, NULL);
    sleep_ms(40);
    printf("boottime: %lld\n", rd(bt));
    close(bt);

    /* poll, select */
    v = its(150, 0);
    t0 = now_ms(CLOCK_MONOTONIC);
    timerfd_settime(nb, 0, &v, NULL);
    struct pollfd p = {nb, POLLIN | POLLOUT, 0};
    printf("poll before expiry: %d\n", poll(&p, 1, 0));
    int pr = poll(&p, 1, 5000);
    el = now_ms(CLOCK_MONOTONIC) - t0;
    printf("poll: %d revents %#x, waited >= 140 ms: %d, < 2 s: %d\n", pr, p.revents, el >= 140, el < 2000);
    rd(nb);
    v = its(30, 0);
    timerfd_settime(nb, 0, &v, NULL);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(nb, &rs);
    struct timeval tv = {5, 0};
    printf("select: %d isset %d\n", select(nb + 1, &rs, NULL, NULL, &tv), FD_ISSET(nb, &rs));
    printf("read: %lld\n", rd(nb));

    /* epoll: level-triggered repeats, edge-triggered reports each expiry once */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event e = {EPOLLIN, {.u32 = 7}}, got[4];
    epoll_ctl(ep, EPOLL_CTL_ADD, nb, &e);
    v = its(20, 0);
    timerfd_settime(nb, 0, &v, NULL);
    printf("epoll LT: %d", epoll_wait(ep, got, 4, 5000));
    printf(" data %u events %#x, again %d\n", got[0].data.u32, got[0].events, epoll_wait(ep, got, 4, 0));
    rd(nb);
    e.events = EPOLLIN | EPOLLET;
    epoll_ctl(ep, EPOLL_CTL_MOD, nb, &e);
    timerfd_settime(nb, 0, &v, NULL);
    printf("epoll ET: %d, again (one-shot, not read) %d\n", epoll_wait(ep, got, 4, 5000), epoll_wait(ep, got, 4, 60));
    rd(nb);
    v = its(20, 20);
    timerfd_settime(nb, 0, &v, NULL);
        /* Linux's periodic timer stops after an expiry until it is read: no further edge until then */
    int a = epoll_wait(ep, got, 4, 5000), b = epoll_wait(ep, got, 4, 100);
    n = rd(nb);
    int c2 = epoll_wait(ep, got, 4, 5000);
    printf("epoll ET periodic: %d, unread %d, after a read %d, read >= 2: %d\n", a, b, c2, n >= 2);
    v = its(0, 0);
    timerfd_settime(nb, 0, &v, NULL);
    close(ep);

    /* shared across fork: the child's read consumes the expiration */
    v = its(30, 0);
    timerfd_settime(fd, 0, &v, NULL);
    pid_t c = fork();
    if (c == 0) _exit(rd(fd) == 1 ? 11 : 12);
    int st;
    waitpid(c, &st, 0);
    struct pollfd pf = {fd, POLLIN, 0};
    printf("child read the inherited timerfd: %d, parent finds it drained: %d\n", WEXITSTATUS(st), poll(&pf, 1, 0));

    /* an anonymous inode: mode 0600 without a file type, lseek a no-op; readv gathers one record */
    struct stat sb;
    fstat(nb, &sb);
    printf("fstat mode %o, lseek %ld, F_GETFL accmode %d\n", (unsigned)sb.st_mode, (long)lseek(nb, 5, SEEK_SET), fcntl(nb, F_GETFL) & O_ACCMODE);
    v = its(5, 0);
    timerfd_settime(nb, 0, &v, NULL);
    sleep_ms(20);
    uint32_t halves[2] = {9, 9};
    struct iovec iov[2] = {{&halves[0], 4}, {&halves[1], 4}};
    printf("readv over two 4-byte buffers: %zd (%u %u)\n", readv(nb, iov, 2), halves[0], halves[1]);

    /* errors */
    char small[4];
    int fds[2];
    pipe(fds);
    printf("short read: %s\n", err(read(nb, small, sizeof small) < 0 ? -errno : 0));
    printf("write: %s\n", err(write(nb, "12345678", 8) < 0 ? -errno : 0));
    printf("create bad clock: %s\n", err(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0) < 0 ? -errno : 0));
    printf("create bad flags: %s\n", err(timerfd_create(CLOCK_MONOTONIC, 0x1234) < 0 ? -errno : 0));
    v = its(10, 0);
    printf("settime bad flags: %s\n", err(timerfd_settime(nb, 0x10, &v, NULL) < 0 ? -errno : 0));
    v.it_value.tv_nsec = 1000000000;
    printf("settime bad nsec: %s\n", err(timerfd_settime(nb, 0, &v, NULL) < 0 ? -errno : 0));
    v = its(10, 0);
    v.it_interval.tv_sec = -1;
    printf("settime negative interval: %s\n", err(timerfd_settime(nb, 0, &v, NULL) < 0 ? -errno : 0));
    v = its(10, 0);
    printf("settime on a pipe: %s\n", err(timerfd_settime(fds[0], 0, &v, NULL) < 0 ? -errno : 0));
    printf("settime bad fd: %s\n", err(timerfd_settime(99, 0, &v, NULL) < 0 ? -errno : 0));
    printf("settime NULL: %s\n", err(syscall(SYS_timerfd_settime, nb, 0, NULL, NULL) < 0 ? -errno : 0));
    printf("gettime on a pipe: %s\n", err(timerfd_gettime(fds[0], &cur) < 0 ? -errno : 0));
    printf("gettime bad fd: %s\n", err(timerfd_gettime(99, &cur) < 0 ? -errno : 0));
    close(fds[0]); close(fds[1]);
    close(fd); close(nb); close(rt);
}

static void show(const struct signalfd_siginfo *s)
{
    printf("  signo %u code %d pid-is-me %d uid-ok %d int %d\n", s->ssi_signo, s->ssi_code, s->ssi_pid == (uint32_t)getpid(),
           s->ssi_uid == (uint32_t)getuid(), s->ssi_int);
}

static void test_signalfd(void)
{
    printf("-- signalfd\n");
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigaddset(&m, SIGRTMIN);
    sigaddset(&m, SIGCHLD);
    sigprocmask(SIG_BLOCK, &m, NULL);

    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGUSR1);
    sigaddset(&one, SIGKILL); /* silently dropped */
    int sfd = signalfd(-1, &one, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("F_GETFD %d, nonblock %d\n", fcntl(sfd, F_GETFD), (fcntl(sfd, F_GETFL) & O_NONBLOCK) != 0);
    struct signalfd_siginfo si[3];
    printf("empty read: %s\n", err(read(sfd, si, sizeof si) < 0 ? -errno : 0));
    struct pollfd p = {sfd, POLLIN, 0};
    printf("poll empty: %d\n", poll(&p, 1, 0));
    raise(SIGUSR1);
    printf("poll after raise: %d revents %#x\n", poll(&p, 1, 0), p.revents);
    printf("read: %zd\n", read(sfd, si, sizeof si));
    show(&si[0]);
    printf("consumed: pending %d, read %s\n", ({ sigset_t pe; sigpending(&pe); sigismember(&pe, SIGUSR1); }), err(read(sfd, si, sizeof si) < 0 ? -errno : 0));

    /* not in the mask, then the mask is updated */
    raise(SIGUSR2);
    printf("poll, SIGUSR2 outside the mask: %d\n", poll(&p, 1, 0));
    sigaddset(&one, SIGUSR2);
    sigaddset(&one, SIGRTMIN);
    printf("update returns the fd: %d\n", signalfd(sfd, &one, 0) == sfd);
    printf("poll after update: %d\n", poll(&p, 1, 0));
    printf("read: %zd\n", read(sfd, si, sizeof si));
    show(&si[0]);

    /* several records per read, in signal order; real-time signals queue */
    union sigval val = {.sival_int = 42};
    sigqueue(getpid(), SIGUSR2, val);
    raise(SIGUSR1);
    val.sival_int = 1; sigqueue(getpid(), SIGRTMIN, val);
    val.sival_int = 2; sigqueue(getpid(), SIGRTMIN, val);
    ssize_t r = read(sfd, si, sizeof si);
    printf("read 3 of 4: %zd\n", r);
    for (int i = 0; i < r / (ssize_t)sizeof si[0]; i++) show(&si[i]);
    r = read(sfd, si, sizeof si);
    printf("rest: %zd\n", r);
    show(&si[0]);
    printf("rt signo is SIGRTMIN: %d\n", si[0].ssi_signo == (uint32_t)SIGRTMIN);

    /* epoll */
    int ep = epoll_create1(0);
    struct epoll_event e = {EPOLLIN, {.u32 = 3}};
    epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &e);
    printf("epoll empty: %d\n", epoll_wait(ep, &e, 1, 0));
    raise(SIGUSR2);
    printf("epoll: %d data %u\n", epoll_wait(ep, &e, 1, 1000), e.data.u32);
    read(sfd, si, sizeof si);
    close(ep);

    /* a blocking read woken by another process's kill */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    int bfd = signalfd(-1, &usr1, 0);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) { sleep_ms(50); kill(parent, SIGUSR1); _exit(0); }
    r = read(bfd, si, sizeof si);
    printf("blocking read: %zd signo %u code %d from the child %d\n", r, si[0].ssi_signo, si[0].ssi_code, si[0].ssi_pid == (uint32_t)c);
    waitpid(c, NULL, 0);
    /* SIGCHLD from the child's exit (the waitpid above left one pending: drain it) */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    int cfd = signalfd(-1, &chld, SFD_NONBLOCK);
    read(cfd, si, sizeof si);
    c = fork();
    if (c == 0) _exit(7);
    struct pollfd pc = {cfd, POLLIN, 0};
    int pr = poll(&pc, 1, 10000);
    r = read(cfd, si, sizeof si);
    printf("SIGCHLD: poll %d read %zd signo %u code %d from the child %d status %d\n", pr, r, si[0].ssi_signo, si[0].ssi_code,
           si[0].ssi_pid == (uint32_t)c, si[0].ssi_status);
    int st;
    printf("waitpid: %d status %d\n", waitpid(c, &st, 0) == c, WEXITSTATUS(st));

    /* errors */
    int fds[2];
    pipe(fds);
    char small[64];
    printf("short read: %s\n", err(read(sfd, small, sizeof small) < 0 ? -errno : 0));
    printf("write: %s\n", err(write(sfd, small, sizeof small) < 0 ? -errno : 0));
    printf("bad flags: %s\n", err(signalfd(-1, &one, 0x1234) < 0 ? -errno : 0));
    printf("on a pipe: %s\n", err(signalfd(fds[0], &one, 0) < 0 ? -errno : 0));
    printf("bad fd: %s\n", err(signalfd(99, &one, 0) < 0 ? -errno : 0));
    printf("NULL mask: %s\n", err(syscall(SYS_signalfd4, -1, NULL, 8, 0) < 0 ? -errno : 0));
    close(fds[0]); close(fds[1]);
    close(sfd); close(bfd); close(cfd);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
}

static void test_eventfd(void)
{
    printf("-- eventfd\n");
    int s = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    long long a = rd(s), b = rd(s), c = rd(s);
    printf("semaphore reads: %lld %lld %lld then %s\n", a, b, c, err(rd(s)));
    uint64_t two = 2;
    write(s, &two, 8);
    a = rd(s); b = rd(s);
    printf("after writing 2: %lld %lld then %s\n", a, b, err(rd(s)));
    int e = eventfd(5, EFD_NONBLOCK);
    printf("counter read: %lld then %s\n", rd(e), err(rd(e)));
    uint64_t big = 0xfffffffffffffffeULL, one = 1, bad = ~0ULL;
    printf("write max: %zd, one more: %s, ~0: %s\n", write(e, &big, 8), err(write(e, &one, 8) < 0 ? -errno : 0),
           err(write(e, &bad, 8) < 0 ? -errno : 0));
    struct pollfd p = {e, POLLIN | POLLOUT, 0};
    poll(&p, 1, 0);
    printf("full: revents %#x\n", p.revents);
    printf("read max: %d\n", rd(e) == (long long)big);
    char small[4];
    printf("short read: %s\n", err(read(e, small, 4) < 0 ? -errno : 0));
    /* a blocking semaphore read woken by a child's write */
    int w = eventfd(0, EFD_SEMAPHORE);
    pid_t k = fork();
    if (k == 0) { sleep_ms(50); uint64_t three = 3; _exit(write(w, &three, 8) == 8 ? 0 : 1); }
    a = rd(w);
    int st;
    waitpid(k, &st, 0);
    p.fd = w;
    p.events = POLLIN;
    printf("blocking read: %lld, child %d, still readable %d\n", a, WEXITSTATUS(st), poll(&p, 1, 0));
    close(s); close(e); close(w);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_timerfd();
    test_signalfd();
    test_eventfd();
    return 0;
}
