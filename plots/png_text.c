/* png_text.c -- alt text inside PNG charts: the chart's title and
 * description as iTXt chunks with the PNG keywords "Title" and
 * "Description" (PNG specification, 3rd edition, W3C 2025, section 11.3.3
 * "Textual information": predefined keywords, and the iTXt layout), so a
 * PNG pasted into a document still carries its text alternative.
 *
 * The functions here are pure (bytes in, bytes out); the renderer
 * (gnuplot.c) reads gnuplot's temporary image, adds the chunks and writes
 * the result atomically under the chart's name.
 *
 * A PNG is the 8-byte signature followed by chunks: a 4-byte big-endian
 * data length, a 4-byte type, the data, and a CRC-32 over type and data
 * (specification section 5.3 and Annex D). An iTXt chunk's data is: the
 * keyword, NUL, compression flag (0), compression method (0), language tag,
 * NUL, translated keyword, NUL, then the UTF-8 text without a terminator. */
#include "plots_internal.h"

#include <stdlib.h>
#include <string.h>

uint32_t fpp__crc32(uint32_t crc, const void *data, size_t n)
{
    /* Bit at a time: the chunks we checksum are a few hundred bytes, so a
     * table buys nothing and this cannot be got wrong by a bad constant. */
    const unsigned char *p = data;
    uint32_t c = crc ^ 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static uint32_t get_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A text chunk (tEXt, zTXt, iTXt) whose keyword is "Title" or
 * "Description": the ones we replace. */
static int is_our_text(const unsigned char *type, const unsigned char *data, uint32_t n)
{
    if (memcmp(type, "tEXt", 4) && memcmp(type, "zTXt", 4) && memcmp(type, "iTXt", 4)) return 0;
    static const char *const keys[2] = { "Title", "Description" };
    for (int i = 0; i < 2; i++) {
        size_t k = strlen(keys[i]);
        if (n > k && !memcmp(data, keys[i], k) && data[k] == '\0') return 1;
    }
    return 0;
}

/* Append one iTXt chunk for keyword/text to b (nothing when text is NULL
 * or empty). 0 ok, -1 when the text is too long for a chunk. */
static int add_itxt(fpp__buf *b, const char *keyword, const char *text)
{
    if (!text || !*text) return 0;
    fpp__buf t;
    fpp__buf_init(&t);
    fpp__buf_plain(&t, text, 1);
    if (t.failed) { b->failed = 1; fpp__buf_free(&t); return 0; }
    static const char lang[] = "en-GB";
    size_t klen = strlen(keyword);
    /* keyword NUL flag method lang NUL (empty translated keyword) NUL text */
    size_t n = klen + 1 + 2 + sizeof lang + 1 + t.len;
    if (n > 0x7FFFFFFFu) { fpp__buf_free(&t); return -1; }
    unsigned char head[8];
    put_be32(head, (uint32_t)n);
    memcpy(head + 4, "iTXt", 4);
    size_t start = b->len;
    fpp__buf_addn(b, (const char *)head, 8);
    fpp__buf_addn(b, keyword, klen + 1);           /* with its NUL */
    fpp__buf_addn(b, "\0\0", 2);                   /* not compressed, method 0 */
    fpp__buf_addn(b, lang, sizeof lang);           /* with its NUL */
    fpp__buf_addn(b, "", 1);                       /* empty translated keyword */
    if (t.len) fpp__buf_addn(b, t.s, t.len);
    fpp__buf_free(&t);
    if (b->failed) return 0;
    unsigned char crc[4];
    put_be32(crc, fpp__crc32(0, b->s + start + 4, 4 + n));
    fpp__buf_addn(b, (const char *)crc, 4);
    return 0;
}

int fpp__png_add_text(const unsigned char *png, size_t len, const char *title,
                      const char *desc, unsigned char **out, size_t *out_len)
{
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (!png || !out || !out_len) return FP_EINVAL;
    if (len < 8 + 12 || memcmp(png, png_sig, 8) || memcmp(png + 12, "IHDR", 4))
        return FP_EINVAL;
    fpp__buf b;
    fpp__buf_init(&b);
    fpp__buf_addn(&b, (const char *)png, 8);
    size_t off = 8;
    int found_iend = 0;
    while (!found_iend) {
        if (len - off < 12) break;                 /* no room for a chunk */
        uint32_t n = get_be32(png + off);
        if (n > 0x7FFFFFFFu || n > len - off - 12) break;
        const unsigned char *type = png + off + 4, *data = png + off + 8;
        size_t whole = (size_t)n + 12;
        if (!memcmp(type, "IEND", 4)) {
            if (add_itxt(&b, "Title", title) != 0 || add_itxt(&b, "Description", desc) != 0) {
                fpp__buf_free(&b);
                return FP_EINVAL;
            }
            found_iend = 1;
        }
        if (!is_our_text(type, data, n)) fpp__buf_addn(&b, (const char *)png + off, whole);
        off += whole;
    }
    if (!found_iend) { fpp__buf_free(&b); return FP_EINVAL; }
    if (b.failed) { fpp__buf_free(&b); return FP_ENOMEM; }
    *out_len = b.len;
    *out = (unsigned char *)b.s;  /* the buffer's NUL terminator is harmless */
    return FP_OK;
}
