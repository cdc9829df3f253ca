/* bench.c - nodemu's own CPU-bound benchmark (integer work only, in the
 * spirit of small embedded benchmarks): each iteration runs
 *   - a linked-list workload: build, merge-sort by two keys, search, reverse
 *   - a 24x24 integer matrix multiply with add/scale passes
 *   - a bitwise CRC-32 over a 2 KiB buffer and a table-driven CRC-16
 *   - a character-class state machine scanning numeric tokens
 * and folds every result into a running checksum. Usage: bench [iterations]
 * (default 1200, about 3 s under qemu-riscv64 or qemu-aarch64). Output is deterministic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- list ---- */
struct node { struct node *next; int32_t key; int32_t data; };

#define LIST_N 600
static struct node pool[LIST_N];

static uint32_t seed32;
static uint32_t lcg(void) { seed32 = seed32 * 1664525u + 1013904223u; return seed32 >> 8; }

static struct node *merge(struct node *a, struct node *b, int by_data)
{
    struct node head, *t = &head;
    while (a && b) {
        int32_t ka = by_data ? a->data : a->key, kb = by_data ? b->data : b->key;
        if (ka <= kb) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}

static struct node *msort(struct node *l, int by_data)
{
    if (!l || !l->next) return l;
    struct node *slow = l, *fast = l->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *r = slow->next;
    slow->next = NULL;
    return merge(msort(l, by_data), msort(r, by_data), by_data);
}

static uint32_t list_work(uint32_t iter)
{
    seed32 = 0x1234u + iter;
    for (int i = 0; i < LIST_N; i++) {
        pool[i].key = (int32_t)(lcg() % 10000);
        pool[i].data = (int32_t)(lcg() % 1000) - 500;
        pool[i].next = i + 1 < LIST_N ? &pool[i + 1] : NULL;
    }
    struct node *l = msort(&pool[0], 0);
    uint32_t sum = 0;
    int idx = 0;
    for (struct node *p = l; p; p = p->next, idx++)
        if ((idx & 31) == 0) sum = sum * 33 + (uint32_t)p->key;
    l = msort(l, 1);
    int found = 0;
    for (int q = 0; q < 50; q++) {
        int32_t want = (int32_t)(q * 20) - 500;
        for (struct node *p = l; p; p = p->next)
            if (p->data == want) { found++; break; }
    }
    struct node *rev = NULL;
    while (l) { struct node *n = l->next; l->next = rev; rev = l; l = n; }
    sum += (uint32_t)rev->data * 7u + (uint32_t)found;
    return sum;
}

/* ---- matrix ---- */
#define MN 24
static int32_t ma[MN][MN], mb[MN][MN], mc[MN][MN];

static uint32_t matrix_work(uint32_t iter)
{
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            ma[i][j] = (int32_t)((i * 31 + j * 17 + (int)iter) % 97) - 48;
            mb[i][j] = (int32_t)((i * 13 + j * 7 + (int)iter * 3) % 89) - 44;
        }
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            int32_t s = 0;
            for (int k = 0; k < MN; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    uint32_t sum = 0;
    for (int i = 0; i < MN; i++)
        for (int j = 0; j < MN; j++) {
            mc[i][j] = (mc[i][j] + ma[i][j]) * 3 - (mb[j][i] >> 1);
            sum = (sum << 1 | sum >> 31) ^ (uint32_t)mc[i][j];
        }
    return sum;
}

/* ---- crc ---- */
#define CRC_BUF 2048
static uint8_t crcbuf[CRC_BUF];
static uint16_t crc16_table[256];

static void crc16_init(void)
{
    for (int i = 0; i < 256; i++) {
        uint16_t c = (uint16_t)(i << 8);
        for (int b = 0; b < 8; b++) c = (uint16_t)(c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1);
        crc16_table[i] = c;
    }
}

static uint32_t crc_work(uint32_t iter)
{
    for (int i = 0; i < CRC_BUF; i++) crcbuf[i] = (uint8_t)(i * 7 + iter * 13 + (i >> 3));
    uint32_t crc = 0xffffffffu;
    for (int i = 0; i < CRC_BUF; i++) {
        crc ^= crcbuf[i];
        for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    uint16_t c16 = 0xffff;
    for (int i = 0; i < CRC_BUF; i++)
        c16 = (uint16_t)((c16 << 8) ^ crc16_table[((c16 >> 8) ^ crcbuf[i]) & 0xff]);
    return ~crc ^ ((uint32_t)c16 << 7);
}

/* ---- state machine ---- */
enum state { S_START, S_INT, S_FLOAT, S_EXP, S_EXPSIGN, S_EXPINT, S_INVALID, S_COUNT };

static const char *const tokens[] = {"5012", "1.2e-3", "-190", "+0.5", "3E+12", "abc", "7.",
                                     "-.25", "1e", "0x1f", "123456", "9.99e9", "--1", "42"};

static uint32_t state_work(uint32_t iter)
{
    static char text[1024];
    size_t len = 0;
    for (unsigned i = 0; len + 16 < sizeof text; i++) {
        const char *t = tokens[(i * 7 + iter) % (sizeof tokens / sizeof tokens[0])];
        size_t l = strlen(t);
        memcpy(text + len, t, l);
        len += l;
        text[len++] = i % 5 == 4 ? '\n' : ',';
    }
    text[len] = 0;
    uint32_t counts[S_COUNT] = {0};
    uint32_t transitions = 0;
    enum state s = S_START;
    for (size_t i = 0; i <= len; i++) {
        char c = text[i];
        if (c == ',' || c == '\n' || c == 0) {
            counts[s]++;
            s = S_START;
            continue;
        }
        enum state ns = s;
        switch (s) {
        case S_START:
            ns = (c >= '0' && c <= '9') || c == '+' || c == '-' ? S_INT : c == '.' ? S_FLOAT : S_INVALID;
            break;
        case S_INT:
            ns = c >= '0' && c <= '9' ? S_INT : c == '.' ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
            break;
        case S_FLOAT:
            ns = c >= '0' && c <= '9' ? S_FLOAT : (c == 'e' || c == 'E') ? S_EXP : S_INVALID;
            break;
        case S_EXP:
            ns = c == '+' || c == '-' ? S_EXPSIGN : c >= '0' && c <= '9' ? S_EXPINT : S_INVALID;
            break;
        case S_EXPSIGN:
        case S_EXPINT:
            ns = c >= '0' && c <= '9' ? S_EXPINT : S_INVALID;
            break;
        default:
            break;
        }
        if (ns != s) transitions++;
        s = ns;
    }
    uint32_t sum = transitions;
    for (int i = 0; i < S_COUNT; i++) sum = sum * 131 + counts[i];
    return sum;
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 1200;
    if (iterations < 1) iterations = 1;
    crc16_init();
    uint32_t check = 0, l = 0, m = 0, c = 0, s = 0;
    for (long it = 0; it < iterations; it++) {
        for (int rep = 0; rep < 10; rep++) {
            uint32_t k = (uint32_t)(it * 10 + rep);
            l = list_work(k);
            m = matrix_work(k);
            c = crc_work(k);
            s = state_work(k);
            check = (check * 2654435761u) ^ l ^ (m << 3) ^ (c >> 2) ^ (s * 5u);
        }
    }
    printf("bench iterations=%ld\n", iterations);
    printf("last: list=%08x matrix=%08x crc=%08x state=%08x\n", l, m, c, s);
    printf("checksum=%08x\n", check);
    return 0;
}
