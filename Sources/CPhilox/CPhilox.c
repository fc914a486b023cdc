#include "CPhilox.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

// Whether this CPU and OS run AVX2 code: CPUID AVX2 and AVX, and XGETBV (the OS saves the ymm registers).
static int avx2Supported(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 6) != 6) return 0;  // the OS saves xmm and ymm state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}

// The high and low 32 bits of the eight products x × m (lanes of 32 bits, m < 2^32 in every
// 64-bit lane): vpmuludq multiplies the even lanes, and the odd lanes shifted down; a blend
// of each product's halves puts them back in their lanes.
__attribute__((target("avx2"))) static inline void mulhilo8(__m256i x, __m256i m, __m256i *hi, __m256i *lo) {
    __m256i even = _mm256_mul_epu32(x, m);
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

// Writes the eight blocks of lanes (x0, x1, x2, x3) block after block: 4×4 transposes of each
// 128-bit half (blocks 0–3 in the low halves, 4–7 in the high ones).
__attribute__((target("avx2"))) static inline void store8(__m256i x0, __m256i x1, __m256i x2, __m256i x3, uint32_t *out) {
    __m256i a = _mm256_unpacklo_epi32(x0, x1);  // b0w0 b0w1 b1w0 b1w1 | b4…
    __m256i b = _mm256_unpackhi_epi32(x0, x1);  // b2w0 b2w1 b3w0 b3w1 | b6…
    __m256i c = _mm256_unpacklo_epi32(x2, x3);  // b0w2 b0w3 b1w2 b1w3 | b4…
    __m256i d = _mm256_unpackhi_epi32(x2, x3);  // b2w2 b2w3 b3w2 b3w3 | b6…
    __m256i blocks04 = _mm256_unpacklo_epi64(a, c), blocks15 = _mm256_unpackhi_epi64(a, c);
    __m256i blocks26 = _mm256_unpacklo_epi64(b, d), blocks37 = _mm256_unpackhi_epi64(b, d);
    _mm256_storeu_si256((__m256i *)(out + 0), _mm256_permute2x128_si256(blocks04, blocks15, 0x20));
    _mm256_storeu_si256((__m256i *)(out + 8), _mm256_permute2x128_si256(blocks26, blocks37, 0x20));
    _mm256_storeu_si256((__m256i *)(out + 16), _mm256_permute2x128_si256(blocks04, blocks15, 0x31));
    _mm256_storeu_si256((__m256i *)(out + 24), _mm256_permute2x128_si256(blocks26, blocks37, 0x31));
}

__attribute__((target("avx2"))) static void philox16(const uint32_t *counter, int varying, uint32_t k0, uint32_t k1, uint32_t *out) {
    __m256i a[4], b[4];
    for (int w = 0; w < 4; w++) a[w] = b[w] = _mm256_set1_epi32((int)counter[w]);
    a[varying] = _mm256_add_epi32(a[varying], _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    b[varying] = _mm256_add_epi32(b[varying], _mm256_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15));
    __m256i a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
    const __m256i m0 = _mm256_set1_epi64x(0xD2511F53), m1 = _mm256_set1_epi64x(0xCD9E8D57);
    for (int round = 0; round < 10; round++) {
        const __m256i key0 = _mm256_set1_epi32((int)k0), key1 = _mm256_set1_epi32((int)k1);
        __m256i ahi0, alo0, ahi1, alo1, bhi0, blo0, bhi1, blo1;
        mulhilo8(a0, m0, &ahi0, &alo0);
        mulhilo8(a2, m1, &ahi1, &alo1);
        mulhilo8(b0, m0, &bhi0, &blo0);
        mulhilo8(b2, m1, &bhi1, &blo1);
        a0 = _mm256_xor_si256(_mm256_xor_si256(ahi1, a1), key0);
        a1 = alo1;
        a2 = _mm256_xor_si256(_mm256_xor_si256(ahi0, a3), key1);
        a3 = alo0;
        b0 = _mm256_xor_si256(_mm256_xor_si256(bhi1, b1), key0);
        b1 = blo1;
        b2 = _mm256_xor_si256(_mm256_xor_si256(bhi0, b3), key1);
        b3 = blo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    store8(a0, a1, a2, a3, out);
    store8(b0, b1, b2, b3, out + 32);
}

// 1: AVX2; 0: none; -1: not asked yet (asking twice is harmless).
static int avx2 = -1;

int fundsim_philox16_avx2(const uint32_t *counter, int varying, uint32_t k0, uint32_t k1, uint32_t *out) {
    int known = __atomic_load_n(&avx2, __ATOMIC_RELAXED);
    if (known < 0) {
        known = avx2Supported();
        __atomic_store_n(&avx2, known, __ATOMIC_RELAXED);
    }
    if (!known) return 0;
    philox16(counter, varying, k0, k1, out);
    return 1;
}

#else

int fundsim_philox16_avx2(const uint32_t *counter, int varying, uint32_t k0, uint32_t k1, uint32_t *out) {
    (void)counter; (void)varying; (void)k0; (void)k1; (void)out;
    return 0;
}

#endif
