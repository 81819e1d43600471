#!/usr/bin/env python3
"""Throughput benchmark: runs `whosaid extract --format jsonl` over a JSONL
corpus of a given size and prints MB/s and peak memory (max RSS).

The corpus is built by replicating the documents of SOURCE (default: the
bundled corpus/gold.jsonl; any JSONL with id/text, e.g. a news dump, works;
--source may be repeated) with fresh ids until it reaches --mb megabytes of
text. It is written once to --work (default: build/bench/) and reused.

Replicated text is text the rules have seen: after the first copy, RE2's
automata hold every state it needs. --once takes each document once
instead, so that all the text is new to them, as in a real archive; there
the automata grow all the way and --max-memory (passed on to whosaid)
decides how often the rules are compiled afresh.

--baseline OTHER_BINARY compares two builds: each run of --whosaid comes
right after a run of the baseline, and the median of the per-pair ratios
(wall and CPU time, new / baseline) is printed. On a machine whose speed
drifts within minutes, as the virtual machine of docs/PERFORMANCE.md
does, that says more than two medians taken one after the other.

  bench/bench.py --whosaid build/cli/whosaid --mb 200 --threads 1 --runs 3
  bench/bench.py --once --source a.jsonl --source b.jsonl --max-memory 0
  bench/bench.py --mb 100 --threads 1 --runs 6 --baseline /tmp/whosaid-old
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)

ap = argparse.ArgumentParser(description=__doc__,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--whosaid", default=os.path.join(root, "build", "cli", "whosaid"))
ap.add_argument("--source", action="append",
                help="JSONL file of documents (repeatable; default corpus/gold.jsonl)")
ap.add_argument("--mb", type=float, default=100.0, help="corpus size in MB of text")
ap.add_argument("--once", action="store_true",
                help="each document once, no replication (--mb is ignored)")
ap.add_argument("--max-memory", type=int, help="passed to whosaid (MiB; 0: none)")
ap.add_argument("--threads", type=int, action="append",
                help="thread counts to measure (repeatable; default 1 and 2)")
ap.add_argument("--runs", type=int, default=3, help="runs per setting; the median is shown")
ap.add_argument("--work", default=os.path.join(root, "build", "bench"))
ap.add_argument("--baseline", help="another whosaid binary, run alternately with --whosaid")
args = ap.parse_args()
threads = args.threads or [1, 2]

sources = args.source or [os.path.join(root, "corpus", "gold.jsonl")]
docs = []
for source in sources:
    with open(source, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs.append(d["text"])
if not docs:
    sys.exit(f"{' '.join(sources)}: no documents")

os.makedirs(args.work, exist_ok=True)
name = "+".join(os.path.splitext(os.path.basename(s))[0] for s in sources)
if args.once:
    corpus = os.path.join(args.work, f"{name}-once.jsonl")
else:
    corpus = os.path.join(args.work, f"{name}-{args.mb:g}MB.jsonl")
target = int(args.mb * 1e6)
if not os.path.exists(corpus):
    text_bytes = 0
    tmp = corpus + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        i = 0
        while i < len(docs) if args.once else text_bytes < target:
            t = docs[i % len(docs)]
            out.write(json.dumps({"id": f"bench-{i}", "text": t}, ensure_ascii=False) + "\n")
            text_bytes += len(t.encode("utf-8"))
            i += 1
    os.replace(tmp, corpus)
size = os.path.getsize(corpus)
print(f"corpus {corpus}: {size / 1e6:.1f} MB of JSONL")
extra = [] if args.max_memory is None else ["--max-memory", str(args.max_memory)]


def run_once(binary, n):
    """Wall time, CPU time (user + system) and peak RSS in MiB of one run."""
    start = time.perf_counter()
    p = subprocess.Popen([binary, "-q", "extract", corpus, "--format", "jsonl",
                          "--threads", str(n)] + extra,
                         stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{binary} exited with status {status}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def report(label, runs):
    t = statistics.median(r[0] for r in runs)
    print(f"{label}: {size / 1e6 / t:.1f} MB/s (median of {len(runs)}: {t:.2f} s), "
          f"peak RSS {max(r[2] for r in runs):.1f} MiB")


for n in threads:
    new, old = [], []
    for _ in range(args.runs):
        if args.baseline:
            old.append(run_once(args.baseline, n))
        new.append(run_once(args.whosaid, n))
    report(f"threads {n}", new)
    if args.baseline:
        report(f"  baseline, threads {n}", old)
        wall = statistics.median(b[0] / a[0] for a, b in zip(old, new))
        cpu = statistics.median(b[1] / a[1] for a, b in zip(old, new))
        print(f"  new / baseline, median of {len(new)} pairs: "
              f"wall {wall:.3f}, CPU {cpu:.3f}")
