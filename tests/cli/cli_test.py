#!/usr/bin/env python3
"""End-to-end tests of the whosaid CLI: exit codes, bad input accounted for,
output order independent of threads, offsets that slice the text.

Usage: cli_test.py WHOSAID SOURCE_DIR. Prints 'N passed, N failed'."""
import gzip
import json
import os
import subprocess
import sys
import tempfile

WHOSAID, SOURCE = sys.argv[1], sys.argv[2]
CORPUS = os.path.join(SOURCE, "corpus")
failures = []
passed = 0


def run(args, stdin=None, **kw):
    return subprocess.run([WHOSAID] + args, input=stdin, capture_output=True,
                          cwd=SOURCE, **kw)


def check(name, cond, detail=""):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}", file=sys.stderr)


def docs_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


tmp = tempfile.mkdtemp(prefix="whosaid-cli-")
QUOTE_DOC = "“We will rebuild every school,” Mayor Ana Ruiz said on Monday."

# A JSONL file with a broken line in the middle.
bad = os.path.join(tmp, "bad.jsonl")
with open(bad, "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "first", "text": QUOTE_DOC}) + "\n")
    f.write('{"id": "broken", "text": "unterminated\n')
    f.write(json.dumps({"id": "third", "text": QUOTE_DOC}) + "\n")
r = run(["extract", bad])
out = r.stdout.decode()
err = r.stderr.decode()
check("broken line exit code", r.returncode == 1, f"exit {r.returncode}")
check("broken line place", f"{bad}:2:" in err, err)
check("docs around broken line", "first\t" in out and "third\t" in out, out)
check("account line", "2 documents read" in err and "1 skipped" in err, err)

r = run(["extract", "--strict", bad])
check("strict exits 2", r.returncode == 2, f"exit {r.returncode}")

# Output is identical whatever the thread count.
outs = [run(["extract", "corpus/", "--threads", str(n)]).stdout for n in (1, 2, 8)]
check("threads 1 == 2", outs[0] == outs[1])
check("threads 1 == 8", outs[0] == outs[2])
nlines = outs[0].count(b"\n")
check("corpus gives rows", nlines > 20, f"{nlines} lines")

# Offsets slice the document in every unit.
texts = {d["id"]: d["text"] for d in docs_of(os.path.join(CORPUS, "gold.jsonl"))}
for unit in ("codepoints", "bytes", "utf16"):
    r = run(["extract", "corpus/", "--format", "jsonl", "--offsets", unit])
    rows = [json.loads(l) for l in r.stdout.decode().splitlines()]
    bad_rows = []
    for row in rows:
        t = texts[row["doc"]]
        if unit == "bytes":
            seq = t.encode("utf-8")
            sl = lambda a, b: seq[a:b].decode("utf-8")
        elif unit == "utf16":
            seq = t.encode("utf-16-le")
            sl = lambda a, b: seq[2 * a:2 * b].decode("utf-16-le")
        else:
            sl = lambda a, b: t[a:b]
        whole = sl(row["claim_start"], row["claim_end"])
        first_part = row["claim"].split(" ")[0]
        if not whole.startswith(first_part):
            bad_rows.append(("claim", row["claim"][:40], whole[:40]))
        if row["source"] is not None and sl(row["source_start"], row["source_end"]) != row["source"]:
            bad_rows.append(("source", row["source"]))
        if row["cue"] is not None and sl(row["cue_start"], row["cue_end"]) != row["cue"]:
            bad_rows.append(("cue", row["cue"]))
    check(f"offsets {unit}", rows and not bad_rows, str(bad_rows[:3]))

# stdin: text and JSONL.
r = run(["extract"], stdin=QUOTE_DOC.encode())
check("stdin text", b"Ana Ruiz" in r.stdout and r.returncode == 0, r.stderr.decode())
r = run(["extract", "-"], stdin=(json.dumps({"id": "s1", "text": QUOTE_DOC}) + "\n").encode())
check("stdin jsonl", r.stdout.decode().splitlines()[1].startswith("s1\t"), r.stdout.decode())

# Compressed input and keep-fields.
gz = os.path.join(tmp, "docs.jsonl.gz")
with gzip.open(gz, "wt", encoding="utf-8") as f:
    f.write(json.dumps({"id": "g1", "text": QUOTE_DOC, "url": "http://x/1"}) + "\n")
r = run(["extract", gz, "--keep-fields", "url", "--format", "csv"])
lines = r.stdout.decode().splitlines()
check("gzip + keep-fields", lines[0].endswith(",rule,url") and lines[1].startswith("g1,")
      and lines[1].endswith("http://x/1"), r.stdout.decode() + r.stderr.decode())

# Invalid UTF-8 is repaired with a warning naming the place.
bad_utf8 = os.path.join(tmp, "latin1.txt")
with open(bad_utf8, "wb") as f:
    f.write(b"\xe2\x80\x9cThe caf\xe9 will close for good,\xe2\x80\x9d the owner said.")
r = run(["extract", bad_utf8])
check("invalid utf-8 repaired", r.returncode == 0 and "\ufffd" in r.stdout.decode()
      and "invalid UTF-8" in r.stderr.decode(), r.stderr.decode())

# Unreadable path: reported, counted, the rest goes on.
r = run(["extract", os.path.join(tmp, "missing.txt"), bad_utf8])
check("missing file", r.returncode == 1 and "missing.txt" in r.stderr.decode()
      and b"owner" in r.stdout, r.stderr.decode())

# --join-quotes: an interrupted quote and its continuation make one claim.
INTERRUPTED = ("“We are not leaving,” Mayor Ana Ruiz said, “not until the last "
               "family is safe.” “It will take weeks.”")
r = run(["extract", "--format", "jsonl"], stdin=INTERRUPTED.encode())
rows = [json.loads(l) for l in r.stdout.decode().splitlines()]
check("one row per part by default", len(rows) == 3, r.stdout.decode())
r = run(["extract", "--format", "jsonl", "--join-quotes"], stdin=INTERRUPTED.encode())
rows = [json.loads(l) for l in r.stdout.decode().splitlines()]
check("--join-quotes joins", len(rows) == 1 and rows[0]["claim"] ==
      "We are not leaving not until the last family is safe. It will take weeks."
      and rows[0]["claim_start"] == 1 and rows[0]["type"] == "direct",
      r.stdout.decode())

# A closed stdout ends the run quietly.
p = subprocess.Popen(f"'{WHOSAID}' extract corpus/ --threads 2 | head -1",
                     shell=True, cwd=SOURCE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
o, e = p.communicate(timeout=60)
check("closed stdout", p.returncode == 0 and o.count(b"\n") == 1, e.decode())

# A malformed rule directory: compiler-style diagnostics, exit 2.
rules = os.path.join(tmp, "rules", "en")
os.makedirs(rules)
with open(os.path.join(rules, "bad.toml"), "w") as f:
    f.write('[words]\nSAY_VERB = ["said"]\n\n[[rule]]\nid = "x.one"\ntype = "direct"\n'
            "pattern = '''(?P<claim>x) (?P<source>{SAY_VERBZ})'''\n"
            'examples = ["x"]\n\n[[rule]]\nid = "x.two"\ntype = "direct"\n'
            "pattern = '''(?P<claim>(?=a)) (?P<source>b)'''\nexamples = [\"b\"]\n")
r = run(["rules", "check", os.path.join(tmp, "rules")])
err = r.stderr.decode()
check("rules check exit", r.returncode == 2, f"exit {r.returncode}")
check("unknown macro diagnostic",
      "bad.toml:7:38: error: unknown macro {SAY_VERBZ} (did you mean {SAY_VERB}?) [rule x.one]" in err, err)
check("look-ahead hint", "look-ahead" in err and "[rule x.two]" in err, err)
r = run(["extract", "--rules", os.path.join(tmp, "rules")], stdin=b"text")
check("extract with bad rules exits 2", r.returncode == 2, f"exit {r.returncode}")

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
