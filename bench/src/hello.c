/* hello.c - start-up benchmark: the smallest static C program that prints. */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
