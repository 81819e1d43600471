// whosaid_rule_profile: where extraction time goes, stage by stage and rule
// by rule, on a corpus (JSONL or text, as `whosaid extract` reads it).
//
//   whosaid_rule_profile --rules rules corpus.jsonl
//
// It runs the stages of the extractor one at a time over every document
// (quote finding, masking, sentence splitting, the trigger set, each rule)
// and prints the seconds and MB/s of each, so a slow rule shows up by name.
// For each rule it separates the DFA scan (does the rule match at all?)
// from the extraction of its matches with their groups, by RE2 alone and as
// the extractor does it (RuleSet::MatchRule, run first, so that its time
// includes building the DFA states). "DFA MB" is the heap the rule's
// automata took in that run: on replicated text the rule's working set, on
// text new to the rules a cost that grows with the text
// (docs/PERFORMANCE.md).
#include <malloc.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "quotes/masked_text.h"
#include "quotes/quote_finder.h"
#include "rules/program.h"
#include "rules/rule_set.h"
#include "text/segmenter.h"
#include "whosaid/reader.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct RuleTime {
  double scan = 0;     // match or not, no groups
  double groups = 0;   // every match with its groups, RE2 alone
  double extract = 0;  // every match with its groups, as extracting
  whosaid::rules::RuleSet::MatchStats stats;
  size_t tried = 0;     // sentences the trigger let through
  size_t matched = 0;   // sentences with a match
  double grown_mb = 0;  // heap the rule's automata took in its three runs
};

// Bytes of heap in use: RE2 allocates the DFA states it builds there.
size_t HeapInUse() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

int Usage() {
  std::fprintf(stderr,
               "usage: whosaid_rule_profile [--rules DIR] [--lang en] "
               "PATH...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules_dir = "rules";
  std::string lang = "en";
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rules" && i + 1 < argc) {
      rules_dir = argv[++i];
    } else if (a == "--lang" && i + 1 < argc) {
      lang = argv[++i];
    } else if (!a.empty() && a[0] == '-') {
      return Usage();
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) return Usage();

  std::vector<whosaid::RuleDiagnostic> diagnostics;
  auto rules = whosaid::rules::RuleSet::Load(rules_dir, lang, &diagnostics);
  if (!rules) {
    for (const auto& d : diagnostics) {
      std::fprintf(stderr, "%s\n", d.ToString().c_str());
    }
    return 2;
  }
  auto splitter =
      whosaid::text::SentenceSplitter::Create(lang, rules->abbreviations());
  if (!splitter.ok()) {
    std::fprintf(stderr, "%s\n", splitter.status().message().c_str());
    return 2;
  }

  // Stage 1: read, find quotes, mask, split. The masked sentences are kept
  // so that each rule can be timed over all of them.
  auto reader =
      whosaid::DocumentReader::Create(paths, whosaid::ReaderOptions{});
  whosaid::Document doc;
  whosaid::Status error;
  double read_s = 0, quotes_s = 0, split_s = 0;
  size_t bytes = 0, documents = 0;
  std::vector<std::string> sentences;
  auto t = Clock::now();
  for (;;) {
    auto outcome = reader->Next(&doc, &error);
    read_s += Seconds(t);
    if (outcome == whosaid::DocumentReader::Outcome::kEnd) break;
    if (outcome == whosaid::DocumentReader::Outcome::kSkipped) {
      t = Clock::now();
      continue;
    }
    ++documents;
    bytes += doc.text.size();
    for (whosaid::Span p : whosaid::text::SplitParagraphs(doc.text)) {
      t = Clock::now();
      auto quotes = whosaid::quotes::FindQuotes(doc.text, p, false);
      whosaid::quotes::MaskedText masked(doc.text, p, quotes, 0);
      quotes_s += Seconds(t);
      t = Clock::now();
      std::vector<whosaid::Span> units;
      const std::string_view m = masked.masked();
      (*splitter)->Split(m, whosaid::Span{0, m.size()}, &units);
      split_s += Seconds(t);
      for (whosaid::Span u : units)
        sentences.emplace_back(m.substr(u.begin, u.size()));
    }
    t = Clock::now();
  }

  // Stage 2: the trigger set over every sentence.
  const auto& all = rules->rules();
  std::vector<RuleTime> times(all.size());
  std::vector<std::vector<bool>> tried(all.size());
  double set_s = 0, set_one_s = 0;
  double program_first_s = 0, program_again_s = 0;
  size_t program_states = 0, program_kib = 0;
  {
    std::vector<int> candidates;
    std::vector<whosaid::rules::RuleMatch> unused;
    // RuleSet::Match runs the set and then the rules; time the set alone
    // through a trigger-only copy of the work: each rule's trigger regex.
    std::vector<std::unique_ptr<re2::RE2>> triggers(all.size());
    for (size_t r = 0; r < all.size(); ++r) {
      if (!all[r]->trigger_expanded.empty()) {
        triggers[r] = std::make_unique<re2::RE2>(all[r]->trigger_expanded);
      }
      tried[r].assign(sentences.size(), true);
    }
    t = Clock::now();
    for (size_t s = 0; s < sentences.size(); ++s) {
      for (size_t r = 0; r < all.size(); ++r) {
        if (triggers[r]) {
          tried[r][s] = re2::RE2::PartialMatch(sentences[s], *triggers[r]);
        }
      }
    }
    set_s = Seconds(t);
    // The set the extractor uses: every distinct trigger in one RE2::Set.
    re2::RE2::Options options;
    options.set_max_mem(whosaid::rules::kMaxRe2Memory * 4);
    re2::RE2::Set set(options, re2::RE2::UNANCHORED);
    std::vector<std::string> added;
    for (const auto& r : all) {
      if (r->trigger_expanded.empty() ||
          std::find(added.begin(), added.end(), r->trigger_expanded) !=
              added.end()) {
        continue;
      }
      added.push_back(r->trigger_expanded);
      set.Add(r->trigger_expanded, nullptr);
    }
    set.Compile();
    t = Clock::now();
    for (const std::string& sentence : sentences) {
      candidates.clear();
      if (set.Match(sentence, nullptr)) set.Match(sentence, &candidates);
    }
    set_one_s = Seconds(t);
    // The same triggers as the extractor's own program: a first pass that
    // builds its DFA states, and a second over built states.
    std::unique_ptr<whosaid::rules::Program> program =
        whosaid::rules::Program::CreateSet(added);
    if (program) {
      std::vector<std::string_view> views(sentences.begin(), sentences.end());
      std::vector<uint64_t> fired(views.size());
      std::vector<uint8_t> ok(views.size());
      whosaid::rules::Program::SetCache cache;
      for (double* s : {&program_first_s, &program_again_s}) {
        t = Clock::now();
        program->MatchSets(views.data(), views.size(), fired.data(), ok.data(),
                           &cache);
        *s = Seconds(t);
      }
      program_states = cache.states.size();
      program_kib = cache.bytes >> 10;
    }
  }
  // Classifying every sentence's words (rules over words), once.
  double classify_s = 0;
  const whosaid::rules::WordClasses* classes = nullptr;
  for (const auto& r : rules->rules()) {
    if (r->words) classes = r->words.get();
  }
  if (classes) {
    whosaid::rules::WordClasses::Mapped mapped;
    t = Clock::now();
    for (const std::string& sentence : sentences) {
      classes->Classify(sentence, &mapped);
    }
    classify_s = Seconds(t);
  }

  // Stage 3: each rule over the sentences its trigger lets through.
  std::vector<re2::StringPiece> groups(32);
  for (size_t r = 0; r < all.size(); ++r) {
    const re2::RE2& re = *all[r]->re;
    int n = std::min(31, re.NumberOfCapturingGroups()) + 1;
    RuleTime& rt = times[r];
    // As the extractor runs it, first: the DFA states it builds are the
    // extractor's own (the unanchored searches below build more).
    const size_t heap_before = HeapInUse();
    {
      std::vector<whosaid::rules::RuleMatch> matches;
      whosaid::rules::RuleSet::Scratch scratch;
      t = Clock::now();
      for (size_t s = 0; s < sentences.size(); ++s) {
        if (!tried[r][s]) continue;
        matches.clear();
        whosaid::rules::RuleSet::MatchRule(*all[r], sentences[s], 0, &matches,
                                           &rt.stats, &scratch);
      }
      rt.extract = Seconds(t);
    }
    rt.grown_mb = (static_cast<double>(HeapInUse()) - heap_before) / 1e6;
    // A rule over words reads its sentences as classes (classified here,
    // outside the times below).
    std::vector<std::string> subject(sentences.size());
    whosaid::rules::WordClasses::Mapped mapped;
    for (size_t s = 0; s < sentences.size(); ++s) {
      if (!tried[r][s]) continue;
      if (all[r]->words) {
        all[r]->words->Classify(sentences[s], &mapped);
        subject[s] = mapped.text;
      } else {
        subject[s] = sentences[s];
      }
    }
    t = Clock::now();
    for (size_t s = 0; s < sentences.size(); ++s) {
      if (!tried[r][s]) continue;
      ++rt.tried;
      rt.matched += re2::RE2::PartialMatch(subject[s], re);
    }
    rt.scan = Seconds(t);
    // Every match of the rule in every sentence it is tried on, with all
    // its groups from RE2's own search.
    t = Clock::now();
    for (size_t s = 0; s < sentences.size(); ++s) {
      if (!tried[r][s]) continue;
      re2::StringPiece text(subject[s]);
      size_t pos = 0;
      while (pos <= text.size() &&
             re.Match(text, pos, text.size(), re2::RE2::UNANCHORED,
                      groups.data(), n)) {
        size_t begin = groups[0].data() - text.data();
        size_t end = begin + groups[0].size();
        pos = end > begin ? end : end + 1;
      }
    }
    rt.groups = Seconds(t);
  }

  double mb = bytes / 1e6;
  auto rate = [&](double s) { return s > 0 ? mb / s : 0.0; };
  std::printf("%zu documents, %.1f MB of text, %zu sentences\n", documents, mb,
              sentences.size());
  std::printf("%-42s %8s %9s\n", "stage", "seconds", "MB/s");
  std::printf("%-42s %8.3f %9.1f\n", "read (JSON, UTF-8 check)", read_s,
              rate(read_s));
  std::printf("%-42s %8.3f %9.1f\n", "quotes and masking", quotes_s,
              rate(quotes_s));
  std::printf("%-42s %8.3f %9.1f\n", "sentence splitting", split_s,
              rate(split_s));
  std::printf("%-42s %8.3f %9.1f\n", "triggers (one regex per rule)", set_s,
              rate(set_s));
  std::printf("%-42s %8.3f %9.1f\n", "triggers (RE2::Set)", set_one_s,
              rate(set_one_s));
  std::printf("%-42s %8.3f %9.1f\n", "triggers (own program, first pass)",
              program_first_s, rate(program_first_s));
  std::printf("%-42s %8.3f %9.1f   (%zu states, %zu KiB)\n",
              "triggers (own program, states built)", program_again_s,
              rate(program_again_s), program_states, program_kib);
  if (classes) {
    std::printf("%-42s %8.3f %9.1f\n", "words as classes (every sentence)",
                classify_s, rate(classify_s));
  }
  std::printf("\n%-42s %6s %7s %7s %8s %8s %9s %7s %7s %7s %7s\n", "rule",
              "prog", "tried", "matched", "scan s", "groups s", "extract s",
              "leads", "backtr.", "to NFA", "DFA MB");
  double scan_total = 0, groups_total = 0, extract_total = 0;
  std::vector<size_t> order(all.size());
  for (size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return times[a].extract > times[b].extract;
  });
  for (size_t r : order) {
    const RuleTime& rt = times[r];
    scan_total += rt.scan;
    groups_total += rt.groups;
    extract_total += rt.extract;
    std::printf("%-42s %6d %7zu %7zu %8.3f %8.3f %9.3f %7zu %7zu %7zu %7.1f\n",
                all[r]->id.c_str(), all[r]->re->ProgramSize(), rt.tried,
                rt.matched, rt.scan, rt.groups, rt.extract, rt.stats.lead_tries,
                rt.stats.backtracked, rt.stats.nfa, rt.grown_mb);
  }
  double grown_total = 0;
  for (const RuleTime& rt : times) grown_total += rt.grown_mb;
  std::printf("%-42s %6s %7s %7s %8.3f %8.3f %9.3f %7s %7s %7s %7.1f\n",
              "all rules", "", "", "", scan_total, groups_total, extract_total,
              "", "", "", grown_total);
  return 0;
}
