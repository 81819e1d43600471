// Streaming document reader: files, directories (walked recursively, in
// sorted order), stdin; plain text or JSONL; .gz and .zst transparently.
// Memory stays bounded by the largest single document, never the corpus.
#ifndef WHOSAID_READER_H_
#define WHOSAID_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "whosaid/document.h"
#include "whosaid/status.h"

namespace whosaid {

enum class InputFormat {
  kAuto,   // .jsonl/.ndjson (before .gz/.zst) are JSONL, other files text;
           // stdin is JSONL when its first non-space byte is '{'
  kText,   // every file (and stdin) is one document
  kJsonl,  // every file (and stdin) holds one JSON document per line
};

struct ReaderOptions {
  InputFormat format = InputFormat::kAuto;
  std::string id_field = "id";
  std::string text_field = "text";
  std::vector<std::string> keep_fields;
  // A document larger than this is reported and skipped (documented limit).
  size_t max_document_bytes = size_t{1} << 30;  // 1 GiB
};

// Counts for the closing account line.
struct ReaderStats {
  uint64_t documents = 0;      // documents returned
  uint64_t skipped = 0;        // records or files reported and skipped
  uint64_t repaired_utf8 = 0;  // documents whose invalid UTF-8 was repaired
  uint64_t bytes = 0;          // text bytes of the returned documents
};

class DocumentReader {
 public:
  enum class Outcome {
    kDocument,  // *doc holds the next document
    kSkipped,   // a record or file could not be read; *error says where/why
    kEnd,       // no more input
  };

  // `paths` may hold files, directories and "-" (stdin); empty means stdin.
  // Paths are not opened until Next() reaches them, so a missing file is a
  // kSkipped outcome in its turn, not an error here.
  static std::unique_ptr<DocumentReader> Create(std::vector<std::string> paths,
                                                ReaderOptions options);
  virtual ~DocumentReader() = default;

  // Reads the next document. After kSkipped, calling Next() again continues
  // with the following record or file. Error messages name the place:
  // "data.jsonl:17: invalid JSON: ..." or "missing.txt: cannot open: ...".
  virtual Outcome Next(Document* doc, Status* error) = 0;

  virtual const ReaderStats& stats() const = 0;
};

// Repairs invalid UTF-8 in `text` in place: every maximal invalid subpart
// (per Unicode's "U+FFFD substitution of maximal subparts") becomes U+FFFD.
// Returns the byte offset of the first invalid byte in the input, or
// std::string::npos when `text` was valid.
size_t RepairUtf8(std::string* text);

}  // namespace whosaid

#endif  // WHOSAID_READER_H_
