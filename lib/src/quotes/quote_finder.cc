#include "quotes/quote_finder.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "text/utf8.h"

namespace whosaid::quotes {
namespace {

using text::DecodeAt;
using text::IsSpace;
using text::PrevStart;

// Families of marks: an opener only pairs with a closer of its family.
enum class Family {
  kCurlyDouble,             // “ … ” (and a stray “ used as closer)
  kLowDouble,               // „ … “ or „ … ”
  kRightDouble,             // ” … ” (Swedish/Finnish)
  kCurlySingle,             // ‘ … ’
  kLowSingle,               // ‚ … ‘ or ‚ … ’
  kStraightDouble,          // " … "
  kStraightSingle,          // ' … '
  kGuillemet,               // « … »
  kReverseGuillemet,        // » … «
  kSingleGuillemet,         // ‹ … ›
  kReverseSingleGuillemet,  // › … ‹
  kCornerBracket,           // 「 … 」
  kWhiteCornerBracket,      // 『 … 』
};

struct Open {
  Family family;
  size_t pos;  // byte offset of the mark
  size_t len;  // byte length of the mark
};

bool IsAsciiLetter(char32_t c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

// The characters Mark() reads as quotation marks (and ‛ ‟, which it
// does not).
bool IsQuoteMark(char32_t c) {
  return c == '"' || c == '\'' || c == 0xAB || c == 0xBB ||
         (c >= 0x2018 && c <= 0x201E) || c == 0x2039 || c == 0x203A ||
         (c >= 0x300C && c <= 0x300F);
}

// ASCII first: what ICU says of it, without a call into ICU.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return IsAsciiLetter(c) || IsDigit(c);
  return u_isalnum(static_cast<UChar32>(c)) ||
         u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC);
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return IsAsciiLetter(c);
  return u_isalpha(static_cast<UChar32>(c));
}

// Characters after which a straight quote opens: start, space, brackets,
// dashes and other opening marks.
bool OpensAfter(char32_t prev) {
  return prev == 0 || IsSpace(prev) || prev == '(' || prev == '[' ||
         prev == '{' || prev == 0x2014 || prev == 0x2013 || prev == '-' ||
         prev == '/' || prev == 0x201C || prev == 0x2018 || prev == 0x201E ||
         prev == 0xAB || prev == 0xBB || prev == '"' || prev == '\'' ||
         prev == ':';
}

// Sentence punctuation, with the ideographic and fullwidth forms that CJK
// quotations end with (。 ！ ？ ．).
bool IsSentencePunct(char32_t c) {
  return c == '.' || c == '?' || c == '!' || c == 0x2026 || c == 0x3002 ||
         c == 0xFF01 || c == 0xFF1F || c == 0xFF0E;
}

bool IsInnerPunct(char32_t c) {
  return IsSentencePunct(c) || c == ',' || c == ';' || c == ':' ||
         c == 0x3001 || c == 0xFF0C || c == 0xFF1B || c == 0xFF1A;
}

class Finder {
 public:
  // The quotes found go to *quotes, cleared first.
  Finder(std::string_view text, Span paragraph, std::vector<Quote>* quotes)
      : text_(text), paragraph_(paragraph), quotes_(*quotes) {
    quotes_.clear();
  }

  void Run(bool next_reopens) {
    size_t i = paragraph_.begin;
    if (DialogueDash(&i)) return;
    while (i < paragraph_.end) {
      // Most bytes start no quote mark: skip them undecoded. The marks
      // Mark() knows begin with these bytes: " ' « » (0xC2), “ ” ‘ ’ „ ‚
      // ‹ › (0xE2) and 「 」 『 』 (0xE3).
      i = text::FindAnyOf<'"', '\'', 0xC2, 0xE2, 0xE3>(text_, i,
                                                       paragraph_.end);
      if (i == paragraph_.end) break;
      size_t len;
      char32_t c = DecodeAt(text_, i, &len);
      if (c == '\'' && i + 1 < paragraph_.end && text_[i + 1] == '\'') {
        // Two apostrophes stand for a double quote (''…'' in some wire and
        // newspaper archives).
        Mark('"', i, 2);
        i += 2;
        continue;
      }
      if (c >= 0x80 || c == '"' || c == '\'') Mark(c, i, len);
      i += len;
    }
    // An opener left at the bottom of the stack may run to the paragraph end.
    if (!stack_.empty()) {
      const Open& o = stack_.front();
      bool at_start = o.pos == paragraph_.begin;
      bool double_kind = o.family != Family::kCurlySingle &&
                         o.family != Family::kStraightSingle &&
                         o.family != Family::kLowSingle;
      if (double_kind && (at_start || next_reopens)) {
        Add(o, paragraph_.end, 0, /*depth=*/0, /*open_end=*/true);
      }
    }
    std::sort(quotes_.begin(), quotes_.end(),
              [](const Quote& a, const Quote& b) {
                return a.outer.begin < b.outer.begin;
              });
    // Depth counts the accepted quotes that enclose a quote (an unmatched
    // opener below it on the stack does not).
    std::vector<size_t> enclosing_ends;
    for (Quote& q : quotes_) {
      while (!enclosing_ends.empty() &&
             enclosing_ends.back() <= q.outer.begin) {
        enclosing_ends.pop_back();
      }
      q.depth = static_cast<int>(enclosing_ends.size());
      enclosing_ends.push_back(q.outer.end);
    }
  }

 private:
  char32_t Prev(size_t pos) const {
    if (pos <= paragraph_.begin) return 0;
    size_t len;
    return DecodeAt(text_, PrevStart(text_, pos), &len);
  }
  char32_t Next(size_t pos) const {
    if (pos >= paragraph_.end) return 0;
    size_t len;
    return DecodeAt(text_, pos, &len);
  }

  // A paragraph opening with a dash is a dialogue line: the quote runs to
  // the next spaced dash (the attribution) or to the paragraph end.
  bool DialogueDash(size_t* i) {
    size_t len;
    char32_t c = DecodeAt(text_, *i, &len);
    if (c != 0x2014 && c != 0x2013 && c != 0x2015) return false;
    char32_t n = Next(*i + len);
    if (n == 0 || !(IsSpace(n) || IsLetter(n))) return false;
    size_t start = *i + len;
    size_t end = paragraph_.end;
    for (size_t k = start; k < paragraph_.end;) {
      size_t l;
      char32_t d = DecodeAt(text_, k, &l);
      if ((d == 0x2014 || d == 0x2013 || d == 0x2015) && k > start &&
          IsSpace(Prev(k))) {
        end = k;
        break;
      }
      k += l;
    }
    Open o{Family::kCurlyDouble, *i, len};
    // A dialogue line closes with its paragraph (Add drops an empty one).
    Add(o, end, 0, 0, /*open_end=*/false);
    *i = paragraph_.end;
    return true;
  }

  // A full stack forgets its oldest opener above the bottom one: stray
  // openers must not stop later marks from pairing, and the bottom one may
  // still open a quote that runs to the paragraph end.
  void Push(Family f, size_t pos, size_t len) {
    if (stack_.size() >= static_cast<size_t>(kMaxDepth)) {
      stack_.erase(stack_.begin() + (kMaxDepth > 1 ? 1 : 0));
    }
    stack_.push_back(Open{f, pos, len});
  }

  // Closes the nearest open quote of one of the given families; returns
  // false when none is open (the mark is then not a closer).
  bool Close(std::initializer_list<Family> families, size_t pos, size_t len) {
    for (size_t k = stack_.size(); k-- > 0;) {
      if (std::find(families.begin(), families.end(), stack_[k].family) ==
          families.end()) {
        continue;
      }
      Add(stack_[k], pos, len, static_cast<int>(k), false);
      stack_.resize(k);  // openers above it were unmatched: skip them
      return true;
    }
    return false;
  }

  bool IsOpen(Family f) const {
    for (const Open& o : stack_) {
      if (o.family == f) return true;
    }
    return false;
  }

  // Whether a later ’ (or ') in the paragraph could close a single quote:
  // used to read "members’ views" as a possessive inside a quote.
  bool LaterSingleCloser(size_t from, char32_t mark) const {
    for (size_t k = from; k < paragraph_.end;) {
      size_t l;
      char32_t d = DecodeAt(text_, k, &l);
      if (d == mark) {
        char32_t p = Prev(k);
        char32_t n = Next(k + l);
        if (!IsSpace(p) && !IsWordChar(n)) return true;
      }
      k += l;
    }
    return false;
  }

  // ’n’ in "rock ’n’ roll", ’90s, ’em: elisions, not quotes.
  bool Elision(size_t pos, size_t len, char32_t mark) const {
    char32_t n = Next(pos + len);
    if (IsDigit(n)) return true;
    // ’n’ / 'n'
    size_t k = pos + len;
    size_t l;
    if (k < paragraph_.end && (DecodeAt(text_, k, &l) | 0x20) == 'n') {
      char32_t after = Next(k + l);
      if (after == mark) return true;
    }
    return false;
  }

  void Mark(char32_t c, size_t pos, size_t len) {
    if (!IsQuoteMark(c)) return;  // a dash, a space, a letter
    char32_t p = Prev(pos);
    char32_t n = Next(pos + len);
    switch (c) {
      case 0x201C:  // “
        if (Close({Family::kLowDouble}, pos, len)) return;
        if (IsOpen(Family::kCurlyDouble) && !IsSpace(p) && p != 0 &&
            (n == 0 || IsSpace(n) || IsInnerPunct(n))) {
          Close({Family::kCurlyDouble}, pos, len);  // “…“ typed wrongly
          return;
        }
        Push(Family::kCurlyDouble, pos, len);
        return;
      case 0x201D:  // ”
        if (Close({Family::kCurlyDouble, Family::kLowDouble,
                   Family::kRightDouble, Family::kStraightDouble},
                  pos, len)) {
          return;
        }
        if (OpensAfter(p) && n != 0 && !IsSpace(n)) {
          Push(Family::kRightDouble, pos, len);
        }
        return;
      case 0x201E:  // „
        Push(Family::kLowDouble, pos, len);
        return;
      case 0x2018:  // ‘
        if (Close({Family::kLowSingle}, pos, len)) return;
        if (IsWordChar(p) && IsWordChar(n)) return;  // mistyped apostrophe
        if (Elision(pos, len, 0x2018)) return;
        if (n != 0 && !IsSpace(n)) Push(Family::kCurlySingle, pos, len);
        return;
      case 0x201A:  // ‚
        if (OpensAfter(p) && n != 0 && !IsSpace(n)) {
          Push(Family::kLowSingle, pos, len);
        }
        return;
      case 0x2019:  // ’
        SingleClose(Family::kCurlySingle, c, pos, len, p, n);
        return;
      case '"':
        if (IsOpen(Family::kStraightDouble) &&
            !(OpensAfter(p) && IsWordChar(n))) {
          Close({Family::kStraightDouble}, pos, len);
          return;
        }
        // “…" with mixed marks: a straight mark in closing position closes
        // an open curly quote.
        if (!IsOpen(Family::kStraightDouble) && p != 0 && !IsSpace(p) &&
            (n == 0 || IsSpace(n) || IsInnerPunct(n)) &&
            Close({Family::kCurlyDouble, Family::kLowDouble}, pos, len)) {
          return;
        }
        if (OpensAfter(p) && n != 0 && !IsSpace(n)) {
          Push(Family::kStraightDouble, pos, len);
        } else if (IsOpen(Family::kStraightDouble)) {
          Close({Family::kStraightDouble}, pos, len);
        }
        return;
      case '\'':
        if (OpensAfter(p) && n != 0 && !IsSpace(n) && !Elision(pos, len, c) &&
            !(p != 0 && IsWordChar(p))) {
          Push(Family::kStraightSingle, pos, len);
          return;
        }
        SingleClose(Family::kStraightSingle, c, pos, len, p, n);
        return;
      case 0xAB:  // «
        if (Close({Family::kReverseGuillemet}, pos, len)) return;
        Push(Family::kGuillemet, pos, len);
        return;
      case 0xBB:  // »
        if (Close({Family::kGuillemet}, pos, len)) return;
        if (n != 0 && !IsSpace(n)) Push(Family::kReverseGuillemet, pos, len);
        return;
      case 0x2039:  // ‹
        if (Close({Family::kReverseSingleGuillemet}, pos, len)) return;
        Push(Family::kSingleGuillemet, pos, len);
        return;
      case 0x203A:  // ›
        if (Close({Family::kSingleGuillemet}, pos, len)) return;
        if (n != 0 && !IsSpace(n)) {
          Push(Family::kReverseSingleGuillemet, pos, len);
        }
        return;
      case 0x300C:  // 「
        Push(Family::kCornerBracket, pos, len);
        return;
      case 0x300D:  // 」
        Close({Family::kCornerBracket}, pos, len);
        return;
      case 0x300E:  // 『
        Push(Family::kWhiteCornerBracket, pos, len);
        return;
      case 0x300F:  // 』
        Close({Family::kWhiteCornerBracket}, pos, len);
        return;
      default:
        return;
    }
  }

  // A right single mark (’ or ') closes a single quote, or is an apostrophe.
  void SingleClose(Family f, char32_t mark, size_t pos, size_t len, char32_t p,
                   char32_t n) {
    if (IsWordChar(p) && IsWordChar(n)) return;           // Iraq’s, don’t
    if ((p == 0 || IsSpace(p)) && IsWordChar(n)) return;  // ’90s, ’em
    if (p == 0 || IsSpace(p)) return;
    bool open =
        IsOpen(f) || IsOpen(Family::kLowSingle) ||
        (f == Family::kStraightSingle && IsOpen(Family::kCurlySingle)) ||
        (f == Family::kCurlySingle && IsOpen(Family::kStraightSingle));
    if (!open) return;  // plural possessive (members’) outside a quote
    // "the members’ views,’ she said": a possessive when a later mark closes.
    if ((p == 's' || p == 'S') && n == ' ' &&
        LaterSingleCloser(pos + len, mark)) {
      return;
    }
    Close(
        {f, Family::kLowSingle, Family::kCurlySingle, Family::kStraightSingle},
        pos, len);
  }

  void Add(const Open& o, size_t close_pos, size_t close_len, int depth,
           bool open_end) {
    Quote q;
    q.outer = Span{o.pos, close_pos + close_len};
    Span inner{o.pos + o.len, close_pos};
    // Trim white space inside the marks.
    while (inner.begin < inner.end) {
      size_t l;
      if (!IsSpace(DecodeAt(text_, inner.begin, &l))) break;
      inner.begin += l;
    }
    while (inner.end > inner.begin) {
      size_t s = PrevStart(text_, inner.end);
      size_t l;
      if (!IsSpace(DecodeAt(text_, s, &l))) break;
      inner.end = s;
    }
    if (inner.begin >= inner.end) return;  // empty quotes are not quotes
    q.content = inner;
    q.depth = depth;
    q.open_end = open_end;
    Classify(&q);
    quotes_.push_back(q);
  }

  void Classify(Quote* q) const {
    int words = 0;
    bool in_word = false;
    bool punct = false;
    char32_t last = 0;
    for (size_t k = q->content.begin; k < q->content.end;) {
      size_t l;
      char32_t c = DecodeAt(text_, k, &l);
      if (IsWordChar(c)) {
        if (!in_word) ++words;
        in_word = true;
      } else {
        in_word = false;
        if (IsInnerPunct(c)) punct = true;
      }
      if (!IsSpace(c)) last = c;
      k += l;
    }
    // A closing mark can follow the sentence punctuation of its content.
    q->terminal = IsSentencePunct(last);
    q->speech_like = punct || words >= kMinSpeechWords || q->open_end;
  }

  std::string_view text_;
  Span paragraph_;
  std::vector<Open> stack_;
  std::vector<Quote>& quotes_;
};

}  // namespace

bool StartsWithOpeningMark(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  size_t len;
  char32_t c = DecodeAt(text, pos, &len);
  return c == 0x201C || c == 0x201E || c == 0x2018 || c == 0x201A || c == '"' ||
         c == '\'' || c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A ||
         c == 0x300C || c == 0x300E || c == 0x201D;
}

std::vector<Quote> FindQuotes(std::string_view text, Span paragraph,
                              bool next_reopens) {
  std::vector<Quote> quotes;
  FindQuotes(text, paragraph, next_reopens, &quotes);
  return quotes;
}

void FindQuotes(std::string_view text, Span paragraph, bool next_reopens,
                std::vector<Quote>* out) {
  Finder(text, paragraph, out).Run(next_reopens);
}

}  // namespace whosaid::quotes
