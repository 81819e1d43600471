// Rules stage: the groups of a match whose extent is known, found by a
// backtracking matcher of our own over code points.
//
// Why: RE2 finds a match's extent with its DFA, but its groups need one of
// its parsers, and the fast one (BitState, a memoising backtracker) only
// runs programs of at most 512 instructions. The rules' programs have
// thousands (a word class is a chain of UTF-8 byte ranges), so RE2 runs its
// NFA, which steps every live thread over every byte: 5–10 µs a match.
// GroupFinder settles most matches without it; this matcher settles the
// rest. A character class is one instruction here, so the programs are a
// fraction of RE2's.
//
// Semantics: RE2's leftmost-first (Perl) order of parses. Alternatives are
// tried left to right, greedy repeats take as much as they can first, lazy
// ones as little. For a match [b, e) that RE2 found, RE2's parse is the
// first in that order among the parses from b; it ends at e, so it is also
// the first parse from b that ends at e, which is what Find() returns. Like
// RE2's BitState, the matcher remembers each (instruction, position) it has
// left without success and never tries it again: linear in the program
// times the match. It also knows, for each instruction, which characters
// a path from it can read first (as "atoms": the runs of code points no
// class of the pattern tells apart), and does not take a path that cannot
// read the next one.
//
// The syntax handled is the part of RE2's that rules use: literals and
// escapes (\x{…}, \xHH, \s \d \w and their negations, escaped punctuation),
// classes, `.`, `^`, `$`, `\b`, `\B`, `\A`, `\z`, groups (?:…) and
// (?P<name>…), `|`, and repeats `* + ? {n} {n,} {n,m}` with their lazy
// forms. Anything else (flags, \p{…}, \Q…\E, a repeat whose body can match
// nothing) makes Create() return null, and the caller keeps RE2's parser.
#ifndef WHOSAID_RULES_BACKTRACKER_H_
#define WHOSAID_RULES_BACKTRACKER_H_

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace whosaid::rules {

class Backtracker {
 public:
  // Null when `pattern` (RE2 syntax, UTF-8, RE2's default options) uses
  // syntax this matcher does not handle, or its program would be too large.
  static std::unique_ptr<Backtracker> Create(const std::string& pattern);
  ~Backtracker();

  // Scratch memory of Find(), reused between calls; one per thread.
  struct Scratch {
    std::vector<uint64_t> visited;
    std::vector<uint64_t> jobs;
    std::vector<const char*> caps;
    std::vector<uint16_t> atoms;   // of the character at each position
    std::vector<uint8_t> lengths;  // its bytes
  };

  // For the match text[begin, end) (RE2's leftmost-first match, found with
  // the same context `text`), sets groups[0..n) as RE2 would: groups[0] is
  // the match, a group that took no part is null. False when the match is
  // too long for the memory bound (kMaxVisitedBits) or no parse from
  // `begin` ends at `end` (not RE2's match); `groups` is then unspecified.
  bool Find(const re2::StringPiece& text, size_t begin, size_t end,
            re2::StringPiece* groups, int n, Scratch* scratch) const;

  // The memo's bound: joins (instructions more than one leads to) times
  // (match bytes + 1).
  static constexpr size_t kMaxVisitedBits = size_t{1} << 22;
  static constexpr size_t kMaxInstructions = 1 << 16;
  static constexpr size_t kMaxAtoms = 4096;

  size_t size() const { return program_.size(); }  // instructions
  int groups() const { return groups_; }           // capturing groups

  // One instruction: match a character of a class (kClass), try `out`
  // and then `out1` (kSplit), record the position in a group's slot
  // (kSave), check an empty-width assertion (kAssert), or end (kMatch).
  struct Inst {
    uint8_t op = 0;
    // Whether a path from here can reach kMatch without reading.
    bool nullable = false;
    uint32_t out = 0;   // the next instruction (kSplit: the preferred one)
    uint32_t out1 = 0;  // kSplit: the other
    // kClass: its atoms (a set, see Has(); while compiling, the index of
    // its first range, with `count` ranges); kSave: slot; kAssert: kind.
    uint32_t arg = 0;
    uint32_t count = 0;
    uint32_t first = 0;  // the set of atoms a path from here can read first
    // Its row in Find()'s memo, kNoMemo for an instruction only one other
    // leads to: a state reached twice is reached twice through a join.
    uint32_t memo = 0;
  };
  static constexpr uint32_t kNoMemo = static_cast<uint32_t>(-1);

 private:
  Backtracker() = default;
  // Sets of atoms, words_ 64-bit words each.
  bool Has(uint32_t set, uint16_t atom) const {
    return (sets_[set * words_ + atom / 64] >> (atom % 64)) & 1;
  }
  uint16_t AtomOf(char32_t c) const;
  // Cuts the code points into atoms at the edges of `ranges` (every
  // class's) and sets each instruction's sets; false when there are too
  // many atoms.
  bool BuildAtoms(const std::vector<std::pair<char32_t, char32_t>>& ranges);

  std::vector<Inst> program_;
  std::vector<char32_t> bounds_;     // atom i is [bounds_[i], bounds_[i + 1])
  std::vector<uint16_t> low_atoms_;  // the atoms of U+0000–U+04FF
  uint16_t invalid_atom_ = 0;  // of bytes that are no character: in no set
  size_t words_ = 0;
  std::vector<uint64_t> sets_;
  int groups_ = 0;
  uint32_t start_ = 0;  // the first instruction
  uint32_t memo_rows_ = 0;
};

}  // namespace whosaid::rules

#endif  // WHOSAID_RULES_BACKTRACKER_H_
