/* env.c - environment: getenv of variables set by the harness
 * (NODEMU_TEST_VAR, NODEMU_TEST_EMPTY), a missing variable, setenv (with and
 * without overwrite), unsetenv, putenv, and iteration over environ (only
 * the NODEMU_TEST_* entries are printed, sorted). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void show(const char *name)
{
    const char *v = getenv(name);
    printf("%s=%s%s%s\n", name, v ? "'" : "", v ? v : "(unset)", v ? "'" : "");
}

static void dump(const char *title)
{
    char *list[256];
    int n = 0;
    for (char **e = environ; *e && n < 256; e++)
        if (strncmp(*e, "NODEMU_TEST_", 12) == 0)
            list[n++] = *e;
    qsort(list, n, sizeof list[0], cmp);
    printf("%s: %d entries\n", title, n);
    for (int i = 0; i < n; i++) printf("  %s\n", list[i]);
}

int main(void)
{
    show("NODEMU_TEST_VAR");
    show("NODEMU_TEST_EMPTY");
    show("NODEMU_TEST_SPACES");
    show("NODEMU_TEST_MISSING");
    dump("initial");
    setenv("NODEMU_TEST_NEW", "created", 0);
    setenv("NODEMU_TEST_VAR", "not overwritten", 0);
    show("NODEMU_TEST_NEW");
    show("NODEMU_TEST_VAR");
    setenv("NODEMU_TEST_VAR", "overwritten", 1);
    show("NODEMU_TEST_VAR");
    unsetenv("NODEMU_TEST_EMPTY");
    static char put[] = "NODEMU_TEST_PUT=via putenv";
    putenv(put);
    dump("after changes");
    int total = 0;
    for (char **e = environ; *e; e++) total++;
    printf("environ has entries=%d\n", total > 0);
    return 0;
}
