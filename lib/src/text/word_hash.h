// The hash of a word, shared by the tables that look words up by their
// bytes: WordClasses (rules over words) and WordSet.
#ifndef WHOSAID_TEXT_WORD_HASH_H_
#define WHOSAID_TEXT_WORD_HASH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace whosaid::text {

// A word's bytes p[0, n) eight at a time (a word of a sentence is read in
// place, its eight-byte loads masked to the word).
inline uint64_t WordChunk(const char* p, size_t n, bool may_overread) {
  uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (may_overread) {
    std::memcpy(&v, p, 8);
    return n >= 8 ? v : v & (~uint64_t{0} >> (64 - 8 * n));
  }
#else
  (void)may_overread;
#endif
  char buf[8] = {0};
  std::memcpy(buf, p, std::min<size_t>(n, 8));
  std::memcpy(&v, buf, 8);
  return v;
}

// The hash of p[0, n); `end`: where the readable bytes after the word end.
// Never 0, so that 0 can mark an empty slot.
inline uint32_t HashWord(const char* p, size_t n, const char* end) {
  uint64_t h = n * 0x9E3779B97F4A7C15ULL;
  for (;;) {
    const size_t k = std::min<size_t>(n, 8);
    h = (h ^ WordChunk(p, k, end - p >= 8)) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 29;
    if (n <= 8) break;
    p += 8;
    n -= 8;
  }
  h *= 0xC4CEB9FE1A85EC53ULL;
  return static_cast<uint32_t>(h >> 32) | 1;
}

inline uint32_t HashWord(std::string_view w) {
  return HashWord(w.data(), w.size(), w.data() + w.size());
}

}  // namespace whosaid::text

#endif  // WHOSAID_TEXT_WORD_HASH_H_
