// ParseGoldLine: one line of a gold JSONL file (format: shared data README).
#include <simdjson.h>

#include <string_view>

#include "eval/tokens.h"
#include "whosaid/eval.h"

namespace whosaid {
namespace {

namespace dom = simdjson::dom;

Status ParseError(std::string message) {
  return Status(StatusCode::kParseError, std::move(message));
}

// Reads `[start, end]` (code points, end-exclusive) and checks it against the
// text length `cp_length`. Returns an error message, empty on success.
std::string ReadSpan(dom::element e, size_t cp_length, CpSpan* out) {
  dom::array pair;
  uint64_t begin = 0, end = 0;
  if (e.get_array().get(pair) || pair.size() != 2 ||
      pair.at(0).get_uint64().get(begin) || pair.at(1).get_uint64().get(end)) {
    return "expected [start, end] with non-negative integers, got " +
           simdjson::minify(e);
  }
  if (begin > end || end > cp_length) {
    return "span [" + std::to_string(begin) + ", " + std::to_string(end) +
           "] is not within the text (" + std::to_string(cp_length) +
           " code points)";
  }
  out->begin = static_cast<size_t>(begin);
  out->end = static_cast<size_t>(end);
  return {};
}

// Reads an optional string field: absent or null leave *out as it is and set
// *present to false.
std::string ReadOptionalString(dom::object o, std::string_view key,
                               std::string* out, bool* present) {
  *present = false;
  dom::element e;
  if (o.at_key(key).get(e) || e.is_null()) return {};
  std::string_view s;
  if (e.get_string().get(s)) return "expected a string or null";
  out->assign(s);
  *present = true;
  return {};
}

std::string ParseClaim(dom::element e, size_t cp_length, GoldClaim* claim) {
  dom::object o;
  if (e.get_object().get(o)) return "expected an object";
  std::string_view text;
  if (o.at_key("claim").get_string().get(text)) {
    return "\"claim\": missing or not a string";
  }
  claim->claim.assign(text);
  std::string err;
  bool present = false;

  dom::array spans;
  if (o.at_key("claim_spans").get_array().get(spans)) {
    return "\"claim_spans\": expected an array of [start, end]";
  }
  for (dom::element s : spans) {
    claim->claim_spans.emplace_back();
    if (!(err = ReadSpan(s, cp_length, &claim->claim_spans.back())).empty()) {
      return "\"claim_spans\": " + err;
    }
  }

  if (!(err =
            ReadOptionalString(o, "source", &claim->source, &claim->has_source))
           .empty()) {
    return "\"source\": " + err;
  }
  dom::element span;
  if (!o.at_key("source_span").get(span) && !span.is_null() &&
      !(err = ReadSpan(span, cp_length, &claim->source_span)).empty()) {
    return "\"source_span\": " + err;
  }
  if (!(err = ReadOptionalString(o, "cue", &claim->cue, &present)).empty()) {
    return "\"cue\": " + err;
  }
  if (!(err = ReadOptionalString(o, "type", &claim->type, &present)).empty()) {
    return "\"type\": " + err;
  }

  dom::element speakers;
  if (!o.at_key("speaker").get(speakers) && !speakers.is_null()) {
    dom::array list;
    if (speakers.get_array().get(list)) {
      return "\"speaker\": expected an array of strings";
    }
    for (dom::element s : list) {
      std::string_view name;
      if (s.get_string().get(name)) {
        return "\"speaker\": expected an array of strings";
      }
      claim->speaker.emplace_back(name);
    }
  }

  dom::element speech;
  if (!o.at_key("speech").get(speech) && !speech.is_null() &&
      speech.get_bool().get(claim->speech)) {
    return "\"speech\": expected true, false or null";
  }
  return {};
}

}  // namespace

Result<GoldDocument> ParseGoldLine(const std::string& line) {
  // One parser per thread: it keeps its buffers between lines.
  thread_local dom::parser parser;
  const simdjson::padded_string padded(line);
  dom::element root;
  if (auto error = parser.parse(padded).get(root)) {
    return ParseError(std::string("invalid JSON: ") +
                      simdjson::error_message(error));
  }
  dom::object doc;
  if (root.get_object().get(doc)) {
    return ParseError("expected a JSON object");
  }

  GoldDocument out;
  dom::element id;
  if (doc.at_key("id").get(id)) return ParseError("missing \"id\"");
  std::string_view id_string;
  if (!id.get_string().get(id_string)) {
    out.id.assign(id_string);
  } else if (id.is_int64() || id.is_uint64()) {
    out.id = simdjson::minify(id);
  } else {
    return ParseError("\"id\": expected a string or an integer");
  }
  const std::string context = "doc \"" + out.id + "\": ";

  std::string_view text;
  if (doc.at_key("text").get_string().get(text)) {
    return ParseError(context + "\"text\": missing or not a string");
  }
  out.text.assign(text);
  const size_t cp_length = eval::CountCodePoints(out.text);

  dom::array claims;
  if (doc.at_key("claims").get_array().get(claims)) {
    return ParseError(context + "\"claims\": missing or not an array");
  }
  out.claims.reserve(claims.size());
  size_t index = 0;
  for (dom::element c : claims) {
    out.claims.emplace_back();
    std::string err = ParseClaim(c, cp_length, &out.claims.back());
    if (!err.empty()) {
      return ParseError(context + "claim " + std::to_string(index) + ": " +
                        err);
    }
    ++index;
  }
  return out;
}

}  // namespace whosaid
