/*
 * p2e_decimal.h - decimal numbers as scaled integers, never binary floats.
 *
 * Every number in an export is parsed into micro-units (value * 10^6) in an
 * int64_t, which holds +-9.2e12 exactly. Digits past the sixth decimal are
 * truncated toward zero, which never changes a rounding to 2 or 3 decimals
 * (see the unit tests). No function here allocates.
 */
#ifndef P2E_DECIMAL_H
#define P2E_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#define P2E_MICRO 1000000LL
/* The largest magnitude p2e_dec_parse accepts (9,223,372,036,853): a
 * whole number one unit below the int64 limit, so that rounding any parsed
 * value to any number of decimals stays at or below it. */
#define P2E_DEC_MAX_MICRO ((INT64_MAX / P2E_MICRO - 1) * P2E_MICRO)

/* The largest stock count the store takes, in whole units: eCom keeps a
 * product's and a variation's quantity (and low stock threshold) as a
 * 32-bit signed integer (Ecwid's own API client: `quantity: Int`). Every
 * count pos2ecom writes, and every count it adds up, stays within
 * +-P2E_QTY_MAX; beyond it a value is STOCK_OUT_OF_RANGE. */
#define P2E_QTY_MAX 2147483647LL
#define P2E_QTY_MAX_MICRO (P2E_QTY_MAX * P2E_MICRO)

typedef enum {
    P2E_NUM_OK = 0,
    P2E_NUM_EMPTY,     /* empty or only spaces */
    P2E_NUM_INVALID,   /* not a plain decimal */
    P2E_NUM_EXPONENT,  /* 7.45E+11: spreadsheet damage, digits lost */
    P2E_NUM_RANGE      /* too large for the scaled integer */
} p2e_num_state;

/* Parse s[0..len) (spaces around allowed; optional sign; digits with an
 * optional '.'). On P2E_NUM_OK *micro holds the value times 10^6. */
p2e_num_state p2e_dec_parse(const char *s, size_t len, int64_t *micro);

/* How p2e_dec_parse_local read a value. */
typedef struct {
    int decimal_comma;    /* 19,90: a decimal comma */
    int grouped;          /* 1.234,50, 1 234,50, 1,234.50: marks between thousands */
    int currency;         /* a currency sign or code was removed */
    int ambiguous;        /* 1,234 against the convention: both readings below */
    int64_t point, comma; /* with ambiguous: read with a thousands mark, with a decimal comma */
} p2e_dec_read;

/* The decimal-mark conventions a column of numbers may follow, for
 * p2e_dec_parse_local's `decimal_comma`: a decimal point (1,234 reads two
 * ways), a decimal comma (1.234 reads two ways), or neither, where both
 * marks are used as decimal marks and every value that reads two ways is
 * ambiguous. */
enum { P2E_CONV_POINT = 0, P2E_CONV_COMMA = 1, P2E_CONV_NEITHER = 2 };

/* A number as spreadsheets in any locale write it: p2e_dec_parse's plain
 * form, or a decimal comma (19,90), marks between groups of three digits
 * ('.', ',', a space or a no-break space: 1.234,50, 1 234,50, 1,234.50),
 * and with `money` a currency sign or ISO code around it ($19.90, 19,90 €,
 * EUR 19.90, £5). A value that reads two ways (1,234: 1234 or 1.234) is
 * read the way the convention says (decimal_comma, a P2E_CONV_*: ',' is
 * the decimal mark with P2E_CONV_COMMA) only when the mark written is the
 * convention's decimal mark (1,234 with P2E_CONV_COMMA, 1.234 with
 * P2E_CONV_POINT, neither with P2E_CONV_NEITHER); otherwise it is
 * P2E_NUM_INVALID with how->ambiguous and both readings. Never binary
 * floating point. */
p2e_num_state p2e_dec_parse_local(const char *s, size_t len, int decimal_comma, int money,
                                  int64_t *micro, p2e_dec_read *how);

/* What one value tells of its column's decimal mark (currency around it
 * ignored): P2E_MARK_POINT for a value that reads only with a decimal
 * point and has one (19.90, 1,234.50, 0.5), P2E_MARK_COMMA likewise for a
 * decimal comma (19,90, 1.234,50, 1 234,50), P2E_MARK_EITHER for a value
 * that reads both ways with two values (1,234, 1.234, 0.454), and
 * P2E_MARK_NONE for the rest (12, 1 234, 1,234,567, text). Never
 * allocates; the hot case (no comma, at most one '.') reads no more. */
typedef enum { P2E_MARK_NONE, P2E_MARK_POINT, P2E_MARK_COMMA, P2E_MARK_EITHER } p2e_dec_mark;
p2e_dec_mark p2e_dec_mark_of(const char *s, size_t len);

/* True when s looks like a number a spreadsheet turned into scientific
 * notation: digits, optional .digits, E or e, '+', digits. */
int p2e_dec_is_damaged(const char *s, size_t len);

/* Round a micro value half away from zero to `decimals` (0..6) places;
 * the result is in units of 10^-decimals. Exact for |micro| up to
 * P2E_DEC_MAX_MICRO; beyond it, clamped so the result stays in range. */
int64_t p2e_dec_round(int64_t micro, int decimals);

/* Format a value given in units of 10^-decimals: exactly `decimals` places
 * when fixed is true ("44.99", "3.00"), else trailing zeros trimmed ("2",
 * "0.454"). Writes at most 32 bytes including the NUL; returns the length. */
size_t p2e_dec_format(char *out, int64_t units, int decimals, int fixed);

/* The checked sum every total of counts and money goes through:
 * *acc + v into *acc when the result stays within +-P2E_DEC_MAX_MICRO (so
 * it can still be rounded and formatted), and 1; else *acc is left as it
 * was and 0. The same bound holds for whole units: a caller's own range
 * (P2E_QTY_MAX) is checked on top. Never overflows, whatever the values. */
int p2e_dec_add(int64_t *acc, int64_t v);

/* floor(micro / 10^6) for any sign. */
int64_t p2e_dec_floor(int64_t micro);

#endif
