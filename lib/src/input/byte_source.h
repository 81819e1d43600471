// Byte streams for the reader: plain files and stdin, gzip and zstd
// decompression, and a buffered line reader on top. Everything streams in
// fixed-size chunks; only the caller decides how much to keep.
#ifndef WHOSAID_INPUT_BYTE_SOURCE_H_
#define WHOSAID_INPUT_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "whosaid/status.h"

namespace whosaid::input {

// A forward-only stream of bytes. Errors carry no path: the caller adds it.
class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Reads up to `capacity` bytes into `buffer` and sets *size to the count;
  // *size == 0 with an ok status means the end of the stream. Never returns
  // 0 bytes before the end.
  virtual Status Read(char* buffer, size_t capacity, size_t* size) = 0;

  // The size in bytes when known up front (a regular uncompressed file),
  // else -1. Lets the reader reject an oversized text file without reading.
  virtual int64_t KnownSize() const { return -1; }
};

enum class Compression { kNone, kGzip, kZstd };

// Opens `path` for reading ("cannot open: <strerror>" on failure).
Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);

// Wraps file descriptor 0. The descriptor is not closed.
std::unique_ptr<ByteSource> OpenStdin();

// Decompresses `raw` (gzip, including multi-member files, or zstd, including
// multi-frame files). kNone returns `raw` unchanged.
std::unique_ptr<ByteSource> Decompress(std::unique_ptr<ByteSource> raw,
                                       Compression compression);

// Guesses the compression of a stream from its first bytes (gzip 1f 8b, zstd
// 28 b5 2f fd) and returns `raw` wrapped so that no byte is lost. Used for
// stdin, where there is no file name to go by.
Result<std::unique_ptr<ByteSource>> SniffAndDecompress(
    std::unique_ptr<ByteSource> raw);

// A buffered reader over a ByteSource: reads lines of any length in linear
// time, and whole streams, each with a size limit past which the bytes are
// counted but not kept.
class LineReader {
 public:
  explicit LineReader(std::unique_ptr<ByteSource> source,
                      size_t chunk_size = size_t{1} << 18);

  // Reads the next line into *line, without its '\n' (a '\r' before it is
  // kept: CRLF handling is the caller's business). Sets *got to false at the
  // end of the stream. When the line is longer than `max_bytes`, *line is
  // left empty, the rest of the line is consumed without being stored, and
  // *line_bytes holds its full length; otherwise *line_bytes ==
  // line->size(). *line keeps its capacity across calls, except that the
  // buffer of an over-long line is released as soon as it is known to be.
  Status ReadLine(std::string* line, size_t max_bytes, bool* got,
                  uint64_t* line_bytes);

  // Appends everything up to the end of the stream to *out. Past `max_bytes`
  // the bytes are only counted: *total is the stream length either way and
  // *out is cleared when it exceeds `max_bytes`. A source whose size is known
  // up front (a regular file) and over `max_bytes` is not read at all.
  Status ReadAll(std::string* out, size_t max_bytes, uint64_t* total);

  // Returns the first byte that is not ASCII white space (nor a UTF-8 BOM at
  // the start of the stream) without consuming anything, or -1 when there is
  // none. Buffers as much as it has to look at.
  Result<int> PeekFirstNonSpace();

  // Bytes consumed so far (not counting peeked ones).
  uint64_t position() const { return position_; }

 private:
  // Reads more bytes after the unconsumed ones, growing the buffer only when
  // it is full of unconsumed bytes. Sets *eof when nothing more came.
  Status FillMore(bool* eof);

  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last buffered byte
  bool eof_ = false;
  uint64_t position_ = 0;
};

}  // namespace whosaid::input

#endif  // WHOSAID_INPUT_BYTE_SOURCE_H_
