// The extractor wires the stages: text (paragraphs, sentences) -> quotes
// (quote spans, masking) -> rules (RE2 set + rules) -> attribution.
#ifndef WHOSAID_PIPELINE_EXTRACTOR_IMPL_H_
#define WHOSAID_PIPELINE_EXTRACTOR_IMPL_H_

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "attribution/attributor.h"
#include "attribution/speaker.h"
#include "rules/rule_set.h"
#include "text/segmenter.h"
#include "whosaid/extractor.h"

namespace whosaid::pipeline {

class ExtractorImpl : public Extractor {
 public:
  static Result<std::unique_ptr<ExtractorImpl>> Create(
      const ExtractorOptions& options,
      std::vector<RuleDiagnostic>* diagnostics);

  std::unique_ptr<Context> NewContext() const override;
  void Extract(std::string_view text, Context* context, std::vector<Claim>* out,
               std::string* trace = nullptr) const override;
  void ExtractMany(const std::vector<std::string_view>& texts, Context* context,
                   std::vector<std::vector<Claim>>* out) const override;

  // The rules now in use (see ExtractorOptions::max_memory).
  std::shared_ptr<const rules::RuleSet> rules() const;
  size_t recompiles() const override;
  // The memory budget now: max_memory, and kMemoryPerExtraWorker for each
  // context alive beyond two (ExtractorOptions::max_memory).
  size_t budget() const;
  // For tests: the least text between two recompilations (default 1 MiB).
  void set_min_bytes_between_recompiles(size_t bytes) {
    min_bytes_between_recompiles_ = bytes;
  }

  // One document between the stages (defined in extractor.cc).
  struct DocumentWork;

 private:
  ExtractorImpl() = default;
  // Paragraphs, quotes, masking and sentences of one document.
  // Extract() for texts[0..count): claims of texts[i] to outs[i], the trace
  // (for one text) to *trace.
  void Run(const std::string_view* texts, size_t count, Context* context,
           std::vector<Claim>* outs, std::string* trace) const;
  void Prepare(std::string_view text, Context* context,
               DocumentWork* work) const;
  // Attribution of one prepared document, given its rule matches; its
  // claims are made from the context's spare claims while there are any.
  void Attribute(DocumentWork* work, const rules::RuleMatch* matches,
                 size_t count, Context* context, std::vector<Claim>* out,
                 std::string* trace) const;
  // The rules for a batch of `bytes` of text: first swaps in freshly
  // compiled ones when the process is over its memory budget.
  std::shared_ptr<const rules::RuleSet> RulesWithinBudget(size_t bytes) const;
  // `rules`, shared by the batches using them; freed after the last one.
  std::shared_ptr<const rules::RuleSet> Own(
      std::unique_ptr<rules::RuleSet> rules) const;

  // Told when a rule set has been freed; declared before rules_ so that
  // they outlive it (its deleter notifies).
  mutable std::mutex released_mu_;
  mutable std::condition_variable released_;
  mutable std::mutex mu_;  // guards rules_ and the two counters below
  mutable std::condition_variable compiled_;  // rules_ is back
  // Null while fresh rules compile.
  mutable std::shared_ptr<const rules::RuleSet> rules_;
  mutable size_t bytes_since_compile_ = 0;  // of text, by the current rules
  mutable size_t recompiles_ = 0;
  size_t max_memory_ = 0;
  std::shared_ptr<std::atomic<int>> live_contexts_ =
      std::make_shared<std::atomic<int>>(0);
  // However the process got over its budget (a huge document, say), the
  // rules are compiled afresh at most once per this much text.
  size_t min_bytes_between_recompiles_ = size_t{1} << 20;
  std::unique_ptr<text::SentenceSplitter> splitter_;
  attribution::Lexicon lexicon_;
  bool join_quotes_ = false;
};

}  // namespace whosaid::pipeline

#endif  // WHOSAID_PIPELINE_EXTRACTOR_IMPL_H_
