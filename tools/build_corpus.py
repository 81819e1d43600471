#!/usr/bin/env python3
"""Build whosaid's sample corpus, corpus/gold.jsonl, from the articles below.

The articles are original, invented news-style texts written for this project.
Each one is a text block plus a list of claims; every claim names its parts,
source and cue as substrings of the text, and this script finds them, computes
code-point offsets (Python str indexing) and checks the gold-format invariants.

Usage:
    python3 tools/build_corpus.py            # write corpus/gold.jsonl, print a summary
    python3 tools/build_corpus.py --check    # exit 1 if corpus/gold.jsonl is stale
    python3 tools/build_corpus.py --summary  # only print the summary
    python3 tools/build_corpus.py -o FILE    # write somewhere else

Editing guide
-------------
Text: write paragraphs separated by a blank line.  Lines inside a paragraph are
joined with one space, so long paragraphs may be wrapped freely.  The text is
NFC-normalised, and so is every annotation string.

Claims: ``C(type, claim, src=..., cue=..., who=..., kind=..., via=..., at=...)``

* ``type``: direct | indirect | mixed | according_to.
* ``claim``: the claim text, or a list of its parts when it is discontinuous
  (an inserted "he said", a multi-paragraph quotation).  Each part must occur
  exactly once in the text (or in ``at``).  Conventions: no enclosing quote
  marks, no comma/semicolon/colon before a closing mark, a final . ? ! inside
  the quotation stays; quotation marks that do not enclose the whole part stay.
* ``src`` / ``cue``: the source mention as written, with an apposition or
  relative clause between it and its verb ("Priyanka Sethi, the chain’s chief
  financial officer"; the speaker leaves it out), and the cue ("said",
  "according to", ":" for "X: “…”", "—" for "“…” —Name").  They are looked
  up in the paragraphs the claim spans; when not found there, in the whole text.
  The match must be unique at that level.
* Any string may carry context: ``"fortnight,' [[she]] said"`` searches for the
  whole string and takes the part between ``[[`` and ``]]``.
* ``at``: an optional anchor (unique in the text) that bounds every search.
* Matches respect word boundaries: ``he`` never matches inside ``the``.
* ``who``: the resolved speaker (fullest earlier mention, no title).  Defaults to
  the source text for anonymous sources and organisations (a leading "the" is
  dropped for organisations); person sources must give it unless the source is
  already the bare name.  ``kind="unknown"`` (a pronoun with no antecedent)
  has an empty speaker list.
* ``kind``: person | organization | anonymous | unknown.
* ``via``: a second-hand source ("…, the ministry said, according to Reuters").

``traps``: strings that look like quotations but are not claims (titles, scare
quotes, nicknames, apostrophes).  They must occur in the text and must not
overlap any claim span; they are not written to the output.

Everything fails loudly: an ambiguous or missing substring, a broken invariant
or an implausible type stops the build with a message naming the article.
"""

import argparse
import collections
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "corpus", "gold.jsonl"))
DATASET = "whosaid-corpus"

TYPES = ("direct", "indirect", "mixed", "according_to")
KINDS = ("person", "organization", "anonymous", "unknown")

# Opening and closing quotation marks of the conventions the spec lists.
OPENERS = set("“‘\"'«‹„‚»「『")
CLOSERS = set("”’\"'»›“‘«」』")
DIALOGUE_DASHES = ("— ", "– ")
# Quote characters that cannot be apostrophes: an indirect claim must not hold them.
STRICT_QUOTES = set("“”\"«»‹›„‚「」『』")
CONVENTIONS = [
    ("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'"), ("«", "»"), ("‹", "›"),
    ("„", "“"), ("„", "”"), ("‚", "‘"), ("»", "«"), ("「", "」"), ("『", "』"),
]
TITLE_WORDS = {
    "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sen.", "senator",
    "minister", "councillor", "mayor", "justice", "judge", "marshal", "governor",
    "president", "prime", "professor", "prof.", "regional", "interior", "health",
    "energy", "transport", "town", "commissioner", "chairwoman", "chairman",
}


class CorpusError(Exception):
    pass


class C:
    """One annotated claim (see the editing guide in the module docstring)."""

    def __init__(self, type, claim, src, cue, who=None, kind="person", via=None, at=None):
        self.type = type
        self.parts = [claim] if isinstance(claim, str) else list(claim)
        self.src = src
        self.cue = cue
        self.who = who
        self.kind = kind
        self.via = via
        self.at = at


class Article:
    def __init__(self, id, title, topic, text, claims, traps=()):
        self.id = id
        self.title = title
        self.topic = topic
        self.raw_text = text
        self.claims = claims
        self.traps = list(traps)


ARTICLES = []


def article(**kw):
    ARTICLES.append(Article(**kw))


# --------------------------------------------------------------------------
# Locating annotation strings in the text


def nfc(s):
    return unicodedata.normalize("NFC", s)


def build_text(raw):
    raw = nfc(raw).replace("\r\n", "\n")
    paras = []
    for block in re.split(r"\n[ \t]*\n", raw.strip()):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if lines:
            paras.append(" ".join(lines))
    text = "\n\n".join(paras)
    if "[[" in text or "]]" in text:
        raise CorpusError("text must not contain '[[' or ']]'")
    if "  " in text or "\t" in text:
        raise CorpusError("text contains a double space or a tab")
    return text


def parse_item(item):
    """'ctx [[span]] ctx' -> (needle, offset of span in needle, span length)."""
    item = nfc(item)
    if "[[" in item or "]]" in item:
        if item.count("[[") != 1 or item.count("]]") != 1:
            raise CorpusError("bad [[...]] markup in %r" % item)
        a = item.index("[[")
        b = item.index("]]")
        if b < a + 2:
            raise CorpusError("bad [[...]] markup in %r" % item)
        needle = item[:a] + item[a + 2:b] + item[b + 2:]
        return needle, a, b - a - 2
    return item, 0, len(item)


def is_word(ch):
    return ch.isalnum() or ch == "_"


def occurrences(text, needle, lo=0, hi=None):
    """Start offsets of needle in text[lo:hi], respecting word boundaries."""
    if not needle:
        raise CorpusError("empty search string")
    hi = len(text) if hi is None else hi
    out = []
    i = text.find(needle, lo)
    while i != -1 and i + len(needle) <= hi:
        ok = True
        if is_word(needle[0]) and i > 0 and is_word(text[i - 1]):
            ok = False
        j = i + len(needle)
        if is_word(needle[-1]) and j < len(text) and is_word(text[j]):
            ok = False
        if ok:
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def locate(text, item, lo, hi, what):
    """Unique span of item within text[lo:hi]; raises on 0 or >1 matches."""
    needle, off, length = parse_item(item)
    hits = occurrences(text, needle, lo, hi)
    if len(hits) != 1:
        raise CorpusError("%s %r: %d matches in the search range (need exactly 1)"
                          % (what, item, len(hits)))
    s = hits[0] + off
    return s, s + length


def count_in(text, item, lo, hi):
    needle, _, _ = parse_item(item)
    return len(occurrences(text, needle, lo, hi))


def paragraph_bounds(text):
    bounds = []
    start = 0
    for m in re.finditer(r"\n\n", text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def para_of(bounds, pos):
    for i, (a, b) in enumerate(bounds):
        if a <= pos <= b:
            return i
    raise CorpusError("offset %d outside the text" % pos)


# --------------------------------------------------------------------------
# Building and checking one record


def check_direct_part(text, s, e, is_last, bounds):
    """A direct part sits right inside a quotation (or after a dialogue dash)."""
    before = text[s - 1] if s > 0 else ""
    dash_open = text[max(0, s - 2):s] in DIALOGUE_DASHES
    if before not in OPENERS and not dash_open:
        return "does not follow an opening quotation mark or dialogue dash"
    if text[e - 1] in ",;:" or text[e - 1].isspace():
        return "ends with %r (strip it)" % text[e - 1]
    after = text[e:e + 1]
    if after in CLOSERS:
        return None
    if after and after in ",;:" and text[e + 1:e + 2] in CLOSERS:
        return None
    if dash_open and text[e:e + 2] in (" —", " –"):
        return None
    para_end = bounds[para_of(bounds, s)][1]
    if e == para_end:
        if dash_open:
            return None
        # A multi-paragraph quotation: the next paragraph reopens the quote.
        if not is_last and text[e + 2:e + 3] in OPENERS:
            return None
    return "is not followed by a closing quotation mark"


def opener_closer(text, s, e):
    if text[max(0, s - 2):s] in DIALOGUE_DASHES:
        return "dash", None
    op = text[s - 1]
    cl = None
    if text[e:e + 1] in CLOSERS:
        cl = text[e]
    elif text[e:e + 1] in (",", ";", ":") and text[e + 1:e + 2] in CLOSERS:
        cl = text[e + 1]
    return op, cl


def build_claim(art, text, bounds, c):
    where = "%s: claim %r" % (art.id, c.parts[0][:60])
    try:
        if c.type not in TYPES:
            raise CorpusError("bad type %r" % c.type)
        if c.kind not in KINDS:
            raise CorpusError("bad kind %r" % c.kind)
        lo, hi = 0, len(text)
        if c.at is not None:
            lo, hi = locate(text, c.at, 0, len(text), "anchor")
        spans = [locate(text, p, lo, hi, "claim part") for p in c.parts]
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                raise CorpusError("claim parts overlap or are out of order")
        claim = " ".join(text[s:e] for s, e in spans)
        for s, e in spans:
            part = text[s:e]
            if part != part.strip():
                raise CorpusError("claim part has surrounding whitespace")
            if "\n" in part:
                raise CorpusError("claim part crosses a paragraph; split it")

        # Source and cue: the paragraphs the claim spans, else the whole text.
        if c.at is not None:
            rlo, rhi = lo, hi
        else:
            rlo = bounds[para_of(bounds, spans[0][0])][0]
            rhi = bounds[para_of(bounds, spans[-1][1])][1]

        def find_role(item, what):
            if item is None:
                return None
            n = count_in(text, item, rlo, rhi)
            if n == 1 or c.at is not None:
                return locate(text, item, rlo, rhi, what)
            if n > 1:
                raise CorpusError("%s %r: %d matches in the claim's paragraphs; add [[context]]"
                                  % (what, item, n))
            return locate(text, item, 0, len(text), what)

        src_span = find_role(c.src, "source")
        cue_span = find_role(c.cue, "cue")
        for name, sp in (("source", src_span), ("cue", cue_span)):
            if sp is None:
                continue
            for s, e in spans:
                if sp[0] < e and s < sp[1]:
                    raise CorpusError("%s overlaps the claim" % name)
        source = text[src_span[0]:src_span[1]] if src_span else None
        cue = text[cue_span[0]:cue_span[1]] if cue_span else None

        # Type plausibility.
        is_at = cue is not None and cue.lower() == "according to"
        if (c.type == "according_to") != is_at:
            raise CorpusError("type according_to iff the cue is 'according to'")
        if c.type == "direct":
            for i, (s, e) in enumerate(spans):
                problem = check_direct_part(text, s, e, i == len(spans) - 1, bounds)
                if problem:
                    raise CorpusError("direct part %r %s" % (text[s:e][:50], problem))
        elif c.type == "mixed":
            if not any(ch in OPENERS or ch in CLOSERS for ch in claim):
                raise CorpusError("mixed claim without a quotation mark")
            s0 = spans[0][0]
            if s0 > 0 and text[s0 - 1] in OPENERS and text[spans[-1][1]:spans[-1][1] + 1] in CLOSERS:
                raise CorpusError("mixed claim is entirely quoted: use direct")
        else:
            bad = [ch for ch in claim if ch in STRICT_QUOTES]
            if bad:
                raise CorpusError("%s claim holds quotation marks %r: use mixed" % (c.type, bad))
            if all(check_direct_part(text, s, e, i == len(spans) - 1, bounds) is None
                   for i, (s, e) in enumerate(spans)):
                raise CorpusError("%s claim is entirely quoted: use direct" % c.type)

        # Speaker.
        if c.kind == "unknown":
            if c.who:
                raise CorpusError("unknown sources have no speaker")
            speaker = []
        else:
            who = c.who
            if who is None:
                # An apposition stays out of the speaker: "Marta Lindholm,
                # a retail analyst at Cardew Securities".
                if c.kind == "person" and source is not None:
                    who = source.split(", ")[0]
                elif c.kind == "anonymous":
                    who = source.split(", ")[0]
                elif c.kind == "organization" and source is not None:
                    who = re.sub(r"^[Tt]he ", "", source.split(", ")[0])
                else:
                    raise CorpusError("give who= for this claim")
            who = nfc(who)
            first = who.split()[0].lower()
            if c.kind == "person" and first in TITLE_WORDS:
                raise CorpusError("speaker %r starts with a title" % who)
            if c.kind == "anonymous" and who != source.split(", ")[0]:
                raise CorpusError("an anonymous speaker is the source phrase itself")
            pos = text.find(who)
            if pos == -1:
                raise CorpusError("speaker %r does not occur in the text" % who)
            if src_span and c.kind == "person" and pos >= src_span[1]:
                raise CorpusError("speaker %r is not mentioned at or before the source" % who)
            speaker = [who]
        if c.via is not None:
            if c.via not in text:
                raise CorpusError("via %r does not occur in the text" % c.via)

        rec = collections.OrderedDict()
        rec["claim"] = claim
        rec["claim_spans"] = [[s, e] for s, e in spans]
        rec["source"] = source
        rec["source_span"] = list(src_span) if src_span else None
        rec["cue"] = cue
        rec["cue_span"] = list(cue_span) if cue_span else None
        rec["speaker"] = speaker
        rec["type"] = c.type
        rec["kind"] = c.kind
        if c.via is not None:
            rec["via"] = nfc(c.via)
        return rec
    except CorpusError as exc:
        raise CorpusError("%s: %s" % (where, exc))


def build_record(art):
    try:
        text = build_text(art.raw_text)
    except CorpusError as exc:
        raise CorpusError("%s: %s" % (art.id, exc))
    bounds = paragraph_bounds(text)
    claims = [build_claim(art, text, bounds, c) for c in art.claims]
    claims.sort(key=lambda r: (r["claim_spans"][0][0], r["claim_spans"][-1][1]))
    seen = set()
    for r in claims:
        key = tuple(map(tuple, r["claim_spans"]))
        if key in seen:
            raise CorpusError("%s: duplicate claim %r" % (art.id, r["claim"][:60]))
        seen.add(key)
    for t in art.traps:
        try:
            s, e = locate(text, t, 0, len(text), "trap")
        except CorpusError as exc:
            raise CorpusError("%s: %s" % (art.id, exc))
        for r in claims:
            for cs, ce in r["claim_spans"]:
                if s < ce and cs < e:
                    raise CorpusError("%s: trap %r overlaps claim %r" % (art.id, t, r["claim"][:60]))
    rec = collections.OrderedDict()
    rec["id"] = art.id
    rec["text"] = text
    rec["claims"] = claims
    rec["meta"] = collections.OrderedDict(
        [("dataset", DATASET), ("title", art.title), ("topic", art.topic)])
    verify_record(rec)
    return rec


def verify_record(rec):
    """The invariants of the gold format, checked on the finished record."""
    text = rec["text"]
    for r in rec["claims"]:
        joined = " ".join(text[s:e] for s, e in r["claim_spans"])
        if joined != r["claim"]:
            raise CorpusError("%s: claim/claim_spans mismatch" % rec["id"])
        for f in ("source", "cue"):
            sp = r[f + "_span"]
            if (sp is None) != (r[f] is None):
                raise CorpusError("%s: %s and %s_span disagree" % (rec["id"], f, f))
            if sp is not None and text[sp[0]:sp[1]] != r[f]:
                raise CorpusError("%s: %s mismatch" % (rec["id"], f))


def build_all():
    ids = [a.id for a in ARTICLES]
    dup = [i for i, n in collections.Counter(ids).items() if n > 1]
    if dup:
        raise CorpusError("duplicate article ids: %s" % dup)
    return [build_record(a) for a in ARTICLES]


def serialize(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# --------------------------------------------------------------------------
# Summary


def summary(records, out=sys.stdout):
    types = collections.Counter()
    kinds = collections.Counter()
    via = 0
    direct_conv = collections.Counter()
    mixed_conv = collections.Counter()
    nclaims = 0
    p = lambda *a: print(*a, file=out)
    p("%-30s %-14s %6s %6s" % ("article", "topic", "words", "claims"))
    for rec in records:
        text = rec["text"]
        words = len(re.findall(r"\w+", text))
        p("%-30s %-14s %6d %6d" % (rec["id"], rec["meta"]["topic"], words, len(rec["claims"])))
        if not 150 <= words <= 450:
            p("  warning: %s has %d words (aim for 150-450)" % (rec["id"], words))
        for r in rec["claims"]:
            nclaims += 1
            types[r["type"]] += 1
            kinds[r["kind"]] += 1
            via += "via" in r
            if r["type"] == "direct":
                for s, e in r["claim_spans"]:
                    op, cl = opener_closer(text, s, e)
                    if op == "dash":
                        direct_conv["dash " + text[s - 2]] += 1
                    elif cl is not None:
                        direct_conv[op + "…" + cl] += 1
            elif r["type"] == "mixed":
                for op, cl in CONVENTIONS:
                    pat = re.escape(op) + r"[^" + re.escape(op + cl) + r"\n]+" + re.escape(cl)
                    if re.search(pat, r["claim"]):
                        mixed_conv[op + "…" + cl] += 1
    p("")
    p("articles: %d   claims: %d   with via: %d" % (len(records), nclaims, via))
    p("by type:  " + ", ".join("%s %d" % (t, types[t]) for t in TYPES))
    p("by kind:  " + ", ".join("%s %d" % (k, kinds[k]) for k in KINDS))
    p("quote conventions in direct claims: " +
      ", ".join("%s %d" % kv for kv in sorted(direct_conv.items())))
    p("quote fragments in mixed claims:    " +
      ", ".join("%s %d" % kv for kv in sorted(mixed_conv.items())))
    wanted = [op + "…" + cl for op, cl in CONVENTIONS]
    missing = [w for w in wanted if w not in direct_conv]
    if not any(k.startswith("dash") for k in direct_conv):
        missing.append("dialogue dash")
    if missing:
        p("warning: conventions without a direct claim: " + " ".join(missing))
    else:
        p("every quote convention of the spec has a direct claim")


# --------------------------------------------------------------------------
# Command line


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=DEFAULT_OUT, help="output file (default corpus/gold.jsonl)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless the output file is exactly what this script generates")
    ap.add_argument("--summary", action="store_true", help="print the summary only, write nothing")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary after writing")
    args = ap.parse_args(argv)
    try:
        records = build_all()
    except CorpusError as exc:
        print("build_corpus: error: %s" % exc, file=sys.stderr)
        return 2
    data = serialize(records)
    if args.summary:
        summary(records)
        return 0
    if args.check:
        status = 0
        try:
            with open(args.output, encoding="utf-8", newline="") as f:
                current = f.read()
        except OSError as exc:
            print("build_corpus: cannot read %s: %s" % (args.output, exc), file=sys.stderr)
            return 1
        if current != data:
            old, new = current.splitlines(), data.splitlines()
            for i in range(max(len(old), len(new))):
                if i >= len(old) or i >= len(new) or old[i] != new[i]:
                    print("build_corpus: %s is stale (first difference on line %d); "
                          "run tools/build_corpus.py" % (args.output, i + 1), file=sys.stderr)
                    break
            status = 1
        if os.path.abspath(args.output) == DEFAULT_OUT:
            extra = sorted(set(os.listdir(os.path.dirname(DEFAULT_OUT))) - {"gold.jsonl"})
            if extra:
                print("build_corpus: corpus/ must hold only gold.jsonl; found %s" % extra,
                      file=sys.stderr)
                status = 1
        if status == 0:
            print("build_corpus: %s is up to date (%d articles)" % (args.output, len(records)))
        return status
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    if not args.quiet:
        print("wrote %s" % args.output)
        summary(records)
    return 0


# ==========================================================================
# The articles.  All text below is original, invented for this project.
# ==========================================================================

# --- 1. Polish regional politics: „…” quotes and an en-dash radio exchange ---
article(
    id="pl-silesia-mining-fund",
    title="Silesian assembly approves fund for former mining towns after all-night session",
    topic="politics",
    text="""
KATOWICE, Poland — The Silesian regional assembly approved a 1.2 billion złoty fund for former
mining towns early on Thursday, after a debate that ran for more than eleven hours and a vote
decided by two ballots.

Marshal Małgorzata Kwiecień, who heads the regional government, said the money would go first to
retraining schemes and to clearing disused pit heads in Bytom and Ruda Śląska. „Nobody in these
towns asked for the mines to close, and nobody should be left to pay for it alone,” she told the
chamber shortly before the vote.

Opposition councillors said the fund had been rushed through and that the rules for awarding
grants had not yet been published. Tomasz Żuławski, who leads the opposition in the assembly,
called the plan „a cheque written before anyone has read the bill” and said his party would ask
the regional audit chamber to examine it.

„We are not against helping Bytom,” Żuławski said. „We are against doing it blind.”

According to the regional treasury, about 38,000 people still work in Silesian coal mines, down
from more than 90,000 at the start of the century.

The vote follows months of protests by miners’ unions. The unions say the national government has
broken promises made in a 2021 agreement to close the last pits gradually by 2049. A spokesman
for the Ministry of Industry said on Wednesday that the agreement remained in force and that talks
with the unions would resume in March.

Kwiecień defended the timing of the vote on regional radio on Thursday morning. The station
published part of the exchange:

– Why the rush, Marshal? – asked the presenter, Paweł Nowicki.

– Because every month we wait, another family moves to Wrocław or to Germany, and they do not
come back – Kwiecień replied.

Civic Silesia, Żuławski’s party, said in a statement after the vote that it would also file a
complaint with the provincial governor.

The fund still needs the approval of the European Commission, which is expected to rule on it in
the spring, regional officials said.
""",
    claims=[
        C("indirect", "the money would go first to retraining schemes and to clearing disused pit heads in Bytom and Ruda Śląska",
          src="Marshal Małgorzata Kwiecień, who heads the regional government", cue="said", who="Małgorzata Kwiecień"),
        C("direct", "Nobody in these towns asked for the mines to close, and nobody should be left to pay for it alone",
          src="she", cue="told", who="Małgorzata Kwiecień"),
        C("indirect", "the fund had been rushed through and that the rules for awarding grants had not yet been published",
          src="Opposition councillors", cue="[[said]] the fund", kind="anonymous"),
        C("mixed", "the plan „a cheque written before anyone has read the bill”",
          src="Tomasz Żuławski, who leads the opposition in the assembly", who="Tomasz Żuławski", cue="called"),
        C("indirect", "his party would ask the regional audit chamber to examine it",
          src="Tomasz Żuławski", cue="[[said]] his party"),
        C("direct", "We are not against helping Bytom", src="Żuławski", cue="said", who="Tomasz Żuławski"),
        C("direct", "We are against doing it blind.", src="Żuławski", cue="said", who="Tomasz Żuławski"),
        C("according_to", "about 38,000 people still work in Silesian coal mines, down from more than 90,000 at the start of the century",
          src="the regional treasury", cue="According to", kind="organization"),
        C("indirect", "the national government has broken promises made in a 2021 agreement to close the last pits gradually by 2049",
          src="The unions", cue="say", who="miners’ unions", kind="organization"),
        C("indirect", "the agreement remained in force and that talks with the unions would resume in March",
          src="A spokesman for the Ministry of Industry", cue="said", kind="anonymous"),
        C("direct", "Why the rush, Marshal?", src="Paweł Nowicki", cue="asked"),
        C("direct", "Because every month we wait, another family moves to Wrocław or to Germany, and they do not come back",
          src="Kwiecień", cue="replied", who="Małgorzata Kwiecień"),
        C("indirect", "it would also file a complaint with the provincial governor",
          src="Civic Silesia, Żuławski’s party", who="Civic Silesia", cue="said", kind="organization"),
        C("indirect", "The fund still needs the approval of the European Commission, which is expected to rule on it in the spring",
          src="regional officials", cue="said", kind="anonymous"),
    ],
    traps=["miners’ unions"],
)

# --- 2. Business: store closures, appositions, people familiar, a denial ---
article(
    id="uk-harbour-finch-closures",
    title="Harbour & Finch to close 40 department stores and cut 1,900 jobs",
    topic="business",
    text="""
LONDON — Harbour & Finch will close 40 of its 212 department stores over the next year and cut
about 1,900 jobs, the company announced on Tuesday, as the 150-year-old chain struggles with
falling footfall and rising rents.

The retailer reported a pre-tax loss of £84 million for the year to January, against a profit of
£12 million a year earlier. Like-for-like sales fell 6.3 per cent.

“We opened too many big shops in places people no longer visit, and we kept them too long,” said
Daniel Achterberg, the chief executive. “That is on us, not on our staff.”

The remaining shops, he said, will get smaller clothing floors and more room for cafés and
click-and-collect counters.

Priyanka Sethi, the chain’s chief financial officer, said the closures would save about £60
million a year from 2026. She told analysts on a conference call that the company had “no plans
whatsoever” to ask shareholders for fresh money.

The board has held early talks with at least two private equity firms about selling the freehold
of its flagship Manchester store, according to people familiar with the matter. The company denied
that any sale was under discussion.

The Retail and Distribution Union said in a statement that the cuts were “a betrayal of staff who
kept the shops open through the pandemic.” A sales assistant at the chain’s Leeds branch, who
spoke on condition of anonymity because staff had been told not to talk to the press, said workers
had learned of the closures from news alerts on their phones.

“This is a managed retreat, and probably the right one,” said Marta Lindholm, a retail analyst at
Cardew Securities. “The question is whether there is anything left to retreat to.”

“Department stores have been shrinking for twenty years. The ones that survive will be the ones
that stopped pretending otherwise.”

Shares in Harbour & Finch fell 9 per cent in early trading in London.
""",
    claims=[
        C("indirect", "Harbour & Finch will close 40 of its 212 department stores over the next year and cut about 1,900 jobs",
          src="the company", cue="announced", who="Harbour & Finch", kind="organization"),
        C("indirect", "a pre-tax loss of £84 million for the year to January, against a profit of £12 million a year earlier",
          src="The retailer", cue="reported", who="Harbour & Finch", kind="organization"),
        C("direct", "We opened too many big shops in places people no longer visit, and we kept them too long",
          src="Daniel Achterberg, the chief executive", cue="said"),
        C("direct", "That is on us, not on our staff.", src="Daniel Achterberg", cue="said"),
        C("indirect", ["The remaining shops", "will get smaller clothing floors and more room for cafés and click-and-collect counters"],
          src="he", cue="said", who="Daniel Achterberg"),
        C("indirect", "the closures would save about £60 million a year from 2026",
          src="Priyanka Sethi, the chain’s chief financial officer", who="Priyanka Sethi", cue="said"),
        C("mixed", "the company had “no plans whatsoever” to ask shareholders for fresh money",
          src="She", cue="told", who="Priyanka Sethi"),
        C("according_to", "The board has held early talks with at least two private equity firms about selling the freehold of its flagship Manchester store",
          src="people familiar with the matter", cue="according to", kind="anonymous"),
        C("indirect", "any sale was under discussion",
          src="The company", cue="denied", who="Harbour & Finch", kind="organization"),
        C("mixed", "the cuts were “a betrayal of staff who kept the shops open through the pandemic.”",
          src="The Retail and Distribution Union", cue="[[said]] in a statement", kind="organization"),
        C("indirect", "workers had learned of the closures from news alerts on their phones",
          src="A sales assistant at the chain’s Leeds branch", cue="[[said]] workers", kind="anonymous"),
        C("direct", "This is a managed retreat, and probably the right one", src="Marta Lindholm, a retail analyst at Cardew Securities", cue="said"),
        C("direct", "The question is whether there is anything left to retreat to.", src="Marta Lindholm", cue="said"),
        C("direct", "Department stores have been shrinking for twenty years. The ones that survive will be the ones that stopped pretending otherwise.",
          src="Marta Lindholm", cue="[[said]] Marta"),
    ],
    traps=["chain’s chief financial officer"],
)

# --- 3. Science: Vietnamese names, a multi-paragraph quotation ---
article(
    id="vn-salt-tolerant-rice",
    title="Salt-tolerant rice shows promise in Mekong Delta trials",
    topic="science",
    text="""
CẦN THƠ, Vietnam — A rice variety bred to grow in brackish water has produced yields close to
those of ordinary strains in field trials across four provinces of the Mekong Delta, researchers
said on Monday, offering farmers a possible defence against the seawater that creeps further
inland every dry season.

The variety, known for now only by its breeding code OM-517, was developed over nine years by a
team at Cần Thơ University led by Dr. Trần Thị Minh Hằng, a plant geneticist. On 120 trial farms
it averaged 5.4 tonnes per hectare in fields where salinity reached four grams per litre, a level
at which most varieties grown in the delta wither.

“Five years ago farmers would have been happy with three tonnes,” Hằng said in an interview at the
university’s experimental station. “Now three tonnes sounds like a bad year.”

She said the variety had been produced by conventional cross-breeding with a traditional landrace
from Sóc Trăng province, and that it would not need the approvals required for genetically
modified crops.

“Salt tolerance on its own was never the hard part,” she said. “Many old varieties have it. The
hard part was keeping the grain quality that buyers in Hồ Chí Minh City expect: the length, the
fragrance, the softness after cooking.

“When we sent our first samples to the mills in 2019, they sent them back. Now the same mills are
asking when they can have seed.”

Phạm Quốc Bảo, an agronomist at the Mekong Delta Water Institute who was not involved in the
trials, said the results were “genuinely encouraging” but warned that salinity in the delta was
rising faster than breeders could respond. A variety that copes with an ordinary dry season is
only a first step, he said, and the real test will come in a drought year like 2016.

According to Bến Tre’s agriculture department, saltwater damaged rice on about 9,000 hectares in
the province during the last dry season.

Lê Văn Tâm, who farms two hectares near the coast in Trà Vinh, planted OM-517 last season after
losing most of his crop the year before. “In 2023 I harvested almost nothing. This year my fields
looked like my father’s fields,” he said.

Provincial officials said certified seed could reach farmers in time for next year’s
winter-spring crop.
""",
    claims=[
        C("indirect", "A rice variety bred to grow in brackish water has produced yields close to those of ordinary strains in field trials across four provinces of the Mekong Delta",
          src="researchers", cue="said", kind="anonymous"),
        C("direct", "Five years ago farmers would have been happy with three tonnes",
          src="Hằng", cue="said", who="Trần Thị Minh Hằng"),
        C("direct", "Now three tonnes sounds like a bad year.",
          src="Hằng", cue="said", who="Trần Thị Minh Hằng"),
        C("indirect", "the variety had been produced by conventional cross-breeding with a traditional landrace from Sóc Trăng province, and that it would not need the approvals required for genetically modified crops",
          src="She", cue="said", who="Trần Thị Minh Hằng"),
        C("direct", "Salt tolerance on its own was never the hard part",
          src="she", cue="said", who="Trần Thị Minh Hằng"),
        C("direct", ["Many old varieties have it. The hard part was keeping the grain quality that buyers in Hồ Chí Minh City expect: the length, the fragrance, the softness after cooking.",
                     "When we sent our first samples to the mills in 2019, they sent them back. Now the same mills are asking when they can have seed."],
          src="she", cue="said", who="Trần Thị Minh Hằng"),
        C("mixed", "the results were “genuinely encouraging”",
          src="Phạm Quốc Bảo", cue="[[said]] the results"),
        C("indirect", "salinity in the delta was rising faster than breeders could respond",
          src="Phạm Quốc Bảo, an agronomist at the Mekong Delta Water Institute who was not involved in the trials", who="Phạm Quốc Bảo", cue="warned"),
        C("indirect", ["A variety that copes with an ordinary dry season is only a first step",
                       "and the real test will come in a drought year like 2016"],
          src="[[he]] said, and", cue="he [[said]], and", who="Phạm Quốc Bảo"),
        C("according_to", "saltwater damaged rice on about 9,000 hectares in the province during the last dry season",
          src="Bến Tre’s agriculture department", cue="According to", kind="organization"),
        C("direct", "In 2023 I harvested almost nothing. This year my fields looked like my father’s fields",
          src="he", cue="said", who="Lê Văn Tâm"),
        C("indirect", "certified seed could reach farmers in time for next year’s winter-spring crop",
          src="Provincial officials", cue="said", kind="anonymous"),
    ],
    traps=["university’s experimental station"],
)

# --- 4. Sport: a British-style report with ‘…’ quotes and an emoji post ---
article(
    id="sport-ashby-cup-run",
    title="Late Yıldız header sends Ashby Town into cup quarter-finals",
    topic="sport",
    text="""
Emre Yıldız headed in an 89th-minute winner as Ashby Town beat Northcote City 2-1 on Saturday to
reach the quarter-finals of the Northern Counties Cup for the first time since 1987.

The Turkish striker, known to supporters as ‘the Postman’ because he always delivers, met Callum
Reid’s cross at the near post ten minutes after Northcote had levelled from the penalty spot.

‘He had one chance all afternoon and he didn’t waste it,’ said Town manager Kemal Aydoğan.
‘That’s what strikers are for.’

Aydoğan, who played more than 300 games in the Turkish second division before coaching in
England, said his squad of part-timers had trained only twice since the previous round. ‘Half of
them were at work at six this morning,’ he added. ‘One of them is a postman too, a real one.’

Stuart Penhallow, the Northcote manager, said his side had been ‘second best for an hour’ and
could have no complaints about the result. Asked about the penalty that brought the equaliser, he
said: ‘I’ve watched it back twice. Ask me again after the third time.’

Yıldız, who joined Ashby from the Istanbul amateur side Kartalspor in the summer, celebrated on
Instagram after the final whistle, writing: ‘Never stop believing ⚽️🙏🇹🇷’

‘I saw the ball, I closed my eyes, I jumped,’ Yıldız told Radio Ashby. ‘Maybe I should close my
eyes more often.’

A club spokesman said about 600 tickets for the quarter-final would be set aside for under-16s at
£2 each.

The crowd of 4,312 was Town’s biggest of the season, according to the club.
""",
    claims=[
        C("direct", "He had one chance all afternoon and he didn’t waste it",
          src="Town manager Kemal Aydoğan", cue="said", who="Kemal Aydoğan"),
        C("direct", "That’s what strikers are for.",
          src="Town manager Kemal Aydoğan", cue="said", who="Kemal Aydoğan"),
        C("indirect", "his squad of part-timers had trained only twice since the previous round",
          src="Aydoğan, who played more than 300 games in the Turkish second division before coaching in England", cue="said", who="Kemal Aydoğan"),
        C("direct", "Half of them were at work at six this morning",
          src="he", cue="added", who="Kemal Aydoğan"),
        C("direct", "One of them is a postman too, a real one.",
          src="he", cue="added", who="Kemal Aydoğan"),
        C("mixed", "his side had been ‘second best for an hour’ and could have no complaints about the result",
          src="Stuart Penhallow, the Northcote manager", who="Stuart Penhallow", cue="[[said]] his side"),
        C("direct", "I’ve watched it back twice. Ask me again after the third time.",
          src="[[he]] said:", cue="he [[said]]:", who="Stuart Penhallow"),
        C("direct", "Never stop believing ⚽️🙏🇹🇷",
          src="Yıldız, who joined Ashby from the Istanbul amateur side Kartalspor in the summer", cue="writing", who="Emre Yıldız"),
        C("direct", "I saw the ball, I closed my eyes, I jumped",
          src="Yıldız", cue="told", who="Emre Yıldız"),
        C("direct", "Maybe I should close my eyes more often.",
          src="Yıldız", cue="told", who="Emre Yıldız"),
        C("indirect", "about 600 tickets for the quarter-final would be set aside for under-16s at £2 each",
          src="A club spokesman", cue="said", kind="anonymous"),
        C("according_to", "The crowd of 4,312 was Town’s biggest of the season",
          src="the club", cue="according to", who="Ashby Town", kind="organization"),
    ],
    traps=["‘the Postman’", "Reid’s cross"],
)

# --- 5. Culture: film titles as traps, a translated interview with dialogue dashes ---
article(
    id="culture-lisbon-film-prize",
    title="Ximena Ortúzar’s debut feature wins Lisbon festival’s top prize",
    topic="culture",
    text="""
LISBON — The jury of the Lisbon International Film Festival on Saturday awarded its Golden
Lighthouse for best film to “Salt Harbour,” the first feature by the Chilean-born, Galicia-based
director Ximena Ortúzar.

The film follows three generations of women in a fishing family on the Galician coast, from the
closure of the local cannery in the ’90s to the present day, and is scored almost entirely with
the rock ’n’ roll records the grandmother dances to in her kitchen.

The jury, chaired by the Portuguese actress Inês Valadares, said in a statement that the film was
“tender and furious at the same time, like the sea it is named after.”

“I made this film with my aunts, my cousins and a camera I bought second-hand from a wedding
photographer,” Ortúzar said as she accepted the prize, “so it belongs to them more than to me.”

Ortúzar, who was born in Valparaíso and moved to Vigo at 14, said she had spent most of her
thirties as a continuity supervisor on television dramas. In an interview on Sunday with the
Spanish radio station Onda Atlántica, translated here from Spanish, she talked about the film’s
long road to the screen:

— Seven years is a long time for one film — said the presenter, Lucía Marín.

— It is less time than my grandmother spent at the cannery — Ortúzar replied. — And nobody ever
gave her a prize.

— Where will you make the next one? — Marín asked.

— Wherever they let me — the director said, laughing.

“It is not a perfect film, but it is the most alive thing I saw in Lisbon this year,” wrote the
critic Rui Tavares Bento in the daily Jornal do Tejo.

A distribution deal covering Spain and Latin America is close to being signed, according to two
people involved in the negotiations. Last year’s winner, the Romanian drama “The Quiet Floor,”
went on to open in more than 20 countries.
""",
    claims=[
        C("mixed", "the film was “tender and furious at the same time, like the sea it is named after.”",
          src="The jury", cue="said", who="jury of the Lisbon International Film Festival", kind="organization"),
        C("direct", "I made this film with my aunts, my cousins and a camera I bought second-hand from a wedding photographer",
          src="Ortúzar", cue="said", who="Ximena Ortúzar"),
        C("direct", "so it belongs to them more than to me.",
          src="Ortúzar", cue="said", who="Ximena Ortúzar"),
        C("indirect", "she had spent most of her thirties as a continuity supervisor on television dramas",
          src="Ortúzar, who was born in Valparaíso and moved to Vigo at 14", cue="said", who="Ximena Ortúzar"),
        C("direct", "Seven years is a long time for one film", src="Lucía Marín", cue="said"),
        C("direct", "It is less time than my grandmother spent at the cannery",
          src="Ortúzar", cue="replied", who="Ximena Ortúzar"),
        C("direct", "And nobody ever gave her a prize.",
          src="Ortúzar", cue="replied", who="Ximena Ortúzar"),
        C("direct", "Where will you make the next one?", src="Marín", cue="asked", who="Lucía Marín"),
        C("direct", "Wherever they let me", src="the director", cue="said", who="Ximena Ortúzar"),
        C("direct", "It is not a perfect film, but it is the most alive thing I saw in Lisbon this year",
          src="Rui Tavares Bento", cue="wrote"),
        C("according_to", "A distribution deal covering Spain and Latin America is close to being signed",
          src="two people involved in the negotiations", cue="according to", kind="anonymous"),
    ],
    traps=["“Salt Harbour,”", "’90s", "rock ’n’ roll", "“The Quiet Floor,”"],
)

# --- 6. Courts: Yoruba names with combining diacritics, a denial, a second-hand source ---
article(
    id="ng-lagos-port-fraud-trial",
    title="Lagos court adjourns trial of former port officials over cargo fraud",
    topic="courts",
    text="""
LAGOS, Nigeria — A Federal High Court in Lagos on Wednesday adjourned until March 4 the trial of
two former officials of the federal ports agency accused of helping to clear more than 300
containers of undeclared goods, after defence lawyers said they needed more time to study new
evidence.

Babátúndé Ògúnlẹ̀yẹ, a former deputy terminal manager, and Chinedu Okwara, a former customs
liaison officer, have pleaded not guilty to 14 counts of fraud and conspiracy.

According to prosecutors, the two men arranged for containers declared as used tyres to be
released without inspection between 2019 and 2021, costing the government about 2.1 billion naira
in lost duties.

Ifeoma Nwachukwu, the lead prosecutor, told the court that the request for an adjournment was “a
tactic to delay justice.” “The prosecution has been ready since October,” she said. “Every month of
delay is a month in which witnesses forget.”

Adérónkẹ́ Ṣódípẹ̀, who represents Ògúnlẹ̀yẹ, denied that the defence was stalling. “We received
1,100 pages of new documents on Monday night. No lawyer in this country could read them by
Wednesday,” Ṣódípẹ̀ told reporters outside the courtroom.

Justice Mọ́ríyọ̀ Ajíbóyè granted the adjournment but warned both sides that she would not allow
another. “This court will sit on March 4 whether or not everybody has finished reading,” the judge
said.

Okwara’s lawyer could not be reached on Wednesday.

Ògúnlẹ̀yẹ, speaking briefly to journalists as he left the court, said he had “served this country
honestly for 26 years” and expected to be cleared.

A spokesman for the ports agency, who spoke on condition of anonymity because he was not
authorised to discuss the case, said inspection rules had been tightened since the two men were
arrested.

Eleven other employees have been suspended pending an internal review, the agency said last
month, according to the Lagos Courier newspaper.
""",
    claims=[
        C("indirect", "they needed more time to study new evidence",
          src="defence lawyers", cue="said", kind="anonymous"),
        C("according_to", "the two men arranged for containers declared as used tyres to be released without inspection between 2019 and 2021, costing the government about 2.1 billion naira in lost duties",
          src="prosecutors", cue="According to", kind="anonymous"),
        C("mixed", "the request for an adjournment was “a tactic to delay justice.”",
          src="Ifeoma Nwachukwu, the lead prosecutor", who="Ifeoma Nwachukwu", cue="told"),
        C("direct", "The prosecution has been ready since October",
          src="she", cue="said", who="Ifeoma Nwachukwu"),
        C("direct", "Every month of delay is a month in which witnesses forget.",
          src="she", cue="said", who="Ifeoma Nwachukwu"),
        C("indirect", "the defence was stalling", src="Adérónkẹ́ Ṣódípẹ̀, who represents Ògúnlẹ̀yẹ", who="Adérónkẹ́ Ṣódípẹ̀", cue="denied"),
        C("direct", "We received 1,100 pages of new documents on Monday night. No lawyer in this country could read them by Wednesday",
          src="[[Ṣódípẹ̀]] told", cue="told", who="Adérónkẹ́ Ṣódípẹ̀"),
        C("indirect", "she would not allow another",
          src="Justice Mọ́ríyọ̀ Ajíbóyè", cue="warned", who="Mọ́ríyọ̀ Ajíbóyè"),
        C("direct", "This court will sit on March 4 whether or not everybody has finished reading",
          src="the judge", cue="said", who="Mọ́ríyọ̀ Ajíbóyè"),
        C("mixed", "he had “served this country honestly for 26 years” and expected to be cleared",
          src="Ògúnlẹ̀yẹ", cue="said", who="Babátúndé Ògúnlẹ̀yẹ"),
        C("indirect", "inspection rules had been tightened since the two men were arrested",
          src="A spokesman for the ports agency, who spoke on condition of anonymity because he was not authorised to discuss the case", cue="said", kind="anonymous"),
        C("indirect", "Eleven other employees have been suspended pending an internal review",
          src="the agency", cue="said", who="federal ports agency", kind="organization",
          via="Lagos Courier"),
    ],
    traps=["Okwara’s lawyer"],
)

# --- 7. Disaster: Czech floods, residents, a spokesman, a pronoun without antecedent ---
article(
    id="cz-moravia-floods",
    title="Floods cut off villages in eastern Czech Republic as rivers peak",
    topic="weather",
    text="""
OPAVA, Czech Republic — Rescue teams used boats and army lorries on Sunday to reach villages cut
off by floodwater in the Moravian-Silesian region, where the Opava river rose more than three
metres above its normal level after two days of torrential rain.

About 4,200 people have been evacuated and three are missing, Regional Governor Kateřina Horáčková
told reporters at a briefing in Ostrava. “The water came faster than any of our models predicted.
We are now fighting for every street,” Horáčková said.

According to the Czech Hydrometeorological Institute, the river at Opava peaked early on Sunday at
6.3 metres and is expected to fall only slowly until Tuesday.

In Krnov, where the main square stood under half a metre of water on Saturday night, volunteers
handed out sandbags from a supermarket car park.

“Nobody has slept. We fill bags, we sleep for an hour, we fill bags again,” he said.

Residents of the lower town said the warning sirens sounded only after water had reached their
doorsteps. A spokesman for the regional fire service said the sirens had worked as planned and
that the speed of the rise had caught everyone by surprise.

Two people died in the neighbouring Olomouc region when their car was swept off a flooded road,
regional police said, according to the ČTK news agency. Witnesses said the driver had tried to go
around a police barrier.

Interior Minister Jana Müllerová announced emergency payments of up to 50,000 crowns for every
flooded household and said the army would keep 1,500 soldiers in the region for as long as
necessary.

Mayor Radek Šťastný of Krnov said the town’s new flood barriers had “done their job until the water
simply went round them.” Asked whether the town would rebuild them higher, he said: “First we pump
out the hospital. Then we talk about walls.”

“We built for the flood of 1997. This was not the flood of 1997.”
""",
    claims=[
        C("indirect", "About 4,200 people have been evacuated and three are missing",
          src="Regional Governor Kateřina Horáčková", cue="told", who="Kateřina Horáčková"),
        C("direct", "The water came faster than any of our models predicted. We are now fighting for every street",
          src="[[Horáčková]] said", cue="said", who="Kateřina Horáčková"),
        C("according_to", "the river at Opava peaked early on Sunday at 6.3 metres and is expected to fall only slowly until Tuesday",
          src="the Czech Hydrometeorological Institute", cue="According to", kind="organization"),
        C("direct", "Nobody has slept. We fill bags, we sleep for an hour, we fill bags again",
          src="he", cue="said", kind="unknown"),
        C("indirect", "the warning sirens sounded only after water had reached their doorsteps",
          src="Residents of the lower town", cue="[[said]] the warning", kind="anonymous"),
        C("indirect", "the sirens had worked as planned and that the speed of the rise had caught everyone by surprise",
          src="A spokesman for the regional fire service", cue="[[said]] the sirens", kind="anonymous"),
        C("indirect", "Two people died in the neighbouring Olomouc region when their car was swept off a flooded road",
          src="regional police", cue="police [[said]]", kind="organization", via="ČTK"),
        C("indirect", "the driver had tried to go around a police barrier",
          src="Witnesses", cue="Witnesses [[said]]", kind="anonymous"),
        C("indirect", "emergency payments of up to 50,000 crowns for every flooded household",
          src="Interior Minister Jana Müllerová", cue="announced", who="Jana Müllerová"),
        C("indirect", "the army would keep 1,500 soldiers in the region for as long as necessary",
          src="Interior Minister Jana Müllerová", cue="said", who="Jana Müllerová"),
        C("mixed", "the town’s new flood barriers had “done their job until the water simply went round them.”",
          src="Mayor Radek Šťastný", cue="[[said]] the town’s", who="Radek Šťastný"),
        C("direct", "First we pump out the hospital. Then we talk about walls.",
          src="[[he]] said:", cue="he [[said]]:", who="Radek Šťastný"),
        C("direct", "We built for the flood of 1997. This was not the flood of 1997.",
          src="[[he]] said:", cue="he [[said]]:", who="Radek Šťastný"),
    ],
    traps=[],
)

# --- 8. Health: a German outlet's English edition, „…“ with a nested ‚…‘ ---
article(
    id="de-bavaria-nurses-strike",
    title="Bavarian hospitals postpone operations as nurses’ strike enters second week",
    topic="health",
    text="""
NUREMBERG — Hospitals in Bavaria postponed more than 2,000 planned operations last week as a
strike by nursing staff entered its second week, the Bavarian Hospital Association said on Monday.

Pflege Vereint, the union leading the walkout, is demanding a 9 per cent pay rise and binding
minimum staffing levels on every ward. On Monday the union announced that the walkout would be
extended to hospitals in Augsburg and Regensburg from Wednesday.

„We did not choose to strike in November. November chose us, because this is when the wards are
fullest and the shortage is hardest to hide,“ said Jörg Weißhaupt, the union’s Bavarian chairman,
at a rally outside Nuremberg’s main station on Monday.

„Every night a colleague tells me, ‚I can’t do this any more.‘ That sentence is the reason we are
standing here,“ he said.

Dr. Leyla Demirci, medical director of the Klinikum Nordstadt, said emergency care had not been
affected but that some cancer operations were being pushed back by up to three weeks. „Every
morning we decide which patient can wait another week. That is not medicine, that is triage,“
Demirci said.

According to the association, about 14 per cent of nursing posts in Bavarian hospitals are vacant.

Health Minister Ulrike Sommerfeld, whose ministry is not a party to the pay talks, called the
union’s demands „understandable but not affordable in one step“ and said both sides should accept
an independent mediator.

Weißhaupt rejected the idea. „Who will pay when a hospital closes a ward for good because it
cannot find anyone to staff it?“ he asked.

Talks between the union and the hospital employers are due to resume on Thursday in Munich, a
spokeswoman for the employers said.
""",
    claims=[
        C("indirect", "Hospitals in Bavaria postponed more than 2,000 planned operations last week as a strike by nursing staff entered its second week",
          src="the Bavarian Hospital Association", cue="said", kind="organization"),
        C("indirect", "a 9 per cent pay rise and binding minimum staffing levels on every ward",
          src="Pflege Vereint, the union leading the walkout", who="Pflege Vereint", cue="demanding", kind="organization"),
        C("indirect", "the walkout would be extended to hospitals in Augsburg and Regensburg from Wednesday",
          src="[[the union]] announced", cue="announced", who="Pflege Vereint", kind="organization"),
        C("direct", "We did not choose to strike in November. November chose us, because this is when the wards are fullest and the shortage is hardest to hide",
          src="Jörg Weißhaupt, the union’s Bavarian chairman", cue="said"),
        C("direct", "Every night a colleague tells me, ‚I can’t do this any more.‘ That sentence is the reason we are standing here",
          src="he", cue="said", who="Jörg Weißhaupt"),
        C("direct", "I can’t do this any more.", src="a colleague", cue="tells", kind="anonymous"),
        C("indirect", "emergency care had not been affected but that some cancer operations were being pushed back by up to three weeks",
          src="Dr. Leyla Demirci, medical director of the Klinikum Nordstadt", cue="[[said]] emergency", who="Leyla Demirci"),
        C("direct", "Every morning we decide which patient can wait another week. That is not medicine, that is triage",
          src="[[Demirci]] said", cue="Demirci [[said]]", who="Leyla Demirci"),
        C("according_to", "about 14 per cent of nursing posts in Bavarian hospitals are vacant",
          src="the association", cue="According to", who="Bavarian Hospital Association", kind="organization"),
        C("mixed", "the union’s demands „understandable but not affordable in one step“",
          src="Health Minister Ulrike Sommerfeld, whose ministry is not a party to the pay talks", cue="called", who="Ulrike Sommerfeld"),
        C("indirect", "both sides should accept an independent mediator",
          src="Health Minister Ulrike Sommerfeld", cue="said", who="Ulrike Sommerfeld"),
        C("direct", "Who will pay when a hospital closes a ward for good because it cannot find anyone to staff it?",
          src="he", cue="asked", who="Jörg Weißhaupt"),
        C("indirect", "Talks between the union and the hospital employers are due to resume on Thursday in Munich",
          src="a spokeswoman for the employers", cue="said", kind="anonymous"),
    ],
    traps=["Nuremberg’s main station"],
)

# --- 9. Technology: a Japanese shop, 「…」 and 『…』 quotations, CJK in the text ---
article(
    id="jp-akihabara-parts-shop",
    title="Akihabara parts shop to close after 70 years as rents climb",
    topic="technology",
    text="""
TOKYO — Maruya Denki, a narrow electronics-parts shop that has sold vacuum tubes, resistors and
soldering irons beneath the railway tracks in Akihabara since 1953, will close at the end of March,
its third-generation owner, Haruto Maruyama, said on Friday.

The shop, whose hand-painted sign reads まるや電気, is one of the last of the stall-sized parts
dealers that gave Tokyo’s electronics district its reputation among engineers and hobbyists long
before it became known for anime and maid cafés.

Maruyama, 71, said the rent had tripled since 2015 and that most of his remaining customers now
ordered online. “I can sell a resistor for ten yen here, or someone can sell the same resistor for
ten yen on the internet, and the internet does not pay rent,” he said.

Asked how he felt, he answered first in Japanese, 「時代が変わった。それだけです」, and then in
English: “Times changed. That’s all.”

The developer that owns the building, Kanda Sōgō Fudōsan, plans to replace the row of stalls with a
14-storey office tower, according to a person familiar with the plans who asked not to be named
because they have not been made public. In a statement, the developer said it had offered all
tenants compensation and help finding new premises nearby.

Engineers and hobbyists have been posting photographs of the shop since the news broke. One
longtime customer, who gave only his first name, Kenji, wrote on social media:
『学生の頃から通っていた店。本当に寂しい』 — “I have been coming to this shop since I was a
student. I will really miss it.”

The Akihabara Merchants’ Association said the number of parts dealers in the district had fallen
from about 300 in the early 1990s to fewer than 40.

Maruyama said he planned to give his remaining stock of vacuum tubes to a technical high school in
Saitama. “They are too good to throw away,” he said, “and too heavy to take home.”
""",
    claims=[
        C("indirect", "Maruya Denki, a narrow electronics-parts shop that has sold vacuum tubes, resistors and soldering irons beneath the railway tracks in Akihabara since 1953, will close at the end of March",
          src="Haruto Maruyama", cue="said"),
        C("indirect", "the rent had tripled since 2015 and that most of his remaining customers now ordered online",
          src="Maruyama, 71", cue="[[said]] the rent", who="Haruto Maruyama"),
        C("direct", "I can sell a resistor for ten yen here, or someone can sell the same resistor for ten yen on the internet, and the internet does not pay rent",
          src="[[he]] said.", cue="he [[said]].", who="Haruto Maruyama"),
        C("direct", "時代が変わった。それだけです",
          src="[[he]] answered", cue="answered", who="Haruto Maruyama"),
        C("direct", "Times changed. That’s all.",
          src="[[he]] answered", cue="answered", who="Haruto Maruyama"),
        C("according_to", "The developer that owns the building, Kanda Sōgō Fudōsan, plans to replace the row of stalls with a 14-storey office tower",
          src="a person familiar with the plans", cue="according to", kind="anonymous"),
        C("indirect", "it had offered all tenants compensation and help finding new premises nearby",
          src="the developer", cue="said", who="Kanda Sōgō Fudōsan", kind="organization"),
        C("direct", "学生の頃から通っていた店。本当に寂しい", src="Kenji", cue="wrote"),
        C("direct", "I have been coming to this shop since I was a student. I will really miss it.",
          src="Kenji", cue="wrote"),
        C("indirect", "the number of parts dealers in the district had fallen from about 300 in the early 1990s to fewer than 40",
          src="The Akihabara Merchants’ Association", cue="said", kind="organization"),
        C("indirect", "he planned to give his remaining stock of vacuum tubes to a technical high school in Saitama",
          src="Maruyama", cue="[[said]] he planned", who="Haruto Maruyama"),
        C("direct", "They are too good to throw away",
          src="[[he]] said,", cue="he [[said]],", who="Haruto Maruyama"),
        C("direct", "and too heavy to take home.",
          src="[[he]] said,", cue="he [[said]],", who="Haruto Maruyama"),
    ],
    traps=["まるや電気", "Tokyo’s electronics district"],
)

# --- 10. International: a Swiss outlet's English edition, «…» with a nested ‹…›, RTL text ---
article(
    id="ch-geneva-libya-oil-talks",
    title="Libyan rivals agree in Geneva on joint oversight of oil revenue",
    topic="international",
    text="""
GENEVA — Delegations from Libya’s two rival governments agreed on Thursday to set up a joint
committee to oversee the country’s oil revenue, the Swiss foreign ministry said.

The committee, made up of three officials from each side and chaired by an independent auditor,
will publish monthly accounts of income from crude sales, according to two diplomats who attended
the talks.

«This is not peace, and nobody here is pretending that it is,» said Corinne Vuilleumier, the Swiss
diplomat who chaired three weeks of negotiations. «But it is the first time in four years that
both sides have signed the same piece of paper.»

«At two in the morning one of the delegates stood up and said, ‹We did not come to Geneva for the
chocolate.› After that, things moved quickly,» she added.

Khalid al-Mabrouk, who led the delegation from Tripoli, told reporters that the agreement
«protects the money of every Libyan, in the east and in the west».

Salma Ben Amer, head of the eastern delegation, said her side had accepted the deal «with
reservations» and would present it to lawmakers in Benghazi next week.

In Benghazi, the eastern administration’s finance ministry said the agreement would be put into
effect «in stages», according to the daily Al-Manara (المنارة).

According to the state oil company, Libya produced about 1.2 million barrels a day last month, most
of it from fields in the south and east.

Western diplomats, speaking on condition of anonymity, said the real test would be whether the
central bank published the first monthly figures on time.

Asked whether the committee would be able to block payments, Vuilleumier said: «That is the
question for the next round.»
""",
    claims=[
        C("indirect", "Delegations from Libya’s two rival governments agreed on Thursday to set up a joint committee to oversee the country’s oil revenue",
          src="the Swiss foreign ministry", cue="said", kind="organization"),
        C("according_to", "The committee, made up of three officials from each side and chaired by an independent auditor, will publish monthly accounts of income from crude sales",
          src="two diplomats who attended the talks", cue="according to", kind="anonymous"),
        C("direct", "This is not peace, and nobody here is pretending that it is",
          src="Corinne Vuilleumier, the Swiss diplomat who chaired three weeks of negotiations", cue="said"),
        C("direct", "But it is the first time in four years that both sides have signed the same piece of paper.",
          src="Corinne Vuilleumier", cue="said"),
        C("direct", "At two in the morning one of the delegates stood up and said, ‹We did not come to Geneva for the chocolate.› After that, things moved quickly",
          src="she", cue="added", who="Corinne Vuilleumier"),
        C("direct", "We did not come to Geneva for the chocolate.",
          src="one of the delegates", cue="said", kind="anonymous"),
        C("mixed", "the agreement «protects the money of every Libyan, in the east and in the west»",
          src="Khalid al-Mabrouk", cue="told"),
        C("mixed", "her side had accepted the deal «with reservations» and would present it to lawmakers in Benghazi next week",
          src="Salma Ben Amer, head of the eastern delegation", who="Salma Ben Amer", cue="said"),
        C("mixed", "the agreement would be put into effect «in stages»",
          src="the eastern administration’s finance ministry", cue="said", kind="organization",
          via="Al-Manara"),
        C("according_to", "Libya produced about 1.2 million barrels a day last month, most of it from fields in the south and east",
          src="the state oil company", cue="According to", kind="organization"),
        C("indirect", "the real test would be whether the central bank published the first monthly figures on time",
          src="Western diplomats", cue="said", kind="anonymous"),
        C("direct", "That is the question for the next round.", src="Vuilleumier", cue="said",
          who="Corinne Vuilleumier"),
    ],
    traps=["Al-Manara (المنارة)", "administration’s finance ministry"],
)

# --- 11. Local news: a Danish council, »…«, a dash attribution, a colon introduction ---
article(
    id="dk-aarhus-slow-streets",
    title="Aarhus council narrowly backs car-free trial in the Latin Quarter",
    topic="local",
    text="""
AARHUS, Denmark — Aarhus city council voted 16 to 15 on Wednesday night to close six streets in the
Latin Quarter to through traffic for a one-year trial, the first stage of the so-called »slow
streets« plan that has divided shopkeepers and residents for months.

»We are not banning cars. We are asking them to take the long way round,« said Mette Søndergaard,
the councillor in charge of technical services, who proposed the plan.

Søndergaard said the city would measure air quality, noise and shop takings every three months and
that the trial could be stopped early »if the numbers go the wrong way«.

Several shopkeepers on the affected streets said they had never been consulted. »Who is going to
carry a washing machine from a car park 800 metres away?« asked Jens Kjærgaard, who has run an
appliance repair shop in the quarter since 1989.

Anders Bech Lauritsen, the Conservative group leader, said the vote showed a council »out of touch
with anyone over 40«. He pointed to a petition against the plan, which he said was signed by more
than 5,000 people.

The Latin Quarter residents’ association, chaired by Birgitte Nørgaard Holm, had gathered 2,400
signatures in favour.

East Jutland Police said in a statement that officers would give warnings rather than fines during
the first month of the trial, which begins on March 1.

What they said in the council chamber:

»The street belongs to the people who live on it, not to the people driving through it.«
—Councillor Freja Østergaard

»We will be back here in a year, and the shops will be empty.« —Councillor Lauritsen

And from the chairwoman: »Finally we can open our windows in summer.«
""",
    claims=[
        C("direct", "We are not banning cars. We are asking them to take the long way round",
          src="Mette Søndergaard, the councillor in charge of technical services, who proposed the plan", cue="said"),
        C("mixed", "the city would measure air quality, noise and shop takings every three months and that the trial could be stopped early »if the numbers go the wrong way«",
          src="Søndergaard", cue="said", who="Mette Søndergaard"),
        C("indirect", "they had never been consulted",
          src="Several shopkeepers on the affected streets", cue="said", kind="anonymous"),
        C("direct", "Who is going to carry a washing machine from a car park 800 metres away?",
          src="Jens Kjærgaard, who has run an appliance repair shop in the quarter since 1989", cue="asked"),
        C("mixed", "the vote showed a council »out of touch with anyone over 40«",
          src="Anders Bech Lauritsen, the Conservative group leader", who="Anders Bech Lauritsen", cue="[[said]] the vote"),
        C("indirect", ["[[which]] he said was signed", "was signed by more than 5,000 people"],
          src="which [[he]] said", cue="which he [[said]]", who="Anders Bech Lauritsen"),
        C("indirect", "officers would give warnings rather than fines during the first month of the trial, which begins on March 1",
          src="East Jutland Police", cue="said", kind="organization"),
        C("direct", "The street belongs to the people who live on it, not to the people driving through it.",
          src="Councillor Freja Østergaard", cue="—", who="Freja Østergaard"),
        C("direct", "We will be back here in a year, and the shops will be empty.",
          src="Councillor Lauritsen", cue="—", who="Anders Bech Lauritsen"),
        C("direct", "Finally we can open our windows in summer.",
          src="the chairwoman", cue=":", who="Birgitte Nørgaard Holm"),
    ],
    traps=["»slow streets«", "residents’ association"],
)

# --- 12. Health: a British report with straight '…' quotes and a nested "…" ---
article(
    id="uk-cumbria-weekend-gp",
    title="West Cumbria surgeries to trial Saturday GP appointments",
    topic="health",
    text="""
Family doctors in west Cumbria will offer Saturday morning appointments at six surgeries from next
month, in a pilot scheme aimed at cutting waiting times, the area's NHS commissioning body said on
Monday.

According to the commissioning body, one in five patients in the area currently waits more than two
weeks for a routine appointment.

Dr Owain Pritchard, a GP in Workington who helped design the scheme, said most of the Saturday
slots would go to people who could not get to a surgery during working hours.

'People tell me, "I can't take a morning off work to sit in a waiting room," and they're right,' he
said. 'So they leave it, and then they turn up at A&E three months later.'

Sandra Kowalczyk, 58, a school cook from Whitehaven, said she had given up trying to see a doctor
last winter. 'I rang at eight every morning for a fortnight,' she said. 'By the time I got through,
the pain had gone.'

The local medical committee, which represents GPs in the area, said it supported the pilot but
warned that doctors must not be 'pressured' into working weekends.

A practice manager at one of the participating surgeries, who asked not to be named, said staff
would be paid overtime rates and that the pilot's £1.4m budget would run out 'by Christmas at the
latest' unless it was extended.

The Department of Health and Social Care said it would 'look closely' at the results.
""",
    claims=[
        C("indirect", "Family doctors in west Cumbria will offer Saturday morning appointments at six surgeries from next month, in a pilot scheme aimed at cutting waiting times",
          src="the area's NHS commissioning body", cue="said", kind="organization"),
        C("according_to", "one in five patients in the area currently waits more than two weeks for a routine appointment",
          src="the commissioning body", cue="According to", who="area's NHS commissioning body",
          kind="organization"),
        C("indirect", "most of the Saturday slots would go to people who could not get to a surgery during working hours",
          src="Dr Owain Pritchard, a GP in Workington who helped design the scheme", cue="said", who="Owain Pritchard"),
        C("direct", """People tell me, "I can't take a morning off work to sit in a waiting room," and they're right""",
          src="he", cue="said", who="Owain Pritchard"),
        C("direct", "I can't take a morning off work to sit in a waiting room",
          src="People", cue="tell", kind="anonymous"),
        C("direct", "So they leave it, and then they turn up at A&E three months later.",
          src="he", cue="said", who="Owain Pritchard"),
        C("indirect", "she had given up trying to see a doctor last winter",
          src="Sandra Kowalczyk, 58, a school cook from Whitehaven", who="Sandra Kowalczyk", cue="[[said]] she had"),
        C("direct", "I rang at eight every morning for a fortnight",
          src="fortnight,' [[she]] said", cue="fortnight,' she [[said]]", who="Sandra Kowalczyk"),
        C("direct", "By the time I got through, the pain had gone.",
          src="fortnight,' [[she]] said", cue="fortnight,' she [[said]]", who="Sandra Kowalczyk"),
        C("indirect", "it supported the pilot",
          src="The local medical committee", cue="said", kind="organization"),
        C("mixed", "doctors must not be 'pressured' into working weekends",
          src="The local medical committee, which represents GPs in the area", who="local medical committee", cue="warned", kind="organization"),
        C("mixed", "staff would be paid overtime rates and that the pilot's £1.4m budget would run out 'by Christmas at the latest' unless it was extended",
          src="A practice manager at one of the participating surgeries", cue="said", kind="anonymous"),
        C("mixed", "it would 'look closely' at the results",
          src="The Department of Health and Social Care", cue="said", kind="organization"),
    ],
    traps=[],
)

# --- 13. Energy: Turkish names, according to first and last, a second-hand source ---
article(
    id="tr-black-sea-gas-output",
    title="Turkey aims to double Black Sea gas output by 2026, minister says",
    topic="energy",
    text="""
ANKARA — Turkey plans to double daily output from its largest offshore gas field by the end of
2026, Energy Minister İsmail Doğan said on Tuesday, as the country tries to reduce its dependence
on imported fuel.

Speaking at a new processing plant on the Black Sea coast, Doğan said a second floating production
platform would be towed into place next summer. “Every cubic metre we produce at home is a cubic
metre we do not have to buy in dollars,” he said.

He called the field “the gift that keeps on giving” and denied that the government was planning to
raise household gas prices before the winter.

According to the Energy Ministry, the field currently supplies about 9.5 million cubic metres a
day, roughly a tenth of the country’s winter demand.

“The target is achievable, but the timeline is optimistic. Floating platforms almost never arrive
on schedule,” said Elif Şahin, an energy analyst at the Istanbul consultancy Boğaziçi Enerji. The
more important question, she said, was whether cheaper domestic gas would reach households or
simply improve the state importer’s balance sheet.

Hatice Yılmaz, who runs a tea house in the port town of Ereğli, said she would believe in cheaper
gas “when I see it on my bill.”

The Black Sea Coast Platform, an alliance of fishing cooperatives and environmental groups, said in
a statement that the pipeline landfall had been approved “without a single public hearing.”
Fishermen in Zonguldak say anchovy catches near the pipeline route have fallen for two seasons in a
row.

Gas from the second phase could start flowing as early as March, the state energy company said,
according to the Ege Haber news agency. The second platform is being fitted out at a shipyard in
South Korea and is about four months behind schedule, two industry sources said.

Turkey imported about 50 billion cubic metres of gas last year, most of it from Russia, Azerbaijan
and Iran, according to the national energy regulator. The new output is central to Ankara’s so-called
“gas hub” ambitions of reselling fuel to Europe.
""",
    claims=[
        C("indirect", "Turkey plans to double daily output from its largest offshore gas field by the end of 2026",
          src="Energy Minister İsmail Doğan", cue="said", who="İsmail Doğan"),
        C("indirect", "a second floating production platform would be towed into place next summer",
          src="Doğan", cue="[[said]] a second", who="İsmail Doğan"),
        C("direct", "Every cubic metre we produce at home is a cubic metre we do not have to buy in dollars",
          src="he", cue="he [[said]]", who="İsmail Doğan"),
        C("mixed", "the field “the gift that keeps on giving”",
          src="He", cue="called", who="İsmail Doğan"),
        C("indirect", "the government was planning to raise household gas prices before the winter",
          src="He", cue="denied", who="İsmail Doğan"),
        C("according_to", "the field currently supplies about 9.5 million cubic metres a day, roughly a tenth of the country’s winter demand",
          src="the Energy Ministry", cue="According to", kind="organization"),
        C("direct", "The target is achievable, but the timeline is optimistic. Floating platforms almost never arrive on schedule",
          src="Elif Şahin, an energy analyst at the Istanbul consultancy Boğaziçi Enerji", cue="[[said]] Elif"),
        C("indirect", ["The more important question", "was whether cheaper domestic gas would reach households or simply improve the state importer’s balance sheet"],
          src="she", cue="she [[said]]", who="Elif Şahin"),
        C("mixed", "she would believe in cheaper gas “when I see it on my bill.”",
          src="Hatice Yılmaz, who runs a tea house in the port town of Ereğli", who="Hatice Yılmaz", cue="said"),
        C("mixed", "the pipeline landfall had been approved “without a single public hearing.”",
          src="The Black Sea Coast Platform, an alliance of fishing cooperatives and environmental groups", who="Black Sea Coast Platform", cue="said", kind="organization"),
        C("indirect", "anchovy catches near the pipeline route have fallen for two seasons in a row",
          src="Fishermen in Zonguldak", cue="say", kind="anonymous"),
        C("indirect", "Gas from the second phase could start flowing as early as March",
          src="the state energy company", cue="company [[said]]", kind="organization", via="Ege Haber"),
        C("indirect", "The second platform is being fitted out at a shipyard in South Korea and is about four months behind schedule",
          src="two industry sources", cue="sources [[said]]", kind="anonymous"),
        C("according_to", "Turkey imported about 50 billion cubic metres of gas last year, most of it from Russia, Azerbaijan and Iran",
          src="the national energy regulator", cue="according to", kind="organization"),
    ],
    traps=["the port town of Ereğli", "so-called “gas hub” ambitions"],
)

# --- 14. Politics: a US hearing in plain-ASCII wire style, "…" with a nested '…' ---
article(
    id="us-eastside-tunnel-hearing",
    title="Senators press transit chief over rail tunnel delays and costs",
    topic="politics",
    text="""
A four-hour state Senate hearing on the delayed Eastside rail tunnel turned at times into a shouting
match on Thursday, as senators pressed the head of the regional transit authority on how the
project's cost had grown by half.

Adaeze Okonkwo, the authority's chief executive, told the transportation committee that the tunnel
would open in late 2028, two years behind schedule, and that the budget had grown to $4.7 billion
from $3.1 billion.

"Who signed off on the original number?" asked Sen. Rosa Delgado, the committee's chair. "Because
somebody did, and it wasn't the taxpayers."

Okonkwo said the original estimate had been drawn up in 2017, before she joined the authority, and
"did not survive contact with the ground."

"We found things under that street that no survey showed: a 19th-century sewer that wasn't on any
map, groundwater where we expected clay," she said. "Every one of those surprises cost us months.

"I am not here to make excuses. I came to explain what it will cost to finish this tunnel."

Sen. Dwight Kessler called the project "a monument to wishful thinking." He said: "Three years ago
this authority sat at that table and told us, 'The tunnel is on time and on budget.' I have the
transcript."

The project's $30 million budget for station artwork, a regular target of "woke" jokes on talk
radio, was cut by half last year.

A spokesman for the authority, Luis Ferreira, said after the hearing that the authority would
publish a revised cost schedule within 30 days. The delays, the spokesman said, were "regrettable
but not scandalous."

Committee members will vote next month on whether to order an independent audit, Delgado told
reporters after the hearing.
""",
    claims=[
        C("indirect", "the tunnel would open in late 2028, two years behind schedule, and that the budget had grown to $4.7 billion from $3.1 billion",
          src="Adaeze Okonkwo, the authority's chief executive", who="Adaeze Okonkwo", cue="told"),
        C("direct", "Who signed off on the original number?",
          src="Sen. Rosa Delgado, the committee's chair", cue="asked", who="Rosa Delgado"),
        C("direct", "Because somebody did, and it wasn't the taxpayers.",
          src="Sen. Rosa Delgado", cue="asked", who="Rosa Delgado"),
        C("mixed", 'the original estimate had been drawn up in 2017, before she joined the authority, and "did not survive contact with the ground."',
          src="Okonkwo", cue="said", who="Adaeze Okonkwo"),
        C("direct", "We found things under that street that no survey showed: a 19th-century sewer that wasn't on any map, groundwater where we expected clay",
          src="she", cue="said", who="Adaeze Okonkwo"),
        C("direct", ["Every one of those surprises cost us months.",
                     "I am not here to make excuses. I came to explain what it will cost to finish this tunnel."],
          src="[[she]] said", cue="she [[said]]", who="Adaeze Okonkwo"),
        C("mixed", 'the project "a monument to wishful thinking."',
          src="Sen. Dwight Kessler", cue="called", who="Dwight Kessler"),
        C("direct", "Three years ago this authority sat at that table and told us, 'The tunnel is on time and on budget.' I have the transcript.",
          src="He", cue="said", who="Dwight Kessler"),
        C("direct", "The tunnel is on time and on budget.",
          src="this authority", cue="told", who="regional transit authority", kind="organization"),
        C("indirect", "the authority would publish a revised cost schedule within 30 days",
          src="Luis Ferreira", cue="[[said]] after"),
        C("mixed", ["The delays", 'were "regrettable but not scandalous."'],
          src="the spokesman", cue="spokesman [[said]]", who="Luis Ferreira"),
        C("indirect", "Committee members will vote next month on whether to order an independent audit",
          src="Delgado", cue="told", who="Rosa Delgado"),
    ],
    traps=['"woke"', "project's cost"],
)


if __name__ == "__main__":
    sys.exit(main())
