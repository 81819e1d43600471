#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora, generated from the repository's own
inputs so that no data file is duplicated in it.

Usage: make_seeds.py SOURCE_DIR OUT_DIR  ->  OUT_DIR/{extract,jsonl,rules}/
  extract: the text of every corpus/gold.jsonl document, tests/golden/*.txt
  jsonl:   every corpus line alone, the first lines together, and variants
           with CRLF ends, a BOM, a missing id, a non-string text
  rules:   every rules/en/*.toml file"""
import glob
import hashlib
import json
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


for target in ("extract", "jsonl", "rules"):
    shutil.rmtree(os.path.join(out, target), ignore_errors=True)

with open(os.path.join(src, "corpus", "gold.jsonl"), encoding="utf-8") as f:
    lines = [l.rstrip("\n") for l in f if l.strip()]
for line in lines:
    doc = json.loads(line)
    put("extract", doc["text"])
    put("jsonl", json.dumps({"id": doc["id"], "text": doc["text"]},
                            ensure_ascii=False) + "\n")
head = [json.dumps({"id": json.loads(l)["id"], "text": json.loads(l)["text"]})
        for l in lines[:3]]
put("jsonl", "\n".join(head) + "\n")
put("jsonl", "\ufeff" + "\r\n".join(head) + "\r\n")
put("jsonl", '{"text": "No id, he said."}\n{"id": 7, "text": 8}\n\n'
    '{"id": "x", "text": "a\\u0000b \\ud800", "meta": [1, {"k": null}]}\n')
for path in sorted(glob.glob(os.path.join(src, "tests", "golden", "*.txt"))):
    with open(path, "rb") as f:
        put("extract", f.read())
for path in sorted(glob.glob(os.path.join(src, "rules", "en", "*.toml"))):
    with open(path, "rb") as f:
        put("rules", f.read())
print(f"seeds in {out}: " + ", ".join(
    f"{t} {len(os.listdir(os.path.join(out, t)))}"
    for t in ("extract", "jsonl", "rules")))
