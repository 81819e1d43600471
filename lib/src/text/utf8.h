// Small UTF-8 helpers shared by the pipeline stages. Input is valid UTF-8
// (the reader repairs it), so decoding does not re-validate.
#ifndef WHOSAID_TEXT_UTF8_H_
#define WHOSAID_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace whosaid::text {

// An ASCII letter or digit (what std::isalnum says in the C locale,
// without its call).
constexpr bool IsAsciiAlnum(unsigned char b) {
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
         (b >= '0' && b <= '9');
}

// Decodes the code point starting at s[i]; sets *len to its byte length.
inline char32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  auto cont = [&](size_t k) -> char32_t {
    return i + k < s.size() ? (static_cast<unsigned char>(s[i + k]) & 0x3F) : 0;
  };
  if (b0 < 0xE0) {
    *len = 2;
    return ((b0 & 0x1F) << 6) | cont(1);
  }
  if (b0 < 0xF0) {
    *len = 3;
    return ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
  }
  *len = 4;
  return ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

// The first position in s[i, end) whose byte is not ASCII or is one of
// `Stops` (ASCII bytes); `end` when there is none. The scans of every byte
// of the text (quote marks, sentence terminators) use it to step over the
// bytes they have nothing to do at, sixteen (SSE2) or eight at a time.
template <char... Stops>
inline size_t FindNonAsciiOr(std::string_view s, size_t i, size_t end) {
#if defined(__SSE2__)
  // Sixteen at a time: a byte's high bit, or'ed with its comparisons.
  while (i + 16 <= end) {
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = x;
    ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(Stops)))), ...);
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  // Nonzero when some byte of v is zero (exact as a test, not as a place).
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  (void)has_zero;  // no stops: only the high bits count
  while (i + 8 <= end) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    uint64_t hit = x & kHighs;
    ((hit |= has_zero(x ^ (kOnes * static_cast<unsigned char>(Stops)))), ...);
    if (hit != 0) break;
    i += 8;
  }
  for (; i < end; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80 || ((b == static_cast<unsigned char>(Stops)) || ...)) break;
  }
  return i;
}

// The first position in s[i, end) whose byte is one of `Stops`, which may
// be the first bytes of UTF-8 sequences; `end` when there is none. Text in
// other scripts than the stops' is stepped over as fast as ASCII.
template <unsigned char... Stops>
inline size_t FindAnyOf(std::string_view s, size_t i, size_t end) {
#if defined(__SSE2__)
  while (i + 16 <= end) {
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_setzero_si128();
    ((hit = _mm_or_si128(
          hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(Stops))))),
     ...);
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  for (; i < end; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (((b == Stops) || ...)) break;
  }
  return i;
}

// Returns the start of the code point that ends at byte `end` (exclusive).
inline size_t PrevStart(std::string_view s, size_t end) {
  size_t i = end;
  while (i > 0) {
    --i;
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) break;
  }
  return i;
}

inline void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Unicode white space as news text uses it (incl. NBSP and thin spaces).
inline bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

}  // namespace whosaid::text

#endif  // WHOSAID_TEXT_UTF8_H_
