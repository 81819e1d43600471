// Speaker resolution: titles and roles out of `speaker`, pronouns, surnames
// and role nouns resolved to the fullest earlier mention in the document,
// and the kind of source.
#ifndef WHOSAID_ATTRIBUTION_SPEAKER_H_
#define WHOSAID_ATTRIBUTION_SPEAKER_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "attribution/inline_vector.h"
#include "text/word_set.h"

namespace whosaid::attribution {

using text::WordSet;

// CLAIM_END's markers (", saying", " —"), by first byte, and the joins of
// a coordinated clause (", and he …"): a claim's text is scanned for them
// (DocumentAttribution::CutNextClause), skipping the bytes where none can
// start by a table of the first two bytes of each.
class ClaimEnds {
 public:
  // A join ends a claim when a pronoun subject follows it.
  static constexpr std::string_view kJoins[] = {", and ", ", but ", "; "};

  ClaimEnds() : ClaimEnds(std::vector<std::string>{}) {}
  explicit ClaimEnds(const std::vector<std::string>& markers) {
    auto add = [&](std::string_view m) {
      const auto first = static_cast<unsigned char>(m[0]);
      if (m.size() == 1) single_[first] = true;
      // A marker of one byte has no second byte to test; after a comma a
      // closing quotation mark may come before the rest ("party,” claiming
      // …"): any byte after either.
      if (m.size() == 1 || first == ',') {
        for (unsigned second = 0; second < 256; ++second) Set(first, second);
      } else {
        Set(first, static_cast<unsigned char>(m[1]));
      }
    };
    for (const std::string& m : markers) {
      if (m.empty()) continue;
      by_first_[static_cast<unsigned char>(m[0])].push_back(m);
      add(m);
    }
    for (std::string_view join : kJoins) add(join);
  }
  const std::vector<std::string>& StartingWith(char c) const {
    return by_first_[static_cast<unsigned char>(c)];
  }
  // The first place in [i, end) where a marker or a join may start, by its
  // first two bytes (one of one byte, by its byte; one that starts with a
  // comma, by the comma), else `end`; end <= text.size().
  size_t Next(std::string_view text, size_t i, size_t end) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    // The last byte of the text has no second byte.
    const size_t pairs_end = std::min(end, text.size() - (end > 0 ? 1 : 0));
    for (; i < pairs_end; ++i) {
      if (!first_[p[i]]) continue;
      const unsigned key = static_cast<unsigned>(p[i]) << 8 | p[i + 1];
      if ((pairs_[key >> 6] >> (key & 63)) & 1) return i;
    }
    if (i < end && single_[p[i]]) return i;
    return end;
  }
  bool MayStartAt(std::string_view text, size_t i) const {
    return Next(text, i, i + 1) == i;
  }

 private:
  void Set(unsigned first, unsigned second) {
    first_[first] = true;
    const unsigned key = first << 8 | second;
    pairs_[key >> 6] |= uint64_t{1} << (key & 63);
  }

  std::array<std::vector<std::string>, 256> by_first_;
  std::array<bool, 256> first_{};             // the first byte of a pair
  std::array<uint64_t, 65536 / 64> pairs_{};  // (first << 8 | second) bits
  std::array<bool, 256> single_{};            // markers of one byte
};

struct Lexicon {
  WordSet titles;           // lower case: "minister", "dr."
  WordSet anonymous;        // lower case: "officials", "spokesman"
  WordSet organizations;    // lower case: "ministry", "inc."
  WordSet places;           // as written: "Iraq", "Germany"
  WordSet person_pronouns;  // lower case: "he", "she"
  WordSet group_pronouns;   // lower case: "they", "we"
  WordSet source_stop;      // as written: "As"
  WordSet say_verbs;        // as written: "said"
  ClaimEnds claim_ends;     // as written: ", saying", " —"
  WordSet claim_not_start;  // as written: "nothing"
};

struct Resolution {
  std::string speaker;
  std::string kind;
  std::string how;  // for the trace: "title removed", "pronoun -> ..."
};

// Per-document resolver: remembers the sources met so far.
class SpeakerResolver {
 public:
  // `text` is the document; surnames are looked up in what precedes them.
  // Without `explain`, Resolution::how stays empty (it is for the trace).
  SpeakerResolver(const Lexicon& lexicon, std::string_view text,
                  bool explain = true)
      : lexicon_(lexicon), text_(text), explain_(explain) {}

  // Resolves one source mention, in document order; `at` is its byte
  // offset in the document.
  Resolution Resolve(std::string_view source, size_t at);

  // Records a mention of a name outside any attribution ("Prime Minister
  // Muhammad Al-Sudani announced …"), so later pronouns can find it.
  void Remember(const Resolution& r);

 private:
  struct Entity {
    std::string speaker;
    std::string kind;
    std::vector<std::string> roles;  // lower-case role/org words met with it
    // The words of speaker (runs between spaces): how many, and where the
    // last one is (speaker.substr(last, last_size)).
    size_t words = 0;
    size_t last = 0;
    size_t last_size = 0;
  };
  static Entity NewEntity(std::string speaker, std::string kind,
                          std::vector<std::string> roles);
  const Entity* FindSurname(const std::string& surname) const;
  const Entity* FindRole(const std::vector<std::string>& words,
                         const std::string& kind) const;
  const Entity* LastOfKind(const std::string& kind) const;
  void Add(Entity e);
  // The fullest name ending in `surname` written before byte `at`, titles
  // left out ("Trần Thị Minh Hằng" for "Hằng"); empty when none has two
  // words or more. The occurrences of each surname are found once per
  // document (Mentions), so that many claims of one surname stay linear.
  std::string FullestMention(const std::string& surname, size_t at);
  // The capitalised words (titles left out) of the name that ends with the
  // occurrence of a surname at text_[pos, …).
  // Words as views of the text (and of `surname`): names have a few.
  using Words = InlineVector<std::string_view, 8>;
  Words NameEndingAt(const std::string& surname, size_t pos) const;
  // The capitalised words separated by single spaces that end at byte
  // `end`, walking back until a word for which `stop` holds.
  Words CapitalisedWordsBefore(
      size_t end, const std::function<bool(std::string_view)>& stop) const;
  // The capitalised words just before byte `at` (skipping ", "): the
  // antecedent of "who" in "Ted Cruz, who said …".
  std::string NameBefore(size_t at) const;
  // The name right after the last "<role>" before `at`, or "".
  std::string NameAfterRole(const std::string& role, size_t at) const;

  // The occurrences of one surname in text_, in order, found so far.
  struct Mentions {
    size_t next = 0;  // where the search for more resumes
    struct Occurrence {
      size_t begin = 0;  // where it starts
      size_t words = 0;  // words of the name ending there
      // Of occurrences 0..k (this one k) that are whole words (no letter
      // or digit right after them), the first with the most words (two or
      // more), or kNone.
      size_t fullest = 0;
    };
    std::vector<Occurrence> occurrences;  // in text order
  };
  static constexpr size_t kNone = static_cast<size_t>(-1);
  // Documented in docs/LIMITS.md.
  static constexpr size_t kMentionWindow = 64 << 10;
  static constexpr size_t kMaxEntities = 4096;

  // Resolution::how: `what` then `detail`, when explaining.
  std::string How(std::string_view what, std::string_view detail = {}) const {
    if (!explain_) return std::string();
    std::string how(what);
    how += detail;
    return how;
  }

  const Lexicon& lexicon_;
  std::string_view text_;
  bool explain_ = true;
  std::vector<Entity> entities_;
  std::map<std::string, Mentions> mentions_;
};

}  // namespace whosaid::attribution

#endif  // WHOSAID_ATTRIBUTION_SPEAKER_H_
