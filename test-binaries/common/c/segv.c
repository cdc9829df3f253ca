/* segv.c - prints a line (flushed), then writes through a NULL pointer:
 * the process dies of SIGSEGV (shell status 139). */
#include <stdio.h>

int main(void)
{
    printf("about to write to NULL\n");
    fflush(stdout);
    *(volatile int *)0 = 42;
    printf("not reached\n");
    return 0;
}
