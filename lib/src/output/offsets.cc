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
  // Sixteen at a time, counted from the bit masks of the comparisons (the
  // compiler's own vectorisation widened every byte to a 64-bit counter).
  const __m128i top = _mm_set1_epi8(static_cast<char>(0xC0));
  const __m128i continuation = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i below_f0 = _mm_set1_epi8(static_cast<char>(0xEF));
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const int follows =
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x, top), continuation));
    count += 16 - static_cast<size_t>(__builtin_popcount(follows));
    if (utf16) {
      // x >= 0xF0: not min(x, 0xEF) == x.
      const int low =
          _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, below_f0), x));
      count += 16 - static_cast<size_t>(__builtin_popcount(low));
    }
  }
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
