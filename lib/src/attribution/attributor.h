// Attribution stage: turns rule matches into claims. Settles overlapping
// matches by rule priority, joins multi-paragraph quotes, gives unattributed
// quotes that continue a speaker to that speaker, and resolves speakers.
#ifndef WHOSAID_ATTRIBUTION_ATTRIBUTOR_H_
#define WHOSAID_ATTRIBUTION_ATTRIBUTOR_H_

#include <array>
#include <cstddef>
#include <map>
#include <memory_resource>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "attribution/inline_vector.h"
#include "attribution/speaker.h"
#include "quotes/masked_text.h"
#include "quotes/quote_finder.h"
#include "rules/rule_set.h"
#include "whosaid/claim.h"

namespace whosaid::attribution {

// Answers "does any span added so far Intersect() this one?" (overlap of
// two valid spans; an empty span [x, x) meets only spans around x) in
// O(log n): a scan of every accepted claim made a document of many claims
// quadratic. Non-empty spans are kept as the union of those that strictly
// overlap, which gives the same answers: a point inside the union is inside
// one of them.
class SpanSet {
 public:
  SpanSet() = default;
  SpanSet(const SpanSet&) = delete;
  SpanSet& operator=(const SpanSet&) = delete;
  void Add(Span s);
  bool Hits(Span q) const;

 private:
  // The nodes come from a buffer of the set's own, then from the heap in
  // growing blocks, and are all freed with the set: a document's claims
  // need no allocation each.
  std::array<std::byte, 4096> buffer_;
  std::pmr::monotonic_buffer_resource pool_{buffer_.data(), buffer_.size()};
  std::pmr::map<size_t, size_t> spans_{&pool_};  // begin -> end, disjoint
  std::pmr::multiset<size_t> points_{&pool_};    // empty spans
};

// A claim = "rest" claim without a quotation needs at least this many
// words: "denied the reports" has a claim, "said so" has none.
inline constexpr size_t kMinIndirectWords = 2;

// Rule id given to quotes attributed by continuation (no rule matched them:
// they follow a quote of the same speaker).
inline constexpr const char* kContinuationRule = "continuation";
// How many paragraphs after a speaker's quote an unattributed quote may
// still continue that speaker (0: the same paragraph only).
inline constexpr size_t kContinuationParagraphs = 1;

// A quote of the document with its paragraph.
struct DocQuote {
  quotes::Quote quote;
  size_t paragraph = 0;
  size_t sentence = 0;            // index of the text unit holding it
  bool starts_paragraph = false;  // nothing but white space before it
  bool starts_sentence = false;   // opens its text unit
};

// Per-document attribution. Feed the matches of each text unit in document
// order, then Finish().
class DocumentAttribution {
 public:
  // `join_quotes`: the parts of an interrupted quotation and the quotes
  // that continue it in the same paragraph make one claim with several
  // spans (PolNeAR's convention), not one row each (the spec's).
  DocumentAttribution(const Lexicon& lexicon, std::string_view text,
                      const std::vector<DocQuote>& quotes, std::string* trace,
                      bool join_quotes = false);

  void AddMatches(const std::vector<rules::RuleMatch>& matches,
                  const quotes::MaskedText& masked, Span unit, size_t paragraph,
                  size_t sentence);

  // With `spare`, the claims are made from its entries (emptied claims
  // whose strings keep their buffers) while it has any.
  void Finish(std::vector<Claim>* out, std::vector<Claim>* spare = nullptr);

 private:
  struct Draft {
    const rules::Rule* rule = nullptr;
    std::string_view rule_id;  // the rule's id, or kContinuationRule
    InlineVector<Span, 2> parts;
    InlineVector<long, 2> part_quote;  // quote index of each part, or -1
    Span source;
    Span cue;
    Span via;
    size_t paragraph = 0;
    size_t sentence = 0;
    size_t order = 0;
    bool quoted = false;  // contains a quotation
    bool direct = false;  // is exactly one quotation (per part)
    long continues = -1;  // draft index this one continues
  };

  void AddClaimPart(const rules::RuleMatch& m, rules::Role role,
                    const quotes::MaskedText& masked, Span unit,
                    size_t paragraph, size_t sentence);
  Span CleanQuoteContent(const quotes::Quote& q) const;
  Span CleanIndirect(Span s) const;
  // Drops sentence-opening words from a source; an empty span when nothing
  // that can be a source is left ("The", "After", "Clinton’s").
  Span TrimSource(Span source) const;
  // Cuts a trailing ", according to X" off an indirect claim into *via.
  Span SplitVia(Span claim, Span* via) const;
  // Ends an indirect claim before ", and he …" / ", but they …" / "; it …".
  Span CutNextClause(Span claim) const;
  // Whether the word before text_[claim_begin] is an article or a
  // preposition: the claim would start inside a phrase.
  bool SplitsPhrase(size_t claim_begin) const;
  // The words of `s` (runs of characters other than spaces, tabs and
  // newlines), counted up to `at_most`: a longer span gives `at_most`.
  size_t WordCount(Span s, size_t at_most) const;
  // Whether `s` opens with a short prepositional or time phrase ending in a
  // comma ("on Tuesday, as …"); with need_comma false, whether it opens
  // with such a phrase at all ("last month").
  bool LeadingPhraseThenComma(Span s, bool need_comma = true) const;
  // Whether d's parts meet an accepted claim's parts or source, or d's
  // source meets an accepted claim's parts (sets kept by Finish()).
  static bool Overlaps(const Draft& d, const SpanSet& parts,
                       const SpanSet& sources);
  void Continue();
  void JoinQuotes();
  std::string_view Text(Span s) const {
    return text_.substr(s.begin, s.size());
  }

  const Lexicon& lexicon_;
  std::string_view text_;
  const std::vector<DocQuote>& quotes_;
  std::string* trace_;
  bool join_quotes_;
  std::vector<Draft> candidates_;
  std::vector<Draft> accepted_;
  std::vector<bool> quote_used_;
  std::vector<size_t> inside_;  // AddClaimPart()'s quotes, a reused buffer
};

}  // namespace whosaid::attribution

#endif  // WHOSAID_ATTRIBUTION_ATTRIBUTOR_H_
