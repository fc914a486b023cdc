// The byte scan of a plain claims-file record, 16 bytes per step with SSE2
// (scalar elsewhere): the hot loop of `fundsim settle`'s reader, which Swift
// cannot write with vector compares and movemask.
#ifndef FUNDSIM_CSCAN_H
#define FUNDSIM_CSCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Scans the record that starts at p[start] (not a blank line) when it is plain:
/// no quote and no CR before its LF. Writes the offset of each field's end
/// (the comma or the LF after it) to ends[0..<*fields] and returns the offset
/// of the LF. Sets *high to non-zero when a byte of the record is >= 0x80
/// (the caller then checks UTF-8). Returns -1, with *fields and *high
/// unspecified, when the record has a quote or a CR before its LF, more than
/// `capacity` fields, or no LF before p[count]: the general scanner takes it.
static inline __attribute__((always_inline)) ptrdiff_t
fundsim_scan_plain_record(const uint8_t *p, ptrdiff_t start, ptrdiff_t count,
                          ptrdiff_t *ends, ptrdiff_t capacity, ptrdiff_t *fields, uint32_t *high) {
    ptrdiff_t i = start, k = 0;
    uint32_t hi = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n');
    const __m128i quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
    while (i + 16 <= count) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        uint32_t mc = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
        uint32_t ml = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
        uint32_t mb = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)));
        uint32_t h = (uint32_t)_mm_movemask_epi8(v);
        // The bytes before the first LF of the step (all 16 without one).
        uint32_t before = ml ? (ml & (0u - ml)) - 1u : 0xFFFFu;
        if (mb & before) return -1;
        mc &= before;
        hi |= h & before;
        while (mc) {
            if (k == capacity) return -1;
            ends[k++] = i + __builtin_ctz(mc);
            mc &= mc - 1u;
        }
        if (ml) {
            if (k == capacity) return -1;
            ptrdiff_t end = i + __builtin_ctz(ml);
            ends[k++] = end;
            *fields = k;
            *high = hi;
            return end;
        }
        i += 16;
    }
#endif
    for (; i < count; i++) {
        uint8_t c = p[i];
        hi |= c & 0x80u;
        if (c == ',' || c == '\n') {
            if (k == capacity) return -1;
            ends[k++] = i;
            if (c == '\n') {
                *fields = k;
                *high = hi;
                return i;
            }
        } else if (c == '"' || c == '\r') {
            return -1;
        }
    }
    return -1;
}

#endif
