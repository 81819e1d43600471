// Tests of the input stage: DocumentReader, RepairUtf8, the byte sources.
#include "whosaid/reader.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "input/byte_source.h"
#include "input/utf8_repair.h"

namespace whosaid {
namespace {

using Outcome = DocumentReader::Outcome;

const std::string kFffd = "\xEF\xBF\xBD";

// A fresh directory under /tmp, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/whosaid_reader_test.XXXXXX";
    const char* made = mkdtemp(templ);
    REQUIRE(made != nullptr);
    path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `bytes` to `name` (relative; parent directories are created) and
  // returns the full path.
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string full = path_ + "/" + name;
    std::filesystem::create_directories(
        std::filesystem::path(full).parent_path());
    std::ofstream out(full, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
    return full;
  }

  std::string Path(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Gzip(const std::string& data) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  REQUIRE(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n =
      ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

struct Item {
  Outcome outcome;
  Document doc;
  std::string error;
};

std::vector<Item> ReadAll(std::vector<std::string> paths,
                          ReaderOptions options = {},
                          ReaderStats* stats = nullptr) {
  auto reader = DocumentReader::Create(std::move(paths), std::move(options));
  std::vector<Item> items;
  for (int guard = 0; guard < 1000000; ++guard) {
    Item item;
    Status error;
    item.outcome = reader->Next(&item.doc, &error);
    if (item.outcome == Outcome::kEnd) break;
    item.error = error.message();
    items.push_back(std::move(item));
  }
  if (stats != nullptr) *stats = reader->stats();
  return items;
}

// "D:id" for a document, "S:message" for a skip: whole runs compare at once.
std::vector<std::string> Summary(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& item : items) {
    out.push_back(item.outcome == Outcome::kDocument ? "D:" + item.doc.id
                                                     : "S:" + item.error);
  }
  return out;
}

// Points fd 0 at a file for the lifetime of the object.
class StdinFrom {
 public:
  explicit StdinFrom(const std::string& path) {
    saved_ = dup(0);
    const int fd = open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    REQUIRE(dup2(fd, 0) == 0);
    close(fd);
  }
  ~StdinFrom() {
    dup2(saved_, 0);
    close(saved_);
  }
  StdinFrom(const StdinFrom&) = delete;
  StdinFrom& operator=(const StdinFrom&) = delete;

 private:
  int saved_;
};

TEST_CASE("RepairUtf8 replaces maximal subparts", "[reader][utf8]") {
  struct Case {
    const char* name;
    std::string input;
    std::string expected;
    size_t first_invalid;
  };
  const std::string f = kFffd;
  const std::vector<Case> cases = {
      {"valid ASCII", "plain", "plain", std::string::npos},
      {"valid mixed", "Nguy\xE1\xBB\x85n \xF0\x9F\x98\x80 \xE5\x8C\x97",
       "Nguy\xE1\xBB\x85n \xF0\x9F\x98\x80 \xE5\x8C\x97", std::string::npos},
      {"empty", "", "", std::string::npos},
      {"NUL is valid", std::string("a\0b", 3), std::string("a\0b", 3),
       std::string::npos},
      {"lone continuation",
       "a\x80"
       "b",
       "a" + f + "b", 1},
      {"two lone continuations", "\x80\xBF", f + f, 0},
      {"truncated 3-byte at end", "a\xE2\x82", "a" + f, 1},
      {"truncated 3-byte before ASCII",
       "\xE2\x82"
       "A",
       f + "A", 0},
      {"truncated 4-byte at end", "x\xF0\x9F\x98", "x" + f, 1},
      {"extra continuation", "\xF0\x9F\x98\x80\x80", "\xF0\x9F\x98\x80" + f, 4},
      {"overlong 2-byte C0 AF", "\xC0\xAF", f + f, 0},
      {"overlong C1", "\xC1\x81", f + f, 0},
      {"overlong 3-byte E0 80 AF", "\xE0\x80\xAF", f + f + f, 0},
      {"overlong 4-byte F0 80 80 AF", "\xF0\x80\x80\xAF", f + f + f + f, 0},
      {"surrogate ED A0 80", "\xED\xA0\x80", f + f + f, 0},
      {"surrogate ED BF BF", "a\xED\xBF\xBFz", "a" + f + f + f + "z", 1},
      {"above U+10FFFF", "\xF4\x90\x80\x80", f + f + f + f, 0},
      {"F5 lead", "\xF5\x80", f + f, 0},
      {"FF byte", "ok\xFF", "ok" + f, 2},
      {"max code point is valid", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF",
       std::string::npos},
      // Unicode 15, section 3.9, Table 3-8.
      {"Unicode table 3-8",
       "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
       "a" + f + f + f + "b" + f + "c" + f + f + "d", 1},
      {"invalid after a long ASCII run", "0123456789abcdefghij\xC3",
       "0123456789abcdefghij" + f, 20},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      std::string text = c.input;
      CHECK(RepairUtf8(&text) == c.first_invalid);
      CHECK(text == c.expected);
      CHECK(input::FindInvalidUtf8(text) == std::string::npos);
    }
  }
}

TEST_CASE("ReplaceLoneSurrogateEscapes", "[reader][utf8]") {
  struct Case {
    std::string json;
    std::string expected;
    size_t first;
  };
  const std::vector<Case> cases = {
      {R"({"t":"a\ud800b"})", R"({"t":"a\ufffdb"})", 7},
      {R"({"t":"\udc00"})", R"({"t":"\ufffd"})", 6},
      {R"({"t":"\ud83d\ude00"})", R"({"t":"\ud83d\ude00"})", std::string::npos},
      {R"({"t":"\\ud800"})", R"({"t":"\\ud800"})", std::string::npos},
      {R"({"t":"\ud800\u0041"})", R"({"t":"\ufffd\u0041"})", 6},
  };
  for (const Case& c : cases) {
    std::string json = c.json;
    CHECK(input::ReplaceLoneSurrogateEscapes(&json) == c.first);
    CHECK(json == c.expected);
  }
}

TEST_CASE("A text file is one document", "[reader]") {
  TempDir dir;
  const std::string path = dir.Write("a.txt", "He said: \"Hello.\"\n");
  ReaderStats stats;
  const auto items = ReadAll({path}, {}, &stats);
  REQUIRE(items.size() == 1);
  CHECK(items[0].outcome == Outcome::kDocument);
  CHECK(items[0].doc.id == path);
  CHECK(items[0].doc.origin == path);
  CHECK(items[0].doc.text == "He said: \"Hello.\"\n");
  CHECK(items[0].doc.ordinal == 0);
  CHECK(items[0].doc.warnings.empty());
  CHECK(stats.documents == 1);
  CHECK(stats.skipped == 0);
  CHECK(stats.bytes == 18);
}

TEST_CASE("Directories are walked in name order, hidden entries skipped",
          "[reader]") {
  TempDir dir;
  dir.Write("corpus/b.txt", "B");
  dir.Write("corpus/a.txt", "A");
  dir.Write("corpus/sub/c.txt", "C");
  dir.Write("corpus/sub/B.txt", "B2");
  dir.Write("corpus/.hidden.txt", "H");
  dir.Write("corpus/.git/config", "G");
  dir.Write("corpus/z.jsonl",
            "{\"id\":\"z1\",\"text\":\"Z1\"}\n"
            "{\"id\":\"z2\",\"text\":\"Z2\"}\n");
  const std::string root = dir.Path("corpus");
  const std::vector<std::string> expected = {"D:" + root + "/a.txt",
                                             "D:" + root + "/b.txt",
                                             "D:" + root + "/sub/B.txt",
                                             "D:" + root + "/sub/c.txt",
                                             "D:z1",
                                             "D:z2"};
  SECTION("plain directory path") {
    const auto items = ReadAll({root});
    CHECK(Summary(items) == expected);
    REQUIRE(items.size() == 6);
    for (size_t i = 0; i < items.size(); ++i) {
      CHECK(items[i].doc.ordinal == i);
    }
    CHECK(items[0].doc.text == "A");
    CHECK(items[4].doc.origin == root + "/z.jsonl:1");
  }
  SECTION("trailing slash does not double the separator") {
    CHECK(Summary(ReadAll({root + "/"})) == expected);
  }
  SECTION("a hidden file named explicitly is read") {
    CHECK(Summary(ReadAll({root + "/.hidden.txt"})) ==
          std::vector<std::string>{"D:" + root + "/.hidden.txt"});
  }
}

TEST_CASE("Symlink loops are not followed", "[reader]") {
  TempDir dir;
  dir.Write("root/a.txt", "A");
  dir.Write("root/sub/b.txt", "B");
  REQUIRE(symlink("..", dir.Path("root/sub/up").c_str()) == 0);
  REQUIRE(symlink(".", dir.Path("root/self").c_str()) == 0);
  const std::string root = dir.Path("root");
  CHECK(Summary(ReadAll({root})) ==
        std::vector<std::string>{"D:" + root + "/a.txt",
                                 "D:" + root + "/sub/b.txt"});
}

TEST_CASE("A missing path is skipped in its turn", "[reader]") {
  TempDir dir;
  const std::string a = dir.Write("a.txt", "A");
  const std::string missing = dir.Path("missing.txt");
  const std::string b = dir.Write("b.txt", "B");
  ReaderStats stats;
  const auto items = ReadAll({a, missing, b}, {}, &stats);
  CHECK(Summary(items) ==
        std::vector<std::string>{
            "D:" + a,
            "S:" + missing + ": cannot open: No such file or directory",
            "D:" + b});
  REQUIRE(items.size() == 3);
  CHECK(items[2].doc.ordinal == 1);
  CHECK(stats.documents == 2);
  CHECK(stats.skipped == 1);
}

TEST_CASE("An unreadable file is skipped", "[reader]") {
  if (geteuid() == 0) return;  // root reads everything
  TempDir dir;
  const std::string path = dir.Write("secret.txt", "S");
  REQUIRE(chmod(path.c_str(), 0) == 0);
  CHECK(Summary(ReadAll({path})) ==
        std::vector<std::string>{"S:" + path +
                                 ": cannot open: Permission denied"});
}

TEST_CASE("gzip and zstd files are decompressed", "[reader]") {
  TempDir dir;
  const std::string jsonl =
      "{\"id\":\"a\",\"text\":\"Alpha\"}\n{\"id\":\"b\",\"text\":\"Beta\"}\n";
  SECTION("gzip text") {
    const std::string path = dir.Write("doc.txt.gz", Gzip("Some text."));
    const auto items = ReadAll({path});
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.id == path);
    CHECK(items[0].doc.text == "Some text.");
  }
  SECTION("gzip JSONL") {
    const auto items = ReadAll({dir.Write("docs.jsonl.gz", Gzip(jsonl))});
    CHECK(Summary(items) == std::vector<std::string>{"D:a", "D:b"});
    REQUIRE(items.size() == 2);
    CHECK(items[1].doc.text == "Beta");
  }
  SECTION("multi-member gzip") {
    const std::string path =
        dir.Write("docs.ndjson.gz", Gzip("{\"id\":\"a\",\"text\":\"Al") +
                                        Gzip("pha\"}\n{\"id\":\"b\",") +
                                        Gzip("\"text\":\"Beta\"}\n"));
    const auto items = ReadAll({path});
    CHECK(Summary(items) == std::vector<std::string>{"D:a", "D:b"});
    REQUIRE(items.size() == 2);
    CHECK(items[0].doc.text == "Alpha");
  }
  SECTION("zstd JSONL, several frames") {
    const auto items = ReadAll({dir.Write(
        "docs.jsonl.zst", Zstd("{\"id\":\"a\",\"text\":\"Alpha\"}\n") +
                              Zstd("{\"id\":\"b\",\"text\":\"Beta\"}\n"))});
    CHECK(Summary(items) == std::vector<std::string>{"D:a", "D:b"});
  }
  SECTION("zstd text") {
    const auto items = ReadAll({dir.Write("doc.md.zst", Zstd("Zed."))});
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.text == "Zed.");
  }
  SECTION("a large gzip JSONL file streams through") {
    std::string big;
    for (int i = 0; i < 20000; ++i) {
      big += "{\"id\":" + std::to_string(i) + ",\"text\":\"" +
             std::string(100, static_cast<char>('a' + i % 26)) + "\"}\n";
    }
    const auto items = ReadAll({dir.Write("big.jsonl.gz", Gzip(big))});
    REQUIRE(items.size() == 20000);
    CHECK(items[19999].doc.id == "19999");
    CHECK(items[19999].doc.text == std::string(100, 'a' + 19999 % 26));
  }
}

TEST_CASE("A corrupt compressed file is skipped, earlier documents stay",
          "[reader]") {
  TempDir dir;
  SECTION("garbage in a .gz") {
    const std::string path = dir.Write("bad.txt.gz", "this is not gzip");
    const std::string after = dir.Write("ok.txt", "OK");
    const auto items = ReadAll({path, after});
    REQUIRE(items.size() == 2);
    CHECK(items[0].outcome == Outcome::kSkipped);
    CHECK(items[0].error ==
          path + ": corrupt gzip stream: incorrect header check");
    CHECK(items[1].doc.text == "OK");
  }
  SECTION("truncated gzip JSONL") {
    std::string gz = Gzip(
        "{\"id\":\"a\",\"text\":\"Alpha\"}\n{\"id\":\"b\",\"text\":\"Beta\"}"
        "\n");
    gz.resize(gz.size() - 4);  // cut into the trailer
    const std::string path = dir.Write("cut.jsonl.gz", gz);
    const auto items = ReadAll({path});
    CHECK(Summary(items) ==
          std::vector<std::string>{
              "D:a", "D:b",
              "S:" + path +
                  ": corrupt gzip stream: unexpected end of data (truncated "
                  "file?)"});
  }
  SECTION("garbage in a .zst") {
    const std::string path =
        dir.Write("bad.jsonl.zst",
                  std::string("\x28\xB5\x2F\xFD") + std::string(40, '\xFF'));
    const auto items = ReadAll({path});
    REQUIRE(items.size() == 1);
    CHECK(items[0].outcome == Outcome::kSkipped);
    CHECK_THAT(items[0].error,
               Catch::StartsWith(path + ": corrupt zstd stream: "));
  }
  SECTION("truncated zstd") {
    std::string zst = Zstd(std::string(5000, 'x'));
    zst.resize(zst.size() / 2);
    const std::string path = dir.Write("cut.txt.zst", zst);
    const auto items = ReadAll({path});
    REQUIRE(items.size() == 1);
    CHECK(items[0].error == path +
                                ": corrupt zstd stream: unexpected end of "
                                "data (truncated file?)");
  }
}

TEST_CASE("JSONL records", "[reader][jsonl]") {
  TempDir dir;
  SECTION("a broken line in the middle is skipped with its place") {
    const std::string path =
        dir.Write("news.jsonl",
                  "{\"id\":\"one\",\"text\":\"First.\"}\n"
                  "\n"
                  "{\"id\":\"two\",\"text\": \n"
                  "   \n"
                  "{\"id\":\"three\",\"text\":\"Third.\"}\n");
    ReaderStats stats;
    const auto items = ReadAll({path}, {}, &stats);
    REQUIRE(items.size() == 3);
    CHECK(items[0].doc.id == "one");
    CHECK(items[0].doc.origin == path + ":1");
    CHECK(items[1].outcome == Outcome::kSkipped);
    CHECK_THAT(items[1].error, Catch::StartsWith(path + ":3: invalid JSON: "));
    CHECK(items[2].doc.id == "three");
    CHECK(items[2].doc.origin == path + ":5");
    CHECK(items[2].doc.ordinal == 1);
    CHECK(stats.documents == 2);
    CHECK(stats.skipped == 1);
    CHECK(stats.bytes == 12);
  }
  SECTION("trailing garbage after the object") {
    const std::string path =
        dir.Write("g.jsonl", "{\"id\":\"a\",\"text\":\"x\"} {\n");
    CHECK(Summary(ReadAll({path})) ==
          std::vector<std::string>{
              "S:" + path +
              ":1: invalid JSON: The JSON document has an improper structure: "
              "missing or superfluous commas, braces, missing keys, etc."});
  }
  SECTION("a line that is not an object") {
    const std::string path = dir.Write("arr.jsonl", "[1,2]\n");
    CHECK(Summary(ReadAll({path})) ==
          std::vector<std::string>{
              "S:" + path + ":1: invalid JSON: the line is not a JSON object"});
  }
  SECTION("text that is not a string, or missing") {
    const std::string path = dir.Write("t.jsonl",
                                       "{\"id\":\"a\",\"text\":5}\n{\"id\":"
                                       "\"b\"}\n{\"id\":\"c\",\"text\":null}"
                                       "\n{\"id\":\"d\",\"text\":\"ok\"}");
    CHECK(Summary(ReadAll({path})) ==
          std::vector<std::string>{
              "S:" + path + ":1: field 'text' is missing or not a string",
              "S:" + path + ":2: field 'text' is missing or not a string",
              "S:" + path + ":3: field 'text' is missing or not a string",
              "D:d"});
  }
  SECTION("ids: string, number, missing, other") {
    const std::string path = dir.Write(
        "ids.jsonl",
        "{\"id\":\"s-1\",\"text\":\"a\"}\n{\"id\":17,\"text\":\"b\"}\n"
        "{\"text\":\"c\"}\n{\"id\":[1],\"text\":\"d\"}\n"
        "{\"id\":-2.5,\"text\":\"e\"}\n");
    const auto items = ReadAll({path});
    CHECK(Summary(items) ==
          std::vector<std::string>{"D:s-1", "D:17", "D:" + path + ":3",
                                   "D:" + path + ":4", "D:-2.5"});
    REQUIRE(items.size() == 5);
    CHECK(items[0].doc.warnings.empty());
    CHECK(items[2].doc.warnings ==
          std::vector<std::string>{path + ":3: field 'id' is missing, using '" +
                                   path + ":3' as the id"});
    CHECK(items[3].doc.warnings ==
          std::vector<std::string>{
              path + ":4: field 'id' is not a string or number, using '" +
              path + ":4' as the id"});
  }
  SECTION("custom id and text fields, escapes unescaped") {
    ReaderOptions options;
    options.id_field = "url";
    options.text_field = "body";
    const std::string path = dir.Write(
        "c.jsonl",
        R"({"url":"http://x/1","body":"\"Quote,\" he said.\n\u00e9\ud83d\ude00"})"
        "\n");
    const auto items = ReadAll({path}, options);
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.id == "http://x/1");
    CHECK(items[0].doc.text == "\"Quote,\" he said.\n\xC3\xA9\xF0\x9F\x98\x80");
  }
  SECTION("keep fields") {
    ReaderOptions options;
    options.keep_fields = {"title", "n", "meta", "none", "missing", "quoted"};
    const std::string path = dir.Write(
        "k.jsonl",
        R"({"id":"a","text":"t","title":"Caf\u00e9 news","n": 12 ,)"
        R"("meta":{"a": [1, 2]},"none":null,"quoted":"say \"hi\"\tnow"})"
        "\n");
    const auto items = ReadAll({path}, options);
    REQUIRE(items.size() == 1);
    const auto& kept = items[0].doc.kept;
    REQUIRE(kept.size() == 6);
    struct Expect {
      const char* name;
      std::string json;
      std::string text;
    };
    const std::vector<Expect> expected = {
        {"title", "\"Caf\xC3\xA9 news\"", "Caf\xC3\xA9 news"},
        {"n", "12", "12"},
        {"meta", R"({"a":[1,2]})", R"({"a":[1,2]})"},
        {"none", "null", ""},
        {"missing", "null", ""},
        {"quoted", R"("say \"hi\"\tnow")", "say \"hi\"\tnow"},
    };
    for (size_t i = 0; i < expected.size(); ++i) {
      CHECK(kept[i].name == expected[i].name);
      CHECK(kept[i].json == expected[i].json);
      CHECK(kept[i].text == expected[i].text);
    }
  }
  SECTION("CRLF line ends and a BOM") {
    const std::string path =
        dir.Write("crlf.jsonl",
                  "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"A\"}\r\n\r\n"
                  "{\"id\":\"b\",\"text\":\"B\\r\"}\r\n");
    const auto items = ReadAll({path});
    CHECK(Summary(items) == std::vector<std::string>{"D:a", "D:b"});
    REQUIRE(items.size() == 2);
    CHECK(items[0].doc.text == "A");
    CHECK(items[1].doc.text == "B\r");
    CHECK(items[1].doc.origin == path + ":3");
  }
  SECTION("last line without a newline") {
    const std::string path =
        dir.Write("nonl.jsonl", "{\"id\":\"a\",\"text\":\"A\"}");
    CHECK(Summary(ReadAll({path})) == std::vector<std::string>{"D:a"});
  }
  SECTION("invalid UTF-8 inside a line is repaired") {
    const std::string path = dir.Write("u.jsonl",
                                       "{\"id\":\"a\",\"text\":\"x\xC3(y\"}\n"
                                       "{\"id\":\"b\",\"text\":\"fine\"}\n");
    ReaderStats stats;
    const auto items = ReadAll({path}, {}, &stats);
    REQUIRE(items.size() == 2);
    CHECK(items[0].doc.text == "x" + kFffd + "(y");
    CHECK(items[0].doc.warnings ==
          std::vector<std::string>{
              path + ":1: invalid UTF-8 at byte 19, replaced with U+FFFD"});
    CHECK(items[1].doc.warnings.empty());
    CHECK(stats.repaired_utf8 == 1);
  }
  SECTION("an escaped lone surrogate becomes U+FFFD") {
    const std::string path =
        dir.Write("s.jsonl", R"({"id":"a","text":"x\ud800y"})"
                             "\n");
    const auto items = ReadAll({path});
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.text == "x" + kFffd + "y");
    CHECK(items[0].doc.warnings ==
          std::vector<std::string>{
              path +
              ":1: escaped lone surrogate at byte 19, replaced with U+FFFD"});
  }
  SECTION("forced formats") {
    const std::string jsonl =
        dir.Write("as_text.jsonl", "{\"id\":\"a\",\"text\":\"A\"}\n");
    const std::string text =
        dir.Write("as_jsonl.txt", "{\"id\":\"b\",\"text\":\"B\"}\n");
    ReaderOptions as_text;
    as_text.format = InputFormat::kText;
    const auto items = ReadAll({jsonl}, as_text);
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.id == jsonl);
    CHECK(items[0].doc.text == "{\"id\":\"a\",\"text\":\"A\"}\n");
    ReaderOptions as_jsonl;
    as_jsonl.format = InputFormat::kJsonl;
    CHECK(Summary(ReadAll({text}, as_jsonl)) ==
          std::vector<std::string>{"D:b"});
  }
}

TEST_CASE("Text documents: BOM, invalid UTF-8, NUL", "[reader]") {
  TempDir dir;
  SECTION("BOM dropped") {
    const auto items =
        ReadAll({dir.Write("bom.txt", "\xEF\xBB\xBFHello \xEF\xBB\xBF")});
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.text == "Hello \xEF\xBB\xBF");  // only the leading one
  }
  SECTION("invalid UTF-8 repaired, with a warning") {
    const std::string path =
        dir.Write("bad.txt", "caf\xE9 \xED\xA0\x80 ok \xF0\x9F\x98");
    ReaderStats stats;
    const auto items = ReadAll({path}, {}, &stats);
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.text ==
          "caf" + kFffd + " " + kFffd + kFffd + kFffd + " ok " + kFffd);
    CHECK(items[0].doc.warnings ==
          std::vector<std::string>{
              path + ": invalid UTF-8 at byte 3, replaced with U+FFFD"});
    CHECK(stats.repaired_utf8 == 1);
  }
  SECTION("NUL bytes are kept") {
    const std::string body("a\0b\0", 4);
    const auto items = ReadAll({dir.Write("nul.txt", body)});
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.text == body);
  }
  SECTION("empty file is an empty document") {
    const auto items = ReadAll({dir.Write("empty.txt", "")});
    REQUIRE(items.size() == 1);
    CHECK(items[0].outcome == Outcome::kDocument);
    CHECK(items[0].doc.text.empty());
  }
}

TEST_CASE("Documents over the size limit are skipped", "[reader]") {
  TempDir dir;
  ReaderOptions options;
  options.max_document_bytes = 100;
  SECTION("text files, plain and compressed") {
    const std::string big = dir.Write("big.txt", std::string(150, 'x'));
    const std::string big_gz =
        dir.Write("big.txt.gz", Gzip(std::string(101, 'y')));
    const std::string fits = dir.Write("fits.txt", std::string(100, 'z'));
    ReaderStats stats;
    const auto items = ReadAll({big, big_gz, fits}, options, &stats);
    CHECK(Summary(items) ==
          std::vector<std::string>{
              "S:" + big +
                  ": document of 150 bytes exceeds the limit of 100 bytes",
              "S:" + big_gz +
                  ": document of 101 bytes exceeds the limit of 100 bytes",
              "D:" + fits});
    CHECK(stats.skipped == 2);
    CHECK(stats.documents == 1);
  }
  SECTION("a JSONL line, then the next line is read") {
    const std::string line1 = "{\"id\":\"a\",\"text\":\"short\"}";
    const std::string line2 =
        "{\"id\":\"b\",\"text\":\"" + std::string(200, 'x') + "\"}";
    const std::string line3 = "{\"id\":\"c\",\"text\":\"after\"}";
    const std::string path =
        dir.Write("l.jsonl", line1 + "\n" + line2 + "\n" + line3 + "\n");
    const auto items = ReadAll({path}, options);
    CHECK(Summary(items) ==
          std::vector<std::string>{
              "D:a",
              "S:" + path +
                  ":2: document of 220 bytes exceeds the limit of 100 bytes",
              "D:c"});
    REQUIRE(items.size() == 3);
    CHECK(items[2].doc.text == "after");
    CHECK(items[2].doc.origin == path + ":3");
  }
}

TEST_CASE("The size limit holds after invalid UTF-8 is repaired",
          "[reader][utf8]") {
  // Each invalid byte becomes a 3-byte U+FFFD, so a document within the
  // limit as read can triple; found by the jsonl fuzzer (text mode).
  TempDir dir;
  ReaderOptions options;
  options.max_document_bytes = 100;
  const std::string invalid(40, '\x80');
  SECTION("a text file") {
    const std::string path = dir.Write("bad.txt", invalid);
    const std::string fits = dir.Write("fits.txt", std::string(30, '\x80'));
    ReaderStats stats;
    const auto items = ReadAll({path, fits}, options, &stats);
    REQUIRE(items.size() == 2);
    CHECK(Summary(items)[0] ==
          "S:" + path +
              ": document of 120 bytes once invalid UTF-8 is replaced with "
              "U+FFFD exceeds the limit of 100 bytes");
    CHECK(items[1].doc.text.size() == 90);
    CHECK(stats.skipped == 1);
    CHECK(stats.documents == 1);
  }
  SECTION("a JSONL line") {
    const std::string path =
        dir.Write("bad.jsonl", "{\"id\":\"r\",\"text\":\"" + invalid +
                                   "\"}\n{\"id\":\"ok\",\"text\":\"a\"}\n");
    const auto items = ReadAll({path}, options);
    CHECK(Summary(items) ==
          std::vector<std::string>{
              "S:" + path +
                  ":1: document of 120 bytes once invalid UTF-8 is replaced "
                  "with U+FFFD exceeds the limit of 100 bytes",
              "D:ok"});
  }
}

TEST_CASE("An oversized regular file is skipped without being read",
          "[reader]") {
  // A sparse 3 GB file: reading it to count its bytes would take seconds.
  TempDir dir;
  const std::string path = dir.Path("sparse.txt");
  {
    std::ofstream out(path, std::ios::binary);
    REQUIRE(out.good());
  }
  REQUIRE(truncate(path.c_str(), off_t{3} << 30) == 0);
  ReaderOptions options;
  options.max_document_bytes = 1 << 20;
  const auto items = ReadAll({path}, options);
  CHECK(Summary(items) ==
        std::vector<std::string>{
            "S:" + path +
            ": document of 3221225472 bytes exceeds the limit of 1048576 "
            "bytes"});
}

TEST_CASE("A 5 MB single-line record", "[reader][jsonl]") {
  TempDir dir;
  std::string text;
  text.reserve(5 << 20);
  const std::string sentence =
      "\\\"It works,\\\" she said. Nguy\xE1\xBB\x85n. ";
  while (text.size() < (size_t{5} << 20)) text += sentence;
  const std::string path =
      dir.Write("huge.jsonl", "{\"id\":\"huge\",\"text\":\"" + text +
                                  "\"}\n{\"id\":\"next\",\"text\":\"n\"}\n");
  const auto items = ReadAll({path});
  REQUIRE(items.size() == 2);
  CHECK(items[0].doc.id == "huge");
  // Each sentence loses its two escaping backslashes.
  const size_t sentences = text.size() / sentence.size();
  CHECK(items[0].doc.text.size() == sentences * (sentence.size() - 2));
  CHECK(items[0].doc.text.substr(0, 32) ==
        "\"It works,\" she said. Nguy\xE1\xBB\x85n. ");
  CHECK(items[1].doc.text == "n");
}

// A source that hands out its bytes a few at a time.
class TrickleSource : public input::ByteSource {
 public:
  TrickleSource(std::string data, size_t step)
      : data_(std::move(data)), step_(step) {}
  Status Read(char* buffer, size_t capacity, size_t* size) override {
    const size_t n = std::min({capacity, step_, data_.size() - offset_});
    std::memcpy(buffer, data_.data() + offset_, n);
    offset_ += n;
    *size = n;
    return Status::Ok();
  }

 private:
  std::string data_;
  size_t step_;
  size_t offset_ = 0;
};

TEST_CASE("LineReader across chunk boundaries", "[reader]") {
  const std::string data = "alpha\nbeta is longer\n\nlast";
  for (size_t chunk : {1, 2, 3, 7, 64}) {
    for (size_t step : {1, 3, 100}) {
      input::LineReader reader(std::make_unique<TrickleSource>(data, step),
                               chunk);
      std::vector<std::string> lines;
      std::string line;
      bool got = true;
      uint64_t bytes = 0;
      while (true) {
        REQUIRE(reader.ReadLine(&line, 10, &got, &bytes).ok());
        if (!got) break;
        lines.push_back(line + "|" + std::to_string(bytes));
      }
      CHECK(lines ==
            std::vector<std::string>{"alpha|5", "|14", "|0", "last|4"});
    }
  }
}

TEST_CASE("LineReader peeks past white space and a BOM", "[reader]") {
  struct Case {
    std::string data;
    int expected;
  };
  for (const Case& c : std::vector<Case>{{"  \n\t{\"a\":1}", '{'},
                                         {"\xEF\xBB\xBF{", '{'},
                                         {"\xEF\xBB", 0xEF},
                                         {"   ", -1},
                                         {"", -1},
                                         {"Text", 'T'}}) {
    input::LineReader reader(std::make_unique<TrickleSource>(c.data, 1), 2);
    Result<int> first = reader.PeekFirstNonSpace();
    REQUIRE(first.ok());
    CHECK(*first == c.expected);
    std::string all;
    uint64_t total = 0;
    REQUIRE(reader.ReadAll(&all, 1000, &total).ok());
    CHECK(all == c.data);  // peeking consumed nothing
  }
}

TEST_CASE("stdin: JSONL when it starts with '{', else text", "[reader]") {
  TempDir dir;
  SECTION("JSONL after white space") {
    StdinFrom in(dir.Write(
        "in.jsonl", "\n  {\"id\":\"a\",\"text\":\"A\"}\n{\"text\":\"B\"}"));
    const auto items = ReadAll({});
    CHECK(Summary(items) == std::vector<std::string>{"D:a", "D:<stdin>:3"});
    REQUIRE(items.size() == 2);
    CHECK(items[0].doc.origin == "<stdin>:2");
  }
  SECTION("text, named by '-'") {
    StdinFrom in(dir.Write("in.txt", "Plain {text}."));
    const auto items = ReadAll({"-"});
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.id == "<stdin>");
    CHECK(items[0].doc.text == "Plain {text}.");
  }
  SECTION("gzip on stdin is detected by its magic bytes") {
    StdinFrom in(dir.Write("in.gz", Gzip("{\"id\":\"g\",\"text\":\"G\"}\n")));
    CHECK(Summary(ReadAll({"-"})) == std::vector<std::string>{"D:g"});
  }
  SECTION("forced text on stdin") {
    StdinFrom in(dir.Write("in2.jsonl", "{\"id\":\"a\",\"text\":\"A\"}"));
    ReaderOptions options;
    options.format = InputFormat::kText;
    const auto items = ReadAll({"-"}, options);
    REQUIRE(items.size() == 1);
    CHECK(items[0].doc.text == "{\"id\":\"a\",\"text\":\"A\"}");
  }
}

}  // namespace
}  // namespace whosaid
