/* hotloop.c - a deterministic hot loop for the plugin tests (tests/e2e/plugins.test.ts):
 * spin(n) runs an LCG n times in one small loop; "hotloop N fork" also runs
 * spin(N/2) in a forked child first. Prints the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned sink;

__attribute__((noinline)) unsigned spin(unsigned n) {
  unsigned x = 1;
  for (unsigned i = 0; i < n; i++) x = x * 1103515245u + 12345u;
  return x;
}

int main(int argc, char **argv) {
  unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 100000;
  if (argc > 2 && strcmp(argv[2], "fork") == 0) {
    pid_t p = fork();
    if (p == 0) { sink = spin(n / 2); _exit(0); }
    waitpid(p, 0, 0);
  }
  printf("%u\n", spin(n));
  return 0;
}
