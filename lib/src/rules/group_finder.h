// Rules stage: the groups of a match whose extent is already known, found
// with RE2's DFA on the parts of the pattern instead of its NFA on the whole.
//
// Why: RE2 finds the extent of a match with its DFA, but the groups need its
// NFA (its faster backtracker only runs programs of at most 512
// instructions, and rules with word lists have thousands). The NFA's cost
// grows with the program: 10–40 µs per match, most of the extraction time.
//
// How: a pattern whose top level is a sequence (no top-level `|`) is cut
// into segments at the edges of its top-level capturing groups:
//
//   ^ | (?P<claim>…) | [ ] | (?P<source>…) | [ ](?:{AUX}[ ])? | (?P<cue>…) | …$
//
// A backtracking matcher, whose choices RE2's leftmost-first semantics
// reproduce, tries each segment's parses in priority order and goes on with
// the first one that completes the segment. A DFA gives where that first
// parse ends (a match anchored at the segment's start, without groups): the
// segment's own Program's (program.h), with its states per thread, else
// RE2's. So
// for a match [b, e): the first segment's first parse from b ends at p1, the
// second's from p1 at p2, and so on; if the last segment matches [pN, e)
// exactly, that path is the first the backtracker completes, and the groups
// are the segments' spans. A group nested inside a segment (a via group in
// an optional "(?:, according to (?P<via>…))?") comes from RE2's extraction
// on that segment's smaller program. When a segment's first parse leads
// nowhere (a source read as the name "The" in "The parties said"), Find()
// gives up and the caller parses the whole match with the rule's
// Program (program.h), or RE2's own extraction: the groups are
// always the ones RE2 would give.
#ifndef WHOSAID_RULES_GROUP_FINDER_H_
#define WHOSAID_RULES_GROUP_FINDER_H_

#include <re2/re2.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "rules/program.h"

namespace whosaid::rules {

// Compiled segments, shared by the rules of a set: most rules have the same
// source and cue groups, and one RE2 each keeps one DFA cache instead of
// one per rule. Thread-safe.
class SegmentCache {
 public:
  explicit SegmentCache(const RE2::Options& options) : options_(options) {}
  // The compiled `pattern`, null when RE2 rejects it; *program is set to
  // it as our own program (program.h) when that has a DFA, else null.
  const RE2* Get(const std::string& pattern, const Program** program);

 private:
  struct Compiled {
    std::unique_ptr<RE2> re;
    std::unique_ptr<Program> program;
  };
  RE2::Options options_;
  std::mutex mu_;
  std::map<std::string, Compiled> compiled_;
};

// The DFA states of programs, built by one thread (RuleSet::Scratch).
using DfaCaches = std::map<const Program*, Program::DfaCache>;

class GroupFinder {
 public:
  // Null when `pattern` (macros expanded, valid for RE2) has a top-level
  // alternation or flag group, or too few segments to gain anything.
  // `cache` compiles the segments on first use and must outlive the finder.
  static std::unique_ptr<GroupFinder> Create(const std::string& pattern,
                                             SegmentCache* cache);
  ~GroupFinder();

  // For the match text[begin, end) of the whole pattern (found with the
  // same context `text`), sets groups[0..n): groups[0] is the match, a
  // group that took no part is null. False when the segments cannot decide;
  // `groups` is then unspecified. Thread-safe.
  bool Find(const re2::StringPiece& text, size_t begin, size_t end,
            re2::StringPiece* groups, int n) const;

  // A match whose groups are wanted, for FindAll().
  struct Job {
    re2::StringPiece text;  // the context, as for Find()
    size_t begin = 0;       // the match text[begin, end)
    size_t end = 0;
    re2::StringPiece* groups = nullptr;  // set as by Find()
    int n = 0;
    // Where the lead's (Lead()) first parse from `begin` ends, when the
    // caller found it already (searching for the lead); kUnknown if not.
    static constexpr size_t kUnknown = static_cast<size_t>(-1);
    size_t lead_end = kUnknown;
    bool ok = false;  // Find()'s result, set by FindAll()
    // FindAll()'s own progress.
    size_t at = 0;
    bool counted = false;
  };
  // Find() for every job, segment by segment: each segment's DFA walks all
  // the matches in a row, so that it stays in the CPU caches instead of
  // taking turns with the other segments' and the whole pattern's. With
  // `caches` (this thread's), the segments' own programs walk first
  // (Step()).
  void FindAll(Job* jobs, size_t count, DfaCaches* caches = nullptr) const;

  // Find() stops trying (returns false at once) for a pattern whose segments
  // fail on most of its first kMinTries matches: a rule whose claim is a
  // lazy `.+?` (its first parse is one character) would only pay for the
  // DFA runs before RE2's extraction. The output does not depend on it.
  static constexpr uint32_t kMinTries = 64;

  // The first segment when it is plain (no group) and consumes text, such
  // as "{CLAUSE_START}": every match of the pattern begins with a match of
  // it. Null otherwise. Thread-safe.
  const RE2* Lead() const;
  // When capturing group `group` is a segment of its own (a whole group,
  // not repeated), the regex of that segment: every match of the pattern
  // contains a match of it. Null otherwise. Thread-safe.
  const RE2* Part(int group) const;
  // Part()'s segment as our own program, null when it has no DFA.
  const Program* PartProgram(int group) const;

  // Segments, for tests and the profiler.
  size_t size() const;

 private:
  struct Segment;
  GroupFinder();
  void Compile() const;
  void EnsureCompiled() const;  // Compile() once, thread-safe
  // The segment that is all of capture `group`, or null.
  const Segment* WholeGroup(int group) const;
  // Segment j of the chain of first parses from job->at: false when it does
  // not match there, else sets its groups and moves job->at past it.
  // `cache`: for the segment's own program, when it has one.
  bool Step(size_t j, Job* job, Program::DfaCache* cache) const;

  std::vector<Segment> segments_;
  SegmentCache* cache_ = nullptr;
  std::string pattern_;
  // The segments' regexes are compiled on first use: a rule set is often
  // loaded to check or test rules, and most rules never match.
  mutable std::once_flag compiled_;
  mutable std::atomic<bool> compiled_flag_{false};  // set once compiled
  mutable bool ok_ = false;
  mutable std::atomic<uint32_t> tries_{0};
  mutable std::atomic<uint32_t> misses_{0};
};

}  // namespace whosaid::rules

#endif  // WHOSAID_RULES_GROUP_FINDER_H_
