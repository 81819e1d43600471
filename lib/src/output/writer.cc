// TSV, CSV and JSONL rows for the claim-source table. See whosaid/writer.h.
#include "whosaid/writer.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <charconv>
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

void AppendJsonEscaped(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;
  for (size_t i = NextToEscape(s, 0); i < s.size();
       i = NextToEscape(s, i + 1)) {
    const auto c = static_cast<unsigned char>(s[i]);
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHexDigits[c >> 4]);
        out->push_back(kHexDigits[c & 0xF]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

// A JSON string. Invalid UTF-8 (an id made from a file name, say) would make
// the line invalid JSON, so it is repaired on the way out.
void AppendJsonString(std::string_view s, std::string* out) {
  // Most strings are all ASCII, which is valid UTF-8 as it is: one cheap
  // scan instead of the validator's set-up for each of them.
  if (text::FindNonAsciiOr<>(s, 0, s.size()) == s.size() ||
      simdjson::validate_utf8(s.data(), s.size())) {
    AppendJsonEscaped(s, out);
    return;
  }
  std::string repaired(s);
  RepairUtf8(&repaired);
  AppendJsonEscaped(repaired, out);
}

// Writes the fields of one row in column order; each format puts its own
// separators, quoting and nulls.
class RowBuilder {
 public:
  RowBuilder(OutputFormat format, const std::vector<std::string>& json_keys,
             std::string* out)
      : format_(format), json_keys_(json_keys), out_(out) {}

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
        AppendJsonString(s, out_);
        break;
    }
  }

  // An empty string is null in JSON (absent), empty in TSV/CSV.
  void OptionalString(std::string_view s) {
    if (s.empty() && format_ == OutputFormat::kJsonl) {
      Separator();
      out_->append("null");
      return;
    }
    String(s);
  }

  void Number(size_t value) {
    Separator();
    AppendNumber(value, out_);
  }

  void OptionalNumber(bool present, size_t value) {
    if (present) {
      Number(value);
      return;
    }
    Separator();
    if (format_ == OutputFormat::kJsonl) out_->append("null");
  }

  // A kept field: raw JSON in JSONL, the text elsewhere.
  void Kept(const KeptField* field) {
    if (format_ == OutputFormat::kJsonl) {
      Separator();
      out_->append(field == nullptr || field->json.empty() ? "null"
                                                           : field->json);
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
        out_->append("}\n");
        break;
    }
  }

 private:
  void Separator() {
    switch (format_) {
      case OutputFormat::kTsv:
        if (index_ > 0) out_->push_back('\t');
        break;
      case OutputFormat::kCsv:
        if (index_ > 0) out_->push_back(',');
        break;
      case OutputFormat::kJsonl:
        out_->push_back(index_ == 0 ? '{' : ',');
        out_->append(json_keys_[index_]);
        break;
    }
    ++index_;
  }

  OutputFormat format_;
  const std::vector<std::string>& json_keys_;
  std::string* out_;
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

    for (const Claim& claim : claims) {
      RowBuilder row(format_, json_keys_, out);
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
