/*
 * p2e_stdin.h - an export named "-": standard input, copied once into a
 * private temporary folder (TMPDIR/pos2ecom-stdin-XXXXXX/stdin), since the
 * reader reads an export twice (its print must match). The copy is removed
 * at the end, or by the signal handler on Ctrl-C. The reader's size caps
 * (--max-field-size, --max-row-size) apply to it as to any file.
 *
 * Ownership: a p2e_stdin owns its folder and the input list it returns
 * (the other names borrowed from the caller's list); p2e_stdin_free removes
 * both.
 */
#ifndef P2E_STDIN_H
#define P2E_STDIN_H

#include <stddef.h>

#include "p2e_status.h"

typedef struct {
    char dir[4096];          /* the private folder, or "" */
    char path[4200];         /* dir/stdin */
    const char **inputs;     /* the caller's list with "-" replaced */
} p2e_stdin;

/* When one of inputs is "-", copy standard input and set *out to a list
 * naming the copy; otherwise *out = inputs. Two "-" are a usage error. */
p2e_status p2e_stdin_take(p2e_stdin *s, const char *const *inputs, size_t n, const char *tmpdir,
                          const char *const **out, p2e_err *err) P2E_MUST_CHECK;
/* An error message naming the copy names "standard input" instead. */
void p2e_stdin_name(const p2e_stdin *s, p2e_err *err);
void p2e_stdin_free(p2e_stdin *s);

#endif
