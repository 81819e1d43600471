// Text stage: paragraphs and sentences, with byte offsets into the original
// UTF-8 text. Sentence breaking is ICU's (over UTF-8 through UText, no UTF-16
// copy of the document) with suppressions for news abbreviations.
#ifndef WHOSAID_TEXT_SEGMENTER_H_
#define WHOSAID_TEXT_SEGMENTER_H_

#include <unicode/brkiter.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/word_set.h"
#include "whosaid/claim.h"
#include "whosaid/status.h"

namespace whosaid::text {

// Splits `text` at line breaks into paragraphs, each trimmed of surrounding
// white space; blank lines give no paragraph. News JSONL and text files mark
// paragraphs with one or two newlines; a sentence never crosses one.
std::vector<Span> SplitParagraphs(std::string_view text);
// The same into *out (cleared first), whose buffer a caller keeps.
void SplitParagraphs(std::string_view text, std::vector<Span>* out);

// A compiled sentence breaker. Not thread-safe: each thread uses its own
// Clone() (ICU break iterators keep per-text state).
class SentenceSplitter {
 public:
  // `abbreviations` are words after which a "." never ends a sentence
  // ("Sen.", "U.S."), added to ICU's standard ones for `lang`. They are
  // whole words: ICU's own filter (FilteredBreakIteratorBuilder) matches
  // them as suffixes, so that "est." kept "the protest." and "v." kept
  // "Kyiv." from ending a sentence.
  static Result<std::unique_ptr<SentenceSplitter>> Create(
      const std::string& lang, const std::vector<std::string>& abbreviations);
  ~SentenceSplitter();

  std::unique_ptr<SentenceSplitter> Clone() const;

  // Appends the sentences of text[range] to *out as byte spans of `text`,
  // trimmed of surrounding white space. A range with no sentence-ending
  // character (Unicode Sentence_Break ATerm, STerm, Sep, CR or LF) before
  // its final run of "." "!" "?" is one sentence, as ICU would say, and is
  // returned without more work; others are broken by UaxBreaks(), or ICU
  // for the few characters it does not handle.
  void Split(std::string_view text, Span range, std::vector<Span>* out);

  // Split() always through ICU; tests compare the two.
  void SplitWithIcu(std::string_view text, Span range, std::vector<Span>* out);

  // Where UAX #29 ends sentences in text[range], as ICU's sentence
  // iterator does (before the abbreviation and initials joins): the byte
  // offset after each sentence, the last one range.end. False when the
  // range holds a character whose rules this does not follow (Sentence_Break
  // CR, LF or Sep); Split() then runs ICU.
  static bool UaxBreaks(std::string_view text, Span range,
                        std::vector<size_t>* breaks);
  // The Sentence_Break class (USentenceBreak) UaxBreaks() gives `c`.
  static int SentenceBreakClass(char32_t c);
  // The same from ICU, for tests.
  bool IcuBreaks(std::string_view text, Span range,
                 std::vector<size_t>* breaks);

  // Whether `sentence` ends with an abbreviation (a whole word).
  bool EndsWithAbbreviation(std::string_view sentence) const;

 private:
  struct Abbreviations {
    WordSet words;
    size_t longest = 0;                  // in bytes
    std::array<bool, 256> last_bytes{};  // the last byte of some entry
    bool spaces = false;                 // some entry holds a space
  };
  SentenceSplitter(icu::BreakIterator* iterator,
                   std::shared_ptr<const Abbreviations> abbreviations);
  // Appends the trimmed sentences between `breaks` (starting at
  // range.begin), joining one to the sentence before it after an
  // abbreviation or initials.
  void Emit(std::string_view text, Span range,
            const std::vector<size_t>& breaks, std::vector<Span>* out) const;
  std::unique_ptr<icu::BreakIterator> iterator_;
  std::shared_ptr<const Abbreviations> abbreviations_;  // shared by clones
  std::vector<size_t> breaks_;                          // scratch
};

// Trims white space from both ends of text[span].
Span Trim(std::string_view text, Span span);

}  // namespace whosaid::text

#endif  // WHOSAID_TEXT_SEGMENTER_H_
