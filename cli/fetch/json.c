/* json.c -- a small recursive-descent JSON reader (RFC 8259) for the API
 * responses `fingerpost fetch` turns into files; see json.h. */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t len, pos;
    char *err;
    size_t errn;
} parser;

static int fail(parser *p, const char *why)
{
    if (p->errn) snprintf(p->err, p->errn, "byte %zu: %s", p->pos + 1, why);
    return -1;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'
                               || p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

static fpj *node(fpj_type t)
{
    fpj *v = calloc(1, sizeof *v);
    if (v) v->type = t;
    return v;
}

void fpj_free(fpj *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->n; i++) {
        fpj_free(v->kids[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->kids);
    free(v->keys);
    free(v->str);
    free(v);
}

/* Append the UTF-8 encoding of code point cp to buf at *k. */
static void put_utf8(char *buf, size_t *k, uint32_t cp)
{
    if (cp < 0x80) buf[(*k)++] = (char)cp;
    else if (cp < 0x800) {
        buf[(*k)++] = (char)(0xC0 | (cp >> 6));
        buf[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        buf[(*k)++] = (char)(0xE0 | (cp >> 12));
        buf[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        buf[(*k)++] = (char)(0xF0 | (cp >> 18));
        buf[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(parser *p, uint32_t *cp)
{
    if (p->pos + 4 > p->len) return fail(p, "short \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p->s[p->pos++];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return fail(p, "bad \\u escape");
    }
    *cp = v;
    return 0;
}

/* A string starting at the opening quote; *out newly allocated. The
 * decoded text is never longer than the source. */
static int parse_string(parser *p, char **out)
{
    p->pos++;
    size_t start = p->pos;
    while (p->pos < p->len && p->s[p->pos] != '"') p->pos += p->s[p->pos] == '\\' ? 2 : 1;
    if (p->pos >= p->len) return fail(p, "unterminated string");
    size_t end = p->pos;
    char *buf = malloc(end - start + 1);
    if (!buf) return fail(p, "out of memory");
    size_t k = 0;
    p->pos = start;
    while (p->pos < end) {
        unsigned char c = (unsigned char)p->s[p->pos++];
        if (c < 0x20) { free(buf); return fail(p, "control character in a string"); }
        if (c != '\\') { buf[k++] = (char)c; continue; }
        char e = p->s[p->pos++];
        switch (e) {
        case '"': buf[k++] = '"'; break;
        case '\\': buf[k++] = '\\'; break;
        case '/': buf[k++] = '/'; break;
        case 'b': buf[k++] = '\b'; break;
        case 'f': buf[k++] = '\f'; break;
        case 'n': buf[k++] = '\n'; break;
        case 'r': buf[k++] = '\r'; break;
        case 't': buf[k++] = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (hex4(p, &cp)) { free(buf); return -1; }
            if (cp >= 0xD800 && cp < 0xDC00 && p->pos + 6 <= end && p->s[p->pos] == '\\'
                && p->s[p->pos + 1] == 'u') {
                p->pos += 2;
                if (hex4(p, &lo)) { free(buf); return -1; }
                if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else { put_utf8(buf, &k, 0xFFFD); cp = lo; }
            }
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;   /* a lone surrogate */
            put_utf8(buf, &k, cp);
            break;
        }
        default: free(buf); return fail(p, "bad escape in a string");
        }
    }
    buf[k] = '\0';
    p->pos = end + 1;
    *out = buf;
    return 0;
}

static int parse_value(parser *p, fpj **out, int depth);

/* Append a member (growing the arrays geometrically: area lists run to
 * tens of thousands of items). */
static int add_kid(fpj *v, fpj *kid, char *key)
{
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 8;
        fpj **nk = realloc(v->kids, nc * sizeof *nk);
        if (!nk) return -1;
        v->kids = nk;
        if (v->type == FPJ_OBJECT) {
            char **nkeys = realloc(v->keys, nc * sizeof *nkeys);
            if (!nkeys) return -1;
            v->keys = nkeys;
        }
        v->cap = nc;
    }
    if (v->type == FPJ_OBJECT) v->keys[v->n] = key;
    v->kids[v->n++] = kid;
    return 0;
}

/* An array or object starting at its opening bracket. */
static int parse_container(parser *p, fpj **out, int depth)
{
    int obj = p->s[p->pos] == '{';
    char close = obj ? '}' : ']';
    if (depth >= FPJ_MAX_DEPTH) return fail(p, "nested too deeply");
    fpj *v = node(obj ? FPJ_OBJECT : FPJ_ARRAY);
    if (!v) return fail(p, "out of memory");
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) { p->pos++; *out = v; return 0; }
    for (;;) {
        char *key = NULL;
        skip_ws(p);
        if (obj) {
            if (p->pos >= p->len || p->s[p->pos] != '"') { fpj_free(v); return fail(p, "expected a member name"); }
            if (parse_string(p, &key)) { fpj_free(v); return -1; }
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                free(key); fpj_free(v);
                return fail(p, "expected ':'");
            }
            p->pos++;
        }
        fpj *kid = NULL;
        if (parse_value(p, &kid, depth + 1)) { free(key); fpj_free(v); return -1; }
        if (add_kid(v, kid, key)) { free(key); fpj_free(kid); fpj_free(v); return fail(p, "out of memory"); }
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') { p->pos++; continue; }
        if (p->pos < p->len && p->s[p->pos] == close) { p->pos++; *out = v; return 0; }
        fpj_free(v);
        return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->pos + n > p->len || strncmp(p->s + p->pos, word, n) != 0) return 0;
    p->pos += n;
    return 1;
}

static int parse_number(parser *p, fpj **out)
{
    size_t start = p->pos;
    if (p->s[p->pos] == '-') p->pos++;
    size_t digits = p->pos;
    while (p->pos < p->len && p->s[p->pos] && strchr("0123456789.eE+-", p->s[p->pos])) p->pos++;
    if (p->pos == digits || p->pos - start > 60) return fail(p, "bad number");
    char buf[64];
    memcpy(buf, p->s + start, p->pos - start);
    buf[p->pos - start] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (*end) return fail(p, "bad number");
    fpj *v = node(FPJ_NUMBER);
    if (!v) return fail(p, "out of memory");
    v->number = d;
    *out = v;
    return 0;
}

static int parse_value(parser *p, fpj **out, int depth)
{
    skip_ws(p);
    if (p->pos >= p->len) return fail(p, "unexpected end");
    char c = p->s[p->pos];
    if (c == '{' || c == '[') return parse_container(p, out, depth);
    if (c == '"') {
        fpj *v = node(FPJ_STRING);
        if (!v) return fail(p, "out of memory");
        if (parse_string(p, &v->str)) { free(v); return -1; }
        *out = v;
        return 0;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(p, out);
    fpj *v = NULL;
    if (literal(p, "true")) { v = node(FPJ_BOOL); if (v) v->boolean = 1; }
    else if (literal(p, "false")) v = node(FPJ_BOOL);
    else if (literal(p, "null")) v = node(FPJ_NULL);
    else return fail(p, "unexpected character");
    if (!v) return fail(p, "out of memory");
    *out = v;
    return 0;
}

int fpj_parse(const char *text, size_t len, fpj **out, char *err, size_t errn)
{
    parser p = { text, len, 0, err, errn };
    *out = NULL;
    /* A UTF-8 byte order mark is allowed before the text. */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) p.pos = 3;
    fpj *v = NULL;
    if (parse_value(&p, &v, 0)) return -1;
    skip_ws(&p);
    if (p.pos != p.len) { fpj_free(v); return fail(&p, "text after the value"); }
    *out = v;
    return 0;
}

const fpj *fpj_get(const fpj *v, const char *key)
{
    if (!v || v->type != FPJ_OBJECT) return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->keys[i], key)) return v->kids[i];
    return NULL;
}

const char *fpj_str(const fpj *v)
{
    return v && v->type == FPJ_STRING ? v->str : NULL;
}
