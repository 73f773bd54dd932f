/*
 * p2e_interrupt.h - Ctrl-C, SIGTERM and SIGHUP during a run.
 *
 * A signal removes the run's scratch folder (the staging folder inside the
 * output folder, or the private folder of a dry run), prints one line and
 * exits 128 + the signal (130 for Ctrl-C, 143 for SIGTERM): the output
 * folder is left as it was before the run. While the outputs are being
 * committed a signal waits, so the switch from the old result to the new
 * one is never cut in the middle; it is acted on right after.
 *
 * This module holds the program's only process-wide state besides the
 * source watcher (p2e_source_watch): a signal handler can reach nothing
 * else. Its strings are copied into fixed buffers; a path
 * too long for them is not removed by the handler (the next run's start
 * removes it, as it does after SIGKILL).
 */
#ifndef P2E_INTERRUPT_H
#define P2E_INTERRUPT_H

/* Install the handlers (once per process; later calls do nothing). */
void p2e_interrupt_install(void);

/* On a signal, remove `scratch` and name `out_dir` in the message. */
void p2e_interrupt_watch(const char *scratch, const char *out_dir);
/* Forget the scratch folder: it was removed (committed = 0) or its
 * outputs were committed (1), which the message then says. */
void p2e_interrupt_unwatch(int committed);

/* Also remove `path` on a signal, committed or not (a private copy of
 * standard input); NULL forgets it. */
void p2e_interrupt_also(const char *path);

/* A self-updating line is on standard error (1) or not (0): a signal's
 * message erases it first. */
void p2e_interrupt_line(int shown);

/* Make signals wait (the commit), then act on a waiting one: exits. */
void p2e_interrupt_hold(void);
void p2e_interrupt_release(void);

#endif
