/* hello.c - the smallest static glibc program: one line to stdout. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
