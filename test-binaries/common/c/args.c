/* args.c - argc/argv: prints argc, the basename of argv[0], every other
 * argument in brackets (empty, spaces, unicode, quotes), and checks the
 * argv[argc] NULL terminator and that envp follows argv. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv, char **envp)
{
    const char *base = strrchr(argv[0], '/');
    printf("argc=%d\n", argc);
    printf("argv[0] basename=%s\n", base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL=%d\n", argv[argc] == NULL);
    printf("envp follows argv=%d\n", envp == argv + argc + 1);
    return 0;
}
