// Quotes stage: finds quotation spans in a paragraph, for every common
// convention (“…” ‘…’ "…" '…' «…» ‹…› „…“ „…” ‚…‘ »…« 「…」 『…』 and the
// dialogue dash), telling apostrophes (Iraq’s, ’90s, rock ’n’ roll) from
// closing single quotes, pairing straight quotes, and skipping unmatched
// marks so the rest still pair.
#ifndef WHOSAID_QUOTES_QUOTE_FINDER_H_
#define WHOSAID_QUOTES_QUOTE_FINDER_H_

#include <string_view>
#include <vector>

#include "whosaid/claim.h"

namespace whosaid::quotes {

struct Quote {
  Span outer;     // from the opening mark through the closing mark
  Span content;   // between the marks, trimmed of white space
  int depth = 0;  // 0: top level; 1: a quote inside a quote; ...
  // The paragraph ends before the closing mark (a multi-paragraph quote
  // whose next paragraph reopens it, or an unclosed dialogue line).
  bool open_end = false;
  // The content reads like speech rather than a scare quote or title: it
  // has sentence punctuation inside, or at least kMinSpeechWords words.
  bool speech_like = false;
  // Sentence punctuation (. ? ! …) ends the content.
  bool terminal = false;
};

inline constexpr int kMinSpeechWords = 4;

// Finds the quotes of text[paragraph], in order of their opening marks.
// An opening mark left unclosed at the end of the paragraph becomes an
// open_end quote when it opens the paragraph or when `next_reopens` (the next
// paragraph starts with an opening mark: the multi-paragraph convention);
// otherwise it is an unmatched mark and is skipped. Work is linear in the
// paragraph length. At most kMaxDepth openers are open at once: past that,
// the oldest but the bottom one is forgotten (it stays unmatched).
std::vector<Quote> FindQuotes(std::string_view text, Span paragraph,
                              bool next_reopens);
// The same into *out (cleared first), whose buffer a caller keeps.
void FindQuotes(std::string_view text, Span paragraph, bool next_reopens,
                std::vector<Quote>* out);

// Whether text[pos] starts with a mark that can open a quotation.
bool StartsWithOpeningMark(std::string_view text, size_t pos);

inline constexpr int kMaxDepth = 8;

}  // namespace whosaid::quotes

#endif  // WHOSAID_QUOTES_QUOTE_FINDER_H_
