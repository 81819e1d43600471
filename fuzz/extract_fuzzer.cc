// libFuzzer target: one document through the public Extractor API, then
// through every row writer. The input bytes are the document text; invalid
// UTF-8 is repaired first, as the reader does, because Extract() requires
// valid UTF-8. Claims are checked against the API's contract (spans inside
// the text, on code-point boundaries, in order) so that a wrong offset is a
// finding, not only a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "whosaid/claim.h"
#include "whosaid/document.h"
#include "whosaid/extractor.h"
#include "whosaid/reader.h"
#include "whosaid/writer.h"

namespace {

void Fail(const char* what, const whosaid::Span& span, size_t size) {
  std::fprintf(stderr, "contract violated: %s [%zu, %zu) in a %zu-byte text\n",
               what, span.begin, span.end, size);
  std::abort();
}

bool Boundary(const std::string& text, size_t pos) {
  return pos == text.size() ||
         (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

void CheckSpan(const char* what, const whosaid::Span& span,
               const std::string& text, bool required) {
  if (!span.valid()) {
    if (required) Fail(what, span, text.size());
    return;
  }
  if (span.begin > span.end || span.end > text.size() ||
      !Boundary(text, span.begin) || !Boundary(text, span.end)) {
    Fail(what, span, text.size());
  }
}

const whosaid::Extractor& GetExtractor() {
  // Built once for the whole run (loading the rules is the slow part) and
  // never destroyed: the process ends with it.
  static const whosaid::Extractor* extractor = [] {
    whosaid::ExtractorOptions options;
    options.rules_dir = WHOSAID_FUZZ_RULES_DIR;
    auto created = whosaid::Extractor::Create(options);
    if (!created.ok()) {
      std::fprintf(stderr, "%s\n", created.status().message().c_str());
      std::abort();
    }
    return std::move(created).value().release();
  }();
  return *extractor;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const whosaid::Extractor& extractor = GetExtractor();
  static whosaid::Extractor::Context* context =
      extractor.NewContext().release();

  whosaid::Document doc;
  doc.id = "fuzz";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  whosaid::RepairUtf8(&doc.text);

  std::vector<whosaid::Claim> claims;
  std::string trace;
  // The trace is a separate code path (explain); take it on some inputs,
  // chosen by size so that a replay takes the same path.
  extractor.Extract(doc.text, context, &claims,
                    size % 4 == 0 ? &trace : nullptr);
  for (const whosaid::Claim& c : claims) {
    if (c.claim_spans.empty()) Fail("claim without spans", {}, size);
    size_t previous_end = 0;
    for (const whosaid::Span& s : c.claim_spans) {
      CheckSpan("claim span", s, doc.text, true);
      if (s.begin < previous_end) Fail("claim parts out of order", s, size);
      previous_end = s.end;
    }
    CheckSpan("source span", c.source_span, doc.text, false);
    CheckSpan("cue span", c.cue_span, doc.text, false);
  }

  static const whosaid::OffsetUnit kUnits[] = {whosaid::OffsetUnit::kCodePoints,
                                               whosaid::OffsetUnit::kBytes,
                                               whosaid::OffsetUnit::kUtf16};
  const whosaid::OffsetUnit unit = kUnits[size % 3];
  for (auto format : {whosaid::OutputFormat::kTsv, whosaid::OutputFormat::kCsv,
                      whosaid::OutputFormat::kJsonl}) {
    auto writer = whosaid::RowWriter::Create(format, unit, {});
    std::string rows;
    writer->AppendRows(doc, claims, &rows);
  }
  return 0;
}
