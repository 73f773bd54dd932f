/*
 * p2e_cli.h - the command line as one table (in the manner of zsv's
 * app/cli.c): every command is a row (name, one-line summary, usage, what
 * it does, examples, the runs whose files it writes, its exit codes, the
 * function that runs it), every option a row of the options table (the
 * commands that take it, its group in the help). The help (`pos2ecom help
 * CMD`, `CMD --help`), the did-you-mean of a mistyped name, getopt's option
 * list and the man page are all made from these rows; test_cli checks them
 * against the README.
 *
 * A new command is a row in p2e_cli_commands (cli.c) and a bit in
 * p2e_cli_cmd_bit; its options name that bit.
 *
 * Ownership: everything here is static; nothing to free.
 */
#ifndef P2E_CLI_H
#define P2E_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Which commands take an option: bits. */
enum {
    P2E_CLI_CONVERT = 1,
    P2E_CLI_SYNC = 2,
    P2E_CLI_AUDIT = 4,
    P2E_CLI_OUTLETS = 8,
    P2E_CLI_CHECK = 16,
    P2E_CLI_FILL = 32,
};

typedef struct {
    const char *name;     /* long name, without "--" */
    char short_name;      /* 'o', or 0 */
    const char *arg;      /* the argument's name ("DIR"), or NULL for a flag */
    int id;               /* getopt's value */
    unsigned cmds;        /* P2E_CLI_* bits */
    const char *group;    /* its heading in the help */
    const char *help;     /* one line */
} p2e_cli_opt;

typedef struct {
    const char *text;     /* the command line */
    const char *comment;  /* what it does */
} p2e_cli_example;

typedef int (*p2e_cli_run)(int argc, char **argv);

typedef struct {
    const char *name;
    unsigned bit;                     /* P2E_CLI_*, or 0 (help) */
    const char *summary;              /* one line, for `pos2ecom help` */
    const char *usage;                /* after "pos2ecom " */
    const char *about;                /* a paragraph */
    p2e_cli_example examples[3];
    unsigned writes;                  /* p2e_run_mode bits: its output files, or 0 */
    const char *writes_note;          /* what it prints instead of files, or NULL */
    const char *exit_codes;           /* the codes it can return, e.g. "0 1 2 3" */
    p2e_cli_run run;
} p2e_cli_cmd;

extern const p2e_cli_opt p2e_cli_options[];
extern const size_t p2e_cli_noptions;
extern const p2e_cli_cmd p2e_cli_commands[];
extern const size_t p2e_cli_ncommands;

/* The meaning of an exit code, as the README's table says it. */
const char *p2e_cli_exit_meaning(int code);

/* The command named `name`, or NULL. */
const p2e_cli_cmd *p2e_cli_find(const char *name);

/* Damerau-Levenshtein distance (adjacent swaps count one), capped at 99. */
size_t p2e_cli_distance(const char *a, const char *b);

/* The nearest of `n` names to `word`, or NULL when none is close (more
 * than a third of the word's length, at least 2, away). */
const char *p2e_cli_nearest(const char *word, const char *const *names, size_t n);

/* Help: the list of commands, one command's page, the man page (mdoc). */
void p2e_cli_help_all(FILE *out);
void p2e_cli_help_cmd(const p2e_cli_cmd *c, FILE *out);
void p2e_cli_man(FILE *out);

/* The program: dispatch argv[1] through the table. */
int p2e_cli_main(int argc, char **argv);

#endif
