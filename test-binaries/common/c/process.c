/* process.c - processes: fork + waitpid (exit status, signal status),
 * a pipe between parent and child, getppid in the child, copy-on-write
 * memory, wait without children. Output order is made deterministic by
 * waiting before printing. (No execve of a guest binary: under qemu that
 * depends on the host's binfmt_misc registration.) */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t me = getpid();

    pid_t pid = fork();
    if (pid == 0) {
        _exit(getppid() == me ? 42 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("fork: child exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    pid = fork();
    if (pid == 0) {
        raise(SIGKILL);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("child killed: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));

    int fds[2];
    pipe(fds);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char msg[] = "message through the pipe";
        write(fds[1], msg, sizeof msg);
        _exit(0);
    }
    close(fds[1]);
    char buf[64] = {0};
    ssize_t n = read(fds[0], buf, sizeof buf);
    waitpid(pid, &st, 0);
    printf("pipe: %zd bytes '%s' eof=%zd\n", n, buf, read(fds[0], buf, 1));
    close(fds[0]);

    /* memory is copied, not shared, after fork */
    static int shared_var = 1;
    pid = fork();
    if (pid == 0) {
        shared_var = 99;
        _exit(shared_var);
    }
    waitpid(pid, &st, 0);
    printf("after fork child wrote %d, parent still sees %d\n", WEXITSTATUS(st), shared_var);

    printf("wait with no children: %d\n", (int)wait(&st));
    return 0;
}
