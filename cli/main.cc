// whosaid: the command-line tool. Glue only: parses flags, wires library
// objects, reports. Extraction logic lives in the library.
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "whosaid/batch.h"
#include "whosaid/eval.h"
#include "whosaid/extractor.h"
#include "whosaid/reader.h"
#include "whosaid/rules.h"
#include "whosaid/writer.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSkipped = 1;
constexpr int kExitFatal = 2;

// Buffered stdout (or -o FILE) that reports a closed pipe instead of dying.
class Output {
 public:
  bool Open(const std::string& path) {
    if (path.empty() || path == "-") {
      file_ = stdout;
      return true;
    }
    file_ = std::fopen(path.c_str(), "wb");
    owned_ = file_ != nullptr;
    return file_ != nullptr;
  }
  ~Output() {
    if (owned_) std::fclose(file_);
  }
  bool Write(std::string_view s) {
    if (closed_) return false;
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) {
      closed_ = true;
      failed_ = errno != EPIPE;
      return false;
    }
    return true;
  }
  bool Flush() {
    if (!closed_ && std::fflush(file_) != 0) {
      closed_ = true;
      failed_ = errno != EPIPE;
    }
    return !failed_;
  }
  bool failed() const { return failed_; }

 private:
  FILE* file_ = stdout;
  bool owned_ = false;
  bool closed_ = false;
  bool failed_ = false;
};

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// The library's default memory budget, in MiB.
const size_t kDefaultMaxMemoryMb = whosaid::ExtractorOptions{}.max_memory >> 20;

std::unique_ptr<whosaid::Extractor> MakeExtractor(
    const std::string& rules, const std::string& lang, bool join_quotes = false,
    size_t max_memory_mb = kDefaultMaxMemoryMb) {
  whosaid::ExtractorOptions options;
  options.rules_dir = rules;
  options.lang = lang;
  options.join_quotes = join_quotes;
  options.max_memory = max_memory_mb << 20;
  auto extractor = whosaid::Extractor::Create(options);
  if (!extractor.ok()) {
    spdlog::error("{}", extractor.status().message());
    return nullptr;
  }
  return std::move(extractor).value();
}

struct ExtractArgs {
  std::vector<std::string> paths;
  std::string format = "tsv";
  std::string offsets = "codepoints";
  std::string input = "auto";
  std::string id_field = "id";
  std::string text_field = "text";
  std::string keep_fields;
  std::string rules;
  std::string lang = "en";
  int threads = 0;
  std::string output;
  bool strict = false;
  bool no_header = false;
  size_t max_doc_mb = 1024;
  size_t max_memory_mb = kDefaultMaxMemoryMb;
  bool join_quotes = false;
};

int RunExtract(const ExtractArgs& a) {
  auto format = whosaid::ParseOutputFormat(a.format);
  auto offsets = whosaid::ParseOffsetUnit(a.offsets);
  if (!format.ok() || !offsets.ok()) {
    spdlog::error("{}", !format.ok() ? format.status().message()
                                     : offsets.status().message());
    return kExitFatal;
  }
  whosaid::ReaderOptions ro;
  if (a.input == "auto") {
    ro.format = whosaid::InputFormat::kAuto;
  } else if (a.input == "text") {
    ro.format = whosaid::InputFormat::kText;
  } else if (a.input == "jsonl") {
    ro.format = whosaid::InputFormat::kJsonl;
  } else {
    spdlog::error("--input must be auto, text or jsonl, not '{}'", a.input);
    return kExitFatal;
  }
  ro.id_field = a.id_field;
  ro.text_field = a.text_field;
  ro.keep_fields = SplitComma(a.keep_fields);
  ro.max_document_bytes = a.max_doc_mb << 20;

  auto extractor =
      MakeExtractor(a.rules, a.lang, a.join_quotes, a.max_memory_mb);
  if (!extractor) return kExitFatal;
  auto writer = whosaid::RowWriter::Create(*format, *offsets, ro.keep_fields);
  auto reader = whosaid::DocumentReader::Create(a.paths, ro);

  Output out;
  if (!out.Open(a.output)) {
    spdlog::error("{}: cannot open for writing: {}", a.output,
                  std::strerror(errno));
    return kExitFatal;
  }
  std::string header;
  if (!a.no_header) writer->AppendHeader(&header);
  out.Write(header);

  whosaid::BatchOptions bo;
  bo.threads =
      a.threads > 0
          ? a.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bo.strict = a.strict;
  whosaid::BatchStats stats;
  whosaid::Status status = whosaid::RunBatch(
      reader.get(), *extractor, *writer, bo,
      [&](std::string_view s) { return out.Write(s); },
      [](const std::string& m, bool error) {
        if (error) {
          spdlog::error("{}", m);
        } else {
          spdlog::warn("{}", m);
        }
      },
      &stats);
  bool flushed = out.Flush();
  spdlog::info("{} documents read, {} with claims, {} claims, {} skipped",
               stats.documents, stats.with_claims, stats.claims, stats.skipped);
  if (size_t n = extractor->recompiles(); n > 0) {
    spdlog::info(
        "rules compiled afresh {} times to stay within --max-memory {} MiB "
        "(varied text grows their automata; a larger budget is faster)",
        n, a.max_memory_mb);
  }
  if (!status.ok()) {
    spdlog::error("stopped (--strict): {}", status.message());
    return kExitFatal;
  }
  if (!flushed || out.failed()) {
    spdlog::error("cannot write the output: {}", std::strerror(errno));
    return kExitFatal;
  }
  return stats.skipped > 0 ? kExitSkipped : kExitOk;
}

struct EvalArgs {
  std::string gold;
  double span = -1;
  bool speech_only = false;
  bool show = false;
  bool per_rule = false;
  std::string rules;
  std::string lang = "en";
  bool join_quotes = false;
};

int RunEval(const EvalArgs& a) {
  std::ifstream in(a.gold, std::ios::binary);
  if (!in) {
    spdlog::error("{}: cannot open: {}", a.gold, std::strerror(errno));
    return kExitFatal;
  }
  auto extractor = MakeExtractor(a.rules, a.lang, a.join_quotes);
  if (!extractor) return kExitFatal;
  auto context = extractor->NewContext();
  whosaid::EvalOptions options;
  options.span_threshold = a.span;
  options.speech_only = a.speech_only;
  options.show = a.show;
  options.per_rule = a.per_rule;
  whosaid::Evaluator evaluator(options);
  std::string line;
  size_t line_no = 0;
  size_t skipped = 0;
  std::vector<whosaid::Claim> claims;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto gold = whosaid::ParseGoldLine(line);
    if (!gold.ok()) {
      spdlog::error("{}:{}: {}", a.gold, line_no, gold.status().message());
      ++skipped;
      continue;
    }
    claims.clear();
    extractor->Extract(gold->text, context.get(), &claims);
    evaluator.Add(*gold, claims);
  }
  std::cout << evaluator.Report();
  return skipped > 0 ? kExitSkipped : kExitOk;
}

int RunRulesCheck(const std::string& dir, const std::string& lang) {
  whosaid::RuleCheckReport report = whosaid::CheckRules(dir, lang);
  for (const auto& d : report.diagnostics) std::cerr << d.ToString() << "\n";
  std::cout << dir << "/" << lang << ": " << report.files << " files, "
            << report.rules << " rules, " << report.lexicons
            << " lexicon entries, " << report.diagnostics.size()
            << " problems\n";
  return report.ok() ? kExitOk : kExitFatal;
}

int RunRulesTest(const std::string& dir, const std::string& lang) {
  whosaid::RuleTestReport report = whosaid::TestRules(dir, lang);
  for (const auto& d : report.diagnostics) {
    if (d.error) std::cerr << d.ToString() << "\n";
  }
  bool loaded = true;
  for (const auto& d : report.diagnostics) loaded &= !d.error;
  if (!loaded) {
    std::cerr << "rules do not load; run `whosaid rules check` for details\n";
    return kExitFatal;
  }
  for (const auto& f : report.failures) std::cerr << f << "\n";
  std::cout << report.examples - report.failed << " passed, " << report.failed
            << " failed\n";
  return report.failed == 0 ? kExitOk : kExitFatal;
}

int RunExplain(const std::string& text_arg, const std::string& rules,
               const std::string& lang) {
  std::string text = text_arg;
  if (text.empty() || text == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  }
  whosaid::RepairUtf8(&text);
  auto extractor = MakeExtractor(rules, lang);
  if (!extractor) return kExitFatal;
  auto context = extractor->NewContext();
  std::vector<whosaid::Claim> claims;
  std::string trace;
  extractor->Extract(text, context.get(), &claims, &trace);
  std::cout << trace << "\nrows\n";
  whosaid::Document doc;
  doc.id = "-";
  doc.text = text;
  auto writer = whosaid::RowWriter::Create(
      whosaid::OutputFormat::kTsv, whosaid::OffsetUnit::kCodePoints, {});
  std::string rows;
  writer->AppendHeader(&rows);
  writer->AppendRows(doc, claims, &rows);
  std::cout << rows;
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // a closed stdout is seen as a failed write
  auto logger = spdlog::stderr_color_mt("whosaid");
  logger->set_pattern("whosaid: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);

  CLI::App app{
      "whosaid: finds who said what in news text and emits a claim-source "
      "table.\n\nExamples:\n"
      "  whosaid extract corpus/\n"
      "  whosaid extract news.jsonl.zst --format jsonl --threads 2 -o "
      "rows.jsonl\n"
      "  whosaid eval gold.jsonl --speech-only --show\n"
      "  whosaid explain 'Prices will rise, the minister said.'"};
  app.require_subcommand(1);
  bool quiet = false;
  int verbose = 0;
  app.add_flag("-q,--quiet", quiet, "Log errors only");
  app.add_flag("-v,--verbose", verbose, "Log more (repeat for debug output)");
  app.set_version_flag("--version",
                       std::string("whosaid ") + WHOSAID_CLI_VERSION);

  ExtractArgs ea;
  auto* extract = app.add_subcommand(
      "extract",
      "Extract attributed claims from files, directories or stdin.\n"
      "Example: whosaid extract corpus/ --format csv -o rows.csv");
  extract->add_option("paths", ea.paths,
                      "Files or directories (walked recursively); none or '-' "
                      "reads stdin. .jsonl/.ndjson hold one document per line; "
                      ".gz and .zst are read transparently");
  extract->add_option("--format", ea.format, "Output format: tsv, csv or jsonl")
      ->capture_default_str();
  extract
      ->add_option("--offsets", ea.offsets,
                   "Offset unit: codepoints (Python), bytes or utf16 "
                   "(JavaScript)")
      ->capture_default_str();
  extract
      ->add_option("--input", ea.input,
                   "Input format: auto (by extension; stdin by its first "
                   "byte), text or jsonl")
      ->capture_default_str();
  extract->add_option("--id-field", ea.id_field, "JSONL field holding the id")
      ->capture_default_str();
  extract
      ->add_option("--text-field", ea.text_field,
                   "JSONL field holding the text")
      ->capture_default_str();
  extract->add_option("--keep-fields", ea.keep_fields,
                      "Comma-separated JSONL fields copied into every row");
  extract->add_option(
      "--rules", ea.rules,
      "Rules directory (holding <lang>/*.toml); default: "
      "$WHOSAID_RULES, the installed rules, or the source tree's");
  extract->add_option("--lang", ea.lang, "Language of the rules")
      ->capture_default_str();
  extract->add_option("--threads", ea.threads,
                      "Worker threads (default: all cores); output order is "
                      "input order whatever the count");
  extract->add_option("-o,--output", ea.output,
                      "Write rows to FILE, not stdout");
  extract->add_flag("--strict", ea.strict,
                    "Stop at the first skipped record (exit 2)");
  extract->add_flag("--no-header", ea.no_header,
                    "Omit the TSV/CSV header line");
  extract->add_flag("--join-quotes", ea.join_quotes,
                    "One claim for an interrupted quotation and the quotes "
                    "continuing it in its paragraph (PolNeAR's convention), "
                    "not one row per part");
  extract
      ->add_option("--max-doc-mb", ea.max_doc_mb,
                   "Skip documents larger than this many MiB")
      ->capture_default_str();
  extract
      ->add_option("--max-memory", ea.max_memory_mb,
                   "Memory budget in MiB (0: none), plus 12 MiB per thread "
                   "beyond two. The rules' automata grow on varied text; over "
                   "the budget they are compiled afresh (same output, slower "
                   "on varied text)")
      ->capture_default_str();

  EvalArgs va;
  auto* eval = app.add_subcommand(
      "eval",
      "Score the extractor on a gold JSONL file (claim P/R/F1, speaker "
      "accuracy, who-said-what F1).\n"
      "Example: whosaid eval polnear/dev.jsonl --speech-only");
  eval->add_option("gold", va.gold, "Gold JSONL file")->required();
  eval->add_option("--span", va.span,
                   "Span mode: a match when the predicted claim covers more "
                   "than T of the gold range (e.g. 0.3)");
  eval->add_flag("--speech-only", va.speech_only,
                 "Count only gold claims flagged speech");
  eval->add_flag("--show", va.show,
                 "List misses, false alarms and wrong speakers");
  eval->add_flag("--per-rule", va.per_rule, "Print the precision of each rule");
  eval->add_flag("--join-quotes", va.join_quotes,
                 "Extract with --join-quotes (see extract --help)");
  eval->add_option("--rules", va.rules, "Rules directory");
  eval->add_option("--lang", va.lang, "Language of the rules")
      ->capture_default_str();

  auto* rules = app.add_subcommand("rules", "Check or test rule files");
  rules->require_subcommand(1);
  std::string rules_dir;
  std::string rules_lang = "en";
  auto* check = rules->add_subcommand(
      "check",
      "Compile every rule file and print diagnostics (exit 2 on error).\n"
      "Example: whosaid rules check rules/");
  check->add_option("dir", rules_dir,
                    "Rules directory (default: the rules in use)");
  check->add_option("--lang", rules_lang, "Language")->capture_default_str();
  auto* test = rules->add_subcommand(
      "test",
      "Run every rule's examples and counter-examples (exit 2 on failure).\n"
      "Example: whosaid rules test rules/");
  test->add_option("dir", rules_dir,
                   "Rules directory (default: the rules in use)");
  test->add_option("--lang", rules_lang, "Language")->capture_default_str();

  std::string explain_text;
  std::string explain_rules;
  std::string explain_lang = "en";
  auto* explain = app.add_subcommand(
      "explain",
      "Print a human-readable trace: sentences, quote spans, rules that "
      "fired, speaker resolution.\n"
      "Example: whosaid explain '“We will win,” she said.'");
  explain->add_option("text", explain_text, "The text, or '-' for stdin");
  explain->add_option("--rules", explain_rules, "Rules directory");
  explain->add_option("--lang", explain_lang, "Language")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFatal;
  }
  if (quiet) spdlog::set_level(spdlog::level::err);
  if (verbose > 0) spdlog::set_level(spdlog::level::debug);

  if (extract->parsed()) return RunExtract(ea);
  if (eval->parsed()) return RunEval(va);
  if (check->parsed() || test->parsed()) {
    std::string dir =
        rules_dir.empty() ? whosaid::DefaultRulesDir() : rules_dir;
    return check->parsed() ? RunRulesCheck(dir, rules_lang)
                           : RunRulesTest(dir, rules_lang);
  }
  if (explain->parsed())
    return RunExplain(explain_text, explain_rules, explain_lang);
  return kExitFatal;
}
