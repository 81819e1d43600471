#include "whosaid/eval.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "eval/tokens.h"

namespace whosaid {
namespace {

// Code points in text[0, byte) (written here, independent of the library).
size_t CpAt(const std::string& text, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Byte offset of every code point index 0..n (inclusive of the end).
std::vector<size_t> CpToByte(const std::string& text) {
  std::vector<size_t> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(text.size());
  return out;
}

Span ByteSpan(const std::string& text, const std::string& part) {
  const size_t at = text.find(part);
  REQUIRE(at != std::string::npos);
  return Span{at, at + part.size()};
}

CpSpan CodePointSpan(const std::string& text, const std::string& part) {
  const Span s = ByteSpan(text, part);
  return CpSpan{CpAt(text, s.begin), CpAt(text, s.end)};
}

// A prediction whose claim and source are the first occurrences in `text`.
Claim Pred(const std::string& text, const std::string& claim,
           const std::string& source, const std::string& rule = "r") {
  Claim c;
  c.claim = claim;
  c.claim_spans = {ByteSpan(text, claim)};
  if (!source.empty()) {
    c.source = source;
    c.source_span = ByteSpan(text, source);
  }
  c.rule = rule;
  return c;
}

GoldClaim Gold(const std::string& text, const std::string& claim,
               const std::string& source, bool speech = true) {
  GoldClaim g;
  g.claim = claim;
  g.claim_spans = {CodePointSpan(text, claim)};
  if (!source.empty()) {
    g.has_source = true;
    g.source = source;
    g.source_span = CodePointSpan(text, source);
  }
  g.type = "indirect";
  g.speech = speech;
  return g;
}

// The gold claims as the extractor would predict them: byte spans, speaker
// from the first alternative.
std::vector<Claim> AsPredictions(const GoldDocument& doc) {
  const std::vector<size_t> byte = CpToByte(doc.text);
  std::vector<Claim> out;
  for (const GoldClaim& g : doc.claims) {
    Claim c;
    c.claim = g.claim;
    for (const CpSpan& s : g.claim_spans) {
      c.claim_spans.push_back(Span{byte[s.begin], byte[s.end]});
    }
    if (g.has_source) {
      c.source = g.source;
      c.source_span = Span{byte[g.source_span.begin], byte[g.source_span.end]};
    }
    if (!g.speaker.empty()) c.speaker = g.speaker.front();
    c.type = g.type;
    c.rule = "gold";
    out.push_back(c);
  }
  return out;
}

const std::string kText =
    "Smith said taxes will rise next year. The ministry said the budget is "
    "balanced. Jones argued that the plan would fail badly.";

GoldDocument ThreeClaims() {
  GoldDocument doc;
  doc.id = "doc1";
  doc.text = kText;
  doc.claims = {Gold(kText, "taxes will rise next year", "Smith"),
                Gold(kText, "the budget is balanced", "The ministry"),
                Gold(kText, "the plan would fail badly", "Jones")};
  return doc;
}

void CheckAll(const EvalCounts& c, double value) {
  CHECK(c.precision() == Approx(value));
  CHECK(c.recall() == Approx(value));
  CHECK(c.f1() == Approx(value));
  CHECK(c.speaker_accuracy() == Approx(value));
  CHECK(c.wsw_precision() == Approx(value));
  CHECK(c.wsw_recall() == Approx(value));
  CHECK(c.wsw_f1() == Approx(value));
}

TEST_CASE("TokenF1 follows the spec's tokens", "[eval]") {
  struct Case {
    const char* a;
    const char* b;
    double f1;
  };
  const Case cases[] = {
      {"The plan will fail.", "the plan will fail", 1.0},
      {"taxes rise", "budget balanced", 0.0},
      // 2 common of 3 and 4: P 2/3, R 1/2, F1 = (2/3) / (7/6) = 4/7.
      {"the cat sat", "the cat ran away", 4.0 / 7},
      // Multisets: common = min(2,1) + min(1,2) = 2 of 3 and 3.
      {"the the cat", "the cat cat", 2.0 / 3},
      // Full case folding: ß -> ss.
      {"STRASSE", "straße", 1.0},
      // NFC: precomposed é against e + U+0301.
      {"caf\xC3\xA9", "cafe\xCC\x81", 1.0},
      // ’ -> ' before dropping 's: "Iraq’s" is the token "iraq".
      {"Iraq\xE2\x80\x99s Foreign Ministry", "Iraq's foreign ministry", 1.0},
      {"Iraq\xE2\x80\x99s", "Iraq", 1.0},
      {"Iraq's, said", "iraq said", 1.0},
      // 's followed by a word character stays: [it, sy] against [it].
      {"it'sy", "it sy", 1.0},
      {"it'sy", "it", 2.0 / 3},
      // Python's \w: '_' joins, digits of every script count.
      {"a_b", "a b", 0.0},
      {"2,500 troops", "2 500 troops", 1.0},
      {"\xD9\xA1\xD9\xA2", "\xD9\xA1\xD9\xA2", 1.0},  // Arabic-Indic 12
      // Cyrillic, casefolded: [борис, сказал] against [борис].
      {"\xD0\x91\xD0\xBE\xD1\x80\xD0\xB8\xD1\x81 "
       "\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB",
       "\xD0\xB1\xD0\xBE\xD1\x80\xD0\xB8\xD1\x81", 2.0 / 3},
      // Combining marks are not \w (as in Python): नमस्ते is [नमस, त].
      {"\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5"
       "\x87",
       "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8 \xE0\xA4\xA4", 1.0},
      {"", "anything", 0.0},
      {"...", "...", 0.0},
  };
  for (const Case& c : cases) {
    INFO(c.a << " | " << c.b);
    CHECK(TokenF1(c.a, c.b) == Approx(c.f1));
    CHECK(TokenF1(c.b, c.a) == Approx(c.f1));
  }
}

TEST_CASE("Tokenize splits like Python's \\w+", "[eval]") {
  CHECK(eval::Tokenize("Al-Sudani\xE2\x80\x99s “plan”, 2024!") ==
        std::vector<std::string>{"al", "sudani", "plan", "2024"});
  CHECK(eval::Tokenize("").empty());
}

TEST_CASE("SpeakerMatches", "[eval]") {
  struct Case {
    const char* predicted;
    const char* alternative;
    bool match;
  };
  const Case cases[] = {
      {"Iraqi Prime Minister Muhammad Al-Sudani", "Muhammad Al-Sudani", true},
      {"Muhammad Al-Sudani", "Muhammad Al-Sudani", true},
      {"Muhammad Al-Sudani", "Iraqi Prime Minister Muhammad Al-Sudani", false},
      {"Al-Sudani", "Muhammad Al-Sudani", false},
      {"Al-Sudani Muhammad", "Muhammad Al-Sudani", false},    // order
      {"Muhammad X Al-Sudani", "Muhammad Al-Sudani", false},  // contiguous
      // Articles are left out on both sides.
      {"the ministry", "ministry", true},
      {"ministry", "the ministry", true},
      {"The Ministry", "a ministry", true},
      {"Muhammad the Al-Sudani", "Muhammad Al-Sudani", true},
      {"Iraq\xE2\x80\x99s Foreign Ministry", "Iraq's foreign ministry", true},
      // At most 5 tokens more than the alternative.
      {"one two three four five Sudani", "Sudani", true},
      {"one two three four five six Sudani", "Sudani", false},
      {"the the the one two three four five Sudani", "the Sudani", true},
      // An alternative without tokens never matches.
      {"the", "the", false},
      {"", "", false},
      {"he", "", false},
      {"", "Smith", false},
  };
  for (const Case& c : cases) {
    INFO(c.predicted << " | " << c.alternative);
    CHECK(SpeakerMatches(c.predicted, c.alternative) == c.match);
  }
}

TEST_CASE("CodePointIndex maps byte offsets", "[eval]") {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";  // aé€😀z
  const eval::CodePointIndex index(text);
  const std::pair<size_t, size_t> cases[] = {
      {0, 0},  {1, 1},  {3, 2}, {6, 3},
      {10, 4}, {11, 5}, {2, 2},  // inside é: the character after it
      {99, 5},                   // past the end
  };
  for (const auto& [byte, cp] : cases) {
    INFO("byte " << byte);
    CHECK(index(byte) == cp);
  }
  CHECK(index.size() == 5);
  CHECK(eval::CountCodePoints(text) == 5);
}

TEST_CASE("Evaluator: a perfect prediction scores 1", "[eval]") {
  const GoldDocument doc = ThreeClaims();
  Evaluator ev(EvalOptions{});
  ev.Add(doc, AsPredictions(doc));
  const EvalCounts& c = ev.counts();
  CHECK(c.documents == 1);
  CHECK(c.gold == 3);
  CHECK(c.predicted == 3);
  CHECK(c.matched == 3);
  CHECK(c.speaker_correct == 3);
  CheckAll(c, 1.0);
}

TEST_CASE("Evaluator: an empty prediction scores 0", "[eval]") {
  Evaluator ev(EvalOptions{});
  ev.Add(ThreeClaims(), {});
  const EvalCounts& c = ev.counts();
  CHECK(c.gold == 3);
  CHECK(c.predicted == 0);
  CHECK(c.matched == 0);
  CheckAll(c, 0.0);
  CHECK(ev.Report() ==
        "documents 1  gold 3  predicted 0  matched 0\n"
        "claim      P 0.000  R 0.000  F1 0.000\n"
        "speaker    accuracy 0.000 (0/0)\n"
        "source     accuracy 0.000 (0/0)  predicted vs gold source\n"
        "who-said-what  P 0.000  R 0.000  F1 0.000\n");
}

// 3 gold, 3 predicted: one exact with the right speaker, one partial
// (token F1 0.8) with the wrong speaker, one that overlaps the first gold
// claim (F1 0.75) but loses it to the exact match. matched 2, speaker 1:
// P = R = F1 = 2/3, speaker accuracy 1/2, who-said-what P = R = F1 = 1/3.
std::vector<Claim> PartialPrediction() {
  std::vector<Claim> preds = {
      Pred(kText, "taxes will rise next year", "Smith", "en.a"),
      Pred(kText, "the budget is balanced", "Jones", "en.a"),
      Pred(kText, "taxes will rise", "Smith", "en.b"),
  };
  preds[1].claim = "the budget is balanced, he said";
  return preds;
}

TEST_CASE("Evaluator: source accuracy compares sources, not speakers",
          "[eval]") {
  // Gold without a resolved speaker (PolNeAR): its alternative is the
  // source as written. A resolved speaker misses it; the source matches.
  const std::string text =
      "Taxes will rise, she said. Rates will fall, he said.";
  GoldDocument gold;
  gold.id = "d";
  gold.text = text;
  gold.claims = {Gold(text, "Taxes will rise", "she"),
                 Gold(text, "Rates will fall", "he")};
  std::vector<Claim> preds = {Pred(text, "Taxes will rise", "she"),
                              Pred(text, "Rates will fall", "he")};
  preds[0].speaker = "Hillary Clinton";  // resolved: not "she"
  preds[1].source.clear();               // no source found: wrong both ways
  preds[1].source_span = Span{};
  Evaluator ev(EvalOptions{});
  ev.Add(gold, preds);
  CHECK(ev.counts().matched == 2);
  CHECK(ev.counts().speaker_correct == 0);
  CHECK(ev.counts().source_correct == 1);
  CHECK(ev.counts().source_accuracy() == Approx(0.5));
}

TEST_CASE("Evaluator: a partial prediction", "[eval]") {
  EvalOptions options;
  options.show = true;
  options.per_rule = true;
  Evaluator ev(options);
  ev.Add(ThreeClaims(), PartialPrediction());
  const EvalCounts& c = ev.counts();
  CHECK(c.gold == 3);
  CHECK(c.predicted == 3);
  CHECK(c.matched == 2);
  CHECK(c.speaker_correct == 1);
  CHECK(c.precision() == Approx(2.0 / 3));
  CHECK(c.recall() == Approx(2.0 / 3));
  CHECK(c.f1() == Approx(2.0 / 3));
  CHECK(c.speaker_accuracy() == Approx(0.5));
  CHECK(c.wsw_precision() == Approx(1.0 / 3));
  CHECK(c.wsw_recall() == Approx(1.0 / 3));
  CHECK(c.wsw_f1() == Approx(1.0 / 3));

  const auto& rules = ev.per_rule();
  REQUIRE(rules.size() == 2);
  CHECK(rules.at("en.a") == std::make_pair<size_t, size_t>(2, 2));
  CHECK(rules.at("en.b") == std::make_pair<size_t, size_t>(1, 0));

  CHECK(ev.Report() ==
        "MISS  doc1  [indirect] source=“Jones” claim=“the plan would fail "
        "badly”\n"
        "FALSE doc1  [en.b] source=“Smith” claim=“taxes will rise”\n"
        "SPEAKER doc1  predicted=“Jones” gold=“The ministry” claim=“the "
        "budget is balanced”\n"
        "\n"
        "documents 1  gold 3  predicted 3  matched 2\n"
        "claim      P 0.667  R 0.667  F1 0.667\n"
        "speaker    accuracy 0.500 (1/2)\n"
        "source     accuracy 0.500 (1/2)  predicted vs gold source\n"
        "who-said-what  P 0.333  R 0.333  F1 0.333\n"
        "\n"
        "rule  predicted  matched  precision\n"
        "en.a          2        2      1.000\n"
        "en.b          1        0      0.000\n");
}

TEST_CASE("Evaluator: greedy matching is by score, ties in order", "[eval]") {
  const std::string text = "alpha beta gamma delta. alpha beta gamma delta.";
  GoldDocument doc;
  doc.id = "d";
  doc.text = text;
  GoldClaim g;
  g.claim = "alpha beta gamma delta";
  g.claim_spans = {CpSpan{0, 22}};
  g.has_source = true;
  g.source = "X";
  doc.claims = {g, g};
  doc.claims[1].source = "Y";

  SECTION("equal scores pair gold and predictions in order") {
    Claim p0 = Pred(text, "alpha beta gamma delta", "");
    p0.source = "X";
    Claim p1 = p0;
    p1.source = "Y";
    Evaluator ev(EvalOptions{});
    ev.Add(doc, {p0, p1});
    CHECK(ev.counts().matched == 2);
    CHECK(ev.counts().speaker_correct == 2);
  }
  SECTION("the better-scoring prediction wins a contested gold claim") {
    doc.claims.pop_back();
    Claim weaker = Pred(text, "alpha beta gamma delta", "");
    weaker.claim = "alpha beta gamma delta epsilon";  // F1 8/9
    weaker.source = "Y";
    Claim exact = Pred(text, "alpha beta gamma delta", "");
    exact.source = "X";
    Evaluator ev(EvalOptions{});
    ev.Add(doc, {weaker, exact});
    CHECK(ev.counts().predicted == 2);
    CHECK(ev.counts().matched == 1);
    CHECK(ev.counts().speaker_correct == 1);  // the exact one, source X
  }
}

TEST_CASE("Evaluator: gold without source wants no predicted source",
          "[eval]") {
  GoldDocument doc;
  doc.id = "d";
  doc.text = kText;
  doc.claims = {Gold(kText, "taxes will rise next year", "")};
  Claim pred = Pred(kText, "taxes will rise next year", "");
  Evaluator bare(EvalOptions{});
  bare.Add(doc, {pred});
  CHECK(bare.counts().speaker_correct == 1);

  pred.source = "Smith";
  Evaluator sourced(EvalOptions{});
  sourced.Add(doc, {pred});
  CHECK(sourced.counts().matched == 1);
  CHECK(sourced.counts().speaker_correct == 0);
}

TEST_CASE("Evaluator: speaker alternatives and predicted speaker", "[eval]") {
  GoldDocument doc = ThreeClaims();
  doc.claims.resize(1);
  doc.claims[0].speaker = {"John Smith", "Smith"};
  Claim pred = Pred(kText, "taxes will rise next year", "Smith");
  pred.speaker = "Finance Minister John Smith";  // speaker wins over source
  Evaluator ev(EvalOptions{});
  ev.Add(doc, {pred});
  CHECK(ev.counts().speaker_correct == 1);

  pred.speaker = "the minister";  // source "Smith" is not consulted
  Evaluator wrong(EvalOptions{});
  wrong.Add(doc, {pred});
  CHECK(wrong.counts().speaker_correct == 0);
}

TEST_CASE("Evaluator: --speech-only", "[eval]") {
  GoldDocument doc = ThreeClaims();
  doc.claims[1].speech = false;
  const std::vector<Claim> preds = {
      Pred(kText, "taxes will rise next year", "Smith"),
      Pred(kText, "the budget is balanced", "The ministry"),  // non-speech
      Pred(kText, "Jones argued", "Jones"),                   // false alarm
  };

  EvalOptions options;
  options.speech_only = true;
  options.show = true;
  options.per_rule = true;
  Evaluator ev(options);
  ev.Add(doc, preds);
  const EvalCounts& c = ev.counts();
  CHECK(c.gold == 2);
  CHECK(c.predicted == 2);  // the one matching a non-speech claim is dropped
  CHECK(c.matched == 1);
  CHECK(c.speaker_correct == 1);
  CHECK(c.precision() == Approx(0.5));
  CHECK(c.recall() == Approx(0.5));
  CHECK(ev.per_rule().at("r") == std::make_pair<size_t, size_t>(2, 1));
  const std::string report = ev.Report();
  CHECK(report.find("MISS  doc1  [indirect] source=“Jones”") !=
        std::string::npos);
  CHECK(report.find("the budget") == std::string::npos);
  CHECK(report.find("matched 1  mode speech-only\n") != std::string::npos);

  Evaluator all(EvalOptions{});
  all.Add(doc, preds);
  CHECK(all.counts().gold == 3);
  CHECK(all.counts().predicted == 3);
  CHECK(all.counts().matched == 2);
}

TEST_CASE("Evaluator: --span mode", "[eval]") {
  const std::string text =
      "Smith said taxes will rise next year. The ministry said the budget is "
      "balanced.";
  GoldDocument doc;
  doc.id = "doc1";
  doc.text = text;
  doc.claims = {Gold(text, "taxes will rise next year", "Smith"),
                Gold(text, "the budget is balanced", "The ministry")};
  // Covers 19/25 of the first claim, source right.
  Claim a = Pred(text, "will rise next year", "Smith");
  // Covers 11/22 = 0.5 of the second claim; its source is the cue.
  Claim b = Pred(text, "is balanced", "");
  b.source = "said";
  b.source_span = ByteSpan(text, "said the");
  b.source_span.end = b.source_span.begin + 4;
  // Covers 3/22 of the second claim: never a match at 0.3.
  Claim c = Pred(text, "the budget", "");
  c.claim_spans[0].end = c.claim_spans[0].begin + 3;

  EvalOptions options;
  options.span_threshold = 0.3;
  Evaluator ev(options);
  ev.Add(doc, {a, b, c});
  CHECK(ev.counts().gold == 2);
  CHECK(ev.counts().predicted == 3);
  CHECK(ev.counts().matched == 2);
  CHECK(ev.counts().speaker_correct == 1);
  CHECK(ev.Report().rfind("documents 1  gold 2  predicted 3  matched 2  "
                          "mode span>0.30\n",
                          0) == 0);

  // Coverage must be MORE than T: 0.5 of the second claim is not > 0.5.
  options.span_threshold = 0.5;
  Evaluator strict(options);
  strict.Add(doc, {a, b, c});
  CHECK(strict.counts().matched == 1);

  // Text spans never matter in span mode: only ranges do.
  a.claim = "something else entirely";
  Evaluator ranges(EvalOptions{0.3});
  ranges.Add(doc, {a});
  CHECK(ranges.counts().matched == 1);
}

TEST_CASE("Evaluator: byte spans after non-ASCII text", "[eval]") {
  // 2- 3- and 4-byte characters before the claim and the source.
  const std::string text =
      "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m (\xE5\x8C\x97\xE4\xBA\xAC "
      "\xF0\x9F\x98\x80) said: \xE2\x80\x9C\xC3\x87"
      "a va tr\xC3\xA8s "
      "bien.\xE2\x80\x9D Then she left.";
  const std::string claim =
      "\xC3\x87"
      "a va tr\xC3\xA8s bien.";
  const std::string source = "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m";
  GoldDocument doc;
  doc.id = "utf8";
  doc.text = text;
  doc.claims = {Gold(text, claim, source)};
  REQUIRE(doc.claims[0].claim_spans[0].begin == 27);  // by hand
  REQUIRE(doc.claims[0].claim_spans[0].end == 43);
  REQUIRE(ByteSpan(text, claim).begin == 39);

  EvalOptions options;
  options.span_threshold = 0.99;
  Evaluator ev(options);
  ev.Add(doc, {Pred(text, claim, source)});
  CHECK(ev.counts().matched == 1);
  CHECK(ev.counts().speaker_correct == 1);

  // Code point offsets passed off as bytes point elsewhere: no match.
  Claim wrong = Pred(text, claim, source);
  wrong.claim_spans = {Span{27, 43}};
  Evaluator off(options);
  off.Add(doc, {wrong});
  CHECK(off.counts().matched == 0);
}

TEST_CASE("ParseGoldLine reads the gold format", "[eval]") {
  const std::string line =
      R"({"id": "d1", "text": "Zoë said: “It works.” Then she left.",
    "claims": [
      {"claim": "It works.", "claim_spans": [[11, 20]], "source": "Zoë",
       "source_span": [0, 3], "cue": "said", "cue_span": [4, 8],
       "speaker": ["Zoë"], "type": "direct", "speech": false},
      {"claim": "she left", "claim_spans": [[27, 35]], "source": null,
       "source_span": null, "cue": null, "cue_span": null, "speaker": [],
       "type": null}],
    "meta": {"dataset": "test"}})";
  Result<GoldDocument> doc = ParseGoldLine(line);
  REQUIRE(doc.ok());
  CHECK(doc->id == "d1");
  REQUIRE(doc->claims.size() == 2);
  const GoldClaim& a = doc->claims[0];
  CHECK(a.claim == "It works.");
  REQUIRE(a.claim_spans.size() == 1);
  CHECK(a.claim_spans[0].begin == 11);
  CHECK(a.claim_spans[0].end == 20);
  CHECK(a.has_source);
  CHECK(a.source == "Zoë");
  CHECK(a.source_span.end == 3);
  CHECK(a.cue == "said");
  CHECK(a.speaker == std::vector<std::string>{"Zoë"});
  CHECK(a.type == "direct");
  CHECK_FALSE(a.speech);
  const GoldClaim& b = doc->claims[1];
  CHECK_FALSE(b.has_source);
  CHECK(b.cue.empty());
  CHECK(b.type.empty());
  CHECK(b.speaker.empty());
  CHECK(b.speech);  // absent means true
}

TEST_CASE("ParseGoldLine rejects malformed lines", "[eval]") {
  const std::string ok_text = R"("text": "abc", )";
  struct Case {
    std::string line;
    const char* message;
  };
  const Case cases[] = {
      {"not json", "invalid JSON"},
      {"[1, 2]", "expected a JSON object"},
      {R"({"text": "abc", "claims": []})", "missing \"id\""},
      {R"({"id": "x", "claims": []})", "\"text\""},
      {R"({"id": "x", "text": "abc"})", "\"claims\""},
      {R"({"id": "x", )" + ok_text + R"("claims": [{"claim_spans": []}]})",
       "claim 0: \"claim\""},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [[0, 4]]}]})",
       "not within the text (3 code points)"},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [[2, 1]]}]})",
       "\"claim_spans\""},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [[-1, 1]]}]})",
       "non-negative integers"},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [0, 1]}]})",
       "\"claim_spans\""},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [], "source": 3}]})",
       "\"source\": expected a string or null"},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [], "source_span": [0]}]})",
       "\"source_span\""},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [], "speaker": [1]}]})",
       "\"speaker\""},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": [], "speech": "yes"}]})",
       "\"speech\""},
      {R"({"id": "x", )" + ok_text +
           R"("claims": [{"claim": "a", "claim_spans": []}, 7]})",
       "doc \"x\": claim 1: expected an object"},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    Result<GoldDocument> doc = ParseGoldLine(c.line);
    REQUIRE_FALSE(doc.ok());
    CHECK(doc.status().code() == StatusCode::kParseError);
    CHECK_THAT(doc.status().message(), Catch::Contains(c.message));
  }
}

TEST_CASE("The seed gold evaluated against itself scores 1", "[eval]") {
  std::ifstream in(WHOSAID_SOURCE_DIR "/../shared/data/seed/seed.jsonl");
  if (!in) {
    WARN("seed.jsonl not found; skipped");
    return;
  }
  std::string line;
  size_t docs = 0;
  EvalOptions text_mode;
  EvalOptions span_mode;
  span_mode.span_threshold = 0.99;
  EvalOptions speech_only;
  speech_only.speech_only = true;
  Evaluator by_text(text_mode), by_span(span_mode), by_speech(speech_only);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Result<GoldDocument> doc = ParseGoldLine(line);
    REQUIRE(doc.ok());
    ++docs;
    REQUIRE_FALSE(doc->claims.empty());
    // The format's invariant: claim == " ".join(text[s:e] for s, e in spans).
    const std::vector<size_t> byte = CpToByte(doc->text);
    for (const GoldClaim& g : doc->claims) {
      std::string joined;
      for (const CpSpan& s : g.claim_spans) {
        if (!joined.empty()) joined += " ";
        joined += doc->text.substr(byte[s.begin], byte[s.end] - byte[s.begin]);
      }
      CHECK(joined == g.claim);
    }
    const std::vector<Claim> preds = AsPredictions(*doc);
    by_text.Add(*doc, preds);
    by_span.Add(*doc, preds);
    by_speech.Add(*doc, preds);
  }
  REQUIRE(docs > 0);
  for (const Evaluator* ev : {&by_text, &by_span, &by_speech}) {
    CHECK(ev->counts().documents == docs);
    CHECK(ev->counts().matched == ev->counts().gold);
    CheckAll(ev->counts(), 1.0);
  }
}

}  // namespace
}  // namespace whosaid
