// Rules stage: a rule's pattern compiled to a program of our own over code
// points, where a character class is one instruction, and two ways to run
// it: a backtracker for the groups of a match whose extent is known, and a
// lazy DFA for where a match anchored at a place ends.
//
// Why: RE2 finds a match's extent with its DFA, but its groups need one of
// its parsers, and the fast one (BitState, a memoising backtracker) only
// runs programs of at most 512 instructions. The rules' programs have
// thousands (a word class is a chain of UTF-8 byte ranges), so RE2 runs its
// NFA, which steps every live thread over every byte: 5–10 µs a match.
// GroupFinder settles most matches without it; Find() settles the rest.
// The anchored attempts at a rule's leads (RuleSet::MatchRule) walk a few
// words each, tens of thousands of times a megabyte: RE2's DFA steps byte
// by byte with a lock and a setup per call, and its states for those
// attempts take megabytes on new text. MatchEnd() steps a character at a
// time, and its states stay with the thread that built them.
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
// classes, `.`, `^`, `$`, `\b`, `\B`, `\A`, `\z`, groups (?:…), (?s:…) and
// (?P<name>…), `|`, and repeats `* + ? {n} {n,} {n,m}` with their lazy
// forms. Anything else (other flags, \p{…}, \Q…\E, a repeat whose body can
// match nothing) makes Create() return null, and the caller keeps RE2.
#ifndef WHOSAID_RULES_PROGRAM_H_
#define WHOSAID_RULES_PROGRAM_H_

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid::rules {

class Program {
 public:
  // Null when `pattern` (RE2 syntax, UTF-8, RE2's default options) uses
  // syntax this matcher does not handle, or its program would be too large.
  static std::unique_ptr<Program> Create(const std::string& pattern);
  ~Program();

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

  // Where RE2's leftmost-first match anchored at `begin` (RE2::ANCHOR_START)
  // ends, found with a lazy DFA over atoms built from the same program:
  // one step a character, its states built as the text needs them and kept
  // in `cache` (per thread, so that no lock is taken). The DFA walks until
  // no thread is left, like RE2's: a state is the ordered list of threads
  // still alive, cut after the first that has matched, and the match ends
  // where the last state that held a match was. kTooLong when the cache is
  // full (it starts over at the next call): the caller asks RE2 then.
  struct DfaCache {
    // The program whose states these are (Program::serial_: an address
    // could be taken again by another program).
    uint64_t owner = 0;
    std::vector<uint32_t> threads;  // every state's, in a row
    // One cache line: a step reads the state and, most of the time, finds
    // its next state among the first transitions taken from it, here.
    struct alignas(64) State {
      uint32_t first = 0;  // in `threads`
      uint32_t count = 0;
      bool matched = false;  // a parse ends here
      int8_t at_end = -1;    // whether one ends here at the text's end
      uint8_t inline_count = 0;
      static constexpr int kInline = 8;
      uint16_t column[kInline];
      uint32_t to[kInline];
      uint32_t row = kUnknown;  // in `rows`, once the line is full
    };
    std::vector<State> states;
    // The transitions of a state with more than kInline (a hub, such as
    // the start, that many words lead from): a row of `columns` entries,
    // kUnknown where not known yet, read with one load.
    std::vector<uint32_t> rows;
    size_t columns = 0;  // the program's
    uint32_t Find(uint32_t state, uint16_t column) const {
      const State& st = states[state];
      if (st.row != kUnknown) return rows[size_t{st.row} * columns + column];
      for (int k = 0; k < st.inline_count; ++k) {
        if (st.column[k] == column) return st.to[k];
      }
      return kUnknown;
    }
    void Add(uint32_t state, uint16_t column, uint32_t to);
    // The states by their threads: open addressing over state ids + 1.
    std::vector<uint32_t> index;
    static uint64_t Hash(const uint32_t* threads, size_t count);
    // Anchored and unanchored (Search()), not at / at the text's start.
    uint32_t start[4] = {kUnknown, kUnknown, kUnknown, kUnknown};
    // CanReadTwo()'s answers by the columns of two characters: a row of
    // `columns` (kPairUnknown, kPairDead, kPairAlive) in `pairs` for each
    // first column met, by pair_row (-1: none yet).
    std::vector<int32_t> pair_row;
    std::vector<uint8_t> pairs;
    enum : uint8_t { kPairUnknown, kPairDead, kPairAlive };
    std::vector<uint32_t> work;
    std::vector<uint8_t> seen;
    static constexpr uint32_t kUnknown = 0xFFFFFFFF;
    static constexpr uint32_t kDead = 0x0FFFFFFE;
    // State ids stay below kDead.
    static constexpr uint32_t kMaxStates = 1u << 23;
    // A cache that grows beyond this starts over (RuleSet::Scratch also
    // drops them all when the rules are compiled again for the memory
    // budget).
    static constexpr size_t kMaxBytes = 4 << 20;
    size_t max_bytes = kMaxBytes;
    size_t bytes = 0;
    void Clear();
  };
  enum Outcome { kMatched, kNoMatch, kTooLong };
  // `walked`, when given, is set to how far the walk read (not when
  // kTooLong).
  Outcome MatchEnd(const re2::StringPiece& text, size_t begin, size_t* end,
                   DfaCache* cache, size_t* walked = nullptr) const;
  // RE2's unanchored search from `pos` (RE2::UNANCHORED): the same DFA
  // with a thread started at every character, of the lowest priority, so
  // that the walk ends where the leftmost match ends; then the first place
  // from `pos` where MatchEnd() finds a match is where it begins.
  Outcome Search(const re2::StringPiece& text, size_t pos, size_t* begin,
                 size_t* end, DfaCache* cache) const;
  // The first place at or after `p` where a match can begin, as far as
  // its first byte tells (any place at the text's start, where ^ may
  // hold): a cheap filter before MatchEnd(). kNoStart when there is none.
  size_t NextStart(std::string_view text, size_t p) const;
  static constexpr size_t kNoStart = static_cast<size_t>(-1);

  // False when MatchEnd() at text[q] (not the text's start) finds no match
  // because the DFA dies on the first two characters: a cheap filter
  // before it, answered from a table of the pairs of columns met so far
  // (in `cache`, whose states MatchEnd() has set up). True when in doubt.
  bool CanReadTwo(std::string_view text, size_t q, DfaCache* cache) const;

  // Whether MatchEnd() can run this pattern: not with \b or \B, which
  // would need to know the character before each state.
  bool has_dfa() const { return dfa_ok_; }

  // Several patterns as one program, for RE2::Set's question (unanchored):
  // which of them match somewhere in a text. Each pattern ends in a match
  // instruction of its own. Null when a pattern uses syntax this matcher
  // does not handle, or there are more than kMaxSetPatterns.
  static std::unique_ptr<Program> CreateSet(
      const std::vector<std::string>& patterns);
  static constexpr size_t kMaxSetPatterns = 64;

  // The set's lazy DFA. Order does not matter here: a state is the set of
  // instructions threads wait at (a class to read, or \b, \B or $, which
  // need the next character), with whether the character before was a
  // word character, whether it is the text's start, and the patterns
  // that matched on the step into it. A pattern starts at every
  // character: what its start leads to on each column is worked out once
  // (`started`), as the start reaches thousands of instructions. A
  // state's transitions are a row of `columns_` entries.
  struct SetCache {
    uint64_t owner = 0;  // Program::serial_
    struct State {
      uint32_t first = 0;  // in `leaves`
      uint32_t count = 0;
      uint64_t mask = 0;    // patterns that matched on the step here
      uint64_t at_end = 0;  // patterns that match if the text ends here
      bool end_known = false;
      bool prev_word = false;
      bool at_begin = false;
    };
    std::vector<State> states;
    std::vector<uint32_t> leaves;  // every state's, in a row, sorted
    // By row (a state's id times SetStride()) and column: kUnknown, or
    // the next state's row, with kMaskBit when that state's mask is not
    // empty. Rows, not ids, so that a step needs no multiplication.
    std::vector<uint32_t> next;
    std::vector<uint32_t> index;  // the states by key: ids + 1
    uint32_t start = kUnknown;    // a row
    // A pattern started before the character in `column` and stepped over
    // it, by (at the text's start, a word character before, column): the
    // instructions reached and the patterns matched.
    struct Started {
      bool known = false;
      std::vector<uint32_t> leaves;
      uint64_t mask = 0;
    };
    std::vector<Started> started;
    // The start's closure before a character, by (at the text's start, a
    // word character before, a word character next): the instructions
    // waiting to read it, and the patterns matched.
    struct StartClosure {
      bool known = false;
      std::vector<uint32_t> ready;
      uint64_t mask = 0;
    };
    StartClosure start_closures[8];
    // A pattern started at the text's end, by (at its start, a word
    // character before): the patterns matched, once known.
    uint64_t started_at_end[4] = {};
    bool started_at_end_known[4] = {};
    // Closures' scratch: the instructions met in this one (stamp).
    std::vector<uint32_t> work;
    std::vector<uint32_t> ready;
    std::vector<uint32_t> stepped;
    std::vector<uint32_t> met;
    uint32_t stamp = 0;
    void NextStamp() {
      if (++stamp == 0) {  // wrapped: no entry may look met
        std::fill(met.begin(), met.end(), 0);
        stamp = 1;
      }
    }
    static constexpr uint32_t kUnknown = 0xFFFFFFFF;
    static constexpr uint32_t kMaskBit = 0x80000000;
    // Every row's last entry: not an ASCII character, for the long way
    // (it has kMaskBit, so the fast steps stop at it).
    static constexpr uint32_t kEscape = 0xFFFFFFFE;
    // A cache that grows beyond this starts over at the next call; the
    // texts that find it full are not answered (`ok`). After kMaxFills
    // starts over, it answers nothing more, until another program uses it.
    static constexpr size_t kMaxBytes = 8 << 20;
    static constexpr int kMaxFills = 2;
    size_t max_bytes = kMaxBytes;
    size_t bytes = 0;
    int fills = 0;
    void Clear();
  };
  // Sets bit k of *fired when pattern k matches somewhere in `text`.
  // False when the cache is full (the caller asks RE2).
  bool MatchSet(std::string_view text, uint64_t* fired, SetCache* c) const;
  // The same for texts[0, count): fired[i] for texts[i] where ok[i] is
  // set (not where the cache was full). The texts are walked kSetLanes at
  // a time, side by side: a step waits for its transition to come from
  // memory, and the steps of other texts go on meanwhile.
  void MatchSets(const std::string_view* texts, size_t count, uint64_t* fired,
                 uint8_t* ok, SetCache* c) const;
  static constexpr int kSetLanes = 4;

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
  Program() = default;
  // Sets of atoms, words_ 64-bit words each.
  bool Has(uint32_t set, uint16_t atom) const {
    return (sets_[set * words_ + atom / 64] >> (atom % 64)) & 1;
  }
  uint16_t AtomOf(char32_t c) const;
  // The atom of the character at text[p] and its length; a byte that
  // begins no character is invalid_atom_, one byte long.
  uint16_t AtomAt(std::string_view text, size_t p, size_t* len) const;
  // The column of the character at text[p] and its length: below U+0500
  // (ASCII, and the class strings' classes) by one table, else AtomAt()'s.
  uint16_t ColumnAt(std::string_view text, size_t p, size_t* len) const {
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    const unsigned b = t[p];
    if (b < 0x80) {
      *len = 1;
      return low_columns_[b];
    }
    if (b >= 0xC2 && b <= 0xD3 && p + 1 < text.size() &&
        (t[p + 1] & 0xC0) == 0x80) {
      *len = 2;
      return low_columns_[((b & 0x1F) << 6) | (t[p + 1] & 0x3F)];
    }
    if (b >= 0xE0 && b <= 0xEF && p + 2 < text.size() &&
        (t[p + 1] & 0xC0) == 0x80 && (t[p + 2] & 0xC0) == 0x80) {
      const uint16_t column =
          block_columns_[((b & 0x0F) << 6) | (t[p + 1] & 0x3F)];
      if (column != kMixedBlock) {
        *len = 3;
        return column;
      }
    }
    return column_[AtomAt(text, p, len)];
  }
  void SetLowColumns();  // from low_atoms_ and column_
  // Cuts the code points into atoms at the edges of `ranges` (every
  // class's) and sets each instruction's sets; false when there are too
  // many atoms.
  bool BuildAtoms(const std::vector<std::pair<char32_t, char32_t>>& ranges);
  // The DFA: the state of the threads from instruction `pc` (at the text's
  // start when `at_begin`) appended to `out` in order, cut after a match;
  // a state's id for a list of threads; the next state.
  void AddThreads(uint32_t pc, bool at_begin, bool at_end, DfaCache* c,
                  std::vector<uint32_t>* out) const;
  uint32_t StateOf(const std::vector<uint32_t>& threads, DfaCache* c) const;
  uint32_t Next(uint32_t state, uint16_t atom, DfaCache* c) const;
  bool MatchesAtEnd(uint32_t state, bool at_begin, DfaCache* c) const;
  // The set's DFA (CreateSet()): the closure from `pc`, as far as the
  // context decides (with `known`, the next character's kind is known);
  // its leaves are appended, its matches or'ed into *mask.
  struct SetContext {
    bool known = false;  // the next character (or the end) is known
    bool at_begin = false;
    bool at_end = false;
    bool prev_word = false;
    bool next_word = false;
  };
  void SetClosure(uint32_t pc, const SetContext& ctx, SetCache* c,
                  std::vector<uint32_t>* leaves, uint64_t* mask) const;
  // The state's row for these leaves (sorted, no repeats), kUnknown when
  // the cache is full.
  uint32_t SetStateOf(std::vector<uint32_t>* leaves, bool prev_word,
                      bool at_begin, uint64_t mask, SetCache* c) const;
  uint32_t SetNext(uint32_t state, uint16_t column, SetCache* c) const;
  const SetCache::Started& SetStarted(bool at_begin, bool prev_word,
                                      uint16_t column, SetCache* c) const;
  // Each class instruction of `ready` that reads the atom, stepped over it
  // and closed (not at the start, the next character unknown): the leaves
  // appended to *out, the matches or'ed into *mask.
  void SetStep(const std::vector<uint32_t>& ready, uint16_t atom, SetCache* c,
               std::vector<uint32_t>* out, uint64_t* mask) const;
  uint64_t SetAtEnd(uint32_t state, SetCache* c) const;
  // The walk of MatchEnd() (unanchored: of Search()) from `begin`.
  Outcome Walk(std::string_view text, size_t begin, bool unanchored,
               size_t* end, DfaCache* c, size_t* walked = nullptr) const;
  // In a state's threads, the one that starts a new thread at the next
  // character (Search()): always the last.
  uint32_t restart() const { return static_cast<uint32_t>(program_.size()); }
  bool IsMatch(uint32_t t) const;
  // Sets start_bytes_ and starts_anywhere_ (Create()).
  void FindStartBytes();

  std::vector<Inst> program_;
  std::vector<char32_t> bounds_;     // atom i is [bounds_[i], bounds_[i + 1])
  std::vector<uint16_t> low_atoms_;  // the atoms of U+0000–U+04FF
  uint16_t invalid_atom_ = 0;  // of bytes that are no character: in no set
  size_t words_ = 0;
  std::vector<uint64_t> sets_;
  // The DFA reads atoms as columns: atoms in the same classes share one.
  std::vector<uint16_t> column_;       // by atom (and invalid_atom_)
  std::vector<uint16_t> low_columns_;  // by code point, of low_atoms_
  // The column of every character of a block of 64 that three bytes encode
  // (U+0800..U+FFFF), by its first two bytes' bits, or kMixedBlock where
  // the block's characters are in several atoms (or not valid UTF-8): text
  // in other scripts than the patterns' takes no search of the atoms.
  static constexpr uint16_t kMixedBlock = 0xFFFF;
  std::array<uint16_t, 1024> block_columns_{};
  size_t columns_ = 0;
  int groups_ = 0;
  uint32_t start_ = 0;   // the first instruction
  uint64_t serial_ = 0;  // unique to this program, never 0
  uint32_t memo_rows_ = 0;
  bool dfa_ok_ = true;
  // NextStart()'s: the bytes a match not at the text's start can begin
  // with; whether it can be empty there (then it can begin anywhere).
  bool start_bytes_[256] = {};
  bool starts_anywhere_ = false;
  // CreateSet()'s: per column, an atom in it and whether it is a word
  // character (\b's \w); the column of each byte in MatchSets()' fast
  // steps: an ASCII character's, or for the first byte of any other
  // character the row's last entry (SetStride()), which holds kEscape.
  std::vector<uint16_t> column_atom_;
  std::vector<uint8_t> column_word_;
  uint16_t byte_column_[256] = {};
  // A set state's row: an entry per column, then kEscape.
  size_t SetStride() const { return columns_ + 1; }
};

}  // namespace whosaid::rules

#endif  // WHOSAID_RULES_PROGRAM_H_
