#include "rules/group_finder.h"

#include <cctype>
#include <string_view>

namespace whosaid::rules {
namespace {

constexpr size_t kNone = std::string::npos;
// Captures inside one segment that are not the segment itself, e.g. a
// (?P<via>…) inside (?:, according to …)?; more leaves the rule to RE2.
constexpr int kMaxSegmentGroups = 8;

size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Each Skip* takes the position of the first character of a syntax element
// and returns the position after it, or kNone for syntax the segmenting
// does not handle (the rule then keeps RE2's own extraction).
size_t SkipEscape(std::string_view p, size_t i) {
  if (i + 1 >= p.size()) return kNone;
  char e = p[i + 1];
  if (e == 'Q') return kNone;  // \Q…\E quotes a run of text
  if ((e == 'x' || e == 'p' || e == 'P') && i + 2 < p.size() &&
      p[i + 2] == '{') {
    size_t close = p.find('}', i + 2);
    return close == kNone ? kNone : close + 1;
  }
  if (e == 'x') return i + 4 <= p.size() ? i + 4 : kNone;  // \x41
  if (e == 'p' || e == 'P') return i + 3 <= p.size() ? i + 3 : kNone;
  size_t end = i + 1 + Utf8Length(static_cast<unsigned char>(e));
  return end <= p.size() ? end : kNone;
}

size_t SkipClass(std::string_view p, size_t i) {
  size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ] is literal
  while (j < p.size()) {
    if (p[j] == '\\') {
      j = SkipEscape(p, j);
      if (j == kNone) return kNone;
    } else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      size_t close = p.find(":]", j + 2);
      if (close == kNone) return kNone;
      j = close + 2;
    } else if (p[j] == ']') {
      return j + 1;
    } else {
      ++j;
    }
  }
  return kNone;
}

// Whether the group opening at p[i] == '(' captures: "(…" and "(?P<name>…"
// do, "(?:…", "(?i:…" and "(?i)" do not.
bool Captures(std::string_view p, size_t i) {
  if (i + 1 >= p.size() || p[i + 1] != '?') return true;
  return p.substr(i + 1, 3) == "?P<" ||
         (p.substr(i + 1, 2) == "?<" && i + 3 < p.size() && p[i + 3] != '=' &&
          p[i + 3] != '!');
}

// "(?flags)": sets flags for the rest of the enclosing group.
bool SetsFlags(std::string_view p, size_t i) {
  if (p.substr(i, 2) != "(?") return false;
  size_t j = i + 2;
  while (j < p.size() &&
         (std::isalpha(static_cast<unsigned char>(p[j])) || p[j] == '-')) {
    ++j;
  }
  return j < p.size() && p[j] == ')';
}

// Counts the capturing groups in *captures, the group's own included.
size_t SkipGroup(std::string_view p, size_t i, int* captures) {
  if (Captures(p, i)) ++*captures;
  size_t j = i + 1;
  while (j < p.size()) {
    char c = p[j];
    if (c == '\\') {
      j = SkipEscape(p, j);
    } else if (c == '[') {
      j = SkipClass(p, j);
    } else if (c == '(') {
      j = SkipGroup(p, j, captures);
    } else if (c == ')') {
      return j + 1;
    } else {
      ++j;
    }
    if (j == kNone) return kNone;
  }
  return kNone;
}

// A counted repetition "{n}", "{n,}" or "{n,m}" at p[i] == '{'; RE2 reads
// any other '{' as a literal.
size_t SkipRepeat(std::string_view p, size_t i) {
  size_t j = i + 1;
  size_t digits = j;
  while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) ++j;
  if (j == digits) return kNone;
  if (j < p.size() && p[j] == ',') {
    ++j;
    while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) ++j;
  }
  return j < p.size() && p[j] == '}' ? j + 1 : kNone;
}

// Whether `atom` (without a repetition) always matches exactly one
// character: a class, an escaped character or class, `.` or a literal.
bool OneCharacter(std::string_view atom) {
  if (atom.empty()) return false;
  char c = atom[0];
  if (c == '(' || c == '^' || c == '$') return false;
  if (c != '\\') return true;
  if (atom.size() < 2) return false;
  char e = atom[1];
  return !(e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'C' ||
           e == 'Q' || e == 'E' || (e >= '0' && e <= '9'));
}

bool ZeroWidth(std::string_view atom) {
  return atom == "^" || atom == "$" || atom == "\\b" || atom == "\\B" ||
         atom == "\\A" || atom == "\\z";
}

}  // namespace

struct GroupFinder::Segment {
  size_t begin = 0;  // in the pattern
  size_t end = 0;
  int captures = 0;     // capturing groups inside
  int first_group = 0;  // the pattern's number of the first of them
  // The segment is exactly one capturing group (no repetition, nothing
  // nested): its span is the group's, no regex needed to place it.
  bool whole_group = false;
  bool zero_width = true;  // only ^, $, \b…: ends where it starts
  size_t inner = 0;        // whole_group: where the group's contents begin
  // whole_group: the one-character atom that begins the next segment. The
  // group is matched with it, so that its first parse is one after which
  // the pattern can go on ("report" is no source before "ed said"), and
  // ends one character before that match does.
  std::string lookahead;
  const RE2* re = nullptr;           // the segment alone, from the cache
  const Program* program = nullptr;  // the same, when it has a DFA
};

GroupFinder::GroupFinder() = default;
GroupFinder::~GroupFinder() = default;

size_t GroupFinder::size() const { return segments_.size(); }

const RE2* SegmentCache::Get(const std::string& pattern,
                             const Program** program) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = compiled_.find(pattern);
  if (it == compiled_.end()) {
    Compiled c;
    c.re = std::make_unique<RE2>(pattern, options_);
    if (c.re->ok()) {
      c.program = Program::Create(pattern);
      if (c.program && !c.program->has_dfa()) c.program.reset();
    }
    it = compiled_.emplace(pattern, std::move(c)).first;
  }
  *program = it->second.program.get();
  return it->second.re->ok() ? it->second.re.get() : nullptr;
}

std::unique_ptr<GroupFinder> GroupFinder::Create(const std::string& pattern,
                                                 SegmentCache* cache) {
  std::string_view p = pattern;
  std::unique_ptr<GroupFinder> finder(new GroupFinder());
  std::vector<Segment>& segments = finder->segments_;
  int groups_before = 0;
  bool open_plain = false;  // the last segment takes more plain pieces
  for (size_t pos = 0; pos < p.size();) {
    char c = p[pos];
    if (c == '|' || c == ')') return nullptr;
    size_t end;
    int captures = 0;
    bool group = false;
    if (c == '\\') {
      end = SkipEscape(p, pos);
    } else if (c == '[') {
      end = SkipClass(p, pos);
    } else if (c == '(') {
      if (SetsFlags(p, pos)) return nullptr;
      group = Captures(p, pos);
      end = SkipGroup(p, pos, &captures);
    } else {
      end = pos + Utf8Length(static_cast<unsigned char>(c));
    }
    if (end == kNone || end > p.size()) return nullptr;
    size_t atom_end = end;
    if (end < p.size() && (p[end] == '*' || p[end] == '+' || p[end] == '?')) {
      ++end;
    } else if (end < p.size() && p[end] == '{') {
      size_t repeat = SkipRepeat(p, end);
      if (repeat != kNone) end = repeat;
    }
    if (end > atom_end && end < p.size() && p[end] == '?') ++end;  // lazy
    bool zero_width = end == atom_end && ZeroWidth(p.substr(pos, end - pos));
    if (captures > 0) {
      Segment s;
      s.begin = pos;
      s.end = end;
      s.captures = captures;
      s.first_group = groups_before + 1;
      s.whole_group = group && captures == 1 && end == atom_end;
      if (s.whole_group) {
        // Past "(" or "(?P<name>"; the group's contents are matched alone.
        s.inner = p[pos + 1] == '?' ? p.find('>', pos) + 1 : pos + 1;
      }
      s.zero_width = false;
      segments.push_back(std::move(s));
      open_plain = false;
    } else {
      if (!open_plain) {
        std::string_view atom = p.substr(pos, end - pos);
        if (!segments.empty() && segments.back().whole_group &&
            end == atom_end && OneCharacter(atom)) {
          segments.back().lookahead = std::string(atom);
        }
        segments.emplace_back();
        segments.back().begin = pos;
        open_plain = true;
      }
      segments.back().end = end;
      segments.back().zero_width &= zero_width;
    }
    groups_before += captures;
    pos = end;
  }
  if (segments.size() < 2) return nullptr;
  for (const Segment& s : segments) {
    if (s.captures > kMaxSegmentGroups) return nullptr;
  }
  finder->cache_ = cache;
  finder->pattern_ = pattern;
  return finder;
}

void GroupFinder::Compile() const {
  auto& segments = const_cast<std::vector<Segment>&>(segments_);
  std::string_view p = pattern_;
  for (size_t j = 0; j < segments.size(); ++j) {
    Segment& s = segments[j];
    if (j == 0 && s.zero_width) continue;  // held where the match starts
    // A whole group needs no capture: its contents, as a non-capturing
    // group, are the same regex for every rule with that group.
    std::string segment =
        s.whole_group
            ? "(?:" + std::string(p.substr(s.inner, s.end - 1 - s.inner)) +
                  ")" + std::string(s.lookahead)
            : std::string(p.substr(s.begin, s.end - s.begin));
    s.re = cache_->Get(segment, &s.program);
    if (!s.re) return;
  }
  ok_ = true;
}

void GroupFinder::EnsureCompiled() const {
  // std::call_once costs a thread-local setup at every call, and Lead()
  // is asked for every sentence a rule tries: the flag first.
  if (compiled_flag_.load(std::memory_order_acquire)) return;
  std::call_once(compiled_, [this] {
    Compile();
    compiled_flag_.store(true, std::memory_order_release);
  });
}

const RE2* GroupFinder::Lead() const {
  EnsureCompiled();
  const Segment& s = segments_.front();
  return s.captures == 0 && !s.zero_width ? s.re : nullptr;
}

const GroupFinder::Segment* GroupFinder::WholeGroup(int group) const {
  EnsureCompiled();
  if (!ok_) return nullptr;
  for (const Segment& s : segments_) {
    if (s.whole_group && s.first_group == group) return &s;
  }
  return nullptr;
}

const RE2* GroupFinder::Part(int group) const {
  const Segment* s = WholeGroup(group);
  return s ? s->re : nullptr;
}

const Program* GroupFinder::PartProgram(int group) const {
  const Segment* s = WholeGroup(group);
  return s ? s->program : nullptr;
}

bool GroupFinder::Find(const re2::StringPiece& text, size_t begin, size_t end,
                       re2::StringPiece* groups, int n) const {
  Job job;
  job.text = text;
  job.begin = begin;
  job.end = end;
  job.groups = groups;
  job.n = n;
  FindAll(&job, 1);
  return job.ok;
}

void GroupFinder::FindAll(Job* jobs, size_t count, DfaCaches* caches) const {
  EnsureCompiled();
  // The counters only change during the first tries, so that threads do
  // not contend for their cache line afterwards.
  for (size_t i = 0; i < count; ++i) {
    Job& job = jobs[i];
    job.ok = ok_;
    job.counted = false;
    job.at = job.begin;
    if (!job.ok) continue;
    uint32_t tries = tries_.load(std::memory_order_relaxed);
    if (tries >= kMinTries) {
      job.ok = misses_.load(std::memory_order_relaxed) * 2 <= tries;
    } else {
      tries_.fetch_add(1, std::memory_order_relaxed);
      job.counted = true;
    }
    for (int g = 1; g < job.n; ++g) job.groups[g] = re2::StringPiece();
    job.groups[0] =
        re2::StringPiece(job.text.data() + job.begin, job.end - job.begin);
  }
  // Segment by segment over all the jobs: each segment's DFA walks all the
  // matches in a row and stays in the CPU caches. The lead's first parse
  // within the match is the one the caller found when that ends inside the
  // match (the text after the match cannot change a parse that does not
  // reach it).
  const bool lead = Lead() != nullptr;
  for (size_t j = 0; j < segments_.size(); ++j) {
    const Program* program = segments_[j].program;
    Program::DfaCache* cache =
        program && caches ? &(*caches)[program] : nullptr;
    for (size_t i = 0; i < count; ++i) {
      Job& job = jobs[i];
      if (!job.ok) continue;
      if (j == 0 && lead && job.lead_end != Job::kUnknown &&
          job.lead_end <= job.end) {
        job.at = job.lead_end;
        continue;
      }
      job.ok = Step(j, &job, cache);
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (jobs[i].counted && !jobs[i].ok) {
      misses_.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

bool GroupFinder::Step(size_t j, Job* job, Program::DfaCache* cache) const {
  const Segment& s = segments_[j];
  const re2::StringPiece& text = job->text;
  const size_t at = job->at;
  size_t stop = at;
  const bool last = j + 1 == segments_.size();
  // The segment's own DFA first, over the whole text (RE2's below reads
  // text[at, end)). Its first parse from `at`, when it ends within the
  // match, is the first there too; when there is none, there is none
  // within. Otherwise RE2 answers.
  size_t end = 0;
  Program::Outcome o = Program::kTooLong;
  if (cache) o = s.program->MatchEnd(text, at, &end, cache);
  if (o == Program::kNoMatch) return false;
  const bool found =
      o == Program::kMatched && (last ? end == job->end : end <= job->end);
  if (found) stop = end;
  if (last) {
    // The last segment must take the rest of the match exactly.
    if (!found &&
        !s.re->Match(text, at, job->end, RE2::ANCHOR_BOTH, nullptr, 0)) {
      return false;
    }
    stop = job->end;
  } else if (s.re) {
    re2::StringPiece m;
    if (!found) {
      if (!s.re->Match(text, at, job->end, RE2::ANCHOR_START, &m, 1)) {
        return false;
      }
      stop = static_cast<size_t>(m.data() - text.data()) + m.size();
    }
    if (!s.lookahead.empty()) {
      // Back over the one character the lookahead matched.
      if (stop == at) return false;
      do {
        --stop;
      } while (stop > at &&
               (static_cast<unsigned char>(text[stop]) & 0xC0) == 0x80);
    }
  }
  if (s.whole_group) {
    if (s.first_group < job->n) {
      job->groups[s.first_group] =
          re2::StringPiece(text.data() + at, stop - at);
    }
  } else if (s.captures > 0) {
    re2::StringPiece sub[kMaxSegmentGroups + 1];
    int k = s.captures + 1;
    if (!s.re->Match(text, at, stop, RE2::ANCHOR_BOTH, sub, k)) return false;
    for (int g = 1; g < k && s.first_group + g - 1 < job->n; ++g) {
      job->groups[s.first_group + g - 1] = sub[g];
    }
  }
  job->at = stop;
  return true;
}

}  // namespace whosaid::rules
