/*
 * p2e_todo.h - todo.csv: what the merchant must do, one line per finding
 * code, most serious first.
 *
 * Columns: severity,code,count,action,message,first_line. Rows go errors,
 * then warnings, then info; within a severity the code with more findings
 * first, then by code name. first_line is the line of exceptions.csv
 * (its header is line 1) that holds the code's first finding, so the
 * report's sheets and pages can link a to-do line to its rows.
 *
 * Ownership: reads the report; the file is handed to the output set.
 */
#ifndef P2E_TODO_H
#define P2E_TODO_H

#include <stddef.h>

#include "p2e_csvwrite.h"
#include "p2e_report.h"
#include "p2e_status.h"

typedef struct {
    p2e_code code;
    size_t count;
    size_t first_line; /* in exceptions.csv, header = 1 */
} p2e_todo_line;

/* The to-do lines of a report sorted as exceptions.csv is written
 * (p2e_report_sort), in to-do order; returns how many (at most
 * P2E_CODE_COUNT). */
size_t p2e_todo_lines(const p2e_report *rep, p2e_todo_line lines[P2E_CODE_COUNT]);

p2e_status p2e_todo_write(const p2e_report *rep, const char *dir, const char *name,
                          p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

#endif
