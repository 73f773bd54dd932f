/*
 * Per-phase wall and CPU times for P2E_PROFILE=1 (p2e_profile.h). Each
 * line is one fprintf: lines from the import thread and the command's
 * thread never interleave within a line.
 */
#include "p2e_profile.h"

#include <time.h>

static double seconds(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void restart(p2e_profile *p)
{
    p->wall = seconds(CLOCK_MONOTONIC);
    p->cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    p->thread = seconds(CLOCK_THREAD_CPUTIME_ID);
}

void p2e_profile_begin(p2e_profile *p, FILE *out, int header)
{
    p->out = out;
    if (!out)
        return;
    restart(p);
    p->wall0 = p->wall;
    p->cpu0 = p->cpu;
    if (header)
        fprintf(out, "pos2ecom: profile\tphase\twall_s\tcpu_s\tthread_cpu_s\n");
}

void p2e_profile_mark(p2e_profile *p, const char *phase)
{
    if (!p->out)
        return;
    double wall = p->wall, cpu = p->cpu, thread = p->thread;
    restart(p);
    fprintf(p->out, "pos2ecom: profile\t%s\t%.3f\t%.3f\t%.3f\n", phase, p->wall - wall,
            p->cpu - cpu, p->thread - thread);
}

void p2e_profile_total(p2e_profile *p)
{
    if (!p->out)
        return;
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    fprintf(p->out, "pos2ecom: profile\ttotal\t%.3f\t%.3f\t-\n", wall - p->wall0,
            cpu - p->cpu0);
}
