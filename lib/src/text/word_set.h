// A set of words looked up by string_view without a std::string per
// lookup.
#ifndef WHOSAID_TEXT_WORD_SET_H_
#define WHOSAID_TEXT_WORD_SET_H_

#include <cstdint>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "text/word_hash.h"

namespace whosaid::text {

// Words looked up by string_view: open addressing over a power-of-two
// table of (hash, view) slots, views of words the set owns.
// std::unordered_set took a std::string per lookup (it takes only its key
// type before C++20), and with string_view keys still a division and a
// node per probe; speaker resolution and source trimming look up every
// word of every source, several times, and sentence splitting the end of
// every sentence against the abbreviations.
// Movable (a deque keeps its strings in place), not copyable.
class WordSet {
 public:
  WordSet() = default;
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) insert(std::string(w));
  }
  WordSet(WordSet&&) = default;
  WordSet& operator=(WordSet&&) = default;
  WordSet(const WordSet&) = delete;
  WordSet& operator=(const WordSet&) = delete;

  void insert(std::string word);
  size_t count(std::string_view word) const {
    if (slots_.empty() || !MayHave(word)) return 0;
    const uint32_t h = HashWord(word);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.data == nullptr) return 0;
      if (s.hash == h && s.size == word.size() &&
          std::memcmp(s.data, word.data(), word.size()) == 0) {
        return 1;
      }
    }
  }
  bool empty() const { return words_.empty(); }

 private:
  struct Slot {
    const char* data = nullptr;  // null: empty
    uint32_t size = 0;
    uint32_t hash = 0;
  };
  void Place(const std::string& word);
  // Most words looked up are in no set: a bit per (first byte, length up
  // to 31) of the words held turns most of them away before the hash.
  static size_t LengthBit(size_t size) { return size < 31 ? size : 31; }
  bool MayHave(std::string_view word) const {
    if (word.empty()) return true;
    return (by_first_[static_cast<unsigned char>(word[0])] >>
            LengthBit(word.size())) &
           1;
  }
  uint32_t by_first_[256] = {};

  std::deque<std::string> words_;
  std::vector<Slot> slots_;  // at most half full
};

}  // namespace whosaid::text

#endif  // WHOSAID_TEXT_WORD_SET_H_
