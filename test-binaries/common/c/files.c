/* files.c - file I/O in a fresh mkdtemp directory under /tmp: open/creat,
 * write/read, lseek (SEEK_SET/CUR/END, holes), pread/pwrite, fstat/stat,
 * ftruncate, rename, link count, unlink, stdio fopen/fgets/fseek/ftell,
 * O_APPEND, O_EXCL, dup/dup2. Only deterministic facts are printed (never
 * the directory name, inode numbers or times). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static char path_buf[128];
static const char *in_dir(const char *name)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", dir, name);
    return path_buf;
}

#define CHECK(cond) do { if (!(cond)) { printf("FAILED: %s (line %d, errno %d)\n", #cond, __LINE__, errno); return 1; } } while (0)

int main(void)
{
    umask(022);
    strcpy(dir, "/tmp/nodemu-files-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    printf("temp dir created\n");

    char a[128], b[128];
    strcpy(a, in_dir("data.bin"));
    int fd = open(a, O_CREAT | O_RDWR | O_TRUNC, 0640);
    CHECK(fd >= 0);
    const char msg[] = "0123456789abcdefghij";
    printf("write=%zd\n", write(fd, msg, 20));
    printf("lseek cur=%ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("lseek set=%ld\n", (long)lseek(fd, 5, SEEK_SET));
    char rb[64] = {0};
    printf("read=%zd '%s'\n", read(fd, rb, 5), rb);
    printf("lseek end-3=%ld\n", (long)lseek(fd, -3, SEEK_END));
    memset(rb, 0, sizeof rb);
    printf("read tail=%zd '%s'\n", read(fd, rb, 10), rb);
    printf("read at eof=%zd\n", read(fd, rb, 10));
    /* a hole: write past the end */
    printf("lseek hole=%ld\n", (long)lseek(fd, 100, SEEK_SET));
    printf("write after hole=%zd\n", write(fd, "END", 3));
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("fstat size=%ld mode=%o regular=%d nlink=%ld\n", (long)st.st_size,
           st.st_mode & 0777, S_ISREG(st.st_mode), (long)st.st_nlink);
    memset(rb, 'x', sizeof rb);
    printf("pread hole=%zd bytes:", pread(fd, rb, 6, 18));
    for (int i = 0; i < 6; i++) printf(" %02x", (unsigned char)rb[i]);
    printf("\n");
    printf("pwrite=%zd\n", pwrite(fd, "XY", 2, 1));
    printf("offset unchanged by pread/pwrite=%ld\n", (long)lseek(fd, 0, SEEK_CUR));
    CHECK(ftruncate(fd, 10) == 0);
    CHECK(fstat(fd, &st) == 0);
    printf("after ftruncate size=%ld\n", (long)st.st_size);
    lseek(fd, 0, SEEK_SET);
    memset(rb, 0, sizeof rb);
    printf("content='%.*s'\n", (int)read(fd, rb, sizeof rb), rb);

    int fd2 = dup(fd);
    printf("dup shares offset=%ld\n", (long)lseek(fd2, 0, SEEK_CUR));
    int fd3 = dup2(fd, 20);
    printf("dup2 fd=%d\n", fd3);
    close(fd2);
    close(fd3);
    CHECK(close(fd) == 0);
    printf("close twice errno=%s\n", close(fd) == -1 && errno == EBADF ? "EBADF" : "?");

    /* O_EXCL on an existing file */
    int e = open(a, O_CREAT | O_EXCL | O_WRONLY, 0600);
    printf("O_EXCL existing: %s\n", e < 0 && errno == EEXIST ? "EEXIST" : "unexpected");

    /* O_APPEND */
    fd = open(a, O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    lseek(fd, 0, SEEK_SET);
    write(fd, "+app", 4);
    close(fd);
    CHECK(stat(a, &st) == 0);
    printf("after append size=%ld\n", (long)st.st_size);

    /* rename, hard link, unlink */
    strcpy(b, in_dir("renamed.bin"));
    CHECK(rename(a, b) == 0);
    printf("old name gone=%d\n", access(a, F_OK) == -1 && errno == ENOENT);
    char l[128];
    strcpy(l, in_dir("link.bin"));
    CHECK(link(b, l) == 0);
    CHECK(stat(b, &st) == 0);
    printf("nlink after link=%ld\n", (long)st.st_nlink);
    CHECK(unlink(l) == 0);
    CHECK(stat(b, &st) == 0);
    printf("nlink after unlink=%ld\n", (long)st.st_nlink);

    /* stdio on the same file */
    FILE *f = fopen(b, "r+");
    CHECK(f != NULL);
    char line[64];
    CHECK(fgets(line, sizeof line, f) != NULL);
    printf("fgets='%s'\n", line);
    fseek(f, 2, SEEK_SET);
    printf("ftell=%ld fgetc=%c\n", ftell(f), fgetc(f));
    fseek(f, 0, SEEK_END);
    fprintf(f, "\nline two %d\n", 2);
    printf("ftell end=%ld\n", ftell(f));
    fclose(f);
    f = fopen(b, "r");
    int lines = 0;
    while (fgets(line, sizeof line, f)) lines++;
    printf("lines=%d\n", lines);
    fclose(f);

    /* a larger file written and read back in chunks */
    strcpy(a, in_dir("big.bin"));
    fd = open(a, O_CREAT | O_RDWR, 0600);
    static unsigned char chunk[10000];
    for (int i = 0; i < 10000; i++) chunk[i] = (unsigned char)(i * 31 + 7);
    for (int i = 0; i < 20; i++) CHECK(write(fd, chunk, sizeof chunk) == (ssize_t)sizeof chunk);
    lseek(fd, 0, SEEK_SET);
    unsigned long sum = 0;
    ssize_t n;
    long total = 0;
    static unsigned char rbuf[4096];
    while ((n = read(fd, rbuf, sizeof rbuf)) > 0) {
        for (ssize_t i = 0; i < n; i++) sum = sum * 33 + rbuf[i];
        total += n;
    }
    printf("big file total=%ld sum=%lu\n", total, sum);
    close(fd);
    CHECK(unlink(a) == 0);

    CHECK(unlink(b) == 0);
    printf("unlink missing: %s\n", unlink(b) == -1 && errno == ENOENT ? "ENOENT" : "?");
    CHECK(rmdir(dir) == 0);
    printf("temp dir removed=%d\n", access(dir, F_OK) == -1);
    return 0;
}
