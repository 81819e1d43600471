// Rule-file checking and testing (`whosaid rules check|test`).
#ifndef WHOSAID_RULES_H_
#define WHOSAID_RULES_H_

#include <cstddef>
#include <string>
#include <vector>

namespace whosaid {

// A compiler-style diagnostic:
// "rules/en/direct.toml:42:17: error: unknown macro {SAY_VERBZ} [rule en.x]".
struct RuleDiagnostic {
  std::string path;
  int line = 0;       // 1-based; 0 when unknown
  int column = 0;     // 1-based; 0 when unknown
  bool error = true;  // false: warning
  std::string message;
  std::string rule_id;  // empty when the problem is not in a rule

  std::string ToString() const;
};

struct RuleCheckReport {
  size_t files = 0;
  size_t rules = 0;
  size_t lexicons = 0;
  std::vector<RuleDiagnostic> diagnostics;

  bool ok() const;  // no error diagnostics
};

// Loads and compiles every rule and lexicon file under <dir>/<lang>/,
// collecting every problem of every file.
RuleCheckReport CheckRules(const std::string& dir, const std::string& lang);

struct RuleTestReport {
  size_t examples = 0;
  size_t failed = 0;
  std::vector<std::string> failures;        // one message per failed example
  std::vector<RuleDiagnostic> diagnostics;  // when the rules do not load
};

// Runs every rule's examples through the whole extractor: each `examples`
// text must make the rule fire, each `counter_examples` text must not.
RuleTestReport TestRules(const std::string& dir, const std::string& lang);

}  // namespace whosaid

#endif  // WHOSAID_RULES_H_
