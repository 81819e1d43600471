#!/usr/bin/env python3
"""Hostile input through the real CLI: nothing crashes, nothing hangs, every
document is either extracted or reported with its place (file:line), and
the run goes on. Each case checks the closing account line ("N documents
read, W with claims, C claims, S skipped"), the exit code, the messages,
and that every row's offsets slice the text it names.

Usage: hostile_test.py WHOSAID SOURCE_DIR [-k NAME]. Prints 'N passed, N
failed'. WHOSAID_HOSTILE_TIMEOUT scales the per-case wall-clock limit
(default 60 s; sanitizer builds are slower)."""
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

WHOSAID, SOURCE = sys.argv[1], sys.argv[2]
ONLY = sys.argv[sys.argv.index("-k") + 1] if "-k" in sys.argv else None
TIMEOUT = float(os.environ.get("WHOSAID_HOSTILE_TIMEOUT", "60"))
QUOTE_DOC = "“We will rebuild every school,” Mayor Ana Ruiz said on Monday."
CLAIM = "We will rebuild every school"
ACCOUNT = re.compile(r"(\d+) documents read, (\d+) with claims, (\d+) claims, "
                     r"(\d+) skipped")

failures = []
passed = 0
tmp = tempfile.mkdtemp(prefix="whosaid-hostile-")


def check(name, cond, detail=""):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(name)
        print(f"FAIL {name}: {str(detail)[:2000]}", file=sys.stderr)


def path_of(name, data):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return p


class Run:
    def __init__(self, args, stdin=None, timeout=TIMEOUT):
        start = time.monotonic()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            r = subprocess.run([WHOSAID] + args, input=stdin,
                               capture_output=True, cwd=tmp, timeout=timeout)
            self.code, self.out, self.err = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as e:
            self.code, self.out, self.err = "timeout", e.stdout or b"", b""
        self.seconds = time.monotonic() - start
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time of the run: unlike wall time, other processes on a busy
        # machine do not inflate it.
        self.cpu = (now.ru_utime + now.ru_stime) - (used.ru_utime +
                                                    used.ru_stime)
        self.stderr = self.err.decode("utf-8", "replace")
        for marker in ("Sanitizer", "runtime error:"):
            check(f"no sanitizer report ({' '.join(args)[:60]})",
                  marker not in self.stderr, self.stderr)
        m = ACCOUNT.search(self.stderr)
        self.account = tuple(int(g) for g in m.groups()) if m else None

    def rows(self):
        return [json.loads(l) for l in self.out.decode().splitlines()]


def offsets_slice(rows, texts):
    """Rows (JSONL, code points) whose claim/source/cue offsets do not slice
    the named document's text."""
    bad = []
    for row in rows:
        t = texts.get(row["doc"])
        if t is None:
            bad.append(("unknown doc", row["doc"]))
            continue
        whole = t[row["claim_start"]:row["claim_end"]]
        if not whole.startswith(row["claim"].split(" ")[0]):
            bad.append(("claim", row["claim"][:40], whole[:40]))
        for f in ("source", "cue"):
            if row[f] is not None and \
                    t[row[f + "_start"]:row[f + "_end"]] != row[f]:
                bad.append((f, row[f]))
    return bad


def case(name, args, account, code=None, stdin=None, messages=(),
         texts=None, claims_at_least=None, timeout=TIMEOUT):
    """Runs `whosaid extract ARGS --format jsonl`. `account` is (read,
    skipped) or the full (read, with_claims, claims, skipped); `messages`
    must all appear on stderr; `texts` maps doc ids to their text, to check
    offsets."""
    if ONLY and ONLY not in name:
        return None
    r = Run(["extract", "--format", "jsonl"] + args, stdin=stdin,
            timeout=timeout)
    if code is None:
        skipped = account[-1]
        code = 1 if skipped else 0
    check(f"{name}: no crash, no hang", r.code == code,
          f"exit {r.code} after {r.seconds:.1f}s, want {code}\n{r.stderr}")
    got = r.account
    if got and len(account) == 2:
        got = (got[0], got[3])
    check(f"{name}: account", got == tuple(account),
          f"got {r.account}, want {account}\n{r.stderr}")
    for m in messages:
        # A message is a list of parts that must appear on one line.
        parts = m if isinstance(m, tuple) else (m,)
        found = any(all(p in line for p in parts)
                    for line in r.stderr.splitlines())
        check(f"{name}: message {m!r}", found, r.stderr)
    if r.code in (0, 1):
        rows = r.rows()
        if claims_at_least is not None:
            check(f"{name}: claims", len(rows) >= claims_at_least,
                  f"{len(rows)} rows")
        if texts is not None:
            bad = offsets_slice(rows, texts)
            check(f"{name}: offsets slice the text", not bad, bad[:3])
    print(f"ok   {name}: {r.account} exit {r.code} in {r.seconds:.2f}s"
          if r.code == code else f"     {name}", file=sys.stderr)
    return r


def text_case(name, data, claims_at_least=0, warnings=(), account=None):
    """One text file = one document."""
    p = path_of(name + ".txt", data)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    # Python's decoder replaces maximal subparts, as the reader does.
    text = raw.decode("utf-8", "replace")
    return case(name, [p], account or (1, 0), messages=warnings,
                texts={p: text}, claims_at_least=claims_at_least)


# --- one document each -----------------------------------------------------
text_case("empty text", b"", account=(1, 0, 0, 0))
text_case("only white space", " \n\r\n\t\n", account=(1, 0, 0, 0))
text_case("NUL bytes", "\0\0Intro \0 text.\0\n\n" + QUOTE_DOC + "\0",
          claims_at_least=1)
text_case("invalid UTF-8",
          b"\x80\xbf lone continuations. \xe2\x80 truncated. \xc0\xaf "
          b"overlong slash, \xe0\x80\xaf overlong 3, \xed\xa0\x80 surrogate, "
          b"\xf4\x90\x80\x80 past U+10FFFF, \xff\xfe. " +
          QUOTE_DOC.encode() + b" \xf0\x9f\x98",
          claims_at_least=1, warnings=["invalid UTF-8 at byte 0"])
text_case("BOM and CRLF",
          "\ufeff" + QUOTE_DOC.replace(" said", "\r\nsaid") + "\r\n\r\n" +
          QUOTE_DOC + "\r\n", claims_at_least=1)
rng = random.Random(5)
text_case("random binary", bytes(rng.getrandbits(8) for _ in range(1 << 20)),
          warnings=["invalid UTF-8 at byte"])
marks = "“”\"'‘’«»„‚‹›「」『』"
text_case("100,000 unbalanced quote marks",
          "".join(rng.choice(marks) + rng.choice(["", " ", "a", "s "])
                  for _ in range(100000)) + " " + QUOTE_DOC)
text_case("100,000 openers then a quote",
          "“" * 100000 + "\n\n" + QUOTE_DOC, claims_at_least=1)
text_case("quotes nested 2,000 deep",
          "“a ‘b " * 1000 + "core" + " c’ d”" * 1000 + ", she said. " +
          QUOTE_DOC, claims_at_least=1)
text_case("right-to-left and CJK",
          "«نحن لن نغادر» قال الوزير. ‏“שלום לכולם,” he said.‎ "
          "\u202eevil\u202c 「我们不会离开。」他说。『引用』 " + QUOTE_DOC,
          claims_at_least=1)
text_case("one 2 MB sentence", "word " * 400000 + QUOTE_DOC)
text_case("combining marks", "e" + "\u0301" * 50000 + "\n\n" + QUOTE_DOC,
          claims_at_least=1)

# --- a JSONL file mixing valid documents with every hostile record --------
valid = {}
lines = []
bad_lines = {}  # line number -> expected message part


def good(doc_id, text=QUOTE_DOC, **extra):
    valid[doc_id] = text
    lines.append(json.dumps(dict(id=doc_id, text=text, **extra),
                            ensure_ascii=False))


def bad(line, message):
    lines.append(line)
    bad_lines[len(lines)] = message


good("v1")
bad('{"id": "n1", "text": 42}', "field 'text' is missing or not a string")
bad('{"id": "n2", "text": null}', "field 'text' is missing or not a string")
bad('{"id": "n3", "text": ["a", "b"]}', "field 'text' is missing or not a string")
bad('{"id": "n4", "text": {"t": "x"}}', "field 'text' is missing or not a string")
bad('{"id": "n5"}', "field 'text' is missing or not a string")
lines.append(json.dumps({"text": QUOTE_DOC}))  # missing id: line as id
missing_id_line = len(lines)
good("dup")
lines.append(json.dumps({"id": "dup", "text": QUOTE_DOC}))  # both extracted
bad('{"id": "big", "text": "' + "x" * (3 << 20) + '"}',
    "bytes exceeds the limit of 1048576 bytes")
good("claims-2GB", length=2147483648, size_bytes=2 ** 63)
bad('{"id": "t1", "text": "unterminated', "invalid JSON")
bad("not json at all", "invalid JSON")
bad("[1, 2, 3]", "not a JSON object")
bad('{"id": "deep", "text": "x", "d": ' + "[" * 5000 + "]" * 5000 + "}",
    "invalid JSON")
bad('{"id": "raw-nul", "text": "a\0b"}', "invalid JSON")
lines.append('{"id": "esc-nul", "text": "a\\u0000b\\n\\n' + QUOTE_DOC + '"}')
valid["esc-nul"] = "a\0b\n\n" + QUOTE_DOC
lines.append('{"id": "surrogate", "text": "\\ud800\\n\\n' + QUOTE_DOC + '"}')
valid["surrogate"] = "\ufffd\n\n" + QUOTE_DOC
good("quotes", "“" * 100000 + "\n\n" + QUOTE_DOC)
good("cjk", "「我们不会离开。」他说。\n\n" + QUOTE_DOC)
lines.append("   \t ")  # blank: not a record
good("last")
raw = ("\ufeff" + "\r\n".join(lines[:5]) + "\n" + "\n".join(lines[5:])
       ).encode("utf-8")
raw = raw.replace(b'"id": "cjk", "text": "',
                  b'"id": "cjk", "text": "\xc0\xaf\x80 ')
valid["cjk"] = "\ufffd\ufffd\ufffd " + valid["cjk"]
mixed = path_of("mixed.jsonl", raw)
missing_id = f"{mixed}:{missing_id_line}"
valid[missing_id] = QUOTE_DOC
n_valid = len(valid) + 1  # "dup" twice
expect_messages = [(f"{mixed}:{n}: ", m) for n, m in bad_lines.items()]
expect_messages += [f"{mixed}:{missing_id_line}: field 'id' is missing",
                    "escaped lone surrogate", "invalid UTF-8"]
outs = []
for threads in ("1", "2"):
    r = case(f"mixed JSONL, {threads} thread(s)",
             [mixed, "--max-doc-mb", "1", "--threads", threads],
             (n_valid, n_valid, n_valid, len(bad_lines)),
             messages=expect_messages, texts=valid)
    if r is not None:
        ids = [row["doc"] for row in r.rows()]
        check(f"mixed JSONL {threads}: every valid document has its rows",
              all(d in ids for d in valid) and ids.count("dup") == 2,
              sorted(set(valid) - set(ids)))
        errors = [l for l in r.stderr.splitlines() if ": error: " in l]
        check(f"mixed JSONL {threads}: one message per bad record",
              len(errors) == len(bad_lines), "\n".join(errors))
        outs.append(r.out)
if len(outs) == 2:
    check("mixed JSONL: same rows whatever the thread count",
          outs[0] == outs[1])

# --strict stops at the first bad record with exit 2.
case("mixed JSONL --strict", [mixed, "--strict", "--max-doc-mb", "1"],
     (1, 1), code=2, messages=[f"{mixed}:2:", "stopped (--strict)"])

# A 2 GB record without writing 2 GB: a sparse file, a line of 2 GiB of NUL
# bytes inside a string, then a valid line. Also a sparse text file.
sparse = os.path.join(tmp, "sparse.jsonl")
with open(sparse, "wb") as f:
    f.write(json.dumps({"id": "before", "text": QUOTE_DOC}).encode() + b"\n")
    f.write(b'{"id": "huge", "text": "')
    f.seek(2 << 30, os.SEEK_CUR)
    f.write(b'"}\n' + json.dumps({"id": "after", "text": QUOTE_DOC}).encode()
            + b"\n")
huge_line = len(b'{"id": "huge", "text": "') + (2 << 30) + 2
# --max-doc-mb 64: with the default of 1 GiB the reader would first buffer
# 1 GiB of the line, which is the documented cost of that limit.
case("2 GB JSONL line (sparse file)", [sparse, "--max-doc-mb", "64"],
     (2, 2, 2, 1),
     messages=[f"{sparse}:2: document of {huge_line} bytes exceeds the "
               "limit of 67108864 bytes"],
     texts={"before": QUOTE_DOC, "after": QUOTE_DOC},
     timeout=TIMEOUT * 2)
sparse_txt = os.path.join(tmp, "sparse.txt")
with open(sparse_txt, "wb") as f:
    f.truncate(3 << 30)
small = path_of("small.txt", QUOTE_DOC)
r = case("3 GB text file (sparse) is skipped unread", [sparse_txt, small],
         (1, 1, 1, 1), messages=[f"{sparse_txt}: document of 3221225472 "
                                 "bytes exceeds the limit"], timeout=10)
os.remove(sparse)
os.remove(sparse_txt)

# A 20 MB record through a pipe, over a 1 MB limit: streamed, not stored.
stream = (json.dumps({"id": "s1", "text": QUOTE_DOC}) + "\n" +
          '{"id": "s2", "text": "' + "y" * (20 << 20) + '"}\n' +
          json.dumps({"id": "s3", "text": QUOTE_DOC}) + "\n").encode()
case("20 MB line on stdin over --max-doc-mb 1", ["-", "--max-doc-mb", "1"],
     (2, 2, 2, 1), stdin=stream,
     messages=[f"<stdin>:2: document of {(20 << 20) + 24} bytes exceeds "
               "the limit"])

# Random binary as JSONL: every non-blank line reported as file:line.
bin_raw = bytes(rng.getrandbits(8) for _ in range(200000))
bin_path = path_of("random.jsonl", bin_raw)
nonblank = []  # line numbers of the records (blank lines are not)
for i, line in enumerate(bin_raw.split(b"\n"), 1):
    if line.endswith(b"\r"):
        line = line[:-1]
    if i == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if line.strip(b" \t\r\f\v"):
        nonblank.append(i)
case("random binary as JSONL", [bin_path], (0, len(nonblank)),
     messages=[f"{bin_path}:{nonblank[0]}: ", f"{bin_path}:{nonblank[-1]}: "])

# Missing and unreadable paths among good ones.
good_file = path_of("good.txt", QUOTE_DOC)
case("missing file among good ones",
     [os.path.join(tmp, "nope.txt"), good_file, os.path.join(tmp, "nope.jsonl")],
     (1, 1, 1, 2), messages=["nope.txt: cannot open", "nope.jsonl: cannot open"])

# --- work stays linear -----------------------------------------------------


def seconds_for(name, data):
    p = path_of(name, data)
    best = None
    for _ in range(3):
        r = Run(["extract", "--format", "jsonl", p], timeout=TIMEOUT)
        if r.code != 0:
            return None
        best = r.cpu if best is None else min(best, r.cpu)
    return best


def linear(name, make, n):
    """Doubling the input of a pathological case must not quadruple the
    time (a little over 2x is allowed for noise and start-up)."""
    if ONLY and ONLY not in name:
        return
    if "ASAN_OPTIONS" in os.environ:
        # Sanitizers slow each run about tenfold, and unevenly: there the
        # inputs run once each, for memory errors; the suite of the real
        # build holds the time bound.
        ok = all(Run(["extract", "--format", "jsonl",
                      path_of(f"lin{k}.txt", make(k * n))],
                     timeout=TIMEOUT).code == 0 for k in (1, 2))
        check(f"linear (sanitized, untimed): {name}", ok)
        return
    # CTest runs other tests beside this one, and a busy machine can slow
    # one of the timed runs past the bound: measure up to three times and
    # fail only if every attempt does. A quadratic case fails them all.
    for attempt in range(3):
        if attempt > 0:
            print(f"     linear {name}: {t1:.2f}s -> {t2:.2f}s, measuring "
                  "again", file=sys.stderr)
        base = seconds_for("lin0.txt", "")
        t1 = seconds_for("lin1.txt", make(n))
        t2 = seconds_for("lin2.txt", make(2 * n))
        ok = None not in (base, t1, t2)
        if ok:
            # A floor of 0.1 s of CPU: below it start-up noise dominates,
            # and a quadratic case at these sizes takes seconds.
            w1, w2 = max(t1 - base, 0.1), t2 - base
            ok = w2 < 3.0 * w1
        if ok or None in (base, t1, t2):
            break
    check(f"linear: {name}", ok, f"start-up {base}, n {t1}, 2n {t2}")
    print(f"ok   linear {name}: {t1:.2f}s -> {t2:.2f}s" if ok else
          f"     linear {name}", file=sys.stderr)


linear("unbalanced quote marks",
       lambda n: "".join(marks[i % len(marks)] + " a" for i in range(n)),
       1000000)
linear("stray openers then quotes",
       lambda n: "“" * n + " " + (QUOTE_DOC + " ") * (n // 100), 1000000)
linear("one long sentence of cues",
       lambda n: "Officials said that " * n, 250000)
# Every " and " starts a clause, and each source ("Abc and Abc …", a name)
# runs to the end: trying the pattern at each clause start is quadratic
# unless it gives up (rules/rule_set.cc, LeadSearch).
linear("many clause starts before one cue",
       lambda n: "Abc and " * n + "qq said it.", 100000)
linear("possessives inside an open single quote",
       lambda n: "‘a " + "members’ views " * n + "end’ she said.", 500000)
linear("many quoted claims in one paragraph",
       lambda n: (QUOTE_DOC + " ") * n, 20000)
linear("many indirect claims in one paragraph",
       lambda n: "Schools will reopen, Mayor Ana Ruiz said on Monday. " * n,
       20000)
# Speaker resolution looks back for a fuller name ("Ruiz" -> "Ana Ruiz")
# and through the speakers met so far: once per surname, and over a
# bounded window, else each claim costs the whole text before it.
linear("many claims of one surname",
       lambda n: "Schools will reopen, Ruiz said on Monday. " * n, 10000)
linear("many claims of different speakers",
       lambda n: "".join(f"Schools will reopen, Ab{i} said on Monday. "
                         for i in range(n)), 10000)

# --- memory stays within its budget on varied text ---------------------------
# RE2's automata keep a state for every new kind of text they walk: on
# varied news they grow with the text (rules over words much less than
# rules over characters, docs/PERFORMANCE.md). Corpus sentences with half
# their words replaced by words from elsewhere (and made-up names) are new
# text all the way; under a --max-memory below what they reach the rules are
# compiled afresh as often as needed, with the same rows.
def varied_news(megabytes, seed):
    r = random.Random(seed)
    texts = [json.loads(l)["text"] for l in
             open(os.path.join(SOURCE, "corpus", "gold.jsonl"), encoding="utf-8")]
    word = re.compile(r"[A-Za-z]+")
    words = [w for t in texts for w in word.findall(t) if w[0].islower()]
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    common = {w for w, n in counts.items() if n >= 20}
    syllables = ["ka", "lo", "mi", "ren", "dus", "ta", "vor", "el", "sun", "pi"]

    def name():
        return "".join(r.choice(syllables)
                       for _ in range(r.randint(2, 4))).capitalize()

    def swap(m):
        w = m.group(0)
        if w in common or r.random() < 0.3:
            return w
        return name() if w[0].isupper() else r.choice(words)

    out, size, i = [], 0, 0
    while size < megabytes << 20:
        line = json.dumps({"id": f"v{i}",
                           "text": word.sub(swap, texts[i % len(texts)])})
        out.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(out) + "\n"


def peak_rss_mib(args):
    """Runs whosaid, output to a file; its exit code, peak RSS and rows.
    The peak is the process's own (VmHWM, read while it runs): the rusage
    of a child counts the parent's resident set at the fork as well."""
    out = os.path.join(tmp, "budget.out")
    peak = 0
    with open(out, "wb") as f:
        p = subprocess.Popen([WHOSAID] + args, stdout=f,
                             stderr=subprocess.DEVNULL, cwd=tmp)
        while p.poll() is None:
            try:
                with open(f"/proc/{p.pid}/status") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak = max(peak, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.005)
    with open(out, "rb") as f:
        rows = f.read()
    return p.returncode, peak / 1024, rows


if not ONLY or "memory" in ONLY:
    varied = path_of("varied.jsonl", varied_news(16, 7))
    base = ["-q", "extract", "--format", "jsonl", "--threads", "2", varied]
    code0, free_mib, free_rows = peak_rss_mib(base + ["--max-memory", "0"])
    code1, bound_mib, bound_rows = peak_rss_mib(base + ["--max-memory", "40"])
    check("memory: runs succeed", code0 == 0 and code1 == 0, (code0, code1))
    check("memory: same rows within the budget", free_rows == bound_rows and
          free_rows.count(b"\n") > 1000, (len(free_rows), len(bound_rows)))
    # Sanitizers add their own memory; the bound is for the real build.
    if "ASAN_OPTIONS" not in os.environ:
        # The budget, and one batch of new automaton states per worker.
        # The text is 16 MB: since the rules' own DFAs (28ed752), 8 MB grew
        # to 48-49 MiB without a budget and 43-44 with it, too close to
        # tell apart. Measured on 16 MB: 45 MiB within the budget, 53-54
        # without.
        check("memory: peak RSS near the budget",
              bound_mib < 40 + 20 and free_mib > bound_mib + 5,
              f"{bound_mib:.0f} MiB with --max-memory 40, "
              f"{free_mib:.0f} MiB without")
    print(f"     memory: {free_mib:.0f} MiB unbounded, {bound_mib:.0f} MiB "
          "with --max-memory 40", file=sys.stderr)

# --- rule files --------------------------------------------------------------
rules = os.path.join(tmp, "rules")
shutil.copytree(os.path.join(SOURCE, "rules"), rules)
Q3 = "'" * 3  # a TOML literal string's delimiter


def rule(rule_id, pattern):
    """A [[rule]] table whose pattern is on its fifth line."""
    return (f'[[rule]]\nid = "{rule_id}"\ntype = "direct"\n'
            f'examples = ["x"]\npattern = {Q3}{pattern}{Q3}\n')


with open(os.path.join(rules, "en", "zz_bad.toml"), "w") as f:
    f.write("[patterns]\nA = '''x{B}'''\nB = '''y{A}'''\n\n" +
            rule("bad.regex", "(?P<claim>(abc)(?P<source>x") + "\n" +
            rule("bad.memory",
                 "(?P<claim>" + r"\pL{1000}" * 30 + ")(?P<source>x)") + "\n" +
            rule("bad.recursive", "(?P<claim>{A})(?P<source>x)"))

if not ONLY or "rules" in ONLY:
    r = Run(["rules", "check", rules])
    bad_toml = os.path.join(rules, "en", "zz_bad.toml")
    check("rules: bad file exits 2", r.code == 2, f"exit {r.code}")
    for want in (f"{bad_toml}:9:14: error: bad pattern: missing )",
                 f"{bad_toml}:15:11: error: bad pattern: pattern too large",
                 "RE2 memory budget",
                 f"{bad_toml}:3:9: error: recursive macro: {{A}} -> {{B}} -> "
                 "{A} [rule bad.recursive]"):
        check(f"rules: diagnostic {want!r}", want in r.stderr, r.stderr)
    check("rules: one diagnostic per problem",
          r.stderr.count(": error: ") == 3, r.stderr)
    r = Run(["extract", "--rules", rules], stdin=QUOTE_DOC.encode())
    check("rules: extract with a broken rule dir exits 2",
          r.code == 2 and "zz_bad.toml:9:14" in r.stderr, r.stderr)

    # A TOML syntax error: file:line:col, the other files still checked.
    os.remove(bad_toml)
    with open(os.path.join(rules, "en", "zz_syntax.toml"), "w") as f:
        f.write('[[rule]]\nid = "x"\ntype = "direct\n')
    r = Run(["rules", "check", rules])
    check("rules: TOML syntax error", r.code == 2 and
          re.search(r"zz_syntax\.toml:3:\d+: error: ", r.stderr), r.stderr)
    os.remove(os.path.join(rules, "en", "zz_syntax.toml"))

    # Limits: 4,096 rules, macros nested past 32, a pattern past 64 KiB, a
    # binary file.
    deep = "[patterns]\n" + "".join(
        f"M{i} = '''{{M{i + 1}}}'''\n" for i in range(40)) + \
        "M40 = '''x'''\n"
    deep += rule("deep", "(?P<claim>{M0})(?P<source>x)")
    wide = "[words]\nW = [" + ", ".join(f'"w{i:05d}"' for i in range(12000)) + \
        "]\n" + rule("wide", "(?P<claim>{W})(?P<source>x)")
    many = "".join(rule(f"r{i}", f"(?P<claim>a{i})(?P<source>x)")
                   for i in range(4097))
    for name, content, want in (
            ("many", many, "error: more than 4096 rules"),
            ("deep", deep, "macros nested deeper than 32"),
            ("wide", wide, "pattern grows past 65536"),
            ("binary", bytes(rng.getrandbits(8) for _ in range(4096)),
             "zz_binary.toml:")):
        p = os.path.join(rules, "en", f"zz_{name}.toml")
        with open(p, "wb") as f:
            f.write(content.encode() if isinstance(content, str) else content)
        r = Run(["rules", "check", rules])
        check(f"rules: limit {name}", r.code == 2 and want in r.stderr,
              f"exit {r.code}\n{r.stderr}")
        os.remove(p)

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
