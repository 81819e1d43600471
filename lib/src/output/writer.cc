// TSV, CSV and JSONL rows for the claim-source table. See whosaid/writer.h.
#include "whosaid/writer.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <charconv>
#include <cstring>
#include <string_view>
#include <utility>

#include "output/offsets.h"
#include "text/utf8.h"
#include "whosaid/reader.h"

namespace whosaid {
namespace output {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendNumber(size_t value, std::string* out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

// Tab, newline, carriage return and backslash become \t \n \r \\ so that a
// row is one line and splitting on tabs is safe.
void AppendTsvField(std::string_view s, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char* escape = nullptr;
    switch (c) {
      case '\t':
        escape = "\\t";
        break;
      case '\n':
        escape = "\\n";
        break;
      case '\r':
        escape = "\\r";
        break;
      case '\\':
        escape = "\\\\";
        break;
      default:
        continue;
    }
    out->append(s.data() + run, i - run);
    out->append(escape, 2);
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
}

// RFC 4180: a field holding a comma, quote, CR or LF is quoted, with its
// quotes doubled.
void AppendCsvField(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s.data(), s.size());
    return;
  }
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"') continue;
    out->append(s.data() + run, i + 1 - run);
    out->push_back('"');
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

// The first position at or after i whose byte JSON escapes: a control
// character, '"' or '\\'; s.size() when there is none.
size_t NextToEscape(std::string_view s, size_t i) {
#if defined(__SSE2__)
  // Sixteen at a time: c <= 0x1F (unsigned) as min(c, 0x1F) == c.
  const __m128i controls = _mm_set1_epi8(0x1F);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hit = _mm_or_si128(
        _mm_cmpeq_epi8(_mm_min_epu8(x, controls), x),
        _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return s.size();
}

// Room enough for s as a JSON string: its quotes, and every byte escaped
// as \u00XX at worst (a byte that repair makes U+FFFD takes three).
size_t JsonBound(std::string_view s) { return 2 + 6 * s.size(); }

// Writes s, valid UTF-8, as a JSON string at p; returns its end.
char* WriteJsonEscaped(std::string_view s, char* p) {
  *p++ = '"';
  size_t run = 0;
  for (size_t i = NextToEscape(s, 0); i < s.size();
       i = NextToEscape(s, i + 1)) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::memcpy(p, s.data() + run, i - run);
    p += i - run;
    run = i + 1;
    *p++ = '\\';
    switch (c) {
      case '"':
      case '\\':
        *p++ = static_cast<char>(c);
        break;
      case '\n':
        *p++ = 'n';
        break;
      case '\r':
        *p++ = 'r';
        break;
      case '\t':
        *p++ = 't';
        break;
      case '\b':
        *p++ = 'b';
        break;
      case '\f':
        *p++ = 'f';
        break;
      default:
        std::memcpy(p, "u00", 3);
        p += 3;
        *p++ = kHexDigits[c >> 4];
        *p++ = kHexDigits[c & 0xF];
    }
  }
  std::memcpy(p, s.data() + run, s.size() - run);
  p += s.size() - run;
  *p++ = '"';
  return p;
}

// Writes s as a JSON string at p (room: JsonBound(s)); returns its end.
// Invalid UTF-8 (an id made from a file name, say) would make the line
// invalid JSON: it is repaired to U+FFFD first.
char* WriteJsonString(std::string_view s, char* p) {
  // Most strings are all ASCII, which is valid UTF-8 as it is: one cheap
  // scan instead of the validator's set-up for each of them.
  if (text::FindNonAsciiOr<>(s, 0, s.size()) == s.size() ||
      simdjson::validate_utf8(s.data(), s.size())) {
    return WriteJsonEscaped(s, p);
  }
  std::string repaired(s);
  RepairUtf8(&repaired);
  return WriteJsonEscaped(repaired, p);
}

// Appends s to *out as a JSON string.
void AppendJsonString(std::string_view s, std::string* out) {
  const size_t old = out->size();
  out->resize(old + JsonBound(s));
  const char* end = WriteJsonString(s, &(*out)[old]);
  out->resize(static_cast<size_t>(end - out->data()));
}

// Writes the fields of one row in column order; each format puts its own
// separators, quoting and nulls. JSONL, the format of large runs, writes
// through a cursor into room made once for the row (`bound` bytes, enough
// for its fields escaped), not by appends that check the string's
// capacity byte by byte; End() trims the room to the row. Keys, numbers,
// nulls and kept fields take what FixedBound() and the caller count from
// the same keys and fields; a string field checks its own room (Room()),
// so that a field the caller's bound leaves out costs time, not memory.
class RowBuilder {
 public:
  RowBuilder(OutputFormat format, const std::vector<std::string>& json_keys,
             std::string* out, size_t bound = 0)
      : format_(format), json_keys_(json_keys), out_(out) {
    if (format_ == OutputFormat::kJsonl) {
      const size_t old = out_->size();
      out_->resize(old + bound);
      p_ = &(*out_)[old];
    }
  }

  void String(std::string_view s) {
    Separator();
    switch (format_) {
      case OutputFormat::kTsv:
        AppendTsvField(s, out_);
        break;
      case OutputFormat::kCsv:
        AppendCsvField(s, out_);
        break;
      case OutputFormat::kJsonl:
        Room(JsonBound(s));
        p_ = WriteJsonString(s, p_);
        break;
    }
  }

  // An empty string is null in JSON (absent), empty in TSV/CSV.
  void OptionalString(std::string_view s) {
    if (s.empty() && format_ == OutputFormat::kJsonl) {
      Separator();
      Write("null");
      return;
    }
    String(s);
  }

  void Number(size_t value) {
    Separator();
    if (format_ == OutputFormat::kJsonl) {
      p_ = std::to_chars(p_, p_ + kNumberBound, value).ptr;
      return;
    }
    AppendNumber(value, out_);
  }

  void OptionalNumber(bool present, size_t value) {
    if (present) {
      Number(value);
      return;
    }
    Separator();
    if (format_ == OutputFormat::kJsonl) Write("null");
  }

  // A kept field: raw JSON in JSONL, the text elsewhere.
  void Kept(const KeptField* field) {
    if (format_ == OutputFormat::kJsonl) {
      Separator();
      Write(field == nullptr || field->json.empty() ? "null" : field->json);
      return;
    }
    String(field == nullptr ? std::string_view() : field->text);
  }

  void End() {
    switch (format_) {
      case OutputFormat::kTsv:
        out_->push_back('\n');
        break;
      case OutputFormat::kCsv:
        out_->append("\r\n");
        break;
      case OutputFormat::kJsonl:
        Write("}\n");
        out_->resize(static_cast<size_t>(p_ - out_->data()));
        break;
    }
  }

  // The room a JSONL row needs beyond its fields' (JsonBound() of each
  // string, the size of each kept field's JSON): keys, separators, nulls,
  // numbers and the end.
  static size_t FixedBound(const std::vector<std::string>& json_keys) {
    size_t bound = 2;  // "}\n"
    for (const std::string& key : json_keys) {
      bound += 1 + key.size() + kNumberBound;  // a separator, the key, a value
    }
    return bound;
  }

 private:
  // Room for a number's digits (or "null").
  static constexpr size_t kNumberBound = 24;

  // Makes room for n more bytes at p_ (JSONL), should the caller's bound
  // leave out a string field.
  void Room(size_t n) {
    const size_t at = static_cast<size_t>(p_ - out_->data());
    if (out_->size() - at >= n) return;
    out_->resize(at + n + out_->size() / 2);
    p_ = &(*out_)[at];
  }

  void Write(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }

  void Separator() {
    switch (format_) {
      case OutputFormat::kTsv:
        if (index_ > 0) out_->push_back('\t');
        break;
      case OutputFormat::kCsv:
        if (index_ > 0) out_->push_back(',');
        break;
      case OutputFormat::kJsonl:
        *p_++ = index_ == 0 ? '{' : ',';
        Write(json_keys_[index_]);
        break;
    }
    ++index_;
  }

  OutputFormat format_;
  const std::vector<std::string>& json_keys_;
  std::string* out_;
  char* p_ = nullptr;  // JSONL: where the row goes on
  size_t index_ = 0;
};

class Writer : public RowWriter {
 public:
  Writer(OutputFormat format, OffsetUnit offsets,
         std::vector<std::string> keep_fields)
      : format_(format),
        offsets_(offsets),
        keep_fields_(std::move(keep_fields)) {
    std::vector<std::string> names = RowColumns();
    names.insert(names.end(), keep_fields_.begin(), keep_fields_.end());
    for (const std::string& name : names) {
      std::string key;
      AppendJsonString(name, &key);
      key.push_back(':');
      json_keys_.push_back(std::move(key));
    }
  }

  void AppendHeader(std::string* out) const override {
    if (format_ == OutputFormat::kJsonl) return;
    RowBuilder row(format_, json_keys_, out);
    for (const std::string& name : RowColumns()) row.String(name);
    for (const std::string& name : keep_fields_) row.String(name);
    row.End();
  }

  void AppendRows(const Document& doc, const std::vector<Claim>& claims,
                  std::string* out) const override {
    if (claims.empty()) return;
    OffsetConverter converter(doc.text, offsets_);
    converter.Reserve(6 * claims.size());  // three spans of two offsets
    for (const Claim& claim : claims) {
      for (const Span& span :
           {claim.Range(), claim.source_span, claim.cue_span}) {
        if (!span.valid()) continue;
        converter.Add(span.begin);
        converter.Add(span.end);
      }
    }
    converter.Build();

    std::vector<const KeptField*> kept(keep_fields_.size(), nullptr);
    for (size_t i = 0; i < keep_fields_.size(); ++i) {
      kept[i] = FindKept(doc, i);
    }

    size_t kept_bound = 0;
    for (const KeptField* field : kept) {
      if (field != nullptr) kept_bound += field->json.size();
    }
    const size_t fixed_bound =
        RowBuilder::FixedBound(json_keys_) + kept_bound + JsonBound(doc.id);
    for (const Claim& claim : claims) {
      size_t bound = 0;
      if (format_ == OutputFormat::kJsonl) {
        bound = fixed_bound;
        for (std::string_view field :
             {std::string_view(claim.claim), std::string_view(claim.source),
              std::string_view(claim.speaker),
              std::string_view(claim.source_kind), std::string_view(claim.cue),
              std::string_view(claim.type), std::string_view(claim.via),
              std::string_view(claim.rule)}) {
          bound += JsonBound(field);
        }
      }
      RowBuilder row(format_, json_keys_, out, bound);
      auto span_fields = [&](const Span& span) {
        const bool valid = span.valid();
        row.OptionalNumber(valid, valid ? converter.Convert(span.begin) : 0);
        row.OptionalNumber(valid, valid ? converter.Convert(span.end) : 0);
      };
      row.String(doc.id);
      row.String(claim.claim);
      span_fields(claim.Range());
      row.OptionalString(claim.source);
      span_fields(claim.source_span);
      row.OptionalString(claim.speaker);
      row.OptionalString(claim.source_kind);
      row.OptionalString(claim.cue);
      span_fields(claim.cue_span);
      row.String(claim.type);
      row.OptionalString(claim.via);
      row.Number(claim.sentence);
      row.String(claim.rule);
      for (const KeptField* field : kept) row.Kept(field);
      row.End();
    }
  }

 private:
  // The document's value for keep field i: usually at index i (the reader
  // keeps the order), else found by name; null when absent.
  const KeptField* FindKept(const Document& doc, size_t i) const {
    const std::string& name = keep_fields_[i];
    if (i < doc.kept.size() && doc.kept[i].name == name) return &doc.kept[i];
    for (const KeptField& field : doc.kept) {
      if (field.name == name) return &field;
    }
    return nullptr;
  }

  OutputFormat format_;
  OffsetUnit offsets_;
  std::vector<std::string> keep_fields_;
  std::vector<std::string> json_keys_;  // "\"name\":" for every column
};

}  // namespace
}  // namespace output

Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "tsv") return OutputFormat::kTsv;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "jsonl" || name == "ndjson") return OutputFormat::kJsonl;
  return Status(
      StatusCode::kInvalidArgument,
      "unknown output format '" + name + "' (expected tsv, csv or jsonl)");
}

Result<OffsetUnit> ParseOffsetUnit(const std::string& name) {
  if (name == "codepoints" || name == "code-points" || name == "chars") {
    return OffsetUnit::kCodePoints;
  }
  if (name == "bytes") return OffsetUnit::kBytes;
  if (name == "utf16" || name == "utf-16") return OffsetUnit::kUtf16;
  return Status(StatusCode::kInvalidArgument,
                "unknown offset unit '" + name +
                    "' (expected codepoints, bytes or utf16)");
}

const std::vector<std::string>& RowColumns() {
  static const auto* const kColumns = new std::vector<std::string>{
      "doc",         "claim",        "claim_start", "claim_end",
      "source",      "source_start", "source_end",  "speaker",
      "source_kind", "cue",          "cue_start",   "cue_end",
      "type",        "via",          "sentence",    "rule"};
  return *kColumns;
}

std::unique_ptr<RowWriter> RowWriter::Create(
    OutputFormat format, OffsetUnit offsets,
    std::vector<std::string> keep_fields) {
  return std::make_unique<output::Writer>(format, offsets,
                                          std::move(keep_fields));
}

}  // namespace whosaid
