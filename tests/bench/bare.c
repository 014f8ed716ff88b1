/*
 * bare: the least a command can do, as a baseline for start-up cost.
 *
 *	bare
 *
 * Prints one line and exits 0.  Built `cc -O2 -static`, as the tools
 * are linked statically (PERFORMANCE.md).
 */
#include <stdio.h>

int
main(void)
{
	puts("What is one thing you would like more of this week?");
	return 0;
}
