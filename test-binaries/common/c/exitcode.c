/* exitcode.c - exit statuses: "exitcode N" calls exit(N) (N taken modulo
 * 256 by the kernel), "exitcode ret N" returns N from main, "exitcode
 * _exit N" uses _exit (stdio buffer NOT flushed), "exitcode atexit N"
 * runs atexit handlers before exiting. With no argument returns 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void handler1(void) { printf("atexit handler 1\n"); }
static void handler2(void) { printf("atexit handler 2 (runs first)\n"); }

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("no argument: return 0\n");
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "ret") == 0) {
        printf("returning %s from main\n", argv[2]);
        return atoi(argv[2]);
    }
    if (argc >= 3 && strcmp(argv[1], "_exit") == 0) {
        printf("this buffered line is lost");   /* stdout is a pipe: fully buffered */
        _exit(atoi(argv[2]));
    }
    if (argc >= 3 && strcmp(argv[1], "atexit") == 0) {
        atexit(handler1);
        atexit(handler2);
        printf("exiting with %s via exit()\n", argv[2]);
        exit(atoi(argv[2]));
    }
    int n = atoi(argv[1]);
    printf("exit(%d)\n", n);
    exit(n);
}
