// Tests of word classes: what rules over words read instead of bytes.
#include "rules/word_classes.h"

#include <re2/re2.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace whosaid::rules {
namespace {

TEST_CASE("Word characters and shapes", "[rules][words]") {
  CHECK(IsWordChar('a'));
  CHECK(IsWordChar('Z'));
  CHECK(IsWordChar('7'));
  CHECK(IsWordChar(U'ø'));
  CHECK(IsWordChar(U'ễ'));
  CHECK(IsWordChar(U'Ж'));
  CHECK(IsWordChar(0x301));  // combining acute
  CHECK_FALSE(IsWordChar(' '));
  CHECK_FALSE(IsWordChar('-'));
  CHECK_FALSE(IsWordChar(U'’'));
  CHECK_FALSE(IsWordChar(0xA0));
  CHECK_FALSE(IsWordChar(0xE000));  // the quote placeholders
  CHECK_FALSE(IsWordChar(0xA7AA));
  CHECK_FALSE(IsWordChar(U'中'));

  CHECK(ShapeOf("Mayor") == Shape::kCap);
  CHECK(ShapeOf("Ørsted") == Shape::kCap);
  CHECK(ShapeOf("Ана") == Shape::kCap);
  CHECK(ShapeOf("mayor") == Shape::kLower);
  CHECK(ShapeOf("an") == Shape::kLower);
  CHECK(ShapeOf("a") == Shape::kOther);  // {LOWER} is two letters or more
  CHECK(ShapeOf("voters") == Shape::kLowerS);
  CHECK(ShapeOf("as") == Shape::kLower);
  CHECK(ShapeOf("warned") == Shape::kLowerEd);
  CHECK(ShapeOf("1990s") == Shape::kNum);
  CHECK(ShapeOf("café") == Shape::kOther);
  CHECK(ShapeOf("iPhone") == Shape::kOther);
}

class Classes {
 public:
  Classes()
      : classes_({{"SAY", {"said", "says", "told reporters"}},
                  {"ROLE", {"mayor", "spokesman", "said"}},
                  {"PLACE", {"U.S.", "Paris"}}},
                 {"the", "The", "told", "reporters", "U", "S"}) {}

  // Whether `pattern` (RE2 syntax with {…} names resolved by the caller)
  // matches the whole of `sentence` as classes.
  bool Full(const std::string& pattern, const std::string& sentence) const {
    WordClasses::Mapped m;
    classes_.Classify(sentence, &m);
    return RE2::FullMatch(m.text, RE2(pattern));
  }
  const WordClasses& operator*() const { return classes_; }

 private:
  WordClasses classes_;
};

TEST_CASE("WordClasses: a class per literal, per list set and shape",
          "[rules][words]") {
  Classes c;
  REQUIRE((*c).ok());
  const WordClasses& w = *c;
  const std::string say = w.OfList("SAY");
  const std::string role = w.OfList("ROLE");
  CHECK(c.Full(say, "said"));
  CHECK(c.Full(say, "says"));
  CHECK(c.Full(role, "said"));  // in two lists
  CHECK_FALSE(c.Full(role, "says"));
  CHECK(c.Full(role, "mayor"));
  CHECK_FALSE(c.Full(role, "Mayor"));  // lists are case-sensitive
  CHECK_FALSE(c.Full(say, "saying"));  // a whole word, never a prefix
  CHECK_FALSE(c.Full(say, "told"));    // only in a longer entry
  CHECK(c.Full(w.Literal("told") + " " + w.Literal("reporters"),
               "told reporters"));
  CHECK(c.Full(w.Literal("The"), "The"));
  CHECK_FALSE(c.Full(w.Literal("The"), "the"));
  CHECK(c.Full(w.OfShape(Shape::kCap), "Mayor"));
  CHECK(c.Full(w.OfShape(Shape::kCap), "The"));  // a literal has a shape
  CHECK(c.Full(w.OfShape(Shape::kCap), "Paris"));
  CHECK(c.Full(w.OfShape(Shape::kLower), "mayor"));
  CHECK(c.Full(w.OfShape(Shape::kLower), "voters"));  // {LOWER} has {LOWER_S}
  CHECK_FALSE(c.Full(w.OfShape(Shape::kLowerS), "mayor"));
  CHECK(c.Full(w.OfShape(Shape::kNum), "2,000") == false);  // 3 tokens
  CHECK(c.Full(w.OfShape(Shape::kNum) + "," + w.OfShape(Shape::kNum), "2,000"));
  CHECK(c.Full(w.AnyWord(), "Zoë"));
  CHECK_FALSE(c.Full(w.AnyWord(), "-"));
  // Names the classes do not know match nothing.
  CHECK_FALSE(c.Full(w.OfList("NOPE"), "said"));
  CHECK_FALSE(c.Full(w.Literal("mayor"), "mayor"));  // not a literal
}

TEST_CASE("WordClasses::Classify maps every class back to its token",
          "[rules][words]") {
  Classes c;
  const std::string s = "Zoë Ørsted said: \xEE\x80\x80 — U.S. ’s";
  WordClasses::Mapped m;
  (*c).Classify(s, &m);
  CHECK(m.sentence.data() == s.data());
  CHECK(m.ToSentence(0) == 0);
  CHECK(m.ToSentence(m.text.size()) == s.size());
  // Spaces, punctuation and placeholders are kept; words become one class
  // each, whose code point is a word character of one or two bytes.
  std::vector<std::string> tokens;
  for (size_t i = 0, len; i < m.text.size(); i += len) {
    text::DecodeAt(m.text, i, &len);
    tokens.push_back(
        s.substr(m.ToSentence(i), m.ToSentence(i + len) - m.ToSentence(i)));
  }
  CHECK(tokens == std::vector<std::string>{"Zoë", " ", "Ørsted", " ", "said",
                                           ":", " ", "\xEE\x80\x80", " ", "—",
                                           " ", "U", ".", "S", ".", " ", "’",
                                           "s"});
  CHECK(m.text.find("\xEE\x80\x80") != std::string::npos);
  CHECK(m.text.find("—") != std::string::npos);
  CHECK(m.text.size() < s.size());
  // A span of the classes maps to the words it covers.
  RE2 re("(" + (*c).OfShape(Shape::kCap) + " " + (*c).OfShape(Shape::kCap) +
         ") (" + (*c).OfList("SAY") + ")");
  re2::StringPiece name, cue;
  REQUIRE(RE2::PartialMatch(m.text, re, &name, &cue));
  size_t b = name.data() - m.text.data();
  CHECK(s.substr(m.ToSentence(b), m.ToSentence(b + name.size()) -
                                      m.ToSentence(b)) == "Zoë Ørsted");
  b = cue.data() - m.text.data();
  CHECK(s.substr(m.ToSentence(b),
                 m.ToSentence(b + cue.size()) - m.ToSentence(b)) == "said");
}

// Words are looked up eight bytes at a time: a known word is found at any
// length and anywhere in the sentence, up to its last byte, and a longer
// word that begins with it is another word.
TEST_CASE("WordClasses::Classify finds known words of any length",
          "[rules][words]") {
  const std::vector<std::string> known = {"a",
                                          "said",
                                          "spokesman",
                                          "spokeswomen",
                                          "Ørsteds",
                                          "abcdefgh",
                                          "abcdefghi",
                                          "counterterrorism",
                                          "counterterrorisms"};
  WordClasses w({{"KNOWN", known}}, {});
  REQUIRE(w.ok());
  RE2 one("^" + w.OfList("KNOWN") + "$");
  for (const std::string& word : known) {
    for (const std::string& s :
         {word, word + ".", "x " + word, "x " + word + " y",
          word + " and then some", word + "x", word + "xyzxyzxyz",
          word.substr(0, word.size() - 1)}) {
      WordClasses::Mapped m;
      w.Classify(s, &m);
      const size_t at = s.rfind("x ", 0) == 0 ? 2 : 0;
      std::string first;  // the class of the word at `at`
      for (size_t i = 0, len; i < m.text.size(); i += len) {
        char32_t c = text::DecodeAt(m.text, i, &len);
        if (IsWordChar(c) && m.ToSentence(i) == at) {
          first = m.text.substr(i, len);
        }
      }
      // The sentence's token there: the word itself, a longer one or a
      // shorter one, known or not.
      size_t end = s.find_first_of(" .", at);
      std::string token =
          s.substr(at, end == std::string::npos ? end : end - at);
      bool whole = std::find(known.begin(), known.end(), token) != known.end();
      INFO(s);
      CHECK(RE2::FullMatch(first, one) == whole);
    }
  }
  // One-letter words whose classes take three bytes (past the first 971
  // classes): the class string outgrows the sentence by half and more.
  std::set<std::string> literals;
  for (int i = 0; i < 1000; ++i) literals.insert("w" + std::to_string(i));
  WordClasses wide({{"KNOWN", known}},
                   std::vector<std::string>(literals.begin(), literals.end()));
  REQUIRE(wide.ok());
  RE2 known_wide("^" + wide.OfList("KNOWN") + "$");
  std::string letters;
  for (int i = 0; i < 3000; ++i) letters += "a ";
  WordClasses::Mapped m;
  wide.Classify(letters, &m);
  CHECK(m.text.size() >= 2 * letters.size());
  size_t words = 0;
  for (size_t i = 0, len; i < m.text.size(); i += len) {
    char32_t c = text::DecodeAt(m.text, i, &len);
    if (!IsWordChar(c)) continue;
    CHECK(m.ToSentence(i) == 2 * words);
    CHECK(RE2::FullMatch(m.text.substr(i, len), known_wide));
    ++words;
  }
  CHECK(words == 3000);
}

// A long sentence keeps a few marks, not an offset per byte, and every
// token still maps back, across marks, long words and multi-byte ones.
TEST_CASE("WordClasses::Mapped maps back a long sentence", "[rules][words]") {
  Classes c;
  std::string s;
  std::vector<std::string> words;
  for (int i = 0; i < 12000; ++i) {
    std::string w = i % 7 == 0   ? "said"
                    : i % 5 == 0 ? std::string(40, 'x')
                    : i % 3 == 0 ? "Ørsted"
                                 : "w" + std::to_string(i);
    if (!s.empty()) s += i % 11 == 0 ? ", " : " ";
    words.push_back(w);
    s += w;
  }
  REQUIRE(s.size() > WordClasses::Mapped::kFullMapBytes);
  WordClasses::Mapped m;
  (*c).Classify(s, &m);
  CHECK(m.at.empty());
  CHECK(m.marks.size() <= m.text.size() / WordClasses::Mapped::kMarkStride + 1);
  std::vector<std::string> got;
  for (size_t i = 0, len; i < m.text.size(); i += len) {
    char32_t cp = text::DecodeAt(m.text, i, &len);
    if (!IsWordChar(cp)) continue;
    got.push_back(
        s.substr(m.ToSentence(i), m.ToSentence(i + len) - m.ToSentence(i)));
  }
  CHECK(got == words);
}

// A short sentence maps every byte of its classes at once; the answers are
// those of the walk from marks that a long sentence takes, at every
// position, inside tokens too.
TEST_CASE("WordClasses::Mapped: offsets and marks agree", "[rules][words]") {
  Classes c;
  const std::string short_one =
      "“Ørsted,” said Ana Ruiz — of Zürich — in 2020: naïve "
      "x\u00e9\u0301 ok; the U.S. said 42%.";
  std::string filler;
  while (filler.size() <= WordClasses::Mapped::kFullMapBytes) {
    filler += " word Ørsted said,";
  }
  WordClasses::Mapped a, b;
  (*c).Classify(short_one, &a);
  const std::string long_one = short_one + filler;
  (*c).Classify(long_one, &b);
  REQUIRE(b.at.empty());
  REQUIRE(!a.at.empty());
  REQUIRE(b.text.compare(0, a.text.size(), a.text) == 0);
  for (size_t pos = 0; pos <= a.text.size(); ++pos) {
    CHECK(a.ToSentence(pos) == b.ToSentence(pos));
  }
  // The same Mapped, used for a long sentence and then a short one.
  (*c).Classify(long_one, &a);
  (*c).Classify(short_one, &a);
  CHECK(a.marks.empty());
  CHECK(a.ToSentence(a.text.size()) == short_one.size());
}

TEST_CASE("WordClasses: a list's classes are neighbours", "[rules][words]") {
  // Lists sort the classes, so that a list of many words is a few ranges.
  std::map<std::string, std::vector<std::string>> lists;
  std::set<std::string> literals;
  for (int i = 0; i < 300; ++i) {
    std::string w = "w" + std::to_string(i);
    lists[i % 2 ? "ODD" : "EVEN"].push_back(w);
    literals.insert(w);
  }
  WordClasses w(lists,
                std::vector<std::string>(literals.begin(), literals.end()));
  REQUIRE(w.ok());
  CHECK(w.OfList("ODD").size() < 120);  // scattered: ~1,200
  CHECK(w.OfList("EVEN").size() < 120);
}

// The ranges of a character class Syntax() wrote: "[\x{300}-\x{305}\x{310}]"
// is two.
size_t Ranges(const std::string& syntax) {
  size_t n = 0;
  for (size_t i = syntax.find("\\x{"); i != std::string::npos;
       i = syntax.find("\\x{", i + 1)) {
    if (i == 0 || syntax[i - 1] != '-') ++n;
  }
  return n;
}

TEST_CASE("WordClasses: the most named features are one range each",
          "[rules][words]") {
  // Three lists that overlap, and words of every shape: ordered by their
  // features (Gray code, the most named first), A and B are one range each
  // and C, third, at most two, however the words interleave.
  std::map<std::string, std::vector<std::string>> lists;
  std::vector<std::string> literals;
  for (int i = 0; i < 200; ++i) {
    std::string w = (i % 3 == 0   ? "W"
                     : i % 3 == 1 ? "w"
                                  : "ws") +
                    std::string(1, static_cast<char>('a' + i % 26)) +
                    std::string(1, static_cast<char>('a' + i / 26));
    if (i % 2 == 0) lists["A"].push_back(w);
    if (i % 5 < 3) lists["B"].push_back(w);
    if (i % 7 < 2) lists["C"].push_back(w);
    if (i % 4 == 0) literals.push_back(w);
  }
  WordClasses w(lists, literals, {"A", "B", "C", "LOWER"});
  REQUIRE(w.ok());
  CHECK(Ranges(w.OfList("A")) == 1);
  CHECK(Ranges(w.OfList("B")) == 1);
  CHECK(Ranges(w.OfList("C")) <= 2);
  CHECK(Ranges(w.AnyWord()) == 1);
  // Named last, {LOWER} takes a few ranges, not one per literal.
  CHECK(Ranges(w.OfShape(Shape::kLower)) <= 8);
  // A list no feature names does not count: its words are no class of it.
  WordClasses without_c(lists, literals, {"A", "B"});
  CHECK(without_c.OfList("C") == "[^\\x00-\\x{10FFFF}]");
}

TEST_CASE("WordClasses: words named together are neighbours",
          "[rules][words]") {
  // Literals of the same features keep the order the rules name them in,
  // not the alphabet's: an alternation of them is one range.
  const std::vector<std::string> named = {"statement", "interview", "letter",
                                          "speech", "memo"};
  std::vector<std::string> literals = {"zebra", "apple"};
  literals.insert(literals.end(), named.begin(), named.end());
  literals.push_back("banana");
  WordClasses w({}, literals);
  REQUIRE(w.ok());
  std::vector<unsigned long> cps;
  for (const std::string& word : named) {
    const std::string syntax = w.Literal(word);
    REQUIRE(syntax.rfind("\\x{", 0) == 0);
    cps.push_back(std::stoul(syntax.substr(3), nullptr, 16));
  }
  for (size_t i = 1; i < cps.size(); ++i) CHECK(cps[i] == cps[i - 1] + 1);
}

}  // namespace
}  // namespace whosaid::rules
