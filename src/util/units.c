#include "p2e_units.h"

#include <stddef.h>
#include <strings.h>

__extension__ typedef __int128 i128;

static const p2e_unit units[] = {
    {"kg", P2E_UNIT_WEIGHT, 1000000000000LL},
    {"g", P2E_UNIT_WEIGHT, 1000000000LL},
    {"lb", P2E_UNIT_WEIGHT, 453592370000LL},
    {"oz", P2E_UNIT_WEIGHT, 28349523125LL},
    {"m", P2E_UNIT_LENGTH, 1000000000LL},
    {"cm", P2E_UNIT_LENGTH, 10000000LL},
    {"mm", P2E_UNIT_LENGTH, 1000000LL},
    {"in", P2E_UNIT_LENGTH, 25400000LL},
};

const p2e_unit *p2e_unit_find(const char *name, p2e_unit_kind kind)
{
    while (*name == ' ')
        name++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = 0;
        while (units[i].name[n] && name[n] && (units[i].name[n] == (name[n] | 0x20)))
            n++;
        if (units[i].name[n] || units[i].kind != kind)
            continue;
        const char *rest = name + n;
        while (*rest == ' ')
            rest++;
        if (!*rest)
            return &units[i];
    }
    return NULL;
}

int p2e_unit_convert(int64_t micro, const p2e_unit *from, const p2e_unit *to, int decimals,
                     int64_t *out)
{
    i128 scale = 1;
    for (int d = 0; d < decimals; d++)
        scale *= 10;
    i128 num = (i128)micro * from->nano * scale;
    i128 den = (i128)to->nano * 1000000;
    int neg = num < 0;
    if (neg)
        num = -num;
    i128 q = (num + den / 2) / den;
    if (q > INT64_MAX)
        return 0;
    *out = neg ? -(int64_t)q : (int64_t)q;
    return 1;
}
