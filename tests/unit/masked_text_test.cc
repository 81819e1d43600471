// Tests of MaskedText: placeholders for top-level quotes, and the mapping of
// masked offsets back to the original text.
#include "quotes/masked_text.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "quotes/quote_finder.h"

namespace whosaid::quotes {
namespace {

// The placeholders in UTF-8.
const std::string kQ = "\xEE\x80\x80";   // U+E000, speech-like quote
const std::string kF = "\xEE\x80\x81";   // U+E001, fragment
const std::string kQU = "\xEA\x9E\xAA";  // U+A7AA, speech-like, capital first
const std::string kFU = "\xEA\x9E\xAB";  // U+A7AB, fragment, capital first

struct Masked {
  // On the heap: a paragraph without quotes is viewed in place, so the
  // text must not move with the struct.
  std::unique_ptr<const std::string> text;
  std::vector<Quote> quotes;
  MaskedText masked;
};

// Masks text[paragraph_begin, end) with the quotes the finder gives.
Masked Mask(const std::string& text, size_t paragraph_begin = 0,
            size_t first_quote = 0) {
  auto own = std::make_unique<const std::string>(text);
  const Span paragraph{paragraph_begin, own->size()};
  std::vector<Quote> quotes = FindQuotes(*own, paragraph, false);
  MaskedText masked(*own, paragraph, quotes, first_quote);
  return Masked{std::move(own), quotes, masked};
}

TEST_CASE("MaskedText replaces top-level quotes by placeholders",
          "[quotes][masked]") {
  struct Case {
    const char* name;
    std::string text;
    std::string masked;
  };
  const std::vector<Case> cases = {
      {"speech-like quote", "“We will stay,” Ana Ruiz said.",
       kQU + " Ana Ruiz said."},
      {"speech-like quote opening in lower case",
       "“and we will stay,” Ana Ruiz said.", kQ + " Ana Ruiz said."},
      {"quote ending with a full stop", "She said: “We will stay.”",
       "She said: " + kQU + "."},
      {"quote ending with a question mark", "“Will you stay?” she asked.",
       kQU + ". she asked."},
      {"quote ending with an exclamation mark", "“Stay!” she said.",
       kQU + ". she said."},
      {"quote ending with an ellipsis", "“We will stay…” she said.",
       kQU + ". she said."},
      {"scare quote: fragment", "the so-called “woke” agenda",
       "the so-called " + kF + " agenda"},
      {"title: fragment opening with a capital",
       "She watched “Night Train” twice.", "She watched " + kFU + " twice."},
      {"nested quote: only the outer one is masked",
       "“He said ‘no way’ twice,” she said.", kQU + " she said."},
      {"two quotes", "“Are you sure?” “Yes.”", kQU + ". " + kQU + "."},
      {"every convention",
       "«Oui, bien sûr.» and „Ja, sicher.“ and 「We will not leave.」",
       kQU + ". and " + kQU + ". and " + kQU + "."},
      {"no quotes", "The talks will resume on Monday.",
       "The talks will resume on Monday."},
      {"apostrophes are not masked", "Iraq’s ’90s rock ’n’ roll.",
       "Iraq’s ’90s rock ’n’ roll."},
      {"empty paragraph", "", ""},
  };
  for (const Case& c : cases) {
    SECTION(c.name) { CHECK(Mask(c.text).masked.masked() == c.masked); }
  }
}

TEST_CASE("MaskedText masks only the paragraph", "[quotes][masked]") {
  // "Intro.\n" is 7 bytes; the paragraph is the rest.
  const Masked m = Mask("Intro.\n“We will stay,” Zo\xC3\xAB said.", 7);
  CHECK(m.masked.masked() == kQU + " Zo\xC3\xAB said.");
}

TEST_CASE("MaskedText::ToOriginal maps spans back", "[quotes][masked]") {
  struct Case {
    const char* name;
    std::string text;
    size_t paragraph_begin;
    Span masked_span;
    Span expected;
    std::string expected_text;  // text[expected]
  };
  // “We will stay,” is 19 bytes; its placeholder 3.
  const std::string kAfter = "“We will stay,” Ana Ruiz said.";
  // "She said: " is 10 bytes; “We will stay.” [10, 29); masked "She said: "
  // + U+E000 + "." is 14 bytes.
  const std::string kBefore = "She said: “We will stay.”";
  // "Zoë: " is 6 bytes; “We will stay.” [6, 25); " Later." follows.
  const std::string kNonAscii = "Zo\xC3\xAB: “We will stay.” Later.";
  // "the so-called " is 14 bytes; “woke” [14, 24).
  const std::string kFragment = "the so-called “woke” agenda";
  const std::vector<Case> cases = {
      {"plain text after a quote", kAfter, 0, {4, 12}, {20, 28}, "Ana Ruiz"},
      {"the placeholder is the whole quote",
       kAfter,
       0,
       {0, 3},
       {0, 19},
       "“We will stay,”"},
      {"a span across the placeholder",
       kAfter,
       0,
       {0, 12},
       {0, 28},
       "“We will stay,” Ana Ruiz"},
      {"boundaries inside the placeholder map to its edges",
       kAfter,
       0,
       {1, 2},
       {0, 19},
       "“We will stay,”"},
      {"an end inside the placeholder maps to the closing mark",
       kAfter,
       0,
       {0, 1},
       {0, 19},
       "“We will stay,”"},
      {"empty span in plain text", kAfter, 0, {4, 4}, {20, 20}, ""},
      {"whole masked text",
       kAfter,
       0,
       {0, 18},
       {0, 34},
       "“We will stay,” Ana Ruiz said."},
      {"plain text before a quote", kBefore, 0, {0, 8}, {0, 8}, "She said"},
      {"text, placeholder and its full stop",
       kBefore,
       0,
       {4, 14},
       {4, 29},
       "said: “We will stay.”"},
      {"the placeholder's full stop alone",
       kBefore,
       0,
       {13, 14},
       {10, 29},
       "“We will stay.”"},
      {"non-ASCII before and after a quote",
       kNonAscii,
       0,
       {10, 16},
       {25, 31},
       " Later"},
      {"non-ASCII before a quote", kNonAscii, 0, {0, 4}, {0, 4}, "Zo\xC3\xAB"},
      {"text after a fragment", kFragment, 0, {17, 24}, {24, 31}, " agenda"},
      {"a fragment inside a span",
       kFragment,
       0,
       {4, 24},
       {4, 31},
       "so-called “woke” agenda"},
      // Paragraph at byte 7; “We will stay,” is [7, 26), Zoë [27, 31).
      {"a paragraph after the start of the text",
       "Intro.\n“We will stay,” Zo\xC3\xAB said.",
       7,
       {4, 8},
       {27, 31},
       "Zo\xC3\xAB"},
      {"a paragraph after the start: the placeholder",
       "Intro.\n“We will stay,” Zo\xC3\xAB said.",
       7,
       {0, 3},
       {7, 26},
       "“We will stay,”"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const Masked m = Mask(c.text, c.paragraph_begin);
      const Span got = m.masked.ToOriginal(c.masked_span);
      CHECK(got.begin == c.expected.begin);
      CHECK(got.end == c.expected.end);
      REQUIRE(got.valid());
      CHECK(c.text.substr(got.begin, got.size()) == c.expected_text);
    }
  }
}

TEST_CASE("MaskedText::ToOriginal of an invalid span or an empty paragraph",
          "[quotes][masked]") {
  const Masked m = Mask("“We will stay,” Ana Ruiz said.");
  CHECK_FALSE(m.masked.ToOriginal(Span{}).valid());
  const Masked empty = Mask("");
  CHECK_FALSE(empty.masked.ToOriginal(Span{0, 0}).valid());
  CHECK(empty.masked.QuoteAt(0) == -1);
  CHECK(empty.masked.QuotesIn(Span{0, 0}).empty());
}

TEST_CASE("MaskedText views a paragraph without quotes in place",
          "[quotes][masked]") {
  // "Intro “x”.\n" is 15 bytes; the paragraph after it has no quote.
  const std::string text =
      "Intro \xE2\x80\x9Cx\xE2\x80\x9D.\nPrices rose, she said.";
  const Span paragraph{15, text.size()};
  const MaskedText m(text, paragraph, {}, 3);
  CHECK(m.masked() == "Prices rose, she said.");
  CHECK(static_cast<const void*>(m.masked().data()) ==
        static_cast<const void*>(text.data() + 15));  // no copy
  CHECK(m.ToOriginal(Span{0, 6}) == Span{15, 21});
  CHECK(m.ToOriginal(Span{13, 16}) == Span{28, 31});
  CHECK(m.QuoteAt(0) == -1);
  CHECK(m.QuotesIn(Span{0, m.masked().size()}).empty());
  // Quotes of depth 1 only mask nothing either.
  std::vector<Quote> inner = FindQuotes(text, Span{0, 15}, false);
  REQUIRE(inner.size() == 1);
  inner[0].depth = 1;
  const MaskedText n(text, Span{0, 15}, inner, 0);
  CHECK(n.masked() == text.substr(0, 15));
  CHECK(n.QuotesIn(Span{0, 15}).empty());
  // A copy made with quotes still maps back after the object moves.
  std::vector<MaskedText> moved;
  moved.emplace_back(text, Span{0, 15}, FindQuotes(text, Span{0, 15}, false),
                     0);
  moved.reserve(64);  // reallocates: the pieces move with the object
  CHECK(moved[0].masked() == "Intro " + kF + ".\n");
  CHECK(moved[0].ToOriginal(Span{6, 9}) == Span{6, 13});
}

TEST_CASE("MaskedText::QuoteAt and QuotesIn give document quote indices",
          "[quotes][masked]") {
  // Quotes of the paragraph: 0 “He said ‘no way’ twice,” (depth 0),
  // 1 ‘no way’ (depth 1), 2 “Yes.” (depth 0). The first is quote 5 of the
  // document. Masked: U+A7AA " she said. " U+A7AA "." (18 bytes).
  const Masked m =
      Mask("“He said ‘no way’ twice,” she said. “Yes.”", 0, /*first_quote=*/5);
  REQUIRE(m.quotes.size() == 3);
  REQUIRE(m.quotes[1].depth == 1);
  REQUIRE(m.masked.masked() == kQU + " she said. " + kQU + ".");

  struct AtCase {
    size_t pos;
    long expected;
  };
  const std::vector<AtCase> at_cases = {
      {0, 5}, {1, -1}, {3, -1}, {4, -1}, {14, 7}, {15, -1}, {17, -1},
  };
  for (const AtCase& c : at_cases) {
    INFO("QuoteAt(" << c.pos << ")");
    CHECK(m.masked.QuoteAt(c.pos) == c.expected);
  }

  struct InCase {
    Span span;
    std::vector<size_t> expected;
  };
  const std::vector<InCase> in_cases = {
      {{0, 18}, {5, 7}}, {{0, 3}, {5}},   {{0, 1}, {5}},  {{1, 18}, {7}},
      {{3, 14}, {}},     {{14, 15}, {7}}, {{15, 18}, {}}, {{0, 0}, {}},
      {{4, 13}, {}},     {{13, 18}, {7}},
  };
  for (const InCase& c : in_cases) {
    INFO("QuotesIn([" << c.span.begin << "," << c.span.end << "))");
    CHECK(m.masked.QuotesIn(c.span) == c.expected);
  }

  // Spans around the second placeholder map to “Yes.”, [44, 54) in the text
  // (“He said ‘no way’ twice,” is 33 bytes, " she said. " 11).
  const Span yes = m.masked.ToOriginal(Span{14, 18});
  CHECK(yes == Span{44, 54});
  CHECK(m.text->substr(yes.begin, yes.size()) == "“Yes.”");
}

TEST_CASE("MaskedText with hand-made quotes", "[quotes][masked]") {
  // Independent of the finder: a speech quote with terminal "?" at [4, 9)
  // and a depth-0 fragment at [13, 18), in "abc 'xy?' de 'fgh' i".
  const std::string text = "abc 'xy?' de 'fgh' i";
  Quote speech;
  speech.outer = Span{4, 9};
  speech.content = Span{5, 8};
  speech.speech_like = true;
  speech.terminal = true;
  Quote inner;  // depth 1: not masked, but it keeps its index
  inner.outer = Span{5, 7};
  inner.content = Span{5, 7};
  inner.depth = 1;
  Quote fragment;
  fragment.outer = Span{13, 18};
  fragment.content = Span{14, 17};
  const MaskedText m(text, Span{0, text.size()}, {speech, inner, fragment}, 10);
  // "abc " + U+E000 + "." + " de " + U+E001 + " i"
  CHECK(m.masked() == "abc " + kQ + ". de " + kF + " i");
  CHECK(m.QuoteAt(4) == 10);
  CHECK(m.QuoteAt(12) == 12);
  CHECK(m.QuotesIn(Span{0, m.masked().size()}) == std::vector<size_t>{10, 12});
  CHECK(m.ToOriginal(Span{8, 12}) == Span{9, 13});    // " de "
  CHECK(m.ToOriginal(Span{4, 8}) == Span{4, 9});      // placeholder + "."
  CHECK(m.ToOriginal(Span{12, 17}) == Span{13, 20});  // fragment + " i"
}

}  // namespace
}  // namespace whosaid::quotes
