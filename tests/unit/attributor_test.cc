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
