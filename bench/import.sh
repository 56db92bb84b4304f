#!/usr/bin/env bash
# The bulk benchmark at a programme's scale (not a test): generates N status rows with
# ../shared/bench/gen_entitlements.py, then measures, each against the sqlite3 shell's bare
# import of the same file in the same run (ratio.py, median of paired rounds):
#   1. a fresh import into the embedded store          target ratio <= 1.0
#   2. a re-import of the same file (nothing changes)  target ratio <= 0.5
#   3. an export of all rows to CSV                    target ratio <= 0.5
#   4. the peak RSS of the fresh import (/usr/bin/time) target <= 300 MB
#     bench/import.sh            # N=1000000 ROUNDS=3
#     N=200000 ROUNDS=5 bench/import.sh
# Exit status 1 when a target is missed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${SHARED:-$root/../shared}
N=${N:-1000000}
ROUNDS=${ROUNDS:-3}
work=${WORK:-$(mktemp -d)}
trap '[ -z "${KEEP:-}" ] && rm -rf "$work"' EXIT

for tool in sqlite3 python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install sqlite3 time)" >&2; exit 2; }
done
(cd "$root" && cargo build --release --locked -q -p entrack)
entrack="$root/target/release/entrack"
csv="$work/status.csv"
[ -f "$csv" ] || python3 "$shared/bench/gen_entitlements.py" "$N" --out "$csv"
anchor="$shared/bench/sqlite_import_anchor.sh $csv $work/anchor.db"
import="$entrack --db $work/store.db import $csv --as bench --quiet"
ratio() {
  local out
  out=$(python3 "$shared/bench/ratio.py" --rounds "$ROUNDS" "$@")
  echo "$out" >&2
  echo "$out" | tail -1 | cut -d' ' -f2
}

echo "== fresh import of $N rows (validated, with history, durable) vs sqlite3 .import"
fresh=$(ratio --a "$anchor" --prepare-b "rm -f $work/store.db*" --b "$import")
echo "== re-import of the same file (no changes)"
rm -f "$work"/store.db*; $import >/dev/null
again=$(ratio --a "$anchor" --b "$import")
echo "== export of every row to CSV"
export=$(ratio --a "$anchor" --b "$entrack --db $work/store.db export $work/out.csv")
echo "== peak memory of a fresh import"
rm -f "$work"/store.db*
rss_kb=$(/usr/bin/time -v $import 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
rss_mb=$((rss_kb / 1024))

fail=0
check() { # name value limit
  if python3 -c "import sys; sys.exit(0 if float('$2') <= float('$3') else 1)"; then
    printf '%-28s %8s  (target <= %s)  ok\n' "$1" "$2" "$3"
  else
    printf '%-28s %8s  (target <= %s)  MISSED\n' "$1" "$2" "$3"; fail=1
  fi
}
echo
echo "rows: $N, rounds: $ROUNDS"
check "fresh import ratio" "$fresh" 1.0
check "re-import ratio" "$again" 0.5
check "export ratio" "$export" 0.5
check "fresh import peak RSS MB" "$rss_mb" 300
exit $fail
