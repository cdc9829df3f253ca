/* orphans.c - what happens to a process whose parent exits: it keeps
 * running and is reparented to the nearest child subreaper
 * (prctl PR_SET_CHILD_SUBREAPER), which can wait for it; a process group
 * that an exit leaves orphaned with a stopped member gets SIGHUP, then
 * SIGCONT. Grandchildren report through pipes, so the output order does not
 * depend on scheduling. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int report[2];
static void note(int sig) { char c = sig == SIGHUP ? 'H' : 'C'; write(report[1], &c, 1); }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe(report);
    pid_t me = getpid();
    int st;

    /* A subreaper adopts its orphaned grandchild. */
    printf("set subreaper: %d\n", prctl(PR_SET_CHILD_SUBREAPER, 1));
    int flag = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &flag);
    printf("get subreaper: %d\n", flag);
    int go[2];
    pipe(go);
    pid_t child = fork();
    if (child == 0) {
        pid_t g = fork();
        if (g == 0) {
            char c;
            read(go[0], &c, 1); /* until the parent has exited */
            pid_t pp = getppid();
            write(report[1], pp == me ? "A" : "?", 1);
            _exit(7);
        }
        write(report[1], &g, sizeof g);
        _exit(1);
    }
    pid_t g;
    read(report[0], &g, sizeof g);
    waitpid(child, &st, 0);
    printf("child exited %d; grandchild still running: %d\n", WEXITSTATUS(st), kill(g, 0) == 0);
    write(go[1], "g", 1);
    char c = 0;
    read(report[0], &c, 1);
    printf("grandchild's parent is now us: %c\n", c);
    pid_t r = waitpid(-1, &st, 0);
    printf("adopted grandchild reaped by us: %d, exited %d\n", r == g, WEXITSTATUS(st));

    /* Without a subreaper: an orphaned stopped group gets SIGHUP and SIGCONT. */
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    child = fork();
    if (child == 0) {
        setpgid(0, 0);
        pid_t g = fork();
        if (g == 0) {
            signal(SIGHUP, note);
            signal(SIGCONT, note);
            raise(SIGSTOP);
            write(report[1], "E", 1);
            _exit(0);
        }
        waitpid(g, &st, WUNTRACED);
        _exit(WIFSTOPPED(st) ? 2 : 3);
    }
    waitpid(child, &st, 0);
    printf("child saw its child stopped: %d\n", WEXITSTATUS(st) == 2);
    char got[4] = { 0 };
    for (int i = 0; i < 3; i++) read(report[0], &got[i], 1);
    printf("orphaned stopped grandchild: %s\n", got);
    return 0;
}
