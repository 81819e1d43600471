// libFuzzer target: the DocumentReader (public API, whosaid/reader.h) over
// the input bytes as a file. The bytes go to an in-memory file (memfd) read
// through its /proc/self/fd path, so the whole reader runs: opening, the
// line reader, JSONL parsing, UTF-8 repair, limits. Every document returned
// must hold valid UTF-8, and the reader must reach the end.
//
// A first byte below 0x10 is not content but option flags (so that seeds,
// which are plain JSONL, exercise the defaults):
//   bit 0: read the file as one text document (--input text)
//   bit 1: a 64-byte document limit (--max-doc-mb hit cheaply)
//   bit 2: --keep-fields id,meta,text
//   bit 3: id and text fields swapped
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "whosaid/reader.h"

namespace {

int MemoryFile() {
  static const int fd = [] {
    const int created = memfd_create("whosaid-jsonl-fuzz", 0);
    if (created < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    return created;
  }();
  return fd;
}

void WriteAll(int fd, const uint8_t* data, size_t size) {
  if (ftruncate(fd, 0) != 0) std::abort();
  size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, done);
    if (n <= 0) std::abort();
    done += static_cast<size_t>(n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  whosaid::ReaderOptions options;
  options.format = whosaid::InputFormat::kJsonl;
  if (size > 0 && data[0] < 0x10) {
    const uint8_t flags = data[0];
    ++data;
    --size;
    if (flags & 1) options.format = whosaid::InputFormat::kText;
    if (flags & 2) options.max_document_bytes = 64;
    if (flags & 4) options.keep_fields = {"id", "meta", "text"};
    if (flags & 8) std::swap(options.id_field, options.text_field);
  }
  const int fd = MemoryFile();
  WriteAll(fd, data, size);

  auto reader = whosaid::DocumentReader::Create(
      {"/proc/self/fd/" + std::to_string(fd)}, options);
  whosaid::Document doc;
  whosaid::Status error;
  // Each outcome consumes at least one input byte (or ends the stream), so
  // more outcomes than bytes means the reader is stuck.
  for (size_t outcomes = 0;; ++outcomes) {
    if (outcomes > size + 2) {
      std::fprintf(stderr, "reader does not reach the end\n");
      std::abort();
    }
    const auto outcome = reader->Next(&doc, &error);
    if (outcome == whosaid::DocumentReader::Outcome::kEnd) break;
    if (outcome == whosaid::DocumentReader::Outcome::kSkipped) {
      if (error.ok() || error.message().empty()) std::abort();
      continue;
    }
    std::string copy = doc.text;
    if (whosaid::RepairUtf8(&copy) != std::string::npos) {
      std::fprintf(stderr, "document text is not valid UTF-8\n");
      std::abort();
    }
    if (doc.text.size() > options.max_document_bytes) {
      std::fprintf(stderr, "document over the size limit\n");
      std::abort();
    }
  }
  return 0;
}
