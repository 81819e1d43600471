#include "rules/word_classes.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <set>
#include <utility>

#include "text/utf8.h"
#include "text/word_hash.h"

namespace whosaid::rules {
namespace {

using text::HashWord;
using text::IsAsciiAlnum;

// What a byte starts: 0 a character that is not a word's (ASCII), 1 a
// word's ASCII character, 2 a character to decode.
constexpr std::array<uint8_t, 256> kByteKinds = [] {
  std::array<uint8_t, 256> kinds{};
  for (int b = 0; b < 256; ++b) {
    kinds[b] = b >= 0x80 ? 2 : IsAsciiAlnum(static_cast<unsigned char>(b));
  }
  return kinds;
}();
// The shapes by the names patterns give them ({LOWER} includes {LOWER_S}
// and {LOWER_ED}); {WORD}, every class, is no shape of its own.
constexpr std::pair<std::string_view, Shape> kShapeNames[] = {
    {"LOWER", Shape::kLower},
    {"CAP", Shape::kCap},
    {"LOWER_S", Shape::kLowerS},
    {"LOWER_ED", Shape::kLowerEd},
    {"NUM", Shape::kNum}};

inline uint8_t ByteKind(char c) {
  return kByteKinds[static_cast<unsigned char>(c)];
}

void AppendCodePoint(char32_t c, std::string* out) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "\\x{%X}", static_cast<unsigned>(c));
  out->append(buf);
}

// The code points of classes, in order (see ClassCodePoint()).
const std::vector<char32_t>& ClassCodePoints() {
  static const std::vector<char32_t> kCodePoints = [] {
    std::vector<char32_t> cps;
    const std::pair<char32_t, char32_t> ranges[] = {
        {0x300, 0x4FF}, {0xF8, 0x24F}, {0xD8, 0xF6}, {0xC0, 0xD6},
        {'A', 'Z'},     {'a', 'z'},    {'0', '9'},   {0x1E00, 0x1EFF}};
    for (auto [first, last] : ranges) {
      for (char32_t c = first; c <= last; ++c) cps.push_back(c);
    }
    return cps;
  }();
  return kCodePoints;
}

}  // namespace

char32_t ClassCodePoint(size_t id) { return ClassCodePoints()[id]; }
size_t MaxClasses() { return ClassCodePoints().size(); }

bool IsWordChar(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(static_cast<unsigned char>(c));
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x24F) || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x370 && c <= 0x4FF) || (c >= 0x1E00 && c <= 0x1EFF);
}

namespace {

// Where the run of word characters at s[pos] ends (pos itself if there is
// none): a word of the sentence, as Classify() reads it and ToSentence()
// walks it.
inline size_t WordEnd(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    const uint8_t kind = ByteKind(s[pos]);
    if (kind == 1) {
      ++pos;
      continue;
    }
    size_t len;
    if (kind == 0 || !IsWordChar(text::DecodeAt(s, pos, &len))) break;
    pos += len;
  }
  return pos;
}

}  // namespace

Shape ShapeOf(std::string_view word) {
  size_t len;
  char32_t c = text::DecodeAt(word, 0, &len);
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xD6) ||
      (c >= 0xD8 && c <= 0xDE) || (c >= 0x100 && c <= 0x24F) ||
      (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x391 && c <= 0x3A9) ||
      (c >= 0x410 && c <= 0x42F)) {
    return Shape::kCap;
  }
  if (c >= '0' && c <= '9') return Shape::kNum;
  if (word.size() < 2) return Shape::kOther;
  for (char b : word) {
    if (b < 'a' || b > 'z') return Shape::kOther;
  }
  if (word.size() < 3) return Shape::kLower;
  if (word.back() == 's') return Shape::kLowerS;
  if (word.substr(word.size() - 2) == "ed") return Shape::kLowerEd;
  return Shape::kLower;
}

WordClasses::WordClasses(
    const std::map<std::string, std::vector<std::string>>& lists,
    const std::vector<std::string>& literals,
    const std::vector<std::string>& named) {
  for (int s = 0; s < kNumShapes; ++s) {
    shape_class_[s] = ClassOf(Class{"", {}, static_cast<Shape>(s)});
  }
  // The order of the features that sort the classes (Sort()), and the
  // lists that count: those named, or every list.
  if (named.empty()) {
    for (const auto& [shape_name, shape] : kShapeNames) {
      features_.emplace_back(shape_name);
    }
    for (const auto& entry : lists) features_.push_back(entry.first);
  } else {
    features_ = named;
  }
  const std::set<std::string> counted(features_.begin(), features_.end());
  // Each known word's lists, then its class.
  std::map<std::string, std::vector<int>> member;
  for (const std::string& w : literals) member[w];
  for (const auto& [name, words] : lists) {
    if (!counted.count(name)) continue;
    int index = static_cast<int>(list_index_.size());
    list_index_.emplace(name, index);
    for (const std::string& w : words) {
      bool one_word = !w.empty();
      for (size_t i = 0, len; i < w.size() && one_word; i += len) {
        one_word = IsWordChar(text::DecodeAt(w, i, &len));
      }
      if (one_word) member[w].push_back(index);
    }
  }
  size_t slots = 16;
  while (slots < member.size() * 2) slots *= 2;
  tags_.assign(slots, 0);
  keys_at_.resize(slots);
  mask_ = slots - 1;
  // The literals first, in the order the rules name them: words named
  // together ("statement|interview|letter") become neighbours.
  for (auto& entry : member) {
    std::vector<int>& in = entry.second;
    in.erase(std::unique(in.begin(), in.end()), in.end());
  }
  for (const std::string& word : literals) {
    if (Find(word) >= 0) continue;  // named twice
    Insert(word, ClassOf(Class{word, member[word], ShapeOf(word)}));
  }
  for (const auto& [word, in] : member) {
    if (Find(word) >= 0) continue;  // a literal
    Insert(word, ClassOf(Class{std::string(), in, ShapeOf(word)}));
  }
  Sort();
  if (classes_.size() > MaxClasses()) {
    ok_ = false;
    return;
  }
  for (size_t id = 0; id < classes_.size(); ++id) {
    std::string bytes;
    text::AppendUtf8(ClassCodePoint(id), &bytes);
    Utf8 cp{};  // all four bytes set: Classify() copies four
    cp.size = static_cast<int>(bytes.size());
    std::memcpy(cp.bytes, bytes.data(), bytes.size());
    utf8_.push_back(cp);
  }
}

void WordClasses::Sort() {
  // Each class as a row of flags, one per feature (a shape or a list).
  const size_t n = classes_.size();
  std::vector<std::vector<bool>> rows(n);
  for (const std::string& f : features_) {
    Members in = NamedMembers(f);
    for (size_t i = 0; i < n; ++i) rows[i].push_back(in[i]);
  }
  // Rows in reflected Gray-code order: each feature's classes are the
  // fewest runs when the first features are the most named, and any two
  // neighbours differ in few features.
  std::vector<int> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const std::vector<bool>& x = rows[a];
    const std::vector<bool>& y = rows[b];
    bool odd = false;  // ones so far, the same in both rows
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i] != y[i]) return odd ? x[i] : y[i];
      odd ^= x[i];
    }
    return false;
  });
  std::vector<int> new_id(order.size());
  std::vector<Class> sorted;
  for (size_t i = 0; i < order.size(); ++i) {
    new_id[order[i]] = static_cast<int>(i);
    sorted.push_back(std::move(classes_[order[i]]));
  }
  classes_ = std::move(sorted);
  for (int& s : shape_class_) s = new_id[s];
  for (uint32_t& tag : tags_) {
    if (tag != 0) tag = (tag & 0xFFFF0000u) | new_id[tag & 0xFFFF];
  }
}

int WordClasses::ClassOf(const Class& c) {
  // Classes without a literal are shared; few distinct ones exist.
  if (c.literal.empty()) {
    for (size_t i = 0; i < classes_.size(); ++i) {
      const Class& o = classes_[i];
      if (o.literal.empty() && o.shape == c.shape && o.lists == c.lists) {
        return static_cast<int>(i);
      }
    }
  }
  classes_.push_back(c);
  return static_cast<int>(classes_.size() - 1);
}

void WordClasses::Insert(const std::string& word, int id) {
  if (word.size() > kMaxWord) return;  // no text word is looked up
  uint32_t h = HashWord(word);
  for (size_t i = h & mask_;; i = (i + 1) & mask_) {
    if (tags_[i] == 0) {
      tags_[i] = Tag(h, id);
      keys_at_[i] = Key{static_cast<uint32_t>(keys_.size()),
                        static_cast<uint32_t>(word.size())};
      keys_ += word;
      return;
    }
  }
}

int WordClasses::Find(std::string_view word, uint32_t hash) const {
  const uint32_t want = Tag(hash, 0);
  for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
    const uint32_t tag = tags_[i];
    if (tag == 0) return -1;
    if ((tag & 0xFFFF0000u) == want) {
      const Key& k = keys_at_[i];
      if (k.size == word.size()) {
        // Words are short: a loop, not a call.
        const char* key = keys_.data() + k.offset;
        size_t j = 0;
        while (j < word.size() && key[j] == word[j]) ++j;
        if (j == word.size()) return static_cast<int>(tag & 0xFFFF);
      }
    }
  }
}

int WordClasses::Find(std::string_view word) const {
  return Find(word, HashWord(word));
}

std::string WordClasses::Syntax(const Members& member) const {
  std::string out;
  int runs = 0;
  for (size_t i = 0; i < member.size();) {
    if (!member[i]) {
      ++i;
      continue;
    }
    // A run of members whose code points follow each other.
    size_t j = i;
    while (j + 1 < member.size() && member[j + 1] &&
           ClassCodePoint(j + 1) == ClassCodePoint(j) + 1) {
      ++j;
    }
    AppendCodePoint(ClassCodePoint(i), &out);
    if (j > i) {
      out += '-';
      AppendCodePoint(ClassCodePoint(j), &out);
    }
    ++runs;
    i = j + 1;
  }
  // Nothing: a class no character is in.
  if (runs == 0) return "[^\\x00-\\x{10FFFF}]";
  if (runs == 1 && out.find('-') == std::string::npos) return out;
  return "[" + out + "]";
}

WordClasses::Members WordClasses::ListMembers(const std::string& name) const {
  Members member(classes_.size());
  auto it = list_index_.find(name);
  if (it != list_index_.end()) {
    for (size_t i = 0; i < classes_.size(); ++i) {
      const std::vector<int>& l = classes_[i].lists;
      member[i] = std::binary_search(l.begin(), l.end(), it->second);
    }
  }
  return member;
}

WordClasses::Members WordClasses::ShapeMembers(Shape shape) const {
  Members member(classes_.size());
  for (size_t i = 0; i < classes_.size(); ++i) {
    Shape s = classes_[i].shape;
    member[i] = s == shape || (shape == Shape::kLower &&
                               (s == Shape::kLowerS || s == Shape::kLowerEd));
  }
  return member;
}

bool WordClasses::IsShapeName(std::string_view name) {
  if (name == "WORD") return true;
  for (const auto& [shape_name, shape] : kShapeNames) {
    if (name == shape_name) return true;
  }
  return false;
}

WordClasses::Members WordClasses::NamedMembers(const std::string& name) const {
  for (const auto& [shape_name, shape] : kShapeNames) {
    if (name == shape_name) return ShapeMembers(shape);
  }
  if (name == "WORD") return Members(classes_.size(), true);
  return ListMembers(name);
}

std::string WordClasses::Literal(std::string_view word) const {
  // Its own class's code point, found without a pass over every class:
  // rules name thousands of literals.
  int id = Find(word);
  if (id < 0 || classes_[id].literal.empty()) return Syntax(Members());
  std::string out;
  AppendCodePoint(ClassCodePoint(static_cast<size_t>(id)), &out);
  return out;
}

std::string WordClasses::OfList(const std::string& name) const {
  return Syntax(ListMembers(name));
}

std::string WordClasses::OfShape(Shape shape) const {
  return Syntax(ShapeMembers(shape));
}

std::string WordClasses::AnyWord() const {
  return Syntax(Members(classes_.size(), true));
}

void WordClasses::Classify(std::string_view sentence, Mapped* out) const {
  std::string& text = out->text;
  std::vector<uint16_t>& at_of = out->at;
  auto& marks = out->marks;
  marks.clear();
  out->sentence = sentence;
  const char* s = sentence.data();
  const size_t n = sentence.size();
  const char* const s_end = s + n;
  const bool full = n <= Mapped::kFullMapBytes;
  // A token is a character, as it is, or a word whose class takes at most
  // three bytes, written as four: room for four more before each token.
  // Words are longer than their classes but for a few: half the size again
  // is room enough for most sentences.
  size_t room = n + n / 2 + 8;
  text.resize(room);
  at_of.resize(full ? room : 0);
  char* base = &text[0];
  char* o = base;
  size_t next_mark = 0;  // the text position of the next mark
  for (size_t i = 0; i < n;) {
    const size_t at = static_cast<size_t>(o - base);
    if (room - at < 4) {
      room *= 2;
      text.resize(room);
      if (full) at_of.resize(room);
      base = &text[0];
      o = base + at;
    }
    // Four entries, as up to four bytes are written; those past the token
    // are overwritten by the next one or cut off at the end.
    uint16_t* const a = full ? at_of.data() + at : nullptr;
    if (!full && at >= next_mark) {
      marks.emplace_back(static_cast<uint32_t>(at), static_cast<uint32_t>(i));
      next_mark = (at / Mapped::kMarkStride + 1) * Mapped::kMarkStride;
    }
    const uint8_t kind = ByteKind(s[i]);
    size_t len = 1;
    if (kind == 0 ||
        (kind == 2 && !IsWordChar(text::DecodeAt(sentence, i, &len)))) {
      std::memcpy(o, s + i, len);
      if (a) {
        a[0] = static_cast<uint16_t>(i);
        a[1] = a[2] = a[3] = static_cast<uint16_t>(i + len);
      }
      o += len;
      i += len;
      continue;
    }
    const size_t end = WordEnd(sentence, i + len);
    std::string_view w(s + i, end - i);
    int id = Find(w, HashWord(w.data(), w.size(), s_end));
    if (id < 0) id = shape_class_[static_cast<int>(ShapeOf(w))];
    const Utf8& cp = utf8_[static_cast<size_t>(id)];
    std::memcpy(o, cp.bytes, 4);
    if (a) {
      a[0] = static_cast<uint16_t>(i);
      a[1] = a[2] = a[3] = static_cast<uint16_t>(end);
    }
    o += cp.size;
    i = end;
  }
  text.resize(static_cast<size_t>(o - base));
  if (full) {
    at_of.resize(text.size());
  } else if (marks.empty()) {
    marks.emplace_back(0, 0);
  }
}

size_t WordClasses::Mapped::WalkToSentence(size_t pos) const {
  // The last mark at or before pos (a class takes at most four bytes, so
  // each stride of text holds one mark, the first in it), then token by
  // token: a class code point (a word character) stands for one word of
  // the sentence, any other character for itself.
  size_t k = std::min(pos / kMarkStride, marks.size() - 1);
  while (marks[k].first > pos) --k;
  size_t t = marks[k].first;
  size_t at = marks[k].second;
  while (t < pos) {
    const auto b = static_cast<unsigned char>(text[t]);
    size_t len = 1;
    bool word = IsAsciiAlnum(b);
    if (b >= 0x80) word = IsWordChar(text::DecodeAt(text, t, &len));
    t += len;
    at = word ? WordEnd(sentence, at) : at + len;
  }
  return at;
}

}  // namespace whosaid::rules
