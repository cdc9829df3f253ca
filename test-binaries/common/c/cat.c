/* cat.c - copies stdin to stdout with read(2) in small chunks, then prints
 * byte/line counts and a checksum to stderr; exits 0 at EOF. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char buf[1000];
    long bytes = 0, lines = 0;
    unsigned long sum = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n') lines++;
            sum = sum * 31 + (unsigned char)buf[i];
        }
        bytes += n;
        ssize_t off = 0;
        while (off < n) {
            ssize_t w = write(1, buf + off, n - off);
            if (w <= 0) return 1;
            off += w;
        }
    }
    fprintf(stderr, "bytes=%ld lines=%ld sum=%lu eof_rc=%zd\n", bytes, lines, sum, n);
    return n < 0 ? 1 : 0;
}
