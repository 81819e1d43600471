#include "eval/tokens.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstdint>

namespace whosaid::eval {
namespace {

// Python's \w for str patterns: str.isalnum() (isalpha, isdecimal, isdigit,
// isnumeric) or '_'.
bool IsWordChar(UChar32 c) {
  return u_isalpha(c) ||
         u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE || c == '_';
}

UChar32 CharAt(const icu::UnicodeString& s, int32_t i) {
  return i < s.length() ? s.char32At(i) : U_SENTINEL;
}

bool IsArticle(const std::string& token) {
  return token == "the" || token == "a" || token == "an";
}

std::vector<std::string> WithoutArticles(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (const std::string& t : in) {
    if (!IsArticle(t)) out.push_back(t);
  }
  return out;
}

}  // namespace

std::vector<std::string> Tokenize(std::string_view text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString normalized = nfc->normalize(s, status);
    // On failure (only out of memory) keep the text as it is.
    if (U_SUCCESS(status)) s = std::move(normalized);
  }
  s.foldCase(U_FOLD_CASE_DEFAULT);  // full case folding, like str.casefold

  std::vector<std::string> tokens;
  icu::UnicodeString token;
  auto flush = [&] {
    if (token.isEmpty()) return;
    tokens.emplace_back();
    token.toUTF8String(tokens.back());
    token.remove();
  };
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    const int32_t next = i + U16_LENGTH(c);
    if ((c == '\'' || c == 0x2019) && CharAt(s, next) == 's') {
      const UChar32 after = CharAt(s, next + 1);  // 's' is one code unit
      if (after == U_SENTINEL || !IsWordChar(after)) {
        flush();
        i = next + 1;
        continue;
      }
    }
    if (IsWordChar(c)) {
      token.append(c);
    } else {
      flush();
    }
    i = next;
  }
  flush();
  return tokens;
}

double SortedTokenF1(const std::vector<std::string>& a,
                     const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  if (common == 0) return 0.0;
  const double p = static_cast<double>(common) / a.size();
  const double r = static_cast<double>(common) / b.size();
  return 2 * p * r / (p + r);
}

bool SpeakerTokensMatch(const std::vector<std::string>& predicted,
                        const std::vector<std::string>& alternative) {
  const std::vector<std::string> alt = WithoutArticles(alternative);
  if (alt.empty()) return false;
  const std::vector<std::string> pred = WithoutArticles(predicted);
  if (pred.size() > alt.size() + 5) return false;
  return std::search(pred.begin(), pred.end(), alt.begin(), alt.end()) !=
         pred.end();
}

size_t CountCodePoints(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

CodePointIndex::CodePointIndex(std::string_view text)
    : table_(text.size() + 1) {
  uint32_t cps = 0;
  for (size_t b = 0; b < text.size(); ++b) {
    table_[b] = cps;
    if ((static_cast<unsigned char>(text[b]) & 0xC0) != 0x80) ++cps;
  }
  table_[text.size()] = cps;
}

}  // namespace whosaid::eval
