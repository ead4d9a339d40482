"""Pick EURES postings for a blind Spanish or Catalan batch, the way es29-es33 were picked.

A posting qualifies when it comes from an office of the wanted split (annotations/README.md, "Splits": Spanish
postings are split by the publishing regional office), is not annotated yet, is in the language asked (Spanish by
default, or Catalan; lingua, the detector the runtime uses), states a requirement (a cue below), and is no
near-duplicate of the corpus: char 3-5-gram TF-IDF cosine (as ``reqtag annotations overlap``) below ``--same`` to
every annotated posting of its own split and of train, below 0.5 to every posting of the other splits, and below
0.5 to every posting picked before it. Candidates are taken in sha1(id) order, so a batch does not follow the
file's order (which groups offices and dates).

    python annotations/tools/pick_eures.py train 48 > ids.txt
    python annotations/tools/pick_eures.py train 64 --language ca > ids.txt

The last check before a batch lands is ``reqtag annotations overlap annotations/ --threshold 0.5``: its IDF is fitted
on the annotated corpus, this script's on all EURES postings, so a pick can still come out within 0.5 of another
split; such a pick is dropped.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from reqtag.annotations.corpus import shared_root
from reqtag.langid import detect_language

ROOT = Path(__file__).resolve().parents[2]
DEV_OFFICES = {"Asturias", "Murcia", "Bizkaia", "Palencia", "Soria", "Valladolid", "Ávila", "Gipuzkoa", "Álava",
               "Ciudad Real", "Pontevedra", "A Coruña"}
# A requirement a posting may state: a qualification, experience, a language, a licence or a skill.
CUE = {
    "es": re.compile(r"requisit|imprescindible|se valorar|valorable|indispensable|experiencia|titulaci|formaci[oó]n|"
                     r"carn[eé]t?|permiso de conducir|idioma|ingl[eé]s|franc[eé]s|alem[aá]n|certificad|licenciad|"
                     r"grado en|ciclo|bachiller|\bESO\b|\bFP\b|conocimientos?|manejo", re.IGNORECASE),
    # Catalan postings (a third of the EURES file; the Catalan offices are train offices): their own cue words
    "ca": re.compile(r"requisits?|imprescindible|es valorar|valorable|indispensable|experi[eè]ncia|titulaci[oó]|"
                     r"formaci[oó]|carnet|perm[ií]s de conduir|idiomes?|angl[eè]s|franc[eè]s|certificat|"
                     r"llicenciat|grau|cicle|batxillerat|\bESO\b|\bFP\b|coneixements?", re.IGNORECASE),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=("train", "dev"))
    ap.add_argument("n", type=int)
    ap.add_argument("--same", type=float, default=0.6, help="cosine bound to the batch's own split and train")
    ap.add_argument("--language", choices=sorted(CUE), default="es", help="the postings' language (lingua)")
    args = ap.parse_args()

    root = shared_root()
    if root is None:
        sys.exit("pick_eures: ../shared not found")
    postings = [json.loads(line) for line in open(root / "eures-es/postings.jsonl", encoding="utf-8")]
    table = json.loads((ROOT / "annotations/splits.json").read_text(encoding="utf-8"))["splits"]
    split_of = {pid: split for split, ids in table.items() for pid in ids}
    province = {p["id"]: p.get("province") or "" for p in postings}
    test_offices = {province[i] for i, s in split_of.items() if s == "test" and i in province}

    def office_split(pid: str) -> str:
        prov = province[pid]
        return "test" if prov in test_offices else "dev" if prov in DEV_OFFICES else "train"

    annotated = [p for p in postings if p["id"] in split_of]
    cue = CUE[args.language]
    candidates = sorted((p for p in postings if p["id"] not in split_of and office_split(p["id"]) == args.split
                         and cue.search(p["text"])), key=lambda p: hashlib.sha1(p["id"].encode()).hexdigest())
    # The corpus holds written and SkillSpan postings too, but only Spanish EURES ones can share a template.
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True)
    vec.fit([p["text"] for p in postings])
    gold = vec.transform([p["text"] for p in annotated])
    bound = np.array([args.same if split_of[p["id"]] in (args.split, "train") else 0.5 for p in annotated])
    picked: list[dict] = []
    picked_vecs = []
    pool = 0
    for p in candidates:
        v = vec.transform([p["text"]])
        if ((gold @ v.T).toarray().ravel() >= bound).any():
            continue
        if any((v @ q.T).toarray()[0, 0] >= 0.5 for q in picked_vecs):
            continue
        if detect_language(p["text"]) != args.language:
            continue
        pool += 1
        if len(picked) < args.n:
            picked.append(p)
            picked_vecs.append(v)
    for p in picked:
        print(p["id"])
    print(f"pick_eures: {len(picked)} of a pool of {pool} ({args.split} offices)", file=sys.stderr)


if __name__ == "__main__":
    main()
