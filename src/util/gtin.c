#include "p2e_gtin.h"

int p2e_gtin_valid(const char *s, size_t len)
{
    if (len != 8 && len != 12 && len != 13 && len != 14)
        return 0;
    int sum = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    /* weight 3 for the digit next to the check digit, then alternate */
    for (size_t k = 1; k < len; k++) {
        int d = s[len - 1 - k] - '0';
        sum += (k % 2) ? 3 * d : d;
    }
    return (10 - sum % 10) % 10 == s[len - 1] - '0';
}
