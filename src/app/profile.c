/*
 * Per-phase wall and CPU times for P2E_PROFILE=1 (p2e_profile.h), kept in
 * the struct and printed at the end of the run.
 */
#include "p2e_profile.h"

#include <stdarg.h>
#include <sys/resource.h>
#include <time.h>

static double seconds(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One line into the kept lines; a line that would not fit is left out
 * whole. */
static void keep(p2e_profile *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->lines + p->len, sizeof p->lines - p->len, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n < sizeof p->lines - p->len)
        p->len += (size_t)n;
    p->lines[p->len] = '\0';
}

/* The process's peak resident memory so far, in MiB: read at the end of
 * each phase, it shows which phase raised the peak. */
static double peak_mib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
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
    p->len = 0;
    p->lines[0] = '\0';
    if (!out)
        return;
    restart(p);
    p->wall0 = p->wall;
    p->cpu0 = p->cpu;
    if (header)
        keep(p, "pos2ecom: profile\tphase\twall_s\tcpu_s\tthread_cpu_s\tpeak_rss_mib\n");
}

void p2e_profile_take(p2e_profile *p, p2e_profile_span *s)
{
    *s = (p2e_profile_span){0, 0, 0, 0};
    if (!p->out)
        return;
    double wall = p->wall, cpu = p->cpu, thread = p->thread;
    restart(p);
    *s = (p2e_profile_span){p->wall - wall, p->cpu - cpu, p->thread - thread, peak_mib()};
}

void p2e_profile_say(p2e_profile *p, const char *phase, const p2e_profile_span *s)
{
    if (p->out)
        keep(p, "pos2ecom: profile\t%s\t%.3f\t%.3f\t%.3f\t%.0f\n", phase, s->wall, s->cpu, s->thread,
             s->peak_mib);
}

void p2e_profile_mark(p2e_profile *p, const char *phase)
{
    p2e_profile_span s;
    p2e_profile_take(p, &s);
    p2e_profile_say(p, phase, &s);
}

void p2e_profile_total(p2e_profile *p)
{
    if (!p->out)
        return;
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    keep(p, "pos2ecom: profile\ttotal\t%.3f\t%.3f\t-\t%.0f\n", wall - p->wall0, cpu - p->cpu0,
         peak_mib());
    fputs(p->lines, p->out);
    p->len = 0;
    p->lines[0] = '\0';
}
