#include "text/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "text/utf8.h"

namespace whosaid::text {

Span Trim(std::string_view text, Span span) {
  size_t b = span.begin;
  size_t e = span.end;
  while (b < e) {
    size_t len;
    if (!IsSpace(DecodeAt(text, b, &len))) break;
    b += len;
  }
  while (e > b) {
    size_t p = PrevStart(text, e);
    size_t len;
    if (!IsSpace(DecodeAt(text, p, &len))) break;
    e = p;
  }
  return Span{b, e};
}

std::vector<Span> SplitParagraphs(std::string_view text) {
  std::vector<Span> out;
  SplitParagraphs(text, &out);
  return out;
}

void SplitParagraphs(std::string_view text, std::vector<Span>* out) {
  out->clear();
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    Span p = Trim(text, Span{start, end});
    if (p.size() > 0) out->push_back(p);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

namespace {

// "U.S.", "D.C.", "B.": capital letters, each followed by a full stop.
// ICU's suppressions miss an abbreviation with an inner full stop before a
// capitalised word ("the U.S. Supreme Court"), and a middle initial ("James
// B. Comey") is no sentence end either.
bool EndsWithInitials(std::string_view sentence) {
  // The last token, after the last space or bracket (find_last_of() would
  // call memchr for every byte).
  size_t start = sentence.size();
  while (start > 0 && sentence[start - 1] != ' ' &&
         sentence[start - 1] != '(') {
    --start;
  }
  std::string_view token = sentence.substr(start);
  if (token.size() < 2 || token.size() % 2 != 0) return false;
  for (size_t i = 0; i < token.size(); i += 2) {
    if (token[i] < 'A' || token[i] > 'Z' || token[i + 1] != '.') return false;
  }
  return true;
}

// Sentence_Break of the ASCII characters (UAX #29; a test checks it
// against ICU's data).
constexpr std::array<uint8_t, 128> kAsciiSentenceBreak = [] {
  std::array<uint8_t, 128> table{};
  for (int c = 0; c < 128; ++c) {
    uint8_t v = U_SB_OTHER;
    if (c == '\t' || c == '\v' || c == '\f' || c == ' ') v = U_SB_SP;
    if (c == '\n') v = U_SB_LF;
    if (c == '\r') v = U_SB_CR;
    if (c == '.') v = U_SB_ATERM;
    if (c == '!' || c == '?') v = U_SB_STERM;
    if (c == ',' || c == '-' || c == ':') v = U_SB_SCONTINUE;
    if (c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' ||
        c == '{' || c == '}') {
      v = U_SB_CLOSE;
    }
    if (c >= '0' && c <= '9') v = U_SB_NUMERIC;
    if (c >= 'A' && c <= 'Z') v = U_SB_UPPER;
    if (c >= 'a' && c <= 'z') v = U_SB_LOWER;
    table[c] = v;
  }
  return table;
}();

bool IsSATerm(int c) { return c == U_SB_ATERM || c == U_SB_STERM; }

// A set of ASCII bytes, listed once for the test and the scan.
template <char... Stops>
struct AsciiStopSet {
  static constexpr bool Has(int c) { return ((c == Stops) || ...); }
  // The first position in text[i, end) that is not ASCII or is a stop.
  static size_t Skip(std::string_view text, size_t i, size_t end) {
    return FindNonAsciiOr<Stops...>(text, i, end);
  }
};

// The ASCII characters that are terminators, CR or LF: the scans below
// step over all other ASCII bytes without decoding them (nothing is
// decided at those).
using AsciiStops = AsciiStopSet<'.', '!', '?', '\r', '\n'>;
static_assert([] {
  for (int c = 0; c < 128; ++c) {
    int v = kAsciiSentenceBreak[c];
    bool stop =
        v == U_SB_ATERM || v == U_SB_STERM || v == U_SB_CR || v == U_SB_LF;
    if (stop != AsciiStops::Has(c)) return false;
  }
  return true;
}());

// Whether ICU may end a sentence inside text[span]: a Sentence_Break
// terminator or separator anywhere before the final run of ASCII
// terminators. (UAX #29 breaks only after those; the suppressions and the
// initials rule only remove breaks.)
bool MayBreakInside(std::string_view text, Span span) {
  size_t end = span.end;
  while (end > span.begin && (text[end - 1] == '.' || text[end - 1] == '!' ||
                              text[end - 1] == '?')) {
    --end;
  }
  for (size_t i = span.begin, len; i < end; i += len) {
    i = AsciiStops::Skip(text, i, end);
    if (i == end) break;
    int c = SentenceSplitter::SentenceBreakClass(DecodeAt(text, i, &len));
    if (IsSATerm(c) || c == U_SB_SEP || c == U_SB_CR || c == U_SB_LF) {
      return true;
    }
  }
  return false;
}

bool StartsCapitalised(std::string_view sentence) {
  return !sentence.empty() && ((sentence[0] >= 'A' && sentence[0] <= 'Z') ||
                               (sentence[0] >= '0' && sentence[0] <= '9'));
}

// ICU's standard sentence-break exceptions for `locale` ("Mr.", "e.g." …),
// from its break-iterator data; none when it has no list.
std::vector<std::string> IcuAbbreviations(const icu::Locale& locale) {
  std::vector<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle =
      ures_open(U_ICUDATA_NAME "-brkitr", locale.getName(), &status);
  UResourceBundle* exceptions =
      ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* list =
      ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  if (U_SUCCESS(status)) {
    for (int32_t i = 0; i < ures_getSize(list); ++i) {
      int32_t length = 0;
      UErrorCode item = U_ZERO_ERROR;
      const UChar* s = ures_getStringByIndex(list, i, &length, &item);
      if (U_SUCCESS(item)) {
        std::string word;
        icu::UnicodeString(s, length).toUTF8String(word);
        out.push_back(std::move(word));
      }
    }
  }
  ures_close(list);
  ures_close(exceptions);
  ures_close(bundle);
  return out;
}

}  // namespace

Result<std::unique_ptr<SentenceSplitter>> SentenceSplitter::Create(
    const std::string& lang, const std::vector<std::string>& abbreviations) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale(lang.c_str());
  std::unique_ptr<icu::BreakIterator> base(
      icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status)) {
    return Status(StatusCode::kInternal,
                  std::string("ICU sentence iterator: ") + u_errorName(status));
  }
  // The locale's standard abbreviations, then ours.
  auto words = std::make_shared<Abbreviations>();
  std::vector<std::string> all = IcuAbbreviations(locale);
  all.insert(all.end(), abbreviations.begin(), abbreviations.end());
  for (const std::string& a : all) {
    words->words.insert(a);
    if (!a.empty())
      words->last_bytes[static_cast<unsigned char>(a.back())] = true;
    words->longest = std::max(words->longest, a.size());
    words->spaces |= a.find(' ') != std::string::npos;
  }
  return std::unique_ptr<SentenceSplitter>(
      new SentenceSplitter(base.release(), std::move(words)));
}

SentenceSplitter::SentenceSplitter(
    icu::BreakIterator* iterator,
    std::shared_ptr<const Abbreviations> abbreviations)
    : iterator_(iterator), abbreviations_(std::move(abbreviations)) {}

SentenceSplitter::~SentenceSplitter() = default;

std::unique_ptr<SentenceSplitter> SentenceSplitter::Clone() const {
  return std::unique_ptr<SentenceSplitter>(
      new SentenceSplitter(iterator_->clone(), abbreviations_));
}

bool SentenceSplitter::EndsWithAbbreviation(std::string_view sentence) const {
  // Entries end with "."; one test rejects most sentences.
  if (sentence.empty() ||
      !abbreviations_
           ->last_bytes[static_cast<unsigned char>(sentence.back())]) {
    return false;
  }
  // Each suffix that starts a word (after a non-alphanumeric character)
  // and is no longer than the longest entry.
  const size_t n = sentence.size();
  const size_t lowest =
      n > abbreviations_->longest ? n - abbreviations_->longest : 0;
  for (size_t p = n; p-- > lowest;) {
    auto b = static_cast<unsigned char>(sentence[p]);
    if ((b & 0xC0) == 0x80) continue;  // inside a character
    // No entry holds a space: none is a suffix over one.
    if (b == ' ' && !abbreviations_->spaces) break;
    bool starts_word = p == 0;
    if (p > 0) {
      auto a = static_cast<unsigned char>(sentence[p - 1]);
      if (a < 0x80) {
        starts_word = !IsAsciiAlnum(a);
      } else {
        size_t len;
        starts_word = !u_isalnum(static_cast<UChar32>(
            DecodeAt(sentence, PrevStart(sentence, p), &len)));
      }
    }
    if (starts_word && abbreviations_->words.count(sentence.substr(p))) {
      return true;
    }
  }
  return false;
}

void SentenceSplitter::Split(std::string_view text, Span range,
                             std::vector<Span>* out) {
  // Most news paragraphs of one sentence take this path: ICU's set-up per
  // paragraph costs more than its scan.
  Span trimmed = Trim(text, range);
  if (!MayBreakInside(text, trimmed)) {
    if (trimmed.size() > 0) out->push_back(trimmed);
    return;
  }
  if (!UaxBreaks(text, range, &breaks_)) IcuBreaks(text, range, &breaks_);
  Emit(text, range, breaks_, out);
}

void SentenceSplitter::SplitWithIcu(std::string_view text, Span range,
                                    std::vector<Span>* out) {
  IcuBreaks(text, range, &breaks_);
  Emit(text, range, breaks_, out);
}

int SentenceSplitter::SentenceBreakClass(char32_t c) {
  if (c < 0x80) return kAsciiSentenceBreak[c];
  // Latin, Greek, Cyrillic, the Indic scripts, punctuation: ICU's classes
  // of U+0080..U+2FFF copied once, so that text in those scripts does not
  // cost a call into ICU per character.
  constexpr char32_t kTabled = 0x3000;
  static const std::array<uint8_t, kTabled> kTable = [] {
    std::array<uint8_t, kTabled> table{};
    for (char32_t k = 0x80; k < kTabled; ++k) {
      table[k] = static_cast<uint8_t>(
          u_getIntPropertyValue(static_cast<UChar32>(k), UCHAR_SENTENCE_BREAK));
    }
    return table;
  }();
  if (c < kTabled) return kTable[c];
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK);
}

bool SentenceSplitter::UaxBreaks(std::string_view text, Span range,
                                 std::vector<size_t>* breaks) {
  breaks->clear();
  const size_t end = range.end;
  auto extend_or_format = [](int c) {
    return c == U_SB_EXTEND || c == U_SB_FORMAT;
  };
  // The end of the combining marks and format characters at text[k], which
  // take the class of the character before them (SB5: "X (Extend |
  // Format)* -> X").
  auto absorb = [&](size_t k) {
    for (size_t k_len; k < end; k += k_len) {
      if (static_cast<unsigned char>(text[k]) < 0x80 ||  // none is ASCII
          !extend_or_format(SentenceBreakClass(DecodeAt(text, k, &k_len)))) {
        break;
      }
    }
    return k;
  };
  // The class of the character at text[i]; *len is its length with the
  // characters it absorbs.
  auto class_at = [&](size_t i, size_t* len) {
    int c = SentenceBreakClass(DecodeAt(text, i, len));
    *len = absorb(i + *len) - i;
    return c;
  };
  auto unhandled = [](int c) {
    return c == U_SB_CR || c == U_SB_LF || c == U_SB_SEP;
  };
  // The rules of UAX #29 without paragraph separators: a sentence ends only
  // after SATerm Close* Sp* (SB11), unless SB6–SB10 keep it.
  for (size_t i = range.begin; i < end;) {
    i = AsciiStops::Skip(text, i, end);
    if (i == end) break;
    // Characters that are no terminator need no absorbing: what follows
    // them is looked at next anyway.
    size_t len;
    int c = SentenceBreakClass(DecodeAt(text, i, &len));
    if (unhandled(c)) return false;
    if (!IsSATerm(c)) {
      i += len;
      continue;
    }
    len = absorb(i + len) - i;
    // The class of the character before text[i], over the combining marks
    // and format characters that take its class (none at the range's
    // start; every class before i is handled, so none is skipped).
    int before = U_SB_OTHER;
    for (size_t k = i; k > range.begin;) {
      k = PrevStart(text, k);
      size_t k_len;
      before = SentenceBreakClass(DecodeAt(text, k, &k_len));
      if (!extend_or_format(before)) break;
    }
    size_t j = i + len;
    int next = U_SB_OTHER;
    size_t next_len = 0;
    while (j < end && (next = class_at(j, &next_len)) == U_SB_CLOSE) {
      j += next_len;  // SB9
    }
    while (j < end && (next = class_at(j, &next_len)) == U_SB_SP) {
      j += next_len;  // SB10
    }
    if (j >= end) break;  // the range's end ends it
    if (unhandled(next)) return false;
    bool keep = next == U_SB_SCONTINUE || IsSATerm(next);  // SB8a
    if (!keep && c == U_SB_ATERM) {
      if (j == i + len) {
        keep = next == U_SB_NUMERIC ||  // SB6: "3.5"
               (next == U_SB_UPPER &&   // SB7: "U.S"
                (before == U_SB_UPPER || before == U_SB_LOWER));
      }
      // SB8: no break before lower case, over anything but letters and
      // terminators ("e.g. the", "etc. (see").
      for (size_t k = j, k_len; !keep && k < end; k += k_len) {
        int ck = class_at(k, &k_len);
        if (unhandled(ck)) return false;
        if (ck == U_SB_OLETTER || ck == U_SB_UPPER || ck == U_SB_LOWER ||
            IsSATerm(ck)) {
          keep = ck == U_SB_LOWER;
          break;
        }
      }
    }
    if (!keep) breaks->push_back(j);  // SB11
    i = j;
  }
  breaks->push_back(end);
  return true;
}

bool SentenceSplitter::IcuBreaks(std::string_view text, Span range,
                                 std::vector<size_t>* breaks) {
  breaks->clear();
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data() + range.begin,
                             static_cast<int64_t>(range.size()), &status);
  if (U_FAILURE(status)) {
    breaks->push_back(range.end);
    return false;
  }
  iterator_->setText(ut, status);
  if (U_SUCCESS(status)) {
    iterator_->first();
    for (int32_t end = iterator_->next(); end != icu::BreakIterator::DONE;
         end = iterator_->next()) {
      breaks->push_back(range.begin + static_cast<size_t>(end));
    }
  }
  // The iterator keeps a pointer to the UText; detach before closing it.
  iterator_->setText(icu::UnicodeString());
  utext_close(ut);
  if (breaks->empty() || breaks->back() != range.end) {
    breaks->push_back(range.end);
  }
  return U_SUCCESS(status);
}

void SentenceSplitter::Emit(std::string_view text, Span range,
                            const std::vector<size_t>& breaks,
                            std::vector<Span>* out) const {
  size_t start = range.begin;
  for (size_t end : breaks) {
    Span s = Trim(text, Span{start, end});
    start = end;
    if (s.size() == 0) continue;
    if (!out->empty() && out->back().begin >= range.begin &&
        out->back().end <= s.begin) {
      std::string_view last =
          text.substr(out->back().begin, out->back().size());
      if (EndsWithAbbreviation(last) ||
          (EndsWithInitials(last) &&
           StartsCapitalised(text.substr(s.begin, s.size())))) {
        out->back().end = s.end;
        continue;
      }
    }
    out->push_back(s);
  }
}

}  // namespace whosaid::text
