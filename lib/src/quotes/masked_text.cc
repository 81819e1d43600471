#include "quotes/masked_text.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "text/utf8.h"

namespace whosaid::quotes {

MaskedText::MaskedText(std::string_view text, Span paragraph,
                       const std::vector<Quote>& quotes, size_t first_quote) {
  size_t top = 0;  // quotes to mask
  for (const Quote& q : quotes) top += q.depth == 0;
  if (top == 0) {
    // Nothing to mask: the paragraph as it is, no copy.
    view_ = text.substr(paragraph.begin, paragraph.size());
    only_ = Piece{0, paragraph.size(), paragraph.begin, paragraph.end, -1};
    return;
  }
  copied_ = true;
  masked_.reserve(paragraph.size());
  pieces_.reserve(2 * top + 1);
  size_t pos = paragraph.begin;
  auto copy_to = [&](size_t end) {
    if (end <= pos) return;
    pieces_.push_back(
        Piece{masked_.size(), masked_.size() + (end - pos), pos, end, -1});
    masked_.append(text.data() + pos, end - pos);
    pos = end;
  };
  for (size_t k = 0; k < quotes.size(); ++k) {
    const Quote& q = quotes[k];
    if (q.depth != 0 || q.outer.begin < pos) continue;
    copy_to(q.outer.begin);
    size_t start = masked_.size();
    size_t first_len;
    char32_t first = text::DecodeAt(text, q.content.begin, &first_len);
    bool upper = u_isupper(static_cast<UChar32>(first)) ||
                 u_istitle(static_cast<UChar32>(first));
    char32_t mark = q.speech_like
                        ? (upper ? kSpeechMarkUpper : kSpeechMark)
                        : (upper ? kFragmentMarkUpper : kFragmentMark);
    text::AppendUtf8(mark, &masked_);
    // Always ".", never "?" or "!": ICU keeps "….” she asked" together
    // only after a full stop followed by a lower-case word.
    if (q.terminal) masked_.push_back('.');
    pieces_.push_back(Piece{start, masked_.size(), q.outer.begin, q.outer.end,
                            static_cast<long>(first_quote + k)});
    pos = q.outer.end;
  }
  copy_to(paragraph.end);
}

const MaskedText::Piece& MaskedText::PieceAt(size_t masked_pos) const {
  const Piece* begin = PiecesBegin();
  const Piece* it = std::upper_bound(
      begin, PiecesEnd(), masked_pos,
      [](size_t p, const Piece& piece) { return p < piece.masked_begin; });
  if (it != begin) --it;
  return *it;
}

Span MaskedText::ToOriginal(Span m) const {
  if (PiecesBegin() == PiecesEnd() || !m.valid()) return Span{};
  const Piece& b = PieceAt(m.begin);
  size_t begin =
      b.quote >= 0 ? b.orig_begin : b.orig_begin + (m.begin - b.masked_begin);
  if (m.end <= m.begin) return Span{begin, begin};
  const Piece& e = PieceAt(m.end - 1);
  size_t end =
      e.quote >= 0 ? e.orig_end : e.orig_begin + (m.end - e.masked_begin);
  return Span{begin, end};
}

long MaskedText::QuoteAt(size_t pos) const {
  if (PiecesBegin() == PiecesEnd()) return -1;
  const Piece& p = PieceAt(pos);
  return p.quote >= 0 && p.masked_begin == pos ? p.quote : -1;
}

std::vector<size_t> MaskedText::QuotesIn(Span m) const {
  std::vector<size_t> out;
  QuotesIn(m, &out);
  return out;
}

void MaskedText::QuotesIn(Span m, std::vector<size_t>* out) const {
  // Pieces are in masked order: a scan of every piece per call made a
  // paragraph of many quotes quadratic (20,000 quotes: seconds).
  out->clear();
  if (!copied_) return;  // no placeholder
  const Piece* it = std::lower_bound(
      PiecesBegin(), PiecesEnd(), m.begin,
      [](const Piece& piece, size_t p) { return piece.masked_begin < p; });
  for (; it != PiecesEnd() && it->masked_begin < m.end; ++it) {
    if (it->quote >= 0) out->push_back(static_cast<size_t>(it->quote));
  }
}

}  // namespace whosaid::quotes
