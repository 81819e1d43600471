// Tokens of the evaluation metrics (SPEC "Metrics"): the tokenizer behind
// TokenF1 and SpeakerMatches, and a byte -> code point offset table. Internal
// to the eval stage; the public entry points are in whosaid/eval.h.
#ifndef WHOSAID_EVAL_TOKENS_H_
#define WHOSAID_EVAL_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid::eval {

// The tokens of `text`, in order, as the Python reference computes them:
//   re.findall(r"\w+", re.sub(r"'s\b", "",
//       unicodedata.normalize("NFC", text).casefold().replace("’", "'")))
// i.e. NFC, ICU full case folding, U+2019 -> ', an "'s" followed by a
// non-word character or the end removed, then maximal runs of word
// characters. A word character is what Python's str-pattern \w accepts:
// a letter (general category L*), a character with a Numeric_Type (all Nd
// digits, but also ½, Ⅻ, 四 ...) or '_'. Like Python, combining marks (M*)
// are not word characters; after NFC this only splits scripts whose vowel
// signs stay separate marks (e.g. Devanagari). Invalid UTF-8 becomes U+FFFD,
// which is not a word character.
std::vector<std::string> Tokenize(std::string_view text);

// Token-overlap F1 of two token multisets, each given SORTED:
// common = sum over tokens of min(count_a, count_b), P = common / |a|,
// R = common / |b|, F1 = 2PR / (P + R); 0 when either is empty.
double SortedTokenF1(const std::vector<std::string>& a,
                     const std::vector<std::string>& b);

// SpeakerMatches on tokens (both in text order, as Tokenize returns them).
bool SpeakerTokensMatch(const std::vector<std::string>& predicted,
                        const std::vector<std::string>& alternative);

// The number of code points in valid UTF-8 `text`.
size_t CountCodePoints(std::string_view text);

// Maps byte offsets into a UTF-8 text to code point offsets. A byte offset
// inside a multi-byte character maps to the character after it; offsets
// past the end map to the code point length.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);

  size_t operator()(size_t byte_offset) const {
    return byte_offset < table_.size() ? table_[byte_offset] : table_.back();
  }
  size_t size() const { return table_.back(); }  // length in code points

 private:
  std::vector<uint32_t> table_;  // table_[b] = lead bytes in text[0, b)
};

}  // namespace whosaid::eval

#endif  // WHOSAID_EVAL_TOKENS_H_
