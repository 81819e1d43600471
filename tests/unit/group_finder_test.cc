// GroupFinder: the groups of a match from the DFA of the pattern's parts must
// be RE2's own groups, or Find() must give up.
#include "rules/group_finder.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus_texts.h"
#include "quotes/masked_text.h"
#include "quotes/quote_finder.h"
#include "rules/rule_set.h"
#include "text/segmenter.h"

namespace whosaid::rules {
namespace {

RE2::Options Options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// RE2's groups of the first match in `text`, as strings ("<null>" for a
// group that took no part), or empty when there is no match.
std::vector<std::string> Re2Groups(const RE2& re, const std::string& text) {
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(n);
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, g.data(), n)) return {};
  std::vector<std::string> out;
  for (const auto& p : g) {
    out.push_back(p.data() ? std::string(p.data(), p.size()) : "<null>");
  }
  return out;
}

// The finder's groups for RE2's first match in `text`; empty when Find()
// gives up. With `caches`, from FindAll() with the segments' own DFAs.
std::vector<std::string> FinderGroups(const RE2& re, const GroupFinder& finder,
                                      const std::string& text,
                                      DfaCaches* caches = nullptr) {
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(n);
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, g.data(), 1)) return {};
  GroupFinder::Job job;
  job.text = text;
  job.begin = g[0].data() - text.data();
  job.end = job.begin + g[0].size();
  job.groups = g.data();
  job.n = n;
  finder.FindAll(&job, 1, caches);
  if (!job.ok) return {};
  std::vector<std::string> out;
  for (const auto& p : g) {
    out.push_back(p.data() ? std::string(p.data(), p.size()) : "<null>");
  }
  return out;
}

// Checks that `got`, RuleSet::MatchRule's matches of `rule` in `s` with
// unit index `unit`, are the matches of RE2's own unanchored search, one
// after another, with RE2's groups in every role; returns how many.
size_t CheckRe2Matches(const Rule& rule, const std::string& sentence,
                       size_t unit, const std::vector<RuleMatch>& got) {
  const RE2& re = *rule.re;
  int n = re.NumberOfCapturingGroups() + 1;
  // A rule over words reads the sentence's classes; its spans map back.
  std::string s = sentence;
  std::vector<size_t> at;
  if (rule.words) {
    whosaid::rules::WordClasses::Mapped mapped;
    rule.words->Classify(sentence, &mapped);
    s = mapped.text;
    for (size_t i = 0; i <= s.size(); ++i) at.push_back(mapped.ToSentence(i));
  } else {
    for (size_t i = 0; i <= s.size(); ++i) at.push_back(i);
  }
  re2::StringPiece text(s);
  std::vector<re2::StringPiece> g(n);
  size_t k = 0;
  for (size_t pos = 0;
       pos <= s.size() &&
       re.Match(text, pos, s.size(), RE2::UNANCHORED, g.data(), n);
       ++k) {
    size_t begin = g[0].data() - s.data();
    size_t end = begin + g[0].size();
    pos = end > begin ? end : end + 1;
    REQUIRE(k < got.size());
    const RuleMatch& m = got[k];
    CHECK(m.rule == &rule);
    CHECK(m.unit == unit);
    CHECK(m.match.begin == at[begin]);
    CHECK(m.match.end == at[end]);
    for (int role = 0; role < kNumRoles; ++role) {
      int group = rule.group_of_role[role];
      if (group == 0) continue;
      Span want;
      if (role == kClaim && rule.claim_is_rest) {
        want = Span{at[end], sentence.size()};
      } else if (g[group].data()) {
        size_t b = g[group].data() - s.data();
        want = Span{at[b], at[b + g[group].size()]};
      }
      CHECK(m.role[role].begin == want.begin);
      CHECK(m.role[role].end == want.end);
    }
  }
  CHECK(got.size() == k);
  return k;
}

TEST_CASE("GroupFinder cuts a pattern at its top-level groups", "[rules]") {
  SegmentCache cache(Options());
  struct Case {
    const char* pattern;
    size_t segments;  // 0: no finder
  } cases[] = {
      {"^(?P<a>x+) (?P<b>y)$", 5},     // ^ | a | " " | b | $
      {"(?P<a>x+)[ ,]+(?P<b>y)", 3},   // a | [ ,]+ | b
      {"a|(?P<b>b)", 0},               // top-level alternation
      {"(?i)x(?P<b>y)", 0},            // flags for the whole pattern
      {"(?P<a>x)", 0},                 // one segment: nothing to cut
      {"x(?:y(?P<v>z))?(?P<w>w)", 3},  // x | (?:…)? | w
      {R"([\]a(](?P<a>\x{E000}+)\p{Lu}{2,3}(?P<b>\(\)))", 4},
      {R"(\Qa|b\E(?P<a>c))", 0},  // \Q…\E is not cut
  };
  for (const Case& c : cases) {
    INFO(c.pattern);
    auto finder = GroupFinder::Create(c.pattern, &cache);
    CHECK((finder ? finder->size() : 0) == c.segments);
  }
}

TEST_CASE("GroupFinder::Lead is the plain first segment", "[rules]") {
  SegmentCache cache(Options());
  struct Case {
    const char* pattern;
    const char* lead;  // null: none
  } cases[] = {
      {"(?:^|, )(?P<a>x+)y", "(?:^|, )"}, {"[ab]c?(?P<a>x)(?P<b>y)", "[ab]c?"},
      {"^(?P<a>x) (?P<b>y)", nullptr},  // zero width: the match is anchored
      {"(?P<a>x) (?P<b>y)", nullptr},   // a group first
      {"x(?:y(?P<v>z))?(?P<w>w)", "x"},
  };
  for (const Case& c : cases) {
    INFO(c.pattern);
    auto finder = GroupFinder::Create(c.pattern, &cache);
    REQUIRE(finder);
    const RE2* lead = finder->Lead();
    CHECK((lead ? lead->pattern() : "<none>") ==
          std::string(c.lead ? c.lead : "<none>"));
  }
}

TEST_CASE("GroupFinder gives RE2's groups or gives up", "[rules]") {
  SegmentCache cache(Options());
  struct Case {
    const char* pattern;
    const char* text;
    bool decided;  // whether the first parse of every segment is right
  } cases[] = {
      {"^(?P<c>[^,]+), (?P<s>[a-z]+) said$", "a b, c said", true},
      // A lazy claim is matched with the comma after it: its first parse
      // ends at the first comma, right here, too early in the next case.
      {"^(?P<c>.+?), (?P<s>[a-z]+) said$", "a b, c said", true},
      {"^(?P<c>.+?), (?P<s>[a-z]+) said$", "a, b, c said", false},
      // A group's first parse that ends inside a word, without the space
      // that must follow it, is not taken.
      {"^(?P<s>[A-Z]+ report|[A-Z]+) (?P<v>reported)$", "NBC reported", true},
      // Two bytes of lookahead (U+00A0) are backed over as one character.
      {"^(?P<s>[a-z]+)[ \\x{A0}](?P<v>said)$", "she\xC2\xA0said", true},
      // Alternation: "a" is the first parse, "ab" the one that matches.
      {"^(?P<s>a|ab)(?P<t>c)$", "abc", false},
      {"^(?P<s>ab|a)(?P<t>c)$", "abc", true},
      // A group inside an optional part: present, then absent.
      {"^(?:x(?P<v>y))?(?P<z>z+)$", "xyzz", true},
      {"^(?:x(?P<v>y))?(?P<z>z+)$", "zz", true},
      // Greedy and lazy repetitions next to each other.
      {"(?P<a>[a-z]+)(?P<b>[a-z]*?)(?P<c>[0-9])", "..abc1..", true},
      // The greedy group's first parse takes the x the last group needs.
      {"(?P<a>[a-z]+)(?P<b>[a-z]*?)(?P<c>x)", "..abcx..", false},
      // Empty-width assertions between the groups.
      {R"((?P<a>\w+)\b(?P<b> +)\b(?P<c>\w+))", "one  two", true},
      // A group that matches nothing.
      {"(?P<a>a*)(?P<b>b)", "b", true},
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " on " << c.text);
    RE2 re(c.pattern, Options());
    REQUIRE(re.ok());
    auto finder = GroupFinder::Create(c.pattern, &cache);
    REQUIRE(finder);
    std::vector<std::string> expected = Re2Groups(re, c.text);
    REQUIRE(!expected.empty());
    std::vector<std::string> got = FinderGroups(re, *finder, c.text);
    CHECK(!got.empty() == c.decided);
    if (!got.empty()) CHECK(got == expected);
    DfaCaches caches;
    got = FinderGroups(re, *finder, c.text, &caches);
    CHECK(!got.empty() == c.decided);
    if (!got.empty()) CHECK(got == expected);
  }
}

// RuleSet::MatchRule on hand-made rules with a lead: lead matches where the
// pattern fails, overlapping lead matches, several matches in a text. The
// matches and groups must be those of RE2's unanchored search.
TEST_CASE("RuleSet::MatchRule tries a pattern at its lead's matches",
          "[rules]") {
  SegmentCache cache(Options());
  struct Case {
    const char* pattern;
    const char* text;
    size_t matches;
  } cases[] = {
      {"(?:^|, )(?P<source>[A-Z]\\w+) said", "x, Ann, Bo said, Cy said", 2},
      {"(?:^|, )(?P<source>[A-Z]\\w+) said", "Ann said, Bo said", 2},
      {"(?:^|, )(?P<source>[A-Z]\\w+) said", ", , Ann said", 1},
      {"(?:^|, )(?P<source>[A-Z]\\w+) said", "Ann, said", 0},
      // Lead matches that overlap: "aa" at 0 and at 1.
      {"a+(?P<source>b)c", "aaab aabc abc", 2},
      // A lead that can be empty at the start only.
      {"(?:^|x)(?P<source>y*)z", "yyz xz z xyz", 3},
      {"(?:^|[ ](?:and|but)[ ])(?P<source>\\p{Lu}\\pL+)(?P<cue> says)",
       "Hi and Ann says and Bo says but no", 2},
      // A cue: no match begins after the last one.
      {"(?:^|, )(?P<source>[A-Z]\\w+),? (?P<cue>said|told)[ ,]",
       "A, Bo said, Cy told, Di, Ed, Fy", 1},
      {"(?:^|, )(?P<source>[A-Z]\\w+),? (?P<cue>said|told)[ ,]",
       "A, Bo, said, Cy, Di, Ed, said ", 2},
      {"(?:^|, )(?P<source>[A-Z]\\w+),? (?P<cue>said|told)[ ,]",
       "A, Bo, Cy, Di, Ed", 0},
      // Many clause starts before the cue, each source running to the end:
      // the attempts give up and RE2's unanchored search goes on.
      {"(?:^|[ ]and[ ])(?P<source>[A-Z]\\w+(?: and [A-Z]\\w+)*) "
       "(?P<cue>said)[ ,]",
       nullptr, 1},
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " on " << c.text);
    Rule rule;
    rule.re = std::make_unique<RE2>(c.pattern, Options());
    REQUIRE(rule.re->ok());
    rule.group_finder = GroupFinder::Create(c.pattern, &cache);
    REQUIRE(rule.group_finder);
    REQUIRE(rule.group_finder->Lead());
    for (int role = 0; role < kNumRoles; ++role) rule.group_of_role[role] = 0;
    rule.group_of_role[kSource] = 1;
    auto names = rule.re->NamedCapturingGroups();
    if (names.count("cue")) rule.group_of_role[kCue] = names.at("cue");
    std::vector<RuleMatch> got;
    RuleSet::MatchStats stats;
    std::string s;
    if (c.text) {
      s = c.text;
    } else {
      for (int k = 0; k < 3000; ++k) s += "Abc and ";
      s += "qq said it, and Bo said no.";
    }
    RuleSet::MatchRule(rule, s, 0, &got, &stats);
    CHECK(stats.lead_tries >= got.size());
    // The attempts walk at most 16 times the text (and 4 KiB) before the
    // search goes on without them.
    CHECK(stats.lead_tries < 100);
    size_t k = CheckRe2Matches(rule, s, 0, got);
    CHECK(k == c.matches);
  }
}

// The rules of the source tree on the corpus and on every rule example:
// The rules of the source tree.
std::unique_ptr<RuleSet> SourceRules() {
  std::vector<RuleDiagnostic> diagnostics;
  auto set = RuleSet::Load(WHOSAID_SOURCE_DIR "/rules", "en", &diagnostics);
  REQUIRE(set);
  return set;
}

// The masked sentences of the rules' examples and counter-examples and of
// the corpus, as the rules see them.
std::vector<std::string> MaskedSentences(const RuleSet& set) {
  auto splitter = text::SentenceSplitter::Create("en", set.abbreviations());
  REQUIRE(splitter.ok());
  std::vector<std::string> texts;
  for (const auto& r : set.rules()) {
    texts.insert(texts.end(), r->examples.begin(), r->examples.end());
    texts.insert(texts.end(), r->counter_examples.begin(),
                 r->counter_examples.end());
  }
  AppendCorpusTexts(&texts);
  std::vector<std::string> sentences;
  for (const std::string& t : texts) {
    for (Span p : text::SplitParagraphs(t)) {
      auto quotes = quotes::FindQuotes(t, p, false);
      quotes::MaskedText masked(t, p, quotes, 0);
      std::vector<Span> units;
      (*splitter)->Split(masked.masked(), Span{0, masked.masked().size()},
                         &units);
      for (Span u : units) {
        sentences.emplace_back(masked.masked().substr(u.begin, u.size()));
      }
    }
  }
  return sentences;
}

// RuleSet::MatchRule gives the matches of RE2's own unanchored search, one
// after another, with RE2's groups, for every rule on every sentence
// (whatever its trigger); the finder decides most of them (else it would
// not be worth having), and leads are used.
TEST_CASE("RuleSet::MatchRule gives RE2's matches for the real rules",
          "[rules]") {
  std::unique_ptr<RuleSet> set = SourceRules();
  std::vector<std::string> sentences = MaskedSentences(*set);
  REQUIRE(sentences.size() > 100);
  size_t matches = 0, with_lead = 0;
  RuleSet::MatchStats stats;
  for (const auto& rule : set->rules()) {
    if (rule->group_finder && rule->group_finder->Lead()) ++with_lead;
    for (const std::string& s : sentences) {
      INFO(rule->id << " on " << s);
      std::vector<RuleMatch> got;
      RuleSet::MatchRule(*rule, s, 7, &got, &stats);
      matches += CheckRe2Matches(*rule, s, 7, got);
    }
  }
  REQUIRE(matches > 100);
  // The finder decides most matches, the backtracker the rest.
  CHECK(stats.backtracked * 2 < matches);
  CHECK(stats.backtracked > 0);
  CHECK(stats.nfa == 0);
  CHECK(with_lead >= 3);
  CHECK(stats.lead_tries > 0);

  // Without the backtracker, RE2's NFA finds those groups: over the extent
  // of a match, or the whole text for a pattern anchored at $.
  RuleSet::MatchStats re2_stats;
  size_t re2_matches = 0;
  for (const auto& rule : set->rules()) {
    CHECK(rule->program);  // every real rule has one
    Rule without = *rule;
    without.program.reset();
    for (const std::string& s : sentences) {
      INFO(rule->id << " without the backtracker on " << s);
      std::vector<RuleMatch> got;
      RuleSet::MatchRule(without, s, 7, &got, &re2_stats);
      re2_matches += CheckRe2Matches(without, s, 7, got);
    }
  }
  CHECK(re2_matches == matches);
  CHECK(re2_stats.nfa == stats.backtracked);
  CHECK(re2_stats.backtracked == 0);
}

// The triggers of the real rules as one program of our own: it exists,
// and it finds the triggers RE2's set finds in every sentence, alone and
// inside other text (word boundaries, the text's start and end).
TEST_CASE("The real triggers' program agrees with RE2::Set", "[rules]") {
  std::unique_ptr<RuleSet> set = SourceRules();
  REQUIRE(set->trigger_program());
  std::vector<std::string> triggers;
  for (const auto& r : set->rules()) {
    if (!r->trigger_expanded.empty() &&
        std::find(triggers.begin(), triggers.end(), r->trigger_expanded) ==
            triggers.end()) {
      triggers.push_back(r->trigger_expanded);
    }
  }
  RE2::Options options;
  options.set_max_mem(int64_t{256} << 20);
  RE2::Set re2_set(options, RE2::UNANCHORED);
  for (const std::string& t : triggers) REQUIRE(re2_set.Add(t, nullptr) >= 0);
  REQUIRE(re2_set.Compile());
  std::unique_ptr<Program> program = Program::CreateSet(triggers);
  REQUIRE(program);
  std::vector<std::string> texts;
  for (const std::string& s : MaskedSentences(*set)) {
    texts.push_back(s);
    texts.push_back("x" + s);
    texts.push_back(s + "y");
    texts.push_back(s.substr(0, s.size() / 2));
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<uint64_t> fired(views.size());
  std::vector<uint8_t> ok(views.size());
  Program::SetCache cache;
  program->MatchSets(views.data(), views.size(), fired.data(), ok.data(),
                     &cache);
  size_t firing = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    INFO(texts[i]);
    REQUIRE(ok[i]);
    std::vector<int> want;
    re2_set.Match(texts[i], &want);
    uint64_t bits = 0;
    for (int k : want) bits |= uint64_t{1} << k;
    CHECK(fired[i] == bits);
    firing += bits != 0;
  }
  CHECK(firing > 100);
}

// MatchUnits runs each rule over many sentences at once and finds the
// groups of its matches in chunks: its matches must be those of Match() on
// each sentence alone, in the same order, with more matches of one rule
// than a chunk holds.
TEST_CASE("RuleSet::MatchUnits gives the matches of Match() on each unit",
          "[rules]") {
  std::unique_ptr<RuleSet> set = SourceRules();
  std::vector<std::string> sentences = MaskedSentences(*set);
  std::vector<std::string_view> units;
  while (units.size() < 6 * RuleSet::kGroupChunk) {
    units.insert(units.end(), sentences.begin(), sentences.end());
  }
  RuleSet::Scratch scratch;
  std::vector<RuleMatch> all;
  set->MatchUnits(units, &scratch, &all);
  std::vector<RuleMatch> expected;
  std::vector<int> candidates;
  for (size_t u = 0; u < units.size(); ++u) {
    std::vector<RuleMatch> one;
    set->Match(units[u], &candidates, &one);
    for (RuleMatch& m : one) m.unit = u;
    expected.insert(expected.end(), one.begin(), one.end());
  }
  std::map<const Rule*, size_t> per_rule;
  for (const RuleMatch& m : all) ++per_rule[m.rule];
  size_t most = 0;
  for (const auto& [rule, count] : per_rule) most = std::max(most, count);
  CHECK(most > RuleSet::kGroupChunk);
  REQUIRE(all.size() == expected.size());
  for (size_t i = 0; i < all.size(); ++i) {
    INFO(i << " " << all[i].rule->id << " in " << units[all[i].unit]);
    CHECK(all[i].rule == expected[i].rule);
    CHECK(all[i].unit == expected[i].unit);
    CHECK(all[i].match == expected[i].match);
    for (int role = 0; role < kNumRoles; ++role) {
      CHECK(all[i].role[role] == expected[i].role[role]);
    }
  }
}

}  // namespace
}  // namespace whosaid::rules
