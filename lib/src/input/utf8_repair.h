// UTF-8 validation and repair for the reader (RepairUtf8 itself is public,
// in whosaid/reader.h). Other stages get valid UTF-8 and never re-check.
#ifndef WHOSAID_INPUT_UTF8_REPAIR_H_
#define WHOSAID_INPUT_UTF8_REPAIR_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace whosaid::input {

// Returns the offset of the first byte of `s` that does not begin a
// well-formed UTF-8 sequence (Unicode Table 3-7), or std::string::npos.
size_t FindInvalidUtf8(std::string_view s);

// Length of the well-formed sequence at s[i], or 0 when there is none; then
// *bad_length is the length of the maximal subpart to replace (>= 1).
size_t Utf8SequenceLength(std::string_view s, size_t i, size_t* bad_length);

// Replaces every JSON escape of a lone UTF-16 surrogate (\ud800 not followed
// by a low surrogate escape, or a lone \udc00) in the raw JSON text `json`
// by \ufffd, in place (same length). Python writes such escapes for strings
// holding lone surrogates; simdjson rejects them. Returns the offset of the
// first replaced escape, or std::string::npos when there was none.
size_t ReplaceLoneSurrogateEscapes(std::string* json);

}  // namespace whosaid::input

#endif  // WHOSAID_INPUT_UTF8_REPAIR_H_
