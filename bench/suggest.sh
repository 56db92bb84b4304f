#!/usr/bin/env bash
# Suggest, measured (not a test): the evaluation on the development set written for entrack
# (crates/suggest/data/dev.jsonl, kept apart from the training notes), the same on the
# labelled example scenarios of the playbook's L1/L2/L3 pages (English), the time per
# note of the release build with the engine loaded once, and, where the git history is
# there, the first sight of the notes each of the last commits added (bench/suggest/replay.py).
#     bench/suggest.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${SHARED:-$root/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build --release --locked -q -p entrack)
entrack="$root/target/release/entrack"

echo "== development set (four languages)"
"$entrack" suggest --eval "$root/crates/suggest/data/dev.jsonl"
echo
if [ -d "$shared/playbook" ]; then
  echo "== the playbook's labelled example scenarios (English)"
  python3 "$here/suggest/playbook.py" "$shared/playbook" "$root/crates/core/data/taxonomy.json" > "$work/playbook.jsonl"
  "$entrack" suggest --eval "$work/playbook.jsonl" | sed -n '1,4p'
  echo
fi
echo "== time per note: every note of both sets 20 times over"
for _ in $(seq 20); do
  cat "$root/crates/suggest/data/dev.jsonl" "$root/crates/suggest/data/train.jsonl"
done > "$work/many.jsonl"
"$entrack" suggest --eval "$work/many.jsonl" | grep "time per note"
echo
if git -C "$root" rev-parse --is-shallow-repository 2>/dev/null | grep -qx false; then
  echo "== first sight: the notes each of the last 45 commits added, never seen (D81)"
  python3 "$here/suggest/replay.py" 45 | tail -13
fi
