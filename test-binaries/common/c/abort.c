/* abort.c - prints a line (flushed), then calls abort(): glibc blocks/
 * unblocks signals (rt_sigprocmask) and raises SIGABRT with tgkill, so the
 * process dies of SIGABRT (shell status 134). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
