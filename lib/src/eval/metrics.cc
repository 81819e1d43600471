// The spec's metric definitions: EvalCounts ratios, TokenF1, SpeakerMatches.
#include <algorithm>

#include "eval/tokens.h"
#include "whosaid/eval.h"

namespace whosaid {
namespace {

double Ratio(size_t num, size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / den;
}

double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

double EvalCounts::precision() const { return Ratio(matched, predicted); }
double EvalCounts::recall() const { return Ratio(matched, gold); }
double EvalCounts::f1() const { return F1(precision(), recall()); }
double EvalCounts::speaker_accuracy() const {
  return Ratio(speaker_correct, matched);
}

double EvalCounts::source_accuracy() const {
  return Ratio(source_correct, matched);
}
double EvalCounts::wsw_precision() const {
  return Ratio(speaker_correct, predicted);
}
double EvalCounts::wsw_recall() const { return Ratio(speaker_correct, gold); }
double EvalCounts::wsw_f1() const { return F1(wsw_precision(), wsw_recall()); }

double TokenF1(const std::string& a, const std::string& b) {
  std::vector<std::string> ta = eval::Tokenize(a);
  std::vector<std::string> tb = eval::Tokenize(b);
  std::sort(ta.begin(), ta.end());
  std::sort(tb.begin(), tb.end());
  return eval::SortedTokenF1(ta, tb);
}

bool SpeakerMatches(const std::string& predicted,
                    const std::string& alternative) {
  return eval::SpeakerTokensMatch(eval::Tokenize(predicted),
                                  eval::Tokenize(alternative));
}

}  // namespace whosaid
