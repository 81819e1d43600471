#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "pipeline/extractor_impl.h"
#include "quotes/masked_text.h"
#include "quotes/quote_finder.h"
#include "text/utf8.h"

namespace whosaid {
namespace pipeline {
namespace {

struct ContextImpl : Extractor::Context {
  std::unique_ptr<text::SentenceSplitter> splitter;
  std::vector<Span> units;
  std::vector<int> candidates;
  std::vector<rules::RuleMatch> matches;
  std::vector<attribution::DocQuote> quotes;
};

std::set<std::string> LowerSet(const std::vector<std::string>& words) {
  std::set<std::string> out;
  for (std::string w : words) {
    for (char& c : w) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    out.insert(w);
  }
  return out;
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

}  // namespace

Result<std::unique_ptr<ExtractorImpl>> ExtractorImpl::Create(
    const ExtractorOptions& options, std::vector<RuleDiagnostic>* diagnostics) {
  std::unique_ptr<ExtractorImpl> e(new ExtractorImpl());
  std::string dir =
      options.rules_dir.empty() ? DefaultRulesDir() : options.rules_dir;
  e->rules_ = rules::RuleSet::Load(dir, options.lang, diagnostics);
  if (!e->rules_) {
    std::string message = "cannot load the rules in " + dir + ":";
    for (const RuleDiagnostic& d : *diagnostics) {
      if (d.error) message += "\n" + d.ToString();
    }
    return Status(StatusCode::kParseError, message);
  }
  auto splitter =
      text::SentenceSplitter::Create(options.lang, e->rules_->abbreviations());
  if (!splitter.ok()) return splitter.status();
  e->splitter_ = std::move(splitter).value();
  const rules::RuleSet& r = *e->rules_;
  e->join_quotes_ = options.join_quotes;
  e->lexicon_.titles = LowerSet(r.Words("TITLE"));
  for (const std::string& w : LowerSet(r.Words("ROLE"))) {
    e->lexicon_.titles.insert(w);
  }
  e->lexicon_.anonymous = LowerSet(r.Words("ANONYMOUS"));
  e->lexicon_.organizations = LowerSet(r.Words("ORGANIZATION"));
  for (const std::string& p : r.Words("PLACE")) e->lexicon_.places.insert(p);
  e->lexicon_.person_pronouns = LowerSet(r.Words("PERSON_PRONOUN"));
  e->lexicon_.group_pronouns = LowerSet(r.Words("GROUP_PRONOUN"));
  for (const std::string& v : r.Words("SAY_VERB")) {
    if (v.find(' ') == std::string::npos) e->lexicon_.say_verbs.insert(v);
  }
  e->lexicon_.claim_ends = r.Words("CLAIM_END");
  for (const std::string& w : r.Words("CLAIM_NOT_START")) {
    e->lexicon_.claim_not_start.insert(w);
  }
  for (const std::string& w : r.Words("SOURCE_STOP")) {
    e->lexicon_.source_stop.insert(w);
  }
  return e;
}

std::unique_ptr<Extractor::Context> ExtractorImpl::NewContext() const {
  auto c = std::make_unique<ContextImpl>();
  c->splitter = splitter_->Clone();
  return c;
}

void ExtractorImpl::Extract(std::string_view text, Context* context,
                            std::vector<Claim>* out, std::string* trace) const {
  auto* ctx = static_cast<ContextImpl*>(context);
  std::vector<Span> paragraphs = text::SplitParagraphs(text);

  // Quotes first, for the whole document: multi-paragraph quotes and
  // continuations look across paragraphs.
  std::vector<attribution::DocQuote>& quotes = ctx->quotes;
  quotes.clear();
  std::vector<size_t> first_quote(paragraphs.size() + 1, 0);
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    first_quote[p] = quotes.size();
    bool next_reopens =
        p + 1 < paragraphs.size() &&
        quotes::StartsWithOpeningMark(text, paragraphs[p + 1].begin);
    for (quotes::Quote& q :
         quotes::FindQuotes(text, paragraphs[p], next_reopens)) {
      attribution::DocQuote dq;
      dq.starts_paragraph = q.outer.begin == paragraphs[p].begin;
      dq.quote = q;
      dq.paragraph = p;
      quotes.push_back(dq);
    }
  }
  first_quote[paragraphs.size()] = quotes.size();

  attribution::DocumentAttribution attribution(lexicon_, text, quotes, trace,
                                               join_quotes_);
  size_t sentence = 0;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    std::vector<quotes::Quote> para_quotes;
    for (size_t k = first_quote[p]; k < first_quote[p + 1]; ++k) {
      para_quotes.push_back(quotes[k].quote);
    }
    quotes::MaskedText masked(text, paragraphs[p], para_quotes, first_quote[p]);
    const std::string& m = masked.masked();
    ctx->units.clear();
    ctx->splitter->Split(m, Span{0, m.size()}, &ctx->units);
    if (trace) {
      *trace += "paragraph " + std::to_string(p) + " [" +
                std::to_string(paragraphs[p].begin) + "," +
                std::to_string(paragraphs[p].end) + ")\n";
      for (size_t k = first_quote[p]; k < first_quote[p + 1]; ++k) {
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
    for (const Span& unit : ctx->units) {
      std::string_view u(m.data() + unit.begin, unit.size());
      for (size_t k : masked.QuotesIn(unit)) {
        quotes[k].sentence = sentence;
        quotes[k].starts_sentence =
            masked.QuoteAt(unit.begin) == static_cast<long>(k);
      }
      ctx->matches.clear();
      rules_->Match(u, &ctx->candidates, &ctx->matches);
      if (trace) {
        *trace +=
            "  sentence " + std::to_string(sentence) + ": " + Visible(u) + "\n";
        for (const rules::RuleMatch& rm : ctx->matches) {
          *trace += "    fired " + rm.rule->id + ": \"" +
                    Visible(u.substr(rm.match.begin, rm.match.size())) + "\"\n";
        }
      }
      attribution.AddMatches(ctx->matches, masked, unit, p, sentence);
      ++sentence;
    }
  }
  if (trace) *trace += "attribution\n";
  attribution.Finish(out);
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
