/* period.c -- parsing, ordering and formatting of reporting periods.
 *
 * The labels are those of DfE (LAIT) and OHID (Fingertips) publications:
 * calendar years "2016", financial/academic years "2016/17", "2016-17",
 * "201617", "2016-17 (OT)", rolling spans "2014-16" and spans of split years
 * "2013/14-15/16", quarters "2016 Q1" / "2016/17 Q2" / "Q1 2016" / "Q2-19" /
 * "Apr-Jun 2019" / "April to June 2019" and months "2016-03" / "Mar 2016" /
 * "March 2016" / "Jun-19" (a spreadsheet's mmm-yy) / "2016M03". A trailing parenthesised note such as
 * "(OT)", "(Rev)", "(Final)" or "(prov)" is kept as fp_period.variant. */
#include "fp_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A small cursor over the label being parsed. */
typedef struct cur {
    const char *p, *end;
} cur;

/* ASCII case-insensitive comparison of n bytes (locale-independent). */
static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);
        if (x != y) return x - y;
        if (!x) return 0;
    }
    return 0;
}

static void skip_spaces(cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t')) c->p++;
}

/* Read exactly n digits (n >= 1) into *v; 0 on success. */
static int read_digits(cur *c, int n, int *v)
{
    int x = 0;
    if (c->end - c->p < n) return -1;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)c->p[i])) return -1;
        x = x * 10 + (c->p[i] - '0');
    }
    c->p += n;
    *v = x;
    return 0;
}

/* Count the run of digits at the cursor. */
static int digit_run(const cur *c)
{
    int n = 0;
    while (c->p + n < c->end && isdigit((unsigned char)c->p[n])) n++;
    return n;
}

static int at_end(cur *c)
{
    skip_spaces(c);
    return c->p == c->end;
}

/* Accept a separator between year parts: '/', '-', an en dash (UTF-8
 * E2 80 93) or " to ", each with optional spaces around it. Returns the
 * separator character ('/', '-' for dashes and "to") or 0. */
static int read_sep(cur *c)
{
    cur s = *c;
    skip_spaces(&s);
    if (s.p < s.end && (*s.p == '/' || *s.p == '-')) {
        int ch = *s.p++;
        skip_spaces(&s);
        *c = s;
        return ch;
    }
    if (s.end - s.p >= 3 && (unsigned char)s.p[0] == 0xE2 && (unsigned char)s.p[1] == 0x80
        && (unsigned char)s.p[2] == 0x93) {
        s.p += 3;
        skip_spaces(&s);
        *c = s;
        return '-';
    }
    if (s.end - s.p >= 3 && (s.p[0] == 't' || s.p[0] == 'T') && (s.p[1] == 'o' || s.p[1] == 'O')
        && (s.p[2] == ' ')) {
        s.p += 2;
        skip_spaces(&s);
        *c = s;
        return '-';
    }
    return 0;
}

/* The variant number of a parenthesised note. Known notes get fixed numbers
 * so that equal notes give equal periods; any other note gives 99. */
static int note_variant(const char *p, size_t n)
{
    static const struct { const char *s; int v; } notes[] = {
        { "OT", 1 }, { "Rev", 2 }, { "Revised", 2 }, { "Final", 3 },
        { "prov", 4 }, { "Provisional", 4 }, { "P", 4 }, { "R", 2 },
    };
    while (n && (*p == ' ')) { p++; n--; }
    while (n && (p[n - 1] == ' ')) n--;
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++)
        if (strlen(notes[i].s) == n && strncasecmp_ascii(notes[i].s, p, n) == 0)
            return notes[i].v;
    return 99;
}

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};

/* Read a month name, full or three-letter (any case, "Sept" allowed). */
static int read_month_name(cur *c, int *month)
{
    size_t n = 0;
    while (c->p + n < c->end && isalpha((unsigned char)c->p[n])) n++;
    if (n < 3) return -1;
    for (int m = 0; m < 12; m++) {
        const char *name = month_names[m];
        size_t len = strlen(name);
        int ok = 0;
        if (n == len && strncasecmp_ascii(name, c->p, n) == 0) ok = 1;
        else if (n == 3 && strncasecmp_ascii(name, c->p, 3) == 0) ok = 1;
        else if (m == 8 && n == 4 && strncasecmp_ascii("sept", c->p, 4) == 0) ok = 1;
        if (ok) {
            c->p += n;
            *month = m + 1;
            return 0;
        }
    }
    return -1;
}

/* "Q1".."Q4" (any case). */
static int read_quarter(cur *c, int *q)
{
    if (c->end - c->p >= 2 && (c->p[0] == 'Q' || c->p[0] == 'q') && c->p[1] >= '1'
        && c->p[1] <= '4') {
        *q = c->p[1] - '0';
        c->p += 2;
        return 0;
    }
    return -1;
}

/* A year part: either "YYYY" alone or a split year "YYYY/YY", "YYYY-YY",
 * "YYYY/YYYY", "YYYYYY". Sets *year and *split. Used for spans of split years
 * and for financial quarters. */
static int read_year_or_split(cur *c, int *year, int *split)
{
    cur s = *c;
    int y = 0, y2 = 0;
    int run = digit_run(&s);
    if (run == 6) {
        read_digits(&s, 4, &y);
        read_digits(&s, 2, &y2);
        if (y2 != (y + 1) % 100) return -1;
        *year = y; *split = 1; *c = s;
        return 0;
    }
    if (run != 4) return -1;
    read_digits(&s, 4, &y);
    cur t = s;
    if (t.p < t.end && *t.p == '/') {
        t.p++;
        int r2 = digit_run(&t);
        if (r2 == 2 && read_digits(&t, 2, &y2) == 0 && y2 == (y + 1) % 100) {
            *year = y; *split = 1; *c = t;
            return 0;
        }
        if (r2 == 4 && read_digits(&t, 4, &y2) == 0 && y2 == y + 1) {
            *year = y; *split = 1; *c = t;
            return 0;
        }
        return -1;
    }
    *year = y; *split = 0; *c = s;
    return 0;
}

static int valid_year(int y)
{
    return y >= 1000 && y <= 9999;
}

/* A year of four digits, or of two as spreadsheets show months ("Jun-19")
 * with POSIX strptime's %y pivot: 69-99 are 1969-1999, 00-68 are
 * 2000-2068. 0 on success. */
static int read_year_2or4(cur *c, int *y)
{
    int run = digit_run(c);
    if (run == 4) return read_digits(c, 4, y);
    if (run != 2 || read_digits(c, 2, y) != 0) return -1;
    *y += *y >= 69 ? 1900 : 2000;
    return 0;
}

/* Skip one optional separator between a month or quarter and its year:
 * '-', '/', ',', '.' or an apostrophe ("Jun-19", "Q2/2019", "Mar, 2016",
 * "Jun '19"), with spaces around it. */
static void skip_month_year_sep(cur *c)
{
    skip_spaces(c);
    if (c->p < c->end && strchr("-/,.'", *c->p)) { c->p++; skip_spaces(c); }
}

/* Quarter q of year y as a period; of split year y when split: financial
 * quarters (April to March) become calendar quarters so they order with
 * time, 2016/17 Q1 is April-June 2016. */
static int quarter_period(int y, int q, int split, fp_period *out)
{
    if (!valid_year(y)) return -1;
    out->kind = FP_PERIOD_QUARTER;
    if (split) {
        if (q == 4) { out->year = y + 1; out->sub = 1; }
        else { out->year = y; out->sub = q + 1; }
    } else {
        out->year = y; out->sub = q;
    }
    return 0;
}

/* The year after a leading quarter q: "Q1 2016", "Q1 2016/17", "Q2-2019",
 * "Q2 19". */
static int parse_quarter_year(cur *c, int q, fp_period *out)
{
    int y = 0, split = 0;
    skip_month_year_sep(c);
    if (digit_run(c) == 2) {
        if (read_year_2or4(c, &y) != 0) return -1;
        split = 0;
    } else if (read_year_or_split(c, &y, &split) != 0) {
        return -1;
    }
    if (!at_end(c)) return -1;
    return quarter_period(y, q, split, out);
}

/* A label starting with a month name: "Mar 2016", "March 2016", "Jun-19" (a
 * spreadsheet's month format), and three-month ranges "Apr-Jun 2019",
 * "April to June 2019", which are calendar quarters when they start in
 * January, April, July or October. */
static int parse_month_first(cur *c, fp_period *out)
{
    int y = 0, m = 0;
    if (read_month_name(c, &m) != 0) return -1;
    cur t = *c;
    int m2 = 0;
    if (read_sep(&t) == '-' && t.p < t.end && isalpha((unsigned char)*t.p)) {
        if (read_month_name(&t, &m2) != 0) return -1;
        skip_month_year_sep(&t);
        if (read_year_2or4(&t, &y) != 0 || !at_end(&t) || !valid_year(y)) return -1;
        if ((m - 1) % 3 != 0 || m2 != m + 2) return -1;
        out->kind = FP_PERIOD_QUARTER; out->year = y; out->sub = (m - 1) / 3 + 1;
        *c = t;
        return 0;
    }
    skip_month_year_sep(c);
    if (read_year_2or4(c, &y) != 0 || !at_end(c)) return -1;
    out->kind = FP_PERIOD_MONTH; out->year = y; out->sub = m;
    return valid_year(y) ? 0 : -1;
}

/* parse_year_suffix found no quarter or month after the year. */
#define NO_SUFFIX 1

/* A quarter or month after the 4-digit year y: "2016 Q1", "2016Q1",
 * "2016-Q1"; "2019M06", "2019-M06" (the Eurostat and ONS month code);
 * "2016 Mar", "2016 March". 0 (parsed) or -1, or NO_SUFFIX with *c
 * unchanged. */
static int parse_year_suffix(cur *c, int y, fp_period *out)
{
    int q = 0, m = 0;
    cur t = *c;
    if (t.p < t.end && *t.p == '-') t.p++;
    if (t.p < t.end && (*t.p == 'M' || *t.p == 'm') && (t.p++, digit_run(&t) == 2)
        && read_digits(&t, 2, &m) == 0 && m >= 1 && m <= 12 && at_end(&t)) {
        out->kind = FP_PERIOD_MONTH; out->year = y; out->sub = m;
        *c = t;
        return 0;
    }
    t = *c;
    skip_spaces(&t);
    if (t.p < t.end && *t.p == '-') { t.p++; skip_spaces(&t); }
    if (read_quarter(&t, &q) == 0 && at_end(&t)) { *c = t; return quarter_period(y, q, 0, out); }
    t = *c;
    skip_spaces(&t);
    if (t.p < t.end && isalpha((unsigned char)*t.p) && read_month_name(&t, &m) == 0
        && at_end(&t)) {
        out->kind = FP_PERIOD_MONTH; out->year = y; out->sub = m;
        return 0;
    }
    return NO_SUFFIX;
}

/* What may follow the split year y/y+1 (after its separator sep): nothing
 * ("2016/17"), a financial quarter ("2016/17 Q2") or the end of a span of
 * split years ("2013/14-15/16", "2013/14-2015/16"). */
static int parse_split_more(cur *c, int y, int sep, fp_period *out)
{
    int q = 0;
    cur t = *c;
    if (at_end(&t)) {
        out->kind = FP_PERIOD_SPLIT; out->year = y; out->span = 1;
        *c = t;
        return 0;
    }
    t = *c;
    skip_spaces(&t);
    if (read_quarter(&t, &q) == 0 && at_end(&t)) {
        *c = t;
        return quarter_period(y, q, 1, out);
    }
    t = *c;
    int sep2 = read_sep(&t);
    int ys = 0, sp2 = 0;
    if (sep2 == '-' && sep == '/') {
        /* end part: "15/16" (2-digit) or "2015/16" */
        int r3 = digit_run(&t);
        if (r3 == 2) {
            int a = 0, b = 0;
            read_digits(&t, 2, &a);
            if (t.p >= t.end || *t.p != '/') return -1;
            t.p++;
            if (digit_run(&t) != 2) return -1;
            read_digits(&t, 2, &b);
            if (b != (a + 1) % 100) return -1;
            ys = y - y % 100 + a;
            if (ys < y) ys += 100;
        } else if (read_year_or_split(&t, &ys, &sp2) != 0 || !sp2) {
            return -1;
        }
        if (!at_end(&t) || ys <= y) return -1;
        out->kind = FP_PERIOD_SPAN; out->year = y; out->span = ys - y + 1;
        out->sub = 1;
        *c = t;
        return 0;
    }
    return -1;
}

/* y, separator sep and a second number y2 of run (2 or 4) digits that is
 * not the next year: a span of years ("2014-16", "2014-2016") or a month
 * ("2016-03"; "2010-12" is the span 2010 to 2012). */
static int parse_year_range(cur *c, int y, int y2, int run, int sep, fp_period *out)
{
    int end = run == 4 ? y2 : y - y % 100 + y2;
    if (sep == '/') return -1;  /* "2016/18" is not a split year */
    if (!at_end(c)) return -1;
    if (run == 4) {
        if (y2 <= y) return -1;
        out->kind = FP_PERIOD_SPAN; out->year = y; out->span = y2 - y + 1;
        return 0;
    }
    /* Two-digit end: a forward span within 20 years, else a month. */
    if (end > y && end - y <= 20) {
        out->kind = FP_PERIOD_SPAN; out->year = y; out->span = end - y + 1;
        return 0;
    }
    if (y2 >= 1 && y2 <= 12) {
        out->kind = FP_PERIOD_MONTH; out->year = y; out->sub = y2;
        return 0;
    }
    end += 100;
    if (end > y && end - y <= 20) {
        out->kind = FP_PERIOD_SPAN; out->year = y; out->span = end - y + 1;
        return 0;
    }
    return -1;
}

/* Parse the label without its note: the steps above by how it starts (a
 * quarter, a month name, "201617", or a 4-digit year and what follows). */
static int parse_core(cur *c, fp_period *out)
{
    int y = 0, y2 = 0, q = 0;
    memset(out, 0, sizeof *out);
    skip_spaces(c);
    if (read_quarter(c, &q) == 0) return parse_quarter_year(c, q, out);
    if (c->p < c->end && isalpha((unsigned char)*c->p)) return parse_month_first(c, out);

    int run = digit_run(c);
    if (run == 6) {                 /* "201617" */
        read_digits(c, 4, &y);
        read_digits(c, 2, &y2);
        if (y2 != (y + 1) % 100 || !at_end(c)) return -1;
        out->kind = FP_PERIOD_SPLIT; out->year = y; out->span = 1;
        return valid_year(y) ? 0 : -1;
    }
    if (run != 4) return -1;
    read_digits(c, 4, &y);
    if (!valid_year(y)) return -1;
    if (at_end(c)) {                /* "2016" */
        out->kind = FP_PERIOD_YEAR; out->year = y; out->span = 1;
        return 0;
    }
    int r = parse_year_suffix(c, y, out);
    if (r != NO_SUFFIX) return r;
    int sep = read_sep(c);
    if (!sep) return -1;
    run = digit_run(c);
    if (run == 2 || run == 4) {
        read_digits(c, run, &y2);
        int consecutive = (run == 2) ? (y2 == (y + 1) % 100) : (y2 == y + 1);
        if (consecutive) return parse_split_more(c, y, sep, out);
        return parse_year_range(c, y, y2, run, sep, out);
    }
    if (run == 1 && sep == '-') {   /* "2016-3" */
        read_digits(c, 1, &y2);
        if (y2 < 1 || !at_end(c)) return -1;
        out->kind = FP_PERIOD_MONTH; out->year = y; out->sub = y2;
        return 0;
    }
    return -1;
}

int fp_period_parse(const char *label, fp_period *period)
{
    if (!label || !period) FP_ERROR(FP_EINVAL);
    size_t n = strlen(label);
    const char *end = label + n;
    int variant = 0;
    /* Strip trailing spaces, then a trailing "(note)". */
    while (end > label && (end[-1] == ' ' || end[-1] == '\t')) end--;
    if (end > label && end[-1] == ')') {
        const char *open = end - 1;
        while (open > label && *open != '(') open--;
        if (*open != '(') FP_ERROR(FP_EFORMAT);
        variant = note_variant(open + 1, (size_t)(end - 1 - (open + 1)));
        end = open;
    }
    cur c = { label, end };
    fp_period p;
    if (parse_core(&c, &p) != 0) FP_ERROR(FP_EFORMAT);
    p.variant = variant;
    *period = p;
    return FP_OK;
}

static int cmp_int(int a, int b)
{
    return (a > b) - (a < b);
}

/* The months a period covers, as month numbers (year * 12 + month - 1):
 * years January-December; split years, and spans of them, April-March (the
 * financial year, the library's convention when the calendar is not known:
 * see fp_period_of_month_cal); quarters and months as labelled. */
static void months_covered(const fp_period *p, long *first, long *last)
{
    long y = p->year;
    switch (p->kind) {
    case FP_PERIOD_YEAR:
        *first = y * 12; *last = y * 12 + 11;
        return;
    case FP_PERIOD_SPLIT:
        *first = y * 12 + 3; *last = (y + 1) * 12 + 2;
        return;
    case FP_PERIOD_SPAN:
        if (p->sub) { *first = y * 12 + 3; *last = (y + p->span) * 12 + 2; }
        else { *first = y * 12; *last = (y + p->span - 1) * 12 + 11; }
        return;
    case FP_PERIOD_QUARTER:
        *first = y * 12 + 3 * (p->sub - 1); *last = *first + 2;
        return;
    case FP_PERIOD_MONTH:
        *first = *last = y * 12 + p->sub - 1;
        return;
    }
    *first = *last = y * 12;
}

int fp_period_compare(const fp_period *a, const fp_period *b)
{
    /* By the time covered: the period ending later is later (2020 Q1 <
     * 2020-05 < 2020 Q4); of two ending together, the one starting later
     * (2020 < 2020 Q4 < 2020-12). Then by kind and fields, so that only
     * equal periods compare equal. */
    long fa, la, fb, lb;
    months_covered(a, &fa, &la);
    months_covered(b, &fb, &lb);
    int r;
    if (la != lb) return la < lb ? -1 : 1;
    if (fa != fb) return fa < fb ? -1 : 1;
    if ((r = cmp_int((int)a->kind, (int)b->kind)) != 0) return r;
    if ((r = cmp_int(a->year, b->year)) != 0) return r;
    if ((r = cmp_int(a->span, b->span)) != 0) return r;
    if ((r = cmp_int(a->sub, b->sub)) != 0) return r;
    return cmp_int(a->variant, b->variant);
}

int fp_period_is_next(const fp_period *a, const fp_period *b)
{
    if (a->kind != b->kind) return 0;
    switch (a->kind) {
    case FP_PERIOD_YEAR:
    case FP_PERIOD_SPLIT:
        return b->year == a->year + 1;
    case FP_PERIOD_SPAN:
        return a->span == b->span && a->sub == b->sub && b->year == a->year + 1;
    case FP_PERIOD_QUARTER:
    case FP_PERIOD_MONTH:
        return fp_period_index(b) == fp_period_index(a) + 1;
    }
    return 0;
}

long fp_period_index(const fp_period *p)
{
    switch (p->kind) {
    case FP_PERIOD_QUARTER: return (long)p->year * 4 + (p->sub - 1);
    case FP_PERIOD_MONTH: return (long)p->year * 12 + (p->sub - 1);
    default: return p->year;
    }
}

int fp_period_format(const fp_period *p, char *buf, size_t size)
{
    int n;
    if (!p || !buf) FP_ERROR(FP_EINVAL);
    switch (p->kind) {
    case FP_PERIOD_YEAR:
        n = snprintf(buf, size, "%d", p->year);
        break;
    case FP_PERIOD_SPLIT:
        n = snprintf(buf, size, "%d/%02d", p->year, (p->year + 1) % 100);
        break;
    case FP_PERIOD_SPAN: {
        int last = p->year + p->span - 1;
        if (p->sub)
            n = snprintf(buf, size, "%d/%02d-%02d/%02d", p->year, (p->year + 1) % 100,
                         last % 100, (last + 1) % 100);
        else
            n = snprintf(buf, size, "%d-%02d", p->year, last % 100);
        break;
    }
    case FP_PERIOD_QUARTER:
        n = snprintf(buf, size, "%d Q%d", p->year, p->sub);
        break;
    case FP_PERIOD_MONTH:
        n = snprintf(buf, size, "%d-%02d", p->year, p->sub);
        break;
    default:
        FP_ERROR(FP_EINVAL);
    }
    if (n < 0 || (size_t)n >= size) FP_ERROR(FP_ERANGE);
    return FP_OK;
}

/* The class is a number built from the kind, span, variant and (for spans)
 * whether the span is of split years, so that two periods share a class
 * exactly when their fp_period_index values lie on one time axis. */
long fp_period_class(const fp_period *p)
{
    return ((long)p->kind * 100 + p->span) * 10 + p->variant * 2
           + (p->kind == FP_PERIOD_SPAN ? p->sub : 0) * 4;
}

void fp_period_next(const fp_period *p, fp_period *next)
{
    *next = *p;
    switch (p->kind) {
    case FP_PERIOD_QUARTER:
        if (++next->sub > 4) { next->sub = 1; next->year++; }
        break;
    case FP_PERIOD_MONTH:
        if (++next->sub > 12) { next->sub = 1; next->year++; }
        break;
    default:            /* years, split years and rolling spans move by a year */
        next->year++;
        break;
    }
}
