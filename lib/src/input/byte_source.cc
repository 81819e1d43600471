#include "input/byte_source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace whosaid::input {
namespace {

constexpr size_t kCompressedChunk = size_t{1} << 17;

// Reads a file descriptor; closes it unless it is stdin.
class FdSource : public ByteSource {
 public:
  FdSource(int fd, bool owned, int64_t known_size)
      : fd_(fd), owned_(owned), known_size_(known_size) {}
  ~FdSource() override {
    if (owned_) close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  Status Read(char* buffer, size_t capacity, size_t* size) override {
    for (;;) {
      const ssize_t n = read(fd_, buffer, capacity);
      if (n >= 0) {
        *size = static_cast<size_t>(n);
        return Status::Ok();
      }
      if (errno == EINTR) continue;
      *size = 0;
      return Status(StatusCode::kIoError,
                    std::string("read error: ") + std::strerror(errno));
    }
  }

  int64_t KnownSize() const override { return known_size_; }

 private:
  int fd_;
  bool owned_;
  int64_t known_size_;
};

// Serves `prefix` first, then the rest of `rest`: lets us look at a stream's
// first bytes without losing them.
class PrefixSource : public ByteSource {
 public:
  PrefixSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}

  Status Read(char* buffer, size_t capacity, size_t* size) override {
    if (offset_ < prefix_.size()) {
      const size_t n = std::min(capacity, prefix_.size() - offset_);
      std::memcpy(buffer, prefix_.data() + offset_, n);
      offset_ += n;
      *size = n;
      return Status::Ok();
    }
    return rest_->Read(buffer, capacity, size);
  }

 private:
  std::string prefix_;
  size_t offset_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

// gzip (and zlib) streams; a file of several gzip members, as `cat a.gz
// b.gz` makes, decompresses to the concatenation.
class GzipSource : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> raw)
      : raw_(std::move(raw)), in_(new char[kCompressedChunk]) {
    std::memset(&stream_, 0, sizeof(stream_));
    // 15 + 32: the largest window, and detect the gzip or zlib header.
    init_ok_ = inflateInit2(&stream_, 15 + 32) == Z_OK;
  }
  ~GzipSource() override {
    if (init_ok_) inflateEnd(&stream_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  Status Read(char* buffer, size_t capacity, size_t* size) override {
    *size = 0;
    if (!init_ok_) {
      return Status(StatusCode::kInternal, "cannot initialise zlib");
    }
    if (done_ || capacity == 0) return Status::Ok();
    // zlib counts in uInt; a smaller output window is fine.
    const uInt window =
        static_cast<uInt>(std::min<size_t>(capacity, size_t{1} << 30));
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = window;
    while (stream_.avail_out == window) {
      if (stream_.avail_in == 0 && !raw_eof_) {
        size_t n = 0;
        Status status = raw_->Read(in_.get(), kCompressedChunk, &n);
        if (!status.ok()) return status;
        if (n == 0) {
          raw_eof_ = true;
        } else {
          stream_.next_in = reinterpret_cast<Bytef*>(in_.get());
          stream_.avail_in = static_cast<uInt>(n);
        }
      }
      if (stream_.avail_in == 0 && raw_eof_) {
        if (in_member_) {
          return Status(StatusCode::kIoError,
                        "corrupt gzip stream: unexpected end of data "
                        "(truncated file?)");
        }
        done_ = true;
        break;
      }
      if (!in_member_) {
        inflateReset(&stream_);
        in_member_ = true;
      }
      const int ret = inflate(&stream_, Z_NO_FLUSH);
      if (ret == Z_STREAM_END) {
        in_member_ = false;  // another member may follow
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        return Status(StatusCode::kIoError,
                      std::string("corrupt gzip stream: ") +
                          (stream_.msg != nullptr ? stream_.msg : zError(ret)));
      }
    }
    *size = window - stream_.avail_out;
    return Status::Ok();
  }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::unique_ptr<char[]> in_;
  z_stream stream_;
  bool init_ok_ = false;
  bool raw_eof_ = false;
  bool in_member_ = false;
  bool done_ = false;
};

// zstd streams, including files of several frames.
class ZstdSource : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> raw)
      : raw_(std::move(raw)),
        in_capacity_(ZSTD_DStreamInSize()),
        in_(new char[in_capacity_]),
        stream_(ZSTD_createDStream()) {
    if (stream_ != nullptr) ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  Status Read(char* buffer, size_t capacity, size_t* size) override {
    *size = 0;
    if (stream_ == nullptr) {
      return Status(StatusCode::kInternal, "cannot initialise zstd");
    }
    if (done_ || capacity == 0) return Status::Ok();
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0) {
      if (input_.pos == input_.size && !raw_eof_) {
        size_t n = 0;
        Status status = raw_->Read(in_.get(), in_capacity_, &n);
        if (!status.ok()) return status;
        if (n == 0) raw_eof_ = true;
        input_ = ZSTD_inBuffer{in_.get(), n, 0};
      }
      const bool input_done = input_.pos == input_.size && raw_eof_;
      // pending_ == 0: the last frame is complete and fully flushed.
      if (input_done && pending_ == 0) {
        done_ = true;
        break;
      }
      const size_t ret = ZSTD_decompressStream(stream_, &out, &input_);
      if (ZSTD_isError(ret)) {
        return Status(
            StatusCode::kIoError,
            std::string("corrupt zstd stream: ") + ZSTD_getErrorName(ret));
      }
      pending_ = ret;
      if (input_done && out.pos == 0 && ret != 0) {
        return Status(StatusCode::kIoError,
                      "corrupt zstd stream: unexpected end of data "
                      "(truncated file?)");
      }
    }
    *size = out.pos;
    return Status::Ok();
  }

 private:
  std::unique_ptr<ByteSource> raw_;
  size_t in_capacity_;
  std::unique_ptr<char[]> in_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  size_t pending_ = 0;
  bool raw_eof_ = false;
  bool done_ = false;
};

inline bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path) {
  int fd;
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                  std::string("cannot open: ") + std::strerror(err));
  }
  int64_t known_size = -1;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    known_size = static_cast<int64_t>(st.st_size);
  }
  std::unique_ptr<ByteSource> source =
      std::make_unique<FdSource>(fd, /*owned=*/true, known_size);
  return source;
}

std::unique_ptr<ByteSource> OpenStdin() {
  return std::make_unique<FdSource>(0, /*owned=*/false, -1);
}

std::unique_ptr<ByteSource> Decompress(std::unique_ptr<ByteSource> raw,
                                       Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipSource>(std::move(raw));
    case Compression::kZstd:
      return std::make_unique<ZstdSource>(std::move(raw));
    case Compression::kNone:
      break;
  }
  return raw;
}

Result<std::unique_ptr<ByteSource>> SniffAndDecompress(
    std::unique_ptr<ByteSource> raw) {
  char magic[4];
  size_t have = 0;
  while (have < sizeof(magic)) {
    size_t n = 0;
    Status status = raw->Read(magic + have, sizeof(magic) - have, &n);
    if (!status.ok()) return status;
    if (n == 0) break;
    have += n;
  }
  const auto* m = reinterpret_cast<const unsigned char*>(magic);
  Compression compression = Compression::kNone;
  if (have >= 2 && m[0] == 0x1F && m[1] == 0x8B) {
    compression = Compression::kGzip;
  } else if (have >= 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F &&
             m[3] == 0xFD) {
    compression = Compression::kZstd;
  }
  std::unique_ptr<ByteSource> whole =
      std::make_unique<PrefixSource>(std::string(magic, have), std::move(raw));
  return Decompress(std::move(whole), compression);
}

LineReader::LineReader(std::unique_ptr<ByteSource> source, size_t chunk_size)
    : source_(std::move(source)),
      buffer_(new char[chunk_size]),
      capacity_(chunk_size) {}

Status LineReader::FillMore(bool* eof) {
  *eof = false;
  if (eof_) {
    *eof = true;
    return Status::Ok();
  }
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (end_ == capacity_) {
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    } else {
      // Only PeekFirstNonSpace keeps a full buffer: grow it.
      std::unique_ptr<char[]> bigger(new char[capacity_ * 2]);
      std::memcpy(bigger.get(), buffer_.get(), end_);
      buffer_ = std::move(bigger);
      capacity_ *= 2;
    }
  }
  size_t n = 0;
  Status status = source_->Read(buffer_.get() + end_, capacity_ - end_, &n);
  if (!status.ok()) return status;
  if (n == 0) {
    eof_ = true;
    *eof = true;
  } else {
    end_ += n;
  }
  return Status::Ok();
}

Status LineReader::ReadLine(std::string* line, size_t max_bytes, bool* got,
                            uint64_t* line_bytes) {
  line->clear();
  *got = false;
  *line_bytes = 0;
  uint64_t length = 0;
  bool too_long = false;
  bool any = false;
  for (;;) {
    if (begin_ == end_) {
      bool eof = false;
      Status status = FillMore(&eof);
      if (!status.ok()) return status;
      if (eof) break;
    }
    any = true;
    const char* start = buffer_.get() + begin_;
    const size_t available = end_ - begin_;
    const auto* newline =
        static_cast<const char*>(std::memchr(start, '\n', available));
    const size_t take =
        newline != nullptr ? static_cast<size_t>(newline - start) : available;
    if (!too_long) {
      if (length + take > max_bytes) {
        too_long = true;
        std::string().swap(*line);  // the rest is only counted: free it now
      } else {
        line->append(start, take);
      }
    }
    length += take;
    const size_t consumed = take + (newline != nullptr ? 1 : 0);
    begin_ += consumed;
    position_ += consumed;
    if (newline != nullptr) break;
  }
  *got = any;
  *line_bytes = length;
  return Status::Ok();
}

Status LineReader::ReadAll(std::string* out, size_t max_bytes,
                           uint64_t* total) {
  out->clear();
  *total = 0;
  const int64_t known = source_->KnownSize();
  if (known > 0 && static_cast<uint64_t>(known) > max_bytes && position_ == 0 &&
      begin_ == end_) {
    // Too large, and the size is known up front: no need to read it all
    // (a sparse multi-GB file would otherwise take seconds to count).
    *total = static_cast<uint64_t>(known);
    return Status::Ok();
  }
  if (known > 0 && static_cast<uint64_t>(known) <= max_bytes) {
    out->reserve(static_cast<size_t>(known));
  }
  bool too_long = false;
  for (;;) {
    if (begin_ == end_) {
      bool eof = false;
      Status status = FillMore(&eof);
      if (!status.ok()) return status;
      if (eof) break;
    }
    const size_t available = end_ - begin_;
    if (!too_long) {
      if (out->size() + available > max_bytes) {
        too_long = true;
        std::string().swap(*out);
      } else {
        out->append(buffer_.get() + begin_, available);
      }
    }
    *total += available;
    begin_ = end_;
    position_ += available;
  }
  return Status::Ok();
}

Result<int> LineReader::PeekFirstNonSpace() {
  size_t offset = 0;  // from begin_, which FillMore may move
  for (;;) {
    for (; begin_ + offset < end_; ++offset) {
      const auto c = static_cast<unsigned char>(buffer_[begin_ + offset]);
      if (c == 0xEF && position_ == 0 && offset == 0) {
        // A byte-order mark at the start of the stream counts as space.
        if (end_ - begin_ < 3 && !eof_) break;  // read more first
        if (end_ - begin_ >= 3 &&
            std::memcmp(buffer_.get() + begin_, "\xEF\xBB\xBF", 3) == 0) {
          offset += 2;
          continue;
        }
      }
      if (!IsAsciiSpace(c)) return static_cast<int>(c);
    }
    if (eof_) return -1;
    bool eof = false;  // at the end, one more pass above settles a short BOM
    Status status = FillMore(&eof);
    if (!status.ok()) return status;
  }
}

}  // namespace whosaid::input
