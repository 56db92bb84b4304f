#!/usr/bin/env python3
"""Files labelled notes into the training notes or the development set of Suggest.

    python3 bench/suggest/split.py NEW.jsonl [...]

Each scenario (consecutive notes with the same service and labels, one per language) goes
whole to one side, so no translation of a development note is trained on. The side follows
from the scenario's first note alone (its SHA-256, one scenario in five to the development
set): filing the same notes again gives the same split, and notes added later do not move
the earlier ones. The notes are appended to crates/suggest/data/train.jsonl and dev.jsonl;
a line already in either file is left out. See docs/decisions.md, D81.
"""
import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "crates" / "suggest" / "data"
SHARE = 5  # one scenario in SHARE goes to the development set


def scenarios(lines):
    group, langs, key = [], set(), None
    for line in lines:
        note = json.loads(line)
        k = (note.get("workload"), note["l1"], note.get("l2"), note.get("l3"))
        if group and (k != key or note["lang"] in langs):
            yield group
            group, langs = [], set()
        group.append(line)
        langs.add(note["lang"])
        key = k
    if group:
        yield group


def to_dev(group):
    first = json.loads(group[0])["note"]
    return int(hashlib.sha256(first.encode()).hexdigest(), 16) % SHARE == 0


def main(paths):
    if not paths:
        sys.exit(__doc__)
    known = set()
    for name in ("train.jsonl", "dev.jsonl"):
        known.update(l for l in (DATA / name).read_text().splitlines() if l.strip())
    lines = []
    for p in paths:
        for n, line in enumerate(Path(p).read_text().splitlines(), 1):
            if not line.strip() or line in known:
                continue
            try:
                note = json.loads(line)
                assert note["lang"] in ("en", "de", "es", "zh") and note["note"] and note["l1"]
            except (ValueError, KeyError, AssertionError) as e:
                sys.exit(f"{p}, line {n}: not a labelled note ({e!r})")
            known.add(line)
            lines.append(line)
    sides = {"train.jsonl": [], "dev.jsonl": []}
    for group in scenarios(lines):
        sides["dev.jsonl" if to_dev(group) else "train.jsonl"].extend(group)
    for name, new in sides.items():
        if new:
            with open(DATA / name, "a") as f:
                f.write("\n".join(new) + "\n")
        print(f"{name}: {len(new)} notes added")


if __name__ == "__main__":
    main(sys.argv[1:])
