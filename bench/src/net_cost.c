// Per-call cost of socket operations: ping-pong round trips over a socketpair
// (shared rings only) and over TCP loopback (through the host's sockets), and
// UDP sendto (one request to the net host per call). Prints µs per operation.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void pingpong(const char *name, int a, int b, int n) {
  pid_t pid = fork();
  if (pid == 0) { char c; for (int i = 0; i < n; i++) { if (read(b, &c, 1) != 1) _exit(1); if (write(b, &c, 1) != 1) _exit(1); } _exit(0); }
  char c = 'x';
  double t0 = now();
  for (int i = 0; i < n; i++) { if (write(a, &c, 1) != 1 || read(a, &c, 1) != 1) { perror("pp"); exit(1); } }
  double dt = now() - t0;
  waitpid(pid, NULL, 0);
  printf("%-28s %8.1f us per round trip (%d)\n", name, dt / n * 1e6, n);
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  pingpong("socketpair (2 processes)", sv[0], sv[1], n);
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  bind(ls, (struct sockaddr *)&a, sizeof a); listen(ls, 1);
  socklen_t l = sizeof a; getsockname(ls, (struct sockaddr *)&a, &l);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, (struct sockaddr *)&a, sizeof a);
  int s = accept(ls, NULL, NULL);
  int one = 1; setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, 4); setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, 4);
  pingpong("TCP loopback (2 processes)", c, s, n);
  int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
  bind(v, (struct sockaddr *)&a, sizeof a); a.sin_port = 0; bind(v, (struct sockaddr *)&a, sizeof a);
  l = sizeof a; getsockname(v, (struct sockaddr *)&a, &l);
  double t0 = now();
  char buf[64] = {0};
  for (int i = 0; i < n; i++) { sendto(u, buf, 32, 0, (struct sockaddr *)&a, sizeof a); recv(v, buf, sizeof buf, 0); }
  printf("%-28s %8.1f us per datagram\n", "UDP sendto+recv (1 process)", (now() - t0) / n * 1e6);
  t0 = now();
  for (int i = 0; i < n; i++) getsockname(v, (struct sockaddr *)&a, &l);
  printf("%-28s %8.1f us per call\n", "getsockname (local)", (now() - t0) / n * 1e6);
  return 0;
}
