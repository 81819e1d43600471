#include "text/word_set.h"

#include <algorithm>

namespace whosaid::text {

void WordSet::insert(std::string word) {
  if (count(word)) return;
  if (!word.empty()) {
    by_first_[static_cast<unsigned char>(word[0])] |= uint32_t{1}
                                                      << LengthBit(word.size());
  }
  words_.push_back(std::move(word));
  if (2 * words_.size() > slots_.size()) {
    // A power of two at least four times the words, every word placed
    // again.
    size_t size = 16;
    while (size < 4 * words_.size()) size *= 2;
    slots_.assign(size, Slot());
    for (const std::string& w : words_) Place(w);
  } else {
    Place(words_.back());
  }
}

void WordSet::Place(const std::string& word) {
  const uint32_t h = HashWord(word);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i].data != nullptr) i = (i + 1) & mask;
  slots_[i] = Slot{word.data(), static_cast<uint32_t>(word.size()), h};
}

}  // namespace whosaid::text
