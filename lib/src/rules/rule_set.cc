#include "rules/rule_set.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "rules/word_classes.h"
#include "text/utf8.h"

namespace whosaid::rules {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxGroups = 31;

const char* const kRoleNames[kNumRoles] = {
    "claim", "claim2", "claim3", "claim_tail", "source", "cue", "via"};

// Where a string value starts in its file, to place diagnostics on the
// character that caused them.
struct Place {
  std::string path;
  int line = 0;
  int column = 0;
  int delimiter = 1;  // 1 for '…' and "…", 3 for '''…''' and """…"""
  bool starts_next_line = false;  // '''\n… : content begins on the next line
};

struct Macro {
  bool words = false;
  std::vector<std::string> list;  // words
  std::string pattern;            // patterns
  Place place;
};

// Compiles each pattern, on as many threads as the machine has cores (up
// to eight): the rules' programs take most of the time of loading them.
std::vector<std::unique_ptr<RE2>> CompileInParallel(
    const std::vector<const std::string*>& patterns,
    const RE2::Options& options) {
  std::vector<std::unique_ptr<RE2>> out(patterns.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < patterns.size();) {
      out[i] = std::make_unique<RE2>(*patterns[i], options);
    }
  };
  size_t threads = std::min<size_t>(
      {std::max(1u, std::thread::hardware_concurrency()), 8, patterns.size()});
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return out;
}

struct RawRule {
  std::unique_ptr<Rule> rule;
  bool over_words = false;  // over = "words"
  bool expanded = false;    // ExpandWordRule() succeeded
  bool checked = false;     // Check() succeeded: the pattern is to compile
  std::unique_ptr<RE2> re;  // the pattern, compiled by CompileAll()
  Place pattern_place;
  Place trigger_place;
  Place place;
};

class Loader {
 public:
  Loader(std::vector<RuleDiagnostic>* diagnostics, RuleCheckReport* counts)
      : segments_(NewSegmentCache()),
        diagnostics_(diagnostics),
        counts_(counts) {}

  // How every rule pattern (and each segment of one, and the trigger set)
  // is compiled; the segments and the set have budgets of their own.
  static RE2::Options RuleOptions() {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kMaxRe2Memory);
    options.set_encoding(RE2::Options::EncodingUTF8);
    return options;
  }
  // Where the group finders of a rule set compile their segments.
  static std::unique_ptr<SegmentCache> NewSegmentCache() {
    RE2::Options options = RuleOptions();
    options.set_max_mem(kMaxSegmentMemory);
    return std::make_unique<SegmentCache>(options);
  }

  void Error(const Place& p, std::string message, const std::string& rule = "",
             bool error = true) {
    // A problem inside a shared macro shows once, not once per rule using it.
    std::string key = p.path + ":" + std::to_string(p.line) + ":" +
                      std::to_string(p.column) + ":" + message;
    if (!reported_.insert(key).second) return;
    RuleDiagnostic d;
    d.path = p.path;
    d.line = p.line;
    d.column = p.column;
    d.error = error;
    d.message = std::move(message);
    d.rule_id = rule;
    if (error) ++errors_;
    diagnostics_->push_back(std::move(d));
  }

  // The place of the character at `offset` of a string value.
  static Place At(const Place& value, size_t offset, const std::string& text) {
    Place p = value;
    int line = value.line;
    int column = value.column + value.delimiter;
    if (value.starts_next_line) {
      ++line;
      column = 1;
    }
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    p.line = line;
    p.column = column;
    return p;
  }

  Place PlaceOf(const toml::node& node, const std::string& path,
                const std::vector<std::string>& lines) {
    Place p;
    p.path = path;
    p.line = static_cast<int>(node.source().begin.line);
    p.column = static_cast<int>(node.source().begin.column);
    if (p.line >= 1 && static_cast<size_t>(p.line) <= lines.size()) {
      const std::string& l = lines[p.line - 1];
      size_t c = static_cast<size_t>(p.column > 0 ? p.column - 1 : 0);
      // toml++ counts columns in code points; find the byte offset.
      size_t byte = 0;
      for (size_t cp = 0; byte < l.size() && cp < c; ++cp) {
        ++byte;
        while (byte < l.size() &&
               (static_cast<unsigned char>(l[byte]) & 0xC0) == 0x80) {
          ++byte;
        }
      }
      if (l.compare(byte, 3, "'''") == 0 || l.compare(byte, 3, "\"\"\"") == 0) {
        p.delimiter = 3;
        p.starts_next_line =
            l.find_first_not_of(" \t\r", byte + 3) == std::string::npos;
      }
    }
    return p;
  }

  void LoadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    Place file_place{path, 0, 0};
    if (!in) {
      Error(file_place, "cannot open rule file");
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string content = ss.str();
    std::vector<std::string> lines;
    {
      std::string line;
      std::istringstream ls(content);
      while (std::getline(ls, line)) lines.push_back(line);
    }
    if (counts_) ++counts_->files;
    toml::table table;
    try {
      table = toml::parse(content, path);
    } catch (const toml::parse_error& e) {
      Place p{path, static_cast<int>(e.source().begin.line),
              static_cast<int>(e.source().begin.column)};
      Error(p, std::string("TOML syntax: ") + std::string(e.description()));
      return;
    }
    for (auto&& [key, node] : table) {
      std::string k(key.str());
      Place p = PlaceOf(node, path, lines);
      if (k == "words" || k == "patterns" || k == "word_patterns") {
        LoadMacros(node, k == "words", k == "word_patterns", path, lines);
      } else if (k == "rule") {
        LoadRules(node, path, lines);
      } else if (k == "settings") {
        LoadSettings(node, path, lines);
      } else {
        Error(p, "unknown table '" + k +
                     "' (expected words, patterns, word_patterns, rule, "
                     "settings)");
      }
    }
  }

  void LoadSettings(const toml::node& node, const std::string& path,
                    const std::vector<std::string>& lines) {
    const toml::table* t = node.as_table();
    if (!t) {
      Error(PlaceOf(node, path, lines), "'settings' must be a table");
      return;
    }
    for (auto&& [key, value] : *t) {
      std::string k(key.str());
      if (k == "abbreviations") {
        std::vector<std::string> list;
        if (StringList(value, path, lines, "abbreviations", "", &list)) {
          abbreviations_.insert(abbreviations_.end(), list.begin(), list.end());
        }
      } else {
        Error(PlaceOf(value, path, lines), "unknown setting '" + k + "'");
      }
    }
  }

  bool StringList(const toml::node& node, const std::string& path,
                  const std::vector<std::string>& lines,
                  const std::string& what, const std::string& rule,
                  std::vector<std::string>* out) {
    const toml::array* a = node.as_array();
    if (!a) {
      Error(PlaceOf(node, path, lines),
            "'" + what + "' must be an array of strings", rule);
      return false;
    }
    bool ok = true;
    for (const toml::node& item : *a) {
      if (auto s = item.value<std::string>()) {
        out->push_back(*s);
      } else {
        Error(PlaceOf(item, path, lines),
              "'" + what + "' must hold only strings", rule);
        ok = false;
      }
    }
    return ok;
  }

  void LoadMacros(const toml::node& node, bool words, bool over_words,
                  const std::string& path,
                  const std::vector<std::string>& lines) {
    const toml::table* t = node.as_table();
    if (!t) {
      Error(PlaceOf(node, path, lines), "expected a table of macros");
      return;
    }
    for (auto&& [key, value] : *t) {
      std::string name(key.str());
      Place p = PlaceOf(value, path, lines);
      if (!ValidMacroName(name)) {
        Error(p, "macro name '" + name +
                     "' must be upper case letters, digits and _ (like "
                     "SAY_VERB)");
        continue;
      }
      // A pattern over words may share the name of a pattern over text (it
      // takes its place in rules over words), not of a word list.
      auto& table = over_words ? word_macros_ : macros_;
      const Macro* first = nullptr;
      if (auto it = table.find(name); it != table.end()) first = &it->second;
      if (auto it = macros_.find(name);
          over_words && it != macros_.end() && it->second.words) {
        first = &it->second;
      }
      if (auto it = word_macros_.find(name);
          words && it != word_macros_.end()) {
        first = &it->second;
      }
      if (first) {
        Error(p, "macro {" + name + "} is defined twice (first at " +
                     first->place.path + ":" +
                     std::to_string(first->place.line) + ")");
        continue;
      }
      if (WordClasses::IsShapeName(name)) {
        Error(p, "{" + name +
                     "} is built in (a word of a shape, in rules over words)");
        continue;
      }
      Macro m;
      m.words = words;
      m.place = p;
      if (words) {
        if (!StringList(value, path, lines, name, "", &m.list)) continue;
        if (m.list.empty()) {
          Error(p, "word list {" + name + "} is empty");
          continue;
        }
      } else {
        auto s = value.value<std::string>();
        if (!s) {
          Error(p, "pattern {" + name + "} must be a string");
          continue;
        }
        m.pattern = *s;
      }
      if (counts_) ++counts_->lexicons;
      table.emplace(name, std::move(m));
    }
  }

  static bool ValidMacroName(const std::string& n) {
    if (n.empty() || !(n[0] >= 'A' && n[0] <= 'Z')) return false;
    for (char c : n) {
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  void LoadRules(const toml::node& node, const std::string& path,
                 const std::vector<std::string>& lines) {
    const toml::array* a = node.as_array();
    if (!a) {
      Error(PlaceOf(node, path, lines),
            "'rule' must be an array of tables: write [[rule]]");
      return;
    }
    for (const toml::node& item : *a) {
      const toml::table* t = item.as_table();
      Place p = PlaceOf(item, path, lines);
      if (!t) {
        Error(p, "each [[rule]] must be a table");
        continue;
      }
      RawRule raw;
      raw.place = p;
      raw.rule = std::make_unique<Rule>();
      Rule& r = *raw.rule;
      r.path = path;
      r.line = p.line;
      bool ok = true;
      if (auto id = (*t)["id"].value<std::string>()) {
        r.id = *id;
      } else {
        Error(p, "rule has no 'id' (a string such as \"en.direct.after\")");
        ok = false;
      }
      for (auto&& [key, value] : *t) {
        std::string k(key.str());
        Place vp = PlaceOf(value, path, lines);
        if (k == "id") continue;
        if (k == "pattern") {
          if (auto s = value.value<std::string>()) {
            r.pattern = *s;
            raw.pattern_place = vp;
          } else {
            Error(vp, "'pattern' must be a string", r.id);
            ok = false;
          }
        } else if (k == "type") {
          auto s = value.value<std::string>();
          if (!s || (*s != kTypeDirect && *s != kTypeIndirect &&
                     *s != kTypeAccordingTo)) {
            Error(vp,
                  "'type' must be \"direct\", \"indirect\" or "
                  "\"according_to\" (mixed is derived from the claim)",
                  r.id);
            ok = false;
          } else {
            r.type = *s;
          }
        } else if (k == "priority") {
          if (auto v = value.value<int64_t>()) {
            r.priority = static_cast<int>(*v);
          } else {
            Error(vp, "'priority' must be an integer", r.id);
            ok = false;
          }
        } else if (k == "examples") {
          ok &= StringList(value, path, lines, "examples", r.id, &r.examples);
        } else if (k == "counter_examples") {
          ok &= StringList(value, path, lines, "counter_examples", r.id,
                           &r.counter_examples);
        } else if (k == "trigger") {
          if (auto v = value.value<std::string>()) {
            r.trigger = *v;
            raw.trigger_place = vp;
          } else {
            Error(vp, "'trigger' must be a string", r.id);
            ok = false;
          }
        } else if (k == "claim") {
          auto v = value.value<std::string>();
          if (!v || (*v != "rest" && *v != "group")) {
            Error(vp,
                  "'claim' must be \"group\" (the (?P<claim>…) group, the "
                  "default) or \"rest\" (the sentence after the match)",
                  r.id);
            ok = false;
          } else {
            r.claim_is_rest = *v == "rest";
          }
        } else if (k == "over") {
          auto v = value.value<std::string>();
          if (!v || (*v != "text" && *v != "words")) {
            Error(vp,
                  "'over' must be \"text\" (the pattern reads characters, "
                  "the default) or \"words\" (it reads words: "
                  "rules/README.md)",
                  r.id);
            ok = false;
          } else {
            raw.over_words = *v == "words";
          }
        } else if (k == "description") {
          if (auto s = value.value<std::string>()) r.description = *s;
        } else {
          Error(vp,
                "unknown rule field '" + k +
                    "' (expected id, pattern, type, priority, claim, over, "
                    "trigger, description, examples, counter_examples)",
                r.id);
          ok = false;
        }
      }
      if (r.pattern.empty() && ok) {
        Error(p, "rule has no 'pattern'", r.id);
        ok = false;
      }
      if (r.type.empty() && ok) {
        Error(p, "rule has no 'type'", r.id);
        ok = false;
      }
      if (r.examples.empty() && ok) {
        Error(p,
              "rule has no 'examples': every rule needs text it must fire on",
              r.id);
        ok = false;
      }
      if (!r.id.empty()) {
        auto it = ids_.find(r.id);
        if (it != ids_.end()) {
          Error(p, "duplicate rule id (first at " + it->second + ")", r.id);
          ok = false;
        } else {
          ids_.emplace(r.id, path + ":" + std::to_string(p.line));
        }
      }
      if (ok) raw_rules_.push_back(std::move(raw));
    }
  }

  static size_t Distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    return prev[b.size()];
  }

  std::string Suggest(const std::string& name) const {
    std::string best;
    size_t best_d = 3;
    for (const auto& [n, m] : macros_) {
      size_t d = Distance(name, n);
      if (d < best_d) {
        best_d = d;
        best = n;
      }
    }
    return best.empty() ? "" : " (did you mean {" + best + "}?)";
  }

  static std::string WordsRegex(const std::vector<std::string>& words) {
    // Alphabetical, so that RE2 factors common prefixes into a trie (a
    // program several times smaller, and faster group extraction), except
    // that a word comes after the longer words it begins: "told reporters"
    // is tried before "told", as in longest-first order.
    std::vector<std::string> sorted = words;
    std::sort(sorted.begin(), sorted.end(),
              [](const std::string& a, const std::string& b) {
                size_t n = std::min(a.size(), b.size());
                int c = a.compare(0, n, b, 0, n);
                return c != 0 ? c < 0 : a.size() > b.size();
              });
    std::string out = "(?:";
    for (size_t i = 0; i < sorted.size(); ++i) {
      if (i) out += '|';
      // Spaces in an entry match any run of white space.
      std::istringstream parts(sorted[i]);
      std::string part;
      bool first = true;
      while (parts >> part) {
        if (!first) out += "\\s+";
        out += RE2::QuoteMeta(part);
        first = false;
      }
    }
    out += ")";
    return out;
  }

  // The name of the macro reference "{NAME}" at pattern[i], or "" when
  // there is none there; *close is the index of its '}'.
  static std::string ReferenceAt(const std::string& pattern, size_t i,
                                 size_t* close) {
    if (pattern[i] != '{' || i + 1 >= pattern.size() || pattern[i + 1] < 'A' ||
        pattern[i + 1] > 'Z') {
      return "";
    }
    *close = pattern.find('}', i);
    if (*close == std::string::npos) return "";
    std::string name = pattern.substr(i + 1, *close - i - 1);
    return ValidMacroName(name) ? name : "";
  }

  // The "A-B" of a difference of word sets "{A-B}" at pattern[i] (a rule
  // over words), or "" when there is none there; *close as ReferenceAt().
  static std::string DifferenceAt(const std::string& pattern, size_t i,
                                  size_t* close) {
    if (pattern[i] != '{') return "";
    *close = pattern.find('}', i);
    if (*close == std::string::npos) return "";
    std::string inside = pattern.substr(i + 1, *close - i - 1);
    size_t dash = inside.find('-');
    if (dash == std::string::npos || !ValidMacroName(inside.substr(0, dash)) ||
        !ValidMacroName(inside.substr(dash + 1))) {
      return "";
    }
    return inside;
  }

  // Whether the reference to `name` at pattern[at] can be expanded: it
  // names a macro (`m`, null when none), not one being expanded, not too
  // deep. Reports why not.
  bool Expandable(const std::string& name, const Macro* m,
                  const std::vector<std::string>& stack, const Place& place,
                  size_t at, const std::string& pattern,
                  const std::string& rule_id) {
    std::string problem;
    if (!m && word_macros_.count(name)) {
      problem = "{" + name +
                "} is a pattern over words ([word_patterns]): use it in a "
                "rule with over = \"words\"";
    } else if (!m) {
      problem = "unknown macro {" + name + "}" + Suggest(name);
    } else if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
      std::string cycle;
      for (const auto& s : stack) cycle += "{" + s + "} -> ";
      problem = "recursive macro: " + cycle + "{" + name + "}";
    } else if (stack.size() >= static_cast<size_t>(kMaxMacroDepth)) {
      problem = "macros nested deeper than " + std::to_string(kMaxMacroDepth);
    } else {
      return true;
    }
    Error(At(place, at, pattern), problem, rule_id);
    return false;
  }

  // False (and reported) when an expansion has grown past its limit.
  bool WithinLimit(const std::string& out, const Place& place, size_t at,
                   const std::string& pattern, const std::string& rule_id) {
    if (out.size() <= kMaxExpandedPattern) return true;
    Error(At(place, at, pattern),
          "pattern grows past " + std::to_string(kMaxExpandedPattern) +
              " bytes when its macros are expanded",
          rule_id);
    return false;
  }

  // The end of the escape that starts at pattern[i] ('\\'), with its braces
  // when it has some: \x{E000}, \p{Lu}.
  static size_t EscapeEnd(const std::string& pattern, size_t i) {
    size_t end = std::min(i + 2, pattern.size());
    char e = i + 1 < pattern.size() ? pattern[i + 1] : 0;
    if ((e == 'x' || e == 'p' || e == 'P') && end < pattern.size() &&
        pattern[end] == '{') {
      size_t close = pattern.find('}', end);
      end = close == std::string::npos ? pattern.size() : close + 1;
    }
    return end;
  }

  // Expands {MACRO} references in `pattern`. `place` locates `pattern` in
  // its file; errors name the rule (or macro) being expanded.
  bool Expand(const std::string& pattern, const Place& place,
              const std::string& rule_id, std::vector<std::string>* stack,
              std::string* out) {
    bool ok = true;
    for (size_t i = 0; i < pattern.size();) {
      if (pattern[i] == '\\') {
        size_t end = EscapeEnd(pattern, i);
        out->append(pattern, i, end - i);
        i = end;
        continue;
      }
      size_t close = 0;  // set with a name
      std::string name = ReferenceAt(pattern, i, &close);
      if (name.empty()) {
        out->push_back(pattern[i]);
        ++i;
        continue;
      }
      auto it = macros_.find(name);
      const Macro* m = it == macros_.end() ? nullptr : &it->second;
      if (!Expandable(name, m, *stack, place, i, pattern, rule_id)) {
        ok = false;
      } else if (m->words) {
        out->append(WordsRegex(m->list));
      } else {
        stack->push_back(name);
        out->append("(?:");
        ok &= Expand(m->pattern, m->place, rule_id, stack, out);
        out->append(")");
        stack->pop_back();
      }
      if (!WithinLimit(*out, place, i, pattern, rule_id)) return false;
      i = close + 1;
    }
    return ok;
  }

  // Rules over words (over = "words") expand in two steps. First their
  // macros, with each word they name, each word list and each shape left
  // as a mark: kMark, a kind, a name, kMarkEnd. Once every such rule is
  // expanded, the literal words are known, and with them the word classes
  // (WordClasses); then each mark becomes its class's code point or
  // character class (ResolveWords).
  static constexpr char kMark = '\x01';
  static constexpr char kMarkEnd = '\x02';
  static void AppendMark(char kind, std::string_view name, std::string* out) {
    out->push_back(kMark);
    out->push_back(kind);
    out->append(name);
    out->push_back(kMarkEnd);
  }

  // A word list over words: its entries of several tokens ("told
  // reporters", "U.S.") as sequences, longest first, then one class for its
  // one-word entries.
  static void AppendWordsOverWords(const std::string& name,
                                   const std::vector<std::string>& words,
                                   std::string* out) {
    std::vector<std::string> several;
    for (const std::string& w : words) {
      size_t len;
      for (size_t i = 0; i < w.size(); i += len) {
        if (!IsWordChar(text::DecodeAt(w, i, &len))) {
          several.push_back(w);
          break;
        }
      }
    }
    std::sort(several.begin(), several.end(),
              [](const std::string& a, const std::string& b) {
                return a.size() != b.size() ? a.size() > b.size() : a < b;
              });
    out->append("(?:");
    for (const std::string& w : several) {
      for (size_t i = 0, len; i < w.size();) {
        char32_t c = text::DecodeAt(w, i, &len);
        if (IsWordChar(c)) {
          size_t end = i + len;
          while (end < w.size() && IsWordChar(text::DecodeAt(w, end, &len))) {
            end += len;
          }
          AppendMark('L', std::string_view(w).substr(i, end - i), out);
          i = end;
        } else if (c == ' ' || c == '\t' || c == '\n') {
          while (i < w.size() && (w[i] == ' ' || w[i] == '\t' || w[i] == '\n'))
            ++i;
          out->append("\\s+");
        } else {
          out->append(RE2::QuoteMeta(w.substr(i, len)));
          i += len;
        }
      }
      out->push_back('|');
    }
    AppendMark('W', name, out);
    out->push_back(')');
  }

  // Expands a pattern over words: {MACRO} takes [word_patterns] first, then
  // [patterns] (read over words too), then [words]; {WORD}, {CAP}, {LOWER},
  // {LOWER_S}, {LOWER_ED} and {NUM} are shapes; {A-B} is a word of A that
  // is not in B; a run of word characters is one word.
  bool ExpandWords(const std::string& pattern, const Place& place,
                   const std::string& rule_id, std::vector<std::string>* stack,
                   std::string* out) {
    bool ok = true;
    auto fail = [&](size_t at, const std::string& message) {
      Error(At(place, at, pattern), message, rule_id);
      ok = false;
    };
    for (size_t i = 0; i < pattern.size();) {
      const char c = pattern[i];
      if (c == '\\') {
        char e = i + 1 < pattern.size() ? pattern[i + 1] : 0;
        if (std::strchr("dDwWbBpP", e) != nullptr && e != 0) {
          fail(i, std::string("\\") + e +
                      " reads characters; over words a word is one token: "
                      "use {WORD}, {CAP}, {LOWER}, {NUM} or a word list");
        }
        size_t end = EscapeEnd(pattern, i);
        out->append(pattern, i, end - i);
        i = end;
        continue;
      }
      if (c == '[') {
        // A character class stands for a character that is not a word's.
        size_t k = i + 1;
        if (k < pattern.size() && pattern[k] == '^') ++k;
        if (k < pattern.size() && pattern[k] == ']') ++k;
        bool letters = false;
        while (k < pattern.size() && pattern[k] != ']') {
          if (pattern[k] == '\\') {
            k = EscapeEnd(pattern, k);
            continue;
          }
          size_t len;
          letters |= IsWordChar(text::DecodeAt(pattern, k, &len));
          k += len;
        }
        if (letters) {
          fail(i,
               "a character class over words holds no letters or digits "
               "(words are tokens): write (?:the|The), a word list, {CAP}, "
               "{LOWER} or {NUM}");
        }
        size_t end = std::min(k + 1, pattern.size());
        out->append(pattern, i, end - i);
        i = end;
        continue;
      }
      if (c == '{' && i + 1 < pattern.size() &&
          ((pattern[i + 1] >= '0' && pattern[i + 1] <= '9') ||
           pattern[i + 1] == ',')) {
        size_t close = pattern.find('}', i);
        size_t end = close == std::string::npos ? pattern.size() : close + 1;
        out->append(pattern, i, end - i);  // a repetition: {0,4}
        i = end;
        continue;
      }
      size_t close = 0;  // set with a name
      if (std::string name = DifferenceAt(pattern, i, &close); !name.empty()) {
        // {A-B}: a word of A (a shape or a word list) that is no one-word
        // entry of B.
        size_t dash = name.find('-');
        for (const std::string& side :
             {name.substr(0, dash), name.substr(dash + 1)}) {
          auto it = macros_.find(side);
          if (!WordClasses::IsShapeName(side) &&
              (it == macros_.end() || !it->second.words)) {
            fail(i, "{" + name + "}: " + side +
                        " is neither a shape nor a word list");
          }
        }
        AppendMark('D', name, out);
        i = close + 1;
        continue;
      }
      if (std::string name = ReferenceAt(pattern, i, &close); !name.empty()) {
        const Macro* m = nullptr;
        if (auto it = word_macros_.find(name); it != word_macros_.end()) {
          m = &it->second;
        } else if (auto it2 = macros_.find(name); it2 != macros_.end()) {
          m = &it2->second;
        }
        if (WordClasses::IsShapeName(name)) {
          AppendMark('S', name, out);
        } else if (!Expandable(name, m, *stack, place, i, pattern, rule_id)) {
          ok = false;
        } else if (m->words) {
          AppendWordsOverWords(name, m->list, out);
        } else {
          stack->push_back(name);
          out->append("(?:");
          ok &= ExpandWords(m->pattern, m->place, rule_id, stack, out);
          out->append(")");
          stack->pop_back();
        }
        if (!WithinLimit(*out, place, i, pattern, rule_id)) return false;
        i = close + 1;
        continue;
      }
      if (c == '(' && i + 1 < pattern.size() && pattern[i + 1] == '?') {
        // A group's name or flags: (?P<source>, (?:, (?s:.
        size_t end = i + 2;
        if (end < pattern.size() && pattern[end] == 'P') {
          size_t close = pattern.find('>', end);
          end = close == std::string::npos ? pattern.size() : close + 1;
        } else {
          while (end < pattern.size() && pattern[end] != ':' &&
                 pattern[end] != ')') {
            if (pattern[end] == 'i') {
              fail(end,
                   "no (?i) over words: name each form, (?:the|The), or "
                   "put them in a word list");
            }
            ++end;
          }
          end = std::min(end + 1, pattern.size());
        }
        out->append(pattern, i, end - i);
        i = end;
        continue;
      }
      if (c == kMark || c == kMarkEnd) {
        fail(i,
             "a raw control character (U+0001, U+0002) in a pattern over "
             "words: write it as an escape, \\x{1}");
        ++i;
        continue;
      }
      size_t len;
      if (IsWordChar(text::DecodeAt(pattern, i, &len))) {
        size_t end = i + len;
        while (end < pattern.size() &&
               IsWordChar(text::DecodeAt(pattern, end, &len))) {
          end += len;
        }
        AppendMark('L', std::string_view(pattern).substr(i, end - i), out);
        i = end;
        continue;
      }
      out->append(pattern, i, len);
      i += len;
    }
    return ok;
  }

  // Calls f(kind, name) for each mark of an expanded pattern over words and
  // appends what it returns, or the text between marks, to *out.
  template <typename F>
  static std::string ForEachMark(const std::string& expanded, F f) {
    std::string out;
    for (size_t i = 0; i < expanded.size();) {
      size_t mark = expanded.find(kMark, i);
      if (mark == std::string::npos) mark = expanded.size();
      out.append(expanded, i, mark - i);
      if (mark == expanded.size()) break;
      size_t end = expanded.find(kMarkEnd, mark);
      out += f(expanded[mark + 1], expanded.substr(mark + 2, end - mark - 2));
      i = end + 1;
    }
    return out;
  }

  void ExpandWordRule(RawRule* raw) {
    Rule& r = *raw->rule;
    std::vector<std::string> stack;
    std::string expanded;
    if (!ExpandWords(r.pattern, raw->pattern_place, r.id, &stack, &expanded)) {
      return;
    }
    ForEachMark(expanded, [&](char kind, const std::string& name) {
      if (kind == 'L') {
        if (literal_set_.insert(name).second) literals_.push_back(name);
      } else if (kind == 'D') {
        size_t dash = name.find('-');
        ++named_[name.substr(0, dash)];
        ++named_[name.substr(dash + 1)];
      } else {
        ++named_[name];
      }
      return std::string();
    });
    r.expanded = std::move(expanded);
    raw->expanded = true;
  }

  // The classes of the words the rules over words name, and of the lists.
  void BuildWordClasses(const Place& where) {
    std::map<std::string, std::vector<std::string>> lists;
    for (const auto& [name, m] : macros_) {
      if (m.words) lists[name] = m.list;
    }
    // The lists and shapes by how often the rules name them, most first
    // ({WORD} is every class: no feature).
    std::vector<std::pair<int, std::string>> by_uses;
    for (const auto& [name, uses] : named_) {
      if (name != "WORD") by_uses.emplace_back(-uses, name);
    }
    std::sort(by_uses.begin(), by_uses.end());
    std::vector<std::string> named;
    for (auto& entry : by_uses) named.push_back(std::move(entry.second));
    word_classes_ = std::make_shared<WordClasses>(lists, literals_, named);
    if (!word_classes_->ok()) {
      Error(where, "more than " + std::to_string(MaxClasses()) +
                       " word classes: name fewer literal words in rules "
                       "over words");
    }
  }

  std::string ResolveWords(const std::string& expanded) {
    // Each name resolved once: rules name the same lists, shapes and words
    // many times.
    return ForEachMark(expanded, [&](char kind, const std::string& name) {
      auto [it, added] = resolved_.try_emplace(std::string(1, kind) + name);
      if (added) it->second = Resolve(kind, name);
      return it->second;
    });
  }

  // A mark's syntax: a literal word's code point, or a character class.
  std::string Resolve(char kind, const std::string& name) const {
    const WordClasses& classes = *word_classes_;
    if (kind == 'L') return classes.Literal(name);
    if (kind == 'D') {
      size_t dash = name.find('-');
      WordClasses::Members a = classes.NamedMembers(name.substr(0, dash));
      WordClasses::Members b = classes.NamedMembers(name.substr(dash + 1));
      for (size_t i = 0; i < a.size(); ++i) a[i] = a[i] && !b[i];
      return classes.Syntax(a);
    }
    return classes.Syntax(classes.NamedMembers(name));
  }

  static std::string Hint(const std::string& pattern) {
    if (pattern.find("(?=") != std::string::npos ||
        pattern.find("(?!") != std::string::npos) {
      return " (RE2 has no look-ahead `(?=`/`(?!`: use a capture group "
             "instead)";
    }
    if (pattern.find("(?<=") != std::string::npos ||
        pattern.find("(?<!") != std::string::npos) {
      return " (RE2 has no look-behind `(?<=`/`(?<!`: match the context and "
             "leave it out of the named groups)";
    }
    if (pattern.find("(?>") != std::string::npos) {
      return " (RE2 has no atomic groups `(?>`)";
    }
    for (size_t i = 0; i + 1 < pattern.size(); ++i) {
      if (pattern[i] == '\\' && pattern[i + 1] >= '1' &&
          pattern[i + 1] <= '9') {
        return " (RE2 has no back-references like \\1)";
      }
    }
    return "";
  }

  // Compiles every rule: Check() in order, the patterns on all cores,
  // Finish() in order. Each rule's diagnostics come in the order of the
  // rules, as if they were compiled one after another.
  void CompileAll() {
    std::vector<std::vector<RuleDiagnostic>> own(raw_rules_.size());
    std::vector<RuleDiagnostic>* all = diagnostics_;
    for (size_t i = 0; i < raw_rules_.size(); ++i) {
      diagnostics_ = &own[i];
      Check(&raw_rules_[i]);
    }
    std::vector<const std::string*> patterns;
    for (const RawRule& raw : raw_rules_) {
      if (raw.checked) patterns.push_back(&raw.rule->expanded);
    }
    std::vector<std::unique_ptr<RE2>> compiled =
        CompileInParallel(patterns, RuleOptions());
    for (size_t i = 0, k = 0; i < raw_rules_.size(); ++i) {
      if (!raw_rules_[i].checked) continue;
      raw_rules_[i].re = std::move(compiled[k++]);
      diagnostics_ = &own[i];
      Finish(&raw_rules_[i]);
    }
    diagnostics_ = all;
    for (auto& list : own) {
      for (RuleDiagnostic& d : list) diagnostics_->push_back(std::move(d));
    }
  }

  // The rule's pattern and trigger, expanded; their syntax checked.
  void Check(RawRule* raw) {
    Rule& r = *raw->rule;
    std::vector<std::string> stack;
    std::string expanded;
    if (raw->over_words) {
      if (!raw->expanded || !word_classes_ || !word_classes_->ok()) return;
      expanded = ResolveWords(r.expanded);
    } else if (!Expand(r.pattern, raw->pattern_place, r.id, &stack,
                       &expanded)) {
      return;
    }
    r.expanded = expanded;
    if (!r.trigger.empty()) {
      std::vector<std::string> tstack;
      std::string texpanded;
      if (!Expand(r.trigger, raw->trigger_place, r.id, &tstack, &texpanded)) {
        return;
      }
      // Parsed, not compiled: the trigger set compiles it (and reports a
      // trigger too large for RE2's memory budget).
      RE2::Set parsed(RuleOptions(), RE2::UNANCHORED);
      std::string error;
      if (parsed.Add(texpanded, &error) < 0) {
        Error(raw->trigger_place, "bad trigger: " + error + Hint(r.trigger),
              r.id);
        return;
      }
      r.trigger_expanded = texpanded;
    }
    raw->checked = true;
  }

  // The rule's compiled pattern checked; its roles and group finder.
  void Finish(RawRule* raw) {
    Rule& r = *raw->rule;
    std::unique_ptr<RE2>& re = raw->re;
    if (!re->ok()) {
      Place p = raw->pattern_place;
      size_t at = re->error_arg().empty() ? std::string::npos
                                          : r.pattern.find(re->error_arg());
      if (at != std::string::npos) p = At(raw->pattern_place, at, r.pattern);
      std::string msg = "bad pattern: " + re->error();
      if (re->error_code() == RE2::ErrorPatternTooLarge) {
        msg += " (over the RE2 memory budget of " +
               std::to_string(kMaxRe2Memory >> 20) +
               " MB: use fewer nested repetitions or smaller word lists)";
      }
      Error(p, msg + Hint(r.pattern), r.id);
      return;
    }
    if (re->NumberOfCapturingGroups() > kMaxGroups) {
      Error(raw->pattern_place,
            "more than " + std::to_string(kMaxGroups) +
                " capturing groups: use (?:…) for groups without a role",
            r.id);
      return;
    }
    for (int& g : r.group_of_role) g = 0;
    for (const auto& [name, index] : re->NamedCapturingGroups()) {
      int role = -1;
      for (int k = 0; k < kNumRoles; ++k) {
        if (name == kRoleNames[k]) role = k;
      }
      if (role < 0) {
        size_t at = r.pattern.find("(?P<" + name + ">");
        Error(at == std::string::npos ? raw->pattern_place
                                      : At(raw->pattern_place, at, r.pattern),
              "unknown group name '" + name +
                  "' (roles: claim, claim2, claim3, claim_tail, source, cue, "
                  "via)",
              r.id);
        return;
      }
      r.group_of_role[role] = index;
    }
    if ((r.group_of_role[kClaim] == 0 && !r.claim_is_rest) ||
        r.group_of_role[kSource] == 0) {
      Error(raw->pattern_place,
            "pattern needs the groups (?P<claim>…) (unless claim = \"rest\") "
            "and (?P<source>…)",
            r.id);
      return;
    }
    r.re = std::move(re);
    if (raw->over_words) r.words = word_classes_;
    r.group_finder = GroupFinder::Create(r.expanded, segments_.get());
    std::unique_ptr<Program> program = Program::Create(r.expanded);
    if (program && program->groups() == r.re->NumberOfCapturingGroups()) {
      r.program = std::move(program);
    }
    if (counts_) ++counts_->rules;
  }

  std::map<std::string, Macro> macros_;
  std::map<std::string, Macro> word_macros_;  // [word_patterns]
  // The words the rules over words name, in the order they first do.
  std::vector<std::string> literals_;
  std::set<std::string> literal_set_;
  // How often the rules over words name each list and shape.
  std::map<std::string, int> named_;
  std::shared_ptr<const WordClasses> word_classes_;
  // ResolveWords()'s syntax of each mark (kind and name) met so far.
  std::map<std::string, std::string> resolved_;
  std::vector<RawRule> raw_rules_;
  std::unique_ptr<SegmentCache> segments_;
  std::map<std::string, std::string> ids_;
  std::vector<std::string> abbreviations_;
  std::vector<RuleDiagnostic>* diagnostics_;
  RuleCheckReport* counts_;
  int errors_ = 0;
  std::set<std::string> reported_;

  friend class whosaid::rules::RuleSet;
};

}  // namespace

const char* RoleName(Role role) { return kRoleNames[role]; }

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

const std::vector<std::string>& RuleSet::Words(const std::string& name) const {
  static const std::vector<std::string> kEmpty;
  auto it = words_.find(name);
  return it == words_.end() ? kEmpty : it->second;
}

std::unique_ptr<RuleSet> RuleSet::Load(const std::string& dir,
                                       const std::string& lang,
                                       std::vector<RuleDiagnostic>* diagnostics,
                                       RuleCheckReport* counts) {
  Loader loader(diagnostics, counts);
  fs::path root = fs::path(dir) / lang;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    loader.Error(Place{root.string(), 0, 0},
                 "no rules directory for language '" + lang + "'");
    return nullptr;
  }
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".toml") {
      files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    loader.Error(Place{root.string(), 0, 0}, "no .toml rule files");
    return nullptr;
  }
  for (const std::string& f : files) loader.LoadFile(f);
  bool over_words = false;
  for (RawRule& raw : loader.raw_rules_) {
    if (!raw.over_words) continue;
    loader.ExpandWordRule(&raw);
    over_words = true;
  }
  if (over_words) loader.BuildWordClasses(Place{root.string(), 0, 0});
  loader.CompileAll();
  if (loader.raw_rules_.size() > kMaxRules) {
    loader.Error(Place{root.string(), 0, 0},
                 "more than " + std::to_string(kMaxRules) + " rules");
  }
  if (loader.errors_ > 0) return nullptr;

  std::unique_ptr<RuleSet> set(new RuleSet());
  for (RawRule& raw : loader.raw_rules_)
    set->rules_.push_back(std::move(raw.rule));
  std::stable_sort(
      set->rules_.begin(), set->rules_.end(),
      [](const std::unique_ptr<Rule>& a, const std::unique_ptr<Rule>& b) {
        return a->priority > b->priority;
      });
  for (auto& [name, m] : loader.macros_) {
    if (m.words) set->words_[name] = m.list;
  }
  set->abbreviations_ = loader.abbreviations_;
  set->segments_ = std::move(loader.segments_);

  std::map<std::string, int> trigger_index;
  for (size_t i = 0; i < set->rules_.size(); ++i) {
    const Rule& r = *set->rules_[i];
    if (r.trigger_expanded.empty()) {
      set->untriggered_.push_back(static_cast<int>(i));
      continue;
    }
    auto [it, added] = trigger_index.try_emplace(
        r.trigger_expanded, static_cast<int>(set->trigger_rules_.size()));
    if (added) set->trigger_rules_.emplace_back();
    set->trigger_rules_[it->second].push_back(static_cast<int>(i));
  }
  int failed = -1;
  std::string error;
  if (!set->CompileTriggerSet(&failed, &error)) {
    if (failed >= 0) {
      const Rule& r = *set->rules_[set->trigger_rules_[failed].front()];
      loader.Error(Place{r.path, r.line, 0},
                   "cannot add the trigger to the rule set: " + error, r.id);
    } else {
      loader.Error(Place{root.string(), 0, 0},
                   "the rules together exceed RE2's memory budget of " +
                       std::to_string(kMaxRe2SetMemory >> 20) + " MB");
    }
    return nullptr;
  }
  return set;
}

bool RuleSet::CompileTriggerSet(int* failed, std::string* error) {
  RE2::Options options = Loader::RuleOptions();
  options.set_max_mem(kMaxRe2SetMemory);
  set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  // The distinct triggers, in the order of their indexes in the set.
  std::vector<std::string> triggers;
  for (size_t i = 0; i < trigger_rules_.size(); ++i) {
    triggers.push_back(rules_[trigger_rules_[i].front()]->trigger_expanded);
    if (set_->Add(triggers.back(), error) < 0) {
      *failed = static_cast<int>(i);
      return false;
    }
  }
  *failed = -1;
  if (!trigger_program_ && !triggers.empty()) {
    trigger_program_ = Program::CreateSet(triggers);
  }
  return set_->Compile();
}

std::unique_ptr<RuleSet> RuleSet::Copy() const {
  std::unique_ptr<RuleSet> set(new RuleSet());
  for (const auto& old : rules_) {
    auto r = std::make_unique<Rule>(*old);
    r->re.reset();
    r->group_finder.reset();
    set->rules_.push_back(std::move(r));
  }
  set->words_ = words_;
  set->abbreviations_ = abbreviations_;
  set->trigger_rules_ = trigger_rules_;
  set->trigger_program_ = trigger_program_;
  set->untriggered_ = untriggered_;
  return set;
}

void RuleSet::Compile() {
  // The patterns and triggers compiled when the rules were loaded, so they
  // compile again, as Loader::CompileAll() and Load() compiled them.
  segments_ = Loader::NewSegmentCache();
  std::vector<const std::string*> patterns;
  for (const auto& r : rules_) patterns.push_back(&r->expanded);
  std::vector<std::unique_ptr<RE2>> compiled =
      CompileInParallel(patterns, Loader::RuleOptions());
  for (size_t i = 0; i < rules_.size(); ++i) {
    rules_[i]->re = std::move(compiled[i]);
    rules_[i]->group_finder =
        GroupFinder::Create(rules_[i]->expanded, segments_.get());
  }
  int failed;
  std::string error;
  CompileTriggerSet(&failed, &error);
}

void RuleSet::Candidates(std::string_view unit, std::vector<int>* candidates,
                         const uint64_t* fired) const {
  re2::StringPiece text(unit.data(), unit.size());
  candidates->clear();
  // The set reports the triggers that fired; their rules replace them in
  // the same buffer, then come the rules tried everywhere.
  // The triggers' program read the unit once, with no lock and no set-up
  // per call, and told every trigger that fired. RE2's set, asked for
  // nothing, allocates nothing and stops at the first trigger (most
  // sentences fire none); asked which, it reads the unit again.
  if (trigger_rules_.empty()) {
    // no triggers
  } else if (fired) {
    for (uint64_t bits = *fired; bits != 0; bits &= bits - 1) {
      candidates->push_back(__builtin_ctzll(bits));
    }
  } else if (set_->Match(text, nullptr)) {
    set_->Match(text, candidates);
  }
  const size_t triggers = candidates->size();
  for (size_t i = 0; i < triggers; ++i) {
    const std::vector<int>& rules = trigger_rules_[(*candidates)[i]];
    candidates->insert(candidates->end(), rules.begin(), rules.end());
  }
  candidates->erase(candidates->begin(), candidates->begin() + triggers);
  candidates->insert(candidates->end(), untriggered_.begin(),
                     untriggered_.end());
  std::sort(candidates->begin(), candidates->end());
}

namespace {

// Finds the leftmost match of a pattern in text[pos, end of text) by
// trying it anchored at one place after another: RE2's unanchored search,
// which starts everywhere at once, gives the same match. With the
// pattern's own DFA (`dfa`), the places are those whose first byte can
// begin a match (Program::NextStart()), and an attempt that fails costs a
// step or two; without, they are where its lead (a regex every match
// begins with) matches, found by RE2. `part`, when not null, is a regex
// every match contains (the cue): where it matches nowhere after a place,
// no match begins there; its own DFA (`part_dfa`) searches for it when it
// has one.
//
// Each attempt may walk the DFA to the end of the text, and a text can hold
// many leads before its cue ("Abc and Abc and … qq said"): the attempts
// stop (kGiveUp) before the text they walk (or, for RE2's attempts, may
// walk) adds up to more than kWalkFactor times the text, and the caller
// goes on with an unanchored search, which is linear. Real sentences stay
// far below the budget.
class LeadSearch {
 public:
  enum Outcome { kFound, kNone, kGiveUp };
  static constexpr size_t kWalkFactor = 16;
  static constexpr size_t kWalkSlack = 4096;

  LeadSearch(const RE2& re, const RE2& lead, const RE2* part,
             const re2::StringPiece& text, const Program* dfa,
             Program::DfaCache* cache, const Program* part_dfa,
             Program::DfaCache* part_cache)
      : dfa_(dfa),
        cache_(cache),
        part_dfa_(part_dfa),
        part_cache_(part_cache),
        re_(re),
        lead_(lead),
        part_(part),
        text_(text),
        budget_(kWalkFactor * text.size() + kWalkSlack) {}

  // kFound sets *match to the match's extent and *lead_end to where the
  // lead's first parse from the match's start ends.
  Outcome Next(size_t pos, re2::StringPiece* match, size_t* lead_end,
               size_t* tries) {
    re2::StringPiece at;
    const std::string_view view(text_.data(), text_.size());
    for (size_t q = pos; q <= text_.size(); ++q) {
      if (dfa_) {
        // Every place the lead matches from begins with one of the rule's
        // first bytes: the DFA's attempt there is as cheap as the lead's.
        q = dfa_->NextStart(view, q);
        if (q == Program::kNoStart) return kNone;
        if (!dfa_->CanReadTwo(view, q, cache_)) continue;
      } else {
        if (!lead_.Match(text_, q, text_.size(), RE2::UNANCHORED, &at, 1)) {
          return kNone;
        }
        q = static_cast<size_t>(at.data() - text_.data());
        *lead_end = q + at.size();
      }
      if (part_ && (part_at_ == kUnknown || part_at_ < q)) {
        size_t b, e;
        Program::Outcome o = Program::kTooLong;
        if (part_dfa_) o = part_dfa_->Search(text_, q, &b, &e, part_cache_);
        if (o == Program::kNoMatch) return kNone;
        if (o == Program::kMatched) {
          part_at_ = b;
        } else {
          if (!part_->Match(text_, q, text_.size(), RE2::UNANCHORED, &at, 1)) {
            return kNone;
          }
          part_at_ = static_cast<size_t>(at.data() - text_.data());
        }
      }
      ++*tries;
      if (dfa_) {
        size_t end, walked = 0;
        Program::Outcome o = dfa_->MatchEnd(text_, q, &end, cache_, &walked);
        if (o == Program::kMatched) {
          *match = re2::StringPiece(text_.data() + q, end - q);
          return kFound;
        }
        if (o == Program::kNoMatch) {
          if (walked > budget_) return kGiveUp;
          budget_ -= walked;
          continue;
        }
      }
      size_t walk = text_.size() - q;  // the most this attempt can walk
      if (walk > budget_) return kGiveUp;
      budget_ -= walk;
      if (re_.Match(text_, q, text_.size(), RE2::ANCHOR_START, match, 1)) {
        return kFound;
      }
    }
    return kNone;
  }

 private:
  static constexpr size_t kUnknown = static_cast<size_t>(-1);
  const Program* dfa_;  // RE2's own attempts when null
  Program::DfaCache* cache_;
  const Program* part_dfa_;  // RE2's search for the part when null
  Program::DfaCache* part_cache_;
  const RE2& re_;
  const RE2& lead_;
  const RE2* part_;
  re2::StringPiece text_;
  size_t budget_;              // bytes the attempts may still walk
  size_t part_at_ = kUnknown;  // where `part` first matches at or after q
};

}  // namespace

void RuleSet::FindMatches(const Rule& r, std::string_view unit,
                          size_t unit_index, Scratch* scratch,
                          std::vector<RuleMatch>* out, MatchStats* stats) {
  // A rule over words matches the unit's class string instead; its spans
  // are mapped back to the unit's bytes with the groups (FindGroups()).
  // MatchUnits() has classified it already; alone, the rule does.
  const WordClasses::Mapped* mapped = nullptr;
  if (r.words) {
    mapped = &Classify(*r.words, unit, unit_index, scratch);
    unit = mapped->text;
  }
  re2::StringPiece text(unit.data(), unit.size());
  re2::StringPiece match;
  const RE2* lead = r.group_finder ? r.group_finder->Lead() : nullptr;
  std::optional<LeadSearch> search;
  const Program* dfa =
      r.program && r.program->has_dfa() ? r.program.get() : nullptr;
  if (lead) {
    const int cue = r.group_of_role[kCue];
    const Program* part_dfa = r.group_finder->PartProgram(cue);
    search.emplace(*r.re, *lead, r.group_finder->Part(cue), text, dfa,
                   dfa ? scratch->CacheOf(r) : nullptr, part_dfa,
                   part_dfa ? &scratch->dfa[part_dfa] : nullptr);
  }
  for (size_t pos = 0; pos <= unit.size();) {
    size_t lead_end = GroupFinder::Job::kUnknown;
    LeadSearch::Outcome outcome =
        search ? search->Next(pos, &match, &lead_end, &stats->lead_tries)
               : LeadSearch::kGiveUp;
    if (outcome == LeadSearch::kGiveUp) {
      search.reset();
      lead_end = GroupFinder::Job::kUnknown;
      // The rule's own DFA when it can, else (or when its cache is full)
      // RE2's.
      size_t b, e;
      Program::Outcome o = Program::kTooLong;
      if (dfa) o = dfa->Search(text, pos, &b, &e, scratch->CacheOf(r));
      if (o == Program::kMatched) {
        match = re2::StringPiece(text.data() + b, e - b);
        outcome = LeadSearch::kFound;
      } else if (o == Program::kNoMatch) {
        outcome = LeadSearch::kNone;
      } else {
        outcome =
            r.re->Match(text, pos, unit.size(), RE2::UNANCHORED, &match, 1)
                ? LeadSearch::kFound
                : LeadSearch::kNone;
      }
    }
    if (outcome == LeadSearch::kNone) break;
    size_t begin = static_cast<size_t>(match.data() - unit.data());
    size_t end = begin + match.size();
    GroupFinder::Job job;
    job.text = text;
    job.begin = begin;
    job.end = end;
    job.lead_end = lead_end;
    scratch->jobs.push_back(job);
    scratch->pending.push_back(Scratch::Pending{out->size(), pos, mapped});
    RuleMatch m;
    m.rule = &r;
    m.unit = unit_index;
    m.match = Span{begin, end};
    out->push_back(m);
    if (end > begin) {
      pos = end;
    } else if (mapped && end < unit.size()) {
      size_t len;  // past the class, not into it
      text::DecodeAt(unit, end, &len);
      pos = end + len;
    } else {
      pos = end + 1;
    }
  }
}

const WordClasses::Mapped& RuleSet::Classify(const WordClasses& words,
                                             std::string_view unit,
                                             size_t unit_index,
                                             Scratch* scratch) {
  Scratch::Classified& c = scratch->classified[unit_index];
  if (c.slot == Scratch::kNoSlot) {
    if (scratch->mapped_used == scratch->mapped.size()) {
      scratch->mapped.emplace_back();
    }
    c.slot = scratch->mapped_used++;
    c.by = nullptr;
  }
  WordClasses::Mapped& m = scratch->mapped[c.slot];
  if (c.by != &words) {
    words.Classify(unit, &m);
    c.by = &words;
  }
  return m;
}

void RuleSet::FindGroups(const Rule& r, Scratch* scratch,
                         std::vector<RuleMatch>* out, MatchStats* stats) {
  const std::vector<Scratch::Pending>& pending = scratch->pending;
  const size_t count = pending.size();
  if (count == 0) return;
  const int n = r.re->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece>& groups = scratch->groups;
  groups.resize(count * static_cast<size_t>(n));
  auto groups_of = [&](size_t i) { return groups.data() + i * n; };
  std::vector<GroupFinder::Job>& jobs = scratch->jobs;
  for (size_t i = 0; i < count; ++i) {
    jobs[i].groups = groups_of(i);
    jobs[i].n = n;
  }
  if (r.group_finder) {
    r.group_finder->FindAll(jobs.data(), count, &scratch->dfa);
  }
  const bool lead = r.group_finder && r.group_finder->Lead();
  for (size_t i = 0; i < count; ++i) {
    const Scratch::Pending& p = pending[i];
    RuleMatch& m = (*out)[p.out];
    re2::StringPiece* g = groups_of(i);
    const re2::StringPiece& text = jobs[i].text;
    if (!jobs[i].ok && r.program &&
        r.program->Find(text, m.match.begin, m.match.end, g, n,
                        &scratch->backtrack)) {
      jobs[i].ok = true;
      ++stats->backtracked;
    }
    if (!jobs[i].ok) {
      // The same match again, with groups: with a lead, anchored (the DFA
      // states of unanchored searches were never built); without,
      // unanchored (anchored searches would build DFA states of their own:
      // megabytes). Over the match's extent only: RE2's NFA walks every
      // byte it is given, and the match is the first parse from its start,
      // so it is the first among the parses that end where it ends. A
      // pattern anchored at the end ($) needs the whole text (RE2 refuses
      // a shorter one), and so would a match RE2 does not find again.
      ++stats->nfa;
      const RE2::Anchor anchor = lead ? RE2::ANCHOR_START : RE2::UNANCHORED;
      const std::string& pattern = r.re->pattern();
      const bool to_end = !pattern.empty() && pattern.back() == '$';
      if (to_end ||
          !r.re->Match(text, m.match.begin, m.match.end, anchor, g, n)) {
        r.re->Match(text, lead ? m.match.begin : p.from, text.size(), anchor, g,
                    n);
      }
    }
    for (int role = 0; role < kNumRoles; ++role) {
      int group = r.group_of_role[role];
      if (group > 0 && g[group].data() != nullptr) {
        size_t b = static_cast<size_t>(g[group].data() - text.data());
        m.role[role] = Span{b, b + g[group].size()};
      }
    }
    if (r.claim_is_rest) m.role[kClaim] = Span{m.match.end, text.size()};
    if (p.mapped) {
      const WordClasses::Mapped& w = *p.mapped;
      m.match = Span{w.ToSentence(m.match.begin), w.ToSentence(m.match.end)};
      for (Span& span : m.role) {
        if (span.valid()) {
          span = Span{w.ToSentence(span.begin), w.ToSentence(span.end)};
        }
      }
    }
  }
  scratch->pending.clear();
  scratch->jobs.clear();
}

void RuleSet::MatchRule(const Rule& r, std::string_view unit, size_t unit_index,
                        std::vector<RuleMatch>* out, MatchStats* stats,
                        Scratch* scratch) {
  Scratch own;
  MatchStats unused;
  if (!scratch) scratch = &own;
  if (!stats) stats = &unused;
  if (r.words) {
    // The unit's classes, if any, are of another unit by that index.
    // (Its slot, if it has one, is taken again.)
    auto& classified = scratch->classified;
    classified.resize(std::max(classified.size(), unit_index + 1));
    classified[unit_index].by = nullptr;
  }
  FindMatches(r, unit, unit_index, scratch, out, stats);
  FindGroups(r, scratch, out, stats);
}

void RuleSet::Match(std::string_view unit, std::vector<int>* candidates,
                    std::vector<RuleMatch>* out) const {
  Candidates(unit, candidates);
  for (int index : *candidates) MatchRule(*rules_[index], unit, 0, out);
}

namespace {
// What MatchUnits() keeps of a batch's scratch for the next.
constexpr size_t kKeptUnits = 16384;
constexpr size_t kKeptClassBytes = 2u << 20;
}  // namespace

void RuleSet::MatchUnits(const std::vector<std::string_view>& units,
                         Scratch* scratch, std::vector<RuleMatch>* out) const {
  if (scratch->dfa_rules != this) {
    scratch->dfa.clear();
    scratch->triggers.Clear();
    scratch->dfa_rules = this;
  }
  std::vector<std::pair<int, size_t>>& work = scratch->work;
  work.clear();
  // The triggers of every unit first, by their program where it can.
  std::vector<uint64_t>& fired = scratch->fired;
  std::vector<uint8_t>& fired_ok = scratch->fired_ok;
  fired.resize(units.size());
  fired_ok.assign(units.size(), 0);
  if (trigger_program_ && !trigger_rules_.empty()) {
    trigger_program_->MatchSets(units.data(), units.size(), fired.data(),
                                fired_ok.data(), &scratch->triggers);
  }
  for (size_t u = 0; u < units.size(); ++u) {
    Candidates(units[u], &scratch->candidates,
               fired_ok[u] ? &fired[u] : nullptr);
    for (int r : scratch->candidates) work.emplace_back(r, u);
  }
  // The units as classes, for rules over words. The slots and their
  // buffers stay for the next batch, up to kKeptUnits slots and
  // kKeptClassBytes in all: one document may be a batch of its own, of any
  // size.
  auto& classified = scratch->classified;
  if (classified.capacity() > std::max(units.size(), kKeptUnits)) {
    classified = std::vector<Scratch::Classified>();
  }
  classified.assign(units.size(), Scratch::Classified());
  if (scratch->mapped.size() > kKeptUnits) {
    scratch->mapped.resize(kKeptUnits);
    scratch->mapped.shrink_to_fit();
  }
  size_t kept = 0;
  for (WordClasses::Mapped& m : scratch->mapped) {
    kept += m.text.capacity() + m.at.capacity() * sizeof(m.at[0]) +
            m.marks.capacity() * sizeof(m.marks[0]);
    if (kept > kKeptClassBytes) m = WordClasses::Mapped();
  }
  scratch->mapped_used = 0;
  // Every unit a rule over words tries is classified first, in one pass
  // (`work` is still in unit order): the word table stays in the CPU
  // caches, and then so do the rules' DFAs, instead of taking turns on
  // every sentence.
  for (const auto& [r, u] : work) {
    if (const WordClasses* words = rules_[r]->words.get()) {
      Classify(*words, units[u], u, scratch);
    }
  }
  // By rule, each rule's units in order (they were added in unit order):
  // a counting sort.
  std::vector<size_t>& starts = scratch->rule_starts;
  starts.assign(rules_.size() + 1, 0);
  for (const auto& [r, u] : work) ++starts[static_cast<size_t>(r) + 1];
  for (size_t r = 0; r < rules_.size(); ++r) starts[r + 1] += starts[r];
  std::vector<std::pair<int, size_t>>& sorted = scratch->sorted_work;
  sorted.resize(work.size());
  for (const auto& item : work) {
    sorted[starts[static_cast<size_t>(item.first)]++] = item;
  }
  work.swap(sorted);
  const size_t first = out->size();
  // Each rule first finds the extents of its matches in all its units, then
  // their groups: its whole pattern's DFA, then each of its segments' DFAs,
  // walks many sentences in a row.
  // The pending matches are taken in chunks, so that the scratch memory
  // stays bounded however many matches a batch holds.
  MatchStats unused;
  for (size_t w = 0; w < work.size();) {
    const Rule& rule = *rules_[work[w].first];
    for (; w < work.size() && rules_[work[w].first].get() == &rule; ++w) {
      FindMatches(rule, units[work[w].second], work[w].second, scratch, out,
                  &unused);
      if (scratch->pending.size() >= kGroupChunk) {
        FindGroups(rule, scratch, out, &unused);
      }
    }
    FindGroups(rule, scratch, out, &unused);
  }
  std::stable_sort(
      out->begin() + static_cast<std::ptrdiff_t>(first), out->end(),
      [](const RuleMatch& a, const RuleMatch& b) { return a.unit < b.unit; });
}

}  // namespace whosaid::rules
