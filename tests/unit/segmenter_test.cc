// Tests of the text stage: paragraphs, trimming and sentence breaking, all in
// byte offsets of the original UTF-8 text.
#include "text/segmenter.h"

#include <unicode/uchar.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "corpus_texts.h"
#include "text/utf8.h"

namespace whosaid::text {
namespace {

// Spans as {begin, end} pairs, for readable comparisons.
using Pairs = std::vector<std::pair<size_t, size_t>>;

Pairs ToPairs(const std::vector<Span>& spans) {
  Pairs out;
  for (const Span& s : spans) out.emplace_back(s.begin, s.end);
  return out;
}

std::vector<std::string> Slices(const std::string& text,
                                const std::vector<Span>& spans) {
  std::vector<std::string> out;
  for (const Span& s : spans) out.push_back(text.substr(s.begin, s.size()));
  return out;
}

std::unique_ptr<SentenceSplitter> NewsSplitter() {
  auto splitter =
      SentenceSplitter::Create("en", {"Sen.", "Gov.", "U.S.", "est.", "v."});
  REQUIRE(splitter.ok());
  return std::move(splitter).value();
}

TEST_CASE("SplitParagraphs splits at line breaks and trims",
          "[text][segmenter]") {
  struct Case {
    const char* name;
    std::string text;
    Pairs expected;
  };
  const std::vector<Case> cases = {
      {"empty text", "", {}},
      {"only a newline", "\n", {}},
      {"only blank lines", "\n\n   \n\t\n", {}},
      {"one line", "One.", {{0, 4}}},
      {"single newline", "One.\nTwo.", {{0, 4}, {5, 9}}},
      {"blank line between", "One.\n\nTwo.", {{0, 4}, {6, 10}}},
      {"many blank lines", "One.\n\n\n\nTwo.", {{0, 4}, {8, 12}}},
      {"CRLF: the \\r is trimmed", "One.\r\nTwo.\r\n", {{0, 4}, {6, 10}}},
      {"blank CRLF line", "One.\r\n\r\nTwo.", {{0, 4}, {8, 12}}},
      {"leading and trailing spaces and tabs",
       "  One.  \n\t Two. \n",
       {{2, 6}, {11, 15}}},
      {"a line of NBSP and spaces is blank",
       "One.\n \xC2\xA0 \nTwo.",
       {{0, 4}, {10, 14}}},
      {"trailing newline", "One.\n", {{0, 4}}},
      {"leading newline", "\nOne.", {{1, 5}}},
      // "Zoë." is 5 bytes, "Ça." 4 bytes.
      {"non-ASCII: byte offsets",
       "Zo\xC3\xAB.\n\xC3\x87"
       "a.",
       {{0, 5}, {6, 10}}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) { CHECK(ToPairs(SplitParagraphs(c.text)) == c.expected); }
  }
}

TEST_CASE("Trim removes white space at both ends of a span",
          "[text][segmenter]") {
  struct Case {
    const char* name;
    std::string text;
    Span span;
    Span expected;
  };
  const std::vector<Case> cases = {
      {"spaces around", "  a b  ", {0, 7}, {2, 5}},
      {"nothing to trim", "abc", {0, 3}, {0, 3}},
      {"all spaces: empty at the end", "   ", {0, 3}, {3, 3}},
      {"empty span stays empty", "hello world", {5, 5}, {5, 5}},
      {"inside a larger text", "ab  cd  ef", {2, 8}, {4, 6}},
      {"tabs and newlines", "\t\na\r\n", {0, 5}, {2, 3}},
      // NBSP (2 bytes) before, U+3000 IDEOGRAPHIC SPACE (3 bytes) after.
      {"NBSP and ideographic space", "\xC2\xA0x\xE3\x80\x80", {0, 6}, {2, 3}},
      // U+2009 THIN SPACE and U+202F NARROW NBSP.
      {"thin spaces", "\xE2\x80\x89y\xE2\x80\xAF", {0, 7}, {3, 4}},
      {"non-space non-ASCII kept", " \xC3\xA9t\xC3\xA9 ", {0, 7}, {1, 6}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const Span got = Trim(c.text, c.span);
      CHECK(got.begin == c.expected.begin);
      CHECK(got.end == c.expected.end);
    }
  }
}

TEST_CASE("SentenceSplitter breaks sentences with news abbreviations",
          "[text][segmenter]") {
  struct Case {
    const char* name;
    std::string text;
    Pairs expected;
    std::vector<std::string> sentences;
  };
  const std::vector<Case> cases = {
      {"Sen. does not end a sentence",
       "Sen. Rosa Delgado spoke. Then she left.",
       {{0, 24}, {25, 39}},
       {"Sen. Rosa Delgado spoke.", "Then she left."}},
      {"U.S. does not end a sentence",
       "The U.S. economy grew.",
       {{0, 22}},
       {"The U.S. economy grew."}},
      {"U.S. before a capitalised word does not end a sentence",
       "He sued the U.S. Supreme Court. It ruled.",
       {{0, 31}, {32, 41}},
       {"He sued the U.S. Supreme Court.", "It ruled."}},
      {"a middle initial does not end a sentence",
       "They sued James B. Comey today. He said so.",
       {{0, 31}, {32, 43}},
       {"They sued James B. Comey today.", "He said so."}},
      {"a full stop after a capitalised word still ends one",
       "He met Smith. Jones left.",
       {{0, 13}, {14, 25}},
       {"He met Smith.", "Jones left."}},
      {"Gov. does not end a sentence",
       "Gov. Ana Ruiz spoke. She left.",
       {{0, 20}, {21, 30}},
       {"Gov. Ana Ruiz spoke.", "She left."}},
      // ICU's own filter matched abbreviations as suffixes: "est." kept
      // "protest." and "v." kept "Kyiv." from ending a sentence, and with
      // "v." in the list it no longer suppressed "Gov.".
      {"an abbreviation is a whole word",
       "They joined the protest. He flew to Kyiv. Then he left.",
       {{0, 24}, {25, 41}, {42, 55}},
       {"They joined the protest.", "He flew to Kyiv.", "Then he left."}},
      {"Gov. with v. in the list",
       "The nominee Gov. Mike Pence spoke. See Roe v. Wade.",
       {{0, 34}, {35, 51}},
       {"The nominee Gov. Mike Pence spoke.", "See Roe v. Wade."}},
      {"an abbreviation after a bracket",
       "He met (Sen. Ann Lee) today.",
       {{0, 28}},
       {"He met (Sen. Ann Lee) today."}},
      {"an abbreviation after a quotation mark, not after a letter",
       "\xE2\x80\x9CGov. Ann Lee came. \xC3\x89Sen. Bo left.",
       {{0, 21}, {22, 28}, {29, 37}},
       {"\xE2\x80\x9CGov. Ann Lee came.", "\xC3\x89Sen.", "Bo left."}},
      {"question and exclamation",
       "Will it work? Yes! It will.",
       {{0, 13}, {14, 18}, {19, 27}},
       {"Will it work?", "Yes!", "It will."}},
      {"surrounding white space trimmed",
       "  One here.   Two here.  ",
       {{2, 11}, {14, 23}},
       {"One here.", "Two here."}},
      {"empty text", "", {}, {}},
      {"white space only", "   ", {}, {}},
      // "Zoë Ørsted spoke." is 19 bytes but 17 code points.
      {"non-ASCII: byte offsets",
       "Zo\xC3\xAB \xC3\x98rsted spoke. \xC3\x87"
       "a va bien.",
       {{0, 19}, {20, 32}},
       {"Zo\xC3\xAB \xC3\x98rsted spoke.",
        "\xC3\x87"
        "a va bien."}},
      // Each CJK character is 3 bytes.
      {"CJK full stops",
       "\xE5\x8C\x97\xE4\xBA\xAC\xE5\xBE\x88\xE5\x86\xB7\xE3\x80\x82"
       "\xE4\xB8\x8A\xE6\xB5\xB7\xE5\xBE\x88\xE7\x83\xAD\xE3\x80\x82",
       {{0, 15}, {15, 30}},
       {"\xE5\x8C\x97\xE4\xBA\xAC\xE5\xBE\x88\xE5\x86\xB7\xE3\x80\x82",
        "\xE4\xB8\x8A\xE6\xB5\xB7\xE5\xBE\x88\xE7\x83\xAD\xE3\x80\x82"}},
  };
  auto splitter = NewsSplitter();
  for (const Case& c : cases) {
    SECTION(c.name) {
      std::vector<Span> out;
      splitter->Split(c.text, Span{0, c.text.size()}, &out);
      CHECK(ToPairs(out) == c.expected);
      CHECK(Slices(c.text, out) == c.sentences);
    }
  }
}

TEST_CASE("SentenceSplitter: without the abbreviation, Gov. ends a sentence",
          "[text][segmenter]") {
  // The control for the cases above: the suppression comes from the list.
  auto splitter = SentenceSplitter::Create("en", {});
  REQUIRE(splitter.ok());
  const std::string text = "Gov. Ana Ruiz spoke.";
  std::vector<Span> out;
  splitter.value()->Split(text, Span{0, text.size()}, &out);
  CHECK(ToPairs(out) == Pairs{{0, 4}, {5, 20}});
}

// The scan for an abbreviation stops at a space unless an entry holds one:
// "et al." is found across its space, "al." alone is not an entry.
TEST_CASE("SentenceSplitter: an abbreviation with a space",
          "[text][segmenter]") {
  const std::string text = "Ruiz et al. Found it. He al. Left.";
  std::vector<Span> out;
  auto spaced = SentenceSplitter::Create("en", {"et al."});
  REQUIRE(spaced.ok());
  spaced.value()->Split(text, Span{0, text.size()}, &out);
  CHECK(ToPairs(out) == Pairs{{0, 21}, {22, 28}, {29, 34}});
  out.clear();
  auto plain = SentenceSplitter::Create("en", {"al"});
  REQUIRE(plain.ok());
  plain.value()->Split(text, Span{0, text.size()}, &out);
  CHECK(ToPairs(out) == Pairs{{0, 11}, {12, 21}, {22, 28}, {29, 34}});
}

TEST_CASE("SentenceSplitter: a range gives offsets of the whole text",
          "[text][segmenter]") {
  const std::string text = "Headline\n\nFirst one here. Second one here.";
  const std::vector<Span> paragraphs = SplitParagraphs(text);
  REQUIRE(ToPairs(paragraphs) == Pairs{{0, 8}, {10, 42}});
  auto splitter = NewsSplitter();
  std::vector<Span> out = {Span{0, 1}};  // Split appends
  splitter->Split(text, paragraphs[1], &out);
  CHECK(ToPairs(out) == Pairs{{0, 1}, {10, 25}, {26, 42}});
  CHECK(Slices(text, {out[1], out[2]}) ==
        std::vector<std::string>{"First one here.", "Second one here."});
}

TEST_CASE("SentenceSplitter: a clone splits on its own", "[text][segmenter]") {
  auto splitter = NewsSplitter();
  std::unique_ptr<SentenceSplitter> clone = splitter->Clone();
  const std::string a = "Sen. Rosa Delgado spoke. Then she left.";
  const std::string b = "One. Two. Three.";
  std::vector<Span> out_a;
  std::vector<Span> out_b;
  splitter->Split(a, Span{0, a.size()}, &out_a);
  clone->Split(b, Span{0, b.size()}, &out_b);
  CHECK(ToPairs(out_a) == Pairs{{0, 24}, {25, 39}});
  CHECK(ToPairs(out_b) == Pairs{{0, 4}, {5, 9}, {10, 16}});
  // The original still splits after the clone was used, and again.
  out_a.clear();
  splitter->Split(b, Span{0, b.size()}, &out_a);
  CHECK(ToPairs(out_a) == Pairs{{0, 4}, {5, 9}, {10, 16}});
}

}  // namespace
}  // namespace whosaid::text

namespace whosaid::text {
namespace {

// UaxBreaks() follows UAX #29 as ICU does: the same breaks on texts made of
// the characters whose rules matter (terminators, closing marks, spaces,
// continuations, letters of both cases, digits, masked quotes), drawn at
// random, and on hand-picked cases.
TEST_CASE("SentenceSplitter::UaxBreaks gives ICU's breaks",
          "[text][segmenter]") {
  std::unique_ptr<SentenceSplitter> splitter = NewsSplitter();
  const std::vector<std::string> alphabet = {
      ".",
      ".",
      ".",
      "!",
      "?",
      " ",
      " ",
      " ",
      "a",
      "b",
      "A",
      "B",
      "1",
      ",",
      "-",
      ":",
      ";",
      "(",
      ")",
      "\"",
      "'",
      "[",
      "#",
      "\xE2\x80\x9C",  // “ Close
      "\xE2\x80\x9D",  // ” Close
      "\xE2\x80\x99",  // ’ Close
      "\xE2\x80\x94",  // — SContinue
      "\xC2\xA0",      // no-break space: Sp
      "\xC3\xA9",      // é: Lower
      "\xC3\x89",      // É: Upper
      "\xEE\x80\x80",  // U+E000, a masked quote: Other
      "\xEA\x9E\xAA",  // U+A7AA, a masked quote: Upper
      "\xE3\x80\x82",  // 。 STerm
      "\xD7\x90",      // א OLetter
      "\xE2\x80\xA6",  // … Other
      "\xCC\x81",      // combining acute: Extend
      "\xE2\x80\x8D",  // zero width joiner: Extend
      "\xC2\xAD",      // soft hyphen: Format
  };
  std::vector<std::string> texts = {
      "He said 3.5 percent. Then",
      "The U.S. Army. It",
      "e.g. the rest. And",
      "etc. (see below). Next",
      "Really?! Yes... no. Ok",
      "He left.\" She came.",
      "It ended. \"Next",
      "Stop.) (Go. 2 more",
      "Wait.\xE2\x80\x9D \xE2\x80\x9CNo.",
      "A.B. c. D",
      // Combining marks and format characters take the class of the
      // character before them (SB5).
      "caf\xC3\xA9 e\xCC\x81. A",
      "a\xC2\xAD. B",
      "U\xCC\x81.S. Next",
      "3.\xCC\x81"
      "5 more. Then",
      "\xCC\x81. A",
      "end.\xE2\x80\x8D\xCC\x81 Next",
      "\xE0\xA4\x95\xE0\xA4\xBE\xE0\xA4\xAE\xE0\xA5\x8B\xE0\xA4\x82 "
      "\xE0\xA4\x95\xE0\xA5\x80\xE0\xA5\xA4 Next",
  };
  uint32_t seed = 12345;
  auto random = [&seed](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t length = 1 + random(24);
    for (size_t k = 0; k < length; ++k) s += alphabet[random(alphabet.size())];
    texts.push_back(s);
  }
  size_t compared = 0;
  for (const std::string& t : texts) {
    std::vector<size_t> uax, icu;
    if (!SentenceSplitter::UaxBreaks(t, Span{0, t.size()}, &uax)) continue;
    splitter->IcuBreaks(t, Span{0, t.size()}, &icu);
    INFO(t);
    CHECK(uax == icu);
    ++compared;
  }
  CHECK(compared == texts.size());
  // Characters it leaves to ICU.
  std::vector<size_t> unused;
  for (std::string t : {"a\rb", "a\nb",
                        "a\xE2\x80\xA9"
                        "b"}) {
    INFO(t);
    CHECK_FALSE(SentenceSplitter::UaxBreaks(t, Span{0, t.size()}, &unused));
  }
}

TEST_CASE("SentenceSplitter: the Sentence_Break classes are ICU's",
          "[text][segmenter]") {
  for (char32_t c : {0x00A0, 0x2019, 0x2014, 0x3002, 0xE000, 0xA7AA}) {
    CHECK(SentenceSplitter::SentenceBreakClass(c) ==
          u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK));
  }
  // The tables (ASCII; U+0080..U+2FFF) and ICU beyond them.
  for (char32_t c = 0; c < 0x3100; ++c) {
    INFO(static_cast<int>(c));
    CHECK(SentenceSplitter::SentenceBreakClass(c) ==
          u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK));
  }
}

// Split() skips ICU for a range it cannot break; it must say what ICU says.
TEST_CASE("SentenceSplitter: the path without ICU gives ICU's sentences",
          "[text][segmenter]") {
  std::unique_ptr<SentenceSplitter> news = NewsSplitter();
  SentenceSplitter& splitter = *news;
  std::vector<std::string> texts = {
      "Hello world",
      "  Hello world.  ",
      "Hello world?!",
      "Is it?\" she asked",
      "He said 3.5 percent",
      "First. Second.",
      "Sen. Smith spoke",
      "End of line\r\nnext",
      "Paragraph\xE2\x80\xA9separator",                    // U+2029
      "\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x82\xE5\x8F\xA5",  // 中文。句
      "Arabic question\xD8\x9F next",                      // U+061F
      "Dots\xE2\x80\xA4 one dot leader",                   // U+2024
      "\xEE\x80\x80, he said",                             // a masked quote
      "",
      "   ",
  };
  AppendCorpusTexts(&texts);
  size_t compared = 0;
  for (const std::string& t : texts) {
    for (Span p : SplitParagraphs(t)) {
      std::vector<Span> fast, icu;
      splitter.Split(t, p, &fast);
      splitter.SplitWithIcu(t, p, &icu);
      INFO(t.substr(p.begin, p.size()));
      REQUIRE(fast.size() == icu.size());
      for (size_t i = 0; i < fast.size(); ++i) {
        CHECK(fast[i].begin == icu[i].begin);
        CHECK(fast[i].end == icu[i].end);
      }
      ++compared;
    }
    // The whole text as one range, line breaks and all.
    std::vector<Span> fast, icu;
    splitter.Split(t, Span{0, t.size()}, &fast);
    splitter.SplitWithIcu(t, Span{0, t.size()}, &icu);
    CHECK(fast.size() == icu.size());
  }
  CHECK(compared > 100);
}

}  // namespace
}  // namespace whosaid::text

// FindNonAsciiOr steps over sixteen or eight bytes at a time: it must stop
// exactly where a byte-by-byte scan does, wherever the stop falls in a word.
TEST_CASE("FindNonAsciiOr stops where a byte scan does", "[segmenter]") {
  const std::string alphabet = "ab .!?\"'\r\n\xC3\xA9";
  uint32_t seed = 777;
  auto random = [&seed](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
  };
  auto naive = [](std::string_view s, size_t i, size_t end,
                  std::string_view stops) {
    while (i < end && static_cast<unsigned char>(s[i]) < 0x80 &&
           stops.find(s[i]) == std::string_view::npos) {
      ++i;
    }
    return i;
  };
  for (int n = 0; n < 5000; ++n) {
    // Mostly plain letters, so that stops fall at every place of a word.
    std::string s(random(80), 'x');
    for (char& c : s) {
      if (random(6) == 0) c = alphabet[random(alphabet.size())];
    }
    size_t begin = s.empty() ? 0 : random(s.size());
    size_t end = begin + random(s.size() - begin + 1);
    INFO(s << " [" << begin << ", " << end << ")");
    CHECK(whosaid::text::FindNonAsciiOr<'.', '!', '?', '\r', '\n'>(
              s, begin, end) == naive(s, begin, end, ".!?\r\n"));
    CHECK(whosaid::text::FindNonAsciiOr<'"', '\''>(s, begin, end) ==
          naive(s, begin, end, "\"'"));
  }
}
