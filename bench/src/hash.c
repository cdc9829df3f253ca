/* hash.c - nodemu benchmark suite: memory and hashing.
 *
 * Each round:
 *   - fills a 512 KiB buffer from a xorshift64 generator, then hashes it with
 *     FNV-1a (64-bit, byte at a time) and with a 4-lane multiply/rotate block
 *     hash (8-byte loads, 64-bit multiplies);
 *   - an open-addressing table of 64-bit keys (linear probing, tombstones):
 *     inserts, hit and miss lookups, deletes, re-inserts;
 *   - a chained table of short string keys (FNV-1a 32 + memcmp).
 * All results are folded into a 64-bit checksum.
 *
 * Usage: hash [rounds]   (default 150). Output is deterministic and the same on
 * every architecture (fixed-width types only). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;
static uint64_t xs64(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static inline uint64_t rotl64(uint64_t v, int r) { return (v << r) | (v >> (64 - r)); }

/* ---- block hashes ---- */
#define BUF_BYTES (512 * 1024)
static unsigned char buf[BUF_BYTES + 64];

static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static inline uint64_t load64le(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

/* Four independent accumulators over 32-byte stripes, then a tail and a final
 * avalanche; constants are odd 64-bit numbers picked for this file. */
#define M1 0xa24baed4963ee407ull
#define M2 0x9fb21c651e98df25ull
#define M3 0xc2b2ae3d27d4eb4full
static uint64_t lanes_hash(const unsigned char *p, size_t n, uint64_t seed)
{
    uint64_t a = seed + M1, b = seed ^ M2, c = seed - M3, d = rotl64(seed, 17) + M2;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = rotl64(a + load64le(p + i) * M2, 29) * M1;
        b = rotl64(b + load64le(p + i + 8) * M2, 29) * M1;
        c = rotl64(c + load64le(p + i + 16) * M2, 29) * M1;
        d = rotl64(d + load64le(p + i + 24) * M2, 29) * M1;
    }
    uint64_t h = rotl64(a, 1) + rotl64(b, 9) + rotl64(c, 21) + rotl64(d, 40) + (uint64_t)n;
    for (; i < n; i++) h = rotl64(h ^ (p[i] * M3), 11) * M1;
    h ^= h >> 31;
    h *= M3;
    h ^= h >> 29;
    h *= M2;
    h ^= h >> 32;
    return h;
}

/* ---- open addressing, 64-bit keys ---- */
#define OA_BITS 15
#define OA_SIZE (1u << OA_BITS)
#define EMPTY 0ull
#define TOMB 1ull
static uint64_t oa_keys[OA_SIZE];
static uint32_t oa_vals[OA_SIZE];
static uint32_t oa_probes;

static inline uint32_t oa_slot(uint64_t k) { return (uint32_t)((k * 0x9e3779b97f4a7c15ull) >> (64 - OA_BITS)); }

static void oa_put(uint64_t k, uint32_t v)
{
    uint32_t i = oa_slot(k), tomb = UINT32_MAX;
    for (;;) {
        oa_probes++;
        uint64_t cur = oa_keys[i];
        if (cur == k) { oa_vals[i] = v; return; }
        if (cur == EMPTY) break;
        if (cur == TOMB && tomb == UINT32_MAX) tomb = i;
        i = (i + 1) & (OA_SIZE - 1);
    }
    if (tomb != UINT32_MAX) i = tomb;
    oa_keys[i] = k;
    oa_vals[i] = v;
}

static int oa_get(uint64_t k, uint32_t *v)
{
    uint32_t i = oa_slot(k);
    for (;;) {
        oa_probes++;
        uint64_t cur = oa_keys[i];
        if (cur == k) { *v = oa_vals[i]; return 1; }
        if (cur == EMPTY) return 0;
        i = (i + 1) & (OA_SIZE - 1);
    }
}

static int oa_del(uint64_t k)
{
    uint32_t i = oa_slot(k);
    for (;;) {
        uint64_t cur = oa_keys[i];
        if (cur == k) { oa_keys[i] = TOMB; return 1; }
        if (cur == EMPTY) return 0;
        i = (i + 1) & (OA_SIZE - 1);
    }
}

#define NKEYS 20000
static uint64_t keys[NKEYS];

static uint64_t table_work(uint32_t round)
{
    memset(oa_keys, 0, sizeof oa_keys);
    oa_probes = 0;
    rng_state = 0x853c49e6748fea9bull ^ ((uint64_t)round << 32 | round);
    for (int i = 0; i < NKEYS; i++) {
        uint64_t k;
        do k = xs64(); while (k <= TOMB);
        keys[i] = k;
        oa_put(k, (uint32_t)i * 2654435761u);
    }
    uint64_t acc = 0;
    uint32_t v, hits = 0;
    for (int i = 0; i < NKEYS; i++)
        if (oa_get(keys[(i * 7919) % NKEYS], &v)) { hits++; acc += v; }
    for (int i = 0; i < NKEYS; i++)
        if (oa_get(keys[i] ^ 0x5555000000000000ull, &v)) hits += 1000;
    for (int i = 0; i < NKEYS; i += 2) oa_del(keys[i]);
    for (int i = 0; i < NKEYS; i += 4) oa_put(keys[i] + 2, (uint32_t)i);
    for (int i = 0; i < NKEYS; i++) {
        if (oa_get(keys[i], &v)) acc = rotl64(acc, 5) ^ v;
        if (oa_get(keys[i] + 2, &v)) acc += v * 3u;
    }
    return acc ^ ((uint64_t)hits << 40) ^ oa_probes;
}

/* ---- chained table, string keys ---- */
#define CH_BUCKETS 4096
#define CH_MAX 16384
struct entry { int32_t next; uint32_t count; uint8_t len; char key[15]; };
static int32_t heads[CH_BUCKETS];
static struct entry entries[CH_MAX];
static int n_entries;

static uint32_t fnv1a32(const char *s, size_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x01000193u;
    }
    return h;
}

static uint32_t intern(const char *s, size_t n)
{
    uint32_t b = fnv1a32(s, n) & (CH_BUCKETS - 1);
    for (int32_t e = heads[b]; e >= 0; e = entries[e].next)
        if (entries[e].len == n && memcmp(entries[e].key, s, n) == 0) return ++entries[e].count;
    if (n_entries == CH_MAX) return 0;
    struct entry *e = &entries[n_entries];
    e->len = (uint8_t)n;
    memcpy(e->key, s, n);
    e->count = 1;
    e->next = heads[b];
    heads[b] = n_entries++;
    return 1;
}

static uint64_t strtab_work(uint32_t round)
{
    static const char alpha[] = "etaoinshrdlucmfwypvbgkjqxz0123456789";
    memset(heads, 0xff, sizeof heads);
    n_entries = 0;
    rng_state = 0x2545f4914f6cdd1dull + round;
    uint64_t acc = 0;
    char key[16];
    for (int i = 0; i < 30000; i++) {
        uint64_t r = xs64();
        size_t n = 2 + (size_t)(r % 4);
        for (size_t j = 0; j < n; j++) {
            /* skewed letter choice: frequent letters first, so keys repeat */
            r >>= 5;
            unsigned idx = (unsigned)(r & 31) % (unsigned)(3 + j * 3);
            key[j] = alpha[idx];
        }
        acc += intern(key, n) * (uint64_t)(i & 63);
    }
    return acc ^ ((uint64_t)n_entries << 48);
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 150;
    if (rounds < 1) rounds = 1;
    uint64_t check = 0, f = 0, l = 0, t = 0, s = 0;
    for (long r = 0; r < rounds; r++) {
        rng_state = 0x9e3779b97f4a7c15ull * (uint64_t)(r + 1);
        for (size_t i = 0; i < BUF_BYTES; i += 8) {
            uint64_t v = xs64();
            memcpy(buf + i, &v, 8); /* host byte order is little-endian on every target here */
        }
        f = fnv1a64(buf, BUF_BYTES);
        l = lanes_hash(buf + (r & 7), BUF_BYTES - 13, (uint64_t)r);
        t = table_work((uint32_t)r);
        s = strtab_work((uint32_t)r);
        check = rotl64(check ^ f, 7) + (l ^ rotl64(t, 19)) * 31 + s;
    }
    printf("hash rounds=%ld\n", rounds);
    printf("last: fnv=%016llx lanes=%016llx table=%016llx strings=%016llx\n", (unsigned long long)f,
           (unsigned long long)l, (unsigned long long)t, (unsigned long long)s);
    printf("checksum=%016llx\n", (unsigned long long)check);
    return 0;
}
