// Tests of speaker resolution: titles removed, pronouns, surnames and roles
// resolved to earlier mentions, and the kind of source.
#include "attribution/speaker.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace whosaid::attribution {
namespace {

// A small lexicon in the form the extractor builds (lower case, except
// places).
Lexicon TestLexicon() {
  Lexicon l;
  l.titles = {"prime", "minister", "dr.",      "mayor",
              "gov",   "foreign",  "president"};
  l.anonymous = {"officials", "official", "spokesman",
                 "residents", "sources",  "people"};
  l.organizations = {"ministry", "government", "reuters", "company"};
  l.places = {"Iraq", "Germany"};
  l.person_pronouns = {"he", "she"};
  l.group_pronouns = {"they", "we", "it"};
  return l;
}

struct Step {
  std::string source;
  std::string speaker;
  std::string kind;
};

struct Case {
  const char* name;
  std::vector<Step> steps;
  // The document, with each source mention in brackets: "[Wolna] said".
  // The brackets are removed and the i-th bracketed mention's byte offset
  // goes with the i-th step. Empty: no document, every offset 0.
  std::string text;
};

void RunCase(const Case& c) {
  std::string text;
  std::vector<size_t> offsets;
  std::vector<std::string> mentions;
  for (size_t i = 0; i < c.text.size(); ++i) {
    if (c.text[i] == '[') {
      const size_t close = c.text.find(']', i);
      REQUIRE(close != std::string::npos);
      offsets.push_back(text.size());
      mentions.push_back(c.text.substr(i + 1, close - i - 1));
      text += mentions.back();
      i = close;
    } else {
      text += c.text[i];
    }
  }
  if (!c.text.empty()) REQUIRE(mentions.size() == c.steps.size());
  const Lexicon lexicon = TestLexicon();
  SpeakerResolver resolver(lexicon, text);
  for (size_t i = 0; i < c.steps.size(); ++i) {
    const Step& s = c.steps[i];
    INFO("step " << i << ": \"" << s.source << "\"");
    size_t at = 0;
    if (!c.text.empty()) {
      REQUIRE(mentions[i] == s.source);
      at = offsets[i];
    }
    const Resolution r = resolver.Resolve(s.source, at);
    CHECK(r.speaker == s.speaker);
    CHECK(r.kind == s.kind);
  }
}

TEST_CASE("SpeakerResolver resolves sequences of mentions",
          "[attribution][speaker]") {
  const std::vector<Case> cases = {
      {"titles removed, then a pronoun",
       {{"Iraqi Prime Minister Muhammad Al-Sudani", "Muhammad Al-Sudani",
         "person"},
        {"he", "Muhammad Al-Sudani", "person"}}},
      {"Dr. removed, then the surname",
       {{"Dr. Samuel Okafor", "Samuel Okafor", "person"},
        {"Okafor", "Samuel Okafor", "person"}}},
      {"a title without its dot in the lexicon",
       {{"Gov. Ana Ruiz", "Ana Ruiz", "person"}}},
      {"an organization, then a role noun for it",
       {{"Iraq’s Foreign Ministry", "Iraq’s Foreign Ministry", "organization"},
        {"the ministry", "Iraq’s Foreign Ministry", "organization"}}},
      {"unnamed officials, then a group pronoun",
       {{"US and Iraqi officials", "US and Iraqi officials", "anonymous"},
        {"they", "US and Iraqi officials", "anonymous"}}},
      {"a pronoun without antecedent", {{"he", "", "unknown"}}},
      {"a group pronoun without antecedent", {{"they", "", "unknown"}}},
      {"a person pronoun after an organization only",
       {{"Iraq’s Foreign Ministry", "Iraq’s Foreign Ministry", "organization"},
        {"she", "", "unknown"}}},
      {"a place is an organization", {{"Iraq", "Iraq", "organization"}}},
      {"a news agency is an organization",
       {{"Reuters", "Reuters", "organization"}}},
      {"a title, then the role",
       {{"Mayor Ana Ruiz", "Ana Ruiz", "person"},
        {"the mayor", "Ana Ruiz", "person"}}},
      {"roles stay with their person",
       {{"Mayor Ana Ruiz", "Ana Ruiz", "person"},
        {"Iraqi Prime Minister Muhammad Al-Sudani", "Muhammad Al-Sudani",
         "person"},
        {"the mayor", "Ana Ruiz", "person"},
        {"the minister", "Muhammad Al-Sudani", "person"}}},
      {"a pronoun takes the most recent person",
       {{"Mayor Ana Ruiz", "Ana Ruiz", "person"},
        {"Dr. Samuel Okafor", "Samuel Okafor", "person"},
        {"she", "Samuel Okafor", "person"},
        {"Ruiz", "Ana Ruiz", "person"},
        {"he", "Ana Ruiz", "person"}}},
      {"a plain name", {{"Ana Ruiz", "Ana Ruiz", "person"}}},
      {"a qualified unnamed source",
       {{"a spokesman for the ministry", "a spokesman for the ministry",
         "anonymous"}}},
      {"people familiar with the matter",
       {{"people familiar with the matter", "people familiar with the matter",
         "anonymous"}}},
      {"a role with no antecedent",
       {{"the spokesman", "the spokesman", "anonymous"}}},
      {"an empty source", {{"", "", "unknown"}}},
      {"a surname with no earlier mention", {{"Okafor", "Okafor", "person"}}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) { RunCase(c); }
  }
}

TEST_CASE("SpeakerResolver finds the full name earlier in the text",
          "[attribution][speaker]") {
  const std::vector<Case> cases = {
      {"a surname after the full name outside any attribution",
       {{"Wolna", "Agnieszka Wolna", "person"},
        {"she", "Agnieszka Wolna", "person"}},
       "Agnieszka Wolna has measured the river for years. The river is low, "
       "[Wolna] said. Then [she] left."},
      {"the title before the full name is left out",
       {{"Okafor", "Samuel Okafor", "person"}},
       "Dr. Samuel Okafor runs the clinic. Beds are full, [Okafor] said."},
      {"only mentions before the source count",
       {{"Okafor", "Okafor", "person"}},
       "Beds are full, [Okafor] said. Dr. Samuel Okafor runs the clinic."},
      {"whole words only",
       {{"Wolna", "Wolna", "person"}},
       "Maria Wolnas left. The river is low, [Wolna] said."},
      {"the fullest earlier mention, the first of equals",
       {{"Ruiz", "Ana Maria Ruiz", "person"}},
       "Ana Ruiz spoke. Mayor Ana Maria Ruiz spoke. Jo Eva Ruiz left. "
       "Schools are open, [Ruiz] said."},
      {"a surname met again after a fuller mention",
       {{"Ruiz", "Ruiz", "person"}, {"Ruiz", "Ana Maria Ruiz", "person"}},
       "Schools are open, [Ruiz] said. Ana Maria Ruiz came. Roads are "
       "shut, [Ruiz] said."},
      {"a new surname is looked for in the last 64 KiB",
       {{"Ruiz", "Ruiz", "person"}},
       "Ana Maria Ruiz came. " + std::string(70000, 'x') +
           ". Schools are open, [Ruiz] said."},
      {"a relative pronoun stands for the name before its comma",
       {{"who", "Ted Cruz", "person"}},
       "Trump outdid Ted Cruz, [who] said he would not."},
      {"a title before the antecedent is left out",
       {{"who", "Samuel Okafor", "person"}},
       "They met Dr. Samuel Okafor, [who] said beds were full."},
      {"no capitalised name before: unknown",
       {{"who", "", "unknown"}},
       "Some of the voters, [who] said they were angry, left."},
  };
  for (const Case& c : cases) {
    SECTION(c.name) { RunCase(c); }
  }
}

TEST_CASE("SpeakerResolver::Remember gives pronouns an antecedent",
          "[attribution][speaker]") {
  const Lexicon lexicon = TestLexicon();
  SpeakerResolver resolver(lexicon, "");
  resolver.Remember(Resolution{"Muhammad Al-Sudani", "person", ""});
  Resolution r = resolver.Resolve("he", 0);
  CHECK(r.speaker == "Muhammad Al-Sudani");
  CHECK(r.kind == "person");
  r = resolver.Resolve("Al-Sudani", 0);
  CHECK(r.speaker == "Muhammad Al-Sudani");
  CHECK(r.kind == "person");
  // Unknown resolutions are not remembered.
  SpeakerResolver other(lexicon, "");
  other.Remember(Resolution{"", "unknown", ""});
  CHECK(other.Resolve("she", 0).kind == "unknown");
}

// WordSet turns words away by their first byte and length before hashing:
// it must still find every word it holds, of any length (31 and more share
// one bit), the empty word and bytes beyond ASCII included, and no other.
TEST_CASE("WordSet's first-byte filter loses no word", "[speaker]") {
  std::mt19937 random(11);
  std::set<std::string> want;
  WordSet set;
  for (int i = 0; i < 3000; ++i) {
    std::string w(random() % 45, 'x');
    for (char& c : w) c = "aZ.\xC3\xA9-q"[random() % 7];
    if (random() % 2) {
      want.insert(w);
      set.insert(w);
    }
    CHECK(set.count(w) == want.count(w));
  }
  for (const std::string& w : want) CHECK(set.count(w) == 1);
}

TEST_CASE("WordSet looks words up by view and survives a move", "[speaker]") {
  WordSet set;
  CHECK(set.empty());
  std::string said = "said";
  set.insert(said);
  set.insert("said");  // once
  set.insert("told");
  CHECK_FALSE(set.empty());
  const std::string text = "she said it";
  CHECK(set.count(std::string_view(text).substr(4, 4)) == 1);
  CHECK(set.count("sai") == 0);
  CHECK(set.count("Said") == 0);
  // A moved set keeps its views valid: its strings stay where they are.
  WordSet moved = std::move(set);
  for (int i = 0; i < 1000; ++i) moved.insert("w" + std::to_string(i));
  CHECK(moved.count("said") == 1);
  CHECK(moved.count("told") == 1);
  // Grown several times: every word still found, no other.
  size_t found = 0;
  for (int i = 0; i < 1000; ++i) found += moved.count("w" + std::to_string(i));
  CHECK(found == 1000);
  CHECK(moved.count("w1000") == 0);
  CHECK(moved.count("w") == 0);
  CHECK(moved.count("") == 0);
  // A fixed list, as the attribution stage declares them.
  const WordSet fixed = {"the", "a", "an", "his", "her"};
  CHECK(fixed.count("an") == 1);
  CHECK(fixed.count("The") == 0);
}

}  // namespace
}  // namespace whosaid::attribution

namespace whosaid::attribution {
namespace {

// Next() lets CutNextClause() skip most bytes: it must stop wherever a
// marker or a join starts (one of one byte at the text's end included, and
// one starting with a comma with a closing mark after the comma).
TEST_CASE("ClaimEnds::Next stops at every place a marker starts",
          "[attribution]") {
  const std::vector<std::string> markers = {", saying", " and said", "; ",
                                            " \xE2\x80\x94", "|"};
  ClaimEnds ends(markers);
  std::vector<std::string_view> all(markers.begin(), markers.end());
  for (std::string_view join : ClaimEnds::kJoins) all.push_back(join);
  const std::string alphabet = ",; a|nds\xE2\x80\x94x\xE2\x80\x9D";
  uint32_t seed = 7;
  size_t passed = 0, places = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int k = 0; k < 12; ++k) {
      seed = seed * 1103515245u + 12345u;
      text += alphabet[(seed >> 16) % alphabet.size()];
    }
    if (round % 3 == 0) text += all[(seed >> 8) % all.size()];
    if (round % 5 == 0) text += ",\xE2\x80\x9D saying";
    std::vector<bool> may(text.size() + 1);
    for (size_t i = 0; i < text.size(); ++i) {
      bool starts = false;
      for (std::string_view m : all) {
        starts |= text.compare(i, m.size(), m) == 0;
        // After a comma, a closing mark, then the rest of the marker.
        starts |= m[0] == ',' && text.compare(i, 4, ",\xE2\x80\x9D") == 0 &&
                  text.compare(i + 4, m.size() - 1, m.substr(1)) == 0;
      }
      may[i] = ends.MayStartAt(text, i);
      INFO(text << " at " << i);
      CHECK((!starts || may[i]));
      passed += may[i];
      ++places;
    }
    // Next() from every place, over the whole text and over part of it:
    // the first place MayStartAt() passes.
    for (size_t i = 0; i <= text.size(); ++i) {
      for (size_t end : {text.size(), (i + text.size()) / 2}) {
        if (end < i) continue;
        size_t want = i;
        while (want < end && !may[want]) ++want;
        CHECK(ends.Next(text, i, end) == want);
      }
    }
  }
  // And it is a filter: most places of such text pass no marker's test.
  CHECK(passed < places / 2);
  CHECK(ends.MayStartAt("x|", 1));
  CHECK_FALSE(ends.MayStartAt("x;", 1));
  CHECK_FALSE(ends.MayStartAt("x,", 1));
  CHECK(ends.MayStartAt("x,\xE2\x80\x9D and", 1));
  CHECK(ends.StartingWith(' ').size() == 2);
  // The joins need no marker of the lexicon.
  CHECK(ClaimEnds().MayStartAt("a, but he", 1));
  CHECK_FALSE(ClaimEnds().MayStartAt("a saying", 1));
}

// `how` explains a resolution for the trace, and is left empty when the
// resolver is told no one will read it (the extractor's runs without
// --trace); the speaker and kind are the same either way.
TEST_CASE("SpeakerResolver explains only when asked",
          "[attribution][speaker]") {
  const Lexicon lexicon = TestLexicon();
  const std::string text = "Dr. Samuel Okafor said so, and he said more.";
  for (bool explain : {true, false}) {
    INFO("explain " << explain);
    SpeakerResolver resolver(lexicon, text, explain);
    const Resolution first = resolver.Resolve("Dr. Samuel Okafor", 0);
    const Resolution second = resolver.Resolve("he", text.find("he said"));
    CHECK(first.speaker == "Samuel Okafor");
    CHECK(second.speaker == "Samuel Okafor");
    CHECK(second.kind == "person");
    if (explain) {
      CHECK(first.how == "title removed");
      CHECK(second.how == "pronoun -> Samuel Okafor");
    } else {
      CHECK(first.how.empty());
      CHECK(second.how.empty());
    }
  }
}

}  // namespace
}  // namespace whosaid::attribution
