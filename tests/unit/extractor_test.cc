// Tests of the whole extractor with the rules of the source tree: the rows a
// text gives, and byte offsets that slice the text to claim, source and cue.
#include "whosaid/extractor.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "corpus_texts.h"
#include "pipeline/extractor_impl.h"

namespace whosaid {
namespace {

const Extractor& TheExtractor() {
  static const std::unique_ptr<Extractor> extractor = [] {
    ExtractorOptions options;
    options.rules_dir = WHOSAID_SOURCE_DIR "/rules";
    auto e = Extractor::Create(options);
    INFO(e.status().message());
    REQUIRE(e.ok());
    return std::move(e).value();
  }();
  return *extractor;
}

std::vector<Claim> Extract(const std::string& text) {
  const Extractor& e = TheExtractor();
  std::unique_ptr<Extractor::Context> context = e.NewContext();
  std::vector<Claim> out;
  e.Extract(text, context.get(), &out);
  return out;
}

struct Row {
  std::string claim;
  std::string source;
  std::string speaker;
  std::string kind;
  std::string cue;
  std::string type;
  std::string rule;
  std::string via;
};

struct Case {
  const char* name;
  std::string text;
  std::vector<Row> rows;
};

std::string Slice(const std::string& text, Span s) {
  REQUIRE(s.valid());
  REQUIRE(s.begin <= s.end);
  REQUIRE(s.end <= text.size());
  return text.substr(s.begin, s.size());
}

// The spans of a claim slice the text to what the claim says.
void CheckOffsets(const std::string& text, const Claim& c) {
  REQUIRE_FALSE(c.claim_spans.empty());
  std::string joined;
  for (size_t i = 0; i < c.claim_spans.size(); ++i) {
    if (i) joined += ' ';
    joined += Slice(text, c.claim_spans[i]);
    if (i) CHECK(c.claim_spans[i - 1].end <= c.claim_spans[i].begin);
  }
  CHECK(joined == c.claim);
  CHECK(c.Range().begin == c.claim_spans.front().begin);
  CHECK(c.Range().end == c.claim_spans.back().end);
  if (c.source.empty()) {
    CHECK_FALSE(c.source_span.valid());
  } else {
    CHECK(Slice(text, c.source_span) == c.source);
  }
  if (c.cue.empty()) {
    CHECK_FALSE(c.cue_span.valid());
  } else {
    CHECK(Slice(text, c.cue_span) == c.cue);
  }
}

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SECTION(c.name) {
      INFO(c.text);
      const std::vector<Claim> got = Extract(c.text);
      REQUIRE(got.size() == c.rows.size());
      for (size_t i = 0; i < got.size(); ++i) {
        INFO("row " << i);
        const Claim& g = got[i];
        const Row& e = c.rows[i];
        CHECK(g.claim == e.claim);
        CHECK(g.source == e.source);
        CHECK(g.speaker == e.speaker);
        CHECK(g.source_kind == e.kind);
        CHECK(g.cue == e.cue);
        CHECK(g.type == e.type);
        CHECK(g.rule == e.rule);
        CHECK(g.via == e.via);
        CheckOffsets(c.text, g);
      }
    }
  }
}

TEST_CASE("Extractor: direct quotes", "[extractor]") {
  const std::vector<Case> cases = {
      {"after: “…,” X said.",
       "“We will rebuild every school,” Mayor Ana Ruiz said.",
       {{"We will rebuild every school", "Mayor Ana Ruiz", "Ana Ruiz", "person",
         "said", "direct", "en.direct.after"}}},
      {"after, non-ASCII name",
       "“We will rebuild every school,” Transport Minister Zoë Ørsted said.",
       {{"We will rebuild every school", "Transport Minister Zoë Ørsted",
         "Zoë Ørsted", "person", "said", "direct", "en.direct.after"}}},
      {"after, the quote's own full stop kept",
       "“We will stay.” she said.",
       {{"We will stay.", "she", "", "unknown", "said", "direct",
         "en.direct.after"}}},
      {"after, then a pronoun in the next sentence",
       "“We will rebuild,” Dr. Samuel Okafor said.\n"
       "“It will take years,” he said.",
       {{"We will rebuild", "Dr. Samuel Okafor", "Samuel Okafor", "person",
         "said", "direct", "en.direct.after"},
        {"It will take years", "he", "Samuel Okafor", "person", "said",
         "direct", "en.direct.after"}}},
      {"inverted: “…,” said X.",
       "“Prices will fall by spring,” said Nguyễn Thị Hương, an economist in "
       "Hanoi.",
       {{"Prices will fall by spring",
         "Nguyễn Thị Hương, an economist in Hanoi", "Nguyễn Thị Hương",
         "person", "said", "direct", "en.direct.after_inverted"}}},
      {"inverted, German quotes and a short quote set off by a comma",
       "„Wir schaffen das“, said Chancellor Angela Merkel.",
       {{"Wir schaffen das", "Chancellor Angela Merkel", "Angela Merkel",
         "person", "said", "direct", "en.direct.after_inverted"}}},
      {"before: X told reporters: “…”",
       "The minister told reporters: “There will be no new taxes this year.”",
       {{"There will be no new taxes this year.", "The minister",
         "The minister", "anonymous", "told reporters", "direct",
         "en.direct.before"}}},
      {"before, guillemets",
       "Agnieszka Wolna said: «The river has never been this low in my "
       "lifetime.»",
       {{"The river has never been this low in my lifetime.", "Agnieszka Wolna",
         "Agnieszka Wolna", "person", "said", "direct", "en.direct.before"}}},
      {"interrupted: one row per part, same source",
       "“We are not leaving,” Mayor Ana Ruiz said, “not until the last family "
       "is safe.”",
       {{"We are not leaving", "Mayor Ana Ruiz", "Ana Ruiz", "person", "said",
         "direct", "en.direct.interrupted"},
        {"not until the last family is safe.", "Mayor Ana Ruiz", "Ana Ruiz",
         "person", "said", "direct", "en.direct.interrupted"}}},
      {"interrupted, straight quotes and a pronoun",
       "\"The numbers are good,\" he said, \"but we are not done.\"",
       {{"The numbers are good", "he", "", "unknown", "said", "direct",
         "en.direct.interrupted"},
        {"but we are not done.", "he", "", "unknown", "said", "direct",
         "en.direct.interrupted"}}},
  };
  RunCases(cases);
}

TEST_CASE("Extractor: continued and multi-paragraph quotes", "[extractor]") {
  const std::vector<Case> cases = {
      {"continuation in the next sentence",
       "“We will stay,” Ana Ruiz said. “It will take years.”",
       {{"We will stay", "Ana Ruiz", "Ana Ruiz", "person", "said", "direct",
         "en.direct.after"},
        {"It will take years.", "Ana Ruiz", "Ana Ruiz", "person", "", "direct",
         "continuation"}}},
      {"continuation in the next paragraph",
       "“We will rebuild every school,” Mayor Ana Ruiz said.\n\n"
       "“It will take years.”",
       {{"We will rebuild every school", "Mayor Ana Ruiz", "Ana Ruiz", "person",
         "said", "direct", "en.direct.after"},
        {"It will take years.", "Mayor Ana Ruiz", "Ana Ruiz", "person", "",
         "direct", "continuation"}}},
      {"no continuation two paragraphs later",
       "“We will rebuild every school,” Mayor Ana Ruiz said.\n\n"
       "The council met on Monday.\n\n"
       "“It will take years.”",
       {{"We will rebuild every school", "Mayor Ana Ruiz", "Ana Ruiz", "person",
         "said", "direct", "en.direct.after"}}},
      {"multi-paragraph quote, attribution first",
       "Mayor Ana Ruiz said: “We will rebuild every school.\n\n"
       "“It will take years, but we will do it.”",
       {{"We will rebuild every school. It will take years, but we will do "
         "it.",
         "Mayor Ana Ruiz", "Ana Ruiz", "person", "said", "direct",
         "en.direct.before"}}},
      {"multi-paragraph quote, attribution last",
       "“We will rebuild every school.\n\n"
       "“It will take years,” Mayor Ana Ruiz said.",
       {{"We will rebuild every school. It will take years", "Mayor Ana Ruiz",
         "Ana Ruiz", "person", "said", "direct", "en.direct.after"}}},
      {"multi-paragraph quote over three paragraphs",
       "Mayor Ana Ruiz said: “We will rebuild every school.\n\n"
       "“The work starts in May.\n\n"
       "“It will take years.”",
       {{"We will rebuild every school. The work starts in May. It will take "
         "years.",
         "Mayor Ana Ruiz", "Ana Ruiz", "person", "said", "direct",
         "en.direct.before"}}},
  };
  RunCases(cases);
}

TEST_CASE("Extractor: scare quotes, titles and quoted names give no speaker",
          "[extractor]") {
  const std::vector<Case> cases = {
      {"scare quote", "The so-called “green corridor” opened on Monday.", {}},
      {"film title", "She watched the film “Night Train” twice.", {}},
      {"a fragment before a source and verb",
       "The so-called “green corridor” officials said nothing about.",
       {}},
      {"a nickname before a name and verb", "“Shorty” Smith said nothing.", {}},
      {"apostrophes only", "Iraq’s ’90s rock ’n’ roll scene didn't last.", {}},
      {"no quotes, no attribution", "The talks will resume on Monday.", {}},
      {"empty text", "", {}},
      {"a name inside the quote is not the speaker (pronoun)",
       "“Ana Ruiz said we would be safe,” he said.",
       {{"Ana Ruiz said we would be safe", "he", "", "unknown", "said",
         "direct", "en.direct.after"}}},
      {"a name inside the quote is not the speaker (name)",
       "“Ana Ruiz told me we would be safe,” Pedro Gomez said.",
       {{"Ana Ruiz told me we would be safe", "Pedro Gomez", "Pedro Gomez",
         "person", "said", "direct", "en.direct.after"}}},
      {"a name inside the quote is not the speaker (before)",
       "He said: “Ana Ruiz told reporters the plan was dead.”",
       {{"Ana Ruiz told reporters the plan was dead.", "He", "", "unknown",
         "said", "direct", "en.direct.before"}}},
      {"a quoted name does not become a pronoun's antecedent",
       "“Ana Ruiz will decide,” the spokesman said.\n\n"
       "“We will wait,” she said.",
       {{"Ana Ruiz will decide", "the spokesman", "the spokesman", "anonymous",
         "said", "direct", "en.direct.after"},
        {"We will wait", "she", "", "unknown", "said", "direct",
         "en.direct.after"}}},
  };
  RunCases(cases);
}

TEST_CASE("Extractor: the spec's reported speech rows", "[extractor]") {
  const std::vector<Case> cases = {
      {"indirect with a second-hand source",
       "Baghdad and Washington have agreed to set up a committee, Iraq’s "
       "Foreign Ministry said, according to Reuters.",
       {{"Baghdad and Washington have agreed to set up a committee",
         "Iraq’s Foreign Ministry", "Iraq’s Foreign Ministry", "organization",
         "said", "indirect", "en.indirect.source_last", "Reuters"}}},
      {"indirect, anonymous source first",
       "US and Iraqi officials say the process is expected to take many "
       "months.",
       {{"the process is expected to take many months",
         "US and Iraqi officials", "US and Iraqi officials", "anonymous", "say",
         "indirect", "en.indirect.source_first"}}},
      {"mixed: indirect with a quoted fragment",
       "Sen. Rosa Delgado said inflation was “moving in the right "
       "direction”.",
       {{"inflation was “moving in the right direction”", "Sen. Rosa Delgado",
         "Rosa Delgado", "person", "said", "mixed",
         "en.indirect.source_first"}}},
  };
  RunCases(cases);
}

TEST_CASE("Extractor: where a reported claim begins and ends", "[extractor]") {
  const std::vector<Case> cases = {
      {"a participle after the claim starts new narration",
       "Cuban complained Cruz is too principled, suggesting the senator sees "
       "issues in black and white.",
       {{"Cruz is too principled", "Cuban", "Cuban", "person", "complained",
         "indirect", "en.indirect.source_first"},
        {"the senator sees issues in black and white", "Cuban", "Cuban",
         "person", "suggesting", "indirect", "en.indirect.participle"}}},
      {"a second verb of the source ends the claim",
       "The minister announced new payments for every household and said the "
       "army would stay.",
       {{"new payments for every household", "The minister", "The minister",
         "anonymous", "announced", "indirect", "en.indirect.source_first"},
        {"the army would stay", "The minister", "The minister", "anonymous",
         "said", "indirect", "en.indirect.coordinated"}}},
      {"a non-restrictive relative clause is not the claim",
       "Murphy said he supports the final bill, which includes new "
       "provisions.",
       {{"he supports the final bill", "Murphy", "Murphy", "person", "said",
         "indirect", "en.indirect.source_first"}}},
      {"'in a statement' belongs to the cue, not the claim",
       "The police said in a statement that officers would give warnings.",
       {{"officers would give warnings", "The police", "police", "organization",
         "said", "indirect", "en.indirect.source_first"}}},
      {"a claim before 'according to' is kept whole",
       "He raised $5.7 million, and he had $5 million in cash at the start of "
       "March, according to his campaign finance documents.",
       {{"He raised $5.7 million, and he had $5 million in cash at the start "
         "of March",
         "his campaign finance documents", "his campaign finance documents",
         "organization", "according to", "according_to",
         "en.according_to.last"}}},
      {"a noun that is also a reporting verb can be a source",
       "Clinton attended the meeting alone, according to a pool report.",
       {{"Clinton attended the meeting alone", "a pool report", "a pool report",
         "anonymous", "according to", "according_to", "en.according_to.last"}}},
      {"an apposition is part of the source, not of the speaker",
       "Julia Marsh, the chain’s chief financial officer, said the closures "
       "would save money.",
       {{"the closures would save money",
         "Julia Marsh, the chain’s chief financial officer", "Julia Marsh",
         "person", "said", "indirect", "en.indirect.source_first"}}},
      {"a name in apposition to a role is the speaker",
       "His campaign manager, Jeff Weaver, said the senator would stay in "
       "the race.",
       {{"the senator would stay in the race",
         "His campaign manager, Jeff Weaver", "Jeff Weaver", "person", "said",
         "indirect", "en.indirect.source_first"}}},
      {"an age and an apposition",
       "Sandra Kowalczyk, 58, a school cook from Whitehaven, said she had "
       "given up.",
       {{"she had given up",
         "Sandra Kowalczyk, 58, a school cook from Whitehaven",
         "Sandra Kowalczyk", "person", "said", "indirect",
         "en.indirect.source_first"}}},
      {"an apposition after an inverted source, without the participle",
       "“Prices will fall,” said Marta Lindholm, a retail analyst at Cardew "
       "Securities, recalling the last slump.",
       {{"Prices will fall",
         "Marta Lindholm, a retail analyst at Cardew Securities",
         "Marta Lindholm", "person", "said", "direct",
         "en.direct.after_inverted"},
        {"the last slump",
         "Marta Lindholm, a retail analyst at Cardew Securities",
         "Marta Lindholm", "person", "recalling", "indirect",
         "en.indirect.participle_after_inverted"}}},
      {"an inverted source's relative clause holding a reporting verb",
       "“We are not banning cars,” said Mette Holm, the councillor who "
       "proposed the plan.",
       {{"We are not banning cars",
         "Mette Holm, the councillor who proposed the plan", "Mette Holm",
         "person", "said", "direct", "en.direct.after_inverted"}}},
      {"an aside between dashes is part of the source, not the speaker",
       "Even so, some economists - including a minority of the committee - "
       "warn that the bank could undermine growth.",
       {{"the bank could undermine growth",
         "some economists - including a minority of the committee",
         "some economists", "anonymous", "warn", "indirect",
         "en.indirect.source_first"}}},
      {"an inserted attribution is no apposition of a source",
       "Rather, he said, continued struggles will coalesce support around "
       "stopping him.",
       {{"Rather continued struggles will coalesce support around stopping "
         "him",
         "he", "", "unknown", "said", "indirect", "en.indirect.inserted"}}},
      {"'those who said' reports the words of 'who'",
       "Among those who said they cared most about honesty, most backed the "
       "senator.",
       {{"they cared most about honesty", "who", "", "unknown", "said",
         "indirect", "en.indirect.who"}}},
      {"a two-word object is a claim, a time phrase is not",
       "The ministry denied the reports. The agency said last month.",
       {{"the reports", "The ministry", "ministry", "organization", "denied",
         "indirect", "en.indirect.source_first"}}},
      {"a coordinated clause with a pronoun subject ends the claim",
       "Rubio said the real extremist is Clinton, and he railed against the "
       "deal.",
       {{"the real extremist is Clinton", "Rubio", "Rubio", "person", "said",
         "indirect", "en.indirect.source_first"}}},
      {"a comma inside a closing quotation mark still ends the claim",
       "Trump insisted that he has “expanded the party,” claiming that he is "
       "responsible for the turnout.",
       {{"he has “expanded the party,”", "Trump", "Trump", "person", "insisted",
         "mixed", "en.indirect.source_first"},
        {"he is responsible for the turnout", "Trump", "Trump", "person",
         "claiming", "indirect", "en.indirect.participle"}}},
      {"a clause after 'when' has its own source",
       "The crowd booed when she said the attack was an attack on Obama.",
       {{"the attack was an attack on Obama", "she", "", "unknown", "said",
         "indirect", "en.indirect.source_first"}}},
  };
  RunCases(cases);
}

TEST_CASE("Extractor: byte offsets slice the text", "[extractor]") {
  // “ and ” are 3 bytes each; "Zoë" is 4 bytes.
  const std::string text =
      "Zo\xC3\xAB wrote.\n\n“We will rebuild every school,” Mayor Ana Ruiz "
      "said.";
  const std::vector<Claim> got = Extract(text);
  REQUIRE(got.size() == 1);
  const Claim& c = got[0];
  // The paragraph starts at 13; the content at 16.
  REQUIRE(c.claim_spans.size() == 1);
  CHECK(c.claim_spans[0] == Span{16, 44});
  CHECK(c.source_span == Span{49, 63});
  CHECK(c.cue_span == Span{64, 68});
  CHECK(text.substr(16, 28) == "We will rebuild every school");
  CHECK(text.substr(49, 14) == "Mayor Ana Ruiz");
  CHECK(text.substr(64, 4) == "said");
  CHECK(c.sentence == 1);
  CheckOffsets(text, c);
}

TEST_CASE("Extractor: a multi-paragraph claim has one span per paragraph",
          "[extractor]") {
  const std::string text =
      "Mayor Ana Ruiz said: “We will rebuild every school.\n\n"
      "“It will take years, but we will do it.”";
  const std::vector<Claim> got = Extract(text);
  REQUIRE(got.size() == 1);
  const Claim& c = got[0];
  REQUIRE(c.claim_spans.size() == 2);
  CHECK(Slice(text, c.claim_spans[0]) == "We will rebuild every school.");
  CHECK(Slice(text, c.claim_spans[1]) ==
        "It will take years, but we will do it.");
  CHECK(c.Range() == Span{c.claim_spans[0].begin, c.claim_spans[1].end});
}

// Known bugs: see the report of the test author.

TEST_CASE("Extractor: a quoted question before its attribution",
          "[extractor]") {
  // The placeholder ends with "." whatever the quote's punctuation, so ICU
  // keeps "she asked" in the quote's sentence.
  RunCases({
      {"“…?” she asked.",
       "“Will you stay?” she asked.",
       {{"Will you stay?", "she", "", "unknown", "asked", "direct",
         "en.direct.after"}}},
  });
}

TEST_CASE("Extractor: a quoted exclamation before an inverted attribution",
          "[extractor]") {
  RunCases({
      {"“…!” shouted X.",
       "“Stop the war!” shouted Mayor Ana Ruiz.",
       {{"Stop the war!", "Mayor Ana Ruiz", "Ana Ruiz", "person", "shouted",
         "direct", "en.direct.after_inverted"}}},
  });
}

TEST_CASE("Extractor: the sentence index of a cue after a masked quote",
          "[extractor]") {
  // A quote opening with a capital gets a capital placeholder, so ICU
  // breaks before it as it would on the original text.
  const std::string text =
      "“We will stay,” said Ana Ruiz. “It will take years,” she added.";
  const std::vector<Claim> got = Extract(text);
  REQUIRE(got.size() == 2);
  CHECK(got[0].sentence == 0);
  CHECK(got[1].cue == "added");
  CHECK(got[1].sentence == 1);
}

}  // namespace
}  // namespace whosaid

namespace whosaid {
namespace {

// Every field of a row, to compare claims whole.
std::string Describe(const Claim& c) {
  std::string s = c.claim + "|" + c.source + "|" + c.speaker + "|" +
                  c.source_kind + "|" + c.cue + "|" + c.type + "|" + c.rule +
                  "|" + c.via;
  for (Span p : c.claim_spans) {
    s += "|" + std::to_string(p.begin) + "-" + std::to_string(p.end);
  }
  s += "|" + std::to_string(c.source_span.begin) + "-" +
       std::to_string(c.source_span.end) + "|" +
       std::to_string(c.cue_span.begin) + "-" + std::to_string(c.cue_span.end);
  s += "|" + std::to_string(c.sentence);
  return s;
}

TEST_CASE("Extractor: a batch gives each document's claims", "[extractor]") {
  // The corpus articles, an empty text and a text without claims, in one
  // batch and one by one; then again in reverse order and as a smaller
  // batch, into the same `batch`, so that a batch reuses its scratch and
  // claims are made from the emptied claims of other documents.
  std::vector<std::string> texts = {"", "No one spoke.\n\nRain fell."};
  AppendCorpusTexts(&texts);
  REQUIRE(texts.size() > 10);
  const Extractor& e = TheExtractor();
  auto context = e.NewContext();
  std::vector<std::vector<std::string>> one_by_one;
  size_t claims = 0;
  for (const std::string& t : texts) {
    std::vector<Claim> out;
    e.Extract(t, context.get(), &out);
    one_by_one.emplace_back();
    for (const Claim& c : out) one_by_one.back().push_back(Describe(c));
    claims += out.size();
  }
  REQUIRE(claims > 50);
  std::vector<size_t> order(texts.size());
  for (size_t d = 0; d < order.size(); ++d) order[d] = d;
  std::vector<std::vector<Claim>> batch;
  for (int round = 0; round < 3; ++round) {
    if (round == 1) std::reverse(order.begin(), order.end());
    if (round == 2) order.resize(3);  // a smaller batch after a larger one
    std::vector<std::string_view> views;
    for (size_t d : order) views.push_back(texts[d]);
    e.ExtractMany(views, context.get(), &batch);
    REQUIRE(batch.size() == views.size());
    for (size_t i = 0; i < views.size(); ++i) {
      INFO("document " << order[i] << ", round " << round);
      std::vector<std::string> got;
      for (const Claim& c : batch[i]) got.push_back(Describe(c));
      CHECK(got == one_by_one[order[i]]);
    }
  }
}

TEST_CASE("Extractor: rules compiled afresh give the same claims",
          "[extractor]") {
  // A budget the process is always over: the rules are compiled afresh
  // after every batch, while two workers extract with them; every claim
  // must be the same as without a budget (a rule set freed under a batch
  // still using it shows here, and under the sanitizers).
  std::vector<std::string> texts;
  AppendCorpusTexts(&texts);
  REQUIRE(texts.size() > 10);
  ExtractorOptions options;
  options.rules_dir = WHOSAID_SOURCE_DIR "/rules";
  options.max_memory = 0;
  std::vector<RuleDiagnostic> diagnostics;
  auto unbounded = pipeline::ExtractorImpl::Create(options, &diagnostics);
  REQUIRE(unbounded.ok());
  options.max_memory = 1;
  auto bounded = pipeline::ExtractorImpl::Create(options, &diagnostics);
  REQUIRE(bounded.ok());
  (*bounded)->set_min_bytes_between_recompiles(1);

  auto describe = [&](const Extractor& e, size_t first) {
    // Batches of three documents, every other one from `first`.
    auto context = e.NewContext();
    std::vector<std::string> got;
    for (size_t b = first; b * 3 < texts.size(); b += 2) {
      std::vector<std::string_view> views;
      for (size_t d = b * 3; d < texts.size() && d < b * 3 + 3; ++d) {
        views.push_back(texts[d]);
      }
      std::vector<std::vector<Claim>> out;
      e.ExtractMany(views, context.get(), &out);
      for (const auto& claims : out) {
        for (const Claim& c : claims) got.push_back(Describe(c));
      }
    }
    return got;
  };
  std::vector<std::string> want[2], got[2];
  for (size_t first : {0, 1}) want[first] = describe(**unbounded, first);
  REQUIRE(want[0].size() + want[1].size() > 50);
  std::thread second([&] { got[1] = describe(**bounded, 1); });
  got[0] = describe(**bounded, 0);
  second.join();
  CHECK(got[0] == want[0]);
  CHECK(got[1] == want[1]);
  // One recompilation per batch but the last, whichever worker ran it.
  CHECK((*bounded)->recompiles() >= texts.size() / 3 - 2);
  CHECK((*unbounded)->recompiles() == 0);

  // A caller holding the rules across its own extraction does not stop the
  // swap (it waits a moment for them, then compiles anyway).
  std::shared_ptr<const rules::RuleSet> held = (*bounded)->rules();
  const size_t before = (*bounded)->recompiles();
  CHECK(describe(**bounded, 0) == want[0]);
  CHECK((*bounded)->recompiles() > before);
  CHECK((*bounded)->rules() != held);
}

TEST_CASE("Extractor: the memory budget grows with each worker beyond two",
          "[extractor]") {
  // Each worker holds a batch and scratch of its own: a budget that fits
  // two threads must not make eight recompile the same states forever.
  ExtractorOptions options;
  options.rules_dir = WHOSAID_SOURCE_DIR "/rules";
  options.max_memory = size_t{50} << 20;
  std::vector<RuleDiagnostic> diagnostics;
  auto e = pipeline::ExtractorImpl::Create(options, &diagnostics);
  REQUIRE(e.ok());
  std::vector<std::unique_ptr<Extractor::Context>> contexts;
  for (int n = 1; n <= 5; ++n) {
    contexts.push_back((*e)->NewContext());
    INFO(n << " contexts");
    CHECK((*e)->budget() ==
          options.max_memory +
              kMemoryPerExtraWorker * static_cast<size_t>(std::max(0, n - 2)));
  }
  contexts.clear();
  CHECK((*e)->budget() == options.max_memory);
}

}  // namespace
}  // namespace whosaid
