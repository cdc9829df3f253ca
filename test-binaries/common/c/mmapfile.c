/* mmapfile.c - file-backed mappings: MAP_PRIVATE (copy-on-write, file
 * unchanged), MAP_SHARED (writes reach the file, msync), a mapping at a
 * page offset, mprotect to read-only then a write caught as SIGSEGV,
 * munmap, and mapping past EOF (SIGBUS). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf jb;
static void on_sig(int sig) { siglongjmp(jb, sig); }

int main(void)
{
    char dir[64] = "/tmp/nodemu-mmap-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char path[128];
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    static char page[3 * 4096];
    for (size_t i = 0; i < sizeof page; i++) page[i] = (char)('a' + i % 26);
    write(fd, page, sizeof page);

    char *p = mmap(NULL, sizeof page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) { perror("mmap private"); return 1; }
    printf("private: first=%c at 5000=%c\n", p[0], p[5000]);
    p[0] = 'X';
    char c;
    pread(fd, &c, 1, 0);
    printf("private write visible in map=%c, file still=%c\n", p[0], c);
    munmap(p, sizeof page);

    char *s = mmap(NULL, sizeof page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (s == MAP_FAILED) { perror("mmap shared"); return 1; }
    memcpy(s + 100, "SHARED", 6);
    msync(s, sizeof page, MS_SYNC);
    char buf[7] = {0};
    pread(fd, buf, 6, 100);
    printf("shared write reached file: %s\n", buf);
    pwrite(fd, "FILE", 4, 200);
    printf("file write visible in shared map: %.4s\n", s + 200);
    munmap(s, sizeof page);

    char *o = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 8192);
    printf("offset 8192 map: %.5s (expect %.5s)\n", o, page + 8192);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    w[0] = 1;
    mprotect(w, 4096, PROT_READ);
    int r = sigsetjmp(jb, 1);
    if (r == 0) {
        w[1] = 2;
        printf("write to read-only page did not fault\n");
    } else {
        printf("write to read-only page: signal %d, value kept=%d\n", r, w[0]);
    }
    mprotect(w, 4096, PROT_READ | PROT_WRITE);
    w[1] = 3;
    printf("after mprotect rw: %d\n", w[1]);
    munmap(w, 4096);
    r = sigsetjmp(jb, 1);
    if (r == 0) {
        w[0] = 5;
        printf("write to unmapped page did not fault\n");
    } else {
        printf("write to unmapped page: signal %d\n", r);
    }

    /* a mapping larger than the file: touching a page past EOF is SIGBUS */
    ftruncate(fd, 4096);
    char *big = mmap(NULL, 3 * 4096, PROT_READ, MAP_SHARED, fd, 0);
    printf("inside EOF ok: %c\n", big[10]);
    r = sigsetjmp(jb, 1);
    if (r == 0) {
        volatile char x = big[2 * 4096 + 1];
        (void)x;
        printf("read past EOF did not fault\n");
    } else {
        printf("read past EOF: signal %d\n", r);
    }
    munmap(big, 3 * 4096);
    munmap(o, 4096);
    close(fd);
    unlink(path);
    rmdir(dir);
    return 0;
}
