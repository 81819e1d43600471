#include "input/jsonl.h"

#include <string_view>
#include <utility>

#include "input/utf8_repair.h"

namespace whosaid::input {
namespace {

// After a record this large the parser's buffers (several times the record)
// are released rather than kept for the next, usually small, record.
constexpr size_t kParserKeepCapacity = size_t{64} << 20;

}  // namespace

JsonlRecordParser::JsonlRecordParser(const ReaderOptions& options)
    : options_(options) {}

simdjson::error_code JsonlRecordParser::ParseLine(
    std::string* line, simdjson::dom::element* root) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: reserve them
  // instead of letting it copy the line.
  line->reserve(line->size() + simdjson::SIMDJSON_PADDING);
  return parser_.parse(line->data(), line->size(), /*realloc_if_needed=*/false)
      .get(*root);
}

Status JsonlRecordParser::Parse(std::string* line, const std::string& origin,
                                Document* doc, bool* repaired_utf8) {
  *repaired_utf8 = false;
  simdjson::dom::element root;
  simdjson::error_code error = ParseLine(line, &root);
  if (error == simdjson::UTF8_ERROR) {
    const size_t at = RepairUtf8(line);
    doc->warnings.push_back(origin + ": invalid UTF-8 at byte " +
                            std::to_string(at) + ", replaced with U+FFFD");
    *repaired_utf8 = true;
    error = ParseLine(line, &root);
  }
  if (error == simdjson::STRING_ERROR) {
    // Possibly an escaped lone surrogate, which is not a character.
    const size_t at = ReplaceLoneSurrogateEscapes(line);
    if (at != std::string::npos) {
      doc->warnings.push_back(origin + ": escaped lone surrogate at byte " +
                              std::to_string(at) + ", replaced with U+FFFD");
      *repaired_utf8 = true;
      error = ParseLine(line, &root);
    }
  }
  if (error) {
    return Status(StatusCode::kParseError, std::string("invalid JSON: ") +
                                               simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return Status(StatusCode::kParseError,
                  "invalid JSON: the line is not a JSON object");
  }

  std::string_view text;
  if (object.at_key(options_.text_field).get_string().get(text)) {
    return Status(StatusCode::kParseError, "field '" + options_.text_field +
                                               "' is missing or not a string");
  }
  doc->text.assign(text.data(), text.size());

  simdjson::dom::element id;
  std::string_view id_string;
  if (object.at_key(options_.id_field).get(id)) {
    doc->id = origin;
    doc->warnings.push_back(origin + ": field '" + options_.id_field +
                            "' is missing, using '" + origin + "' as the id");
  } else if (!id.get_string().get(id_string)) {
    doc->id.assign(id_string.data(), id_string.size());
  } else if (id.is_number()) {
    doc->id = simdjson::minify(id);
  } else {
    doc->id = origin;
    doc->warnings.push_back(origin + ": field '" + options_.id_field +
                            "' is not a string or number, using '" + origin +
                            "' as the id");
  }

  doc->kept.resize(options_.keep_fields.size());
  for (size_t i = 0; i < options_.keep_fields.size(); ++i) {
    KeptField& kept = doc->kept[i];
    kept.name = options_.keep_fields[i];
    simdjson::dom::element value;
    std::string_view value_string;
    if (object.at_key(kept.name).get(value)) {
      kept.json = "null";
      kept.text.clear();
    } else if (!value.get_string().get(value_string)) {
      kept.json = simdjson::minify(value);
      kept.text.assign(value_string.data(), value_string.size());
    } else if (value.is_null()) {
      kept.json = "null";
      kept.text.clear();
    } else {
      kept.json = simdjson::minify(value);
      kept.text = kept.json;
    }
  }

  if (parser_.capacity() > kParserKeepCapacity) {
    parser_ = simdjson::dom::parser();
  }
  return Status::Ok();
}

}  // namespace whosaid::input
