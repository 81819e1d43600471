// Evaluator: one-to-one matching of predicted to gold claims per document,
// the counts behind the spec's metrics, and the `whosaid eval` report.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "eval/tokens.h"
#include "whosaid/eval.h"

namespace whosaid {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);
constexpr double kMinTokenF1 = 0.5;
constexpr size_t kShowChars = 100;  // code points of a claim in --show lines

struct Candidate {
  double score;
  size_t gold;
  size_t pred;
};

// Greedy one-to-one matching by descending score; ties go to the earlier
// gold claim, then the earlier prediction. Returns, for every prediction, the
// index of its gold claim or kNone.
std::vector<size_t> GreedyMatch(std::vector<Candidate> candidates,
                                size_t n_gold, size_t n_pred) {
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              if (a.score != b.score) return a.score > b.score;
              if (a.gold != b.gold) return a.gold < b.gold;
              return a.pred < b.pred;
            });
  std::vector<size_t> pred_to_gold(n_pred, kNone);
  std::vector<bool> gold_taken(n_gold, false);
  for (const Candidate& c : candidates) {
    if (gold_taken[c.gold] || pred_to_gold[c.pred] != kNone) continue;
    gold_taken[c.gold] = true;
    pred_to_gold[c.pred] = c.gold;
  }
  return pred_to_gold;
}

std::vector<std::string> SortedTokens(std::string_view text) {
  std::vector<std::string> tokens = eval::Tokenize(text);
  std::sort(tokens.begin(), tokens.end());
  return tokens;
}

// Text mode: every pair whose claim texts have token F1 >= 0.5.
std::vector<Candidate> TextCandidates(const GoldDocument& gold,
                                      const std::vector<Claim>& predicted) {
  std::vector<std::vector<std::string>> pred_tokens;
  pred_tokens.reserve(predicted.size());
  for (const Claim& p : predicted) pred_tokens.push_back(SortedTokens(p.claim));
  std::vector<Candidate> candidates;
  for (size_t g = 0; g < gold.claims.size(); ++g) {
    const std::vector<std::string> gold_tokens =
        SortedTokens(gold.claims[g].claim);
    for (size_t p = 0; p < predicted.size(); ++p) {
      const double score = eval::SortedTokenF1(pred_tokens[p], gold_tokens);
      if (score >= kMinTokenF1) candidates.push_back({score, g, p});
    }
  }
  return candidates;
}

size_t Overlap(const CpSpan& a, const CpSpan& b) {
  const size_t begin = std::max(a.begin, b.begin);
  const size_t end = std::min(a.end, b.end);
  return end > begin ? end - begin : 0;
}

// A byte span as a code point span; invalid or reversed spans are empty.
CpSpan ToCodePoints(const Span& span, const eval::CodePointIndex& index) {
  if (!span.valid() || span.begin > span.end) return CpSpan{};
  return CpSpan{index(span.begin), index(span.end)};
}

CpSpan GoldRange(const GoldClaim& claim) {
  if (claim.claim_spans.empty()) return CpSpan{};
  return CpSpan{claim.claim_spans.front().begin, claim.claim_spans.back().end};
}

// Span mode: every pair where the predicted range covers more than
// `threshold` of the gold range; the score is that coverage.
std::vector<Candidate> SpanCandidates(const GoldDocument& gold,
                                      const std::vector<Claim>& predicted,
                                      double threshold,
                                      const eval::CodePointIndex& index) {
  std::vector<CpSpan> pred_ranges;
  pred_ranges.reserve(predicted.size());
  for (const Claim& p : predicted) {
    pred_ranges.push_back(ToCodePoints(p.Range(), index));
  }
  std::vector<Candidate> candidates;
  for (size_t g = 0; g < gold.claims.size(); ++g) {
    const CpSpan range = GoldRange(gold.claims[g]);
    if (range.end <= range.begin) continue;
    for (size_t p = 0; p < predicted.size(); ++p) {
      const double coverage =
          static_cast<double>(Overlap(pred_ranges[p], range)) /
          (range.end - range.begin);
      if (coverage > threshold) candidates.push_back({coverage, g, p});
    }
  }
  return candidates;
}

const std::string& PredictedName(const Claim& claim) {
  return claim.speaker.empty() ? claim.source : claim.speaker;
}

std::vector<std::string> GoldAlternatives(const GoldClaim& claim) {
  if (!claim.speaker.empty()) return claim.speaker;
  if (claim.has_source) return {claim.source};
  return {};
}

bool TextSpeakerRight(const GoldClaim& gold, const Claim& pred) {
  const std::vector<std::string> alternatives = GoldAlternatives(gold);
  if (alternatives.empty()) return pred.speaker.empty() && pred.source.empty();
  const std::vector<std::string> name = eval::Tokenize(PredictedName(pred));
  return std::any_of(alternatives.begin(), alternatives.end(),
                     [&](const std::string& alternative) {
                       return eval::SpeakerTokensMatch(
                           name, eval::Tokenize(alternative));
                     });
}

// The predicted source names the gold source (or both are absent).
bool TextSourceRight(const GoldClaim& gold, const Claim& pred) {
  if (!gold.has_source) return pred.source.empty();
  return eval::SpeakerTokensMatch(eval::Tokenize(pred.source),
                                  eval::Tokenize(gold.source));
}

bool SpanSpeakerRight(const GoldClaim& gold, const Claim& pred,
                      const eval::CodePointIndex& index) {
  if (!gold.has_source || !pred.source_span.valid()) return false;
  return Overlap(ToCodePoints(pred.source_span, index), gold.source_span) > 0;
}

// `text` on one line, cut to kShowChars code points, in “…”.
std::string Quoted(std::string_view text) {
  std::string out = "\xE2\x80\x9C";  // “
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80 && chars++ == kShowChars) {
      out += "\xE2\x80\xA6";  // …
      break;
    }
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : text[i]);
  }
  return out + "\xE2\x80\x9D";  // ”
}

std::string QuotedOrNone(bool present, const std::string& text) {
  return present ? Quoted(text) : "(none)";
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string Fixed3(double x) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3f", x);
  return buf;
}

// The threshold as the user likely wrote it: two decimals unless more are
// needed ("span>0.30", "span>0.125").
std::string ThresholdText(double t) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", t);
  if (std::strtod(buf, nullptr) != t) std::snprintf(buf, sizeof(buf), "%g", t);
  return buf;
}

}  // namespace

struct Evaluator::Impl {
  EvalOptions options;
  EvalCounts counts;
  std::map<std::string, std::pair<size_t, size_t>> per_rule;
  std::string listing;  // --show lines, document by document
};

Evaluator::Evaluator(EvalOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

Evaluator::~Evaluator() = default;

void Evaluator::Add(const GoldDocument& gold,
                    const std::vector<Claim>& predicted) {
  const EvalOptions& options = impl_->options;
  EvalCounts& counts = impl_->counts;
  const bool span_mode = options.span_threshold >= 0;
  ++counts.documents;

  // Byte -> code point offsets, needed only to compare spans.
  const eval::CodePointIndex index(span_mode ? std::string_view(gold.text)
                                             : std::string_view());
  const std::vector<size_t> pred_to_gold = GreedyMatch(
      span_mode ? SpanCandidates(gold, predicted, options.span_threshold, index)
                : TextCandidates(gold, predicted),
      gold.claims.size(), predicted.size());

  auto counted = [&](size_t g) {
    return !options.speech_only || gold.claims[g].speech;
  };
  for (size_t g = 0; g < gold.claims.size(); ++g) {
    if (counted(g)) ++counts.gold;
  }

  std::vector<bool> gold_matched(gold.claims.size(), false);
  std::string misses, false_alarms, wrong_speakers;
  for (size_t p = 0; p < predicted.size(); ++p) {
    const Claim& pred = predicted[p];
    const size_t g = pred_to_gold[p];
    // --speech-only: a prediction matching a non-speech claim is ignored.
    if (g != kNone && !counted(g)) continue;
    ++counts.predicted;
    std::pair<size_t, size_t>& rule = impl_->per_rule[pred.rule];
    ++rule.first;
    if (g == kNone) {
      if (options.show) {
        false_alarms += "FALSE " + gold.id + "  [" + pred.rule + "] source=" +
                        QuotedOrNone(!pred.source.empty(), pred.source) +
                        " claim=" + Quoted(pred.claim) + "\n";
      }
      continue;
    }
    gold_matched[g] = true;
    ++counts.matched;
    ++rule.second;
    const GoldClaim& claim = gold.claims[g];
    if (!span_mode && TextSourceRight(claim, pred)) ++counts.source_correct;
    if (span_mode ? SpanSpeakerRight(claim, pred, index)
                  : TextSpeakerRight(claim, pred)) {
      ++counts.speaker_correct;
    } else if (options.show) {
      // Show what was compared: source mentions in span mode, names else.
      const std::string predicted_name =
          span_mode ? pred.source : PredictedName(pred);
      const std::vector<std::string> alternatives =
          span_mode ? (claim.has_source ? std::vector<std::string>{claim.source}
                                        : std::vector<std::string>{})
                    : GoldAlternatives(claim);
      wrong_speakers +=
          "SPEAKER " + gold.id + "  predicted=" +
          QuotedOrNone(!predicted_name.empty(), predicted_name) + " gold=" +
          QuotedOrNone(!alternatives.empty(), Join(alternatives, "|")) +
          " claim=" + Quoted(claim.claim) + "\n";
    }
  }
  if (!options.show) return;
  for (size_t g = 0; g < gold.claims.size(); ++g) {
    if (gold_matched[g] || !counted(g)) continue;
    const GoldClaim& claim = gold.claims[g];
    misses += "MISS  " + gold.id + "  [" +
              (claim.type.empty() ? "-" : claim.type) +
              "] source=" + QuotedOrNone(claim.has_source, claim.source) +
              " claim=" + Quoted(claim.claim) + "\n";
  }
  impl_->listing += misses + false_alarms + wrong_speakers;
}

const EvalCounts& Evaluator::counts() const { return impl_->counts; }

const std::map<std::string, std::pair<size_t, size_t>>& Evaluator::per_rule()
    const {
  return impl_->per_rule;
}

std::string Evaluator::Report() const {
  const EvalOptions& options = impl_->options;
  const EvalCounts& c = impl_->counts;
  std::string out = impl_->listing;
  if (!out.empty()) out += "\n";

  std::vector<std::string> mode;
  if (options.span_threshold >= 0) {
    mode.push_back("span>" + ThresholdText(options.span_threshold));
  }
  if (options.speech_only) mode.push_back("speech-only");
  out += "documents " + std::to_string(c.documents) + "  gold " +
         std::to_string(c.gold) + "  predicted " + std::to_string(c.predicted) +
         "  matched " + std::to_string(c.matched);
  if (!mode.empty()) out += "  mode " + Join(mode, ", ");
  out += "\n";
  out += "claim      P " + Fixed3(c.precision()) + "  R " + Fixed3(c.recall()) +
         "  F1 " + Fixed3(c.f1()) + "\n";
  out += "speaker    accuracy " + Fixed3(c.speaker_accuracy()) + " (" +
         std::to_string(c.speaker_correct) + "/" + std::to_string(c.matched) +
         ")\n";
  if (options.span_threshold < 0) {
    out += "source     accuracy " + Fixed3(c.source_accuracy()) + " (" +
           std::to_string(c.source_correct) + "/" + std::to_string(c.matched) +
           ")  predicted vs gold source\n";
  }
  out += "who-said-what  P " + Fixed3(c.wsw_precision()) + "  R " +
         Fixed3(c.wsw_recall()) + "  F1 " + Fixed3(c.wsw_f1()) + "\n";

  if (options.per_rule) {
    constexpr const char* kNoRule = "(none)";
    size_t width = 4;  // "rule"
    for (const auto& [rule, n] : impl_->per_rule) {
      width =
          std::max(width, rule.empty() ? std::strlen(kNoRule) : rule.size());
    }
    char buf[64];
    auto row = [&](const std::string& rule, const char* rest) {
      out += rule + std::string(width - rule.size(), ' ') + rest + "\n";
    };
    out += "\n";
    row("rule", "  predicted  matched  precision");
    for (const auto& [rule, n] : impl_->per_rule) {
      std::snprintf(
          buf, sizeof(buf), "  %9zu  %7zu  %9.3f", n.first, n.second,
          n.first == 0 ? 0.0 : static_cast<double>(n.second) / n.first);
      row(rule.empty() ? kNoRule : rule, buf);
    }
  }
  return out;
}

}  // namespace whosaid
