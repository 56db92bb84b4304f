#!/usr/bin/env python3
"""Suggest on notes it has never seen, replayed over the history of its data.

    python3 bench/suggest/replay.py [COMMITS] [--misses FILE]

Each commit that added labelled notes (24 or more) is replayed: the engine of the working
tree is built with the cue file of the commit before it, trained (a) on that commit's
training notes alone and (b) on every earlier note the split of bench/suggest/split.py
trains on, and scored on the notes the commit added, which neither had seen. The sums over
the last COMMITS such commits (default 45) are what the first sight of a new set looks
like. With --misses, the notes the engine of (b) answered otherwise than labelled are
written to FILE, one JSON object per line with the commit: what to read before writing
the next set. Needs the repository's history (not a shallow clone). Not a test: see D81.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from split import scenarios, to_dev  # noqa: E402

DATA = "crates/suggest/data"


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def show(commit, name):
    r = git("show", f"{commit}:{DATA}/{name}")
    return r.stdout if r.returncode == 0 else ""


def lines(text):
    return [l for l in text.splitlines() if l.strip()]


def main():
    args = sys.argv[1:]
    misses = None
    if "--misses" in args:
        at = args.index("--misses")
        misses = Path(args[at + 1]).resolve()
        del args[at:at + 2]
        misses.write_text("")
    want = int(args[0]) if args else 45
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-q", "-p", "entrack-suggest", "--example", "replay"],
        cwd=ROOT, check=True)
    replay = ROOT / "target" / "release" / "examples" / "replay"
    log = git("log", "--format=%h", "--", f"{DATA}/dev.jsonl", f"{DATA}/train.jsonl").stdout.split()
    sums = {"then": {}, "now": {}}
    done = 0
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for commit in log:
            if done == want:
                break
            parent = commit + "^"
            before_train, before_dev = lines(show(parent, "train.jsonl")), lines(show(parent, "dev.jsonl"))
            if not before_train:
                continue
            seen = {json.loads(l)["note"] for l in before_train + before_dev}
            added = [l for l in lines(show(commit, "dev.jsonl")) + lines(show(commit, "train.jsonl"))
                     if json.loads(l)["note"] not in seen]
            if len(added) < 24:
                continue
            learnt = [l for g in scenarios(before_dev) if not to_dev(g) for l in g]
            (work / "cues.json").write_text(show(parent, "cues.json"))
            (work / "held.jsonl").write_text("\n".join(added) + "\n")
            (work / "then.jsonl").write_text("\n".join(before_train) + "\n")
            (work / "now.jsonl").write_text("\n".join(before_train + learnt) + "\n")
            row = [commit, str(len(added))]
            for side in ("then", "now"):
                extra = [work / "misses.jsonl"] if misses and side == "now" else []
                out = subprocess.run([replay, work / "cues.json", work / f"{side}.jsonl", work / "held.jsonl", *extra],
                                     capture_output=True, text=True)
                if out.returncode != 0:
                    sys.exit(f"{commit}: {out.stderr.strip()}")
                per_lang = json.loads(out.stdout)
                total = {}
                for lang, m in per_lang.items():
                    for key in (lang, "overall"):
                        acc = sums[side].setdefault(key, {})
                        for k, v in m.items():
                            acc[k] = acc.get(k, 0) + v
                            if key == "overall":
                                total[k] = total.get(k, 0) + v
                row.append(figures(total))
            if misses and (work / "misses.jsonl").exists():
                with misses.open("a") as out_file:
                    for l in lines((work / "misses.jsonl").read_text()):
                        out_file.write(json.dumps({"commit": commit, **json.loads(l)}, ensure_ascii=False) + "\n")
                (work / "misses.jsonl").unlink()
            print("  ".join(row), flush=True)
            done += 1
    print(f"\n{done} commits replayed: L1 top1 / L2 top1 / L2 top3 / grade")
    for side, what in (("then", "trained on the training notes of the time"),
                       ("now", "trained on every earlier note the split trains on")):
        print(f"== {what}")
        for key in ("de", "en", "es", "zh", "overall"):
            if key in sums[side]:
                print(f"  {key:8} {sums[side][key]['notes']:5}  {figures(sums[side][key])}")


def figures(m):
    pct = lambda n, of: f"{100 * n / of:.1f}" if of else "-"
    return "/".join([pct(m["l1_top1"], m["notes"]), pct(m["l2_top1"], m["l2_notes"]),
                     pct(m["l2_top3"], m["l2_notes"]), pct(m["grade_agree"], m["graded"])])


if __name__ == "__main__":
    main()
