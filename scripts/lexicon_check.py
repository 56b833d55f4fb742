#!/usr/bin/env python3
"""Checks a gap-finder lexicon (data/gapfinder/lexicon/LANG.toml) while it is written.

  python3 scripts/lexicon_check.py LANG            stems that catch many common words, and
                                                   which train cases each concept matches
  python3 scripts/lexicon_check.py LANG --stems    every stem with the common words it catches

It reads only the TRAIN split: the test split is never looked at while knowledge is written.
Matching follows the finder: folded text (no case, no diacritics, final sigma as σ); a phrase
word of 4+ letters matches any word starting with it, a shorter one (or one written =word) only
itself; up to 2 other words may stand between the words of a phrase."""
import json, re, sys, tomllib, unicodedata, collections, pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "data" / "gapfinder"

def fold(s):
    s = s.lower().replace("ł", "l").replace("ς", "σ")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if unicodedata.category(c) != "Mn")

def words(s):
    return re.findall(r"\w+", fold(s))

def term_matches(term, word):
    if term.startswith("="):
        return word == term[1:]
    return word.startswith(term) if len(term) >= 4 else word == term

def phrase_terms(phrase):
    return ["=" + fold(t[1:]) if t.startswith("=") else fold(t) for t in re.findall(r"=?\w+", phrase)]

def find(terms, toks, gap=2):
    for i, w in enumerate(toks):
        if not term_matches(terms[0], w):
            continue
        last, ok = i, True
        for t in terms[1:]:
            nxt = next((j for j in range(last + 1, min(len(toks), last + 2 + gap)) if term_matches(t, toks[j])), None)
            if nxt is None:
                ok = False
                break
            last = nxt
        if ok:
            return i
    return None

def main():
    lang = sys.argv[1]
    lex = tomllib.loads((ROOT / "lexicon" / f"{lang}.toml").read_text(encoding="utf-8"))
    concepts = tomllib.loads((ROOT / "concepts.toml").read_text(encoding="utf-8"))
    common = [fold(w) for w in (ROOT / "common" / f"{lang}.txt").read_text(encoding="utf-8").split()]
    unknown = [c for c in lex if c not in concepts and c != "cues"]
    if unknown:
        print("unknown concepts:", unknown)
    missing = [c for c in concepts if c not in lex]
    if missing:
        print("concepts without phrases:", missing)
    stems = collections.defaultdict(set)
    for concept, body in lex.items():
        if concept == "cues":
            continue
        for phrase in body.get("phrases", []):
            for t in phrase_terms(phrase):
                if not t.startswith("=") and len(t) >= 4:
                    stems[t].add(concept)
    show_all = "--stems" in sys.argv
    print("== stems and the common words they catch (first 12) ==")
    for stem in sorted(stems):
        caught = [w for w in common if w.startswith(stem)]
        if show_all or len(set(caught)) > 15:
            print(f"{stem:20} {len(set(caught)):4}  {' '.join(sorted(set(caught))[:12])}")
    if show_all:
        return
    train = [json.loads(l) for l in (ROOT / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    train = [d for d in train if d["lang"] == lang]
    print(f"== train cases of {lang}: {len(train)}; concept hits by expected gap ==")
    none = 0
    for d in train:
        toks = words(d["summary"] + " . " + d["description"])
        hit = []
        for concept, body in lex.items():
            if concept == "cues":
                continue
            if any(find(phrase_terms(p), toks) is not None for p in body.get("phrases", [])):
                hit.append(concept)
        right = [c for c in hit if concepts.get(c, {}).get("gap") in [d["expected"], *d.get("also_ok", [])]]
        if not hit:
            none += 1
        mark = "OK " if right else "-- "
        print(f"{mark}{d['id']:14} {d['expected']:24} {','.join(hit)}")
    print(f"cases with no concept at all: {none} of {len(train)}")

main()
