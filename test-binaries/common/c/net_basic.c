// Sockets on loopback: TCP client/server (fork), UDP echo, AF_UNIX stream and
// datagram, socketpair (stream, dgram, seqpacket), non-blocking connect,
// socket options, MSG_PEEK/MSG_DONTWAIT/MSG_WAITALL, shutdown, SO_RCVTIMEO.
// Prints only what is the same on every run (no port numbers); exits non-zero
// on the first failed check.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d %s)\n", __FILE__, __LINE__, #c, errno, strerror(errno)); fflush(stdout); exit(1); } } while (0)

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int tcp_listener(struct sockaddr_in *out) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(s >= 0);
  int one = 1;
  CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
  CHECK(listen(s, 16) == 0);
  socklen_t len = sizeof *out;
  CHECK(getsockname(s, (struct sockaddr *)out, &len) == 0);
  CHECK(len == sizeof *out && out->sin_family == AF_INET && out->sin_port != 0);
  CHECK(out->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  return s;
}

static void write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    CHECK(w > 0);
    p += w;
    n -= (size_t)w;
  }
}

static void tcp_fork(void) {
  struct sockaddr_in a;
  int ls = tcp_listener(&a);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    close(ls);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(c >= 0);
    CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0);
    struct sockaddr_in peer;
    socklen_t pl = sizeof peer;
    CHECK(getpeername(c, (struct sockaddr *)&peer, &pl) == 0 && peer.sin_port == a.sin_port);
    // 200 KB in one write: more than any ring holds at once.
    static char big[200000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7 + 3);
    write_all(c, big, sizeof big);
    CHECK(shutdown(c, SHUT_WR) == 0);
    char reply[64] = {0};
    ssize_t n = recv(c, reply, sizeof reply - 1, MSG_WAITALL);
    CHECK(n > 0);
    printf("client got: %s\n", reply);
    close(c);
    _exit(0);
  }
  struct sockaddr_in from;
  socklen_t fl = sizeof from;
  int s = accept(ls, (struct sockaddr *)&from, &fl);
  CHECK(s >= 0);
  CHECK(fl == sizeof from && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  struct sockaddr_in mine;
  socklen_t ml = sizeof mine;
  CHECK(getsockname(s, (struct sockaddr *)&mine, &ml) == 0 && mine.sin_port == a.sin_port);
  // MSG_PEEK leaves the bytes; MSG_WAITALL waits for all of them.
  char peek[4];
  CHECK(recv(s, peek, 4, MSG_PEEK | MSG_WAITALL) == 4);
  static char got[200000];
  size_t total = 0;
  for (;;) {
    ssize_t n = recv(s, got + total, sizeof got - total, 0);
    CHECK(n >= 0);
    if (n == 0) break;
    total += (size_t)n;
  }
  CHECK(total == sizeof got);
  CHECK(memcmp(peek, got, 4) == 0);
  for (size_t i = 0; i < sizeof got; i++) CHECK(got[i] == (char)(i * 7 + 3));
  printf("server got %zu bytes, EOF\n", total);
  const char *msg = "hello from the server";
  CHECK(send(s, msg, strlen(msg), 0) == (ssize_t)strlen(msg));
  close(s);
  int st;
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  close(ls);
}

static void udp_echo(void) {
  int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(a >= 0 && b >= 0);
  struct sockaddr_in aa = { .sin_family = AF_INET }, ba;
  aa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(bind(a, (struct sockaddr *)&aa, sizeof aa) == 0);
  socklen_t l = sizeof aa;
  CHECK(getsockname(a, (struct sockaddr *)&aa, &l) == 0 && aa.sin_port != 0);
  CHECK(sendto(b, "ping", 4, 0, (struct sockaddr *)&aa, sizeof aa) == 4);
  l = sizeof ba;
  CHECK(getsockname(b, (struct sockaddr *)&ba, &l) == 0 && ba.sin_port != 0);
  char buf[16];
  struct sockaddr_in from;
  socklen_t fl = sizeof from;
  ssize_t n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
  CHECK(n == 4 && memcmp(buf, "ping", 4) == 0);
  CHECK(fl == sizeof from && from.sin_port == ba.sin_port);
  CHECK(sendto(a, "pong!", 5, 0, (struct sockaddr *)&from, fl) == 5);
  // A datagram longer than the buffer is cut (MSG_TRUNC reports its real length).
  n = recv(b, buf, 3, MSG_PEEK | MSG_TRUNC);
  CHECK(n == 5);
  n = recv(b, buf, sizeof buf, 0);
  CHECK(n == 5 && memcmp(buf, "pong!", 5) == 0);
  CHECK(recv(b, buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
  // connect() on UDP: send without an address.
  CHECK(connect(b, (struct sockaddr *)&aa, sizeof aa) == 0);
  CHECK(send(b, "again", 5, 0) == 5);
  n = recv(a, buf, sizeof buf, 0);
  CHECK(n == 5 && memcmp(buf, "again", 5) == 0);
  printf("udp echo ok\n");
  close(a);
  close(b);
}

static void unix_sockets(void) {
  char path[108], path2[108];
  snprintf(path, sizeof path, "/tmp/nodemu-net-%d.sock", (int)getpid());
  snprintf(path2, sizeof path2, "/tmp/nodemu-net-%d-2.sock", (int)getpid());
  unlink(path);
  unlink(path2);
  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(ls >= 0);
  struct sockaddr_un a = { .sun_family = AF_UNIX };
  strcpy(a.sun_path, path);
  CHECK(bind(ls, (struct sockaddr *)&a, sizeof a) == 0);
  struct stat st;
  CHECK(stat(path, &st) == 0 && S_ISSOCK(st.st_mode));
  CHECK(bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, sizeof a) == -1 && errno == EADDRINUSE);
  CHECK(listen(ls, 4) == 0);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0);
    write_all(c, "over unix", 9);
    char buf[32] = {0};
    CHECK(read(c, buf, sizeof buf - 1) == 5);
    printf("unix client got: %s\n", buf);
    fflush(stdout);
    _exit(0);
  }
  int s = accept(ls, NULL, NULL);
  CHECK(s >= 0);
  char buf[32] = {0};
  CHECK(recv(s, buf, 9, MSG_WAITALL) == 9);
  printf("unix server got: %s\n", buf);
  fflush(stdout);
  write_all(s, "reply", 5);
  int status;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(s);
  close(ls);
  unlink(path);

  // Datagrams between two bound AF_UNIX sockets.
  int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un b = { .sun_family = AF_UNIX };
  strcpy(a.sun_path, path);
  strcpy(b.sun_path, path2);
  CHECK(bind(d1, (struct sockaddr *)&a, sizeof a) == 0);
  CHECK(bind(d2, (struct sockaddr *)&b, sizeof b) == 0);
  CHECK(sendto(d2, "dgram-1", 7, 0, (struct sockaddr *)&a, sizeof a) == 7);
  CHECK(sendto(d2, "dgram-22", 8, 0, (struct sockaddr *)&a, sizeof a) == 8);
  struct sockaddr_un from;
  socklen_t fl = sizeof from;
  memset(buf, 0, sizeof buf);
  CHECK(recvfrom(d1, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == 7);
  CHECK(strcmp(from.sun_path, path2) == 0);
  printf("unix dgram: %s", buf);
  memset(buf, 0, sizeof buf);
  CHECK(recv(d1, buf, sizeof buf, 0) == 8);
  printf(" %s\n", buf);
  struct sockaddr_un nowhere = { .sun_family = AF_UNIX, .sun_path = "/tmp/nodemu-net-nonexistent/x" };
  CHECK(sendto(d2, "x", 1, 0, (struct sockaddr *)&nowhere, sizeof nowhere) == -1 && errno == ENOENT);
  close(d1);
  close(d2);
  unlink(path);
  unlink(path2);
}

static void pairs(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  write_all(sv[0], "abc", 3);
  write_all(sv[0], "def", 3);
  char buf[16] = {0};
  CHECK(read(sv[1], buf, sizeof buf) == 6);
  printf("pair stream: %s\n", buf);
  close(sv[0]);
  CHECK(read(sv[1], buf, sizeof buf) == 0);
  signal(SIGPIPE, SIG_IGN);
  CHECK(write(sv[1], "x", 1) == -1 && errno == EPIPE);
  close(sv[1]);

  CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
  CHECK(send(sv[0], "one", 3, 0) == 3 && send(sv[0], "three", 5, 0) == 5);
  memset(buf, 0, sizeof buf);
  CHECK(recv(sv[1], buf, sizeof buf, 0) == 3);
  printf("pair dgram: %s", buf);
  memset(buf, 0, sizeof buf);
  CHECK(recv(sv[1], buf, sizeof buf, 0) == 5);
  printf(" %s\n", buf);
  close(sv[0]);
  close(sv[1]);

  CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
  CHECK((fcntl(sv[0], F_GETFD) & FD_CLOEXEC) != 0);
  int type;
  socklen_t tl = sizeof type;
  CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tl) == 0 && type == SOCK_SEQPACKET);
  CHECK(send(sv[1], "packet", 6, 0) == 6);
  memset(buf, 0, sizeof buf);
  CHECK(recv(sv[0], buf, 4, 0) == 4); // the rest of the record is dropped
  CHECK(recv(sv[0], buf, 4, MSG_DONTWAIT) == -1 && errno == EAGAIN);
  close(sv[1]);
  CHECK(recv(sv[0], buf, 4, 0) == 0);
  close(sv[0]);
  printf("pair seqpacket ok\n");
}

static void nonblocking_connect(void) {
  struct sockaddr_in a;
  int ls = tcp_listener(&a);
  int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK(c >= 0 && (fcntl(c, F_GETFL) & O_NONBLOCK));
  int r = connect(c, (struct sockaddr *)&a, sizeof a);
  CHECK(r == 0 || errno == EINPROGRESS);
  struct pollfd p = { .fd = c, .events = POLLOUT };
  CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT));
  int err = -1;
  socklen_t el = sizeof err;
  CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0);
  // Nothing to read yet: EAGAIN, and poll for input times out.
  char b;
  CHECK(read(c, &b, 1) == -1 && errno == EAGAIN);
  p.events = POLLIN;
  CHECK(poll(&p, 1, 20) == 0);
  int s = accept(ls, NULL, NULL);
  CHECK(s >= 0);
  write_all(s, "!", 1);
  CHECK(poll(&p, 1, 5000) == 1 && p.revents == POLLIN);
  CHECK(read(c, &b, 1) == 1 && b == '!');
  close(s);
  p.events = POLLIN | POLLRDHUP;
  CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLRDHUP));
  CHECK(read(c, &b, 1) == 0);
  close(c);
  close(ls);

  // A refused connection: the error comes back through SO_ERROR.
  c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK) == 0);
  r = connect(c, (struct sockaddr *)&a, sizeof a);
  if (r == -1 && errno == EINPROGRESS) {
    p.fd = c;
    p.events = POLLOUT;
    CHECK(poll(&p, 1, 5000) == 1 && (p.revents & (POLLOUT | POLLERR)));
    el = sizeof err;
    CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el) == 0);
  } else err = errno;
  CHECK(err == ECONNREFUSED);
  close(c);
  c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == -1 && errno == ECONNREFUSED);
  close(c);
  printf("non-blocking connect ok, refused: %s\n", strerror(ECONNREFUSED));
}

static void options(void) {
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  CHECK(s >= 0);
  int v = 7;
  socklen_t l = sizeof v;
  CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v) == 0);
  CHECK(getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &l) == 0 && v == 1 && l == sizeof v);
  v = 1;
  CHECK(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) == 0);
  v = 0;
  CHECK(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &l) == 0 && v == 1);
  CHECK(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v) == 0);
  CHECK(setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof v) == 0);
  v = 0;
  CHECK(getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v, &l) == 0 && v == 1);
  v = 65536;
  CHECK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v) == 0);
  CHECK(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &l) == 0 && v == 131072);
  struct linger lg = { 1, 5 }, lg2;
  CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0);
  l = sizeof lg2;
  CHECK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg2, &l) == 0 && lg2.l_onoff == 1 && lg2.l_linger == 5);
  l = sizeof v;
  CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l) == 0 && v == SOCK_STREAM);
  CHECK(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) == 0 && v == 0);
  CHECK(getsockopt(s, SOL_SOCKET, 12345, &v, &l) == -1 && errno == ENOPROTOOPT);
  // IPv6 listener on ::1, v6-only, with an ephemeral port.
  struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
  CHECK(bind(s, (struct sockaddr *)&a6, sizeof a6) == 0);
  CHECK(listen(s, 1) == 0);
  l = sizeof v;
  CHECK(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) == 0 && v == 1);
  l = sizeof a6;
  CHECK(getsockname(s, (struct sockaddr *)&a6, &l) == 0 && l == sizeof a6 && a6.sin6_port != 0);
  char text[64];
  CHECK(inet_ntop(AF_INET6, &a6.sin6_addr, text, sizeof text) != NULL);
  int c = socket(AF_INET6, SOCK_STREAM, 0);
  CHECK(connect(c, (struct sockaddr *)&a6, sizeof a6) == 0);
  int t = accept(s, NULL, NULL);
  CHECK(t >= 0);
  // SO_RCVTIMEO: a receive gives up with EAGAIN.
  struct timeval tv = { 0, 100000 };
  CHECK(setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
  struct timeval tv2;
  l = sizeof tv2;
  CHECK(getsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv2, &l) == 0 && tv2.tv_sec == 0 && tv2.tv_usec == 100000);
  long t0 = now_ms();
  char b;
  CHECK(recv(t, &b, 1, 0) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
  long dt = now_ms() - t0;
  CHECK(dt >= 90 && dt < 3000);
  close(c);
  close(t);
  close(s);
  printf("options ok (listener on %s)\n", text);
  // Errors for bad calls.
  CHECK(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP) == -1 && errno == EPROTONOSUPPORT);
  CHECK(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == -1 && errno == EPROTONOSUPPORT);
  int pp[2];
  CHECK(pipe(pp) == 0);
  CHECK(getsockname(pp[0], (struct sockaddr *)&a6, &l) == -1 && errno == ENOTSOCK);
  close(pp[0]);
  close(pp[1]);
  s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(recv(s, &b, 1, 0) == -1 && errno == ENOTCONN);
  CHECK(getpeername(s, (struct sockaddr *)&a6, &l) == -1 && errno == ENOTCONN);
  CHECK(accept(s, NULL, NULL) == -1 && errno == EINVAL);
  close(s);
  printf("errors ok\n");
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  tcp_fork();
  udp_echo();
  unix_sockets();
  pairs();
  nonblocking_connect();
  options();
  printf("all done\n");
  return 0;
}
