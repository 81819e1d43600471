// Attribution stage: a vector that keeps its first few elements inline, for
// the parts of a claim (almost always one or two): a draft of a claim then
// costs no allocation.
#ifndef WHOSAID_ATTRIBUTION_INLINE_VECTOR_H_
#define WHOSAID_ATTRIBUTION_INLINE_VECTOR_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <vector>

namespace whosaid::attribution {

// Up to N elements inline; beyond, all of them on the heap.
template <typename T, size_t N>
class InlineVector {
 public:
  InlineVector() = default;
  InlineVector(std::initializer_list<T> init) { *this = init; }
  InlineVector& operator=(std::initializer_list<T> init) {
    clear();
    for (const T& x : init) push_back(x);
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return size_ <= N ? inline_.data() : heap_.data(); }
  const T* data() const { return size_ <= N ? inline_.data() : heap_.data(); }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  T& front() { return data()[0]; }
  const T& front() const { return data()[0]; }
  T& back() { return data()[size_ - 1]; }
  const T& back() const { return data()[size_ - 1]; }

  void clear() {
    heap_.clear();
    size_ = 0;
  }
  void push_back(const T& x) {
    if (size_ < N) {
      inline_[size_++] = x;
      return;
    }
    if (size_ == N) heap_.assign(inline_.begin(), inline_.end());
    heap_.push_back(x);
    ++size_;
  }
  void push_front(const T& x) {
    push_back(x);
    std::rotate(begin(), end() - 1, end());
  }
  void append(const InlineVector& other) {
    for (const T& x : other) push_back(x);
  }

 private:
  std::array<T, N> inline_{};
  std::vector<T> heap_;  // every element once there are more than N
  size_t size_ = 0;
};

}  // namespace whosaid::attribution

#endif  // WHOSAID_ATTRIBUTION_INLINE_VECTOR_H_
