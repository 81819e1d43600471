// Tests of the quote finder: every quotation convention, apostrophes, nesting,
// unmatched marks, multi-paragraph quotes and pathological input.
#include "quotes/quote_finder.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace whosaid::quotes {
namespace {

// A quote as text: what the outer and content spans slice from the input.
struct Expected {
  std::string outer;
  std::string content;
  int depth;
  bool speech_like;
  bool open_end;
};

struct Case {
  const char* name;
  std::string paragraph;
  bool next_reopens;
  std::vector<Expected> quotes;
};

std::string Slice(const std::string& text, Span s) {
  REQUIRE(s.valid());
  REQUIRE(s.begin <= s.end);
  REQUIRE(s.end <= text.size());
  return text.substr(s.begin, s.size());
}

void CheckQuotes(const std::string& text, Span paragraph, bool next_reopens,
                 const std::vector<Expected>& expected) {
  const std::vector<Quote> got = FindQuotes(text, paragraph, next_reopens);
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("quote " << i);
    CHECK(Slice(text, got[i].outer) == expected[i].outer);
    CHECK(Slice(text, got[i].content) == expected[i].content);
    CHECK(got[i].depth == expected[i].depth);
    CHECK(got[i].speech_like == expected[i].speech_like);
    CHECK(got[i].open_end == expected[i].open_end);
  }
}

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SECTION(c.name) {
      INFO(c.paragraph);
      CheckQuotes(c.paragraph, Span{0, c.paragraph.size()}, c.next_reopens,
                  c.quotes);
    }
  }
}

TEST_CASE("FindQuotes pairs every quotation convention", "[quotes]") {
  const std::string kSpeech = "We will not leave.";
  const std::vector<Case> cases = {
      {"curly double “…”",
       "“We will not leave.” she said.",
       false,
       {{"“We will not leave.”", kSpeech, 0, true, false}}},
      {"curly single ‘…’",
       "‘We will not leave.’ she said.",
       false,
       {{"‘We will not leave.’", kSpeech, 0, true, false}}},
      {"straight double \"…\"",
       "\"We will not leave.\" she said.",
       false,
       {{"\"We will not leave.\"", kSpeech, 0, true, false}}},
      {"straight single '…'",
       "'We will not leave.' she said.",
       false,
       {{"'We will not leave.'", kSpeech, 0, true, false}}},
      {"two apostrophes ''…'' (newspaper archives)",
       "''We will not leave.'' she said.",
       false,
       {{"''We will not leave.''", kSpeech, 0, true, false}}},
      {"two apostrophes around a word with an apostrophe",
       "''We don't leave,'' said Mr. Gunnels.",
       false,
       {{"''We don't leave,''", "We don't leave,", 0, true, false}}},
      {"guillemets «…»",
       "«We will not leave.» she said.",
       false,
       {{"«We will not leave.»", kSpeech, 0, true, false}}},
      {"spaced guillemets « … »",
       "« We will not leave. » she said.",
       false,
       {{"« We will not leave. »", kSpeech, 0, true, false}}},
      {"single guillemets ‹…›",
       "‹We will not leave.› she said.",
       false,
       {{"‹We will not leave.›", kSpeech, 0, true, false}}},
      {"low-high double „…“",
       "„We will not leave.“ she said.",
       false,
       {{"„We will not leave.“", kSpeech, 0, true, false}}},
      {"low-right double „…”",
       "„We will not leave.” she said.",
       false,
       {{"„We will not leave.”", kSpeech, 0, true, false}}},
      {"low-high single ‚…‘",
       "‚We will not leave.‘ she said.",
       false,
       {{"‚We will not leave.‘", kSpeech, 0, true, false}}},
      {"reversed guillemets »…«",
       "»We will not leave.« she said.",
       false,
       {{"»We will not leave.«", kSpeech, 0, true, false}}},
      {"corner brackets 「…」",
       "「We will not leave.」 she said.",
       false,
       {{"「We will not leave.」", kSpeech, 0, true, false}}},
      {"white corner brackets 『…』",
       "『We will not leave.』 she said.",
       false,
       {{"『We will not leave.』", kSpeech, 0, true, false}}},
      {"right double ”…” (Swedish)",
       "Hon sa ”We will not leave.” igen.",
       false,
       {{"”We will not leave.”", kSpeech, 0, true, false}}},
      {"dialogue dash up to the spaced attribution dash",
       "— We will stay, — said the mayor.",
       false,
       {{"— We will stay, ", "We will stay,", 0, true, false}}},
      {"dialogue dash to the paragraph end",
       "— We will stay.",
       false,
       {{"— We will stay.", "We will stay.", 0, true, false}}},
      {"dialogue en dash, no space after it",
       "–Yes, we will.",
       false,
       {{"–Yes, we will.", "Yes, we will.", 0, true, false}}},
      {"quote in mid-sentence",
       "The rate fell, and “we will stay,” she said.",
       false,
       {{"“we will stay,”", "we will stay,", 0, true, false}}},
      {"question mark inside",
       "“Will you stay?” she asked.",
       false,
       {{"“Will you stay?”", "Will you stay?", 0, true, false}}},
      {"two quotes in a row",
       "“Are you sure?” “Yes.”",
       false,
       {{"“Are you sure?”", "Are you sure?", 0, true, false},
        {"“Yes.”", "Yes.", 0, true, false}}},
      {"white space inside the marks is trimmed from the content",
       "“  We will not leave.  ” she said.",
       false,
       {{"“  We will not leave.  ”", kSpeech, 0, true, false}}},
      {"empty quotes are not quotes", "He said “” and left.", false, {}},
      {"no quotes at all", "The talks will resume on Monday.", false, {}},
      {"empty paragraph", "", false, {}},
  };
  RunCases(cases);
}

TEST_CASE("FindQuotes tells apostrophes from quotes", "[quotes]") {
  const std::vector<Case> cases = {
      {"possessive ’s", "Iraq’s Foreign Ministry said so.", false, {}},
      {"possessive 's", "Iraq's Foreign Ministry said so.", false, {}},
      {"decade ’90s", "It was the ’90s all over again.", false, {}},
      {"decade '90s", "It was the '90s all over again.", false, {}},
      {"rock ’n’ roll", "They played rock ’n’ roll all night.", false, {}},
      {"rock 'n' roll", "They played rock 'n' roll all night.", false, {}},
      {"contraction don't", "I don't know what they want.", false, {}},
      {"contraction don’t", "I don’t know what they want.", false, {}},
      {"plural possessive outside a quote",
       "The members’ views differ.",
       false,
       {}},
      {"apostrophes together",
       "Iraq’s ’90s, rock ’n’ roll, don't and don’t.",
       false,
       {}},
      {"plural possessive inside ‘…’",
       "‘We respect the members’ views,’ she said.",
       false,
       {{"‘We respect the members’ views,’", "We respect the members’ views,",
         0, true, false}}},
      {"plural possessive inside '…'",
       "'We respect the members' views,' she said.",
       false,
       {{"'We respect the members' views,'", "We respect the members' views,",
         0, true, false}}},
      {"possessive inside ‘…’",
       "‘Iraq’s future is ours,’ he said.",
       false,
       {{"‘Iraq’s future is ours,’", "Iraq’s future is ours,", 0, true,
         false}}},
      {"possessive inside “…”",
       "“Iraq’s future is ours,” he said.",
       false,
       {{"“Iraq’s future is ours,”", "Iraq’s future is ours,", 0, true,
         false}}},
      {"elisions inside ‘…’",
       "‘It’s the ’90s again,’ she said.",
       false,
       {{"‘It’s the ’90s again,’", "It’s the ’90s again,", 0, true, false}}},
      {"rock ’n’ roll inside “…”",
       "“Rock ’n’ roll never dies,” he said.",
       false,
       {{"“Rock ’n’ roll never dies,”", "Rock ’n’ roll never dies,", 0, true,
         false}}},
      {"contraction inside \"…\"",
       "\"Don't go,\" she said.",
       false,
       {{"\"Don't go,\"", "Don't go,", 0, true, false}}},
  };
  RunCases(cases);
}

TEST_CASE("FindQuotes: nesting, unmatched marks, mixed conventions",
          "[quotes]") {
  const std::vector<Case> cases = {
      {"a quote inside a quote",
       "“He said ‘no way’ twice,” she said.",
       false,
       {{"“He said ‘no way’ twice,”", "He said ‘no way’ twice,", 0, true,
         false},
        {"‘no way’", "no way", 1, false, false}}},
      {"three levels",
       "«She told me “he said ‘no way’ twice,” then left,» he said.",
       false,
       {{"«She told me “he said ‘no way’ twice,” then left,»",
         "She told me “he said ‘no way’ twice,” then left,", 0, true, false},
        {"“he said ‘no way’ twice,”", "he said ‘no way’ twice,", 1, true,
         false},
        {"‘no way’", "no way", 2, false, false}}},
      {"a stray opener at the end is skipped",
       "“one” and “two” plus a stray “",
       false,
       {{"“one”", "one", 0, false, false}, {"“two”", "two", 0, false, false}}},
      {"a stray opener in the middle is skipped",
       "He said “one” and “ then “two” again.",
       false,
       {{"“one”", "one", 0, false, false}, {"“two”", "two", 0, false, false}}},
      {"a stray closer is skipped",
       "He said “one” and ” then “two” again.",
       false,
       {{"“one”", "one", 0, false, false}, {"“two”", "two", 0, false, false}}},
      {"seven stray openers do not stop later pairs",
       "She said 「「「「「「「 then “We will stay,” later.",
       false,
       {{"“We will stay,”", "We will stay,", 0, true, false}}},
      {"curly and straight quotes in one paragraph",
       "“We will stay,” she said, \"and we will fight.\"",
       false,
       {{"“We will stay,”", "We will stay,", 0, true, false},
        {"\"and we will fight.\"", "and we will fight.", 0, true, false}}},
      {"straight opener closed by a curly mark",
       "\"We will stay,” she said.",
       false,
       {{"\"We will stay,”", "We will stay,", 0, true, false}}},
      {"“…“ typed with two openers",
       "“We will stay,“ she said.",
       false,
       {{"“We will stay,“", "We will stay,", 0, true, false}}},
      {"scare quote: a fragment",
       "the so-called “woke” agenda",
       false,
       {{"“woke”", "woke", 0, false, false}}},
      {"title: a fragment",
       "She watched the film “Night Train” twice.",
       false,
       {{"“Night Train”", "Night Train", 0, false, false}}},
      {"four words are speech-like without punctuation",
       "He called it “a plan for the future” again.",
       false,
       {{"“a plan for the future”", "a plan for the future", 0, true, false}}},
      {"three words without punctuation are a fragment",
       "He called it “a total betrayal” again.",
       false,
       {{"“a total betrayal”", "a total betrayal", 0, false, false}}},
  };
  RunCases(cases);
}

TEST_CASE("FindQuotes: quotes left open at the paragraph end", "[quotes]") {
  const std::vector<Case> cases = {
      {"opener mid-paragraph, next paragraph reopens: open_end",
       "She said: “We will stay until the end.",
       true,
       {{"“We will stay until the end.", "We will stay until the end.", 0, true,
         true}}},
      {"opener mid-paragraph, next paragraph does not reopen: skipped",
       "She said: “We will stay until the end.",
       false,
       {}},
      {"opener at the paragraph start: open_end",
       "“We will stay until the end.",
       false,
       {{"“We will stay until the end.", "We will stay until the end.", 0, true,
         true}}},
      {"opener at the start, next paragraph reopens",
       "“We will stay until the end.",
       true,
       {{"“We will stay until the end.", "We will stay until the end.", 0, true,
         true}}},
      {"a short open-ended quote is speech-like",
       "“Never.",
       false,
       {{"“Never.", "Never.", 0, true, true}}},
      {"guillemet opener reopened",
       "Il a dit : « Nous resterons ici",
       true,
       {{"« Nous resterons ici", "Nous resterons ici", 0, true, true}}},
      {"closed quotes before an open-ended one",
       "“Yes,” she said. “We will stay until the end.",
       true,
       {{"“Yes,”", "Yes,", 0, true, false},
        {"“We will stay until the end.", "We will stay until the end.", 0, true,
         true}}},
      {"an unclosed single quote is never open-ended",
       "She said: ‘We will stay until the end.",
       true,
       {}},
  };
  RunCases(cases);
}

TEST_CASE("FindQuotes: offsets are of the whole text", "[quotes]") {
  // The paragraph starts at byte 8 ("Zoë.\n\n\n" is 8 bytes).
  const std::string text = "Zo\xC3\xAB.\n\n\n“We will stay,” Zo\xC3\xAB said.";
  const Span paragraph{8, text.size()};
  const std::vector<Quote> quotes = FindQuotes(text, paragraph, false);
  REQUIRE(quotes.size() == 1);
  // “ is 3 bytes: “We will stay,” is [8, 27), its content [11, 24).
  CHECK(quotes[0].outer == Span{8, 27});
  CHECK(quotes[0].content == Span{11, 24});
  CHECK(quotes[0].terminal == false);
  // A paragraph that starts with a quote counts as "at the start" relative
  // to the paragraph, not to the text.
  const std::string open = "Intro.\n“We will stay until the end.";
  const std::vector<Quote> open_quotes =
      FindQuotes(open, Span{7, open.size()}, false);
  REQUIRE(open_quotes.size() == 1);
  CHECK(open_quotes[0].outer == Span{7, open.size()});
  CHECK(open_quotes[0].open_end);
}

TEST_CASE("FindQuotes: terminal punctuation", "[quotes]") {
  struct TerminalCase {
    std::string paragraph;
    bool terminal;
  };
  const std::vector<TerminalCase> cases = {
      {"“We will stay.” she said.", true},
      {"“Will you stay?” she asked.", true},
      {"“Stay!” she said.", true},
      {"“We will stay…” she said.", true},
      {"“We will stay,” she said.", false},
      {"the so-called “woke” agenda", false},
      {"「我们不会离开。」他说。", true},
      {"「你会留下吗？」她问。", true},
      {"「我们、他们」", false},
  };
  for (const TerminalCase& c : cases) {
    INFO(c.paragraph);
    const std::vector<Quote> q =
        FindQuotes(c.paragraph, Span{0, c.paragraph.size()}, false);
    REQUIRE(q.size() == 1);
    CHECK(q[0].terminal == c.terminal);
  }
}

TEST_CASE("StartsWithOpeningMark", "[quotes]") {
  struct MarkCase {
    std::string text;
    size_t pos;
    bool expected;
  };
  const std::vector<MarkCase> cases = {
      {"“a", 0, true},  {"„a", 0, true},   {"‘a", 0, true},   {"‚a", 0, true},
      {"\"a", 0, true}, {"'a", 0, true},   {"«a", 0, true},   {"»a", 0, true},
      {"‹a", 0, true},  {"›a", 0, true},   {"「a", 0, true},  {"『a", 0, true},
      {"”a", 0, true},  {"’a", 0, false},  {"」a", 0, false}, {"a“", 0, false},
      {"a“", 1, true},  {"abc", 3, false}, {"", 0, false},
  };
  for (const MarkCase& c : cases) {
    INFO(c.text << " at " << c.pos);
    CHECK(StartsWithOpeningMark(c.text, c.pos) == c.expected);
  }
}

// Every quote lies inside the paragraph, its content inside its marks.
void CheckWellFormed(const std::string& text,
                     const std::vector<Quote>& quotes) {
  for (const Quote& q : quotes) {
    REQUIRE(q.outer.valid());
    REQUIRE(q.outer.begin < q.outer.end);
    REQUIRE(q.outer.end <= text.size());
    REQUIRE(q.outer.begin <= q.content.begin);
    REQUIRE(q.content.begin < q.content.end);
    REQUIRE(q.content.end <= q.outer.end);
    REQUIRE(q.depth >= 0);
  }
  for (size_t i = 1; i < quotes.size(); ++i) {
    REQUIRE(quotes[i - 1].outer.begin <= quotes[i].outer.begin);
  }
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("FindQuotes: 100,000 unbalanced quote marks finish", "[quotes]") {
  // Linear work: these return at once (no timing assertion here).
  const std::vector<std::string> inputs = {
      Repeat("“", 100000),
      "x " + Repeat("“a ", 100000),
      Repeat("a” ", 100000),
      "x " + Repeat("\"", 100000),
      "x " + Repeat("'", 100000),
      "x " + Repeat("‘a ", 100000),
      "x ‘" + Repeat("members’ views ", 100000),
      "x " + Repeat("« ", 100000),
      "x " + Repeat("„a ", 100000),
      "— " + Repeat("a — ", 100000),
      "x " + Repeat("“‘«„‚\"'»‹「『", 10000),
  };
  for (const std::string& text : inputs) {
    const std::vector<Quote> q = FindQuotes(text, Span{0, text.size()}, true);
    CheckWellFormed(text, q);
  }
}

TEST_CASE("FindQuotes: nesting 2,000 deep does not crash", "[quotes]") {
  const std::string nested = Repeat("“a ‘b ", 1000) + "core" +
                             Repeat(" b’ a”", 1000) +
                             " and “four more words here” end";
  const std::vector<Quote> q =
      FindQuotes(nested, Span{0, nested.size()}, false);
  CheckWellFormed(nested, q);
  REQUIRE(q.size() >= 2);
  CHECK(q.front().outer.begin == 0);
  CHECK(q.front().depth == 0);
  // The quote after the deep nest still pairs, at the top level.
  CHECK(Slice(nested, q.back().content) == "four more words here");
  CHECK(q.back().depth == 0);
  CHECK(q.back().speech_like);

  const std::string same = Repeat("«", 2000) + "deep" + Repeat("»", 2000);
  CheckWellFormed(same, FindQuotes(same, Span{0, same.size()}, false));
}

// Known bugs: see the report of the test author. Each case states what the
// header promises.

TEST_CASE("FindQuotes: a curly opener closed by a straight mark", "[quotes]") {
  // Mixed marks pair both ways: "…” and “…". Before, the “ ran to the
  // paragraph end as an open-ended quote that swallowed the attribution.
  RunCases({{"curly opener, straight closer",
             "“We will stay,\" she said.",
             false,
             {{"“We will stay,\"", "We will stay,", 0, true, false}}}});
}

TEST_CASE("FindQuotes: eight stray openers do not stop later pairs",
          "[quotes]") {
  // Unmatched marks are skipped so the rest still pair; a full stack of
  // unmatched openers forgets its oldest ones rather than refusing more.
  RunCases({{"eight stray openers",
             "She said 「「「「「「「「 then “We will stay,” later.",
             false,
             {{"“We will stay,”", "We will stay,", 0, true, false}}}});
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "「";
  RunCases({{"two thousand stray openers",
             "She said " + many + " then “We will stay,” later.",
             false,
             {{"“We will stay,”", "We will stay,", 0, true, false}}}});
}

TEST_CASE("FindQuotes: marks among other scripts and non-ASCII signs",
          "[quotes]") {
  // The scan stops only at the bytes quote marks begin with: text in
  // Devanagari, a no-break space (0xC2 as « »), a dash and an ellipsis
  // (0xE2 as “ ”) and an ideographic full stop (0xE3 as 「 」) are stepped
  // over, and the marks after them still pair.
  RunCases({{"after Devanagari, a dash and a no-break space",
             "नमस्ते दुनिया —\u00A0“We will not leave.” she said… «Non.»",
             false,
             {{"“We will not leave.”", "We will not leave.", 0, true, false},
              {"«Non.»", "Non.", 0, true, false}}},
            {"between ideographic full stops",
             "他说。「我们不会离开。」。",
             false,
             {{"「我们不会离开。」", "我们不会离开。", 0, true, false}}}});
}

TEST_CASE("FindQuotes: a CJK quote ending in 。 is speech-like", "[quotes]") {
  // 。 (U+3002 IDEOGRAPHIC FULL STOP) is sentence punctuation, like the
  // fullwidth ！ and ？.
  RunCases({{"corner brackets with an ideographic full stop",
             "「我们不会离开。」他说。",
             false,
             {{"「我们不会离开。」", "我们不会离开。", 0, true, false}}}});
}

TEST_CASE("FindQuotes: an empty dialogue line does not crash", "[quotes]") {
  // A paragraph opening with a dash whose next spaced dash comes at once
  // ("— — said the mayor.") gives an empty quote, which Add() drops; the
  // dialogue code then writes to quotes_.back() of an empty vector. Run in
  // a child process so that a crash fails this case only.
  const std::string text = "— — said the mayor.";
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::vector<Quote> q = FindQuotes(text, Span{0, text.size()}, false);
    _exit(q.empty() ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

}  // namespace
}  // namespace whosaid::quotes
