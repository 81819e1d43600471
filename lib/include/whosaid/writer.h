// Output sinks for the claim-source table: TSV, CSV, JSONL.
#ifndef WHOSAID_WRITER_H_
#define WHOSAID_WRITER_H_

#include <memory>
#include <string>
#include <vector>

#include "whosaid/claim.h"
#include "whosaid/document.h"
#include "whosaid/status.h"

namespace whosaid {

enum class OutputFormat { kTsv, kCsv, kJsonl };
enum class OffsetUnit { kCodePoints, kBytes, kUtf16 };

Result<OutputFormat> ParseOutputFormat(const std::string& name);
Result<OffsetUnit> ParseOffsetUnit(const std::string& name);

// The row columns, in order, before any --keep-fields.
const std::vector<std::string>& RowColumns();

// Formats rows. Thread-safe (const): workers format their documents' rows
// into their own buffers, and the pipeline writes the buffers in input order.
class RowWriter {
 public:
  static std::unique_ptr<RowWriter> Create(
      OutputFormat format, OffsetUnit offsets,
      std::vector<std::string> keep_fields);
  virtual ~RowWriter() = default;

  // Appends the header line (TSV/CSV; nothing for JSONL) to *out.
  virtual void AppendHeader(std::string* out) const = 0;

  // Appends one line per claim of `doc` to *out. Claim spans are byte ranges
  // into doc.text and are converted to the writer's offset unit here.
  virtual void AppendRows(const Document& doc, const std::vector<Claim>& claims,
                          std::string* out) const = 0;
};

}  // namespace whosaid

#endif  // WHOSAID_WRITER_H_
