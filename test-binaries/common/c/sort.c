/* sort.c - qsort on ints, strings and structs (stable ordering key),
 * bsearch hits and misses. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}
struct rec { int key; int seq; double val; };
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int main(void)
{
    enum { N = 5000 };
    static int a[N];
    uint32_t r = 12345;
    for (int i = 0; i < N; i++) {
        r = r * 1103515245u + 12345u;
        a[i] = (int)(r >> 1) - (1 << 30);
    }
    qsort(a, N, sizeof a[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < N; i++) if (a[i - 1] > a[i]) sorted = 0;
    long long sum = 0;
    for (int i = 0; i < N; i++) sum += a[i] % 1000;
    printf("ints sorted=%d min=%d max=%d median=%d sum=%lld\n", sorted, a[0], a[N - 1],
           a[N / 2], sum);

    int hits = 0;
    for (int i = 0; i < N; i += 97) {
        int *f = bsearch(&a[i], a, N, sizeof a[0], cmp_int);
        if (f && *f == a[i]) hits++;
    }
    int missing = 7;
    while (bsearch(&missing, a, N, sizeof a[0], cmp_int)) missing += 2;
    printf("bsearch hits=%d miss=%s\n", hits,
           bsearch(&missing, a, N, sizeof a[0], cmp_int) ? "found" : "null");

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry",
                           "grape", "apple pie", "Apple", "zucchini", ""};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (size_t i = 0; i < nw; i++) printf("word[%zu]='%s'\n", i, words[i]);
    const char *key = "date";
    const char **w = bsearch(&key, words, nw, sizeof words[0], cmp_str);
    printf("bsearch word: %s at %td\n", w ? *w : "(none)", w ? w - words : -1);

    static struct rec recs[300];
    for (int i = 0; i < 300; i++) {
        recs[i].key = (i * 37) % 11;
        recs[i].seq = i;
        recs[i].val = i * 0.5;
    }
    qsort(recs, 300, sizeof recs[0], cmp_rec);
    double acc = 0;
    for (int i = 0; i < 300; i++) acc = acc * 0.5 + recs[i].val * (i % 3);
    printf("recs first=(%d,%d) last=(%d,%d) acc=%.6f\n", recs[0].key, recs[0].seq,
           recs[299].key, recs[299].seq, acc);

    /* degenerate inputs */
    int one = 5;
    qsort(&one, 1, sizeof one, cmp_int);
    int same[64];
    qsort(same, 0, sizeof one, cmp_int);
    for (int i = 0; i < 64; i++) same[i] = 3;
    qsort(same, 64, sizeof same[0], cmp_int);
    printf("degenerate ok=%d\n", one == 5 && same[0] == 3 && same[63] == 3);
    return 0;
}
