#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ and runs
# each for a bounded time, seeded from corpus/, tests/golden/, rules/ and the
# reproducers in tests/regressions/. Exits non-zero on any finding (crash,
# sanitizer report, leak, timeout, out of memory), naming the reproducer.
#
# Environment: WHOSAID_FUZZ_SECONDS (per target, default 60),
# WHOSAID_FUZZ_TARGETS (default "extract jsonl rules"),
# WHOSAID_FUZZ_RSS_MB (default 2048), WHOSAID_FUZZ_TIMEOUT (seconds per
# input, default 10). Arguments go to every fuzzer (e.g. -jobs=2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh fuzz

seconds=${WHOSAID_FUZZ_SECONDS:-60}
targets=${WHOSAID_FUZZ_TARGETS:-"extract jsonl rules"}
rss_mb=${WHOSAID_FUZZ_RSS_MB:-2048}
timeout=${WHOSAID_FUZZ_TIMEOUT:-10}
build=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWHOSAID_BUILD_FUZZERS=ON \
  -DWHOSAID_BUILD_TESTS=OFF -DWHOSAID_BUILD_CLI=OFF \
  -DWHOSAID_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)"
python3 fuzz/make_seeds.py . "$build/seeds"

# Symbolized stacks; a leak is a finding too (libFuzzer checks per input).
export ASAN_OPTIONS=${ASAN_OPTIONS:-symbolize=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
command -v llvm-symbolizer >/dev/null &&
  export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer)}

failed=()
for t in $targets; do
  case "$t" in
    rules) max_len=16384 ;;
    *) max_len=65536 ;;
  esac
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  log="$build/fuzz-$t.log"
  echo "fuzz: $t for ${seconds}s (log: $log)" >&2
  status=0
  # The first directory collects new inputs; the others are read only.
  "./$build/fuzz/${t}_fuzzer" -max_total_time="$seconds" \
    -rss_limit_mb="$rss_mb" -timeout="$timeout" -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" \
    "$corpus" "$build/seeds/$t" "tests/regressions/$t" >"$log" 2>&1 ||
    status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "fuzz: $t: ${runs:-?} runs in ${seconds}s, exit $status" >&2
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    for a in "$artifacts"/*; do
      [ -e "$a" ] || continue
      echo "fuzz: $t: reproducer $a; add it as a regression test:" \
        "cp $a tests/regressions/$t/" >&2
    done
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no findings ($targets)" >&2
