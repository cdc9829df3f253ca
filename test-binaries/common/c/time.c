/* time.c - clocks: clock_gettime(CLOCK_MONOTONIC/REALTIME/PROCESS_CPUTIME)
 * non-decreasing and in range, time() and gettimeofday() sane and agreeing,
 * nanosleep of 20 ms actually sleeps (measured with CLOCK_MONOTONIC),
 * clock_getres, localtime/gmtime/strftime of a fixed timestamp. Only
 * deterministic facts are printed. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static double ts(const struct timespec *t) { return t->tv_sec + t->tv_nsec / 1e9; }

int main(void)
{
    struct timespec a, b, r;
    int ok = clock_gettime(CLOCK_MONOTONIC, &a) == 0;
    int nondecreasing = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
            nondecreasing = 0;
        a = b;
    }
    printf("monotonic ok=%d nondecreasing=%d nsec in range=%d\n", ok, nondecreasing,
           b.tv_nsec >= 0 && b.tv_nsec < 1000000000);

    time_t now = time(NULL);
    printf("time() after 2020=%d before 2100=%d\n", now > 1577836800, now < 4102444800);
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("realtime agrees with time()=%d gettimeofday agrees=%d usec in range=%d\n",
           rt.tv_sec - now >= 0 && rt.tv_sec - now <= 5, tv.tv_sec - now >= 0 && tv.tv_sec - now <= 5,
           tv.tv_usec >= 0 && tv.tv_usec < 1000000);

    struct timespec c0, c1;
    printf("process cputime ok=%d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0) == 0);
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 1000000; i++) x += i;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("cputime nondecreasing=%d\n", ts(&c1) >= ts(&c0));

    printf("getres monotonic ok=%d positive=%d\n", clock_getres(CLOCK_MONOTONIC, &r) == 0,
           r.tv_sec > 0 || r.tv_nsec > 0);

    struct timespec s0, s1, req = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &s0);
    int rc = nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &s1);
    double slept = ts(&s1) - ts(&s0);
    printf("nanosleep rc=%d slept>=19ms=%d slept<5s=%d\n", rc, slept >= 0.019, slept < 5.0);

    time_t fixed = 1000000000;  /* 2001-09-09 01:46:40 UTC */
    struct tm g;
    gmtime_r(&fixed, &g);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &g);
    printf("gmtime: %s\n", buf);
    printf("mktime roundtrip (UTC via timegm)=%d\n", timegm(&g) == fixed);
    printf("difftime=%.1f\n", difftime(fixed + 90, fixed));
    return 0;
}
