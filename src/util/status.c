#include "p2e_status.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const status_text[P2E_STATUS_COUNT] = {
    [P2E_OK] = "no error",
    [P2E_ERR_USAGE] = "usage error",
    [P2E_ERR_OUTLETS] = "outlet selection needed",
    [P2E_ERR_NOMEM] = "out of memory",
    [P2E_ERR_OPEN] = "cannot open input",
    [P2E_ERR_READ] = "cannot read input",
    [P2E_ERR_ENCODING] = "cannot convert input to UTF-8",
    [P2E_ERR_FORMAT] = "not a product export",
    [P2E_ERR_LIMIT] = "field or row too large",
    [P2E_ERR_WRITE] = "cannot write output",
    [P2E_ERR_ACCOUNTING] = "row accounting does not add up",
    [P2E_ERR_CLASH] = "output folder holds files pos2ecom did not write",
    [P2E_ERR_BUSY] = "output folder in use by another run",
};

const char *p2e_strerror(p2e_status status)
{
    if ((unsigned)status >= P2E_STATUS_COUNT)
        return "unknown error";
    return status_text[status];
}

int p2e_status_exit_code(p2e_status status)
{
    switch (status) {
    case P2E_OK:
        return 0;
    case P2E_ERR_USAGE:
    case P2E_ERR_OUTLETS:
        return 1;
    default:
        return 2;
    }
}

p2e_status p2e_fail(p2e_err *err, p2e_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}
