// Evaluation against gold annotations (format: shared data README): the
// spec's claim P/R/F1, speaker accuracy, who-said-what F1, --span T mode,
// --speech-only filtering, --show listings and --per-rule precision.
#ifndef WHOSAID_EVAL_H_
#define WHOSAID_EVAL_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "whosaid/claim.h"
#include "whosaid/status.h"

namespace whosaid {

// A code-point range [begin, end) as in the gold files.
struct CpSpan {
  size_t begin = 0;
  size_t end = 0;
};

struct GoldClaim {
  std::string claim;
  std::vector<CpSpan> claim_spans;
  bool has_source = false;
  std::string source;
  CpSpan source_span;
  std::string cue;
  std::vector<std::string> speaker;  // alternatives; may be empty
  std::string type;                  // may be empty (null)
  bool speech = true;                // absent in the file means true
};

struct GoldDocument {
  std::string id;
  std::string text;
  std::vector<GoldClaim> claims;
};

// Parses one line of a gold JSONL file.
Result<GoldDocument> ParseGoldLine(const std::string& line);

struct EvalOptions {
  // < 0: text mode (token-overlap F1 >= 0.5). Otherwise --span T: a match
  // when the predicted claim range covers more than T of the gold range.
  double span_threshold = -1;
  bool speech_only = false;
  bool show = false;      // list misses, false alarms and wrong speakers
  bool per_rule = false;  // precision of each rule
};

struct EvalCounts {
  size_t documents = 0;
  size_t gold = 0;
  size_t predicted = 0;
  size_t matched = 0;
  size_t speaker_correct = 0;  // among matched
  // Among matched (text mode): the predicted source names the gold source,
  // like with like. Not a spec metric: PolNeAR has no resolved speakers, so
  // its gold speaker is the source as written ("he", "Spokeswoman X"), and
  // a resolved speaker ("Hillary Clinton") scores as wrong; this line shows
  // how much of that is resolution rather than a wrong source.
  size_t source_correct = 0;

  double precision() const;
  double recall() const;
  double f1() const;
  double speaker_accuracy() const;  // speaker_correct / matched
  double source_accuracy() const;   // source_correct / matched
  double wsw_precision() const;     // speaker_correct / predicted
  double wsw_recall() const;        // speaker_correct / gold
  double wsw_f1() const;
};

// Token-overlap F1 of two claim texts, as the spec defines it (tokens: NFC,
// casefolded, ’ -> ', 's dropped, \w+ runs).
double TokenF1(const std::string& a, const std::string& b);

// Whether `predicted` names the gold speaker `alternative` (its tokens
// without the/a/an appear contiguously in `predicted`, which has at most 5
// tokens more). Articles are left out of both sides, for the contiguity
// test and for the count; an alternative with no other tokens ("the", "A")
// never matches.
bool SpeakerMatches(const std::string& predicted,
                    const std::string& alternative);

class Evaluator {
 public:
  explicit Evaluator(EvalOptions options);
  ~Evaluator();

  // Scores one document. `predicted` holds byte spans into gold.text.
  void Add(const GoldDocument& gold, const std::vector<Claim>& predicted);

  const EvalCounts& counts() const;
  // Per rule id: {predicted, matched}.
  const std::map<std::string, std::pair<size_t, size_t>>& per_rule() const;

  // The report printed by `whosaid eval`: the --show listing (when asked),
  // then the metric lines, then per-rule precision (when asked).
  std::string Report() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace whosaid

#endif  // WHOSAID_EVAL_H_
