// An epoll echo server on 127.0.0.1.
//   net_epoll                  self test: a forked client process opens 32
//                              connections and sends 200 messages on each
//                              (pipelined, checked byte for byte)
//   net_epoll serve CLIENTS    prints the port, serves until CLIENTS connections
//                              have come and gone, prints totals (the host side
//                              of the echo benchmark, bench/net-echo.js)
// Connections alternate between level- and edge-triggered registration; the
// listener is EPOLLONESHOT (re-armed after each accept) and EPOLLRDHUP ends a
// connection. After everything closed, the next socket must get the lowest fd
// again (no descriptor leaked).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d %s)\n", __FILE__, __LINE__, #c, errno, strerror(errno)); fflush(stdout); exit(1); } } while (0)
#define MAXC 1024
#define MSG 32

struct conn { int fd; int edge; char buf[65536]; size_t len; };
static struct conn *conns[MAXC + 16];

static int listener(struct sockaddr_in *a) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  CHECK(s >= 0);
  int one = 1;
  CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(bind(s, (struct sockaddr *)a, sizeof *a) == 0);
  CHECK(listen(s, 512) == 0);
  socklen_t l = sizeof *a;
  CHECK(getsockname(s, (struct sockaddr *)a, &l) == 0);
  return s;
}

/** Echoes what is readable; returns 0 when the connection is finished. */
static int serve_conn(struct conn *c, unsigned long *bytes) {
  for (;;) {
    ssize_t n = read(c->fd, c->buf, sizeof c->buf);
    if (n > 0) {
      *bytes += (unsigned long)n;
      size_t off = 0;
      while (off < (size_t)n) {
        ssize_t w = write(c->fd, c->buf + off, (size_t)n - off);
        if (w < 0 && errno == EAGAIN) {
          struct pollfd p = { c->fd, POLLOUT, 0 };
          CHECK(poll(&p, 1, 10000) == 1);
          continue;
        }
        CHECK(w > 0);
        off += (size_t)w;
      }
      if (!c->edge) return 1; // level-triggered: epoll tells us again
      continue;
    }
    if (n == 0) return 0;
    if (errno == EAGAIN) return 1;
    if (errno == ECONNRESET) return 0;
    CHECK(0);
  }
}

static int run_server(int ls, int expect_clients, unsigned long *bytes_out) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT, .data.u64 = (uint64_t)-1 };
  CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev) == 0);
  int accepted = 0, open = 0, toggle = 0;
  unsigned long bytes = 0;
  struct epoll_event evs[64];
  while (accepted < expect_clients || open > 0) {
    int n = epoll_wait(ep, evs, 64, 20000);
    CHECK(n > 0);
    for (int i = 0; i < n; i++) {
      if (evs[i].data.u64 == (uint64_t)-1) {
        for (;;) {
          int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (fd < 0) { CHECK(errno == EAGAIN); break; }
          CHECK(fd < MAXC + 16);
          struct conn *c = calloc(1, sizeof *c);
          c->fd = fd;
          c->edge = toggle++ & 1;
          conns[fd] = c;
          int one = 1;
          CHECK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
          struct epoll_event ce = { .events = EPOLLIN | EPOLLRDHUP | (c->edge ? EPOLLET : 0), .data.u64 = (uint64_t)fd };
          CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ce) == 0);
          accepted++;
          open++;
        }
        struct epoll_event again = { .events = EPOLLIN | EPOLLONESHOT, .data.u64 = (uint64_t)-1 };
        CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, ls, &again) == 0);
        continue;
      }
      struct conn *c = conns[evs[i].data.u64];
      int alive = serve_conn(c, &bytes);
      if (alive && (evs[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))) alive = serve_conn(c, &bytes) && 0;
      if (!alive) {
        CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL) == 0);
        close(c->fd);
        conns[c->fd] = NULL;
        free(c);
        open--;
      }
    }
  }
  close(ep);
  *bytes_out = bytes;
  return accepted;
}

static void client_proc(struct sockaddr_in *a, int nconn, int nmsg) {
  int *fds = calloc((size_t)nconn, sizeof *fds);
  int *sent = calloc((size_t)nconn, sizeof *sent), *got = calloc((size_t)nconn, sizeof *got);
  struct pollfd *p = calloc((size_t)nconn, sizeof *p);
  for (int i = 0; i < nconn; i++) {
    fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(fds[i] >= 0);
    int r = connect(fds[i], (struct sockaddr *)a, sizeof *a);
    CHECK(r == 0 || errno == EINPROGRESS);
  }
  int done = 0;
  while (done < nconn) {
    for (int i = 0; i < nconn; i++) {
      p[i].fd = got[i] < nmsg ? fds[i] : -1;
      // Keep up to 4 messages in flight per connection.
      p[i].events = POLLIN | (sent[i] < nmsg && sent[i] - got[i] < 4 ? POLLOUT : 0);
    }
    CHECK(poll(p, (nfds_t)nconn, 20000) > 0);
    for (int i = 0; i < nconn; i++) {
      if (p[i].fd < 0) continue;
      if ((p[i].revents & POLLOUT) && sent[i] < nmsg) {
        char m[MSG + 16];
        snprintf(m, MSG, "c%04d m%06d ................", i, sent[i]);
        CHECK(write(fds[i], m, MSG) == MSG);
        sent[i]++;
      }
      if (p[i].revents & POLLIN) {
        char b[MSG * 8];
        ssize_t n = read(fds[i], b, sizeof b);
        CHECK(n > 0);
        // Re-assemble whole messages and check each one.
        static char pend[MAXC][MSG];
        static int plen[MAXC];
        for (ssize_t j = 0; j < n; j++) {
          pend[i][plen[i]++] = b[j];
          if (plen[i] == MSG) {
            char want[MSG + 16];
            snprintf(want, MSG, "c%04d m%06d ................", i, got[i]);
            CHECK(memcmp(want, pend[i], MSG) == 0);
            got[i]++;
            plen[i] = 0;
          }
        }
        if (got[i] == nmsg) { close(fds[i]); done++; }
      }
    }
  }
  exit(0);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sockaddr_in a;
  int ls = listener(&a);
  if (argc >= 3 && strcmp(argv[1], "serve") == 0) {
    printf("port %d\n", ntohs(a.sin_port));
    unsigned long bytes;
    int n = run_server(ls, atoi(argv[2]), &bytes);
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    printf("served %d connections, %lu bytes echoed, next fd %d\n", n, bytes, probe);
    return 0;
  }
  int nconn = 32, nmsg = 200;
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) { close(ls); client_proc(&a, nconn, nmsg); }
  unsigned long bytes;
  int n = run_server(ls, nconn, &bytes);
  int st;
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  close(ls);
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  printf("served %d connections, %lu bytes echoed, next fd %d\n", n, bytes, probe);
  return 0;
}
