/* strings.c - <string.h>: strlen/strcmp/strncmp/memcmp/memcpy/memmove
 * (overlapping both ways)/memset/memchr/strchr/strrchr/strstr/strtok/
 * strspn/strcspn/strdup/strcat/strncpy, plus sprintf and strtol/strtoul. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int v) { return (v > 0) - (v < 0); }

int main(void)
{
    const char *s = "The quick brown fox jumps over the lazy dog";
    printf("strlen=%zu\n", strlen(s));
    printf("strlen empty=%zu\n", strlen(""));
    /* lengths around word boundaries, from every alignment */
    char lbuf[80];
    unsigned long lsum = 0;
    for (int off = 0; off < 8; off++)
        for (int len = 0; len < 40; len++) {
            memset(lbuf, 'x', sizeof lbuf);
            lbuf[off + len] = 0;
            lsum = lsum * 7 + strlen(lbuf + off);
        }
    printf("strlen sweep=%lu\n", lsum);

    printf("strcmp: %d %d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("abd", "abc")),
           sign(strcmp("abc", "abc")), sign(strcmp("ab", "abc")));
    printf("strcmp high bytes: %d\n", sign(strcmp("\x80", "\x7f")));
    printf("strncmp: %d %d\n", sign(strncmp("abcdef", "abcxyz", 3)),
           sign(strncmp("abcdef", "abcxyz", 4)));
    printf("memcmp: %d %d\n", sign(memcmp("\x01\x02\xff", "\x01\x02\x00", 3)),
           sign(memcmp("same", "same", 4)));

    char buf[64];
    memset(buf, 0, sizeof buf);
    memcpy(buf, "0123456789", 10);
    memmove(buf + 2, buf, 8);
    printf("memmove fwd overlap: %s\n", buf);
    memcpy(buf, "0123456789", 11);
    memmove(buf, buf + 3, 8);
    printf("memmove back overlap: %s\n", buf);
    memset(buf, '*', 5);
    buf[5] = 0;
    printf("memset: %s\n", buf);
    /* bulk memcpy at odd alignments */
    static char big1[4096], big2[4096];
    for (int i = 0; i < 4096; i++) big1[i] = (char)(i * 7 + 3);
    unsigned long csum = 0;
    for (int off = 0; off < 16; off++) {
        memcpy(big2 + off, big1 + (15 - off), 4000);
        for (int i = 0; i < 4096; i += 13) csum = csum * 3 + (unsigned char)big2[i];
    }
    printf("memcpy sweep=%lu\n", csum);

    const char *p = memchr(s, 'z', strlen(s));
    printf("memchr: %s\n", p);
    printf("strchr: %s\n", strchr(s, 'q'));
    printf("strrchr: %s\n", strrchr(s, 'o'));
    printf("strchr nul: %d\n", strchr(s, 0) == s + strlen(s));
    printf("strstr: %s\n", strstr(s, "fox"));
    printf("strstr missing: %p\n", (void *)strstr(s, "cat"));
    printf("strstr empty: %d\n", strstr(s, "") == s);
    printf("strspn=%zu strcspn=%zu\n", strspn("aaabbbccc", "ab"), strcspn("hello, world", ",!"));

    char tok[] = "  alpha,beta;;gamma , delta  ";
    int n = 0;
    for (char *t = strtok(tok, " ,;"); t; t = strtok(NULL, " ,;"))
        printf("token %d: '%s'\n", n++, t);

    char *d = strdup("duplicate me");
    printf("strdup: %s\n", d);
    free(d);
    char cat[64] = "con";
    strcat(cat, "cat");
    const char *ext = "enation-extra";
    volatile size_t seven = 7;
    strncat(cat, ext, seven);
    printf("strcat: %s\n", cat);
    char nc[8];
    strncpy(nc, "ab", sizeof nc);
    printf("strncpy pad: %d %d\n", nc[2], nc[7]);

    char out[128];
    int len = sprintf(out, "%s|%5d|%-5x|%c|%.2f", "sprintf", 42, 255, 'Z', 3.14159);
    printf("sprintf: %s (%d)\n", out, len);

    printf("strtol: %ld %ld %ld\n", strtol("-12345", NULL, 10), strtol("0x1f", NULL, 16),
           strtol("777", NULL, 8));
    printf("strtoul: %lu\n", strtoul("18446744073709551615", NULL, 10));
    char *end;
    long v = strtol("123abc", &end, 10);
    printf("strtol end: %ld '%s'\n", v, end);
    printf("atoi: %d\n", atoi("  -99"));
    printf("strtod: %.17g\n", strtod("2.718281828459045e0", NULL));
    return 0;
}
