// One JSONL record to one Document, with simdjson's DOM parser (it validates
// the whole line, UTF-8 included, at over 1 GB/s).
#ifndef WHOSAID_INPUT_JSONL_H_
#define WHOSAID_INPUT_JSONL_H_

#include <simdjson.h>

#include <string>

#include "whosaid/document.h"
#include "whosaid/reader.h"
#include "whosaid/status.h"

namespace whosaid::input {

class JsonlRecordParser {
 public:
  explicit JsonlRecordParser(const ReaderOptions& options);

  // Parses `line` (one record, no line end, no BOM) into doc->id, doc->text
  // and doc->kept; warnings go to doc->warnings as full messages starting
  // with `origin`. The line may be rewritten: invalid UTF-8 is repaired and
  // escapes of lone surrogates become \ufffd, and then *repaired_utf8 is set.
  // Its capacity may grow by simdjson's padding. A failure's message lacks
  // the origin prefix ("invalid JSON: ...").
  Status Parse(std::string* line, const std::string& origin, Document* doc,
               bool* repaired_utf8);

 private:
  simdjson::error_code ParseLine(std::string* line,
                                 simdjson::dom::element* root);

  const ReaderOptions& options_;
  simdjson::dom::parser parser_;
};

}  // namespace whosaid::input

#endif  // WHOSAID_INPUT_JSONL_H_
