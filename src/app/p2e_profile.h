/*
 * p2e_profile.h - where a run's time goes (issue 20): with P2E_PROFILE=1
 * in the environment, the command layer prints one line per phase on
 * standard error (read, rules, each writer, commit...), tab-separated:
 *
 *   pos2ecom: profile<TAB>PHASE<TAB>WALL_S<TAB>CPU_S<TAB>THREAD_CPU_S<TAB>PEAK_RSS_MIB
 *
 * wall on the monotonic clock, cpu the whole process's (every thread),
 * peak RSS the process's largest resident size so far at the phase's end,
 * thread cpu that of the thread that ran the phase (the import file and
 * manual-fields.xlsx are written on a second thread while the report files
 * are written: that thread takes its spans, and the command's thread prints
 * them after joining it). A header line names the columns. The lines are
 * kept and printed together by p2e_profile_total, at the end of the run:
 * while a workbook is closed, standard error is silenced
 * (p2e_xlsx_close_quietly), and a line written then would be lost. Off (out
 * is NULL), every call does nothing: the outputs are the same either way
 * (tests/outputs.sh checks it).
 *
 * Ownership: the caller owns the struct; the FILE * is borrowed.
 */
#ifndef P2E_PROFILE_H
#define P2E_PROFILE_H

#include <stdio.h>

typedef struct {
    FILE *out;                /* NULL: off */
    double wall, cpu, thread; /* when the current phase started */
    double wall0, cpu0;       /* when the profile began: the total */
    char lines[4096];         /* kept until p2e_profile_total */
    size_t len;
} p2e_profile;

/* Start timing (the header line is printed when `header` is set); out NULL
 * turns the profile off. */
void p2e_profile_begin(p2e_profile *p, FILE *out, int header);

typedef struct {
    double wall, cpu, thread;
    double peak_mib; /* the process's peak RSS when the span ended */
} p2e_profile_span;

/* The phase that ends now, on one line; the next phase starts. */
void p2e_profile_mark(p2e_profile *p, const char *phase);

/* The same, its times kept in *s instead of printed (zeros when off). */
void p2e_profile_take(p2e_profile *p, p2e_profile_span *s);

/* A phase's line from a span p2e_profile_take kept. */
void p2e_profile_say(p2e_profile *p, const char *phase, const p2e_profile_span *s);

/* The whole run since p2e_profile_begin, as the phase "total", printed
 * after the lines kept so far. */
void p2e_profile_total(p2e_profile *p);

#endif
