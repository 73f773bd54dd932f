/*
 * The progress line and the phase timings of -v (p2e_progress.h).
 */
#include "p2e_progress.h"

#include <string.h>
#include <time.h>

#include "p2e_interrupt.h"
#include "p2e_source.h"

/* At most this often the line is drawn again (seconds). */
#define REDRAW 0.25

double p2e_progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

p2e_progress_mode p2e_progress_choose(int stderr_is_tty, int quiet, const char *term,
                                      unsigned long long input_bytes)
{
    if (!stderr_is_tty || quiet || input_bytes < P2E_PROGRESS_MIN_BYTES)
        return P2E_PROGRESS_OFF;
    if (term && !strcmp(term, "dumb"))
        return P2E_PROGRESS_PLAIN;
    return P2E_PROGRESS_LINE;
}

static void megabytes(char *out, size_t cap, unsigned long long bytes)
{
    snprintf(out, cap, "%.1f", (double)bytes / 1e6);
}

void p2e_progress_size(char *out, size_t cap, double bytes)
{
    if (bytes < 1e3)
        snprintf(out, cap, "%.0f B", bytes);
    else if (bytes < 1e6)
        snprintf(out, cap, "%.1f kB", bytes / 1e3);
    else if (bytes < 1e9)
        snprintf(out, cap, "%.1f MB", bytes / 1e6);
    else
        snprintf(out, cap, "%.2f GB", bytes / 1e9);
}

/* One line: the phase, bytes done of the total, the rate, the time left. */
static void draw(p2e_progress *p, double now)
{
    unsigned long long done = atomic_load_explicit(&p->done, memory_order_relaxed);
    if (p->total && done > p->total)
        done = p->total;
    double secs = now - p->phase_started;
    char line[160], a[32], b[32];
    int n = snprintf(line, sizeof line, "pos2ecom: %s", p->phase);
    if (done || p->total) {
        megabytes(a, sizeof a, done);
        if (p->total) {
            megabytes(b, sizeof b, p->total);
            n += snprintf(line + n, sizeof line - (size_t)n, "  %s of %s MB", a, b);
        } else
            n += snprintf(line + n, sizeof line - (size_t)n, "  %s MB", a);
    }
    if (secs >= 0.5 && done) {
        double rate = (double)done / secs;
        n += snprintf(line + n, sizeof line - (size_t)n, "  %.0f MB/s", rate / 1e6);
        if (p->total && rate > 0) {
            long left = (long)((double)(p->total - done) / rate + 0.5);
            snprintf(line + n, sizeof line - (size_t)n, "  %ld:%02ld left", left / 60, left % 60);
        }
    }
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
    p->shown = 1;
    p2e_interrupt_line(1);
    p->drawn = now;
}

/* The source's watcher: count, and redraw when the last drawing is old.
 * One clock read per chunk (256 KB): far under 1% of reading it. */
static void watched(void *ctx, unsigned long long bytes)
{
    p2e_progress *p = ctx;
    atomic_fetch_add_explicit(&p->done, bytes, memory_order_relaxed);
    if (p->mode != P2E_PROGRESS_LINE || !p->phase || atomic_flag_test_and_set(&p->busy))
        return;
    double now = p2e_progress_now();
    if (now - p->drawn >= REDRAW)
        draw(p, now);
    atomic_flag_clear(&p->busy);
}

void p2e_progress_begin(p2e_progress *p, p2e_progress_mode mode, FILE *out, FILE *verbose)
{
    memset(p, 0, sizeof *p);
    atomic_init(&p->done, 0);
    atomic_flag_clear(&p->busy);
    p->mode = mode;
    p->out = out;
    p->verbose = verbose;
    p->started = p->phase_started = p2e_progress_now();
    if (mode != P2E_PROGRESS_OFF || verbose)
        p2e_source_watch(watched, p);
}

static void erase(p2e_progress *p)
{
    if (!p->shown)
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->shown = 0;
    p2e_interrupt_line(0);
}

/* -v: the phase that ends, its time and rate. */
static void phase_done(p2e_progress *p, double now)
{
    if (!p->verbose || !p->phase)
        return;
    double secs = now - p->phase_started;
    unsigned long long done = atomic_load(&p->done);
    erase(p);
    fprintf(p->verbose, "pos2ecom: %s: %.2f s", p->phase, secs);
    if (done && secs > 0) {
        char size[32], rate[32];
        p2e_progress_size(size, sizeof size, (double)done);
        p2e_progress_size(rate, sizeof rate, (double)done / secs);
        fprintf(p->verbose, ", %s read at %s/s", size, rate);
    }
    fputc('\n', p->verbose);
}

void p2e_progress_phase(p2e_progress *p, const char *phase, unsigned long long total)
{
    double now = p2e_progress_now();
    phase_done(p, now);
    p->phase = phase;
    p->total = total;
    atomic_store(&p->done, 0);
    p->phase_started = now;
    if (p->mode == P2E_PROGRESS_LINE)
        draw(p, now);
    else if (p->mode == P2E_PROGRESS_PLAIN) {
        char mb[32];
        megabytes(mb, sizeof mb, total);
        if (total)
            fprintf(p->out, "pos2ecom: %s (%s MB)...\n", phase, mb);
        else
            fprintf(p->out, "pos2ecom: %s...\n", phase);
        fflush(p->out);
    }
}

void p2e_progress_end(p2e_progress *p)
{
    if (p->mode == P2E_PROGRESS_OFF && !p->verbose)
        return;
    phase_done(p, p2e_progress_now());
    p->phase = NULL;
    erase(p);
    p2e_source_watch(NULL, NULL);
    p->mode = P2E_PROGRESS_OFF;
    p->verbose = NULL;
}
