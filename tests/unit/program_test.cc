// Program: the groups of a match must be RE2's own groups, or Create()
// must refuse the pattern (or Find() give up).
#include "rules/program.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace whosaid::rules {
namespace {

// Every match of RE2's unanchored search in `text`, one after another:
// the backtracker must give RE2's groups for each. Returns the matches.
size_t CheckAllMatches(const std::string& pattern, const std::string& text) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  REQUIRE(re.ok());
  std::unique_ptr<Program> b = Program::Create(pattern);
  REQUIRE(b);
  const int n = re.NumberOfCapturingGroups() + 1;
  REQUIRE(b->groups() + 1 == n);
  std::vector<re2::StringPiece> want(n), got(n);
  Program::Scratch scratch;
  re2::StringPiece t(text);
  size_t matches = 0;
  for (size_t pos = 0;
       pos <= text.size() &&
       re.Match(t, pos, text.size(), RE2::UNANCHORED, want.data(), n);
       ++matches) {
    const size_t begin = want[0].data() - text.data();
    const size_t end = begin + want[0].size();
    INFO(pattern << " on \"" << text << "\" at " << begin);
    REQUIRE(b->Find(t, begin, end, got.data(), n, &scratch));
    for (int g = 0; g < n; ++g) {
      INFO("group " << g);
      CHECK(got[g].data() == want[g].data());
      CHECK(got[g].size() == want[g].size());
    }
    pos = end > begin ? end : end + 1;
  }
  // MatchEnd() at every character start: where RE2's match anchored there
  // ends, or none.
  if (b->has_dfa()) {
    Program::DfaCache cache;
    for (size_t q = 0; q <= text.size(); ++q) {
      if (q < text.size() && (text[q] & 0xC0) == 0x80) continue;
      INFO(pattern << " anchored at " << q << " of \"" << text << "\"");
      re2::StringPiece m;
      const bool matched =
          re.Match(t, q, text.size(), RE2::ANCHOR_START, &m, 1);
      size_t end = 0;
      const Program::Outcome o = b->MatchEnd(t, q, &end, &cache);
      REQUIRE(o != Program::kTooLong);
      CHECK((o == Program::kMatched) == matched);
      if (matched && o == Program::kMatched) {
        CHECK(end == static_cast<size_t>(m.data() + m.size() - text.data()));
      }
      // NextStart() and CanReadTwo() never skip a place where a match
      // begins.
      if (matched) CHECK(b->NextStart(text, q) == q);
      if (matched) CHECK(b->CanReadTwo(text, q, &cache));
      // Search() from q: RE2's unanchored match.
      const bool found = re.Match(t, q, text.size(), RE2::UNANCHORED, &m, 1);
      size_t begin = 0;
      const Program::Outcome so = b->Search(t, q, &begin, &end, &cache);
      REQUIRE(so != Program::kTooLong);
      CHECK((so == Program::kMatched) == found);
      if (found && so == Program::kMatched) {
        CHECK(begin == static_cast<size_t>(m.data() - text.data()));
        CHECK(end == begin + m.size());
      }
    }
  }
  return matches;
}

TEST_CASE("Program gives RE2's groups", "[rules]") {
  struct Case {
    const char* pattern;
    const char* text;
  };
  const Case cases[] = {
      // Alternatives in order, not the longest.
      {"(a|ab)(c|bcd)(d*)", "abcd abcd"},
      {"(?P<x>a+?)(a*)", "aaaa"},
      {"(a*?)(b|ab)", "aaab"},
      {"(a{2,3})(a{1,2}?)a", "aaaaaa aaa"},
      {"(a{2})(a{0,})", "aaaaa"},
      {"(?:(a)|(b))+", "abba ab"},
      {"(x)?(y)?z", "z yz xz"},
      // Classes, negated classes, escapes, Unicode.
      {"([^ ]+) ([\\x{300}-\\x{4FF}\\-]+)", "said \xCC\x80\xCC\x81-\xD0\x80 x"},
      {"(\\w+)\\s+(\\d+)\\S", "abc 123x _9 7z"},
      {"([\\x{E000}\\x{A7AA}][.?!]?,?)[ \\x{A0}](.)",
       "\xEE\x80\x80. x \xEA\x9E\xAA,\xC2\xA0y"},
      {"(’|')(\\.)\\(\\)", "’.() '.()"},
      {"[]a](b)", "]b ab"},
      {"[a-]+(-)", "a-a--"},
      {"\\x41(\\x{42})", "AB"},
      // Assertions with the text around the match as context.
      {"\\b(ab)\\b", "ab cab ab_ ab"},
      {"\\B(b)", "ab b"},
      {"^(a)|(b)$", "ab ab"},
      {"\\A(a)|(b)\\z", "ab"},
      {"(.)(.)", "a\nbc"},
      // Nested repeats of groups: the last iteration's groups.
      {"((a)(b)?){2,3}", "ababa aab"},
      {"(?:(?P<w>[a-z]+)[ ]){0,3}(x)", "one two three four x"},
      // A repeat with a nullable body taken at most once.
      {"(a*)?b", "aab b"},
  };
  for (const Case& c : cases) CheckAllMatches(c.pattern, c.text);
}

// A random pattern of depth at most `depth` over a small alphabet.
// Empty-width ones are not repeated; \b keeps a pattern from the DFA.
std::string RandomPattern(std::mt19937& rng, int depth) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const char* atoms[] = {"a",   "b", " ", "[ab]", "[^a]",   ".",
                         "\\n", "^", "$", "\\b",  "(?s:.)", "(?:ab|a)"};
  std::string out;
  const int parts = 1 + pick(3);
  for (int i = 0; i < parts; ++i) {
    std::string atom;
    if (depth > 0 && pick(3) == 0) {
      atom = "(" + RandomPattern(rng, depth - 1);
      if (pick(3) == 0) atom += "|" + RandomPattern(rng, depth - 1);
      atom += ")";
    } else {
      atom = atoms[pick(pick(4) == 0 ? 12 : 8)];
    }
    if (atom != "\\b" && atom != "^" && atom != "$") {
      static const char* repeats[] = {"",   "",   "*",     "+",      "?",
                                      "*?", "+?", "{1,2}", "{0,2}?", "??"};
      atom += repeats[pick(10)];
    }
    out += atom;
  }
  return out;
}

// The patterns of `set` that match in `text`, as bits.
uint64_t SetBits(const RE2::Set& set, const std::string& text) {
  std::vector<int> want;
  set.Match(text, &want);
  uint64_t bits = 0;
  for (int k : want) bits |= uint64_t{1} << k;
  return bits;
}

// Program::MatchSets() over the texts of `batch`, four side by side.
std::vector<uint64_t> MatchTogether(const Program& program,
                                    const std::vector<std::string>& batch,
                                    std::vector<uint8_t>* ok,
                                    Program::SetCache* cache) {
  std::vector<std::string_view> views(batch.begin(), batch.end());
  std::vector<uint64_t> together(batch.size());
  ok->assign(batch.size(), 0);
  program.MatchSets(views.data(), views.size(), together.data(), ok->data(),
                    cache);
  return together;
}

// Random patterns over a small alphabet, each checked on random texts.
TEST_CASE("Program agrees with RE2 on random patterns", "[rules]") {
  std::mt19937 rng(20261127);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  size_t checked = 0, refused = 0;
  for (int i = 0; i < 1500; ++i) {
    const std::string pattern = RandomPattern(rng, 2);
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(pattern, options);
    if (!re.ok()) continue;
    if (!Program::Create(pattern)) {
      ++refused;  // a loop with a nullable body
      continue;
    }
    for (int t = 0; t < 4; ++t) {
      std::string text;
      const int len = pick(12);
      for (int k = 0; k < len; ++k) text += "ab  c\n"[pick(6)];
      checked += CheckAllMatches(pattern, text);
    }
  }
  CHECK(checked > 2000);
  CHECK(refused < 1000);
}

// The set of patterns answers RE2::Set's question, which patterns match
// somewhere, on random sets and texts; a small cache starts over.
TEST_CASE("Program::MatchSet agrees with RE2::Set", "[rules]") {
  std::mt19937 rng(20261128);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  size_t texts = 0, fired = 0, full = 0, together_ok = 0;
  for (int i = 0; i < 400; ++i) {
    std::vector<std::string> patterns;
    RE2::Options options;
    options.set_log_errors(false);
    RE2::Set set(options, RE2::UNANCHORED);
    const int count = 1 + pick(6);
    for (int k = 0; k < count; ++k) {
      std::string p = RandomPattern(rng, 2);
      if (set.Add(p, nullptr) < 0) continue;
      patterns.push_back(p);
    }
    if (patterns.empty()) continue;
    REQUIRE(set.Compile());
    std::unique_ptr<Program> program = Program::CreateSet(patterns);
    REQUIRE(program);
    Program::SetCache cache;
    if (i % 4 == 0) cache.max_bytes = 16384;  // starts over often
    // Twenty texts at once, walked four side by side (runs of ASCII
    // together, the rest one step at a time), then each alone.
    std::vector<std::string> batch;
    for (int t = 0; t < 20; ++t) {
      std::string text;
      const int len = pick(40);
      for (int k = 0; k < len; ++k) {
        const int c = pick(8);
        text += c == 7   ? std::string("\xC3\xA9")
                : c == 6 ? std::string("\xC3")  // no character
                         : std::string(1, "ab  c\n"[c]);
      }
      batch.push_back(text);
    }
    std::vector<uint8_t> ok;
    const std::vector<uint64_t> together =
        MatchTogether(*program, batch, &ok, &cache);
    for (size_t t = 0; t < batch.size(); ++t) {
      const std::string& text = batch[t];
      const uint64_t want_bits = SetBits(set, text);
      uint64_t got = 0;
      if (!program->MatchSet(text, &got, &cache)) {
        ++full;
        // It starts over; a text whose states alone do not fit is RE2's.
        if (!program->MatchSet(text, &got, &cache)) continue;
      }
      INFO("text \"" << text << "\"");
      for (size_t k = 0; k < patterns.size(); ++k)
        INFO(k << ": " << patterns[k]);
      CHECK(got == want_bits);
      if (ok[t]) CHECK(together[t] == want_bits);
      together_ok += ok[t];
      ++texts;
      fired += static_cast<size_t>(__builtin_popcountll(want_bits));
    }
  }
  CHECK(texts > 5000);
  CHECK(fired > 2000);
  CHECK(full > 0);
  CHECK(together_ok > texts / 2);
}

// A character of three bytes takes its block of 64's column when every
// character of the block is in one atom (the patterns name none apart);
// the others, and bytes that are no character, are decoded. The danda
// (U+0964) splits its block from the vowel signs beside it; the dashes
// and ’ split theirs; U+0915 and U+093E share one no pattern splits.
TEST_CASE("Program reads characters of three bytes by their blocks",
          "[rules]") {
  const std::vector<std::string> patterns = {
      "\\x{0964}",  "[\\x{0900}-\\x{093F}]+\\x{0964}", "\\x{2014}",
      "a\\x{2019}", "[^\\x{0964}]\\x{0965}",           "\\x{0940}[^a]"};
  const std::vector<std::string> pieces = {"\xE0\xA4\x95",  // U+0915
                                           "\xE0\xA4\xBE",  // U+093E
                                           "\xE0\xA5\x80",  // U+0940
                                           "\xE0\xA5\xA4",  // U+0964
                                           "\xE0\xA5\xA5",  // U+0965
                                           "\xE2\x80\x94",  // U+2014
                                           "\xE2\x80\x93",  // U+2013
                                           "\xE2\x80\x99",  // U+2019
                                           "\xEE\x80\x80",  // U+E000
                                           "\xE0\xA4",      // no character
                                           "a",
                                           " "};
  RE2::Options options;
  options.set_log_errors(false);
  RE2::Set set(options, RE2::UNANCHORED);
  for (const std::string& p : patterns) REQUIRE(set.Add(p, nullptr) >= 0);
  REQUIRE(set.Compile());
  std::unique_ptr<Program> program = Program::CreateSet(patterns);
  REQUIRE(program);
  Program::SetCache cache;
  std::mt19937 rng(20261129);
  std::vector<std::string> batch;
  for (int t = 0; t < 400; ++t) {
    std::string text;
    const int len = static_cast<int>(rng() % 10);
    for (int k = 0; k < len; ++k) text += pieces[rng() % pieces.size()];
    batch.push_back(text);
  }
  std::vector<uint8_t> ok;
  const std::vector<uint64_t> together =
      MatchTogether(*program, batch, &ok, &cache);
  size_t fired = 0;
  for (size_t t = 0; t < batch.size(); ++t) {
    const uint64_t want_bits = SetBits(set, batch[t]);
    INFO("text \"" << batch[t] << "\"");
    REQUIRE(ok[t]);
    CHECK(together[t] == want_bits);
    fired += static_cast<size_t>(__builtin_popcountll(want_bits));
    if (t < 60) {
      for (const std::string& p : patterns) CheckAllMatches(p, batch[t]);
    }
  }
  CHECK(fired > 200);
}

// A cache that keeps filling up gives up after kMaxFills starts over (RE2
// answers then), until another program uses it.
TEST_CASE("Program::MatchSets gives up on a cache that keeps filling",
          "[rules]") {
  std::unique_ptr<Program> program =
      Program::CreateSet({"\\bsaid\\b", "[ab]+c", "x(?s:.)y"});
  REQUIRE(program);
  Program::SetCache cache;
  cache.max_bytes = 2048;
  uint64_t fired = 0;
  REQUIRE(program->MatchSet("she said so", &fired, &cache));
  CHECK(fired == 1);
  std::mt19937 rng(5);
  for (int i = 0; i < 200 && cache.fills < Program::SetCache::kMaxFills; ++i) {
    std::string text;
    for (int k = 0; k < 64; ++k) text += "abcxy sid\n"[rng() % 10];
    program->MatchSet(text, &fired, &cache);
  }
  CHECK(cache.fills == Program::SetCache::kMaxFills);
  CHECK_FALSE(program->MatchSet("she said so", &fired, &cache));
  std::unique_ptr<Program> other = Program::CreateSet({"said"});
  REQUIRE(other);
  CHECK(other->MatchSet("she said so", &fired, &cache));
  CHECK(cache.fills == 0);
}

// A set's word lists share their prefixes ("said|says" reads "sa" once):
// its program is smaller than the pattern's own, and answers the same.
TEST_CASE("Program::CreateSet shares the prefixes of alternatives", "[rules]") {
  std::string words;
  for (int i = 0; i < 200; ++i) {
    if (i) words += "|";
    words += "stat" + std::to_string(i) + (i % 3 ? "ed" : "");
  }
  const std::string pattern = "\\b(?:" + words + "|said|says|say)\\b";
  std::unique_ptr<Program> one = Program::Create(pattern);
  std::unique_ptr<Program> set = Program::CreateSet({pattern});
  REQUIRE(one);
  REQUIRE(set);
  CHECK(set->size() * 2 < one->size());
  RE2 re(pattern);
  Program::SetCache cache;
  for (const std::string text :
       {"he said", "she says so", "stat17", "stat17ed", "stat18ed x", "stat1",
        "sa", "stat", "unsaid", "says,", ""}) {
    uint64_t fired = 0;
    REQUIRE(set->MatchSet(text, &fired, &cache));
    INFO(text);
    CHECK((fired == 1) == RE2::PartialMatch(text, re));
  }
}

// More patterns than a mask holds, or syntax not handled: no set program.
TEST_CASE("Program::CreateSet refuses what it cannot run", "[rules]") {
  std::vector<std::string> many(Program::kMaxSetPatterns + 1, "a");
  CHECK_FALSE(Program::CreateSet(many));
  CHECK_FALSE(Program::CreateSet({"a", "(?i:a)"}));
  CHECK_FALSE(Program::CreateSet({}));
  CHECK(Program::CreateSet({"a", "(?s:.)b"}));
}

// NextStart() skips to the first byte a match can begin with: of the
// characters its first classes read (several bytes long, too), past
// assertions, and anywhere at the text's start or when a match can be
// empty.
TEST_CASE("Program::NextStart skips what no match begins with", "[rules]") {
  struct Case {
    const char* pattern;
    const char* text;
    size_t from;
    size_t want;  // Program::kNoStart: none
  } cases[] = {
      {"(?:^|, )x", "ab, x", 1, 2},
      {"(?:^|, )x", "ab, x", 0, 0},  // ^ may hold at the start
      {"(?:^|, )x", "abx", 1, Program::kNoStart},
      {"\\by", "xy y", 1, 1},  // \b waits for the next character
      {"[\\x{A0}\\x{2014}]z", "ab\xE2\x80\x94z", 1, 2},
      {"[\\x{A0}\\x{2014}]z", "a\xC3\xA9\xC2\xA0z", 1, 3},
      {"\\x{E9}|q", "a\xC3\xA9", 1, 1},
      {"x*", "abc", 1, 1},  // empty: anywhere
      {"(?:a|b)c", "xxbc", 1, 2},
      {"c$", "abc", 1, 2},
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " from " << c.from);
    std::unique_ptr<Program> b = Program::Create(c.pattern);
    REQUIRE(b);
    CHECK(b->NextStart(c.text, c.from) == c.want);
  }
}

// CanReadTwo() is false where the DFA dies on the first two characters,
// and true where in doubt: a match after one character, the text's start
// or end, a cache MatchEnd() has not set up.
TEST_CASE("Program::CanReadTwo turns away what the DFA dies on", "[rules]") {
  std::unique_ptr<Program> b = Program::Create("(?:^|, )[A-Z]+ said|ab?");
  REQUIRE(b);
  Program::DfaCache cache;
  const std::string text = "x, AB said, nb, Cx sa";
  CHECK(b->CanReadTwo(text, 1, &cache));  // not set up yet
  size_t end;
  REQUIRE(b->MatchEnd(text, 1, &end, &cache) == Program::kMatched);
  CHECK(end == 10);
  for (int round = 0; round < 2; ++round) {  // built, then from the table
    INFO("round " << round);
    CHECK(b->CanReadTwo(text, 1, &cache));    // ", "
    CHECK(!b->CanReadTwo(text, 2, &cache));   // " A": no comma
    CHECK(!b->CanReadTwo(text, 3, &cache));   // "AB"
    CHECK(b->CanReadTwo(text, 10, &cache));   // ", " before "nb": dies later
    CHECK(!b->CanReadTwo(text, 13, &cache));  // "b,": no "ab"
    CHECK(b->CanReadTwo(text, 0, &cache));    // the start: ^
    CHECK(b->CanReadTwo(text, text.size() - 1, &cache));  // the end
  }
  // A match after one character ("a", "ab") is never turned away.
  CHECK(b->CanReadTwo("xaz", 1, &cache));
  CHECK(b->MatchEnd("xaz", 1, &end, &cache) == Program::kMatched);
}

TEST_CASE("Program refuses syntax it does not handle", "[rules]") {
  for (const char* p :
       {"(?i)abc", "\\p{L}", "(a)\\1", "(?:a*)*", "(a?)+", "[[:alpha:]]",
        "\\Qa.b\\E", "a**", "(?=a)", "\\C", "(a", "a)", "[a", "\\x{110000}"}) {
    INFO(p);
    CHECK(Program::Create(p) == nullptr);
  }
  CHECK(Program::Create("a{2}{3}") == nullptr);  // a repeat of a repeat
  CHECK(Program::Create("a{,2}") != nullptr);    // a literal brace
  CheckAllMatches("a{,2}", "a{,2}");
}

TEST_CASE("Program::MatchEnd needs no word boundary, starts over when full",
          "[rules]") {
  CHECK_FALSE(Program::Create("\\ba")->has_dfa());
  CHECK(Program::Create("^a|b$")->has_dfa());
  std::unique_ptr<Program> b = Program::Create("(a|b)*c");
  REQUIRE(b);
  Program::DfaCache cache;
  cache.max_bytes = 1;  // full at the first state
  size_t end = 0;
  CHECK(b->MatchEnd("abac", 0, &end, &cache) == Program::kTooLong);
  cache.max_bytes = Program::DfaCache::kMaxBytes;
  REQUIRE(b->MatchEnd("abac", 0, &end, &cache) == Program::kMatched);
  CHECK(end == 4);
  CHECK(b->MatchEnd("abab", 0, &end, &cache) == Program::kNoMatch);
  // A cache built for another program is not used for this one.
  std::unique_ptr<Program> other = Program::Create("(a|b)*b");
  REQUIRE(other->MatchEnd("abab", 0, &end, &cache) == Program::kMatched);
  CHECK(end == 4);
  CHECK(b->MatchEnd("abab", 1, &end, &cache) == Program::kNoMatch);
  // Nor are the unanchored searches' start states: each program searches
  // in turn with the same cache, which starts over every time.
  size_t begin = 0;
  for (int round = 0; round < 3; ++round) {
    REQUIRE(b->Search("xxabc", 0, &begin, &end, &cache) == Program::kMatched);
    CHECK(begin == 2);
    CHECK(end == 5);
    REQUIRE(other->Search("xxcab", 1, &begin, &end, &cache) ==
            Program::kMatched);
    CHECK(begin == 3);
    CHECK(end == 5);
  }
}

TEST_CASE("Program::Find gives up beyond its memory bound", "[rules]") {
  std::unique_ptr<Program> b = Program::Create("(a|b)+(b)");
  REQUIRE(b);
  std::string text(Program::kMaxVisitedBits, 'a');
  text += 'b';
  std::vector<re2::StringPiece> g(3);
  Program::Scratch scratch;
  CHECK_FALSE(b->Find(text, 0, text.size(), g.data(), 3, &scratch));
  // A short match of the same pattern still works, and a span that is not
  // a parse of the pattern is refused.
  CHECK(b->Find("xab", 1, 3, g.data(), 3, &scratch));
  CHECK(std::string(g[1].data(), g[1].size()) == "a");
  CHECK_FALSE(b->Find("xab", 0, 3, g.data(), 3, &scratch));
}

}  // namespace
}  // namespace whosaid::rules
