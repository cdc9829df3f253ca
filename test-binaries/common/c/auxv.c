/* auxv.c - the initial process state set up by the loader: auxiliary
 * vector entries (page size, entry point, program headers, ids, secure
 * mode, AT_RANDOM bytes, AT_EXECFN, hwcap), stack alignment at main, the
 * argv/envp/auxv layout, and that the stack is writable well below sp.
 * Only facts that must match the reference qemu-<arch> are printed (AT_HWCAP
 * is per-CPU: the e2e harness masks it for architectures whose qemu CPU
 * model offers more than nodemu). */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;
extern void _start(void);

int main(int argc, char **argv)
{
    printf("AT_PAGESZ=%lu sysconf=%ld\n", getauxval(AT_PAGESZ), sysconf(_SC_PAGESIZE));
    printf("AT_ENTRY is _start=%d\n", getauxval(AT_ENTRY) == (unsigned long)&_start);
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM);
    int loads = 0, has_phdr_match = 0;
    for (unsigned long i = 0; ph && i < phnum; i++) {
        if (ph[i].p_type == PT_LOAD) loads++;
    }
    printf("AT_PHNUM=%lu AT_PHENT=%lu PT_LOADs=%d\n", phnum, getauxval(AT_PHENT), loads);
    (void)has_phdr_match;
    printf("AT_UID matches=%d AT_EUID matches=%d AT_GID matches=%d AT_EGID matches=%d\n",
           getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(),
           getauxval(AT_GID) == getgid(), getauxval(AT_EGID) == getegid());
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    printf("AT_HWCAP=%#lx\n", getauxval(AT_HWCAP));
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nonzero = 0;
    for (int i = 0; rnd && i < 16; i++) nonzero |= rnd[i];
    printf("AT_RANDOM present=%d some nonzero=%d\n", rnd != NULL, nonzero != 0);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN equals argv[0]=%d\n", execfn && strcmp(execfn, argv[0]) == 0);
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));

    /* layout: argv, NULL, envp..., NULL, auxv */
    char **e = argv + argc + 1;
    printf("environ follows argv=%d\n", e == environ);
    while (*e) e++;
    ElfW(auxv_t) *av = (ElfW(auxv_t) *)(e + 1);
    int n = 0, saw_pagesz = 0;
    for (; av->a_type != AT_NULL && n < 100; av++, n++)
        if (av->a_type == AT_PAGESZ) saw_pagesz = av->a_un.a_val == 4096;
    printf("auxv walk found AT_PAGESZ=4096: %d\n", saw_pagesz);

    /* the main thread's stack: alignment, and a deep frame that works */
    volatile char probe[256 * 1024];
    probe[0] = 1;
    probe[sizeof probe - 1] = 2;
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    printf("frame 16-byte aligned=%d deep stack ok=%d\n", (sp & 15) == 0,
           probe[0] + probe[sizeof probe - 1] == 3);
    return 0;
}
