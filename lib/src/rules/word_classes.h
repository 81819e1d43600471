// Word classes: what a rule over words ("over = \"words\"", rules/README.md)
// matches instead of bytes. Each word of a sentence (a run of {LETTER}
// characters) becomes one code point naming its class: the literal word when
// some word pattern names it, else the set of lexicon lists it belongs to
// and its shape (capitalised, lower case, a number). Spaces, punctuation and
// quote placeholders stay as they are. A rule's pattern is then an RE2
// pattern over that class string, where {SAY_VERB} is one character class
// instead of an alternation of 500 words: its program is half the size,
// and its DFA has states per place between words, not per place inside
// every word list, a third as many on new text (docs/PERFORMANCE.md).
#ifndef WHOSAID_RULES_WORD_CLASSES_H_
#define WHOSAID_RULES_WORD_CLASSES_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid::rules {

// The shapes a word pattern names with {CAP}, {LOWER} (kLower, kLowerS and
// kLowerEd), {LOWER_S}, {LOWER_ED}, {NUM}; {WORD} is any word.
enum class Shape : uint8_t { kCap, kLower, kLowerS, kLowerEd, kNum, kOther };
inline constexpr int kNumShapes = 6;

// Characters of words: in step with {LETTER} in rules/en/lexicon.toml.
bool IsWordChar(char32_t c);
// The shape of a word (a non-empty run of word characters): kCap when it
// starts with a capital ({UPPER}), kNum with a digit, kLower when it is two
// or more letters a-z, kLowerS or kLowerEd when it is also three or more
// and ends in "s" (a plural: "voters") or "ed" ("warned"), else kOther.
Shape ShapeOf(std::string_view word);

// A class is written as a code point of a word character ({LETTER}): the
// 512 code points U+0300–U+04FF first, one unbroken run of two bytes each,
// then other Latin letters, ASCII letters and digits, and three-byte Latin
// letters. A class string holds no word characters of its own (each word
// became a class), so the two never mix.
char32_t ClassCodePoint(size_t id);
size_t MaxClasses();

class WordClasses {
 public:
  // `lists`: the lexicon's word lists, of which the one-word entries count;
  // `literals`: every word the word patterns name, in the order they first
  // name it; `named`: the lists and shapes ("CAP", "LOWER", "LOWER_S",
  // "LOWER_ED", "NUM") the patterns name, the most named first. Only those
  // lists count; empty: the shapes, then every list.
  WordClasses(const std::map<std::string, std::vector<std::string>>& lists,
              const std::vector<std::string>& literals,
              const std::vector<std::string>& named = {});

  // Whether there were more classes than code points (MaxClasses()).
  bool ok() const { return ok_; }
  size_t size() const { return classes_.size(); }

  // RE2 syntax for one word: a literal word the constructor was given (its
  // own class), a word of list `name` (the list's one-word entries), a word
  // of a shape, any word. Empty lists and shapes give a class that matches
  // nothing.
  std::string Literal(std::string_view word) const;
  std::string OfList(const std::string& name) const;
  std::string OfShape(Shape shape) const;
  std::string AnyWord() const;
  // The same as sets of classes (one flag per class), which combine: the
  // words of a shape that are in no list of some kind ({LOWER-SAY_VERB}).
  using Members = std::vector<bool>;
  Members ListMembers(const std::string& name) const;
  Members ShapeMembers(Shape shape) const;
  // A shape by its name ("CAP", "LOWER", "LOWER_S", "LOWER_ED", "NUM", or
  // "WORD": every class), else a list.
  Members NamedMembers(const std::string& name) const;
  // Whether `name` is one of those shape names (or "WORD").
  static bool IsShapeName(std::string_view name);
  // RE2 syntax for one word of a set: its code point when it has one
  // class, else a character class.
  std::string Syntax(const Members& members) const;

  // A sentence as classes: `text` has each word replaced by its class's
  // code point, every other character kept. ToSentence() maps a position
  // of `text` at a code point's start to the sentence: a span [b, e) of
  // text is [ToSentence(b), ToSentence(e)) of the sentence.
  //
  // A sentence of up to kFullMapBytes keeps a 16-bit offset per byte of
  // text, so that mapping is one read. A longer one keeps a mark every
  // kMarkStride bytes of text and walks from the nearest: a sentence of 100 MB
  // costs no 400 MB of offsets.
  struct Mapped {
    static constexpr size_t kFullMapBytes = 0xFFFF;  // offsets in 16 bits
    static constexpr size_t kMarkStride = 16;
    std::string text;
    std::string_view sentence;
    // Up to kFullMapBytes, for each byte of `text`: where its token (a
    // word's class or a character as it is) starts in the sentence if the
    // token starts at that byte, else where it ends. Empty beyond.
    std::vector<uint16_t> at;
    // Beyond kFullMapBytes, (text position, sentence position) of the
    // first token starting at or after each multiple of kMarkStride; the
    // first is (0, 0). Empty up to it.
    std::vector<std::pair<uint32_t, uint32_t>> marks;
    size_t ToSentence(size_t pos) const {
      if (pos >= text.size()) return sentence.size();
      return marks.empty() ? at[pos] : WalkToSentence(pos);
    }
    size_t WalkToSentence(size_t pos) const;
  };
  void Classify(std::string_view sentence, Mapped* out) const;

 private:
  struct Class {
    std::string literal;     // empty unless a pattern names the word
    std::vector<int> lists;  // indexes in list_names_, sorted
    Shape shape;
  };
  int ClassOf(const Class& c);
  // Orders the classes by their features (features_), so that a list's or
  // a shape's classes are mostly neighbours: few ranges in its character
  // class, a smaller program and DFA.
  void Sort();
  int Find(std::string_view word) const;  // class id, or -1
  int Find(std::string_view word, uint32_t hash) const;
  void Insert(const std::string& word, int id);

  bool ok_ = true;
  std::vector<Class> classes_;
  std::map<std::string, int> list_index_;
  std::vector<std::string> features_;  // shapes and lists, Sort()'s keys
  int shape_class_[kNumShapes];        // the class of an unknown word
  // Open addressing over the known words (literals and one-word entries):
  // a slot's tag is 16 bits of the word's hash and its class id, four bytes
  // a slot so that the table stays in the CPU's first cache; the key is
  // compared only when the hash bits agree. 0: an empty slot.
  static constexpr size_t kMaxWord = 0xFFFF;
  static uint32_t Tag(uint32_t hash, int id) {
    return ((hash >> 16) | 0x8000u) << 16 | static_cast<uint32_t>(id);
  }
  struct Key {
    uint32_t offset = 0;  // in keys_
    uint32_t size = 0;
  };
  std::vector<uint32_t> tags_;
  std::vector<Key> keys_at_;
  size_t mask_ = 0;
  std::string keys_;
  struct Utf8 {
    char bytes[4];
    int size;
  };
  std::vector<Utf8> utf8_;  // each class's code point, encoded
};

}  // namespace whosaid::rules

#endif  // WHOSAID_RULES_WORD_CLASSES_H_
