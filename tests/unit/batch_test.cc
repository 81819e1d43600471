// RunBatch: the rows, messages and counts do not depend on how documents
// are grouped into batches or on the thread count.
#include "whosaid/batch.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "whosaid/extractor.h"
#include "whosaid/reader.h"
#include "whosaid/writer.h"

namespace whosaid {
namespace {

struct Run {
  std::string rows;
  std::vector<std::string> messages;
  BatchStats stats;
};

Run RunWith(const std::string& path, const BatchOptions& options) {
  static const std::unique_ptr<Extractor> extractor = [] {
    ExtractorOptions o;
    o.rules_dir = WHOSAID_SOURCE_DIR "/rules";
    auto e = Extractor::Create(o);
    REQUIRE(e.ok());
    return std::move(e).value();
  }();
  auto writer =
      RowWriter::Create(OutputFormat::kJsonl, OffsetUnit::kCodePoints, {});
  auto reader = DocumentReader::Create({path}, ReaderOptions{});
  Run run;
  Status status = RunBatch(
      reader.get(), *extractor, *writer, options,
      [&](std::string_view rows) {
        run.rows += rows;
        return true;
      },
      [&](const std::string& m, bool) { run.messages.push_back(m); },
      &run.stats);
  REQUIRE(status.ok());
  return run;
}

TEST_CASE("RunBatch gives the same output whatever the batches", "[batch]") {
  // The corpus, with a broken line in the middle: the documents before and
  // after it come out, and the message is counted once.
  std::ifstream in(WHOSAID_SOURCE_DIR "/corpus/gold.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() > 6);
  lines.insert(lines.begin() + 5, "{\"id\": \"broken\", \"text\": ");
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("whosaid_batch_test_" + std::to_string(::getpid()) + ".jsonl"))
          .string();
  {
    std::ofstream out(path);
    for (const std::string& l : lines) out << l << "\n";
  }

  BatchOptions one;  // one thread, default batches
  Run expected = RunWith(path, one);
  REQUIRE(expected.stats.documents == lines.size() - 1);
  REQUIRE(expected.stats.skipped == 1);
  REQUIRE(expected.stats.claims > 50);
  REQUIRE(expected.messages.size() == 1);

  struct Variant {
    int threads;
    size_t batch_bytes;
    size_t max_documents;
  } variants[] = {
      {1, 1, 1024},     // a batch per document
      {1, 3000, 1024},  // a few documents per batch
      {2, 1, 1024},    {3, 3000, 8}, {8, 1 << 20, 4},
  };
  for (const Variant& v : variants) {
    INFO("threads " << v.threads << ", batch " << v.batch_bytes
                    << " bytes, window " << v.max_documents);
    BatchOptions options;
    options.threads = v.threads;
    options.batch_bytes = v.batch_bytes;
    options.max_documents_in_flight = v.max_documents;
    Run got = RunWith(path, options);
    CHECK(got.rows == expected.rows);
    CHECK(got.messages == expected.messages);
    CHECK(got.stats.documents == expected.stats.documents);
    CHECK(got.stats.claims == expected.stats.claims);
    CHECK(got.stats.with_claims == expected.stats.with_claims);
    CHECK(got.stats.skipped == expected.stats.skipped);
    CHECK(got.stats.bytes == expected.stats.bytes);
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace whosaid
