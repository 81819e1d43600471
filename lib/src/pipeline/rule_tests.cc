// `whosaid rules test`: every rule's examples through the whole extractor.
#include "pipeline/extractor_impl.h"
#include "whosaid/rules.h"

namespace whosaid {

RuleTestReport TestRules(const std::string& dir, const std::string& lang) {
  RuleTestReport report;
  ExtractorOptions options;
  options.rules_dir = dir;
  options.lang = lang;
  auto extractor =
      pipeline::ExtractorImpl::Create(options, &report.diagnostics);
  if (!extractor.ok()) return report;  // the diagnostics say why
  const pipeline::ExtractorImpl& impl = **extractor;
  auto context = impl.NewContext();
  std::vector<Claim> claims;
  auto fired = [&](const rules::Rule& rule, const std::string& text) {
    claims.clear();
    impl.Extract(text, context.get(), &claims);
    for (const Claim& c : claims) {
      if (c.rule == rule.id) return true;
    }
    return false;
  };
  auto place = [](const rules::Rule& r) {
    return r.path + ":" + std::to_string(r.line) + ": ";
  };
  std::shared_ptr<const rules::RuleSet> rules = impl.rules();
  for (const auto& rule : rules->rules()) {
    for (const std::string& example : rule->examples) {
      ++report.examples;
      if (!fired(*rule, example)) {
        ++report.failed;
        std::string got;
        for (const Claim& c : claims) got += " " + c.rule;
        report.failures.push_back(
            place(*rule) + "rule " + rule->id +
            " does not fire on its example: " + example +
            (got.empty() ? " (no claim)" : " (fired:" + got + ")"));
      }
    }
    for (const std::string& counter : rule->counter_examples) {
      ++report.examples;
      if (fired(*rule, counter)) {
        ++report.failed;
        report.failures.push_back(place(*rule) + "rule " + rule->id +
                                  " fires on its counter-example: " + counter);
      }
    }
  }
  return report;
}

}  // namespace whosaid
