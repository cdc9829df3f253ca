// poll, ppoll, select, pselect and epoll over pipes and socketpairs: readiness,
// timeouts, a writer in another process waking a blocked poll, POLLHUP at EOF,
// EINTR from a signal handler (SIGALRM), and pselect's temporary signal mask.
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d %s)\n", __FILE__, __LINE__, #c, errno, strerror(errno)); fflush(stdout); exit(1); } } while (0)

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static volatile sig_atomic_t alarms;
static void on_alarm(int s) { (void)s; alarms++; }

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int p[2];
  CHECK(pipe(p) == 0);

  // Timeouts: nothing to read.
  struct pollfd pf = { p[0], POLLIN, 0 };
  long t0 = now_ms();
  CHECK(poll(&pf, 1, 100) == 0 && pf.revents == 0);
  long dt = now_ms() - t0;
  CHECK(dt >= 95 && dt < 3000);
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  struct timeval tv = { 0, 50000 };
  t0 = now_ms();
  CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rs));
  CHECK(now_ms() - t0 >= 45);
  printf("timeouts ok\n");

  // Writable at once; readable after a write.
  pf.fd = p[1];
  pf.events = POLLOUT;
  CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLOUT);
  CHECK(write(p[1], "x", 1) == 1);
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  fd_set ws;
  FD_ZERO(&ws);
  FD_SET(p[1], &ws);
  CHECK(select(p[1] + 1, &rs, &ws, NULL, NULL) == 2 && FD_ISSET(p[0], &rs) && FD_ISSET(p[1], &ws));
  char c;
  CHECK(read(p[0], &c, 1) == 1);
  printf("readiness ok\n");

  // A child writes after 100 ms: a blocked poll (no timeout) wakes up.
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    usleep(100000);
    CHECK(write(p[1], "late", 4) == 4);
    _exit(0);
  }
  pf.fd = p[0];
  pf.events = POLLIN;
  t0 = now_ms();
  CHECK(poll(&pf, 1, -1) == 1 && pf.revents == POLLIN);
  CHECK(now_ms() - t0 >= 50);
  char buf[16];
  CHECK(read(p[0], buf, sizeof buf) == 4);
  int st;
  CHECK(waitpid(pid, &st, 0) == pid);
  printf("wake-up from another process ok\n");

  // epoll over a socketpair and the pipe.
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 1 };
  CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev) == 0);
  ev.data.u32 = 2;
  CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
  struct epoll_event out[4];
  CHECK(epoll_wait(ep, out, 4, 30) == 0);
  CHECK(write(sv[1], "s", 1) == 1);
  CHECK(epoll_wait(ep, out, 4, 1000) == 1 && out[0].data.u32 == 1);
  CHECK(read(sv[0], buf, 1) == 1);
  close(p[1]);
  CHECK(epoll_wait(ep, out, 4, 1000) == 1 && out[0].data.u32 == 2 && (out[0].events & EPOLLHUP));
  pf.fd = p[0];
  CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP);
  close(ep);
  printf("epoll ok\n");

  // A handled signal interrupts a blocked poll and select (no SA_RESTART).
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
  struct itimerval it = { { 0, 0 }, { 0, 80000 } };
  CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
  pf.fd = sv[0];
  pf.events = POLLIN;
  t0 = now_ms();
  CHECK(poll(&pf, 1, 5000) == -1 && errno == EINTR && alarms == 1);
  CHECK(now_ms() - t0 < 4000);
  CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
  FD_ZERO(&rs);
  FD_SET(sv[0], &rs);
  CHECK(select(sv[0] + 1, &rs, NULL, NULL, NULL) == -1 && errno == EINTR && alarms == 2);
  printf("EINTR ok\n");

  // pselect with SIGALRM blocked for the wait: the timer fires, the wait goes on until its timeout.
  sigset_t block, none;
  sigemptyset(&block);
  sigaddset(&block, SIGALRM);
  sigemptyset(&none);
  CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
  it.it_value.tv_usec = 30000;
  CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
  struct timespec ts = { 0, 150000000 };
  FD_ZERO(&rs);
  FD_SET(sv[0], &rs);
  CHECK(pselect(sv[0] + 1, &rs, NULL, NULL, &ts, &block) == 0 && alarms == 2);
  // Unblocked by pselect's mask: the pending alarm interrupts at once.
  FD_ZERO(&rs);
  FD_SET(sv[0], &rs);
  CHECK(pselect(sv[0] + 1, &rs, NULL, NULL, &ts, &none) == -1 && errno == EINTR && alarms == 3);
  printf("pselect mask ok\n");
  // Bad descriptors.
  FD_ZERO(&rs);
  FD_SET(60, &rs);
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  CHECK(select(61, &rs, NULL, NULL, &tv) == -1 && errno == EBADF);
  pf.fd = 60;
  CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLNVAL);
  printf("all done\n");
  return 0;
}
