// One input document, as read from a text file or a JSONL line.
#ifndef WHOSAID_DOCUMENT_H_
#define WHOSAID_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace whosaid {

// A field copied from the input record into every output row (--keep-fields).
struct KeptField {
  std::string name;
  // The value as raw JSON (a string keeps its quotes and escapes); "null"
  // when the record has no such field.
  std::string json;
  // The value for TSV/CSV: a string's unescaped content, otherwise the raw
  // JSON text; empty for null or a missing field.
  std::string text;
};

struct Document {
  std::string id;
  // Valid UTF-8 (the reader repairs invalid sequences to U+FFFD).
  std::string text;
  std::vector<KeptField> kept;  // in --keep-fields order
  // Where the document came from: "path" or "path:line". For messages.
  std::string origin;
  // 0-based position in the input stream; output is written in this order.
  uint64_t ordinal = 0;
  // Non-fatal problems met while reading (repaired invalid UTF-8, ...), each
  // a full message naming the place.
  std::vector<std::string> warnings;
};

}  // namespace whosaid

#endif  // WHOSAID_DOCUMENT_H_
