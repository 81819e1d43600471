// The texts of the bundled corpus (corpus/gold.jsonl), for tests that need
// real articles.
#ifndef WHOSAID_TESTS_UNIT_CORPUS_TEXTS_H_
#define WHOSAID_TESTS_UNIT_CORPUS_TEXTS_H_

#include <string>
#include <vector>

#include "whosaid/reader.h"

namespace whosaid {

// Appends the text of every corpus article to *texts.
inline void AppendCorpusTexts(std::vector<std::string>* texts) {
  auto reader = DocumentReader::Create(
      {WHOSAID_SOURCE_DIR "/corpus/gold.jsonl"}, ReaderOptions{});
  Document doc;
  Status error;
  while (reader->Next(&doc, &error) != DocumentReader::Outcome::kEnd) {
    texts->push_back(doc.text);
  }
}

}  // namespace whosaid

#endif  // WHOSAID_TESTS_UNIT_CORPUS_TEXTS_H_
