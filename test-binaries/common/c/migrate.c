/* The first process starts on nodemu's main thread and moves into a worker at its first
 * "host" system call (docs/PROCESSES.md). State made before the move must survive it:
 * an open file and its offset, dup'ed fds, brk and mmap memory, the signal mask, umask,
 * the cwd; and an fd must still close for good (holder counts moved, not doubled). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    char dir[] = "/tmp/nodemu-migrate-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    if (chdir(dir) != 0) { perror("chdir"); return 1; }
    umask(027);
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0666);
    write(fd, "before-", 7);
    int fd2 = dup(fd);
    char *heap = malloc(1 << 20);
    strcpy(heap, "heap survives");
    char *map = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(map + 4096, "mmap survives");
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, 0);

    /* pipe() and fork() need the process host: the move happens here. */
    int p[2];
    if (pipe(p) != 0) { perror("pipe"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        write(fd2, "child-", 6); /* same description: the shared offset moves on */
        write(p[1], "x", 1);
        _exit(0);
    }
    close(p[1]);
    char c;
    printf("pipe read %d\n", (int)read(p[0], &c, 1));
    printf("pipe eof %d\n", (int)read(p[0], &c, 1)); /* 0 only if every write end closed */
    int st;
    waitpid(pid, &st, 0);
    printf("child exited %d\n", WEXITSTATUS(st));
    write(fd, "after", 5);
    printf("offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    char buf[64] = { 0 };
    pread(fd, buf, sizeof buf - 1, 0);
    printf("file: %s\n", buf);
    struct stat sb;
    fstat(fd, &sb);
    printf("mode %o\n", (unsigned)(sb.st_mode & 0777));
    printf("%s, %s\n", heap, map + 4096);
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    printf("SIGUSR1 still blocked: %d\n", sigismember(&now, SIGUSR1));
    char cwd[256];
    printf("cwd kept: %d\n", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
    close(fd);
    close(fd2);
    unlink("data");
    chdir("/");
    printf("rmdir %d\n", rmdir(dir));
    return 0;
}
