#include "input/utf8_repair.h"

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "whosaid/reader.h"

namespace whosaid {
namespace input {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

inline unsigned char ByteAt(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]);
}

inline bool InRange(std::string_view s, size_t i, unsigned char lo,
                    unsigned char hi) {
  if (i >= s.size()) return false;
  const unsigned char b = ByteAt(s, i);
  return b >= lo && b <= hi;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a "\uXXXX" escape at json[i], or -1.
int32_t UnicodeEscapeAt(std::string_view json, size_t i) {
  if (i + 6 > json.size() || json[i] != '\\' || json[i + 1] != 'u') return -1;
  int32_t value = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const int h = HexValue(json[k]);
    if (h < 0) return -1;
    value = value * 16 + h;
  }
  return value;
}

}  // namespace

size_t Utf8SequenceLength(std::string_view s, size_t i, size_t* bad_length) {
  const unsigned char b0 = ByteAt(s, i);
  if (b0 < 0x80) return 1;
  // The ranges of Unicode Table 3-7 ("Well-Formed UTF-8 Byte Sequences"):
  // the second byte's range depends on the lead byte, later ones are 80..BF.
  size_t need;  // continuation bytes
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 < 0xC2) {  // a continuation byte, or C0/C1 (always overlong)
    *bad_length = 1;
    return 0;
  } else if (b0 < 0xE0) {
    need = 1;
  } else if (b0 < 0xF0) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;  // overlong below U+0800
    if (b0 == 0xED) hi = 0x9F;  // surrogates D800..DFFF
  } else if (b0 < 0xF5) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;  // overlong below U+10000
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    *bad_length = 1;
    return 0;
  }
  if (!InRange(s, i + 1, lo, hi)) {
    *bad_length = 1;
    return 0;
  }
  for (size_t k = 2; k <= need; ++k) {
    if (!InRange(s, i + k, 0x80, 0xBF)) {
      *bad_length = k;  // the lead byte and the k-1 fitting bytes after it
      return 0;
    }
  }
  return need + 1;
}

size_t FindInvalidUtf8(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    size_t bad = 0;
    const size_t len = Utf8SequenceLength(s, i, &bad);
    if (len == 0) return i;
    i += len;
  }
  return std::string::npos;
}

size_t ReplaceLoneSurrogateEscapes(std::string* json) {
  size_t first = std::string::npos;
  std::string& s = *json;
  // A backslash outside a string is invalid JSON anyway, so walking every
  // escape pair from the start sees exactly the escapes inside strings.
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') continue;
    const int32_t unit = UnicodeEscapeAt(s, i);
    if (unit < 0xD800 || unit > 0xDFFF) {
      ++i;  // skip the escaped character (or a malformed \u, left to simdjson)
      continue;
    }
    if (unit <= 0xDBFF) {
      const int32_t low = UnicodeEscapeAt(s, i + 6);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        i += 11;  // a valid pair
        continue;
      }
    }
    s.replace(i + 2, 4, "fffd");
    if (first == std::string::npos) first = i;
    i += 5;
  }
  return first;
}

}  // namespace input

size_t RepairUtf8(std::string* text) {
  // Fast path: every document passes through here, almost always valid.
  if (simdjson::validate_utf8(text->data(), text->size())) {
    return std::string::npos;
  }
  const std::string_view in(*text);
  const size_t first = input::FindInvalidUtf8(in);
  if (first == std::string::npos) return first;  // cannot happen
  std::string out;
  out.reserve(text->size() + text->size() / 8 + 16);
  size_t run = 0;  // start of the valid bytes not yet copied
  size_t i = first;
  while (i < in.size()) {
    size_t bad = 0;
    const size_t len = input::Utf8SequenceLength(in, i, &bad);
    if (len > 0) {
      i += len;
      continue;
    }
    out.append(in.data() + run, i - run);
    out.append(input::kReplacement, 3);
    i += bad;
    run = i;
  }
  out.append(in.data() + run, in.size() - run);
  text->swap(out);
  return first;
}

}  // namespace whosaid
