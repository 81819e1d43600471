// Byte offsets into a UTF-8 text converted to code points or UTF-16 units,
// for all the rows of a document in one pass over the text.
#ifndef WHOSAID_OUTPUT_OFFSETS_H_
#define WHOSAID_OUTPUT_OFFSETS_H_

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "whosaid/writer.h"

namespace whosaid::output {

// Usage: Add() every offset, Build() once, then Convert() any added offset.
// Build() sorts the offsets and walks the text once up to the largest:
// O(text + n log n) for n offsets, instead of a walk per offset.
class OffsetConverter {
 public:
  OffsetConverter(std::string_view text, OffsetUnit unit)
      : text_(text), unit_(unit) {}

  // Room for `count` offsets, so that Add() does not grow the buffer.
  void Reserve(size_t count) {
    if (unit_ != OffsetUnit::kBytes) added_.reserve(count);
  }
  void Add(size_t byte_offset) {
    if (unit_ != OffsetUnit::kBytes) added_.push_back(byte_offset);
  }
  void Build();

  // The offset in the converter's unit. An offset inside a multi-byte
  // character counts the characters that begin before it. For code points
  // and UTF-16, an offset past the end of the text counts as the end. An
  // offset that was not added comes back unchanged (a byte offset), as does
  // every offset for kBytes, which needs no table.
  //
  // Offsets asked for in the order they were added (as the writer does)
  // are answered in that order, without a search.
  size_t Convert(size_t byte_offset);

 private:
  std::string_view text_;
  OffsetUnit unit_;
  std::vector<size_t> added_;      // in the order of Add()
  std::vector<size_t> converted_;  // of each added offset, in that order
  size_t next_ = 0;                // the added offset Convert() expects
  std::vector<std::pair<size_t, size_t>> offsets_;  // byte -> converted
};

// Counts code points (lead bytes) in `bytes`; with `utf16`, characters
// outside the BMP (4-byte sequences) count twice.
size_t CountUnits(std::string_view bytes, bool utf16);

}  // namespace whosaid::output

#endif  // WHOSAID_OUTPUT_OFFSETS_H_
