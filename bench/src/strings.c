/* strings.c - nodemu benchmark suite: string processing with the C library.
 *
 * Each round builds a ~48 KiB text of generated words, numbers (decimal,
 * negative, hex) and punctuation with snprintf, then:
 *   - tokenises it with strtok_r; numbers go through strtoll (base 0),
 *     words are looked up in a sorted dictionary with bsearch + strcmp;
 *   - counts pattern occurrences with strstr and strchr;
 *   - finds repeated 12-byte windows with memcmp against a sample;
 *   - sorts the distinct-looking tokens with qsort + strcmp and
 *     re-formats a summary line per 64 tokens with snprintf / strlen.
 * Everything is folded into a 32-bit checksum.
 *
 * Usage: strings [rounds]   (default 60). Portable: no plain-char arithmetic,
 * 64-bit integers are long long. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rs;
static uint32_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 17;
    rs ^= rs << 5;
    return rs;
}

static const char *const syll[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "qua", "zen", "bri", "dor", "ex", "fy", "gal", "hum"};

#define TEXT_MAX (48 * 1024)
static char text[TEXT_MAX + 256], work[TEXT_MAX + 256];

#define DICT_N 96
static char dict_store[DICT_N][16];
static const char *dict[DICT_N];

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void make_word(char *out, uint32_t r)
{
    int n = 1 + (int)(r % 3);
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        r /= 3;
        strcat(out, syll[(r >> (i * 4)) & 15]);
    }
}

static void build_dict(void)
{
    rs = 0xdeadbeefu;
    for (int i = 0; i < DICT_N; i++) {
        make_word(dict_store[i], rnd());
        dict[i] = dict_store[i];
    }
    qsort(dict, DICT_N, sizeof dict[0], cmp_str);
}

static size_t build_text(uint32_t round)
{
    rs = 0x9e3779b9u ^ (round * 0x85ebca6bu);
    size_t len = 0;
    char word[64];
    while (len < TEXT_MAX) {
        uint32_t r = rnd();
        int n;
        switch (r & 15) {
        case 0: n = snprintf(text + len, 64, "%lld", (long long)(int32_t)rnd() * 977); break;
        case 1: n = snprintf(text + len, 64, "0x%x", rnd() & 0xfffff); break;
        case 2: n = snprintf(text + len, 64, "-%u", rnd() % 100000); break;
        case 3: n = snprintf(text + len, 64, "%05u.", rnd() % 1000); break;
        default:
            make_word(word, r >> 4);
            if ((r & 0x300) == 0) word[0] = (char)(word[0] - 'a' + 'A');
            n = snprintf(text + len, 64, "%s", word);
            break;
        }
        len += (size_t)n;
        uint32_t p = rnd() % 20;
        text[len++] = p == 0 ? ',' : p == 1 ? '.' : p == 2 ? '\n' : p == 3 ? ';' : ' ';
    }
    text[len] = 0;
    return len;
}

#define TOK_MAX 16384
static const char *toks[TOK_MAX];

static uint32_t fold(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }

static uint32_t round_work(uint32_t round)
{
    size_t len = build_text(round);
    uint32_t h = 0x811c9dc5u ^ (uint32_t)len;

    /* tokenise */
    memcpy(work, text, len + 1);
    char *save = NULL;
    int ntok = 0, words = 0, found = 0;
    long long numsum = 0;
    for (char *t = strtok_r(work, " ,.;\n", &save); t; t = strtok_r(NULL, " ,.;\n", &save)) {
        unsigned char c0 = (unsigned char)t[0];
        if ((c0 >= '0' && c0 <= '9') || c0 == '-') {
            char *end;
            long long v = strtoll(t, &end, 0);
            numsum += v ^ (long long)(end - t);
        } else {
            words++;
            const char *key = t;
            if (bsearch(&key, dict, DICT_N, sizeof dict[0], cmp_str)) found++;
            if (ntok < TOK_MAX) toks[ntok++] = t;
        }
    }
    h = fold(h, (uint32_t)words);
    h = fold(h, (uint32_t)found);
    h = fold(h, (uint32_t)(numsum ^ (numsum >> 32)));

    /* pattern search */
    static const char *const pats[] = {"kalo", "zen", "Qua", "0x1", "sa ti", "hum\n", "-9", "exfy"};
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        uint32_t cnt = 0;
        for (const char *s = text; (s = strstr(s, pats[p])) != NULL; s++) cnt++;
        h = fold(h, cnt);
    }
    uint32_t lines = 0;
    for (const char *s = text; (s = strchr(s, '\n')) != NULL; s++) lines++;
    h = fold(h, lines);

    /* repeated windows: compare sampled 12-byte windows against one probe */
    uint32_t same = 0;
    for (size_t probe = 0; probe + 12 < len; probe += 4099)
        for (size_t i = probe + 1; i + 12 < len; i += 3)
            if (memcmp(text + probe, text + i, 12) == 0) same++;
    h = fold(h, same);

    /* sort the words and summarise */
    qsort(toks, (size_t)ntok, sizeof toks[0], cmp_str);
    char line[256];
    uint32_t total = 0;
    for (int i = 0; i < ntok; i += 64) {
        int n = snprintf(line, sizeof line, "%d:%s|%s|%lld;", i, toks[i], toks[ntok - 1 - i], numsum % 1000003);
        total += (uint32_t)n + (uint32_t)strlen(toks[i]);
        for (int j = 0; j < n; j++) h = fold(h, (unsigned char)line[j]);
    }
    return fold(h, total);
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 60;
    if (rounds < 1) rounds = 1;
    build_dict();
    uint32_t check = 0, last = 0;
    for (long r = 0; r < rounds; r++) {
        last = round_work((uint32_t)r);
        check = (check << 5 | check >> 27) ^ last;
    }
    printf("strings rounds=%ld\n", rounds);
    printf("last=%08x\n", last);
    printf("checksum=%08x\n", check);
    return 0;
}
