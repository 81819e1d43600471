#include "rules/rule_set.h"

namespace whosaid {

std::string RuleDiagnostic::ToString() const {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += error ? ": error: " : ": warning: ";
  out += message;
  if (!rule_id.empty()) out += " [rule " + rule_id + "]";
  return out;
}

bool RuleCheckReport::ok() const {
  for (const RuleDiagnostic& d : diagnostics) {
    if (d.error) return false;
  }
  return true;
}

RuleCheckReport CheckRules(const std::string& dir, const std::string& lang) {
  RuleCheckReport report;
  rules::RuleSet::Load(dir, lang, &report.diagnostics, &report);
  return report;
}

}  // namespace whosaid
