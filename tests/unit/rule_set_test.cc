// Tests of the rules stage: loading rule and lexicon files, compiler-style
// diagnostics, macro expansion, rule order and matching.
#include "rules/rule_set.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "whosaid/rules.h"

namespace whosaid::rules {
namespace {

namespace fs = std::filesystem;

// A rules directory <tmp>/<unique>/en/ that is removed at the end.
class RuleDir {
 public:
  RuleDir() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("whosaid_rule_set_test_" + std::to_string(getpid()) + "_" +
             std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_ / "en");
  }
  ~RuleDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  RuleDir(const RuleDir&) = delete;
  RuleDir& operator=(const RuleDir&) = delete;

  // Writes en/<name> and returns its path as diagnostics print it.
  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = root_ / "en" / name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path.string();
  }
  std::string dir() const { return root_.string(); }

 private:
  fs::path root_;
};

// A lexicon most tests share.
const char* const kLexicon = R"toml([words]
SAY_VERB = ["said", "told reporters"]

[patterns]
QUOTE = '''\x{E000}[.?!]?'''
NAME = '''\p{Lu}\p{L}*(?:[ ]\p{Lu}\p{L}*){0,3}'''
)toml";

std::vector<std::string> Strings(const std::vector<RuleDiagnostic>& ds) {
  std::vector<std::string> out;
  for (const RuleDiagnostic& d : ds) out.push_back(d.ToString());
  return out;
}

// Loads dir and returns every diagnostic as a string; `loaded` tells
// whether a rule set came back.
std::vector<std::string> LoadDiagnostics(const RuleDir& dir, bool* loaded) {
  std::vector<RuleDiagnostic> diagnostics;
  std::unique_ptr<RuleSet> set = RuleSet::Load(dir.dir(), "en", &diagnostics);
  *loaded = set != nullptr;
  return Strings(diagnostics);
}

TEST_CASE("RuleDiagnostic::ToString", "[rules]") {
  RuleDiagnostic d;
  d.path = "rules/en/direct.toml";
  d.line = 42;
  d.column = 17;
  d.message = "unknown macro {SAY_VERBZ}";
  d.rule_id = "en.x";
  CHECK(d.ToString() ==
        "rules/en/direct.toml:42:17: error: unknown macro {SAY_VERBZ} "
        "[rule en.x]");
  d.column = 0;
  d.error = false;
  d.rule_id.clear();
  CHECK(d.ToString() ==
        "rules/en/direct.toml:42: warning: unknown macro {SAY_VERBZ}");
  d.line = 0;
  d.column = 5;
  CHECK(d.ToString() ==
        "rules/en/direct.toml: warning: unknown macro {SAY_VERBZ}");
}

TEST_CASE("RuleSet diagnostics: one problem per rule file", "[rules]") {
  struct Case {
    const char* name;
    std::string rules;  // en/rules.toml, next to kLexicon in en/lexicon.toml
    // Expected diagnostics; "@" stands for the path of en/rules.toml.
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"unknown macro, with a suggestion",
       "[[rule]]\n"
       "id = \"t.bad\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME}) {SAY_VERBZ}'''\n"
       "examples = [\"x\"]\n",
       {"@:4:52: error: unknown macro {SAY_VERBZ} (did you mean {SAY_VERB}?) "
        "[rule t.bad]"}},
      {"unknown macro, nothing close",
       "[[rule]]\n"
       "id = \"t.bad\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{SPEAKERS})'''\n"
       "examples = [\"x\"]\n",
       {"@:4:44: error: unknown macro {SPEAKERS} [rule t.bad]"}},
      {"recursive macro",
       "[patterns]\n"
       "LOOP_A = '''a{LOOP_B}'''\n"
       "LOOP_B = '''b{LOOP_A}'''\n"
       "\n"
       "[[rule]]\n"
       "id = \"t.loop\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{LOOP_A})'''\n"
       "examples = [\"x\"]\n",
       {"@:3:14: error: recursive macro: {LOOP_A} -> {LOOP_B} -> {LOOP_A} "
        "[rule t.loop]"}},
      {"a macro that uses itself",
       "[patterns]\n"
       "SELF = '''x{SELF}'''\n"
       "\n"
       "[[rule]]\n"
       "id = \"t.self\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{SELF})'''\n"
       "examples = [\"x\"]\n",
       {"@:2:12: error: recursive macro: {SELF} -> {SELF} [rule t.self]"}},
      {"duplicate rule id",
       "[[rule]]\n"
       "id = \"t.dup\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n"
       "\n"
       "[[rule]]\n"
       "id = \"t.dup\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:7:1: error: duplicate rule id (first at @:1) [rule t.dup]"}},
      {"missing id",
       "[[rule]]\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:1:1: error: rule has no 'id' (a string such as "
        "\"en.direct.after\")"}},
      {"missing pattern",
       "[[rule]]\n"
       "id = \"t.nopattern\"\n"
       "type = \"direct\"\n"
       "examples = [\"x\"]\n",
       {"@:1:1: error: rule has no 'pattern' [rule t.nopattern]"}},
      {"missing type",
       "[[rule]]\n"
       "id = \"t.notype\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:1:1: error: rule has no 'type' [rule t.notype]"}},
      {"missing examples",
       "[[rule]]\n"
       "id = \"t.noexamples\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n",
       {"@:1:1: error: rule has no 'examples': every rule needs text it must "
        "fire on [rule t.noexamples]"}},
      {"bad type",
       "[[rule]]\n"
       "id = \"t.mixed\"\n"
       "type = \"mixed\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:3:8: error: 'type' must be \"direct\", \"indirect\" or "
        "\"according_to\" (mixed is derived from the claim) [rule t.mixed]"}},
      {"unknown group name",
       "[[rule]]\n"
       "id = \"t.group\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<speaker>{NAME}) (?P<source>x)'''\n"
       "examples = [\"x\"]\n",
       {"@:4:33: error: unknown group name 'speaker' (roles: claim, claim2, "
        "claim3, claim_tail, source, cue, via) [rule t.group]"}},
      {"missing source group",
       "[[rule]]\n"
       "id = \"t.nosource\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) {NAME}'''\n"
       "examples = [\"x\"]\n",
       {"@:4:11: error: pattern needs the groups (?P<claim>…) (unless "
        "claim = \"rest\") and (?P<source>…) [rule t.nosource]"}},
      {"look-ahead: RE2's message and a hint",
       "[[rule]]\n"
       "id = \"t.lookahead\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE})(?= said) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:4:32: error: bad pattern: invalid perl operator: (?= (RE2 has no "
        "look-ahead `(?=`/`(?!`: use a capture group instead) "
        "[rule t.lookahead]"}},
      {"look-behind: RE2's message and a hint",
       "[[rule]]\n"
       "id = \"t.lookbehind\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?<!x)(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:4:14: error: bad pattern: invalid perl operator: (?< (RE2 has no "
        "look-behind `(?<=`/`(?<!`: match the context and leave it out of "
        "the named groups) [rule t.lookbehind]"}},
      {"unknown rule field",
       "[[rule]]\n"
       "id = \"t.field\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "speaker = \"x\"\n"
       "examples = [\"x\"]\n",
       {"@:5:11: error: unknown rule field 'speaker' (expected id, pattern, "
        "type, priority, claim, over, trigger, description, examples, "
        "counter_examples) "
        "[rule t.field]"}},
      {"unknown table",
       "[rules]\n"
       "x = 1\n",
       {"@:1:1: error: unknown table 'rules' (expected words, patterns, "
        "word_patterns, rule, settings)"}},
      {"bad over",
       "[[rule]]\n"
       "id = \"t.over\"\n"
       "type = \"direct\"\n"
       "over = \"tokens\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:4:8: error: 'over' must be \"text\" (the pattern reads "
        "characters, the default) or \"words\" (it reads words: "
        "rules/README.md) [rule t.over]"}},
      {"over words: a character escape",
       "[[rule]]\n"
       "id = \"t.digit\"\n"
       "type = \"direct\"\n"
       "over = \"words\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>\\d+)'''\n"
       "examples = [\"x\"]\n",
       {"@:5:44: error: \\d reads characters; over words a word is one "
        "token: use {WORD}, {CAP}, {LOWER}, {NUM} or a word list "
        "[rule t.digit]"}},
      {"over words: letters in a character class",
       "[[rule]]\n"
       "id = \"t.class\"\n"
       "type = \"direct\"\n"
       "over = \"words\"\n"
       "pattern = '''(?P<claim>{QUOTE}) [Tt]he (?P<source>x)'''\n"
       "examples = [\"x\"]\n",
       {"@:5:33: error: a character class over words holds no letters or "
        "digits (words are tokens): write (?:the|The), a word list, {CAP}, "
        "{LOWER} or {NUM} [rule t.class]"}},
      {"over words: no case folding",
       "[[rule]]\n"
       "id = \"t.fold\"\n"
       "type = \"direct\"\n"
       "over = \"words\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?i:the) (?P<source>x)'''\n"
       "examples = [\"x\"]\n",
       {"@:5:35: error: no (?i) over words: name each form, (?:the|The), or "
        "put them in a word list [rule t.fold]"}},
      {"over words: a pattern over words named as a list",
       "[word_patterns]\n"
       "SAY_VERB = '''said'''\n",
       {"@:2:12: error: macro {SAY_VERB} is defined twice (first at "
        "#:2)"}},
      {"over words: a difference of word sets takes shapes and lists",
       "[[rule]]\n"
       "id = \"t.diff\"\n"
       "type = \"direct\"\n"
       "over = \"words\"\n"
       "pattern = '''(?P<claim>{QUOTE}) {LOWER-QUOTE} (?P<source>x)'''\n"
       "examples = [\"x\"]\n",
       {"@:5:33: error: {LOWER-QUOTE}: QUOTE is neither a shape nor a word "
        "list [rule t.diff]"}},
      {"a pattern over words in a rule over text",
       "[word_patterns]\n"
       "WNAME = '''{CAP}'''\n"
       "\n"
       "[[rule]]\n"
       "id = \"t.text\"\n"
       "type = \"direct\"\n"
       "pattern = '''(?P<claim>{QUOTE}) (?P<source>{WNAME})'''\n"
       "examples = [\"x\"]\n",
       {"@:7:44: error: {WNAME} is a pattern over words ([word_patterns]): "
        "use it in a rule with over = \"words\" [rule t.text]"}},
      {"over words: a shape is built in",
       "[word_patterns]\n"
       "CAP = '''x'''\n",
       {"@:2:7: error: {CAP} is built in (a word of a shape, in rules over "
        "words)"}},
      {"macro redefined",
       "[words]\n"
       "SAY_VERB = [\"says\"]\n",
       {"@:2:12: error: macro {SAY_VERB} is defined twice (first at "
        "#:2)"}},
      {"empty word list",
       "[words]\n"
       "NOTHING = []\n",
       {"@:2:11: error: word list {NOTHING} is empty"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      RuleDir dir;
      const std::string lexicon = dir.Write("lexicon.toml", kLexicon);
      const std::string path = dir.Write("rules.toml", c.rules);
      std::vector<std::string> expected;
      for (std::string e : c.expected) {
        for (size_t at; (at = e.find('@')) != std::string::npos;) {
          e.replace(at, 1, path);
        }
        for (size_t at; (at = e.find('#')) != std::string::npos;) {
          e.replace(at, 1, lexicon);
        }
        expected.push_back(e);
      }
      bool loaded = true;
      CHECK(LoadDiagnostics(dir, &loaded) == expected);
      CHECK_FALSE(loaded);
    }
  }
}

TEST_CASE("RuleSet diagnostics: TOML syntax error with line and column",
          "[rules]") {
  RuleDir dir;
  dir.Write("lexicon.toml", kLexicon);
  const std::string path = dir.Write("rules.toml",
                                     "[[rule]]\n"
                                     "id = \"t.syntax\n"
                                     "type = \"direct\"\n");
  std::vector<RuleDiagnostic> diagnostics;
  CHECK(RuleSet::Load(dir.dir(), "en", &diagnostics) == nullptr);
  REQUIRE(diagnostics.size() == 1);
  const RuleDiagnostic& d = diagnostics[0];
  CHECK(d.path == path);
  CHECK(d.line == 2);
  CHECK(d.column == 15);
  CHECK(d.error);
  CHECK(d.rule_id.empty());
  // The message after "TOML syntax: " is toml++'s.
  CHECK(d.ToString() == path +
                            ":2:15: error: TOML syntax: Error while parsing "
                            "string: unescaped control characters other than "
                            "TAB (U+0009) are explicitly prohibited");
}

TEST_CASE("RuleSet diagnostics: every problem of every file", "[rules]") {
  RuleDir dir;
  dir.Write("lexicon.toml", kLexicon);
  const std::string a = dir.Write("a.toml", "ok = 1\nbad line\n");
  const std::string b =
      dir.Write("b.toml",
                "[[rule]]\n"
                "id = \"t.one\"\n"
                "type = \"direct\"\n"
                "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAMES})'''\n"
                "examples = [\"x\"]\n"
                "\n"
                "[[rule]]\n"
                "id = \"t.two\"\n"
                "type = \"direct\"\n"
                "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n");
  bool loaded = true;
  const std::vector<std::string> got = LoadDiagnostics(dir, &loaded);
  CHECK_FALSE(loaded);
  REQUIRE(got.size() == 3);
  // a.toml first (files are read in name order), then b.toml's rules in
  // file order (loading), then compilation.
  CHECK(got[0] == a + ":2:5: error: TOML syntax: Error while parsing key-value "
                      "pair: expected '=', saw 'l'");
  CHECK(got[1] == b + ":7:1: error: rule has no 'examples': every rule needs "
                      "text it must fire on [rule t.two]");
  CHECK(got[2] == b + ":4:44: error: unknown macro {NAMES} (did you mean "
                      "{NAME}?) [rule t.one]");
}

// The rules' patterns compile on several threads; their diagnostics still
// come in rule order, whichever step of compiling finds them.
TEST_CASE("RuleSet diagnostics: compiling keeps the order of the rules",
          "[rules]") {
  RuleDir dir;
  dir.Write("lexicon.toml", kLexicon);
  std::string rules;
  for (int i = 0; i < 12; ++i) {
    std::string pattern = i % 3 == 0 ? "(?P<claim>{QUOTE}) (?P<source>{NAMES})"
                          : i % 3 == 1
                              ? "(?P<claim>{QUOTE}) (?P<source>(x)"
                              : "(?P<claim>{QUOTE}) (?P<source>{NAME})";
    rules += "[[rule]]\nid = \"t.r" + std::to_string(i) +
             "\"\ntype = \"direct\"\npattern = '''" + pattern +
             "'''\nexamples = [\"x\"]\n\n";
  }
  dir.Write("rules.toml", rules);
  bool loaded = true;
  const std::vector<std::string> got = LoadDiagnostics(dir, &loaded);
  CHECK_FALSE(loaded);
  // Rules 0, 3, 6, 9 name an unknown macro (found expanding), rules 1, 4,
  // 7, 10 miss a parenthesis (found by RE2).
  REQUIRE(got.size() == 8);
  for (size_t k = 0; k < got.size(); ++k) {
    INFO(got[k]);
    const int rule = static_cast<int>(k / 2) * 3 + static_cast<int>(k % 2);
    CHECK(got[k].find("[rule t.r" + std::to_string(rule) + "]") !=
          std::string::npos);
    CHECK(got[k].find(k % 2 == 0 ? "unknown macro" : "bad pattern") !=
          std::string::npos);
  }
}

TEST_CASE("RuleSet diagnostics: duplicate id across files", "[rules]") {
  RuleDir dir;
  dir.Write("lexicon.toml", kLexicon);
  const std::string rule =
      "\n"
      "[[rule]]\n"
      "id = \"t.same\"\n"
      "type = \"direct\"\n"
      "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAME})'''\n"
      "examples = [\"x\"]\n";
  const std::string a = dir.Write("a.toml", rule);
  const std::string b = dir.Write("b.toml", "\n\n" + rule);
  bool loaded = true;
  CHECK(LoadDiagnostics(dir, &loaded) ==
        std::vector<std::string>{b +
                                 ":4:1: error: duplicate rule id (first at " +
                                 a + ":2) [rule t.same]"});
  CHECK_FALSE(loaded);
}

TEST_CASE("RuleSet diagnostics: no directory, no files", "[rules]") {
  RuleDir dir;
  std::vector<RuleDiagnostic> diagnostics;
  CHECK(RuleSet::Load(dir.dir(), "xx", &diagnostics) == nullptr);
  CHECK(Strings(diagnostics) ==
        std::vector<std::string>{
            dir.dir() + "/xx: error: no rules directory for language 'xx'"});
  diagnostics.clear();
  dir.Write("notes.txt", "not a rule file");
  CHECK(RuleSet::Load(dir.dir(), "en", &diagnostics) == nullptr);
  CHECK(
      Strings(diagnostics) ==
      std::vector<std::string>{dir.dir() + "/en: error: no .toml rule files"});
}

// A good rules directory: a lexicon and two rule files.
void WriteGoodRules(RuleDir* dir) {
  dir->Write("lexicon.toml", R"toml([settings]
abbreviations = ["Sen.", "Gov."]

[words]
SAY_VERB = ["said", "told reporters"]
TITLE = ["Mayor", "Dr."]

[patterns]
QUOTE = '''\x{E000}[.?!]?'''
NAME = '''\p{Lu}\p{L}*(?:[ ]\p{Lu}\p{L}*){0,3}'''
)toml");
  dir->Write("rules_a.toml", R"toml([settings]
abbreviations = ["U.S."]

[[rule]]
id = "t.before"
type = "indirect"
priority = 10
pattern = '''(?P<source>{NAME}) (?P<cue>{SAY_VERB}) (?P<claim>[^.]+)'''
examples = ["Ana Ruiz said the talks failed."]

[[rule]]
id = "t.after"
type = "direct"
priority = 30
description = "“…,” X said."
pattern = '''(?P<claim>{QUOTE}),? (?P<source>{NAME}) (?P<cue>{SAY_VERB})'''
examples = ["“We will stay,” Ana Ruiz said."]
counter_examples = ["The “green corridor” said nothing."]
)toml");
  dir->Write("rules_b.toml", R"toml([[rule]]
id = "t.inverted"
type = "direct"
priority = 30
pattern = '''(?P<claim>{QUOTE}),? (?P<cue>{SAY_VERB}) (?P<source>{NAME})'''
examples = ["“We will stay,” said Ana Ruiz."]

[[rule]]
id = "t.according"
type = "according_to"
pattern = '''According to (?P<source>{NAME}), (?P<claim>[^.]+)'''
examples = ["According to Reuters, the talks failed."]
)toml");
}

std::unique_ptr<RuleSet> LoadGood(const RuleDir& dir) {
  std::vector<RuleDiagnostic> diagnostics;
  std::unique_ptr<RuleSet> set = RuleSet::Load(dir.dir(), "en", &diagnostics);
  INFO(Catch::Detail::stringify(Strings(diagnostics)));
  REQUIRE(diagnostics.empty());
  REQUIRE(set != nullptr);
  return set;
}

TEST_CASE("RuleSet: a good directory loads", "[rules]") {
  RuleDir dir;
  WriteGoodRules(&dir);
  std::unique_ptr<RuleSet> set = LoadGood(dir);

  SECTION("rules by descending priority, then file order") {
    std::vector<std::string> ids;
    std::vector<int> priorities;
    for (const auto& r : set->rules()) {
      ids.push_back(r->id);
      priorities.push_back(r->priority);
    }
    CHECK(ids == std::vector<std::string>{"t.after", "t.inverted", "t.before",
                                          "t.according"});
    CHECK(priorities == std::vector<int>{30, 30, 10, 0});
  }
  SECTION("rule fields") {
    const Rule& r = *set->rules()[0];
    CHECK(r.id == "t.after");
    CHECK(r.type == "direct");
    CHECK(r.description == "“…,” X said.");
    CHECK(r.pattern ==
          "(?P<claim>{QUOTE}),? (?P<source>{NAME}) (?P<cue>{SAY_VERB})");
    CHECK(r.expanded ==
          "(?P<claim>(?:\\x{E000}[.?!]?)),? "
          "(?P<source>(?:\\p{Lu}\\p{L}*(?:[ ]\\p{Lu}\\p{L}*){0,3})) "
          "(?P<cue>(?:said|told\\s+reporters))");
    CHECK(r.examples ==
          std::vector<std::string>{"“We will stay,” Ana Ruiz said."});
    CHECK(r.counter_examples ==
          std::vector<std::string>{"The “green corridor” said nothing."});
    CHECK(r.line == 11);
    CHECK(r.group_of_role[kClaim] > 0);
    CHECK(r.group_of_role[kSource] > 0);
    CHECK(r.group_of_role[kCue] > 0);
    CHECK(r.group_of_role[kVia] == 0);
    CHECK(r.group_of_role[kClaim2] == 0);
    CHECK(r.group_of_role[kClaimTail] == 0);
    CHECK(set->rules()[3]->type == "according_to");
  }
  SECTION("word lists and abbreviations") {
    CHECK(set->Words("SAY_VERB") ==
          std::vector<std::string>{"said", "told reporters"});
    CHECK(set->Words("TITLE") == std::vector<std::string>{"Mayor", "Dr."});
    CHECK(set->Words("QUOTE").empty());  // a pattern, not a word list
    CHECK(set->Words("NOPE").empty());
    CHECK(set->abbreviations() ==
          std::vector<std::string>{"Sen.", "Gov.", "U.S."});
  }
}

TEST_CASE("RuleSet::Match finds the groups at byte offsets", "[rules]") {
  RuleDir dir;
  WriteGoodRules(&dir);
  std::unique_ptr<RuleSet> set = LoadGood(dir);

  struct Group {
    Role role;
    std::string text;
    Span span;
  };
  struct Expected {
    std::string rule;
    Span match;
    std::vector<Group> groups;
  };
  struct Case {
    const char* name;
    std::string unit;
    std::vector<Expected> matches;
  };
  const std::string q = "\xEE\x80\x80";  // U+E000
  const std::vector<Case> cases = {
      {"source, cue, claim",
       "Ana Ruiz said the talks failed.",
       {{"t.before",
         {0, 30},
         {{kSource, "Ana Ruiz", {0, 8}},
          {kCue, "said", {9, 13}},
          {kClaim, "the talks failed", {14, 30}}}}}},
      {"a multi-word verb matches any white space",
       "Ana Ruiz told  reporters the talks failed.",
       {{"t.before",
         {0, 41},
         {{kSource, "Ana Ruiz", {0, 8}},
          {kCue, "told  reporters", {9, 24}},
          {kClaim, "the talks failed", {25, 41}}}}}},
      {"non-ASCII: byte offsets",
       "Zo\xC3\xAB \xC3\x98rsted said the talks failed.",
       {{"t.before",
         {0, 34},
         {{kSource, "Zo\xC3\xAB \xC3\x98rsted", {0, 12}},
          {kCue, "said", {13, 17}},
          {kClaim, "the talks failed", {18, 34}}}}}},
      {"a placeholder",
       q + ", Ana Ruiz said.",
       {{"t.after",
         {0, 18},
         {{kClaim, q, {0, 3}},
          {kSource, "Ana Ruiz", {5, 13}},
          {kCue, "said", {14, 18}}}}}},
      {"two matches of one rule, in position order",
       "Ana Ruiz said yes. Tom Lee said no.",
       {{"t.before",
         {0, 17},
         {{kSource, "Ana Ruiz", {0, 8}}, {kClaim, "yes", {14, 17}}}},
        {"t.before",
         {19, 34},
         {{kSource, "Tom Lee", {19, 26}}, {kClaim, "no", {32, 34}}}}}},
      {"rule order: higher priority first",
       q + " said Ana Ruiz. Tom Lee said no.",
       {{"t.inverted",
         {0, 17},
         {{kClaim, q, {0, 3}},
          {kCue, "said", {4, 8}},
          {kSource, "Ana Ruiz", {9, 17}}}},
        {"t.before",
         {19, 34},
         {{kSource, "Tom Lee", {19, 26}}, {kClaim, "no", {32, 34}}}}}},
      {"according to",
       "According to Reuters, the talks failed.",
       {{"t.according",
         {0, 38},
         {{kSource, "Reuters", {13, 20}},
          {kClaim, "the talks failed", {22, 38}}}}}},
      {"nothing matches", "The talks failed.", {}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      std::vector<int> candidates;
      std::vector<RuleMatch> out;
      set->Match(c.unit, &candidates, &out);
      REQUIRE(out.size() == c.matches.size());
      for (size_t i = 0; i < out.size(); ++i) {
        INFO("match " << i);
        const RuleMatch& m = out[i];
        REQUIRE(m.rule != nullptr);
        CHECK(m.rule->id == c.matches[i].rule);
        CHECK(m.match == c.matches[i].match);
        for (const Group& g : c.matches[i].groups) {
          INFO("group " << RoleName(g.role));
          const Span s = m.role[g.role];
          REQUIRE(s.valid());
          CHECK(s == g.span);
          CHECK(c.unit.substr(s.begin, s.size()) == g.text);
        }
        // A role the rule has no group for stays invalid.
        CHECK_FALSE(m.role[kVia].valid());
      }
    }
  }
}

TEST_CASE("RuleSet: triggers pick the rules, claim = rest", "[rules]") {
  RuleDir dir;
  dir.Write("lexicon.toml", kLexicon);
  dir.Write("rules.toml", R"toml([[rule]]
id = "t.rest"
type = "indirect"
trigger = '''\b{SAY_VERB}\b'''
claim = "rest"
pattern = '''(?P<source>{NAME}) (?P<cue>{SAY_VERB}) '''
examples = ["Ana Ruiz said the talks failed."]

[[rule]]
id = "t.untriggered"
type = "indirect"
trigger = '''never-present'''
pattern = '''(?P<source>{NAME}) (?P<cue>{SAY_VERB}) (?P<claim>.+)'''
examples = ["x"]
)toml");
  std::unique_ptr<RuleSet> set = LoadGood(dir);
  std::vector<int> scratch;
  std::vector<RuleMatch> out;
  const std::string unit = "Ana Ruiz said the talks failed.";
  set->Match(unit, &scratch, &out);
  // Only t.rest runs: t.untriggered's pattern matches, its trigger does not.
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule->id == "t.rest");
  CHECK(out[0].match == Span{0, 14});
  CHECK(out[0].role[kClaim] == Span{14, unit.size()});
  CHECK(out[0].role[kSource] == Span{0, 8});

  // A sentence without the trigger runs no rule at all.
  out.clear();
  set->Match("Ana Ruiz left.", &scratch, &out);
  CHECK(out.empty());

  // A bad trigger is reported like a bad pattern.
  RuleDir bad;
  bad.Write("lexicon.toml", kLexicon);
  bad.Write("rules.toml", R"toml([[rule]]
id = "t.badtrigger"
type = "indirect"
trigger = '''(said'''
pattern = '''(?P<source>{NAME}) (?P<cue>{SAY_VERB}) (?P<claim>.+)'''
examples = ["x"]
)toml");
  bool loaded = true;
  std::vector<std::string> got = LoadDiagnostics(bad, &loaded);
  CHECK_FALSE(loaded);
  REQUIRE(got.size() == 1);
  CHECK(got[0].find("rules.toml:4:11: error: bad trigger: missing ): (said "
                    "[rule t.badtrigger]") != std::string::npos);
}

// A rule over words reads each word as one token: lists and literal words
// match whole words only, [word_patterns] take the place of [patterns] of
// the same name, and the spans are byte offsets of the sentence.
TEST_CASE("RuleSet: a rule over words matches whole words", "[rules][words]") {
  RuleDir dir;
  dir.Write("lexicon.toml", R"toml([words]
SAY_VERB = ["said", "says", "told reporters"]
ROLE = ["mayor", "spokesman"]

[patterns]
QUOTE = '''\x{E000}[.?!]?'''
NAME = '''\p{Lu}\p{L}*(?:[ ]\p{Lu}\p{L}*){0,3}'''

[word_patterns]
NAME = '''{CAP}(?:[ \x{A0}]{CAP}){0,3}'''
SOURCE = '''(?:{NAME}|(?:the|The)[ \x{A0}]{ROLE})'''
)toml");
  dir.Write("rules.toml", R"toml([[rule]]
id = "t.words"
type = "indirect"
over = "words"
claim = "rest"
pattern = '''(?:^|,[ \x{A0}])(?P<source>{SOURCE})[ \x{A0}](?P<cue>{SAY_VERB})(?:[ \x{A0}]that)?[ \x{A0}]'''
examples = ["Zoë Ørsted said the talks failed."]

[[rule]]
id = "t.quote"
type = "direct"
over = "words"
pattern = '''(?P<claim>{QUOTE}),?[ \x{A0}](?P<source>{NAME})[ \x{A0}](?P<cue>{SAY_VERB})'''
examples = ["“We will stay,” Ana Ruiz said."]
)toml");
  std::unique_ptr<RuleSet> set = LoadGood(dir);
  for (const auto& r : set->rules()) {
    CHECK(r->words != nullptr);
    // The expansion names no word: {SAY_VERB} is one class of code points.
    CHECK(r->expanded.find("said") == std::string::npos);
  }
  std::vector<int> scratch;
  auto match = [&](const std::string& unit) {
    std::vector<RuleMatch> out;
    set->Match(unit, &scratch, &out);
    return out;
  };

  std::string unit = "Zoë Ørsted said that the talks failed.";
  std::vector<RuleMatch> out = match(unit);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule->id == "t.words");
  CHECK(out[0].role[kSource] == Span{0, 12});  // "Zoë Ørsted": bytes
  CHECK(out[0].role[kCue] == Span{13, 17});
  CHECK(out[0].match == Span{0, 23});
  CHECK(out[0].role[kClaim] == Span{23, unit.size()});

  unit = "The crowd cheered, the mayor told reporters the plan works.";
  out = match(unit);
  REQUIRE(out.size() == 1);
  CHECK(unit.substr(out[0].role[kSource].begin, out[0].role[kSource].size()) ==
        "the mayor");
  CHECK(unit.substr(out[0].role[kCue].begin, out[0].role[kCue].size()) ==
        "told reporters");

  // Never inside a word: "saidx", "mayors", "Saying".
  CHECK(match("Ana Ruiz saidx the talks failed.").empty());
  CHECK(match("Then, the mayors said the talks failed.").empty());
  CHECK(match("Ana Ruiz Saying the talks failed.").empty());

  unit = "\xEE\x80\x80, Ana Ruiz said.";
  out = match(unit);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule->id == "t.quote");
  CHECK(out[0].role[kClaim] == Span{0, 3});
  CHECK(out[0].role[kSource] == Span{5, 13});
  CHECK(out[0].role[kCue] == Span{14, 18});

  // MatchUnits gives the same, unit by unit, however many units wait.
  const std::vector<std::string> units = {"Ana Ruiz said the talks failed.",
                                          "Nothing here.", unit,
                                          "Then, the spokesman says it works."};
  std::vector<std::string_view> views;
  for (int i = 0; i < 3000; ++i) {
    views.insert(views.end(), units.begin(), units.end());
  }
  RuleSet::Scratch s;
  std::vector<RuleMatch> all;
  set->MatchUnits(views, &s, &all);
  REQUIRE(all.size() == 3 * 3000);
  for (const RuleMatch& m : all) {
    std::vector<RuleMatch> one = match(std::string(views[m.unit]));
    REQUIRE(one.size() == 1);
    CHECK(one[0].rule == m.rule);
    CHECK(one[0].match == m.match);
    CHECK(one[0].role[kSource] == m.role[kSource]);
    CHECK(one[0].role[kClaim] == m.role[kClaim]);
  }
}

// Each literal word of the rules over words is a class of its own; past
// the code points there are for classes, loading stops with a message.
// {A-B} over words: {LOWER-SAY_VERB} is a lower-case word that is no
// reporting verb, so that the words of a source never take the verb.
TEST_CASE("RuleSet: a difference of word sets over words", "[rules][words]") {
  std::vector<int> scratch;
  RuleDir diff;
  diff.Write("lexicon.toml", R"toml([words]
SAY_VERB = ["said", "says"]
)toml");
  diff.Write("rules.toml", R"toml([[rule]]
id = "t.diff"
type = "indirect"
over = "words"
claim = "rest"
pattern = '''^(?P<source>{CAP}(?:[ ]{LOWER-SAY_VERB}){0,2})[ ](?P<cue>{SAY_VERB})[ ]'''
examples = ["Police officers said it was calm."]
)toml");
  std::unique_ptr<RuleSet> diff_set = LoadGood(diff);
  std::vector<RuleMatch> diff_out;
  diff_set->Match("Police said officers said it was calm.", &scratch,
                  &diff_out);
  REQUIRE(diff_out.size() == 1);
  CHECK(diff_out[0].role[kSource] == Span{0, 6});  // not "Police said"
  diff_out.clear();
  diff_set->Match("Police officers said it.", &scratch, &diff_out);
  REQUIRE(diff_out.size() == 1);
  CHECK(diff_out[0].role[kSource] == Span{0, 15});
}

// Each name is resolved once per rule set, by its kind and name: the word
// "NUM" and the shape {NUM}, the word "SAY_VERB" and the list {SAY_VERB}
// stay apart however often rules name them.
TEST_CASE("RuleSet: words, lists and shapes of the same name over words",
          "[rules][words]") {
  std::vector<int> scratch;
  RuleDir dir;
  dir.Write("lexicon.toml", R"toml([words]
SAY_VERB = ["said", "says"]
)toml");
  std::string rules;
  for (int i = 0; i < 3; ++i) {
    rules += "[[rule]]\nid = \"t.names" + std::to_string(i) + R"toml("
type = "indirect"
over = "words"
claim = "rest"
pattern = '''^(?P<source>NUM {NUM} SAY_VERB)[ ](?P<cue>{SAY_VERB})[ ]'''
examples = ["NUM 7 SAY_VERB said so."]
)toml";
  }
  dir.Write("rules.toml", rules);
  std::unique_ptr<RuleSet> set = LoadGood(dir);
  std::vector<RuleMatch> out;
  set->Match("NUM 7 SAY_VERB said so.", &scratch, &out);
  CHECK(out.size() == 3);
  for (const char* no :
       {"NUM NUM SAY_VERB said so.", "7 7 SAY_VERB said so.",
        "NUM 7 said said so.", "NUM 7 SAY_VERB SAY_VERB so."}) {
    out.clear();
    set->Match(no, &scratch, &out);
    INFO(no);
    CHECK(out.empty());
  }
}

TEST_CASE("RuleSet: more word classes than code points", "[rules][words]") {
  auto rules_naming = [](size_t words) {
    std::string alternatives;
    for (size_t i = 0; i < words; ++i) {
      if (i > 0) alternatives += '|';
      alternatives += "w" + std::to_string(i);
    }
    return "[[rule]]\nid = \"t.many\"\ntype = \"direct\"\nover = \"words\"\n"
           "pattern = '''(?P<claim>{QUOTE}) (?:" +
           alternatives + ") (?P<source>x)'''\nexamples = [\"x\"]\n";
  };
  RuleDir fits;
  fits.Write("lexicon.toml", kLexicon);
  fits.Write("rules.toml", rules_naming(1000));
  bool loaded = false;
  CHECK(LoadDiagnostics(fits, &loaded).empty());
  CHECK(loaded);

  RuleDir many;
  many.Write("lexicon.toml", kLexicon);
  many.Write("rules.toml", rules_naming(MaxClasses()));
  std::vector<std::string> got = LoadDiagnostics(many, &loaded);
  CHECK_FALSE(loaded);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == (fs::path(many.dir()) / "en").string() +
                      ": error: more than " + std::to_string(MaxClasses()) +
                      " word classes: name fewer literal words in rules "
                      "over words");
}

TEST_CASE("RuleSet: a word list is alphabetical, longer entries first",
          "[rules]") {
  RuleDir dir;
  dir.Write("lexicon.toml", R"toml([words]
VERB = ["told", "say", "told reporters", "says", "added"]
)toml");
  dir.Write("rules.toml", R"toml([[rule]]
id = "t.verb"
type = "indirect"
pattern = '''(?P<source>[A-Z][a-z]+) (?P<cue>{VERB})(?P<claim> .+)'''
examples = ["Ana told reporters it failed."]
)toml");
  std::unique_ptr<RuleSet> set = LoadGood(dir);
  const Rule& r = *set->rules()[0];
  CHECK(r.expanded ==
        "(?P<source>[A-Z][a-z]+) "
        "(?P<cue>(?:added|says|say|told\\s+reporters|told))(?P<claim> .+)");
  // Leftmost-first prefers the longer entry where both fit.
  std::vector<int> scratch;
  std::vector<RuleMatch> out;
  const std::string unit = "Ana told reporters it failed.";
  set->Match(unit, &scratch, &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].role[kCue] == Span{4, 18});
}

TEST_CASE("RoleName", "[rules]") {
  CHECK(std::string(RoleName(kClaim)) == "claim");
  CHECK(std::string(RoleName(kClaim2)) == "claim2");
  CHECK(std::string(RoleName(kClaim3)) == "claim3");
  CHECK(std::string(RoleName(kClaimTail)) == "claim_tail");
  CHECK(std::string(RoleName(kSource)) == "source");
  CHECK(std::string(RoleName(kCue)) == "cue");
  CHECK(std::string(RoleName(kVia)) == "via");
}

TEST_CASE("CheckRules counts files, rules and lexicon entries", "[rules]") {
  SECTION("a good directory") {
    RuleDir dir;
    WriteGoodRules(&dir);
    const RuleCheckReport report = CheckRules(dir.dir(), "en");
    CHECK(report.ok());
    CHECK(report.diagnostics.empty());
    CHECK(report.files == 3);
    CHECK(report.rules == 4);
    CHECK(report.lexicons == 4);  // SAY_VERB, TITLE, QUOTE, NAME
  }
  SECTION("a directory with an error") {
    RuleDir dir;
    WriteGoodRules(&dir);
    const std::string path =
        dir.Write("rules_c.toml",
                  "[[rule]]\n"
                  "id = \"t.bad\"\n"
                  "type = \"direct\"\n"
                  "pattern = '''(?P<claim>{QUOTE}) (?P<source>{NAMEZ})'''\n"
                  "examples = [\"x\"]\n");
    const RuleCheckReport report = CheckRules(dir.dir(), "en");
    CHECK_FALSE(report.ok());
    CHECK(report.files == 4);
    CHECK(report.rules == 4);  // the bad one does not compile
    CHECK(report.lexicons == 4);
    CHECK(Strings(report.diagnostics) ==
          std::vector<std::string>{
              path + ":4:44: error: unknown macro {NAMEZ} (did you mean "
                     "{NAME}?) [rule t.bad]"});
  }
}

TEST_CASE("The real rules directory loads without a diagnostic", "[rules]") {
  std::vector<RuleDiagnostic> diagnostics;
  std::unique_ptr<RuleSet> set =
      RuleSet::Load(WHOSAID_SOURCE_DIR "/rules", "en", &diagnostics);
  CHECK(Strings(diagnostics).empty());
  REQUIRE(set != nullptr);
  REQUIRE_FALSE(set->rules().empty());
  for (size_t i = 1; i < set->rules().size(); ++i) {
    CHECK(set->rules()[i - 1]->priority >= set->rules()[i]->priority);
  }
  for (const auto& r : set->rules()) {
    INFO(r->id);
    CHECK(r->re != nullptr);
    CHECK_FALSE(r->examples.empty());
  }
  for (const char* list : {"SAY_VERB", "TITLE", "ANONYMOUS", "ORGANIZATION",
                           "PLACE", "PERSON_PRONOUN", "GROUP_PRONOUN"}) {
    INFO(list);
    CHECK_FALSE(set->Words(list).empty());
  }
  const std::vector<std::string>& abbreviations = set->abbreviations();
  CHECK(std::find(abbreviations.begin(), abbreviations.end(), "Sen.") !=
        abbreviations.end());
  const RuleCheckReport report = CheckRules(WHOSAID_SOURCE_DIR "/rules", "en");
  CHECK(report.ok());
  size_t toml_files = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(WHOSAID_SOURCE_DIR "/rules/en")) {
    if (entry.path().extension() == ".toml") ++toml_files;
  }
  CHECK(toml_files >= 2);
  CHECK(report.files == toml_files);
  CHECK(report.rules == set->rules().size());
}

}  // namespace
}  // namespace whosaid::rules
