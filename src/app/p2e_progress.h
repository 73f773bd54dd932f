/*
 * p2e_progress.h - the progress line on a terminal, and the timings of -v.
 *
 * A run is a sequence of phases (checking, reading, rules, writing...).
 * On a terminal (P2E_PROGRESS_LINE) one line on standard error shows the
 * phase, the bytes done of the phase's total, the rate and the time left;
 * it is rewritten in place at most four times a second and erased at the
 * end. With TERM=dumb (P2E_PROGRESS_PLAIN) each phase gets one plain line
 * that stays, with no cursor movement. Nothing is shown when standard error
 * is not a terminal, with -q, or when the inputs are smaller than
 * P2E_PROGRESS_MIN_BYTES (P2E_PROGRESS_OFF). NO_COLOR changes nothing: the
 * line has no colours.
 *
 * The bytes come from the source's watcher (p2e_source_watch), called
 * after each chunk read, possibly from csvread's parsing thread: the
 * counter is atomic, and the line is drawn by whichever thread adds bytes
 * while a phase runs; phases change on the command's thread while no
 * source is being read.
 *
 * With a verbose stream, each phase's end prints one line there: its time
 * and its bytes per second.
 *
 * Ownership: the caller owns the struct (p2e_progress_begin starts it,
 * p2e_progress_end erases the line and stops watching); the FILE * are
 * borrowed.
 */
#ifndef P2E_PROGRESS_H
#define P2E_PROGRESS_H

#include <stdatomic.h>
#include <stdio.h>

/* Below this much input a run is over before a line would help. */
#define P2E_PROGRESS_MIN_BYTES (4ULL * 1024 * 1024)

typedef enum { P2E_PROGRESS_OFF, P2E_PROGRESS_LINE, P2E_PROGRESS_PLAIN } p2e_progress_mode;

typedef struct {
    p2e_progress_mode mode;
    FILE *out;                         /* the line's stream (standard error) */
    FILE *verbose;                     /* -v: each phase's timing, or NULL */
    const char *phase;                 /* NULL between phases */
    unsigned long long total;          /* the phase's bytes, 0: unknown */
    atomic_ullong done;                /* bytes read in this phase */
    atomic_flag busy;                  /* a thread is drawing (sync reads two files at once) */
    double started, phase_started;     /* seconds (monotonic) */
    double drawn;                      /* when the line was last drawn */
    int shown;                         /* a self-updating line is on screen */
} p2e_progress;

/* Whether to show progress: a terminal on stderr, not quiet, TERM not
 * "dumb" (then PLAIN), and at least P2E_PROGRESS_MIN_BYTES of input. */
p2e_progress_mode p2e_progress_choose(int stderr_is_tty, int quiet, const char *term,
                                      unsigned long long input_bytes);

/* Start watching the sources' reads (when mode is not OFF or verbose is
 * set). */
void p2e_progress_begin(p2e_progress *p, p2e_progress_mode mode, FILE *out, FILE *verbose);

/* End the current phase (its -v line) and start `phase`, whose reads add
 * up to `total` bytes (0: not known). */
void p2e_progress_phase(p2e_progress *p, const char *phase, unsigned long long total);

/* End the last phase and erase the line: before any other message. */
void p2e_progress_end(p2e_progress *p);

/* A size for people: "79 B", "12.3 kB", "5.8 MB", "1.50 GB". */
void p2e_progress_size(char *out, size_t cap, double bytes);

/* Seconds on a monotonic clock. */
double p2e_progress_now(void);

#endif
