// The extractor wires the stages: text (paragraphs, sentences) -> quotes
// (quote spans, masking) -> rules (RE2 set + rules) -> attribution.
#ifndef WHOSAID_PIPELINE_EXTRACTOR_IMPL_H_
#define WHOSAID_PIPELINE_EXTRACTOR_IMPL_H_

#include <memory>
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

  const rules::RuleSet& rules() const { return *rules_; }

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
  // Attribution of one prepared document, given its rule matches.
  void Attribute(DocumentWork* work, const rules::RuleMatch* matches,
                 size_t count, std::vector<Claim>* out,
                 std::string* trace) const;
  std::unique_ptr<rules::RuleSet> rules_;
  std::unique_ptr<text::SentenceSplitter> splitter_;
  attribution::Lexicon lexicon_;
  bool join_quotes_ = false;
};

}  // namespace whosaid::pipeline

#endif  // WHOSAID_PIPELINE_EXTRACTOR_IMPL_H_
