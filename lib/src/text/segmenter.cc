#include "text/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utext.h>

#include <algorithm>

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
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    Span p = Trim(text, Span{start, end});
    if (p.size() > 0) out.push_back(p);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

namespace {

// "U.S.", "D.C.", "B.": capital letters, each followed by a full stop.
// ICU's suppressions miss an abbreviation with an inner full stop before a
// capitalised word ("the U.S. Supreme Court"), and a middle initial ("James
// B. Comey") is no sentence end either.
bool EndsWithInitials(std::string_view sentence) {
  size_t space = sentence.find_last_of(" (");
  std::string_view token =
      space == std::string_view::npos ? sentence : sentence.substr(space + 1);
  if (token.size() < 2 || token.size() % 2 != 0) return false;
  for (size_t i = 0; i < token.size(); i += 2) {
    if (token[i] < 'A' || token[i] > 'Z' || token[i + 1] != '.') return false;
  }
  return true;
}

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
  for (size_t i = span.begin; i < end;) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '.' || c == '!' || c == '?' || c == '\r' || c == '\n') {
        return true;
      }
      ++i;
      continue;
    }
    size_t len;
    char32_t cp = DecodeAt(text, i, &len);
    switch (
        u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_SENTENCE_BREAK)) {
      case U_SB_ATERM:
      case U_SB_STERM:
      case U_SB_SEP:
      case U_SB_CR:
      case U_SB_LF:
        return true;
      default:
        break;
    }
    i += len;
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
  for (const std::string& a : IcuAbbreviations(locale)) words->words.insert(a);
  for (const std::string& a : abbreviations) words->words.insert(a);
  for (const std::string& a : words->words) {
    if (std::find(words->sizes.begin(), words->sizes.end(), a.size()) ==
        words->sizes.end()) {
      words->sizes.push_back(a.size());
    }
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
  for (size_t size : abbreviations_->sizes) {
    if (size > sentence.size()) continue;
    size_t at = sentence.size() - size;
    if (!abbreviations_->words.count(std::string(sentence.substr(at)))) {
      continue;
    }
    if (at == 0) return true;
    size_t len;
    char32_t before = DecodeAt(sentence, PrevStart(sentence, at), &len);
    if (!u_isalnum(static_cast<UChar32>(before))) return true;
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
  SplitWithIcu(text, range, out);
}

void SentenceSplitter::SplitWithIcu(std::string_view text, Span range,
                                    std::vector<Span>* out) {
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data() + range.begin,
                             static_cast<int64_t>(range.size()), &status);
  if (U_FAILURE(status)) {
    out->push_back(Trim(text, range));
    return;
  }
  iterator_->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    out->push_back(Trim(text, range));
    return;
  }
  int32_t start = iterator_->first();
  for (int32_t end = iterator_->next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator_->next()) {
    Span s = Trim(text, Span{range.begin + static_cast<size_t>(start),
                             range.begin + static_cast<size_t>(end)});
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
  // The iterator keeps a pointer to the UText; detach before closing it.
  iterator_->setText(icu::UnicodeString());
  utext_close(ut);
}

}  // namespace whosaid::text
