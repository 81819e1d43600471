#include "rules/program.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "text/utf8.h"

namespace whosaid::rules {

using Ranges = std::vector<std::pair<char32_t, char32_t>>;

namespace {

constexpr char32_t kMaxRune = 0x10FFFF;
constexpr int kMaxDepth = 1000;  // nesting of groups and repeats
constexpr int kInfinite = -1;    // a repeat's unbounded maximum

enum Op : uint8_t { kClass, kSplit, kSave, kAssert, kMatch };
enum Assertion : uint32_t {
  kBeginText,
  kEndText,
  kWordBoundary,
  kNotWordBoundary
};

// The parsed pattern.
struct Node {
  enum Kind {
    kEmpty,
    kChars,
    kAssertion,
    kConcat,
    kAlternate,
    kRepeat,
    kGroup
  };
  Kind kind = kEmpty;
  Ranges ranges;           // kChars: sorted, disjoint
  Assertion assertion{};   // kAssertion
  std::vector<Node> kids;  // kConcat, kAlternate; one for kRepeat, kGroup
  int min = 0;             // kRepeat
  int max = 0;             // kRepeat; kInfinite
  bool greedy = true;      // kRepeat
  int group = -1;          // kGroup: capturing group index, -1 for (?:…)
};

Ranges Normalized(Ranges r) {
  std::sort(r.begin(), r.end());
  Ranges out;
  for (const auto& [lo, hi] : r) {
    if (!out.empty() && lo <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, hi);
    } else {
      out.emplace_back(lo, hi);
    }
  }
  return out;
}

Ranges Complement(const Ranges& r) {
  Ranges out;
  char32_t next = 0;
  for (const auto& [lo, hi] : Normalized(r)) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= kMaxRune) out.emplace_back(next, kMaxRune);
  return out;
}

// Decodes valid UTF-8 at s[i]; -1 (and *len 0) when it is not.
int32_t Decode(std::string_view s, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  size_t n;
  char32_t c;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    c = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    c = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    c = b0 & 0x07;
  } else {
    *len = 0;
    return -1;
  }
  if (i + n > s.size()) {
    *len = 0;
    return -1;
  }
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *len = 0;
      return -1;
    }
    c = (c << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[n] || c > kMaxRune || (c >= 0xD800 && c <= 0xDFFF)) {
    *len = 0;
    return -1;
  }
  *len = n;
  return static_cast<int32_t>(c);
}

bool IsAsciiWord(unsigned char c) { return text::IsAsciiAlnum(c) || c == '_'; }

// RE2's syntax, the part rules use (program.h); `ok` false on anything
// else.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  bool Parse(Node* root) {
    *root = Alternation(0);
    return ok_ && i_ == p_.size();
  }
  int groups() const { return groups_; }

 private:
  bool Fail() {
    ok_ = false;
    return false;
  }
  bool More() const { return ok_ && i_ < p_.size(); }

  Node Alternation(int depth) {
    Node alt;
    alt.kind = Node::kAlternate;
    if (depth > kMaxDepth) {
      Fail();
      return alt;
    }
    alt.kids.push_back(Concatenation(depth));
    while (More() && p_[i_] == '|') {
      ++i_;
      alt.kids.push_back(Concatenation(depth));
    }
    if (alt.kids.size() == 1) return std::move(alt.kids[0]);
    return alt;
  }

  Node Concatenation(int depth) {
    Node cat;
    cat.kind = Node::kConcat;
    while (More() && p_[i_] != '|' && p_[i_] != ')') {
      Node atom = Atom(depth);
      if (!ok_) break;
      Repeats(&atom);
      cat.kids.push_back(std::move(atom));
    }
    if (cat.kids.size() == 1) return std::move(cat.kids[0]);
    return cat;
  }

  // "{n}", "{n,}" or "{n,m}" at i_: sets *min, *max and the end.
  bool RepeatBounds(size_t i, int* min, int* max, size_t* end) const {
    if (i >= p_.size() || p_[i] != '{') return false;
    auto number = [&](size_t* j, int* v) {
      size_t start = *j;
      long n = 0;
      while (*j < p_.size() && p_[*j] >= '0' && p_[*j] <= '9') {
        n = n * 10 + (p_[*j] - '0');
        if (n > 1000) return false;  // RE2's limit
        ++*j;
      }
      *v = static_cast<int>(n);
      return *j > start;
    };
    size_t j = i + 1;
    if (!number(&j, min)) return false;
    *max = *min;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      *max = kInfinite;
      if (j < p_.size() && p_[j] != '}' && !number(&j, max)) return false;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    if (*max != kInfinite && *max < *min) return false;
    *end = j + 1;
    return true;
  }

  void Repeats(Node* atom) {
    bool repeated = false;
    while (More()) {
      int min = 0, max = 0;
      size_t end = i_ + 1;
      const char c = p_[i_];
      if (c == '*') {
        max = kInfinite;
      } else if (c == '+') {
        min = 1;
        max = kInfinite;
      } else if (c == '?') {
        max = 1;
      } else if (!RepeatBounds(i_, &min, &max, &end)) {
        return;
      }
      // RE2 rejects a repeat of a repeat ("a**"); so does this parser.
      if (repeated || atom->kind == Node::kAssertion ||
          atom->kind == Node::kEmpty) {
        Fail();
        return;
      }
      i_ = end;
      Node r;
      r.kind = Node::kRepeat;
      r.min = min;
      r.max = max;
      if (i_ < p_.size() && p_[i_] == '?') {
        r.greedy = false;
        ++i_;
      }
      r.kids.push_back(std::move(*atom));
      *atom = std::move(r);
      repeated = true;
    }
  }

  static Node Chars(Ranges r) {
    Node n;
    n.kind = Node::kChars;
    n.ranges = Normalized(std::move(r));
    return n;
  }
  static Node AssertionNode(Assertion a) {
    Node n;
    n.kind = Node::kAssertion;
    n.assertion = a;
    return n;
  }

  Node Atom(int depth) {
    const char c = p_[i_];
    if (c == '(') return Group(depth);
    if (c == '[') return Class();
    if (c == '.') {
      ++i_;
      if (dot_all_) return Chars({{0, kMaxRune}});
      return Chars({{0, '\n' - 1}, {'\n' + 1, kMaxRune}});
    }
    if (c == '^') {
      ++i_;
      return AssertionNode(kBeginText);
    }
    if (c == '$') {
      ++i_;
      return AssertionNode(kEndText);
    }
    if (c == '*' || c == '+' || c == '?' || c == ')' || c == ']') {
      Fail();
      return Node();
    }
    int min, max;
    size_t end;
    if (c == '{' && RepeatBounds(i_, &min, &max, &end)) {
      Fail();  // a repeat of nothing
      return Node();
    }
    if (c == '\\') {
      Node n;
      if (!Escape(false, &n)) Fail();
      return n;
    }
    size_t len;
    int32_t r = Decode(p_, i_, &len);
    if (r < 0) {
      Fail();
      return Node();
    }
    i_ += len;
    return Chars({{static_cast<char32_t>(r), static_cast<char32_t>(r)}});
  }

  Node Group(int depth) {
    Node g;
    g.kind = Node::kGroup;
    ++i_;  // (
    const bool dot_all = dot_all_;
    if (p_.compare(i_, 2, "?:") == 0) {
      i_ += 2;
    } else if (p_.compare(i_, 3, "?s:") == 0) {
      i_ += 3;  // (?s:…): `.` matches \n as well, inside the group
      dot_all_ = true;
    } else if (p_.compare(i_, 3, "?P<") == 0) {
      size_t close = p_.find('>', i_);
      if (close == std::string_view::npos) {
        Fail();
        return g;
      }
      i_ = close + 1;
      g.group = ++groups_;
    } else if (i_ < p_.size() && p_[i_] == '?') {
      Fail();  // flags, lookaround: not handled
      return g;
    } else {
      g.group = ++groups_;
    }
    g.kids.push_back(Alternation(depth + 1));
    dot_all_ = dot_all;
    if (!More() || p_[i_] != ')') {
      Fail();
      return g;
    }
    ++i_;
    return g;
  }

  // An escape at p_[i_] == '\\'. Inside a class only characters and the
  // Perl classes are allowed.
  bool Escape(bool in_class, Node* out) {
    if (i_ + 1 >= p_.size()) return false;
    const char e = p_[i_ + 1];
    i_ += 2;
    auto one = [&](char32_t r) {
      *out = Chars({{r, r}});
      return true;
    };
    switch (e) {
      case 'a':
        return one(7);
      case 'f':
        return one('\f');
      case 't':
        return one('\t');
      case 'n':
        return one('\n');
      case 'r':
        return one('\r');
      case 'v':
        return one('\v');
      case 'd':
        *out = Chars({{'0', '9'}});
        return true;
      case 'D':
        *out = Chars(Complement({{'0', '9'}}));
        return true;
      case 's':
      case 'S': {
        Ranges space = {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}};
        *out = Chars(e == 's' ? space : Complement(space));
        return true;
      }
      case 'w':
      case 'W': {
        Ranges word = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
        *out = Chars(e == 'w' ? word : Complement(word));
        return true;
      }
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        if (in_class) return false;
        *out = AssertionNode(e == 'b'   ? kWordBoundary
                             : e == 'B' ? kNotWordBoundary
                             : e == 'A' ? kBeginText
                                        : kEndText);
        return true;
      case 'x': {
        char32_t r = 0;
        if (i_ < p_.size() && p_[i_] == '{') {
          size_t close = p_.find('}', i_);
          if (close == std::string_view::npos || close == i_ + 1 ||
              close - i_ > 9) {
            return false;
          }
          for (size_t k = i_ + 1; k < close; ++k) {
            int d = HexDigit(p_[k]);
            if (d < 0) return false;
            r = r * 16 + static_cast<char32_t>(d);
          }
          i_ = close + 1;
        } else {
          if (i_ + 2 > p_.size()) return false;
          int h = HexDigit(p_[i_]), l = HexDigit(p_[i_ + 1]);
          if (h < 0 || l < 0) return false;
          r = static_cast<char32_t>(h * 16 + l);
          i_ += 2;
        }
        if (r > kMaxRune) return false;
        return one(r);
      }
      default:
        // Escaped ASCII punctuation stands for itself; letters, digits
        // (octal, back references) and the rest are not handled.
        if (static_cast<unsigned char>(e) < 0x80 &&
            !IsAsciiWord(static_cast<unsigned char>(e)) && e > ' ') {
          return one(static_cast<unsigned char>(e));
        }
        return false;
    }
  }

  static int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  Node Class() {
    ++i_;  // [
    bool negated = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negated = true;
      ++i_;
    }
    Ranges ranges;
    bool first = true;
    // One character of the class at i_ (a code point), or a Perl class
    // (*perl set) when allowed.
    auto character = [&](int32_t* r, Ranges* perl) -> bool {
      if (p_[i_] == '\\') {
        Node n;
        if (!Escape(true, &n) || n.kind != Node::kChars) return false;
        if (n.ranges.size() == 1 && n.ranges[0].first == n.ranges[0].second) {
          *r = static_cast<int32_t>(n.ranges[0].first);
          return true;
        }
        if (!perl) return false;
        *perl = n.ranges;
        *r = -1;
        return true;
      }
      if (p_.compare(i_, 2, "[:") == 0) return false;  // [:alpha:]
      size_t len;
      *r = Decode(p_, i_, &len);
      if (*r < 0) return false;
      i_ += len;
      return true;
    };
    for (;;) {
      if (i_ >= p_.size()) {
        Fail();
        return Node();
      }
      if (p_[i_] == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      int32_t lo;
      Ranges perl;
      if (!character(&lo, &perl)) {
        Fail();
        return Node();
      }
      if (lo < 0) {
        ranges.insert(ranges.end(), perl.begin(), perl.end());
        continue;
      }
      // A range "a-z"; a '-' before the closing ']' is literal.
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        int32_t hi;
        if (!character(&hi, nullptr) || hi < lo) {
          Fail();
          return Node();
        }
        ranges.emplace_back(lo, hi);
      } else {
        ranges.emplace_back(lo, lo);
      }
    }
    return Chars(negated ? Complement(ranges) : ranges);
  }

  std::string_view p_;
  size_t i_ = 0;
  bool ok_ = true;
  int groups_ = 0;
  bool dot_all_ = false;  // inside (?s:…)
};

bool Nullable(const Node& n) {
  switch (n.kind) {
    case Node::kChars:
      return false;
    case Node::kEmpty:
    case Node::kAssertion:
      return true;
    case Node::kConcat:
      for (const Node& k : n.kids) {
        if (!Nullable(k)) return false;
      }
      return true;
    case Node::kAlternate:
      for (const Node& k : n.kids) {
        if (Nullable(k)) return true;
      }
      return false;
    case Node::kRepeat:
      return n.min == 0 || Nullable(n.kids[0]);
    case Node::kGroup:
      return Nullable(n.kids[0]);
  }
  return true;
}

// Compiles right to left: each node is given the instruction that follows
// it and returns its own first one.
class Compiler {
 public:
  Compiler(std::vector<Program::Inst>* program, Ranges* ranges)
      : program_(program), ranges_(ranges) {}

  bool ok() const { return ok_; }

  uint32_t Emit(Program::Inst inst) {
    if (program_->size() >= Program::kMaxInstructions) {
      ok_ = false;
      return 0;
    }
    program_->push_back(inst);
    return static_cast<uint32_t>(program_->size() - 1);
  }

  uint32_t Split(uint32_t preferred, uint32_t other) {
    Program::Inst s{kSplit};
    s.out = preferred;
    s.out1 = other;
    return Emit(s);
  }

  uint32_t Compile(const Node& n, uint32_t next) {
    if (!ok_) return 0;
    switch (n.kind) {
      case Node::kEmpty:
        return next;
      case Node::kChars: {
        Program::Inst c{kClass};
        c.out = next;
        c.arg = static_cast<uint32_t>(ranges_->size());
        c.count = static_cast<uint32_t>(n.ranges.size());
        ranges_->insert(ranges_->end(), n.ranges.begin(), n.ranges.end());
        return Emit(c);
      }
      case Node::kAssertion: {
        Program::Inst a{kAssert};
        a.out = next;
        a.arg = n.assertion;
        return Emit(a);
      }
      case Node::kConcat:
        for (size_t k = n.kids.size(); k-- > 0;)
          next = Compile(n.kids[k], next);
        return next;
      case Node::kAlternate: {
        uint32_t entry = Compile(n.kids.back(), next);
        for (size_t k = n.kids.size() - 1; k-- > 0;) {
          entry = Split(Compile(n.kids[k], next), entry);
        }
        return entry;
      }
      case Node::kGroup: {
        if (n.group < 0) return Compile(n.kids[0], next);
        Program::Inst close{kSave};
        close.out = next;
        close.arg = static_cast<uint32_t>(2 * n.group + 1);
        Program::Inst open{kSave};
        open.out = Compile(n.kids[0], Emit(close));
        open.arg = static_cast<uint32_t>(2 * n.group);
        return Emit(open);
      }
      case Node::kRepeat:
        return Repeat(n, next);
    }
    return next;
  }

 private:
  // x{min,max}: min copies of x, then either a loop (no maximum) or
  // max - min nested optional copies, (x(x(x)?)?)?, as RE2 simplifies it.
  uint32_t Repeat(const Node& n, uint32_t next) {
    const Node& x = n.kids[0];
    uint32_t tail = next;
    if (n.max == kInfinite) {
      // A split that loops back: compiled first as a placeholder.
      uint32_t loop = Split(0, 0);
      uint32_t body = Compile(x, loop);
      if (!ok_) return 0;
      (*program_)[loop].out = n.greedy ? body : next;
      (*program_)[loop].out1 = n.greedy ? next : body;
      tail = loop;
    } else {
      for (int k = n.min; k < n.max && ok_; ++k) {
        uint32_t body = Compile(x, tail);
        tail = n.greedy ? Split(body, next) : Split(next, body);
      }
    }
    for (int k = 0; k < n.min && ok_; ++k) tail = Compile(x, tail);
    return tail;
  }

  std::vector<Program::Inst>* program_;
  Ranges* ranges_;
  bool ok_ = true;
};

// For a set of patterns only: alternatives that begin with the same
// class share it, recursively ("said|says|say" becomes "sa(?:id|ys|y)"),
// so that a DFA state holds one thread for each prefix of a word list, not
// one for each word. A set does not care about the order of alternatives,
// which this changes.
Node FactorAlternatives(Node n);

Node Factor(Node n) {
  for (Node& k : n.kids) k = Factor(std::move(k));
  if (n.kind != Node::kAlternate) return n;
  return FactorAlternatives(std::move(n));
}

// Factor() of an alternation whose alternatives are factored already: the
// tails it groups are made of factored nodes too, so only the new
// alternations of tails are factored, not their subtrees again (which
// Factor() would do once per level of the word lists' tries).
Node FactorAlternatives(Node n) {
  std::vector<Node> out;
  std::map<Ranges, std::vector<Node>> rests;  // by first class
  std::vector<Ranges> firsts;                 // in order
  for (Node& k : n.kids) {
    const bool chars = k.kind == Node::kChars;
    const bool starts = k.kind == Node::kConcat && !k.kids.empty() &&
                        k.kids[0].kind == Node::kChars;
    if (!chars && !starts) {
      out.push_back(std::move(k));
      continue;
    }
    Ranges first = chars ? k.ranges : k.kids[0].ranges;
    Node rest;
    rest.kind = Node::kConcat;
    if (starts) {
      rest.kids.assign(std::make_move_iterator(k.kids.begin() + 1),
                       std::make_move_iterator(k.kids.end()));
    }
    auto [it, added] = rests.try_emplace(first);
    if (added) firsts.push_back(std::move(first));
    it->second.push_back(std::move(rest));
  }
  for (const Ranges& first : firsts) {
    std::vector<Node>& tails = rests[first];
    Node head;
    head.kind = Node::kChars;
    head.ranges = first;
    Node cat;
    cat.kind = Node::kConcat;
    cat.kids.push_back(std::move(head));
    if (tails.size() == 1) {
      for (Node& t : tails[0].kids) cat.kids.push_back(std::move(t));
    } else {
      Node alt;
      alt.kind = Node::kAlternate;
      alt.kids = std::move(tails);
      cat.kids.push_back(FactorAlternatives(std::move(alt)));
    }
    out.push_back(std::move(cat));
  }
  if (out.size() == 1) return std::move(out[0]);
  n.kids = std::move(out);
  return n;
}

// Whether some repeat that may take its body more than once has a body
// that can match nothing: RE2 compiles those loops in its own way, which
// this matcher does not copy.
bool HasNullableLoop(const Node& n) {
  if (n.kind == Node::kRepeat && (n.max == kInfinite || n.max > 1) &&
      Nullable(n.kids[0])) {
    return true;
  }
  for (const Node& k : n.kids) {
    if (HasNullableLoop(k)) return true;
  }
  return false;
}

// Depth first from `pc` over splits and saves, a split's preferred branch
// first (threads in priority order); every other instruction reached goes
// to visit(i, inst) once (first(i) marks it), which says whether to go on
// to its `out` (an assertion that holds). Ends early when stop() says so.
template <typename First, typename Visit, typename Stop>
void Close(const std::vector<Program::Inst>& program, uint32_t pc,
           std::vector<uint32_t>* work, First first, Visit visit, Stop stop) {
  work->clear();
  work->push_back(pc);
  while (!work->empty() && !stop()) {
    const uint32_t i = work->back();
    work->pop_back();
    if (!first(i)) continue;
    const Program::Inst& in = program[i];
    if (in.op == kSplit) {
      work->push_back(in.out1);
      work->push_back(in.out);
    } else if (in.op == kSave) {
      work->push_back(in.out);
    } else if (visit(i, in)) {
      work->push_back(in.out);
    }
  }
}

// Doubles an open-addressing index of ids + 1 (256 slots at least) and
// places the ids [0, count) again by their keys.
template <typename KeyOf>
void Regrow(std::vector<uint32_t>* index, size_t count, KeyOf key_of) {
  index->assign(std::max<size_t>(256, index->size() * 2), 0);
  const size_t mask = index->size() - 1;
  for (size_t k = 0; k < count; ++k) {
    size_t i = key_of(k) & mask;
    while ((*index)[i] != 0) i = (i + 1) & mask;
    (*index)[i] = static_cast<uint32_t>(k + 1);
  }
}

}  // namespace

Program::~Program() = default;

std::unique_ptr<Program> Program::Create(const std::string& pattern) {
  Parser parser(pattern);
  Node root;
  if (!parser.Parse(&root) || HasNullableLoop(root)) return nullptr;
  std::unique_ptr<Program> b(new Program());
  static std::atomic<uint64_t> serials{0};
  b->serial_ = ++serials;
  b->groups_ = parser.groups();
  Ranges ranges;  // of every class, by instruction
  Compiler compiler(&b->program_, &ranges);
  Inst match{kMatch};
  uint32_t end = compiler.Emit(match);
  Inst close{kSave};
  close.out = end;
  close.arg = 1;
  Inst open{kSave};
  open.out = compiler.Compile(root, compiler.Emit(close));
  open.arg = 0;
  b->start_ = compiler.Emit(open);
  if (!compiler.ok()) return nullptr;
  // Two paths to the same instruction and position meet first at a join
  // (an instruction with two ways in), at the same position: a class
  // instruction moves from one character start to the next, so one
  // instruction cannot lead to the same place from two positions. Only
  // joins need a row in the memo.
  std::vector<Inst>& prog = b->program_;
  std::vector<uint8_t> ways_in(prog.size(), 0);
  ways_in[b->start_] = 2;
  for (const Inst& in : prog) {
    if (in.op == kMatch) continue;
    ways_in[in.out] = static_cast<uint8_t>(std::min(2, ways_in[in.out] + 1));
    if (in.op == kSplit) {
      ways_in[in.out1] =
          static_cast<uint8_t>(std::min(2, ways_in[in.out1] + 1));
    }
  }
  for (size_t i = 0; i < prog.size(); ++i) {
    prog[i].memo = ways_in[i] >= 2 ? b->memo_rows_++ : kNoMemo;
  }
  if (!b->BuildAtoms(ranges)) return nullptr;
  for (const Inst& in : prog) {
    if (in.op == kAssert &&
        (in.arg == kWordBoundary || in.arg == kNotWordBoundary)) {
      b->dfa_ok_ = false;
    }
  }
  b->FindStartBytes();
  return b;
}

void Program::FindStartBytes() {
  // The class instructions a match not at the text's start reads first
  // (other assertions may hold), or a match without reading.
  std::vector<uint32_t> work, classes;
  std::vector<uint8_t> seen(program_.size(), 0);
  bool empty = false;
  Close(
      program_, start_, &work,
      [&](uint32_t i) {
        if (seen[i]) return false;
        seen[i] = 1;
        return true;
      },
      [&](uint32_t i, const Inst& in) {
        if (in.op == kAssert) return in.arg != kBeginText;
        if (in.op == kMatch) {
          empty = true;
        } else {
          classes.push_back(i);
        }
        return false;
      },
      [&] { return empty; });
  starts_anywhere_ = empty;
  // Each byte that begins a character (UTF-8) stands for a run of code
  // points; it can begin a match when a first class reads an atom of it.
  for (int byte = 0; byte < 256 && !empty; ++byte) {
    char32_t lo, count;
    if (byte < 0x80) {
      lo = static_cast<char32_t>(byte), count = 1;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      lo = static_cast<char32_t>(byte & 0x1F) << 6, count = 1 << 6;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      lo = static_cast<char32_t>(byte & 0x0F) << 12, count = 1 << 12;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      lo = static_cast<char32_t>(byte & 0x07) << 18, count = 1 << 18;
    } else {
      continue;  // no character begins with it: the invalid atom, in no set
    }
    const uint16_t first = AtomOf(lo);
    const uint16_t last = AtomOf(std::min<char32_t>(lo + count - 1, kMaxRune));
    for (uint32_t a = first; a <= last && !start_bytes_[byte]; ++a) {
      for (uint32_t i : classes) {
        if (Has(program_[i].arg, static_cast<uint16_t>(a))) {
          start_bytes_[byte] = true;
          break;
        }
      }
    }
  }
}

size_t Program::NextStart(std::string_view text, size_t p) const {
  if (p == 0 || starts_anywhere_) return p <= text.size() ? p : kNoStart;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (; p < text.size(); ++p) {
    if (start_bytes_[bytes[p]]) return p;
  }
  return kNoStart;
}

void Program::DfaCache::Add(uint32_t state, uint16_t column, uint32_t to) {
  State& st = states[state];
  if (st.inline_count < State::kInline) {
    st.column[st.inline_count] = column;
    st.to[st.inline_count] = to;
    ++st.inline_count;
    if (st.inline_count == State::kInline) {
      // Full: a row from now on, with the line's transitions too.
      st.row = static_cast<uint32_t>(rows.size() / columns);
      rows.resize(rows.size() + columns, kUnknown);
      bytes += columns * sizeof(uint32_t);
      for (int k = 0; k < State::kInline; ++k) {
        rows[size_t{st.row} * columns + st.column[k]] = st.to[k];
      }
    }
    return;
  }
  rows[size_t{st.row} * columns + column] = to;
}

uint64_t Program::DfaCache::Hash(const uint32_t* threads, size_t count) {
  uint64_t h = count;
  for (size_t k = 0; k < count; ++k) {
    h = (h ^ threads[k]) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
  }
  return h;
}

bool Program::IsMatch(uint32_t t) const {
  return t < program_.size() && program_[t].op == kMatch;
}

void Program::DfaCache::Clear() {
  threads.clear();
  states.clear();
  rows.clear();
  index.clear();
  std::fill(std::begin(start), std::end(start), kUnknown);
  pair_row.clear();
  pairs.clear();
  bytes = 0;
}

void Program::AddThreads(uint32_t pc, bool at_begin, bool at_end, DfaCache* c,
                         std::vector<uint32_t>* out) const {
  // An instruction already reached is reached by a thread of higher
  // priority; nothing after a match counts.
  Close(
      program_, pc, &c->work,
      [c](uint32_t i) {
        if (c->seen[i]) return false;
        c->seen[i] = 1;
        return true;
      },
      [&](uint32_t i, const Inst& in) {
        if (in.op == kAssert) {
          if (in.arg == kBeginText) return at_begin;
          if (at_end) return true;
        }
        out->push_back(i);  // kClass, kMatch, or $ waiting for the end
        return false;
      },
      [&] { return !out->empty() && IsMatch(out->back()); });
}

uint32_t Program::StateOf(const std::vector<uint32_t>& threads,
                          DfaCache* c) const {
  if (threads.empty()) return DfaCache::kDead;
  const uint64_t hash = DfaCache::Hash(threads.data(), threads.size());
  size_t mask = c->index.size() - 1;
  size_t slot = c->index.empty() ? 0 : hash & mask;
  for (; !c->index.empty() && c->index[slot] != 0; slot = (slot + 1) & mask) {
    const DfaCache::State& st = c->states[c->index[slot] - 1];
    if (st.count == threads.size() &&
        std::equal(threads.begin(), threads.end(),
                   c->threads.begin() + st.first)) {
      return c->index[slot] - 1;
    }
  }
  c->bytes += threads.size() * sizeof(uint32_t) + sizeof(DfaCache::State) +
              2 * sizeof(uint32_t);
  if (c->bytes > c->max_bytes || c->states.size() >= DfaCache::kMaxStates) {
    return DfaCache::kUnknown;
  }
  const auto id = static_cast<uint32_t>(c->states.size());
  if (2 * (c->states.size() + 1) > c->index.size()) {
    // Grow, then place every state again (this one below).
    Regrow(&c->index, c->states.size(), [c](size_t k) {
      const DfaCache::State& st = c->states[k];
      return DfaCache::Hash(c->threads.data() + st.first, st.count);
    });
    mask = c->index.size() - 1;
    slot = hash & mask;
    while (c->index[slot] != 0) slot = (slot + 1) & mask;
  }
  c->index[slot] = id + 1;
  DfaCache::State st;
  st.first = static_cast<uint32_t>(c->threads.size());
  st.count = static_cast<uint32_t>(threads.size());
  st.matched = IsMatch(threads.back());
  c->threads.insert(c->threads.end(), threads.begin(), threads.end());
  c->states.push_back(st);
  return id;
}

uint32_t Program::Next(uint32_t state, uint16_t atom, DfaCache* c) const {
  std::vector<uint32_t> threads;
  std::fill(c->seen.begin(), c->seen.end(), 0);
  const DfaCache::State st = c->states[state];
  for (uint32_t k = 0; k < st.count; ++k) {
    const uint32_t t = c->threads[st.first + k];
    if (t == restart()) {
      // A thread from the next character, and the restart after it,
      // unless that thread has matched already.
      AddThreads(start_, false, false, c, &threads);
      if (threads.empty() || !IsMatch(threads.back())) {
        threads.push_back(restart());
      }
      break;
    }
    const Inst& in = program_[t];
    if (in.op == kClass && Has(in.arg, atom)) {
      AddThreads(in.out, false, false, c, &threads);
      if (!threads.empty() && IsMatch(threads.back())) break;
    }
  }
  return StateOf(threads, c);
}

bool Program::MatchesAtEnd(uint32_t state, bool at_begin, DfaCache* c) const {
  DfaCache::State& st = c->states[state];
  if (st.at_end < 0 || at_begin) {
    // The threads in order: a match, or an end of text ($) that leads to
    // one without reading.
    bool matched = false;
    std::vector<uint32_t> threads;
    for (uint32_t k = 0; k < st.count && !matched; ++k) {
      const uint32_t t = c->threads[st.first + k];
      if (t == restart()) {
        std::fill(c->seen.begin(), c->seen.end(), 0);
        threads.clear();
        AddThreads(start_, at_begin, true, c, &threads);
        for (uint32_t u : threads) matched |= IsMatch(u);
      } else if (program_[t].op == kMatch) {
        matched = true;
      } else if (program_[t].op == kAssert) {
        std::fill(c->seen.begin(), c->seen.end(), 0);
        threads.clear();
        AddThreads(program_[t].out, at_begin, true, c, &threads);
        for (uint32_t u : threads) matched |= program_[u].op == kMatch;
      }
    }
    // At the start of an empty text, ^ holds as well: not the answer to
    // keep for the state.
    if (at_begin) return matched;
    st.at_end = matched ? 1 : 0;
  }
  return st.at_end == 1;
}

bool Program::CanReadTwo(std::string_view text, size_t q, DfaCache* c) const {
  if (q == 0 || q >= text.size() || c->owner != serial_) return true;
  size_t len1, len2;
  const uint16_t col1 = ColumnAt(text, q, &len1);
  if (q + len1 >= text.size()) return true;
  const uint16_t col2 = ColumnAt(text, q + len1, &len2);
  if (c->pair_row.empty()) c->pair_row.assign(columns_, -1);
  if (c->pair_row[col1] < 0) {
    c->pair_row[col1] = static_cast<int32_t>(c->pairs.size() / columns_);
    c->pairs.resize(c->pairs.size() + columns_, DfaCache::kPairUnknown);
    c->bytes += columns_;
  }
  const size_t at =
      size_t{static_cast<uint32_t>(c->pair_row[col1])} * columns_ + col2;
  if (c->pairs[at] != DfaCache::kPairUnknown) {
    return c->pairs[at] == DfaCache::kPairAlive;
  }
  // The steps MatchEnd() would take; a state not known yet is built, and
  // when the cache is full, there is no answer to keep.
  uint32_t s = c->start[0];
  if (s == DfaCache::kDead) return false;
  if (s == DfaCache::kUnknown || c->states[s].matched) return true;
  size_t p = q;
  for (const uint16_t column : {col1, col2}) {
    size_t len;
    uint32_t n = c->Find(s, column);
    if (n == DfaCache::kUnknown) {
      n = Next(s, AtomAt(text, p, &len), c);
      if (n == DfaCache::kUnknown) return true;
      c->Add(s, column, n);
    }
    if (n == DfaCache::kDead) {
      c->pairs[at] = DfaCache::kPairDead;
      return false;
    }
    if (c->states[n].matched) break;  // a match after one character
    s = n;
    p += len1;
  }
  c->pairs[at] = DfaCache::kPairAlive;
  return true;
}

Program::Outcome Program::MatchEnd(const re2::StringPiece& text, size_t begin,
                                   size_t* end, DfaCache* c,
                                   size_t* walked) const {
  return Walk(std::string_view(text.data(), text.size()), begin, false, end, c,
              walked);
}

Program::Outcome Program::Search(const re2::StringPiece& text_piece, size_t pos,
                                 size_t* begin, size_t* end,
                                 DfaCache* c) const {
  const std::string_view text(text_piece.data(), text_piece.size());
  size_t last;
  Outcome o = Walk(text, pos, true, &last, c);
  if (o != kMatched) return o;
  // The leftmost start: the first place with an anchored match (its end
  // is `last`, the end of the first parse from there).
  for (size_t q = pos; q <= last;) {
    q = NextStart(text, q);
    if (q == kNoStart || q > last) break;
    size_t len = 1;
    bool can_start = program_[start_].nullable;
    if (q < text.size()) {
      can_start |= Has(program_[start_].first, AtomAt(text, q, &len));
    }
    if (can_start) {
      size_t e;
      o = Walk(text, q, false, &e, c);
      if (o == kTooLong) return o;
      if (o == kMatched) {
        if (e != last) return kTooLong;  // not expected: let RE2 answer
        *begin = q;
        *end = e;
        return kMatched;
      }
    }
    q += len;
  }
  return kTooLong;  // not expected: let RE2 answer
}

Program::Outcome Program::Walk(std::string_view text, size_t begin,
                               bool unanchored, size_t* end, DfaCache* c,
                               size_t* walked) const {
  if (c->owner != serial_ || c->bytes > c->max_bytes) {
    c->Clear();
    c->owner = serial_;
    c->columns = columns_;
    c->seen.assign(program_.size(), 0);
  }
  const bool at_begin = begin == 0;
  uint32_t& start = c->start[2 * unanchored + at_begin];
  uint32_t s = start;
  if (s == DfaCache::kUnknown) {
    std::vector<uint32_t> threads;
    std::fill(c->seen.begin(), c->seen.end(), 0);
    AddThreads(start_, at_begin, false, c, &threads);
    if (unanchored && (threads.empty() || !IsMatch(threads.back()))) {
      threads.push_back(restart());
    }
    s = StateOf(threads, c);
    if (s == DfaCache::kUnknown) return kTooLong;
    start = s;
  }
  size_t last = std::string_view::npos;
  size_t p = begin;
  while (s != DfaCache::kDead) {
    if (c->states[s].matched) {
      last = p;
      if (c->states[s].count == 1) break;  // nothing of higher priority
    }
    if (p == text.size()) {
      if (MatchesAtEnd(s, p == 0, c)) last = p;
      break;
    }
    size_t len;
    const uint16_t column = ColumnAt(text, p, &len);
    uint32_t n = c->Find(s, column);
    if (n == DfaCache::kUnknown) {
      n = Next(s, AtomAt(text, p, &len), c);
      if (n == DfaCache::kUnknown) return kTooLong;
      c->Add(s, column, n);
    }
    s = n;
    p += len;
  }
  if (walked) *walked = p - begin;
  if (last == std::string_view::npos) return kNoMatch;
  *end = last;
  return kMatched;
}

uint16_t Program::AtomAt(std::string_view text, size_t p, size_t* len) const {
  const int32_t c = Decode(text, p, len);
  if (c < 0) {
    *len = 1;
    return invalid_atom_;
  }
  return AtomOf(static_cast<char32_t>(c));
}

uint16_t Program::AtomOf(char32_t c) const {
  if (c < low_atoms_.size()) return low_atoms_[c];
  return static_cast<uint16_t>(
      std::upper_bound(bounds_.begin(), bounds_.end(), c) - bounds_.begin() -
      1);
}

bool Program::BuildAtoms(const Ranges& ranges) {
  // The atoms: cut at the first code point of each range and after its
  // last.
  bounds_ = {0};
  for (const auto& [lo, hi] : ranges) {
    bounds_.push_back(lo);
    if (hi < kMaxRune) bounds_.push_back(hi + 1);
  }
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
  if (bounds_.size() >= kMaxAtoms) return false;
  invalid_atom_ = static_cast<uint16_t>(bounds_.size());
  words_ = (bounds_.size() + 1 + 63) / 64;
  low_atoms_.clear();
  low_atoms_.resize(0x500);
  for (char32_t c = 1; c < low_atoms_.size(); ++c) {
    low_atoms_[c] = low_atoms_[c - 1];
    const uint16_t next = low_atoms_[c] + 1;
    if (next < bounds_.size() && bounds_[next] == c) low_atoms_[c] = next;
  }
  // Each instruction's first atoms, until nothing changes (loops feed
  // back); then the distinct sets, shared.
  const size_t n = program_.size();
  std::vector<uint64_t> first(n * words_, 0);
  auto row = [&](size_t i) { return first.data() + i * words_; };
  for (size_t i = 0; i < n; ++i) {
    Inst& in = program_[i];
    if (in.op == kMatch) in.nullable = true;
    if (in.op != kClass) continue;
    for (uint32_t k = in.arg; k < in.arg + in.count; ++k) {
      const uint16_t last = AtomOf(ranges[k].second);
      for (uint16_t a = AtomOf(ranges[k].first); a <= last; ++a) {
        row(i)[a / 64] |= uint64_t{1} << (a % 64);
      }
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < n; ++i) {
      Inst& in = program_[i];
      if (in.op == kClass || in.op == kMatch) continue;
      for (uint32_t to : {in.out, in.op == kSplit ? in.out1 : in.out}) {
        for (size_t w = 0; w < words_; ++w) {
          const uint64_t merged = row(i)[w] | row(to)[w];
          changed |= merged != row(i)[w];
          row(i)[w] = merged;
        }
        if (program_[to].nullable && !in.nullable) {
          in.nullable = true;
          changed = true;
        }
      }
    }
  }
  // Distinct sets by a hash of their words (equal rows checked).
  std::unordered_multimap<uint64_t, uint32_t> index;  // hash -> set
  for (size_t i = 0; i < n; ++i) {
    const uint64_t* r = row(i);
    uint64_t h = 0;
    for (size_t w = 0; w < words_; ++w) {
      h = (h ^ r[w]) * 0x9E3779B97F4A7C15ull;
      h ^= h >> 31;
    }
    uint32_t id = static_cast<uint32_t>(sets_.size() / words_);
    auto range = index.equal_range(h);
    for (auto it = range.first; it != range.second; ++it) {
      if (std::equal(r, r + words_, sets_.begin() + it->second * words_)) {
        id = it->second;
        break;
      }
    }
    if (id == sets_.size() / words_) {
      sets_.insert(sets_.end(), r, r + words_);
      index.emplace(h, id);
    }
    program_[i].first = id;
    if (program_[i].op == kClass) program_[i].arg = id;
  }
  // Columns: the atoms in the same classes (of the class instructions'
  // distinct sets) are one to the DFA. Every set splits the columns it
  // cuts in two.
  std::vector<uint32_t> class_sets;
  for (const Inst& in : program_) {
    if (in.op == kClass) class_sets.push_back(in.arg);
  }
  std::sort(class_sets.begin(), class_sets.end());
  class_sets.erase(std::unique(class_sets.begin(), class_sets.end()),
                   class_sets.end());
  const size_t atoms = static_cast<size_t>(invalid_atom_) + 1;
  column_.assign(atoms, 0);
  columns_ = 1;
  std::vector<int32_t> split;
  for (uint32_t set : class_sets) {
    split.assign(2 * columns_, -1);
    size_t next = 0;
    for (size_t a = 0; a < atoms; ++a) {
      const size_t key =
          2 * size_t{column_[a]} + Has(set, static_cast<uint16_t>(a));
      if (split[key] < 0) split[key] = static_cast<int32_t>(next++);
      column_[a] = static_cast<uint16_t>(split[key]);
    }
    columns_ = next;
  }
  SetLowColumns();
  return true;
}

void Program::SetLowColumns() {
  low_columns_.resize(low_atoms_.size());
  for (size_t c = 0; c < low_atoms_.size(); ++c) {
    low_columns_[c] = column_[low_atoms_[c]];
  }
  for (char32_t block = 0; block < block_columns_.size(); ++block) {
    const char32_t first = block << 6;
    const char32_t last = first + 63;
    // Three bytes encode U+0800..U+FFFF but the surrogates.
    const bool valid = first >= 0x800 && (last < 0xD800 || first > 0xDFFF);
    const uint16_t atom = AtomOf(first);
    block_columns_[block] =
        valid && AtomOf(last) == atom ? column_[atom] : kMixedBlock;
  }
}

bool Program::Find(const re2::StringPiece& text_piece, size_t begin, size_t end,
                   re2::StringPiece* groups, int n, Scratch* scratch) const {
  const std::string_view text(text_piece.data(), text_piece.size());
  if (begin > end || end > text.size()) return false;
  const size_t width = end - begin + 1;
  const size_t bits = memo_rows_ * width;
  if (bits > kMaxVisitedBits) return false;
  std::vector<uint64_t>& visited = scratch->visited;
  visited.assign((bits + 63) / 64, 0);
  std::vector<const char*>& caps = scratch->caps;
  caps.assign(2 * static_cast<size_t>(groups_ + 1), nullptr);
  // The atom and length of the character at each character start of the
  // match; a character that runs past `end` cannot be read.
  std::vector<uint16_t>& atoms = scratch->atoms;
  std::vector<uint8_t>& lengths = scratch->lengths;
  atoms.resize(width);
  lengths.resize(width);
  for (size_t p = begin; p < end;) {
    size_t len;
    uint16_t atom = AtomAt(text, p, &len);
    if (p + len > end) {
      atom = invalid_atom_;
      len = 1;
    }
    atoms[p - begin] = atom;
    lengths[p - begin] = static_cast<uint8_t>(len);
    p += len;
  }
  // Whether a path from instruction `i` can go on at p.
  auto viable = [&](uint32_t i, size_t p) {
    return p == end ? program_[i].nullable
                    : Has(program_[i].first, atoms[p - begin]);
  };
  if (!viable(start_, begin)) return false;
  // A job is an instruction and a position to try (top bit clear), or a
  // slot of `caps` to restore on the way back (top bit set, the old value
  // as an offset + 1, 0 for null).
  constexpr uint64_t kRestore = uint64_t{1} << 63;
  std::vector<uint64_t>& jobs = scratch->jobs;
  jobs.clear();
  jobs.push_back(static_cast<uint64_t>(start_) << 40 | begin);
  const char* const base = text.data();
  while (!jobs.empty()) {
    const uint64_t job = jobs.back();
    jobs.pop_back();
    if (job & kRestore) {
      const size_t slot = (job >> 40) & 0x7FFFFF;
      const uint64_t old = job & 0xFFFFFFFFFFull;
      caps[slot] = old == 0 ? nullptr : base + (old - 1);
      continue;
    }
    uint32_t pc = static_cast<uint32_t>(job >> 40);
    size_t p = static_cast<size_t>(job & 0xFFFFFFFFFFull);
    for (;;) {
      const Inst& in = program_[pc];
      if (in.memo != kNoMemo) {
        const size_t bit = in.memo * width + (p - begin);
        uint64_t& word = visited[bit / 64];
        const uint64_t mask = uint64_t{1} << (bit % 64);
        if (word & mask) break;
        word |= mask;
      }
      bool go = true;
      switch (in.op) {
        case kClass:
          if (p >= end || !Has(in.arg, atoms[p - begin])) {
            go = false;
            break;
          }
          p += lengths[p - begin];
          pc = in.out;
          break;
        case kSplit: {
          const bool preferred = viable(in.out, p);
          const bool other = viable(in.out1, p);
          if (preferred && other) {
            jobs.push_back(static_cast<uint64_t>(in.out1) << 40 | p);
          }
          if (!preferred && !other) go = false;
          pc = preferred ? in.out : in.out1;
          break;
        }
        case kSave: {
          const char* old = caps[in.arg];
          const uint64_t off =
              old == nullptr ? 0 : static_cast<uint64_t>(old - base) + 1;
          jobs.push_back(kRestore | static_cast<uint64_t>(in.arg) << 40 | off);
          caps[in.arg] = base + p;
          pc = in.out;
          break;
        }
        case kAssert: {
          bool holds;
          if (in.arg == kBeginText) {
            holds = p == 0;
          } else if (in.arg == kEndText) {
            holds = p == text.size();
          } else {
            const bool before = p > 0 && IsAsciiWord(text[p - 1]);
            const bool after = p < text.size() && IsAsciiWord(text[p]);
            holds = (before != after) == (in.arg == kWordBoundary);
          }
          if (!holds) {
            go = false;
            break;
          }
          pc = in.out;
          break;
        }
        case kMatch:
          if (p == end) {
            for (int g = 0; g < n; ++g) {
              const size_t a = 2 * static_cast<size_t>(g);
              if (g <= groups_ && caps[a] && caps[a + 1]) {
                groups[g] = re2::StringPiece(caps[a], caps[a + 1] - caps[a]);
              } else {
                groups[g] = re2::StringPiece();
              }
            }
            return true;
          }
          go = false;
          break;
      }
      if (!go) break;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// The set of patterns (CreateSet(), MatchSet()).

std::unique_ptr<Program> Program::CreateSet(
    const std::vector<std::string>& patterns) {
  if (patterns.empty() || patterns.size() > kMaxSetPatterns) return nullptr;
  std::unique_ptr<Program> b(new Program());
  static std::atomic<uint64_t> serials{uint64_t{1} << 62};
  b->serial_ = ++serials;
  Ranges ranges;  // of every class, by instruction
  Compiler compiler(&b->program_, &ranges);
  // Each pattern to a match of its own; the start tries them all (in any
  // order: the set's question has none).
  uint32_t entry = 0;
  for (size_t k = 0; k < patterns.size(); ++k) {
    Parser parser(patterns[k]);
    Node root;
    if (!parser.Parse(&root)) return nullptr;
    root = Factor(std::move(root));
    Inst match{kMatch};
    match.arg = static_cast<uint32_t>(k);
    const uint32_t first = compiler.Compile(root, compiler.Emit(match));
    entry = k == 0 ? first : compiler.Split(first, entry);
  }
  if (!compiler.ok()) return nullptr;
  b->start_ = entry;
  // \b and \B tell word characters (RE2's \w, ASCII) from others: atoms
  // and columns must not mix the two.
  const Ranges word = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
  ranges.insert(ranges.end(), word.begin(), word.end());
  if (!b->BuildAtoms(ranges)) return nullptr;
  auto is_word = [&](size_t atom) {
    if (atom >= b->bounds_.size()) return false;  // invalid_atom_
    const char32_t c = b->bounds_[atom];
    return c < 0x80 && IsAsciiWord(static_cast<unsigned char>(c));
  };
  const size_t atoms = static_cast<size_t>(b->invalid_atom_) + 1;
  std::vector<int32_t> split(2 * b->columns_, -1);
  size_t columns = 0;
  for (size_t a = 0; a < atoms; ++a) {
    const size_t key = 2 * size_t{b->column_[a]} + is_word(a);
    if (split[key] < 0) split[key] = static_cast<int32_t>(columns++);
    b->column_[a] = static_cast<uint16_t>(split[key]);
  }
  b->columns_ = columns;
  b->column_atom_.assign(columns, 0);
  b->column_word_.assign(columns, 0);
  for (size_t a = atoms; a-- > 0;) {
    b->column_atom_[b->column_[a]] = static_cast<uint16_t>(a);
    b->column_word_[b->column_[a]] = is_word(a);
  }
  for (char32_t c = 0; c < 0x100; ++c) {
    b->byte_column_[c] = static_cast<uint16_t>(
        c < 0x80 ? b->column_[b->AtomOf(c)] : b->columns_);
  }
  b->SetLowColumns();
  b->dfa_ok_ = false;  // MatchEnd() and Search() are for single patterns
  b->starts_anywhere_ = true;
  return b;
}

void Program::SetCache::Clear() {
  states.clear();
  leaves.clear();
  next.clear();
  index.clear();
  started.clear();
  for (StartClosure& s : start_closures) s = StartClosure();
  for (int k = 0; k < 4; ++k) started_at_end_known[k] = false;
  start = kUnknown;
  bytes = 0;
}

void Program::SetClosure(uint32_t pc, const SetContext& ctx, SetCache* c,
                         std::vector<uint32_t>* leaves, uint64_t* mask) const {
  Close(
      program_, pc, &c->work,
      [c](uint32_t i) {
        if (c->met[i] == c->stamp) return false;
        c->met[i] = c->stamp;
        return true;
      },
      [&](uint32_t i, const Inst& in) {
        if (in.op == kMatch) {
          *mask |= uint64_t{1} << in.arg;
          return false;
        }
        if (in.op == kClass) {
          leaves->push_back(i);
          return false;
        }
        // An assertion.
        if (in.arg == kBeginText) return ctx.at_begin;
        if (!ctx.known) {
          leaves->push_back(i);  // decided with the next character
          return false;
        }
        if (in.arg == kEndText) return ctx.at_end;
        const bool boundary = ctx.prev_word != ctx.next_word;
        return in.arg == kWordBoundary ? boundary : !boundary;
      },
      [] { return false; });
}

uint32_t Program::SetStateOf(std::vector<uint32_t>* leaves, bool prev_word,
                             bool at_begin, uint64_t mask, SetCache* c) const {
  auto key = [&](const uint32_t* l, size_t n, uint64_t m, bool word,
                 bool begin) {
    uint64_t h = DfaCache::Hash(l, n);
    h = (h ^ m) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29) ^ (word ? 0x5bd1e995 : 0) ^ (begin ? 0x1b873593 : 0);
  };
  const uint64_t hash =
      key(leaves->data(), leaves->size(), mask, prev_word, at_begin);
  auto same = [&](const SetCache::State& st) {
    return st.mask == mask && st.prev_word == prev_word &&
           st.at_begin == at_begin && st.count == leaves->size() &&
           std::equal(leaves->begin(), leaves->end(),
                      c->leaves.begin() + st.first);
  };
  size_t bits = c->index.size() - 1;
  size_t slot = c->index.empty() ? 0 : hash & bits;
  for (; !c->index.empty() && c->index[slot] != 0; slot = (slot + 1) & bits) {
    const uint32_t id = c->index[slot] - 1;
    if (same(c->states[id])) return static_cast<uint32_t>(id * SetStride());
  }
  c->bytes += leaves->size() * sizeof(uint32_t) + sizeof(SetCache::State) +
              SetStride() * sizeof(uint32_t) + 2 * sizeof(uint32_t);
  if (c->bytes > c->max_bytes ||
      (c->states.size() + 1) * SetStride() >= SetCache::kMaskBit) {
    return SetCache::kUnknown;
  }
  const auto id = static_cast<uint32_t>(c->states.size());
  if (2 * (c->states.size() + 1) > c->index.size()) {
    // Grow, then place every state again (this one below).
    Regrow(&c->index, c->states.size(), [&](size_t k) {
      const SetCache::State& st = c->states[k];
      return key(c->leaves.data() + st.first, st.count, st.mask, st.prev_word,
                 st.at_begin);
    });
    bits = c->index.size() - 1;
    slot = hash & bits;
    while (c->index[slot] != 0) slot = (slot + 1) & bits;
  }
  c->index[slot] = id + 1;
  SetCache::State st;
  st.first = static_cast<uint32_t>(c->leaves.size());
  st.count = static_cast<uint32_t>(leaves->size());
  st.mask = mask;
  st.prev_word = prev_word;
  st.at_begin = at_begin;
  c->leaves.insert(c->leaves.end(), leaves->begin(), leaves->end());
  c->states.push_back(st);
  c->next.resize(c->next.size() + columns_, SetCache::kUnknown);
  c->next.push_back(SetCache::kEscape);
  return static_cast<uint32_t>(id * SetStride());
}

void Program::SetStep(const std::vector<uint32_t>& ready, uint16_t atom,
                      SetCache* c, std::vector<uint32_t>* out,
                      uint64_t* mask) const {
  const SetContext after;  // not at the start, the next character unknown
  c->NextStamp();
  for (uint32_t pc : ready) {
    const Inst& in = program_[pc];
    if (in.op == kClass && Has(in.arg, atom)) {
      SetClosure(in.out, after, c, out, mask);
    }
  }
}

const Program::SetCache::Started& Program::SetStarted(bool at_begin,
                                                      bool prev_word,
                                                      uint16_t column,
                                                      SetCache* c) const {
  if (c->started.empty()) c->started.resize(4 * columns_);
  SetCache::Started& s =
      c->started[(2 * size_t{at_begin} + prev_word) * columns_ + column];
  if (!s.known) {
    // The start's closure depends on the column only through whether it
    // is a word character: worked out once for each context.
    const bool next_word = column_word_[column] != 0;
    SetCache::StartClosure& start =
        c->start_closures[4 * at_begin + 2 * prev_word + next_word];
    if (!start.known) {
      SetContext now;
      now.known = true;
      now.at_begin = at_begin;
      now.prev_word = prev_word;
      now.next_word = next_word;
      c->NextStamp();
      SetClosure(start_, now, c, &start.ready, &start.mask);
      c->bytes += start.ready.size() * sizeof(uint32_t);
      start.known = true;
    }
    s.mask = start.mask;
    SetStep(start.ready, column_atom_[column], c, &s.leaves, &s.mask);
    std::sort(s.leaves.begin(), s.leaves.end());
    c->bytes += s.leaves.size() * sizeof(uint32_t) + sizeof(s);
    s.known = true;
  }
  return s;
}

uint32_t Program::SetNext(uint32_t row, uint16_t column, SetCache* c) const {
  const SetCache::State st = c->states[row / SetStride()];
  // Before reading: the waiting assertions, now that the next character
  // is known; then the character read. A pattern starting here adds what
  // SetStarted() knows.
  SetContext now;
  now.known = true;
  now.at_begin = st.at_begin;
  now.prev_word = st.prev_word;
  now.next_word = column_word_[column] != 0;
  uint64_t mask = 0;
  c->ready.clear();
  c->NextStamp();
  for (uint32_t k = 0; k < st.count; ++k) {
    SetClosure(c->leaves[st.first + k], now, c, &c->ready, &mask);
  }
  std::vector<uint32_t>& stepped = c->stepped;
  stepped.clear();
  SetStep(c->ready, column_atom_[column], c, &stepped, &mask);
  std::sort(stepped.begin(), stepped.end());
  const SetCache::Started& started =
      SetStarted(st.at_begin, st.prev_word, column, c);
  // Both sorted, each without repeats: their union is the state's.
  std::vector<uint32_t> leaves;
  leaves.reserve(stepped.size() + started.leaves.size());
  std::set_union(stepped.begin(), stepped.end(), started.leaves.begin(),
                 started.leaves.end(), std::back_inserter(leaves));
  mask |= started.mask;
  const uint32_t next = SetStateOf(&leaves, now.next_word, false, mask, c);
  if (next == SetCache::kUnknown || mask == 0) return next;
  return next | SetCache::kMaskBit;
}

uint64_t Program::SetAtEnd(uint32_t row, SetCache* c) const {
  SetCache::State& st = c->states[row / SetStride()];
  if (!st.end_known) {
    SetContext end;
    end.known = true;
    end.at_begin = st.at_begin;
    end.at_end = true;
    end.prev_word = st.prev_word;
    std::vector<uint32_t> unused;
    uint64_t mask = 0;
    c->NextStamp();
    for (uint32_t k = 0; k < st.count; ++k) {
      SetClosure(c->leaves[st.first + k], end, c, &unused, &mask);
    }
    const int k = 2 * st.at_begin + st.prev_word;
    if (!c->started_at_end_known[k]) {
      c->NextStamp();
      SetClosure(start_, end, c, &unused, &c->started_at_end[k]);
      c->started_at_end_known[k] = true;
    }
    st.at_end = mask | c->started_at_end[k];
    st.end_known = true;
  }
  return st.at_end;
}

bool Program::MatchSet(std::string_view text, uint64_t* fired,
                       SetCache* c) const {
  uint8_t ok = 0;
  MatchSets(&text, 1, fired, &ok, c);
  return ok != 0;
}

void Program::MatchSets(const std::string_view* texts, size_t count,
                        uint64_t* fired, uint8_t* ok, SetCache* c) const {
  std::fill(ok, ok + count, 0);
  if (c->owner != serial_) {
    c->Clear();
    c->owner = serial_;
    c->fills = 0;
    c->met.assign(program_.size(), 0);
    c->stamp = 0;
  } else if (c->bytes > c->max_bytes) {
    // Full. Text this varied builds states faster than it reuses them,
    // and RE2's set, whose states all threads share, does better: after
    // kMaxFills it answers alone.
    c->Clear();
    ++c->fills;
  }
  if (c->fills >= SetCache::kMaxFills) return;
  if (c->start == SetCache::kUnknown) {
    std::vector<uint32_t> none;
    c->start = SetStateOf(&none, false, true, 0, c);
    if (c->start == SetCache::kUnknown) return;
  }
  struct Lane {
    const unsigned char* p = nullptr;
    const unsigned char* end = nullptr;
    uint32_t row = 0;
    uint64_t f = 0;
    size_t text = 0;
    bool live = false;
  };
  Lane lanes[kSetLanes];
  size_t taken = 0;  // texts given to a lane
  auto take = [&](Lane* l) {
    l->live = taken < count;
    if (!l->live) return;
    l->text = taken++;
    l->p = reinterpret_cast<const unsigned char*>(texts[l->text].data());
    l->end = l->p + texts[l->text].size();
    l->row = c->start;
    l->f = 0;
  };
  int live = 0;
  for (Lane& l : lanes) {
    take(&l);
    live += l.live;
  }
  const uint32_t* next = c->next.data();
  // One step of a lane, whatever comes: its text's end, any character, a
  // transition to build or to a state with matches.
  auto step = [&](Lane& l) {
    if (l.p == l.end) {
      fired[l.text] = l.f | SetAtEnd(l.row, c);
      ok[l.text] = 1;
      take(&l);
      live -= !l.live;
      return;
    }
    size_t len = 1;
    const uint16_t column =
        ColumnAt(std::string_view(reinterpret_cast<const char*>(l.p),
                                  static_cast<size_t>(l.end - l.p)),
                 0, &len);
    uint32_t t = next[l.row + column];
    if (t == SetCache::kUnknown) {
      t = SetNext(l.row, column, c);
      if (t == SetCache::kUnknown) {  // the cache is full: RE2 answers
        take(&l);
        live -= !l.live;
        return;
      }
      c->next[l.row + column] = t;
      next = c->next.data();  // SetNext() may have grown it
    }
    l.row = t & ~SetCache::kMaskBit;
    if (t & SetCache::kMaskBit) l.f |= c->states[l.row / SetStride()].mask;
    l.p += len;
  };
  static_assert(kSetLanes == 4, "the block below has four lanes");
  while (live > 0) {
    // Most of the way, every lane reads ASCII characters whose transitions
    // are built and lead to states without matches (the top bit, which
    // kUnknown has too, is clear): the lanes step together over the
    // shortest text's rest with nothing else to check. Any other
    // character's first byte has the column whose entry is kEscape.
    size_t m = live == kSetLanes ? ~size_t{0} : 0;
    for (Lane& l : lanes) {
      if (m == 0) break;
      m = std::min(m, static_cast<size_t>(l.end - l.p));
    }
    if (m > 0) {
      const unsigned char* p0 = lanes[0].p;
      const unsigned char* p1 = lanes[1].p;
      const unsigned char* p2 = lanes[2].p;
      const unsigned char* p3 = lanes[3].p;
      uint32_t r0 = lanes[0].row, r1 = lanes[1].row;
      uint32_t r2 = lanes[2].row, r3 = lanes[3].row;
      size_t j = 0;
      for (; j < m; ++j) {
        const uint32_t t0 = next[r0 + byte_column_[p0[j]]];
        const uint32_t t1 = next[r1 + byte_column_[p1[j]]];
        const uint32_t t2 = next[r2 + byte_column_[p2[j]]];
        const uint32_t t3 = next[r3 + byte_column_[p3[j]]];
        if (((t0 | t1 | t2 | t3) & SetCache::kMaskBit) != 0) break;
        r0 = t0;
        r1 = t1;
        r2 = t2;
        r3 = t3;
      }
      lanes[0].row = r0;
      lanes[1].row = r1;
      lanes[2].row = r2;
      lanes[3].row = r3;
      for (Lane& l : lanes) l.p += j;
      if (j == m) continue;
    }
    // Then the lanes that met their text's end, a character or a state for
    // the long way (one at a time, most of the time) take it; the others
    // step on as above.
    for (Lane& l : lanes) {
      if (!l.live) continue;
      const uint32_t t =
          l.p < l.end ? next[l.row + byte_column_[*l.p]] : SetCache::kMaskBit;
      if ((t & SetCache::kMaskBit) != 0) {
        step(l);
      } else {
        l.row = t;
        ++l.p;
      }
    }
  }
}

}  // namespace whosaid::rules
