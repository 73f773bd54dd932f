/*
 * p2e_status.h - the fatal-error channel.
 *
 * A p2e_status travels from where a fatal condition happens (I/O, memory, bad
 * options, unreadable input) up to main(), which prints one message and
 * exits. Data problems are never a status: they are report entries
 * (p2e_report.h). Functions that fail also fill a caller-owned message
 * buffer (p2e_err) with the detail: file name, line, what to do.
 */
#ifndef P2E_STATUS_H
#define P2E_STATUS_H

#include <stddef.h>

/*
 * P2E_MUST_CHECK: the caller has to look at the result (GCC and clang warn
 * when it is dropped, and CI builds with -Werror). Every function of the
 * project that returns a p2e_status carries it, after the parameter list:
 *
 *     p2e_status p2e_buf_putc(p2e_buf *b, char c) P2E_MUST_CHECK;
 *
 * A deliberate best-effort call says so with P2E_IGNORE(call), a (void)
 * cast, and a comment telling why a failure does not matter there. (GCC
 * warns about a plain (void) cast of such a result all the same; the '!'
 * in P2E_IGNORE uses the value first.)
 */
#if defined(__GNUC__) || defined(__clang__)
#define P2E_MUST_CHECK __attribute__((warn_unused_result))
#else
#define P2E_MUST_CHECK
#endif
#define P2E_IGNORE(call) ((void)!(call))

typedef enum {
    P2E_OK = 0,
    P2E_ERR_USAGE,        /* bad command line (exit 1) */
    P2E_ERR_OUTLETS,      /* several outlets, none chosen, or unknown outlet (exit 1) */
    P2E_ERR_NOMEM,        /* out of memory (exit 2) */
    P2E_ERR_OPEN,         /* input cannot be opened or is not a file (exit 2) */
    P2E_ERR_READ,         /* read error or corrupt compressed input (exit 2) */
    P2E_ERR_ENCODING,     /* input cannot be converted to UTF-8 (exit 2) */
    P2E_ERR_FORMAT,       /* not a product export: missing columns, no header (exit 2) */
    P2E_ERR_LIMIT,        /* a field or row over the configured size cap (exit 2) */
    P2E_ERR_WRITE,        /* output cannot be written (exit 2) */
    P2E_ERR_ACCOUNTING,   /* rows read != written + attached + not written (exit 2) */
    P2E_ERR_CLASH,        /* the output folder holds something not ours to replace (exit 2) */
    P2E_ERR_BUSY,         /* another run is writing into the output folder (exit 2) */
    P2E_STATUS_COUNT
} p2e_status;

/* A message buffer the caller owns; functions that fail write the detail. */
typedef struct {
    char msg[1024];
} p2e_err;

/* A short fixed description of the status ("out of memory"). Never NULL. */
const char *p2e_strerror(p2e_status status);

/* The process exit code for a status: 0, 1 (usage) or 2 (fatal). */
int p2e_status_exit_code(p2e_status status);

/* Set err->msg with printf formatting and return status, for one-line returns.
 * The one p2e_status function without P2E_MUST_CHECK: it cannot fail, and
 * its result is its own argument, so a call that only sets the message
 * (the caller returns the status it already holds) loses nothing. */
p2e_status p2e_fail(p2e_err *err, p2e_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
