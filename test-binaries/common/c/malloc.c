/* malloc.c - malloc/calloc/realloc/free stress driven by a deterministic
 * PRNG: thousands of live blocks of varied sizes (small bins through
 * mmap-sized), contents verified before free/realloc, a checksum printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256
#define ROUNDS 6000

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

struct slot {
    unsigned char *p;
    size_t size;
    unsigned char tag;
};

static size_t pick_size(void)
{
    uint64_t r = rng();
    switch (r % 16) {
    case 0: return 0;
    case 1: return 1 + (r >> 8) % 8;
    case 2: case 3: case 4: case 5: return 1 + (r >> 8) % 64;
    case 6: case 7: case 8: return 64 + (r >> 8) % 512;
    case 9: case 10: return 512 + (r >> 8) % 4096;
    case 11: return 4096 + (r >> 8) % 65536;
    case 12: return (r >> 40) % 4 ? 100 : 128 * 1024 + (r >> 8) % (128 * 1024);   /* mmap threshold */
    default: return 16 + (r >> 8) % 200;
    }
}

static int verify(const struct slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        if (s->p[i] != (unsigned char)(s->tag + i))
            return 0;
    return 1;
}

static void fill(struct slot *s, size_t from)
{
    for (size_t i = from; i < s->size; i++)
        s->p[i] = (unsigned char)(s->tag + i);
}

int main(void)
{
    static struct slot slots[SLOTS];
    uint64_t checksum = 0;
    unsigned long mallocs = 0, reallocs = 0, frees = 0, callocs = 0, bad = 0;

    for (int round = 0; round < ROUNDS; round++) {
        struct slot *s = &slots[rng() % SLOTS];
        uint64_t op = rng() % 10;
        if (s->p && !verify(s))
            bad++;
        if (!s->p || op < 3) {
            free(s->p);
            if (s->p) frees++;
            s->size = pick_size();
            s->tag = (unsigned char)rng();
            if (op == 0) {
                s->p = calloc(1, s->size ? s->size : 1);
                callocs++;
                for (size_t i = 0; i < s->size; i++)
                    if (s->p[i] != 0) bad++;
            } else {
                s->p = malloc(s->size ? s->size : 1);
                mallocs++;
            }
            if (!s->p) { printf("allocation failed\n"); return 1; }
            fill(s, 0);
        } else if (op < 7) {
            size_t old = s->size;
            size_t nsize = pick_size();
            unsigned char *np = realloc(s->p, nsize ? nsize : 1);
            if (!np) { printf("realloc failed\n"); return 1; }
            reallocs++;
            s->p = np;
            s->size = nsize;
            size_t keep = old < nsize ? old : nsize;
            for (size_t i = 0; i < keep; i++)
                if (s->p[i] != (unsigned char)(s->tag + i)) { bad++; break; }
            fill(s, keep);
        } else {
            for (size_t i = 0; i < s->size; i += 7)
                checksum = checksum * 31 + s->p[i];
            checksum += s->size;
        }
    }
    size_t live = 0, bytes = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            if (!verify(&slots[i])) bad++;
            live++;
            bytes += slots[i].size;
            free(slots[i].p);
            frees++;
        }
    }
    /* allocation pattern that grows one block repeatedly */
    char *grow = NULL;
    size_t glen = 0;
    for (int i = 0; i < 600; i++) {
        grow = realloc(grow, glen + 37);
        memset(grow + glen, 'a' + i % 26, 37);
        glen += 37;
    }
    uint64_t gsum = 0;
    for (size_t i = 0; i < glen; i++) gsum = gsum * 131 + (unsigned char)grow[i];
    free(grow);

    printf("mallocs=%lu callocs=%lu reallocs=%lu frees=%lu\n", mallocs, callocs, reallocs, frees);
    printf("live at end=%zu bytes=%zu\n", live, bytes);
    printf("checksum=%016llx grow=%016llx\n", (unsigned long long)checksum,
           (unsigned long long)gsum);
    printf("verification errors=%lu\n", bad);
    return bad ? 1 : 0;
}
