/* bigmem.c - large memory: a 64 MiB .bss array touched sparsely and
 * densely, brk growth with sbrk, large malloc blocks (mmap-backed), an
 * explicit mmap/munmap of 32 MiB, mremap growth; checksums printed. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BSS_SIZE (64u << 20)
static unsigned char big_bss[BSS_SIZE];

int main(void)
{
    /* bss must read as zero */
    unsigned long nz = 0;
    for (size_t i = 0; i < BSS_SIZE; i += 4096) nz += big_bss[i] != 0;
    printf("bss nonzero pages=%lu\n", nz);
    for (size_t i = 0; i < BSS_SIZE; i += 4096) big_bss[i] = (unsigned char)(i >> 12);
    memset(big_bss + (8u << 20), 0x5a, 1u << 20);
    uint64_t sum = 0;
    for (size_t i = 0; i < BSS_SIZE; i += 512) sum += big_bss[i];
    printf("bss sum=%llu last=%d\n", (unsigned long long)sum, big_bss[BSS_SIZE - 4096]);

    /* brk */
    char *b0 = sbrk(0);
    char *b1 = sbrk(1 << 20);
    char *b2 = sbrk(0);
    printf("sbrk grew by 1MiB=%d returned old break=%d\n", b2 - b0 == (1 << 20), b1 == b0);
    memset(b1, 0xab, 1 << 20);
    printf("brk area last byte=%02x\n", (unsigned char)b1[(1 << 20) - 1]);
    sbrk(-(1 << 19));
    printf("sbrk shrink ok=%d\n", (char *)sbrk(0) == b2 - (1 << 19));

    /* large malloc blocks */
    enum { NB = 8 };
    unsigned char *blocks[NB];
    for (int i = 0; i < NB; i++) {
        size_t sz = (size_t)(i + 1) << 22;   /* 4 MiB .. 32 MiB */
        blocks[i] = malloc(sz);
        if (!blocks[i]) { printf("malloc %zu failed\n", sz); return 1; }
        for (size_t j = 0; j < sz; j += 4096) blocks[i][j] = (unsigned char)(i * 7 + (j >> 12));
        blocks[i][sz - 1] = 0xee;
    }
    sum = 0;
    for (int i = 0; i < NB; i++) {
        size_t sz = (size_t)(i + 1) << 22;
        for (size_t j = 0; j < sz; j += 4096) sum += blocks[i][j];
        sum += blocks[i][sz - 1];
        free(blocks[i]);
    }
    printf("malloc blocks sum=%llu\n", (unsigned long long)sum);

    /* explicit mmap */
    size_t msz = 32u << 20;
    unsigned char *m = mmap(NULL, msz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { printf("mmap failed\n"); return 1; }
    printf("mmap page aligned=%d zero=%d\n", ((uintptr_t)m & 4095) == 0, m[msz / 2] == 0);
    for (size_t j = 0; j < msz; j += 8192) m[j] = 1;
    sum = 0;
    for (size_t j = 0; j < msz; j += 4096) sum += m[j];
    printf("mmap touched=%llu\n", (unsigned long long)sum);
    unsigned char *m2 = mremap(m, msz, msz * 2, MREMAP_MAYMOVE);
    if (m2 == MAP_FAILED) {
        printf("mremap failed\n");
        munmap(m, msz);
    } else {
        printf("mremap kept data=%d new zero=%d\n", m2[0] == 1 && m2[8192] == 1,
               m2[msz + 100] == 0);
        printf("munmap=%d\n", munmap(m2, msz * 2));
    }
    return 0;
}
