// Rules stage: rule and lexicon files (TOML) under <dir>/<lang>/, compiled
// once into RE2 objects plus an RE2::Set that picks the candidate rules of a
// text unit. Immutable after Load(): shared by all threads.
//
// File format (see rules/README.md in the repository):
//   [words]          NAME = ["word", "two words", ...]
//                    -> {NAME} = (?:word|two\s+words)
//   [patterns]       NAME = '''regex'''   -> {NAME} = (?:regex)
//   [word_patterns]  NAME = '''regex over words'''
//   [[rule]]         id, pattern, type, priority, claim, over, trigger,
//                    examples, counter_examples
//   [settings]       abbreviations = ["Sen.", ...]  (no sentence break after)
// Patterns may use {MACRO} references, expanded recursively. A rule with
// over = "words" reads the sentence as word classes (WordClasses): each run
// of letters is one token, so {SAY_VERB} is one character class.
#ifndef WHOSAID_RULES_RULE_SET_H_
#define WHOSAID_RULES_RULE_SET_H_

#include <re2/re2.h>
#include <re2/set.h>

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules/group_finder.h"
#include "rules/program.h"
#include "rules/word_classes.h"
#include "whosaid/claim.h"
#include "whosaid/rules.h"

namespace whosaid::rules {

// Roles a rule's named groups can mark.
// claim_tail continues `claim` after an inserted attribution ("The changes,
// he said, followed …"): one claim in two parts.
enum Role {
  kClaim,
  kClaim2,
  kClaim3,
  kClaimTail,
  kSource,
  kCue,
  kVia,
  kNumRoles
};

// The group name of each role.
const char* RoleName(Role role);

struct Rule {
  std::string id;
  std::string type;      // direct | indirect | according_to
  int priority = 0;      // higher wins when matches overlap
  std::string pattern;   // as written
  std::string expanded;  // macros expanded
  std::vector<std::string> examples;
  std::vector<std::string> counter_examples;
  std::string description;
  // claim = "rest": the claim is the rest of the sentence after the match
  // (the pattern stops at the cue), so RE2 extracts groups from a short
  // match instead of the whole sentence.
  bool claim_is_rest = false;
  // A cheap pattern that must occur in a sentence for the rule to be tried
  // ("{SAY_VERB}"); the triggers of all rules form one RE2::Set, the first
  // pass over every sentence. Empty: the rule is tried on every sentence.
  std::string trigger;
  std::string trigger_expanded;
  std::string path;  // file and line, for messages
  int line = 0;
  // The automata (shared so that a Rule copies: RuleSet::Copy()).
  std::shared_ptr<const re2::RE2> re;
  // Finds the groups of a match with the DFA of the pattern's parts; null
  // when the pattern cannot be cut (the program, else RE2's NFA, extracts
  // them then).
  std::shared_ptr<const GroupFinder> group_finder;
  // The pattern as our own program: finds the groups of a match the group
  // finder cannot decide, instead of RE2's NFA, and where the attempts at
  // a lead end, instead of RE2's DFA; null when the pattern uses syntax it
  // does not handle.
  std::shared_ptr<const Program> program;
  // A rule over words (over = "words"): its pattern reads the sentence's
  // word classes, these ones (shared by the rule set's rules over words).
  std::shared_ptr<const WordClasses> words;
  int group_of_role[kNumRoles];  // RE2 group index, 0 when absent
};

// One match of a rule in a text unit; spans are byte offsets of the text
// passed to Match().
struct RuleMatch {
  const Rule* rule = nullptr;
  size_t unit = 0;  // index of the unit in MatchUnits()
  Span match;
  Span role[kNumRoles];
};

// Documented limits.
inline constexpr size_t kMaxRules = 4096;
inline constexpr size_t kMaxExpandedPattern = 64 * 1024;  // bytes
// Per rule: compiled program plus DFA cache. The programs are large (word
// lists, ~15,000 instructions) and so are their DFA states: with 64 MiB the
// DFA of the largest rules keeps discarding its cache on news text, one
// thread runs ~25% slower and two threads serialise on the cache rebuilds
// (1.3x instead of 1.9x). Real use stays far below the ceiling: peak RSS of
// the whole process on the 500 MB benchmark is in docs/PERFORMANCE.md.
inline constexpr int64_t kMaxRe2Memory = 256 << 20;
// Per segment of a rule (see GroupFinder): matched only over short spans.
inline constexpr int64_t kMaxSegmentMemory = 16 << 20;
// The trigger set: one RE2::Set of small patterns.
inline constexpr int64_t kMaxRe2SetMemory = 256 << 20;
inline constexpr int kMaxMacroDepth = 32;

class RuleSet {
 public:
  // Loads every *.toml file under <dir>/<lang>/ (sorted by name). Problems
  // are appended to *diagnostics; the result is null when any is an error.
  static std::unique_ptr<RuleSet> Load(const std::string& dir,
                                       const std::string& lang,
                                       std::vector<RuleDiagnostic>* diagnostics,
                                       RuleCheckReport* counts = nullptr);
  ~RuleSet();

  // The same rules, not yet compiled: Compile() builds their automata,
  // whose DFA caches then start empty. The caches grow with every new kind
  // of text a rule walks (rules over text by megabytes per megabyte of
  // varied news, rules over words by far less), so a long run swaps in a
  // fresh copy to stay within its memory budget
  // (ExtractorOptions::max_memory); the copy lets the old rules go before
  // the new ones compile.
  std::unique_ptr<RuleSet> Copy() const;
  void Compile();

  // Rules ordered by descending priority, then file order.
  const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
  // The triggers' own program (Program::CreateSet()), or null when RE2's
  // set alone answers.
  const Program* trigger_program() const { return trigger_program_.get(); }

  // A word list from the lexicon ("TITLE"); empty when absent.
  const std::vector<std::string>& Words(const std::string& name) const;
  const std::vector<std::string>& abbreviations() const {
    return abbreviations_;
  }

  // Appends every match of every rule in `unit`, in rule order then
  // position. `candidates` is scratch for the RE2::Set pass.
  void Match(std::string_view unit, std::vector<int>* candidates,
             std::vector<RuleMatch>* out) const;

  // MatchUnits() finds the groups of a rule's matches once this many wait
  // (and after the rule's last unit).
  static constexpr size_t kGroupChunk = 4096;

  // Scratch memory of MatchUnits(), reused between calls.
  struct Scratch {
    std::vector<int> candidates;
    std::vector<std::pair<int, size_t>> work;  // (rule, unit)
    std::vector<std::pair<int, size_t>> sorted_work;
    std::vector<size_t> rule_starts;  // of each rule's work, when sorting
    // Matches of one rule whose groups are still to find: jobs[i] (its
    // unit, extent and lead) for the group finder, pending[i] the rest.
    struct Pending {
      size_t out;   // index in the output
      size_t from;  // where the search that found it began
      // A rule over words: the unit as classes, which maps the match's
      // spans back to the unit.
      const WordClasses::Mapped* mapped;
    };
    std::vector<Pending> pending;
    std::vector<GroupFinder::Job> jobs;
    std::vector<re2::StringPiece> groups;  // each pending's, in a row
    Program::Scratch backtrack;
    // The DFA states of each rule's program, built by this thread as its
    // text needs them; dropped when another rule set (a copy compiled for
    // the memory budget) uses the scratch.
    std::map<const Program*, Program::DfaCache> dfa;
    const RuleSet* dfa_rules = nullptr;
    // Likewise the states of the trigger set's program, and what it
    // found in each unit of a batch (where ok).
    Program::SetCache triggers;
    std::vector<uint64_t> fired;
    std::vector<uint8_t> fired_ok;
    Program::DfaCache* CacheOf(const Rule& r) { return &dfa[r.program.get()]; }
    // The units as classes, by unit index, for rules over words: a unit is
    // classified once (`by` its classes) into a slot of `mapped` (by
    // MatchUnits() before the rules run, or by the first rule to try it),
    // the rules read it, and FindGroups() maps the matches back through
    // it. Sized by MatchUnits() and MatchRule() before any match is
    // pending.
    struct Classified {
      const WordClasses* by = nullptr;
      size_t slot = kNoSlot;  // in `mapped`
    };
    static constexpr size_t kNoSlot = static_cast<size_t>(-1);
    std::vector<Classified> classified;
    // The classes of the units of a batch, slots [0, mapped_used) taken;
    // kept for the next batch, so that their buffers are not allocated
    // again for every sentence (a deque: pending matches point into it).
    std::deque<WordClasses::Mapped> mapped;
    size_t mapped_used = 0;
  };

  // Match() for many units at once: appends the matches of units[i] with
  // unit = i, ordered by unit, then rule, then position: the order Match()
  // gives each unit. Each rule runs over all its units in turn, so that
  // its DFA stays in the CPU caches instead of the rules taking turns on
  // every sentence (docs/PERFORMANCE.md).
  void MatchUnits(const std::vector<std::string_view>& units, Scratch* scratch,
                  std::vector<RuleMatch>* out) const;

  // What MatchRule() did, for the profiler.
  struct MatchStats {
    size_t lead_tries = 0;   // anchored attempts at the starts of a lead
    size_t nfa = 0;          // matches whose groups RE2's NFA extracted
    size_t backtracked = 0;  // matches whose groups the Program found
  };
  // Appends every match of `rule` in `unit`, with unit = unit_index: the
  // matches of RE2's unanchored search, one after another, with their
  // groups. How they are found (docs/PERFORMANCE.md):
  // - A pattern that begins with a lead (GroupFinder::Lead(), such as
  //   "{CLAUSE_START}") is tried anchored at each place the lead matches,
  //   left to right; the first that matches is the leftmost match, with the
  //   same parse. With the rule's Program, the places to try are the bytes
  //   its first characters can begin with (Program::NextStart()), less
  //   those its DFA dies on within two characters (Program::CanReadTwo());
  //   each attempt is the Program's anchored walk (Program::MatchEnd(),
  //   states kept per thread in `scratch`), else RE2's, which also takes
  //   over when that cache is full. Without a Program, RE2's search for the
  //   lead finds the places. No attempt is made after the last place the
  //   cue's part matches (GroupFinder::Part; found by the part's own Program
  //   when it has one, else by RE2).
  //   The attempts stop once the text they may walk adds up to 16 times the
  //   unit, so that many clause starts before one cue stay linear; an
  //   unanchored search takes over, with the same matches.
  // - Otherwise an unanchored search finds the leftmost match: the rule's
  //   Program's (Program::Search()), else RE2's DFA.
  // - The groups come from the pattern's parts (GroupFinder::Find()) when
  //   they can decide, else from the rule's Program (its backtracker),
  //   else (syntax it does not handle) from RE2's NFA.
  // `scratch`, when given, is reused instead of scratch of its own (the
  // profiler times many calls, as MatchUnits() makes them).
  static void MatchRule(const Rule& rule, std::string_view unit,
                        size_t unit_index, std::vector<RuleMatch>* out,
                        MatchStats* stats = nullptr,
                        Scratch* scratch = nullptr);

 private:
  RuleSet();
  // MatchRule() in two steps, so that MatchUnits() can run each step of a
  // rule over many units in a row: the extents of the matches (appended to
  // *out, and to scratch->jobs and pending), then the groups of all pending
  // ones.
  static void FindMatches(const Rule& rule, std::string_view unit,
                          size_t unit_index, Scratch* scratch,
                          std::vector<RuleMatch>* out, MatchStats* stats);
  static void FindGroups(const Rule& rule, Scratch* scratch,
                         std::vector<RuleMatch>* out, MatchStats* stats);
  // The unit as `words` classes it, classified into a slot of
  // scratch->mapped unless it is there already.
  static const WordClasses::Mapped& Classify(const WordClasses& words,
                                             std::string_view unit,
                                             size_t unit_index,
                                             Scratch* scratch);
  // The rules whose trigger fires in `unit`, or that have none, in rule
  // order, replacing *candidates. `fired`, when not null, has bit k set
  // for each trigger k that fires in it (the triggers' own program found
  // them); else RE2's set finds them.
  void Candidates(std::string_view unit, std::vector<int>* candidates,
                  const uint64_t* fired = nullptr) const;
  // Builds set_ from the distinct triggers (trigger_rules_), and their
  // program unless a copy shares it already. False when RE2 rejects one
  // (*failed is its index in the set, *error says why) or they exceed the
  // set's memory budget (*failed is -1).
  bool CompileTriggerSet(int* failed, std::string* error);
  std::vector<std::unique_ptr<Rule>> rules_;
  std::unique_ptr<SegmentCache> segments_;  // the rules' group finders'
  std::map<std::string, std::vector<std::string>> words_;
  std::vector<std::string> abbreviations_;
  std::unique_ptr<re2::RE2::Set> set_;  // of distinct triggers
  // The same triggers as one program of our own (Program::CreateSet()),
  // by the same indexes; null when it cannot run them (RE2 alone then).
  std::shared_ptr<const Program> trigger_program_;
  std::vector<std::vector<int>> trigger_rules_;  // set index -> rules
  std::vector<int> untriggered_;                 // rules tried everywhere
};

}  // namespace whosaid::rules

#endif  // WHOSAID_RULES_RULE_SET_H_
