/* errno.c - error reporting: open of a missing file gives ENOENT, printed
 * with strerror to stdout and perror to stderr; other errno values (EBADF,
 * EISDIR, ENOTDIR, EINVAL) and strerror texts; exits with status 2. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    int fd = open("/nonexistent-nodemu-dir/missing-file.txt", O_RDONLY);
    int e = errno;
    printf("open returned %d errno=%d (%s) is ENOENT=%d\n", fd, e, strerror(e), e == ENOENT);
    errno = e;
    perror("open /nonexistent-nodemu-dir/missing-file.txt");

    char c;
    printf("read bad fd: %zd %s\n", read(-1, &c, 1), strerror(errno));
    fd = open("/", O_WRONLY);
    printf("open / for writing: %d %s\n", fd, errno == EISDIR ? "EISDIR" : strerror(errno));
    fd = open("/proc/self/exe/x", O_RDONLY);
    printf("path through a file: %d %s\n", fd, errno == ENOTDIR ? "ENOTDIR" : strerror(errno));
    printf("lseek invalid whence: %ld %s\n", (long)lseek(0, 0, 12345),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    for (int i = 1; i <= 5; i++) printf("strerror(%d)=%s\n", i, strerror(i));
    fprintf(stderr, "errno test finished with an error\n");
    return 2;
}
