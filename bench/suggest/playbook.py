#!/usr/bin/env python3
"""Reads the labelled example scenarios of the playbook's L1/L2/L3 pages into evaluation
lines for `entrack suggest --eval` (English; no grade). Labels come as "L2", "L2 | L3",
"L1 | L2 | L3" or "L1>L2>L3", with names that vary; they are resolved against the
taxonomy's English names, preferring the page's own L1. Rows whose label names no known
status are counted and left out.
    playbook.py PLAYBOOK_DIR TAXONOMY_JSON > playbook.jsonl
"""
import json, pathlib, re, sys

def key(s):
    return re.sub(r"[^a-z0-9]+", "", s.lower())

def main():
    pages = sorted(pathlib.Path(sys.argv[1]).glob("l1l2l3-*.md"))
    tax = json.load(open(sys.argv[2], encoding="utf-8"))
    l2s = []  # (l1 code, l2 code, l2 key, [(l3 code, l3 key)])
    l1_names = {}
    for l1 in tax["l1"]:
        l1_names[key(l1["names"]["en"])] = l1["code"]
        for l2 in l1.get("l2", []):
            l3s = [(l3["code"], key(l3["names"]["en"])) for l3 in l2.get("l3", []) if l3["code"] != "other"]
            l2s.append((l1["code"], l2["code"], key(l2["names"]["en"]), l3s))
    out, skipped = 0, 0
    for page in pages:
        page_l1 = page.stem.split("-")[1]
        page_l1 = {"status": "status-unknown", "in": "in-progress", "no": "no-intent",
                   "duplicate": "duplicate-invalid"}.get(page_l1, page_l1)
        for line in page.read_text(encoding="utf-8-sig").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 2 or not line.strip().startswith("|"):
                continue
            scenario, label = cells[0], " | ".join(c for c in cells[1:] if c)
            if "Example Scenario" in scenario or set(scenario) <= set(":- "):
                continue
            k = key(label)
            if key("Duplicate") in k or key("Invalid") == k:
                print(json.dumps({"lang": "en", "note": scenario, "l1": "duplicate-invalid", "l2": None, "l3": None}))
                out += 1
                continue
            found = [x for x in l2s if x[2] and x[2] in k]
            if not found:
                skipped += 1
                continue
            found.sort(key=lambda x: (x[0] != page_l1, -len(x[2])))
            l1, l2, _, l3s = found[0]
            l3 = next((c for c, n in sorted(l3s, key=lambda t: -len(t[1])) if n and n in k.replace(found[0][2], "", 1)), None)
            print(json.dumps({"lang": "en", "note": scenario, "l1": l1, "l2": l2, "l3": l3}, ensure_ascii=False))
            out += 1
    print(f"{out} labelled scenarios read, {skipped} left out", file=sys.stderr)

main()
