/* pos2ecom: the command line is a table (cli.c); main only starts it. */
#include <signal.h>

#include "p2e_cli.h"

int main(int argc, char **argv)
{
    /* a file-size limit must fail a write (EFBIG, reported), not kill us
     * before the temporary files are cleaned up */
    signal(SIGXFSZ, SIG_IGN);
    return p2e_cli_main(argc, argv);
}
