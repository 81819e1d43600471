#include "attribution/speaker.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>
#include <functional>

#include "attribution/inline_vector.h"
#include "text/utf8.h"

namespace whosaid::attribution {
namespace {

// hay.rfind(needle, from), jumping between occurrences of the needle's first
// byte with memrchr: std::string_view::rfind compares at every position,
// and role lookups search whole documents.
size_t RFind(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || needle.size() > hay.size()) {
    return needle.empty() ? std::min(from, hay.size()) : std::string_view::npos;
  }
  size_t pos = std::min(from, hay.size() - needle.size());
  for (;;) {
    const void* p = memrchr(hay.data(), needle[0], pos + 1);
    if (p == nullptr) return std::string_view::npos;
    pos = static_cast<size_t>(static_cast<const char*>(p) - hay.data());
    if (hay.compare(pos, needle.size(), needle) == 0) return pos;
    if (pos == 0) return std::string_view::npos;
    --pos;
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Drops a possessive ending ("Iraq’s" -> "Iraq") and edge punctuation.
std::string_view Bare(std::string_view t) {
  for (std::string_view suffix : {"\xE2\x80\x99s", "'s", "\xE2\x80\x99", "'"}) {
    if (t.size() > suffix.size() &&
        t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0) {
      t.remove_suffix(suffix.size());
      break;
    }
  }
  while (!t.empty() &&
         (t.back() == ',' || t.back() == ';' || t.back() == ':')) {
    t.remove_suffix(1);
  }
  return t;
}

bool Capitalized(std::string_view token) {
  if (token.empty()) return false;
  size_t len;
  char32_t c = text::DecodeAt(token, 0, &len);
  return u_isupper(static_cast<UChar32>(c)) ||
         u_istitle(static_cast<UChar32>(c));
}

// The words of `s` (runs between spaces), as views of it.
// (Most sources have a few words: they stay inline.)
using Views = InlineVector<std::string_view, 8>;
Views TokenViews(std::string_view s) {
  Views out;
  size_t i = 0;
  while (i < s.size()) {
    size_t len;
    while (i < s.size() && text::IsSpace(text::DecodeAt(s, i, &len))) i += len;
    size_t start = i;
    while (i < s.size() && !text::IsSpace(text::DecodeAt(s, i, &len))) i += len;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

template <typename Container>
std::string Join(const Container& tokens, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += ' ';
    out += tokens[i];
  }
  return out;
}

// "Jeff Weaver", "Sylke Tempel": two to four capitalised words.
bool LooksLikeName(std::string_view s) {
  Views tokens = TokenViews(s);
  if (tokens.size() < 2 || tokens.size() > 4) return false;
  for (std::string_view t : tokens) {
    if (!Capitalized(t)) return false;
  }
  return true;
}

const WordSet kDeterminers = {"the",     "a",    "an",    "another", "some",
                              "several", "many", "other", "two",     "three",
                              "four",    "one",  "both",  "most",    "few",
                              "his",     "her",  "its",   "their",   "our"};
const WordSet kCut = {"for", "of",      "at",       "from",         "with",
                      "who", "in",      "on",       "familiar",     "close",
                      "to",  "briefed", "involved", "knowledgeable"};

}  // namespace

const SpeakerResolver::Entity* SpeakerResolver::FindSurname(
    const std::string& surname) const {
  const Entity* best = nullptr;
  for (const Entity& e : entities_) {
    if (e.kind != "person" || e.words < 2) continue;
    const std::string_view last =
        std::string_view(e.speaker).substr(e.last, e.last_size);
    if (Bare(last) == surname && (!best || e.words >= best->words)) {
      best = &e;
    }
  }
  return best;
}

const SpeakerResolver::Entity* SpeakerResolver::FindRole(
    const std::vector<std::string>& words, const std::string& kind) const {
  for (auto it = entities_.rbegin(); it != entities_.rend(); ++it) {
    if (!kind.empty() && it->kind != kind) continue;
    for (const std::string& w : words) {
      if (std::find(it->roles.begin(), it->roles.end(), w) != it->roles.end()) {
        return &*it;
      }
    }
  }
  return nullptr;
}

const SpeakerResolver::Entity* SpeakerResolver::LastOfKind(
    const std::string& kind) const {
  for (auto it = entities_.rbegin(); it != entities_.rend(); ++it) {
    if (it->kind == kind) return &*it;
  }
  return nullptr;
}

SpeakerResolver::Entity SpeakerResolver::NewEntity(
    std::string speaker, std::string kind, std::vector<std::string> roles) {
  Entity e;
  const Views words = TokenViews(speaker);
  e.words = words.size();
  if (!words.empty()) {
    e.last = static_cast<size_t>(words.back().data() - speaker.data());
    e.last_size = words.back().size();
  }
  e.speaker = std::move(speaker);
  e.kind = std::move(kind);
  e.roles = std::move(roles);
  return e;
}

void SpeakerResolver::Add(Entity e) {
  // Keep one entity per speaker: the newest mention moves to the back so
  // pronouns find the most recent one.
  for (auto it = entities_.begin(); it != entities_.end(); ++it) {
    if (it->speaker == e.speaker && it->kind == e.kind) {
      for (const std::string& r : it->roles) {
        if (std::find(e.roles.begin(), e.roles.end(), r) == e.roles.end()) {
          e.roles.push_back(r);
        }
      }
      entities_.erase(it);
      break;
    }
  }
  if (entities_.capacity() == 0) entities_.reserve(16);  // most documents
  entities_.push_back(std::move(e));
  // Keep the newest kMaxEntities (up to twice as many between trims), so
  // that looking an entity up costs the same in a long document.
  if (entities_.size() > 2 * kMaxEntities) {
    entities_.erase(entities_.begin(), entities_.end() - kMaxEntities);
  }
}

void SpeakerResolver::Remember(const Resolution& r) {
  if (r.speaker.empty() || r.kind == "unknown") return;
  Add(NewEntity(r.speaker, r.kind, {}));
}

SpeakerResolver::Words SpeakerResolver::CapitalisedWordsBefore(
    size_t end, const std::function<bool(std::string_view)>& stop) const {
  Words words;  // last word first, reversed at the end
  size_t pos = std::min(end, text_.size());
  while (pos > 0) {
    size_t start = pos;
    while (start > 0 && text_[start - 1] != ' ' && text_[start - 1] != '\n') {
      --start;
    }
    const std::string_view word = text_.substr(start, pos - start);
    if (word.empty() || !Capitalized(word) || stop(word)) break;
    words.push_back(word);
    if (start == 0 || text_[start - 1] != ' ') break;
    pos = start - 1;
  }
  std::reverse(words.begin(), words.end());
  return words;
}

SpeakerResolver::Words SpeakerResolver::NameEndingAt(const std::string& surname,
                                                     size_t pos) const {
  auto stop = [this](std::string_view word) {
    std::string lower = Lower(word);
    return lexicon_.titles.count(lower) ||
           lexicon_.titles.count(lower.substr(0, lower.size() - 1)) ||
           word.back() == ',' || word.back() == '.';
  };
  // The capitalised words separated by single spaces before it.
  Words words;
  if (pos > 0 && text_[pos - 1] == ' ') {
    words = CapitalisedWordsBefore(pos - 1, stop);
  }
  words.push_back(surname);
  return words;
}

std::string SpeakerResolver::FullestMention(const std::string& surname,
                                            size_t at) {
  const size_t limit = std::min(at, text_.size());
  auto [it, first] = mentions_.try_emplace(surname);
  Mentions& m = it->second;
  // A surname met for the first time is looked for in the last
  // kMentionWindow bytes only, so that many new surnames in one long
  // document stay linear; news articles are far shorter.
  if (first && limit > kMentionWindow) m.next = limit - kMentionWindow;
  // Find the occurrences that end by `limit`, each once per document.
  std::string_view before = text_.substr(0, limit);
  for (size_t pos = before.find(surname, m.next); pos != std::string_view::npos;
       pos = before.find(surname, pos + 1)) {
    size_t end = pos + surname.size();
    m.next = pos + 1;
    bool whole = true;
    if (end < text_.size()) {
      size_t len;
      whole =
          !u_isalnum(static_cast<UChar32>(text::DecodeAt(text_, end, &len)));
    }
    std::vector<Mentions::Occurrence>& seen = m.occurrences;
    size_t k = seen.size();
    size_t words = NameEndingAt(surname, pos).size();
    size_t best = k == 0 ? kNone : seen.back().fullest;
    if (whole && words > (best == kNone ? 1 : seen[best].words)) best = k;
    seen.push_back({pos, words, best});
  }
  if (limit + 1 > surname.size()) {
    m.next = std::max(m.next, limit + 1 - surname.size());
  }
  // Of the occurrences before `limit`, whole words, the first with the
  // most words; one that ends right at `limit` counts whatever follows.
  if (limit < surname.size()) return "";
  const size_t last_begin = limit - surname.size();
  const std::vector<Mentions::Occurrence>& seen = m.occurrences;
  size_t k = static_cast<size_t>(
      std::upper_bound(seen.begin(), seen.end(), last_begin,
                       [](size_t begin, const Mentions::Occurrence& o) {
                         return begin < o.begin;
                       }) -
      seen.begin());
  size_t best = kNone;
  size_t at_limit = kNone;
  if (k > 0 && seen[k - 1].begin == last_begin) at_limit = --k;
  if (k > 0) best = seen[k - 1].fullest;
  size_t best_words = best == kNone ? 1 : seen[best].words;
  if (at_limit != kNone && seen[at_limit].words > best_words) best = at_limit;
  if (best == kNone) return "";
  const Words words = NameEndingAt(surname, seen[best].begin);
  return Join(words, 0, words.size());
}

std::string SpeakerResolver::NameAfterRole(const std::string& role,
                                           size_t at) const {
  // The last "<role> First Last" before `at`: "the Galicia-based director
  // Ximena Ortúzar" names "the director".
  std::string_view before = text_.substr(0, std::min(at, text_.size()));
  for (size_t pos = RFind(before, role, before.size());
       pos != std::string_view::npos;
       pos = pos == 0 ? std::string_view::npos : RFind(before, role, pos - 1)) {
    size_t end = pos + role.size();
    if ((pos > 0 && before[pos - 1] != ' ' && before[pos - 1] != '-') ||
        end >= before.size() || before[end] != ' ') {
      continue;
    }
    std::vector<std::string> words;
    for (size_t start = end + 1; start < before.size() && words.size() < 4;) {
      size_t stop = before.find_first_of(" \n", start);
      if (stop == std::string_view::npos) stop = before.size();
      std::string word(before.substr(start, stop - start));
      bool last = !word.empty() && (word.back() == ',' || word.back() == '.');
      if (last) word.pop_back();
      if (word.empty() || !Capitalized(word) ||
          lexicon_.titles.count(Lower(word))) {
        break;
      }
      words.push_back(word);
      if (last || stop >= before.size() || before[stop] != ' ') break;
      start = stop + 1;
    }
    if (words.size() >= 2) return Join(words, 0, words.size());
  }
  return "";
}

std::string SpeakerResolver::NameBefore(size_t at) const {
  // Skip back over ", " to the end of the preceding word run.
  size_t end = std::min(at, text_.size());
  while (end > 0 && (text_[end - 1] == ' ' || text_[end - 1] == ',')) --end;
  const Words words =
      CapitalisedWordsBefore(end, [this](std::string_view word) {
        return lexicon_.titles.count(Lower(word)) ||
               lexicon_.source_stop.count(word);
      });
  return Join(words, 0, words.size());
}

Resolution SpeakerResolver::Resolve(std::string_view source, size_t at) {
  // "Julia Marsh, the chain’s chief financial officer": the apposition
  // describes the speaker and stays out of `speaker`, unless the head is a
  // role and the apposition its name ("His campaign manager, Jeff Weaver").
  size_t comma = source.find(", ");
  size_t aside_at = comma == std::string_view::npos ? comma : comma + 2;
  for (std::string_view dash : {" - ", " \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
    size_t d = source.find(dash);
    if (d != std::string_view::npos && d < comma) {
      comma = d;
      aside_at = d + dash.size();
    }
  }
  if (comma != std::string_view::npos) {
    std::string_view head = source.substr(0, comma);
    std::string_view aside = source.substr(aside_at);
    while (!aside.empty() && (aside.back() == ',' || aside.back() == ' ' ||
                              aside.back() == '-')) {
      aside.remove_suffix(1);
    }
    Resolution r = Resolve(head, at);
    if (r.kind != "person" && LooksLikeName(aside)) {
      Resolution named = Resolve(aside, at);
      if (named.kind == "person") {
        named.how = How("name in apposition: ", named.how);
        return named;
      }
    }
    r.how = How("apposition dropped: ", r.how);
    return r;
  }
  Views tokens = TokenViews(source);
  Resolution res;
  if (tokens.empty()) {
    res.kind = "unknown";
    return res;
  }
  std::string first = Lower(tokens[0]);
  if (tokens.size() == 1 && (first == "who" || first == "which")) {
    // "Ted Cruz, who said …": the relative pronoun stands for the name
    // before its comma.
    std::string antecedent = NameBefore(at);
    if (!antecedent.empty()) {
      Resolution r = Resolve(antecedent, at);
      r.how = How("relative pronoun -> ", r.how);
      return r;
    }
    return {"", "unknown", How("relative pronoun without antecedent")};
  }
  if (tokens.size() == 1 && lexicon_.person_pronouns.count(first)) {
    if (const Entity* e = LastOfKind("person")) {
      res = {e->speaker, "person", How("pronoun -> ", e->speaker)};
    } else {
      res = {"", "unknown", How("pronoun without antecedent")};
    }
    return res;
  }
  if (tokens.size() == 1 && lexicon_.group_pronouns.count(first)) {
    const Entity* e = nullptr;
    for (auto it = entities_.rbegin(); it != entities_.rend(); ++it) {
      if (it->kind == "organization" || it->kind == "anonymous") {
        e = &*it;
        break;
      }
    }
    if (e) {
      res = {e->speaker, e->kind, How("pronoun -> ", e->speaker)};
    } else {
      res = {"", "unknown", How("pronoun without antecedent")};
    }
    return res;
  }

  // The core of the mention: after determiners, before a qualifying phrase
  // ("a spokesman for the ministry", "people familiar with the matter").
  size_t begin = 0;
  bool definite = false;
  while (begin < tokens.size() && kDeterminers.count(Lower(tokens[begin]))) {
    definite |= Lower(tokens[begin]) == "the";
    ++begin;
  }
  size_t end = begin;
  while (end < tokens.size() &&
         !(end > begin && kCut.count(Lower(tokens[end])))) {
    ++end;
  }
  if (begin == end) {
    res = {std::string(source), "anonymous", How("no name")};
    return res;
  }
  InlineVector<std::string, 8> lower;
  for (size_t i = 0; i < tokens.size(); ++i)
    lower.push_back(Lower(Bare(tokens[i])));
  std::string head = lower[end - 1];

  bool has_org = false;
  for (size_t i = begin; i < end; ++i)
    has_org |= lexicon_.organizations.count(lower[i]) > 0;

  // Titles and lower-case role words end before the name. (Counted first:
  // `roles` is allocated once, with room for an organization's words.)
  size_t name_from = begin;
  InlineVector<std::string_view, 8> role_words;
  for (size_t i = begin; i < end; ++i) {
    const std::string_view t = lower[i];
    std::string_view no_dot = t;
    if (!no_dot.empty() && no_dot.back() == '.') no_dot.remove_suffix(1);
    if (lexicon_.titles.count(t) || lexicon_.titles.count(no_dot) ||
        lexicon_.anonymous.count(t) || !Capitalized(tokens[i])) {
      name_from = i + 1;
      role_words.push_back(no_dot);
    }
  }
  std::vector<std::string> roles;
  roles.reserve(role_words.size() + (has_org ? end - begin : 0));
  for (std::string_view r : role_words) roles.emplace_back(r);
  std::string name = Join(tokens, name_from, end);
  if (!name.empty() && (name.back() == ',' || name.back() == '.'))
    name.pop_back();

  if (has_org) {
    if (definite && name_from == end) {
      if (const Entity* e = FindRole(roles, "organization")) {
        res = {e->speaker, "organization", How("role -> ", e->speaker)};
        return res;
      }
    }
    std::string speaker = Join(tokens, definite ? begin : 0, end);
    res = {speaker, "organization", How("organization word")};
    Entity e = NewEntity(speaker, "organization", std::move(roles));
    for (size_t i = begin; i < end; ++i) e.roles.push_back(lower[i]);
    Add(std::move(e));
    return res;
  }
  if (name_from == end || name.empty()) {
    // Only roles: "the spokesman", "officials", "residents".
    if (definite) {
      if (const Entity* e = FindRole(roles, "")) {
        res = {e->speaker, e->kind, How("role -> ", e->speaker)};
        return res;
      }
      std::string named = NameAfterRole(head, at);
      if (!named.empty()) {
        res = {named, "person", How("role -> earlier mention ", named)};
        Add(NewEntity(named, "person", std::move(roles)));
        return res;
      }
    }
    res = {std::string(source), "anonymous", How("unnamed source")};
    Add(NewEntity(res.speaker, "anonymous", std::move(roles)));
    return res;
  }
  if (lexicon_.anonymous.count(head) && name_from <= begin) {
    res = {std::string(source), "anonymous", How("unnamed source")};
    return res;
  }
  Views name_tokens = TokenViews(name);
  if (name_tokens.size() == 1) {
    std::string bare(Bare(name_tokens[0]));
    if (lexicon_.places.count(bare)) {
      res = {name, "organization", How("place")};
      Add(NewEntity(name, "organization", std::move(roles)));
      return res;
    }
    if (const Entity* e = FindSurname(bare)) {
      res = {e->speaker, "person", How("surname -> ", e->speaker)};
      Entity copy = *e;
      copy.roles.insert(copy.roles.end(), roles.begin(), roles.end());
      Add(std::move(copy));
      return res;
    }
    std::string full = FullestMention(bare, at);
    if (!full.empty()) {
      res = {full, "person", How("surname -> earlier mention ", full)};
      Add(NewEntity(full, "person", std::move(roles)));
      return res;
    }
  }
  res = {name, "person", How(name_from > 0 ? "title removed" : "name")};
  Add(NewEntity(name, "person", std::move(roles)));
  return res;
}

}  // namespace whosaid::attribution
