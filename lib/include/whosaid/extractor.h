// The extractor: text in, attributed claims out.
#ifndef WHOSAID_EXTRACTOR_H_
#define WHOSAID_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "whosaid/claim.h"
#include "whosaid/status.h"

namespace whosaid {

struct ExtractorOptions {
  // Directory holding <lang>/*.toml rule and lexicon files; empty means the
  // default (see DefaultRulesDir()).
  std::string rules_dir;
  std::string lang = "en";
  // Join the parts of an interrupted quotation, and the quotes continuing
  // it in the same paragraph, into one claim with several spans (PolNeAR's
  // annotation) instead of one row per part (the spec's default).
  bool join_quotes = false;
  // Memory budget of the process (resident set size, bytes), plus
  // kMemoryPerExtraWorker for each Context alive beyond two; 0: none. The
  // rules' automata grow with every new kind of sentence they walk and
  // never shrink: when a batch starts with the process over the budget,
  // the rules are first compiled afresh, after the last batch using the old
  // copy has freed it. A corpus of repeated text never gets there; rules
  // over words grow slowly enough that a few megabytes of varied news stay
  // under the default with one thread, and each recompilation costs
  // ~0.07 s and the states rebuilt (docs/PERFORMANCE.md).
  size_t max_memory = size_t{80} << 20;
};

// What each worker beyond two adds to ExtractorOptions::max_memory: its
// batch, scratch (with the DFA states of the triggers and the rules it
// builds for itself) and malloc arena; ~10 MiB on the benchmark.
inline constexpr size_t kMemoryPerExtraWorker = size_t{12} << 20;

// Where rules are looked for when no directory is given: $WHOSAID_RULES, then
// ../share/whosaid/rules next to the running binary (an installed tree), then
// the rules/ directory of the source tree the binary was built from.
std::string DefaultRulesDir();

// A compiled extractor, shareable by all threads once built; it changes
// only by swapping in freshly compiled rules (ExtractorOptions::max_memory),
// with the same output.
// Per-thread scratch (ICU break iterators are not thread-safe) lives in a
// Context that each thread creates once with NewContext().
class Extractor {
 public:
  class Context {
   public:
    virtual ~Context() = default;
  };

  // Loads and compiles the rules. Fails with every rule-file diagnostic in
  // the message when a rule file is malformed.
  static Result<std::unique_ptr<Extractor>> Create(
      const ExtractorOptions& options);
  virtual ~Extractor() = default;

  virtual std::unique_ptr<Context> NewContext() const = 0;

  // Appends the claims of `text` (valid UTF-8) to *out, in document order of
  // their claims. Byte offsets in the claims index `text`. When `trace` is
  // not null, a human-readable account of the work (sentences, quote spans,
  // rules tried and fired, speaker resolution) is appended to it.
  virtual void Extract(std::string_view text, Context* context,
                       std::vector<Claim>* out,
                       std::string* trace = nullptr) const = 0;

  // Extract() for several documents: (*out)[i] becomes the claims of
  // texts[i] (out is resized to texts.size()); the claims it held are
  // replaced, and their buffers serve the new ones, so that passing the
  // same `out` batch after batch saves allocations. The output is the same
  // as one Extract() per text; it is faster on batches of about a megabyte,
  // because each rule then runs over the sentences of all the documents in
  // a row and its automaton stays in the CPU caches.
  virtual void ExtractMany(const std::vector<std::string_view>& texts,
                           Context* context,
                           std::vector<std::vector<Claim>>* out) const = 0;

  // How many times the rules were compiled afresh to stay within
  // ExtractorOptions::max_memory.
  virtual size_t recompiles() const = 0;
};

}  // namespace whosaid

#endif  // WHOSAID_EXTRACTOR_H_
