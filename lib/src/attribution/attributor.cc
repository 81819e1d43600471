#include "attribution/attributor.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <set>

#include "text/utf8.h"

namespace whosaid::attribution {
namespace {

bool Intersects(Span a, Span b) {
  return a.valid() && b.valid() && a.begin < b.end && b.begin < a.end;
}

bool IsTrailingPunct(char c) {
  return c == ',' || c == ';' || c == ':' || c == '.';
}

std::string Shorten(const std::string& s, size_t n = 80) {
  if (s.size() <= n) return s;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

// Whether `v` ends with `suffix` and has something before it.
bool HasProperSuffix(std::string_view v, std::string_view suffix) {
  return v.size() > suffix.size() &&
         v.substr(v.size() - suffix.size()) == suffix;
}

// "said", "told", "wrote", "added": a verb form no noun shares.
bool IsPastTense(std::string_view word) {
  static const WordSet kIrregular = {"said",  "told",  "wrote",
                                     "spoke", "swore", "went"};
  if (word.size() > 3 && word.substr(word.size() - 2) == "ed") return true;
  return kIrregular.count(word) > 0;
}

}  // namespace

void SpanSet::Add(Span s) {
  if (!s.valid()) return;
  if (s.begin >= s.end) {
    points_.insert(s.begin);
    return;
  }
  auto it = spans_.lower_bound(s.begin);
  if (it != spans_.begin() && std::prev(it)->second > s.begin) --it;
  while (it != spans_.end() && it->first < s.end) {
    s.begin = std::min(s.begin, it->first);
    s.end = std::max(s.end, it->second);
    it = spans_.erase(it);
  }
  spans_.emplace(s.begin, s.end);
}

bool SpanSet::Hits(Span q) const {
  if (!q.valid()) return false;
  // The union's spans are disjoint: the last one starting before q ends
  // has the largest end of those that could reach q.
  auto it = spans_.lower_bound(q.end);
  if (it != spans_.begin() && std::prev(it)->second > q.begin) return true;
  auto p = points_.upper_bound(q.begin);
  return p != points_.end() && *p < q.end;
}

DocumentAttribution::DocumentAttribution(const Lexicon& lexicon,
                                         std::string_view text,
                                         const std::vector<DocQuote>& quotes,
                                         std::string* trace, bool join_quotes)
    : lexicon_(lexicon),
      text_(text),
      quotes_(quotes),
      trace_(trace),
      join_quotes_(join_quotes),
      quote_used_(quotes.size(), false) {}

Span DocumentAttribution::TrimSource(Span source) const {
  if (!source.valid()) return source;
  // Drop sentence-opening words ("As Breitbart’s Joel Pollak", "While
  // President Obama"); keep a determiner that has a noun after it.
  for (;;) {
    std::string_view v = text_.substr(source.begin, source.size());
    size_t space = v.find(' ');
    std::string_view first = v.substr(0, space);
    if (!lexicon_.source_stop.count(first)) break;
    static const WordSet kDeterminers = {"The",   "A",   "An",  "His", "Her",
                                         "Their", "Its", "Our", "My",  "Your"};
    bool determiner = kDeterminers.count(first) > 0;
    if (space == std::string_view::npos) return Span{};  // only "The", "After"
    if (determiner) break;
    source.begin += space + 1;
  }
  // "The crowd booed when she": a subject pronoun that ends the phrase is
  // the source, the words before it are another clause.
  {
    static const WordSet kSubjects = {"he", "she", "they", "we", "I", "it"};
    std::string_view v = text_.substr(source.begin, source.size());
    const size_t head_end = std::min(v.size(), v.find(", "));
    for (size_t start = v.find(' ');
         start != std::string_view::npos && start + 1 < head_end;
         start = v.find(' ', start + 1)) {
      size_t end = std::min(head_end, v.find(' ', start + 1));
      if (end == head_end &&
          kSubjects.count(v.substr(start + 1, end - start - 1))) {
        source.begin += start + 1;
        break;
      }
    }
  }
  // A reporting verb is never part of a source: "… and said his party would
  // ask …" is not the source "said his party", and "Cuban complained Cruz"
  // is the source "Cuban". Forms that double as nouns ("a pool report",
  // "his remarks") count only when they open the source. An apposition may
  // hold one: "X, who proposed the plan".
  std::string_view v = text_.substr(source.begin, source.size());
  const size_t head_end = std::min(v.size(), v.find(", "));
  // Likewise a past tense right after a name: "Graham called both
  // candidates" is the source "Graham".
  bool after_name = false;
  for (size_t start = 0; start < head_end;) {
    size_t end = v.find(' ', start);
    if (end == std::string_view::npos) end = v.size();
    std::string_view word = v.substr(start, end - start);
    bool lower = word[0] >= 'a' && word[0] <= 'z';
    // The word lists only where they decide: most words are neither first
    // nor a past tense.
    const bool past = start > 0 && IsPastTense(word);
    bool say = (start == 0 || past) && lexicon_.say_verbs.count(word) > 0;
    if (say && start == 0) return Span{};
    if (past && (say || (after_name && lower))) {
      source.end = source.begin + start - 1;
      v = v.substr(0, start - 1);
      // "people familiar with the plans who [asked …]": the relative
      // pronoun goes with the verb.
      for (std::string_view rel : {" who", " which", " that"}) {
        if (HasProperSuffix(v, rel)) {
          v.remove_suffix(rel.size());
          source.end -= rel.size();
        }
      }
      break;
    }
    after_name = !lower && !lexicon_.source_stop.count(word);
    start = end + 1;
  }
  // "Rather, he said, continued …": an aside that is itself an attribution
  // means the words before it are no source.
  for (size_t comma = v.find(", "); comma != std::string_view::npos;
       comma = v.find(", ", comma + 2)) {
    std::string_view aside = v.substr(comma + 2);
    aside = aside.substr(0, aside.find(','));
    size_t words = 1 + std::count(aside.begin(), aside.end(), ' ');
    size_t last = aside.rfind(' ');
    std::string_view verb =
        last == std::string_view::npos ? aside : aside.substr(last + 1);
    if (words <= 4 && lexicon_.say_verbs.count(verb)) return Span{};
  }
  // "Tommy Vietor, a former spokesman, recalling …", "…, at a rally":
  // a participle, a time or place phrase or a new clause after the source
  // is narration, not part of it.
  static const WordSet kNotApposition = {
      "according", "while",  "although", "though", "as",    "when",
      "after",     "before", "because",  "at",     "on",    "in",
      "during",    "from",   "to",       "via",    "last",  "this",
      "earlier",   "later",  "and",      "but",    "adding"};
  for (size_t comma = v.find(", "); comma != std::string_view::npos;
       comma = v.find(", ", comma + 2)) {
    std::string_view rest = v.substr(comma + 2);
    std::string_view word = rest.substr(0, rest.find(' '));
    bool participle = word.size() > 4 &&
                      word.substr(word.size() - 3) == "ing" && word[0] >= 'a' &&
                      word[0] <= 'z';
    if (participle || kNotApposition.count(word)) {
      source.end = source.begin + comma;
      v = v.substr(0, comma);
      break;
    }
  }
  // "economists - including a minority of the committee -": the closing
  // dash of an aside is no part of the source.
  for (std::string_view dash :
       {std::string_view(" -"), std::string_view(" \xE2\x80\x94"),
        std::string_view(" \xE2\x80\x93")}) {
    if (HasProperSuffix(v, dash)) {
      v.remove_suffix(dash.size());
      source.end -= dash.size();
    }
  }
  // A possessive is not a source: "Clinton’s [comments] said".
  for (std::string_view end :
       {std::string_view("\xE2\x80\x99s"), std::string_view("'s")}) {
    if (HasProperSuffix(v, end)) return Span{};
  }
  // Nor is a phrase that stops on a relative pronoun or a preposition: "a
  // person familiar with the plans who [asked not to be named]", "The vote
  // follows months of [protests]".
  static const WordSet kDangling = {"who", "which", "that", "of",  "to",
                                    "in",  "on",    "at",   "for", "with",
                                    "by",  "from",  "and",  "or"};
  size_t last = v.rfind(' ');
  if (last != std::string_view::npos && kDangling.count(v.substr(last + 1))) {
    return Span{};
  }
  return source;
}

Span DocumentAttribution::CleanQuoteContent(const quotes::Quote& q) const {
  Span s = q.content;
  // A comma, semicolon or colon just before the closing mark belongs to the
  // sentence around the quote, not to the claim.
  while (s.end > s.begin) {
    char c = text_[s.end - 1];
    if (c == ',' || c == ';' || c == ':') {
      --s.end;
    } else if (c == ' ') {
      --s.end;
    } else {
      break;
    }
  }
  return s;
}

Span DocumentAttribution::CleanIndirect(Span s) const {
  for (bool changed = true; changed && s.begin < s.end;) {
    changed = false;
    size_t len;
    while (s.begin < s.end &&
           text::IsSpace(text::DecodeAt(text_, s.begin, &len))) {
      s.begin += len;
      changed = true;
    }
    while (s.end > s.begin) {
      size_t p = text::PrevStart(text_, s.end);
      char32_t c = text::DecodeAt(text_, p, &len);
      if (!text::IsSpace(c) &&
          !(c < 0x80 && IsTrailingPunct(static_cast<char>(c)))) {
        break;
      }
      s.end = p;
      changed = true;
    }
    std::string_view v = text_.substr(s.begin, s.size());
    if (v.size() > 5 &&
        (v.substr(0, 5) == "that " || v.substr(0, 5) == "That ")) {
      s.begin += 5;
      changed = true;
    }
  }
  return s;
}

bool DocumentAttribution::LeadingPhraseThenComma(Span s,
                                                 bool need_comma) const {
  static const WordSet kPrepositions = {
      "on",      "in",        "at",        "during",   "after",  "before",
      "last",    "this",      "earlier",   "late",     "later",  "via",
      "through", "from",      "to",        "by",       "next",   "early",
      "Monday",  "Tuesday",   "Wednesday", "Thursday", "Friday", "Saturday",
      "Sunday",  "yesterday", "today",     "tonight"};
  std::string_view v = text_.substr(s.begin, s.size());
  size_t space = v.find(' ');
  if (space == std::string_view::npos ||
      !kPrepositions.count(v.substr(0, space))) {
    return false;
  }
  if (!need_comma) return true;
  size_t comma = v.find(',');
  if (comma == std::string_view::npos) return false;
  size_t words = 1;
  for (size_t i = 0; i < comma; ++i) words += v[i] == ' ';
  return words <= 5;
}

bool DocumentAttribution::SplitsPhrase(size_t claim_begin) const {
  static const WordSet kInsidePhrase = {"a", "an"};
  size_t end = claim_begin;
  while (end > 0 && text_[end - 1] == ' ') --end;
  size_t begin = end;
  while (begin > 0 && text_[begin - 1] != ' ' && text_[begin - 1] != '\n') {
    --begin;
  }
  return kInsidePhrase.count(text_.substr(begin, end - begin)) > 0;
}

size_t DocumentAttribution::WordCount(Span s, size_t at_most) const {
  size_t words = 0;
  bool in_word = false;
  for (size_t i = s.begin; i < s.end; ++i) {
    bool space = text_[i] == ' ' || text_[i] == '\n' || text_[i] == '\t';
    if (!space && !in_word && ++words == at_most) break;
    in_word = !space;
  }
  return words;
}

Span DocumentAttribution::SplitVia(Span claim, Span* via) const {
  // "…, X said, according to Reuters": a second-hand source ends the claim.
  static constexpr std::string_view kMarker = ", according to ";
  std::string_view c = text_.substr(claim.begin, claim.size());
  size_t at = c.rfind(kMarker);
  if (at == std::string_view::npos || at == 0) return claim;
  Span v = CleanIndirect(Span{claim.begin + at + kMarker.size(), claim.end});
  if (v.size() == 0 || v.size() > 80) return claim;
  *via = v;
  return CleanIndirect(Span{claim.begin, claim.begin + at});
}

Span DocumentAttribution::CutNextClause(Span claim) const {
  // "Rubio said the real extremist is Clinton, and he railed against …":
  // a coordinated clause whose subject is a pronoun starts new narration,
  // as does a CLAIM_END word (", saying", ", which" …). A comma may sit
  // inside a closing quotation mark ("party,” claiming …"); the cut then
  // comes after the mark. The claim ends at the earliest such place.
  static constexpr std::string_view kSubjects[] = {
      "he ", "she ", "they ", "it ", "we ", "I ", "He ", "She ", "They "};
  static constexpr std::string_view kClosers[] = {
      "\xE2\x80\x9D", "\xE2\x80\x99", "''", "\"", "'", "\xC2\xBB"};
  std::string_view c = text_.substr(claim.begin, claim.size());
  size_t cut = std::string_view::npos;
  // A marker found: the claim would end at cut_at, and `rest` follows.
  auto found = [&](std::string_view marker, bool join, size_t cut_at,
                   std::string_view rest) {
    bool ends = false;
    if (join) {
      for (std::string_view subject : kSubjects) {
        ends |= rest.substr(0, subject.size()) == subject;
      }
    } else {
      ends = rest.empty() || rest[0] == ' ' || marker.back() == ' ';
    }
    if (ends && cut_at < cut) cut = cut_at;
  };
  // Every marker at c[i], as written and, for one that starts with a comma,
  // with a closing mark after the comma: the first of `closers` (those
  // right after the comma at i) after which the rest of the marker follows.
  std::string_view closers[std::size(kClosers)];
  size_t closer_count = 0;
  auto try_at = [&](size_t i, std::string_view marker, bool join) {
    // The second character first: most places hold no marker.
    if ((marker.size() < 2 || (i + 1 < c.size() && c[i + 1] == marker[1])) &&
        c.compare(i, marker.size(), marker) == 0) {
      found(marker, join, i, c.substr(i + marker.size()));
    }
    if (marker[0] != ',') return;
    std::string_view tail = marker.substr(1);
    for (size_t k = 0; k < closer_count; ++k) {
      size_t after = i + 1 + closers[k].size();
      if (c.compare(after, tail.size(), tail) == 0) {
        found(marker, join, after, c.substr(after + tail.size()));
        break;
      }
    }
  };
  // A marker at i ends the claim at i or later: none after `cut` can win.
  // Most bytes start no marker or join: Next() skips them.
  const ClaimEnds& markers = lexicon_.claim_ends;
  for (size_t i = markers.Next(c, 0, c.size()); i < std::min(c.size(), cut);
       i = markers.Next(c, i + 1, std::min(c.size(), cut))) {
    // A join, or a marker; one starting with a comma may have a closing
    // mark after it.
    closer_count = 0;
    if (c[i] == ',') {
      for (std::string_view closer : kClosers) {
        if (c.compare(i + 1, closer.size(), closer) == 0) {
          closers[closer_count++] = closer;
        }
      }
    }
    for (std::string_view join : ClaimEnds::kJoins) {
      if (join[0] == c[i]) try_at(i, join, true);
    }
    for (const std::string& end : markers.StartingWith(c[i])) {
      try_at(i, end, false);
    }
  }
  if (cut == std::string_view::npos || cut == 0) return claim;
  return CleanIndirect(Span{claim.begin, claim.begin + cut});
}

void DocumentAttribution::AddClaimPart(const rules::RuleMatch& m,
                                       rules::Role role,
                                       const quotes::MaskedText& masked,
                                       Span unit, size_t paragraph,
                                       size_t sentence) {
  Span r = m.role[role];
  if (!r.valid() || r.size() == 0) return;
  Span ms{unit.begin + r.begin, unit.begin + r.end};
  Draft d;
  d.rule = m.rule;
  d.rule_id = m.rule->id;
  d.paragraph = paragraph;
  d.sentence = sentence;
  d.order = candidates_.size();
  auto to_original = [&](rules::Role k) {
    Span s = m.role[k];
    if (!s.valid()) return Span{};
    Span o = masked.ToOriginal(Span{unit.begin + s.begin, unit.begin + s.end});
    return CleanIndirect(o);
  };
  d.source = TrimSource(to_original(rules::kSource));
  if (m.role[rules::kSource].valid() && !d.source.valid()) {
    if (trace_) {
      *trace_ += "  rejected " + std::string(d.rule_id) + ": no source left\n";
    }
    return;
  }
  d.cue = to_original(rules::kCue);
  d.via = to_original(rules::kVia);

  std::vector<size_t>& inside = inside_;
  masked.QuotesIn(ms, &inside);
  // Exactly one placeholder, nothing but commas and spaces around it.
  const std::string_view mt = masked.masked();
  size_t b = ms.begin;
  size_t e = ms.end;
  while (b < e && (mt[b] == ' ' || mt[b] == ',')) ++b;
  while (e > b && (mt[e - 1] == ' ' || mt[e - 1] == ',')) --e;
  long q = inside.size() == 1 ? masked.QuoteAt(b) : -1;
  bool direct = false;
  if (q >= 0) {
    Span qo = masked.ToOriginal(Span{b, e});
    direct = qo == quotes_[q].quote.outer;
  }
  if (direct) {
    d.parts.push_back(CleanQuoteContent(quotes_[q].quote));
    d.part_quote.push_back(q);
    d.direct = true;
    d.quoted = true;
  } else {
    Span o = CleanIndirect(masked.ToOriginal(ms));
    if (!d.via.valid() && m.rule->type != kTypeAccordingTo) {
      o = SplitVia(o, &d.via);
    }
    // A new clause ends a claim that follows its cue; a claim before its
    // cue ("…, and he had $5 million, according to X") is kept whole.
    if (!d.cue.valid() || o.begin > d.cue.begin) o = CutNextClause(o);
    // "those who said they cared about honesty, most backed …": a relative
    // clause ends at its comma.
    if (d.source.valid() && o.begin > d.source.begin) {
      std::string_view who = text_.substr(d.source.begin, d.source.size());
      size_t comma = text_.substr(o.begin, o.size()).find(", ");
      if ((who == "who" || who == "which") && comma != std::string_view::npos) {
        o = CleanIndirect(Span{o.begin, o.begin + comma});
      }
    }
    if (o.size() == 0) return;
    // "said on Tuesday, as the country tries …": a time or place phrase and
    // a comma after the cue mean the claim came before it.
    if (m.rule->claim_is_rest && LeadingPhraseThenComma(o)) return;
    // "told reporters at a briefing in Ostrava.": a claim cut out of a
    // phrase after the cue (its word before is "a", "at" …) is no claim.
    if (m.rule->claim_is_rest && SplitsPhrase(o.begin)) return;
    // "said nothing about it" reports no statement.
    if (m.rule->claim_is_rest) {
      std::string_view v = text_.substr(o.begin, o.size());
      if (lexicon_.claim_not_start.count(v.substr(0, v.find(' ')))) {
        return;
      }
    }
    // "said on Monday.", "announced last month": a time or place phrase is
    // no claim; "denied the reports" is one, two words suffice.
    if (m.rule->claim_is_rest && inside.empty()) {
      const size_t words = WordCount(o, /*at_most=*/4);
      if (words < kMinIndirectWords ||
          (words <= 3 && LeadingPhraseThenComma(o, /*comma=*/false))) {
        return;
      }
    }
    d.parts.push_back(o);
    d.part_quote.push_back(-1);
    d.quoted = !inside.empty();
    Span t = m.role[rules::kClaimTail];
    if (role == rules::kClaim && t.valid() && t.size() > 0) {
      Span mt{unit.begin + t.begin, unit.begin + t.end};
      Span tail = CleanIndirect(masked.ToOriginal(mt));
      if (tail.size() > 0) {
        d.parts.push_back(tail);
        d.part_quote.push_back(-1);
        masked.QuotesIn(mt, &inside);
        d.quoted |= !inside.empty();
      }
    }
  }
  candidates_.push_back(std::move(d));
}

void DocumentAttribution::AddMatches(
    const std::vector<rules::RuleMatch>& matches,
    const quotes::MaskedText& masked, Span unit, size_t paragraph,
    size_t sentence) {
  for (const rules::RuleMatch& m : matches) {
    for (rules::Role role : {rules::kClaim, rules::kClaim2, rules::kClaim3}) {
      AddClaimPart(m, role, masked, unit, paragraph, sentence);
    }
  }
}

bool DocumentAttribution::Overlaps(const Draft& d, const SpanSet& parts,
                                   const SpanSet& sources) {
  for (Span q : d.parts) {
    if (parts.Hits(q) || sources.Hits(q)) return true;
  }
  // A name inside quoted words is never its speaker.
  return parts.Hits(d.source);
}

void DocumentAttribution::Continue() {
  // Multi-paragraph quotes: an open-ended quote goes on with the quote that
  // opens the next paragraph.
  for (Draft& d : accepted_) {
    if (!d.direct) continue;
    // Backwards: the attribution often follows the last part.
    for (long q = d.part_quote.front(); q > 0;) {
      long prev = q - 1;
      while (prev >= 0 && quotes_[prev].quote.depth != 0) --prev;
      if (prev < 0 || quote_used_[prev] || !quotes_[prev].quote.open_end ||
          quotes_[prev].paragraph + 1 != quotes_[q].paragraph ||
          !quotes_[q].starts_paragraph) {
        break;
      }
      d.parts.push_front(CleanQuoteContent(quotes_[prev].quote));
      d.part_quote.push_front(prev);
      quote_used_[prev] = true;
      q = prev;
    }
    long q = d.part_quote.back();
    while (q >= 0 && quotes_[q].quote.open_end) {
      long next = -1;
      for (size_t k = static_cast<size_t>(q) + 1; k < quotes_.size(); ++k) {
        if (quotes_[k].quote.depth == 0) {
          next = static_cast<long>(k);
          break;
        }
      }
      if (next < 0 || quote_used_[next] ||
          quotes_[next].paragraph != quotes_[q].paragraph + 1 ||
          !quotes_[next].starts_paragraph) {
        break;
      }
      d.parts.push_back(CleanQuoteContent(quotes_[next].quote));
      d.part_quote.push_back(next);
      quote_used_[next] = true;
      q = next;
    }
  }
  std::sort(accepted_.begin(), accepted_.end(),
            [](const Draft& a, const Draft& b) {
              return a.parts.front().begin < b.parts.front().begin;
            });
  // Quotes no rule attributed that start a sentence or paragraph right after
  // a quote of a known speaker continue that speaker.
  std::vector<Draft> added;
  added.reserve(quotes_.size());  // `last` may point into it
  size_t next_accepted = 0;
  const Draft* last = nullptr;
  for (size_t k = 0; k < quotes_.size(); ++k) {
    const DocQuote& dq = quotes_[k];
    while (next_accepted < accepted_.size() &&
           accepted_[next_accepted].parts.front().begin <
               dq.quote.outer.begin) {
      last = &accepted_[next_accepted++];
    }
    if (!added.empty() && (!last || added.back().parts.front().begin >
                                        last->parts.front().begin)) {
      last = &added.back();
    }
    if (quote_used_[k] || dq.quote.depth != 0 || !dq.quote.speech_like ||
        !dq.starts_sentence || !last || !last->direct ||
        !last->source.valid() ||
        dq.paragraph > last->paragraph + kContinuationParagraphs) {
      continue;
    }
    bool inside_claim = false;
    for (const Draft& a : accepted_) {
      for (Span p : a.parts) inside_claim |= Intersects(p, dq.quote.outer);
    }
    if (inside_claim) continue;
    Draft d = *last;
    d.rule = nullptr;
    d.rule_id = kContinuationRule;
    d.parts = {CleanQuoteContent(dq.quote)};
    d.part_quote = {static_cast<long>(k)};
    d.cue = Span{};
    d.paragraph = dq.paragraph;
    d.sentence = dq.sentence;
    d.continues = 1;
    quote_used_[k] = true;
    long q = static_cast<long>(k);
    while (quotes_[q].quote.open_end &&
           q + 1 < static_cast<long>(quotes_.size()) &&
           quotes_[q + 1].paragraph == quotes_[q].paragraph + 1 &&
           quotes_[q + 1].starts_paragraph && !quote_used_[q + 1]) {
      ++q;
      d.parts.push_back(CleanQuoteContent(quotes_[q].quote));
      d.part_quote.push_back(q);
      quote_used_[q] = true;
    }
    if (trace_) {
      *trace_ += "  continuation: quote at byte " +
                 std::to_string(dq.quote.outer.begin) + " continues " +
                 std::string(Text(last->source)) + "\n";
    }
    added.push_back(std::move(d));
    last = &added.back();
  }
  for (Draft& d : added) accepted_.push_back(std::move(d));
  std::sort(accepted_.begin(), accepted_.end(),
            [](const Draft& a, const Draft& b) {
              return a.parts.front().begin < b.parts.front().begin;
            });
}

void DocumentAttribution::JoinQuotes() {
  std::vector<Draft> joined;
  joined.reserve(accepted_.size());
  for (Draft& d : accepted_) {
    if (!joined.empty()) {
      Draft& prev = joined.back();
      bool same_source = prev.source.valid() && prev.source == d.source;
      bool interrupted =
          d.continues < 0 && d.rule_id == prev.rule_id && d.cue == prev.cue;
      bool continued = d.continues >= 0 && d.paragraph == prev.paragraph;
      if (prev.direct && d.direct && same_source &&
          (interrupted || continued)) {
        prev.parts.append(d.parts);
        prev.part_quote.append(d.part_quote);
        prev.paragraph = d.paragraph;
        continue;
      }
    }
    joined.push_back(std::move(d));
  }
  accepted_ = std::move(joined);
}

void DocumentAttribution::Finish(std::vector<Claim>* out,
                                 std::vector<Claim>* spare) {
  std::stable_sort(candidates_.begin(), candidates_.end(),
                   [](const Draft& a, const Draft& b) {
                     return a.rule->priority > b.rule->priority;
                   });
  // Room for the continuations too (Continue() adds at most one a quote),
  // in one allocation.
  accepted_.reserve(candidates_.size() + quotes_.size());
  SpanSet accepted_parts;  // of accepted_, for Overlaps()
  SpanSet accepted_sources;
  for (Draft& d : candidates_) {
    if (Overlaps(d, accepted_parts, accepted_sources)) {
      if (trace_) {
        *trace_ += "  rejected " + std::string(d.rule_id) +
                   " (overlaps an accepted claim): " +
                   Shorten(std::string(Text(d.parts.front()))) + "\n";
      }
      continue;
    }
    for (long q : d.part_quote) {
      if (q >= 0) quote_used_[q] = true;
    }
    for (Span p : d.parts) accepted_parts.Add(p);
    accepted_sources.Add(d.source);
    accepted_.push_back(std::move(d));
  }
  Continue();
  if (join_quotes_) JoinQuotes();

  SpeakerResolver resolver(lexicon_, text_, /*explain=*/trace_ != nullptr);
  Resolution previous;
  for (const Draft& d : accepted_) {
    Claim c;
    if (spare && !spare->empty()) {
      c = std::move(spare->back());
      spare->pop_back();
    }
    for (size_t i = 0; i < d.parts.size(); ++i) {
      if (i) c.claim += ' ';
      c.claim += Text(d.parts[i]);
    }
    c.claim_spans.assign(d.parts.begin(), d.parts.end());
    c.source_span = d.source;
    if (d.source.valid()) c.source = Text(d.source);
    c.cue_span = d.cue;
    if (d.cue.valid()) c.cue = Text(d.cue);
    if (d.via.valid()) c.via = Text(d.via);
    c.sentence = d.sentence;
    c.rule = d.rule_id;
    bool all_direct = true;
    for (long q : d.part_quote) all_direct &= q >= 0;
    if (d.rule && d.rule->type == kTypeAccordingTo) {
      c.type = kTypeAccordingTo;
    } else if (all_direct) {
      c.type = kTypeDirect;
    } else {
      c.type = d.quoted ? kTypeMixed : kTypeIndirect;
    }
    Resolution r;
    if (d.continues >= 0) {
      r = previous;
    } else {
      r = resolver.Resolve(c.source, d.source.valid() ? d.source.begin : 0);
    }
    c.speaker = r.speaker;
    c.source_kind = r.kind;
    if (trace_) {
      *trace_ += "  claim [" + c.rule + ", " + c.type + "] source=\"" +
                 c.source + "\" speaker=\"" + c.speaker + "\" (" + r.kind +
                 ": " + r.how + ") claim=\"" + Shorten(c.claim) + "\"\n";
    }
    previous = std::move(r);
    out->push_back(std::move(c));
  }
}

}  // namespace whosaid::attribution
