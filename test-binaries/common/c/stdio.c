/* stdio.c - printf family: integers of every width and base, floats with
 * %f %e %g %a, strings with width/precision, snprintf truncation and
 * return values, fputs/putchar/fwrite, stderr output, mixed buffering. */
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    printf("ints: %d %i %u %x %X %o\n", -42, 42, 42u, 0xbeef, 0xbeef, 8);
    printf("limits: %d %d %u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("long: %ld %lu %lx\n", LONG_MIN, ULONG_MAX, (unsigned long)LONG_MAX);
    printf("long long: %lld %llu\n", LLONG_MIN, ULLONG_MAX);
    printf("short/char: %hd %hhd %hu %hhu\n", (short)-32768, (signed char)-128,
           (unsigned short)65535, (unsigned char)255);
    printf("inttypes: %" PRId64 " %" PRIu32 " %" PRIx16 "\n", (int64_t)-1,
           (uint32_t)4000000000u, (uint16_t)0xabcd);
    printf("width: [%8d] [%-8d] [%08d] [%+d] [% d] [%#x] [%#o]\n", 42, 42, 42, 42, 42,
           255, 8);
    printf("size_t: %zu ptrdiff: %td\n", sizeof(long double), (ptrdiff_t)-7);
    printf("char: %c%c%c\n", 'a', 'b', 'c');
    printf("percent: 100%%\n");

    double vals[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300,
                     123456789.125, 0.1, 2.5e-5, 1.0 / 3.0};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("f=%f e=%e g=%g a=%a .3f=%.3f .10g=%.10g 12.4e=[%12.4e]\n", v, v, v, v,
               v, v, v);
    }
    printf("float arg: %f %g\n", 1.25f, 3.0e10f);
    volatile double zero = 0.0, mone = -1.0;
    /* RISC-V arithmetic returns the canonical (positive) NaN */
    printf("special: %f %f %f %f %g %e\n", 1.0 / zero, mone / zero, zero / zero,
           (zero / zero) * mone, __builtin_inf(), -__builtin_inf());
    printf("long double: %Lf %Lg %.25Le\n", (long double)1 / 3, (long double)2.5e100L,
           (long double)1 / 3);

    printf("strings: [%s] [%10s] [%-10s] [%.3s] [%*s] [%-*.*s]\n", "abc", "right", "left",
           "truncate", 6, "star", 8, 2, "xyz");

    char buf[32];
    int n = snprintf(buf, sizeof buf, "%s-%d-%.2f", "snprintf", 12345, 2.71828);
    printf("snprintf: '%s' n=%d\n", buf, n);
    volatile size_t small = 8;
    n = snprintf(buf, small, "%s", "this is longer than eight");
    printf("truncated: '%s' n=%d len=%zu\n", buf, n, strlen(buf));
    n = snprintf(NULL, 0, "%d %s", 1234567, "count");
    printf("size query: %d\n", n);

    int nn = 0;
    printf("%s%n", "abcdef", &nn);
    printf(" (%%n=%d)\n", nn);

    fputs("fputs line\n", stdout);
    putchar('P');
    putchar('\n');
    fwrite("fwrite\n", 1, 7, stdout);
    fflush(stdout);
    fprintf(stderr, "stderr: %d %s\n", 7, "message");
    printf("after stderr\n");
    return 0;
}
