// The row type of the claim-source table.
#ifndef WHOSAID_CLAIM_H_
#define WHOSAID_CLAIM_H_

#include <cstddef>
#include <string>
#include <vector>

namespace whosaid {

// A half-open byte range [begin, end) into the original UTF-8 document text.
// Offsets are converted to code points or UTF-16 units only at output.
struct Span {
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t begin = kNone;
  size_t end = kNone;

  bool valid() const { return begin != kNone && end != kNone; }
  size_t size() const { return valid() ? end - begin : 0; }
};

inline bool operator==(const Span& a, const Span& b) {
  return a.begin == b.begin && a.end == b.end;
}

// Claim types (the `type` column).
inline constexpr const char* kTypeDirect = "direct";
inline constexpr const char* kTypeIndirect = "indirect";
inline constexpr const char* kTypeMixed = "mixed";
inline constexpr const char* kTypeAccordingTo = "according_to";

// Source kinds (the `source_kind` column).
inline constexpr const char* kKindPerson = "person";
inline constexpr const char* kKindOrganization = "organization";
inline constexpr const char* kKindAnonymous = "anonymous";
inline constexpr const char* kKindUnknown = "unknown";

// One attributed claim. All spans are byte ranges into the document text.
struct Claim {
  // The claim text as the gold format writes it: no enclosing quotation
  // marks, the parts of a discontinuous claim joined by one space.
  std::string claim;
  // The parts of the claim, in document order; never empty for a real claim.
  std::vector<Span> claim_spans;

  std::string source;  // the source mention as written; may be empty
  Span source_span;
  std::string speaker;      // resolved speaker name, titles removed
  std::string source_kind;  // one of kKind*
  std::string cue;          // the attribution cue as written
  Span cue_span;
  std::string type;     // one of kType*
  std::string via;      // a second-hand source ("according to Reuters")
  size_t sentence = 0;  // 0-based index of the sentence holding the cue
  std::string rule;     // id of the rule that fired

  // The whole claim range: from the first part's begin to the last's end.
  Span Range() const {
    if (claim_spans.empty()) return Span{};
    return Span{claim_spans.front().begin, claim_spans.back().end};
  }
};

}  // namespace whosaid

#endif  // WHOSAID_CLAIM_H_
