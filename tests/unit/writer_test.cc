// Tests of the output stage: RowWriter formats, escaping, offset units.
#include "whosaid/writer.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "output/offsets.h"

namespace whosaid {
namespace {

// "é😀 Nguyễn 北京 שלום مرحبا": 42 bytes, 23 code points, 24 UTF-16 units.
//   é [0,2)  😀 [2,6)  Nguyễn [7,15)  北京 [16,22)  שלום [23,31)  مرحبا [32,42)
const std::string kMixedText =
    "\xC3\xA9"                           // é
    "\xF0\x9F\x98\x80"                   // 😀
    " Nguy\xE1\xBB\x85n"                 // Nguyễn (ễ precomposed, U+1EC5)
    " \xE5\x8C\x97\xE4\xBA\xAC"          // 北京
    " \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"  // שלום
    " \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";  // مرحبا

Document MixedDocument() {
  Document doc;
  doc.id = "d1";
  doc.text = kMixedText;
  return doc;
}

// Claim 1: full source and cue. Claim 2: two parts, no source.
std::vector<Claim> MixedClaims() {
  Claim a;
  a.claim = "\xF0\x9F\x98\x80";
  a.claim_spans = {{2, 6}};
  a.source = "Nguy\xE1\xBB\x85n";
  a.source_span = {7, 15};
  a.speaker = "Nguy\xE1\xBB\x85n";
  a.source_kind = kKindPerson;
  a.cue = "\xE5\x8C\x97\xE4\xBA\xAC";
  a.cue_span = {16, 22};
  a.type = kTypeDirect;
  a.sentence = 0;
  a.rule = "en.test.a";
  Claim b;
  b.claim =
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8"
      "\xD8\xA7";
  b.claim_spans = {{23, 31}, {32, 42}};
  b.cue = "\xC3\xA9";
  b.cue_span = {0, 2};
  b.type = kTypeIndirect;
  b.via = "Reuters";
  b.sentence = 1;
  b.rule = "en.test.b";
  return {a, b};
}

std::string Header(OutputFormat format, std::vector<std::string> keep = {}) {
  std::string out;
  RowWriter::Create(format, OffsetUnit::kCodePoints, std::move(keep))
      ->AppendHeader(&out);
  return out;
}

std::string Rows(OutputFormat format, OffsetUnit unit, const Document& doc,
                 const std::vector<Claim>& claims,
                 std::vector<std::string> keep = {}) {
  std::string out;
  RowWriter::Create(format, unit, std::move(keep))
      ->AppendRows(doc, claims, &out);
  return out;
}

TEST_CASE("RowColumns", "[writer]") {
  CHECK(RowColumns() ==
        std::vector<std::string>{"doc", "claim", "claim_start", "claim_end",
                                 "source", "source_start", "source_end",
                                 "speaker", "source_kind", "cue", "cue_start",
                                 "cue_end", "type", "via", "sentence", "rule"});
}

TEST_CASE("ParseOutputFormat and ParseOffsetUnit", "[writer]") {
  CHECK(ParseOutputFormat("tsv").value() == OutputFormat::kTsv);
  CHECK(ParseOutputFormat("csv").value() == OutputFormat::kCsv);
  CHECK(ParseOutputFormat("jsonl").value() == OutputFormat::kJsonl);
  const auto bad_format = ParseOutputFormat("xml");
  REQUIRE_FALSE(bad_format.ok());
  CHECK(bad_format.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad_format.status().message() ==
        "unknown output format 'xml' (expected tsv, csv or jsonl)");

  CHECK(ParseOffsetUnit("codepoints").value() == OffsetUnit::kCodePoints);
  CHECK(ParseOffsetUnit("bytes").value() == OffsetUnit::kBytes);
  CHECK(ParseOffsetUnit("utf16").value() == OffsetUnit::kUtf16);
  const auto bad_unit = ParseOffsetUnit("graphemes");
  REQUIRE_FALSE(bad_unit.ok());
  CHECK(bad_unit.status().message() ==
        "unknown offset unit 'graphemes' (expected codepoints, bytes or "
        "utf16)");
}

TEST_CASE("Headers", "[writer]") {
  CHECK(Header(OutputFormat::kTsv) ==
        "doc\tclaim\tclaim_start\tclaim_end\tsource\tsource_start\t"
        "source_end\tspeaker\tsource_kind\tcue\tcue_start\tcue_end\ttype\tvia\t"
        "sentence\trule\n");
  CHECK(Header(OutputFormat::kCsv, {"title", "a,b"}) ==
        "doc,claim,claim_start,claim_end,source,source_start,source_end,"
        "speaker,source_kind,cue,cue_start,cue_end,type,via,sentence,rule,"
        "title,\"a,b\"\r\n");
  CHECK(Header(OutputFormat::kJsonl, {"title"}).empty());
}

TEST_CASE("Offsets in code points, bytes and UTF-16", "[writer][offsets]") {
  struct Case {
    OffsetUnit unit;
    std::string tsv;
  };
  // Columns after the claim text: claim_start claim_end ... source_start
  // source_end ... cue_start cue_end.
  const std::vector<Case> cases = {
      {OffsetUnit::kCodePoints,
       "d1\t\xF0\x9F\x98\x80\t1\t2\tNguy\xE1\xBB\x85n\t3\t9\tNguy\xE1\xBB\x85n"
       "\tperson\t\xE5\x8C\x97\xE4\xBA\xAC\t10\t12\tdirect\t\t0\ten.test.a\n"
       "d1\t\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8"
       "\xD8\xA7\t13\t23\t\t\t\t\t\t\xC3\xA9\t0\t1\tindirect\tReuters\t1\t"
       "en.test.b\n"},
      {OffsetUnit::kBytes,
       "d1\t\xF0\x9F\x98\x80\t2\t6\tNguy\xE1\xBB\x85n\t7\t15\tNguy\xE1\xBB\x85n"
       "\tperson\t\xE5\x8C\x97\xE4\xBA\xAC\t16\t22\tdirect\t\t0\ten.test.a\n"
       "d1\t\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8"
       "\xD8\xA7\t23\t42\t\t\t\t\t\t\xC3\xA9\t0\t2\tindirect\tReuters\t1\t"
       "en.test.b\n"},
      {OffsetUnit::kUtf16,
       "d1\t\xF0\x9F\x98\x80\t1\t3\tNguy\xE1\xBB\x85n\t4\t10\tNguy\xE1\xBB\x85n"
       "\tperson\t\xE5\x8C\x97\xE4\xBA\xAC\t11\t13\tdirect\t\t0\ten.test.a\n"
       "d1\t\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8"
       "\xD8\xA7\t14\t24\t\t\t\t\t\t\xC3\xA9\t0\t1\tindirect\tReuters\t1\t"
       "en.test.b\n"},
  };
  for (const Case& c : cases) {
    CHECK(Rows(OutputFormat::kTsv, c.unit, MixedDocument(), MixedClaims()) ==
          c.tsv);
  }
}

TEST_CASE("JSONL rows: numbers, nulls, key order", "[writer][jsonl]") {
  CHECK(Rows(OutputFormat::kJsonl, OffsetUnit::kUtf16, MixedDocument(),
             MixedClaims()) ==
        "{\"doc\":\"d1\",\"claim\":\"\xF0\x9F\x98\x80\",\"claim_start\":1,"
        "\"claim_end\":3,\"source\":\"Nguy\xE1\xBB\x85n\",\"source_start\":4,"
        "\"source_end\":10,\"speaker\":\"Nguy\xE1\xBB\x85n\",\"source_kind\":"
        "\"person\",\"cue\":\"\xE5\x8C\x97\xE4\xBA\xAC\",\"cue_start\":11,"
        "\"cue_end\":13,\"type\":\"direct\",\"via\":null,\"sentence\":0,"
        "\"rule\":\"en.test.a\"}\n"
        "{\"doc\":\"d1\",\"claim\":\"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D "
        "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\",\"claim_start\":14,"
        "\"claim_end\":24,\"source\":null,\"source_start\":null,"
        "\"source_end\":null,\"speaker\":null,\"source_kind\":null,\"cue\":"
        "\"\xC3\xA9\",\"cue_start\":0,\"cue_end\":1,\"type\":\"indirect\","
        "\"via\":\"Reuters\",\"sentence\":1,\"rule\":\"en.test.b\"}\n");
}

Claim OneClaim(std::string text) {
  Claim claim;
  claim.claim = std::move(text);
  claim.claim_spans = {{0, 1}};
  claim.type = kTypeDirect;
  claim.rule = "r";
  return claim;
}

// JSON escaping steps over sixteen bytes at a time: on random text of
// every length up to 70, with characters to escape anywhere, the claim's
// field is what escaping byte by byte gives.
TEST_CASE("JSON escaping of long text", "[writer]") {
  Document doc;
  doc.id = "id";
  doc.text = "x";
  auto naive = [](const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out += c == '\t'   ? "\\t"
               : c == '\r' ? "\\r"
               : c == '\b' ? "\\b"
               : c == '\f' ? "\\f"
                           : buf;
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  const std::vector<std::string> pieces = {
      "a", " ", "\"", "\\", "\n", "\x01", "\x1F", "\x7F", "/", "\xC3\xA9", "z"};
  std::mt19937 random(7);
  for (int n = 0; n < 500; ++n) {
    std::string claim;
    const size_t len = random() % 71;
    while (claim.size() < len) {
      // Mostly plain letters, so that escapes fall at every place.
      claim += random() % 4 == 0 ? pieces[random() % pieces.size()] : "q";
    }
    const std::string out =
        Rows(OutputFormat::kJsonl, OffsetUnit::kBytes, doc, {OneClaim(claim)});
    const std::string prefix = "{\"doc\":\"id\",\"claim\":";
    REQUIRE(out.compare(0, prefix.size(), prefix) == 0);
    const std::string want = naive(claim);
    INFO(claim);
    CHECK(out.compare(prefix.size(), want.size(), want) == 0);
    CHECK(out.compare(prefix.size() + want.size(), 14, ",\"claim_start\"") ==
          0);
  }
}

TEST_CASE("Escaping", "[writer]") {
  Document doc;
  doc.id = "id";
  doc.text = "x";
  struct Case {
    const char* name;
    OutputFormat format;
    std::string claim;
    std::string expected_field;  // how the claim column is written
  };
  const std::vector<Case> cases = {
      {"TSV tab newline CR backslash", OutputFormat::kTsv, "a\tb\nc\\d\re",
       "a\\tb\\nc\\\\d\\re"},
      {"TSV quotes and commas are plain", OutputFormat::kTsv,
       "\"Yes,\" he said", "\"Yes,\" he said"},
      {"CSV plain", OutputFormat::kCsv, "plain text", "plain text"},
      {"CSV comma", OutputFormat::kCsv, "a, b", "\"a, b\""},
      {"CSV quotes doubled", OutputFormat::kCsv, "He said \"no\"",
       "\"He said \"\"no\"\"\""},
      {"CSV newline", OutputFormat::kCsv, "x\ny", "\"x\ny\""},
      {"CSV carriage return", OutputFormat::kCsv, "x\ry", "\"x\ry\""},
      {"CSV tab is plain", OutputFormat::kCsv, "x\ty", "x\ty"},
      {"JSON quote and backslash", OutputFormat::kJsonl, "a\"b\\c",
       "\"a\\\"b\\\\c\""},
      {"JSON short escapes", OutputFormat::kJsonl, "\n\r\t\b\f",
       "\"\\n\\r\\t\\b\\f\""},
      {"JSON other control characters", OutputFormat::kJsonl,
       std::string("\x01\x1F\0z", 4), "\"\\u0001\\u001f\\u0000z\""},
      {"JSON UTF-8 passes through", OutputFormat::kJsonl,
       "\xC2\xAB"
       "caf\xC3\xA9 \xF0\x9F\x98\x80\xC2\xBB",
       "\"\xC2\xAB"
       "caf\xC3\xA9 \xF0\x9F\x98\x80\xC2\xBB\""},
      {"JSON slash and DEL are plain", OutputFormat::kJsonl, "a/b\x7F",
       "\"a/b\x7F\""},
      {"JSON invalid UTF-8 is repaired", OutputFormat::kJsonl, "bad\xFF",
       "\"bad\xEF\xBF\xBD\""},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const std::string out =
          Rows(c.format, OffsetUnit::kBytes, doc, {OneClaim(c.claim)});
      std::string expected;
      switch (c.format) {
        case OutputFormat::kTsv:
          expected = "id\t" + c.expected_field +
                     "\t0\t1\t\t\t\t\t\t\t\t\tdirect\t\t0\tr\n";
          break;
        case OutputFormat::kCsv:
          expected = "id," + c.expected_field + ",0,1,,,,,,,,,direct,,0,r\r\n";
          break;
        case OutputFormat::kJsonl:
          expected = "{\"doc\":\"id\",\"claim\":" + c.expected_field +
                     ",\"claim_start\":0,\"claim_end\":1,\"source\":null,"
                     "\"source_start\":null,\"source_end\":null,\"speaker\":"
                     "null,\"source_kind\":null,\"cue\":null,\"cue_start\":"
                     "null,\"cue_end\":null,\"type\":\"direct\",\"via\":null,"
                     "\"sentence\":0,\"rule\":\"r\"}\n";
          break;
      }
      CHECK(out == expected);
    }
  }
}

TEST_CASE("Keep fields", "[writer]") {
  Document doc;
  doc.id = "k";
  doc.text = "x";
  // Not in --keep-fields order: looked up by name.
  doc.kept = {{"n", "12", "12"},
              {"title", "\"Caf\\u00e9, \\\"x\\\"\"", "Caf\xC3\xA9, \"x\""}};
  const std::vector<std::string> keep = {"title", "n", "absent"};
  const std::vector<Claim> claims = {OneClaim("c")};
  CHECK(Header(OutputFormat::kTsv, keep) ==
        "doc\tclaim\tclaim_start\tclaim_end\tsource\tsource_start\t"
        "source_end\tspeaker\tsource_kind\tcue\tcue_start\tcue_end\ttype\tvia\t"
        "sentence\trule\ttitle\tn\tabsent\n");
  CHECK(
      Rows(OutputFormat::kTsv, OffsetUnit::kCodePoints, doc, claims, keep) ==
      "k\tc\t0\t1\t\t\t\t\t\t\t\t\tdirect\t\t0\tr\tCaf\xC3\xA9, \"x\"\t12\t\n");
  CHECK(Rows(OutputFormat::kCsv, OffsetUnit::kCodePoints, doc, claims, keep) ==
        "k,c,0,1,,,,,,,,,direct,,0,r,\"Caf\xC3\xA9, \"\"x\"\"\",12,\r\n");
  CHECK(
      Rows(OutputFormat::kJsonl, OffsetUnit::kCodePoints, doc, claims, keep) ==
      "{\"doc\":\"k\",\"claim\":\"c\",\"claim_start\":0,\"claim_end\":1,"
      "\"source\":null,\"source_start\":null,\"source_end\":null,"
      "\"speaker\":null,\"source_kind\":null,\"cue\":null,\"cue_start\":null,"
      "\"cue_end\":null,\"type\":\"direct\",\"via\":null,\"sentence\":0,"
      "\"rule\":\"r\",\"title\":\"Caf\\u00e9, \\\"x\\\"\",\"n\":12,"
      "\"absent\":null}\n");
}

TEST_CASE("No claims, no rows; a claim without parts has no range",
          "[writer]") {
  Document doc = MixedDocument();
  CHECK(Rows(OutputFormat::kTsv, OffsetUnit::kCodePoints, doc, {}).empty());
  Claim empty;
  empty.claim = "?";
  empty.type = kTypeIndirect;
  empty.sentence = 7;
  CHECK(Rows(OutputFormat::kTsv, OffsetUnit::kCodePoints, doc, {empty}) ==
        "d1\t?\t\t\t\t\t\t\t\t\t\t\tindirect\t\t7\t\n");
}

TEST_CASE("JSONL rows of the longest escapes fit their room",
          "[writer][jsonl]") {
  // A JSONL row is written into room made for it once: every string field
  // all control characters (six bytes each) or invalid bytes (U+FFFD, three
  // each), a kept field's JSON, the largest numbers. A room too small
  // would show as bytes lost or zeroed in the rows.
  const std::string controls(300, '\x01');
  std::string escaped = "\"";
  for (size_t i = 0; i < controls.size(); ++i) escaped += "\\u0001";
  escaped += "\"";
  const std::string invalid(200, '\xFF');
  std::string repaired = "\"";
  for (size_t i = 0; i < invalid.size(); ++i) repaired += "\xEF\xBF\xBD";
  repaired += "\"";
  Document doc;
  doc.id = controls;
  doc.text = "x";
  doc.kept = {{"k", "[" + std::string(498, '1') + "]", "ones"}};
  Claim c = OneClaim(controls);
  c.source = invalid;
  c.source_span = {0, 1};
  c.speaker = controls;
  c.source_kind = invalid;
  c.cue = controls;
  c.cue_span = {0, 1};
  c.type = invalid;
  c.via = controls;
  c.sentence = std::numeric_limits<size_t>::max();
  c.rule = invalid;
  const std::string row =
      "{\"doc\":" + escaped + ",\"claim\":" + escaped +
      ",\"claim_start\":0,\"claim_end\":1,\"source\":" + repaired +
      ",\"source_start\":0,\"source_end\":1,\"speaker\":" + escaped +
      ",\"source_kind\":" + repaired + ",\"cue\":" + escaped +
      ",\"cue_start\":0,\"cue_end\":1,\"type\":" + repaired +
      ",\"via\":" + escaped +
      ",\"sentence\":18446744073709551615,\"rule\":" + repaired + ",\"k\":[" +
      std::string(498, '1') + "]}\n";
  auto writer =
      RowWriter::Create(OutputFormat::kJsonl, OffsetUnit::kBytes, {"k"});
  std::string out = "prefix\n";
  writer->AppendRows(doc, {c, c, c}, &out);
  CHECK(out == "prefix\n" + row + row + row);
}

TEST_CASE("Appending keeps what is already in the buffer", "[writer]") {
  auto writer =
      RowWriter::Create(OutputFormat::kTsv, OffsetUnit::kCodePoints, {});
  std::string out = "prefix\n";
  writer->AppendRows(MixedDocument(), {MixedClaims()[0]}, &out);
  CHECK(out.substr(0, 10) == "prefix\nd1\t");
}

// The converter against a direct count, on offsets at every character
// boundary and inside characters, in random order and with repeats.
TEST_CASE("OffsetConverter matches a direct count", "[writer][offsets]") {
  std::string text;
  const std::vector<std::string> pieces = {"a",
                                           " ",
                                           "\xC3\xA9",
                                           "\xE1\xBB\x85",
                                           "\xF0\x9F\x98\x80",
                                           "\xE5\x8C\x97",
                                           "\xD7\xA9",
                                           "\n"};
  std::mt19937 random(42);
  for (int i = 0; i < 3000; ++i) text += pieces[random() % pieces.size()];
  auto naive = [&](size_t offset, bool utf16) {
    size_t units = 0;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      const auto b = static_cast<unsigned char>(text[i]);
      if ((b & 0xC0) != 0x80) units += (utf16 && b >= 0xF0) ? 2 : 1;
    }
    return units;
  };
  std::vector<size_t> offsets;
  for (int i = 0; i < 500; ++i) offsets.push_back(random() % (text.size() + 1));
  offsets.push_back(0);
  offsets.push_back(text.size());
  offsets.push_back(offsets[3]);
  for (OffsetUnit unit :
       {OffsetUnit::kCodePoints, OffsetUnit::kUtf16, OffsetUnit::kBytes}) {
    output::OffsetConverter converter(text, unit);
    for (size_t offset : offsets) converter.Add(offset);
    converter.Build();
    // In the order added (each answered without a search), then in
    // reverse and again: out of order, each is searched for.
    for (int pass = 0; pass < 3; ++pass) {
      for (size_t k = 0; k < offsets.size(); ++k) {
        const size_t offset = offsets[pass == 1 ? offsets.size() - 1 - k : k];
        const size_t expected = unit == OffsetUnit::kBytes
                                    ? offset
                                    : naive(offset, unit == OffsetUnit::kUtf16);
        REQUIRE(converter.Convert(offset) == expected);
      }
    }
    // An offset never added comes back as it is.
    if (unit != OffsetUnit::kBytes) {
      std::set<size_t> added(offsets.begin(), offsets.end());
      size_t missing = 0;
      while (added.count(missing)) ++missing;
      CHECK(converter.Convert(missing) == missing);
    }
  }
}

TEST_CASE("CountUnits", "[writer][offsets]") {
  CHECK(output::CountUnits(kMixedText, false) == 23);
  CHECK(output::CountUnits(kMixedText, true) == 24);
  CHECK(output::CountUnits("", true) == 0);
  // Lengths around the sixteen-byte blocks and the 255-block sums, against
  // a count one byte at a time; "é" repeated puts a continuation byte in
  // every other byte counter, and a byte below 0xF0 in all.
  std::string text;
  while (text.size() < 16 * 256 * 2 + 40) text += kMixedText;
  std::string accents;
  while (accents.size() < 16 * 256 * 2 + 40) accents += "\xC3\xA9";
  for (size_t n : {size_t{15}, size_t{16}, size_t{17}, size_t{16 * 255},
                   size_t{16 * 255 + 16}, size_t{16 * 256 + 7},
                   size_t{16 * 256 * 2 + 40}}) {
    for (const std::string* t : {&text, &accents}) {
      const std::string_view prefix(t->data(), n);
      size_t chars = 0, units = 0;
      for (unsigned char b : prefix) {
        chars += (b & 0xC0) != 0x80;
        units += ((b & 0xC0) != 0x80) + (b >= 0xF0);
      }
      CAPTURE(n);
      CHECK(output::CountUnits(prefix, false) == chars);
      CHECK(output::CountUnits(prefix, true) == units);
    }
  }
}

}  // namespace
}  // namespace whosaid
