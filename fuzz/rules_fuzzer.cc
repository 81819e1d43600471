// libFuzzer target: the rule-file loader and compiler (public API,
// whosaid/rules.h) over the input bytes as one rule file. CheckRules reads a
// directory, so the bytes are written to <tmp>/en/fuzz.toml next to a small
// lexicon derived from the real one (word lists cut to three entries), so
// that rules using {SAY_VERB} and friends get as far as RE2 compilation
// without each run compiling the full word lists.
#include <stdlib.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "whosaid/rules.h"

namespace {

namespace fs = std::filesystem;

// The real lexicon with every word list cut to its first three entries.
std::string SmallLexicon() {
  toml::table lexicon = toml::parse_file(std::string(WHOSAID_FUZZ_RULES_DIR) +
                                         "/en/lexicon.toml");
  if (toml::table* words = lexicon["words"].as_table()) {
    for (auto&& [name, list] : *words) {
      if (toml::array* a = list.as_array(); a && a->size() > 3) {
        a->erase(a->begin() + 3, a->end());
      }
    }
  }
  std::ostringstream out;
  out << lexicon;
  return out.str();
}

void WriteFile(const fs::path& path, const char* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::abort();
  }
}

const fs::path& Root() {
  static const fs::path root = [] {
    std::error_code ec;
    fs::path base = fs::is_directory("/dev/shm", ec)
                        ? fs::path("/dev/shm")
                        : fs::temp_directory_path();
    std::string templ = (base / "whosaid-rules-fuzz-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    fs::path dir(templ);
    fs::create_directories(dir / "en");
    const std::string lexicon = SmallLexicon();
    WriteFile(dir / "en" / "lexicon.toml", lexicon.data(), lexicon.size());
    static fs::path to_remove = dir;
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(to_remove, ignored);
    });
    return dir;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path& root = Root();
  WriteFile(root / "en" / "fuzz.toml", reinterpret_cast<const char*>(data),
            size);
  whosaid::RuleCheckReport report = whosaid::CheckRules(root.string(), "en");
  for (const whosaid::RuleDiagnostic& d : report.diagnostics) {
    // Every diagnostic must render; an error must say something.
    if (d.error && d.message.empty()) std::abort();
    (void)d.ToString();
  }
  return 0;
}
