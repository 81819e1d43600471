#include "output/offsets.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace whosaid::output {

size_t CountUnits(std::string_view bytes, bool utf16) {
  // A byte starts a character unless it is a continuation byte (10xxxxxx);
  // a 4-byte lead (11110xxx) starts a surrogate pair in UTF-16.
  size_t count = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen at a time: a comparison gives -1 in the bytes it holds for,
  // subtracted into byte counters (of continuation bytes, of bytes below
  // 0xF0) that are summed (_mm_sad_epu8) before they can pass 255. (A
  // popcount of the comparison's bit mask is a call into libgcc on a build
  // for any x86-64.)
  const __m128i top = _mm_set1_epi8(static_cast<char>(0xC0));
  const __m128i continuation = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i below_f0 = _mm_set1_epi8(static_cast<char>(0xEF));
  const __m128i zero = _mm_setzero_si128();
  __m128i sums = zero;  // continuation bytes + (utf16: bytes below 0xF0)
  const size_t vector_bytes = n / 16 * 16;
  while (i < vector_bytes) {
    const size_t blocks = std::min<size_t>((vector_bytes - i) / 16, 255);
    __m128i follows = zero;
    __m128i low = zero;
    for (size_t b = 0; b < blocks; ++b, i += 16) {
      const __m128i x =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      follows = _mm_sub_epi8(
          follows, _mm_cmpeq_epi8(_mm_and_si128(x, top), continuation));
      // x < 0xF0: min(x, 0xEF) == x.
      if (utf16) {
        low = _mm_sub_epi8(low, _mm_cmpeq_epi8(_mm_min_epu8(x, below_f0), x));
      }
    }
    sums = _mm_add_epi64(sums, _mm_sad_epu8(follows, zero));
    sums = _mm_add_epi64(sums, _mm_sad_epu8(low, zero));
  }
  const size_t counted =
      static_cast<size_t>(_mm_cvtsi128_si64(sums)) +
      static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  // Every byte starts a character but for the continuation bytes; in
  // UTF-16, every byte from 0xF0 up starts a second unit.
  count = (utf16 ? 2 : 1) * vector_bytes - counted;
#endif
  for (; i < n; ++i) {
    count += static_cast<size_t>((p[i] & 0xC0) != 0x80) +
             static_cast<size_t>(utf16 && p[i] >= 0xF0);
  }
  return count;
}

void OffsetConverter::Build() {
  if (unit_ == OffsetUnit::kBytes || added_.empty()) return;
  // (byte offset, index in added_), in byte order.
  offsets_.resize(added_.size());
  for (size_t i = 0; i < added_.size(); ++i) offsets_[i] = {added_[i], i};
  std::sort(offsets_.begin(), offsets_.end());
  converted_.resize(added_.size());
  const bool utf16 = unit_ == OffsetUnit::kUtf16;
  size_t at = 0;     // bytes walked
  size_t units = 0;  // units in text_[0, at)
  for (auto& [byte_offset, slot] : offsets_) {
    const size_t target = std::min(byte_offset, text_.size());
    units += CountUnits(text_.substr(at, target - at), utf16);
    at = target;
    converted_[slot] = units;
    slot = units;  // the pair now maps the byte offset to its units
  }
  next_ = 0;
}

size_t OffsetConverter::Convert(size_t byte_offset) {
  if (unit_ == OffsetUnit::kBytes) return byte_offset;
  if (next_ < added_.size() && added_[next_] == byte_offset) {
    return converted_[next_++];
  }
  const auto it = std::lower_bound(
      offsets_.begin(), offsets_.end(), std::make_pair(byte_offset, size_t{0}),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  if (it == offsets_.end() || it->first != byte_offset) return byte_offset;
  return it->second;
}

}  // namespace whosaid::output
