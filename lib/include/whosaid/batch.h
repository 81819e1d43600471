// The batch pipeline: reader -> extractor (a pool of workers) -> writer, with
// rows written in input order whatever the thread count and a bounded window
// of documents in flight.
#ifndef WHOSAID_BATCH_H_
#define WHOSAID_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "whosaid/extractor.h"
#include "whosaid/reader.h"
#include "whosaid/status.h"
#include "whosaid/writer.h"

namespace whosaid {

struct BatchOptions {
  int threads = 1;  // worker threads; 1 runs everything on the calling thread
  // At most this many documents, and this many bytes of text (or one
  // batch, whatever its size), are in flight at once.
  size_t max_documents_in_flight = 1024;
  size_t max_bytes_in_flight = 2u << 20;
  // Documents are extracted in batches (Extractor::ExtractMany: faster than
  // one at a time) of about this many bytes of text, and of at most a
  // quarter of the window's documents and bytes. Larger batches are a
  // little faster and use more memory: about 4x their size per worker.
  size_t batch_bytes = 512u << 10;
  bool strict = false;  // the first skipped record ends the run
};

struct BatchStats {
  uint64_t documents = 0;    // read and extracted
  uint64_t with_claims = 0;  // documents that gave at least one row
  uint64_t claims = 0;       // rows written
  uint64_t skipped = 0;      // records or files reported and skipped
  uint64_t bytes = 0;        // text bytes extracted
};

// Receives formatted output in input order; returns false when the output
// is closed (a closed pipe), which ends the run quietly.
using OutputSink = std::function<bool(std::string_view)>;
// Receives each problem met on the way ("data.jsonl:17: invalid JSON ..."),
// `error` false for warnings such as repaired UTF-8.
using MessageSink = std::function<void(const std::string& message, bool error)>;

// Runs the whole batch. Returns an error status only for a fatal problem (a
// skipped record under `strict`); skipped input is counted in *stats.
Status RunBatch(DocumentReader* reader, const Extractor& extractor,
                const RowWriter& writer, const BatchOptions& options,
                const OutputSink& output, const MessageSink& messages,
                BatchStats* stats);

}  // namespace whosaid

#endif  // WHOSAID_BATCH_H_
