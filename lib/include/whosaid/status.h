// Error handling for the whosaid library: nothing throws across the public
// API. Functions that can fail return a Status, or a Result<T> holding either
// a value or a Status.
#ifndef WHOSAID_STATUS_H_
#define WHOSAID_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace whosaid {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad flag, bad option value
  kNotFound,         // missing file or directory
  kIoError,          // unreadable file, failed write
  kParseError,       // malformed JSON line, malformed rule file
  kLimitExceeded,    // a documented limit was hit (document size, ...)
  kInternal,
};

class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is prefixed with `context` ("doc 17: ...").
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a T or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace whosaid

#endif  // WHOSAID_STATUS_H_
