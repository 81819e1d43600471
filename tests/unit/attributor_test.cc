// Tests of the attribution stage's helpers.
#include "attribution/attributor.h"

#include <catch2/catch.hpp>
#include <random>
#include <vector>

namespace whosaid::attribution {
namespace {

bool Intersects(Span a, Span b) {
  return a.valid() && b.valid() && a.begin < b.end && b.begin < a.end;
}

// InlineVector keeps two parts inline and moves to the heap for more: its
// contents must be those of a std::vector through every operation.
TEST_CASE("InlineVector behaves as a vector", "[attribution]") {
  InlineVector<long, 2> v;
  std::vector<long> want;
  for (long i = 0; i < 7; ++i) {
    if (i % 3 == 1) {
      v.push_front(i);
      want.insert(want.begin(), i);
    } else {
      v.push_back(i);
      want.push_back(i);
    }
    REQUIRE(v.size() == want.size());
    CHECK(std::vector<long>(v.begin(), v.end()) == want);
    CHECK(v.front() == want.front());
    CHECK(v.back() == want.back());
  }
  InlineVector<long, 2> copy = v;
  copy.append(v);
  want.insert(want.end(), want.begin(), want.end());
  CHECK(std::vector<long>(copy.begin(), copy.end()) == want);
  copy = {5};
  CHECK(copy.size() == 1);
  CHECK(copy[0] == 5);
  copy.push_back(6);
  copy.push_back(7);  // inline to the heap again after clearing
  CHECK(std::vector<long>(copy.begin(), copy.end()) ==
        std::vector<long>{5, 6, 7});
  InlineVector<long, 2> empty;
  CHECK(empty.empty());
  CHECK(empty.begin() == empty.end());
}

TEST_CASE("SpanSet answers like a scan of every span", "[attribution]") {
  // Random spans over a short range, so that overlaps, touching ends,
  // empty and invalid spans all occur.
  std::mt19937 rng(7);
  auto random_span = [&]() {
    if (rng() % 17 == 0) return Span{};
    const size_t b = rng() % 40;
    const size_t e = b + rng() % 8;
    return Span{b, rng() % 6 == 0 ? b : e};
  };
  for (int round = 0; round < 200; ++round) {
    SpanSet set;
    std::vector<Span> added;
    for (int i = 0; i < 30; ++i) {
      const Span s = random_span();
      set.Add(s);
      added.push_back(s);
      for (int k = 0; k < 20; ++k) {
        const Span q = random_span();
        bool expected = false;
        for (const Span& a : added) expected |= Intersects(a, q);
        INFO("round " << round << " query [" << q.begin << ", " << q.end
                      << ")");
        REQUIRE(set.Hits(q) == expected);
      }
    }
  }
}

TEST_CASE("SpanSet: touching and empty spans", "[attribution]") {
  SpanSet set;
  set.Add(Span{0, 5});
  set.Add(Span{5, 10});
  CHECK_FALSE(set.Hits(Span{5, 5}));  // between two spans, inside neither
  CHECK(set.Hits(Span{4, 6}));
  CHECK_FALSE(set.Hits(Span{10, 12}));
  set.Add(Span{20, 20});
  CHECK(set.Hits(Span{19, 21}));
  CHECK_FALSE(set.Hits(Span{20, 21}));
  CHECK_FALSE(set.Hits(Span{}));
}

}  // namespace
}  // namespace whosaid::attribution
