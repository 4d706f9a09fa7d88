/* main.c: the program's entry point; everything else is in libcfsearch.a. */
#include "config.h"

#include "cfsearch.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
