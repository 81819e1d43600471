// DocumentReader: walks the input paths lazily and turns files and JSONL
// lines into Documents. See whosaid/reader.h for the contract.
#include "whosaid/reader.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "input/byte_source.h"
#include "input/jsonl.h"

namespace whosaid {
namespace input {
namespace {

constexpr char kStdinName[] = "<stdin>";
constexpr char kBom[] = "\xEF\xBB\xBF";
// A line buffer grown past this by one huge record is released afterwards.
constexpr size_t kLineKeepCapacity = size_t{16} << 20;

// The directories above a walked entry, to refuse symlink loops.
struct DirChain {
  dev_t device;
  ino_t inode;
  std::shared_ptr<const DirChain> parent;
};

bool InChain(const DirChain* chain, dev_t device, ino_t inode) {
  for (; chain != nullptr; chain = chain->parent.get()) {
    if (chain->device == device && chain->inode == inode) return true;
  }
  return false;
}

struct PendingPath {
  std::string path;
  bool walked = false;  // found in a directory, not named by the user
  std::shared_ptr<const DirChain> parents;
};

bool EndsWith(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

std::string Lowercase(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Compression and JSONL-ness from a file name: "x.jsonl.gz" is gzip JSONL.
void ClassifyName(const std::string& path, Compression* compression,
                  bool* jsonl_name) {
  std::string name = Lowercase(path);
  *compression = Compression::kNone;
  if (EndsWith(name, ".gz")) {
    *compression = Compression::kGzip;
    name.resize(name.size() - 3);
  } else if (EndsWith(name, ".zst")) {
    *compression = Compression::kZstd;
    name.resize(name.size() - 4);
  }
  *jsonl_name = EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson");
}

std::string ErrnoMessage(const std::string& path, int err) {
  return path + ": cannot open: " + std::strerror(err);
}

bool IsBlank(const std::string& line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') {
      return false;
    }
  }
  return true;
}

void ClearDocument(Document* doc) {
  doc->id.clear();
  doc->text.clear();
  doc->kept.clear();
  doc->origin.clear();
  doc->warnings.clear();
}

class Reader : public DocumentReader {
 public:
  Reader(std::vector<std::string> paths, ReaderOptions options)
      : options_(std::move(options)), record_parser_(options_) {
    if (paths.empty()) paths.push_back("-");
    for (auto it = paths.rbegin(); it != paths.rend(); ++it) {
      pending_.push_back(PendingPath{std::move(*it), false, nullptr});
    }
  }

  Outcome Next(Document* doc, Status* error) override {
    Status ignored;
    if (error == nullptr) error = &ignored;
    for (;;) {
      if (jsonl_ != nullptr) {
        const Outcome outcome = NextRecord(doc, error);
        if (outcome != Outcome::kEnd) return Count(outcome, doc);
        jsonl_.reset();
        continue;
      }
      if (pending_.empty()) return Outcome::kEnd;
      PendingPath next = std::move(pending_.back());
      pending_.pop_back();
      const Outcome outcome = OpenPath(std::move(next), doc, error);
      if (outcome != Outcome::kEnd) return Count(outcome, doc);
    }
  }

  const ReaderStats& stats() const override { return stats_; }

 private:
  Outcome Count(Outcome outcome, Document* doc) {
    if (outcome == Outcome::kSkipped) {
      ++stats_.skipped;
    } else if (outcome == Outcome::kDocument) {
      doc->ordinal = stats_.documents++;
      stats_.bytes += doc->text.size();
    }
    return outcome;
  }

  Outcome Skip(Status* error, StatusCode code, std::string message) {
    *error = Status(code, std::move(message));
    return Outcome::kSkipped;
  }

  // Opens a path: a directory is expanded into pending_ (kEnd: nothing to
  // return yet), a JSONL file becomes jsonl_ (ditto), a text file is read.
  Outcome OpenPath(PendingPath next, Document* doc, Status* error) {
    const std::string& path = next.path;
    if (path == "-") return OpenStdin(doc, error);
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      const int err = errno;
      return Skip(error,
                  err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                  ErrnoMessage(path, err));
    }
    if (S_ISDIR(st.st_mode)) {
      if (InChain(next.parents.get(), st.st_dev, st.st_ino)) {
        return Outcome::kEnd;  // a symlink back up the tree: already walking
      }
      return ExpandDirectory(next, st, error);
    }
    // In a walk, only regular files are documents (not sockets, FIFOs, ...);
    // a path the user names is read whatever it is (e.g. <(zcat x.gz)).
    if (next.walked && !S_ISREG(st.st_mode)) return Outcome::kEnd;

    Compression compression;
    bool jsonl_name;
    ClassifyName(path, &compression, &jsonl_name);
    const bool jsonl = options_.format == InputFormat::kJsonl ||
                       (options_.format == InputFormat::kAuto && jsonl_name);
    Result<std::unique_ptr<ByteSource>> raw = OpenFile(path);
    if (!raw.ok()) {
      return Skip(error, raw.status().code(),
                  path + ": " + raw.status().message());
    }
    auto reader = std::make_unique<LineReader>(
        Decompress(std::move(raw).value(), compression));
    if (jsonl) {
      StartJsonl(std::move(reader), path);
      return Outcome::kEnd;
    }
    return ReadText(reader.get(), path, doc, error);
  }

  Outcome OpenStdin(Document* doc, Status* error) {
    Result<std::unique_ptr<ByteSource>> source =
        SniffAndDecompress(input::OpenStdin());
    if (!source.ok()) {
      return Skip(error, source.status().code(),
                  std::string(kStdinName) + ": " + source.status().message());
    }
    auto reader = std::make_unique<LineReader>(std::move(source).value());
    bool jsonl = options_.format == InputFormat::kJsonl;
    if (options_.format == InputFormat::kAuto) {
      Result<int> first = reader->PeekFirstNonSpace();
      if (!first.ok()) {
        return Skip(error, first.status().code(),
                    std::string(kStdinName) + ": " + first.status().message());
      }
      jsonl = *first == '{';
    }
    if (jsonl) {
      StartJsonl(std::move(reader), kStdinName);
      return Outcome::kEnd;
    }
    return ReadText(reader.get(), kStdinName, doc, error);
  }

  Outcome ExpandDirectory(const PendingPath& dir, const struct stat& st,
                          Status* error) {
    DIR* handle = opendir(dir.path.c_str());
    if (handle == nullptr) {
      return Skip(error, StatusCode::kIoError, ErrnoMessage(dir.path, errno));
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = readdir(handle)) {
      if (entry->d_name[0] == '.') continue;  // hidden, "." and ".."
      names.emplace_back(entry->d_name);
    }
    const int read_error = errno;
    closedir(handle);
    if (read_error != 0) {
      return Skip(
          error, StatusCode::kIoError,
          dir.path + ": cannot read directory: " + std::strerror(read_error));
    }
    std::sort(names.begin(), names.end());
    auto chain = std::make_shared<const DirChain>(
        DirChain{st.st_dev, st.st_ino, dir.parents});
    const std::string prefix =
        EndsWith(dir.path, "/") ? dir.path : dir.path + "/";
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
      pending_.push_back(PendingPath{prefix + *it, true, chain});
    }
    return Outcome::kEnd;
  }

  void StartJsonl(std::unique_ptr<LineReader> reader, std::string name) {
    jsonl_ = std::move(reader);
    jsonl_name_ = std::move(name);
    line_number_ = 0;
  }

  // One whole stream as one document.
  Outcome ReadText(LineReader* reader, const std::string& name, Document* doc,
                   Status* error) {
    ClearDocument(doc);
    uint64_t total = 0;
    Status status =
        reader->ReadAll(&doc->text, options_.max_document_bytes, &total);
    if (!status.ok()) {
      return Skip(error, status.code(), name + ": " + status.message());
    }
    if (total > options_.max_document_bytes) {
      return Skip(error, StatusCode::kLimitExceeded,
                  TooLargeMessage(name, total));
    }
    if (doc->text.compare(0, 3, kBom) == 0) doc->text.erase(0, 3);
    doc->id = name;
    doc->origin = name;
    const size_t invalid_at = RepairUtf8(&doc->text);
    if (invalid_at != std::string::npos) {
      // Each invalid byte becomes a 3-byte U+FFFD: the limit holds for the
      // repaired text too, or memory would reach three times the limit.
      if (doc->text.size() > options_.max_document_bytes) {
        return SkipRepairedTooLarge(name, doc, error);
      }
      ++stats_.repaired_utf8;
      doc->warnings.push_back(InvalidUtf8Message(name, invalid_at));
    }
    return Outcome::kDocument;
  }

  // The next record of jsonl_; kEnd at the end of the stream.
  Outcome NextRecord(Document* doc, Status* error) {
    for (;;) {
      bool got = false;
      uint64_t line_bytes = 0;
      Status status = jsonl_->ReadLine(&line_, options_.max_document_bytes,
                                       &got, &line_bytes);
      if (!status.ok()) {
        // The rest of the stream is lost; what was returned stays.
        jsonl_.reset();
        return Skip(error, status.code(),
                    jsonl_name_ + ": " + status.message());
      }
      if (!got) return Outcome::kEnd;
      ++line_number_;
      const std::string origin =
          jsonl_name_ + ":" + std::to_string(line_number_);
      if (line_bytes > options_.max_document_bytes) {
        return Skip(error, StatusCode::kLimitExceeded,
                    TooLargeMessage(origin, line_bytes));
      }
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      if (line_number_ == 1 && line_.compare(0, 3, kBom) == 0) {
        line_.erase(0, 3);
      }
      if (IsBlank(line_)) continue;

      ClearDocument(doc);
      bool repaired = false;
      status = record_parser_.Parse(&line_, origin, doc, &repaired);
      if (line_.capacity() > kLineKeepCapacity) std::string().swap(line_);
      if (!status.ok()) {
        return Skip(error, status.code(), origin + ": " + status.message());
      }
      if (doc->text.size() > options_.max_document_bytes) {
        return SkipRepairedTooLarge(origin, doc, error);
      }
      if (repaired) ++stats_.repaired_utf8;
      doc->origin = origin;
      return Outcome::kDocument;
    }
  }

  std::string TooLargeMessage(const std::string& origin, uint64_t bytes) const {
    return origin + ": document of " + std::to_string(bytes) +
           " bytes exceeds the limit of " +
           std::to_string(options_.max_document_bytes) + " bytes";
  }

  // A document within the limit as read, over it once its invalid UTF-8 is
  // replaced by U+FFFD (JSONL: repaired before parsing).
  Outcome SkipRepairedTooLarge(const std::string& origin, Document* doc,
                               Status* error) {
    const size_t size = doc->text.size();
    ClearDocument(doc);
    std::string().swap(doc->text);
    return Skip(error, StatusCode::kLimitExceeded,
                origin + ": document of " + std::to_string(size) +
                    " bytes once invalid UTF-8 is replaced with U+FFFD " +
                    "exceeds the limit of " +
                    std::to_string(options_.max_document_bytes) + " bytes");
  }

  static std::string InvalidUtf8Message(const std::string& origin, size_t at) {
    return origin + ": invalid UTF-8 at byte " + std::to_string(at) +
           ", replaced with U+FFFD";
  }

  ReaderOptions options_;
  JsonlRecordParser record_parser_;
  ReaderStats stats_;
  std::vector<PendingPath> pending_;  // the next path is at the back

  std::unique_ptr<LineReader> jsonl_;  // the JSONL stream being read, if any
  std::string jsonl_name_;
  uint64_t line_number_ = 0;
  std::string line_;
};

}  // namespace
}  // namespace input

std::unique_ptr<DocumentReader> DocumentReader::Create(
    std::vector<std::string> paths, ReaderOptions options) {
  return std::make_unique<input::Reader>(std::move(paths), std::move(options));
}

}  // namespace whosaid
