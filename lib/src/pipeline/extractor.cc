#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "pipeline/extractor_impl.h"
#include "quotes/masked_text.h"
#include "quotes/quote_finder.h"
#include "text/utf8.h"

namespace whosaid {
namespace pipeline {

// What the stages before the rules leave of a document for attribution.
struct ExtractorImpl::DocumentWork {
  std::string_view text;
  std::vector<Span> paragraphs;
  std::vector<attribution::DocQuote> quotes;
  std::vector<size_t> first_quote;  // per paragraph, and one past the last
  std::vector<quotes::MaskedText> masked;  // per paragraph
  std::vector<Span> units;                 // sentences, in masked text
  std::vector<size_t> first_unit;  // per paragraph, and one past the last
  size_t unit_base = 0;            // index of its first sentence in the batch
};

namespace {

struct ContextImpl : Extractor::Context {
  explicit ContextImpl(std::shared_ptr<std::atomic<int>> live)
      : live(std::move(live)) {
    ++*this->live;
  }
  ~ContextImpl() override { --*live; }
  // The extractor's count of contexts alive (it may be gone first).
  std::shared_ptr<std::atomic<int>> live;
  std::unique_ptr<text::SentenceSplitter> splitter;
  rules::RuleSet::Scratch rule_scratch;
  std::vector<rules::RuleMatch> matches;
  std::vector<std::string_view> units;  // of every document in the batch
  std::vector<ExtractorImpl::DocumentWork> documents;
  // Prepare()'s: a paragraph's quotes; Attribute()'s: a sentence's
  // matches and quotes.
  std::vector<quotes::Quote> found;
  std::vector<quotes::Quote> para_quotes;
  std::vector<rules::RuleMatch> unit_matches;
  std::vector<size_t> in_unit;
  // Claims of the last ExtractMany(), emptied, for the next one to fill:
  // their strings keep their buffers, so that a claim costs no allocations
  // once the batches run.
  std::vector<Claim> spare;
};

// At most this many spare claims, each string with at most this capacity,
// are kept: memory stays bounded after a document with huge claims.
constexpr size_t kMaxSpareClaims = 4096;
constexpr size_t kMaxSpareBytes = 4096;

// `used`, emptied: every field as in Claim{}, the strings and the span
// vector keeping their buffers when those are not too large.
Claim Emptied(Claim&& used) {
  Claim c;
  auto keep = [](std::string* from, std::string* to) {
    if (from->capacity() > kMaxSpareBytes) return;
    from->clear();
    to->swap(*from);
  };
  for (auto field :
       {&Claim::claim, &Claim::source, &Claim::speaker, &Claim::source_kind,
        &Claim::cue, &Claim::type, &Claim::via, &Claim::rule}) {
    keep(&(used.*field), &(c.*field));
  }
  if (used.claim_spans.capacity() * sizeof(Span) <= kMaxSpareBytes) {
    used.claim_spans.clear();
    c.claim_spans.swap(used.claim_spans);
  }
  return c;
}

// Adds `words` in lower case (ASCII letters) to *set.
void AddLower(const std::vector<std::string>& words,
              attribution::WordSet* set) {
  for (std::string w : words) {
    for (char& c : w) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    set->insert(std::move(w));
  }
}

// Shows a masked unit for the trace: placeholders become ⟦Q⟧ / ⟦q⟧.
std::string Visible(std::string_view masked) {
  std::string out;
  for (size_t i = 0; i < masked.size();) {
    size_t len;
    char32_t c = text::DecodeAt(masked, i, &len);
    if (c == quotes::kSpeechMark || c == quotes::kSpeechMarkUpper) {
      out += "⟦Q⟧";
    } else if (c == quotes::kFragmentMark || c == quotes::kFragmentMarkUpper) {
      out += "⟦q⟧";
    } else {
      out.append(masked.substr(i, len));
    }
    i += len;
  }
  return out;
}

// The process's resident set size in bytes; 0 when unknown.
size_t ResidentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;  // in pages
  int read = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  if (read != 2) return 0;
  return static_cast<size_t>(resident) *
         static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

std::shared_ptr<const rules::RuleSet> ExtractorImpl::rules() const {
  std::unique_lock<std::mutex> lock(mu_);
  compiled_.wait(lock, [this] { return rules_ != nullptr; });
  return rules_;
}

size_t ExtractorImpl::recompiles() const {
  std::lock_guard<std::mutex> lock(mu_);
  return recompiles_;
}

std::shared_ptr<const rules::RuleSet> ExtractorImpl::Own(
    std::unique_ptr<rules::RuleSet> rules) const {
  // Once the last batch using them lets go, the rules' memory goes back to
  // the system: their automata are many small blocks that would otherwise
  // stay in the process's heap.
  return std::shared_ptr<const rules::RuleSet>(
      rules.release(), [this](const rules::RuleSet* r) {
        delete r;
        malloc_trim(0);
        { std::lock_guard<std::mutex> lock(released_mu_); }
        released_.notify_all();
      });
}

size_t ExtractorImpl::budget() const {
  // Each worker beyond two holds a batch, scratch and a malloc arena of its
  // own (~4 MiB on the benchmark): without this allowance a budget that
  // fits two threads would have eight recompile the same states forever.
  int workers = live_contexts_->load();
  return max_memory_ +
         kMemoryPerExtraWorker * static_cast<size_t>(std::max(0, workers - 2));
}

std::shared_ptr<const rules::RuleSet> ExtractorImpl::RulesWithinBudget(
    size_t bytes) const {
  std::shared_ptr<const rules::RuleSet> used;
  {
    std::unique_lock<std::mutex> lock(mu_);
    compiled_.wait(lock, [this] { return rules_ != nullptr; });
    // Checked before a batch, not after one: the last batch of a run
    // leaves no rules to compile for nothing.
    if (max_memory_ == 0 ||
        bytes_since_compile_ < min_bytes_between_recompiles_ ||
        ResidentBytes() <= budget()) {
      bytes_since_compile_ += bytes;
      return rules_;
    }
    // rules_ is null until the new rules are in: workers starting a batch
    // wait for them.
    used = std::move(rules_);
  }
  std::unique_ptr<rules::RuleSet> fresh = used->Copy();
  // The old rules go first, once the batches still using them end, then the
  // new ones compile: the two sets' automata are not in memory at once.
  // Not forever: a caller may hold rules() across its own Extract() calls.
  std::weak_ptr<const rules::RuleSet> old = used;
  used.reset();
  {
    std::unique_lock<std::mutex> lock(released_mu_);
    released_.wait_for(lock, std::chrono::seconds(1),
                       [&] { return old.expired(); });
  }
  fresh->Compile();
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = Own(std::move(fresh));
  bytes_since_compile_ = bytes;
  ++recompiles_;
  compiled_.notify_all();
  return rules_;
}

Result<std::unique_ptr<ExtractorImpl>> ExtractorImpl::Create(
    const ExtractorOptions& options, std::vector<RuleDiagnostic>* diagnostics) {
  std::unique_ptr<ExtractorImpl> e(new ExtractorImpl());
  std::string dir =
      options.rules_dir.empty() ? DefaultRulesDir() : options.rules_dir;
  std::unique_ptr<rules::RuleSet> loaded =
      rules::RuleSet::Load(dir, options.lang, diagnostics);
  if (!loaded) {
    std::string message = "cannot load the rules in " + dir + ":";
    for (const RuleDiagnostic& d : *diagnostics) {
      if (d.error) message += "\n" + d.ToString();
    }
    return Status(StatusCode::kParseError, message);
  }
  auto splitter =
      text::SentenceSplitter::Create(options.lang, loaded->abbreviations());
  if (!splitter.ok()) return splitter.status();
  e->splitter_ = std::move(splitter).value();
  e->rules_ = e->Own(std::move(loaded));
  e->max_memory_ = options.max_memory;
  const rules::RuleSet& r = *e->rules_;
  e->join_quotes_ = options.join_quotes;
  AddLower(r.Words("TITLE"), &e->lexicon_.titles);
  AddLower(r.Words("ROLE"), &e->lexicon_.titles);
  AddLower(r.Words("ANONYMOUS"), &e->lexicon_.anonymous);
  AddLower(r.Words("ORGANIZATION"), &e->lexicon_.organizations);
  for (const std::string& p : r.Words("PLACE")) e->lexicon_.places.insert(p);
  AddLower(r.Words("PERSON_PRONOUN"), &e->lexicon_.person_pronouns);
  AddLower(r.Words("GROUP_PRONOUN"), &e->lexicon_.group_pronouns);
  for (const std::string& v : r.Words("SAY_VERB")) {
    if (v.find(' ') == std::string::npos) e->lexicon_.say_verbs.insert(v);
  }
  e->lexicon_.claim_ends = attribution::ClaimEnds(r.Words("CLAIM_END"));
  for (const std::string& w : r.Words("CLAIM_NOT_START")) {
    e->lexicon_.claim_not_start.insert(w);
  }
  for (const std::string& w : r.Words("SOURCE_STOP")) {
    e->lexicon_.source_stop.insert(w);
  }
  return e;
}

std::unique_ptr<Extractor::Context> ExtractorImpl::NewContext() const {
  auto c = std::make_unique<ContextImpl>(live_contexts_);
  c->splitter = splitter_->Clone();
  return c;
}

void ExtractorImpl::Prepare(std::string_view text, Context* context,
                            DocumentWork* work) const {
  auto* ctx = static_cast<ContextImpl*>(context);
  work->text = text;
  text::SplitParagraphs(text, &work->paragraphs);
  const std::vector<Span>& paragraphs = work->paragraphs;

  // Quotes first, for the whole document: multi-paragraph quotes and
  // continuations look across paragraphs.
  std::vector<attribution::DocQuote>& quotes = work->quotes;
  quotes.clear();
  work->first_quote.assign(paragraphs.size() + 1, 0);
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    work->first_quote[p] = quotes.size();
    bool next_reopens =
        p + 1 < paragraphs.size() &&
        quotes::StartsWithOpeningMark(text, paragraphs[p + 1].begin);
    quotes::FindQuotes(text, paragraphs[p], next_reopens, &ctx->found);
    for (const quotes::Quote& q : ctx->found) {
      attribution::DocQuote dq;
      dq.starts_paragraph = q.outer.begin == paragraphs[p].begin;
      dq.quote = q;
      dq.paragraph = p;
      quotes.push_back(dq);
    }
  }
  work->first_quote[paragraphs.size()] = quotes.size();

  // Each paragraph masked and split into sentences; the sentences join the
  // batch's units for the rules.
  work->masked.clear();
  work->masked.reserve(paragraphs.size());
  work->units.clear();
  work->first_unit.assign(paragraphs.size() + 1, 0);
  work->unit_base = ctx->units.size();
  std::vector<quotes::Quote>& para_quotes = ctx->para_quotes;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    para_quotes.clear();
    for (size_t k = work->first_quote[p]; k < work->first_quote[p + 1]; ++k) {
      para_quotes.push_back(quotes[k].quote);
    }
    work->masked.emplace_back(text, paragraphs[p], para_quotes,
                              work->first_quote[p]);
    // The masked text is the document's own (a paragraph without quotes)
    // or a copy that `masked` never moves (reserved): the views stay valid.
    const std::string_view m = work->masked.back().masked();
    work->first_unit[p] = work->units.size();
    ctx->splitter->Split(m, Span{0, m.size()}, &work->units);
    for (size_t u = work->first_unit[p]; u < work->units.size(); ++u) {
      ctx->units.emplace_back(m.data() + work->units[u].begin,
                              work->units[u].size());
    }
  }
  work->first_unit[paragraphs.size()] = work->units.size();
}

void ExtractorImpl::Attribute(DocumentWork* work,
                              const rules::RuleMatch* matches, size_t count,
                              Context* context, std::vector<Claim>* out,
                              std::string* trace) const {
  auto* ctx = static_cast<ContextImpl*>(context);
  std::string_view text = work->text;
  std::vector<attribution::DocQuote>& quotes = work->quotes;
  attribution::DocumentAttribution attribution(lexicon_, text, quotes, trace,
                                               join_quotes_);
  std::vector<rules::RuleMatch>& unit_matches = ctx->unit_matches;
  std::vector<size_t>& in_unit = ctx->in_unit;  // the quotes of a unit
  size_t next_match = 0;
  for (size_t p = 0; p < work->paragraphs.size(); ++p) {
    if (trace) {
      *trace += "paragraph " + std::to_string(p) + " [" +
                std::to_string(work->paragraphs[p].begin) + "," +
                std::to_string(work->paragraphs[p].end) + ")\n";
      for (size_t k = work->first_quote[p]; k < work->first_quote[p + 1]; ++k) {
        const quotes::Quote& q = quotes[k].quote;
        *trace +=
            "  quote " + std::to_string(k) + " [" +
            std::to_string(q.outer.begin) + "," + std::to_string(q.outer.end) +
            ") depth " + std::to_string(q.depth) +
            (q.speech_like ? " speech" : " fragment") +
            (q.open_end ? " open-end" : "") + ": " +
            std::string(text.substr(q.content.begin,
                                    std::min<size_t>(q.content.size(), 60))) +
            "\n";
      }
    }
    const quotes::MaskedText& masked = work->masked[p];
    for (size_t sentence = work->first_unit[p];
         sentence < work->first_unit[p + 1]; ++sentence) {
      const Span& unit = work->units[sentence];
      masked.QuotesIn(unit, &in_unit);
      for (size_t k : in_unit) {
        quotes[k].sentence = sentence;
        quotes[k].starts_sentence =
            masked.QuoteAt(unit.begin) == static_cast<long>(k);
      }
      unit_matches.clear();
      const size_t batch_unit = work->unit_base + sentence;
      while (next_match < count && matches[next_match].unit == batch_unit) {
        unit_matches.push_back(matches[next_match++]);
      }
      if (trace) {
        std::string_view u(masked.masked().data() + unit.begin, unit.size());
        *trace +=
            "  sentence " + std::to_string(sentence) + ": " + Visible(u) + "\n";
        for (const rules::RuleMatch& rm : unit_matches) {
          *trace += "    fired " + rm.rule->id + ": \"" +
                    Visible(u.substr(rm.match.begin, rm.match.size())) + "\"\n";
        }
      }
      attribution.AddMatches(unit_matches, masked, unit, p, sentence);
    }
  }
  if (trace) *trace += "attribution\n";
  attribution.Finish(out, &ctx->spare);
}

void ExtractorImpl::Run(const std::string_view* texts, size_t count,
                        Context* context, std::vector<Claim>* outs,
                        std::string* trace) const {
  auto* ctx = static_cast<ContextImpl*>(context);
  ctx->units.clear();
  if (ctx->documents.size() < count) ctx->documents.resize(count);
  for (size_t d = 0; d < count; ++d) {
    Prepare(texts[d], context, &ctx->documents[d]);
  }
  ctx->matches.clear();
  // The matches point into the rules: they stay alive until the batch ends.
  size_t bytes = 0;
  for (size_t d = 0; d < count; ++d) bytes += texts[d].size();
  std::shared_ptr<const rules::RuleSet> rules = RulesWithinBudget(bytes);
  rules->MatchUnits(ctx->units, &ctx->rule_scratch, &ctx->matches);
  size_t first = 0;
  for (size_t d = 0; d < count; ++d) {
    DocumentWork& work = ctx->documents[d];
    size_t end_unit = work.unit_base + work.units.size();
    size_t last = first;
    while (last < ctx->matches.size() && ctx->matches[last].unit < end_unit) {
      ++last;
    }
    Attribute(&work, ctx->matches.data() + first, last - first, context,
              &outs[d], trace);
    // The masked copies of the paragraphs with quotes are the largest part
    // of the work; they are not kept for the next call.
    work.masked = std::vector<quotes::MaskedText>();
    first = last;
  }
}

void ExtractorImpl::Extract(std::string_view text, Context* context,
                            std::vector<Claim>* out, std::string* trace) const {
  Run(&text, 1, context, out, trace);
}

void ExtractorImpl::ExtractMany(const std::vector<std::string_view>& texts,
                                Context* context,
                                std::vector<std::vector<Claim>>* out) const {
  auto* ctx = static_cast<ContextImpl*>(context);
  for (std::vector<Claim>& claims : *out) {
    for (Claim& c : claims) {
      if (ctx->spare.size() >= kMaxSpareClaims) break;
      ctx->spare.push_back(Emptied(std::move(c)));
    }
    claims.clear();
  }
  out->resize(texts.size());
  Run(texts.data(), texts.size(), context, out->data(), nullptr);
}

}  // namespace pipeline

std::string DefaultRulesDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("WHOSAID_RULES"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed =
        exe.parent_path().parent_path() / "share" / "whosaid" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return WHOSAID_SOURCE_RULES_DIR;
}

Result<std::unique_ptr<Extractor>> Extractor::Create(
    const ExtractorOptions& options) {
  std::vector<RuleDiagnostic> diagnostics;
  auto impl = pipeline::ExtractorImpl::Create(options, &diagnostics);
  if (!impl.ok()) return impl.status();
  return std::unique_ptr<Extractor>(std::move(impl).value());
}

}  // namespace whosaid
