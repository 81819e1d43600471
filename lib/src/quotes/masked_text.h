// A paragraph in which every top-level quotation is replaced by a
// placeholder, so rules read `{QUOTE},? (?P<source>{NAME}) {SAY_VERB}`
// instead of re-parsing quote marks. Offsets map back to the original text.
#ifndef WHOSAID_QUOTES_MASKED_TEXT_H_
#define WHOSAID_QUOTES_MASKED_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "quotes/quote_finder.h"
#include "whosaid/claim.h"

namespace whosaid::quotes {

// Placeholders. A speech-like quote becomes a speech mark, a short fragment
// without punctuation (a scare quote, a nickname, a title) a fragment mark;
// either is followed by "." when the quotation ends with sentence
// punctuation (. ? ! …), so sentence breaking and rules see where a quoted
// sentence ends. A quote that opens with a capital letter gets a capital
// placeholder (rare Latin capitals, Lu to ICU): after "… the party. “We
// should …” he said" ICU then breaks before the quote as it would on the
// original text; a private-use character would hide that capital.
inline constexpr char32_t kSpeechMark = 0xE000;
inline constexpr char32_t kFragmentMark = 0xE001;
inline constexpr char32_t kSpeechMarkUpper = 0xA7AA;    // Ɦ
inline constexpr char32_t kFragmentMarkUpper = 0xA7AB;  // Ɜ

// Whether `c` is one of the four placeholders.
inline bool IsPlaceholder(char32_t c) {
  return c == kSpeechMark || c == kFragmentMark || c == kSpeechMarkUpper ||
         c == kFragmentMarkUpper;
}

class MaskedText {
 public:
  // Masks the depth-0 quotes of text[paragraph]. `quotes` are those of
  // FindQuotes for this paragraph; `first_quote` is the index the first of
  // them has in the document's quote list.
  MaskedText(std::string_view text, Span paragraph,
             const std::vector<Quote>& quotes, size_t first_quote);

  // The masked paragraph: the paragraph itself, viewed in `text` (which
  // must outlive this object), when it holds no quote to mask; else a copy
  // of its own.
  std::string_view masked() const {
    return copied_ ? std::string_view(masked_) : view_;
  }

  // Maps a byte span of masked() to the original text. A boundary inside a
  // placeholder maps to the quote's outer edge.
  Span ToOriginal(Span masked_span) const;

  // The document quote index of the placeholder at masked() offset `pos`,
  // or -1 when no placeholder starts there.
  long QuoteAt(size_t pos) const;

  // Document quote indices of the placeholders inside masked_span.
  std::vector<size_t> QuotesIn(Span masked_span) const;
  // The same into *out (cleared first), whose buffer a caller reuses.
  void QuotesIn(Span masked_span, std::vector<size_t>* out) const;

 private:
  struct Piece {
    size_t masked_begin;
    size_t masked_end;
    size_t orig_begin;
    size_t orig_end;
    long quote;  // document quote index, or -1 for copied text
  };
  const Piece* PiecesBegin() const {
    return pieces_.empty() ? &only_ : pieces_.data();
  }
  const Piece* PiecesEnd() const {
    // only_ counts when it views a paragraph that is not empty.
    return pieces_.empty() ? &only_ + (view_.empty() ? 0 : 1)
                           : pieces_.data() + pieces_.size();
  }
  const Piece& PieceAt(size_t masked_pos) const;

  // A paragraph without quotes to mask is one piece (only_), viewed in
  // place; others are copied with their placeholders, piece by piece.
  bool copied_ = false;
  std::string_view view_;
  std::string masked_;
  Piece only_{};
  std::vector<Piece> pieces_;
};

}  // namespace whosaid::quotes

#endif  // WHOSAID_QUOTES_MASKED_TEXT_H_
