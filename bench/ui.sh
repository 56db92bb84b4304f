#!/usr/bin/env bash
# The web UI's benchmark (not a test): with N generated status rows in the store, the time
# `entrack serve` takes to answer the pages an FM opens all day, measured from a client on
# loopback (so it includes the HTTP round trip; the server's own share is smaller):
#   - the portfolio (/tenants, first page and a page further on by its keyset link),
#   - a search by name, the L1 filter,
#   - a tenant page (/tenants/ID) for tenants picked at random,
# each 200 times after 20 to warm up; median and p95.   target: p95 <= 50 ms
#     bench/ui.sh                       # N=1000000 on the embedded store
#     STORES="sqlite postgres" PG=postgres://user@host:5432/db bench/ui.sh
# Exit status 1 when a target is missed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${SHARED:-$root/../shared}
N=${N:-1000000}
STORES=${STORES:-sqlite}
PG=${PG:-postgres://postgres@127.0.0.1:5432/test}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
servers=()
cleanup() {
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done
  psql -q "$PG" -c "DROP SCHEMA IF EXISTS entrack_bench_ui CASCADE" 2>/dev/null || true
  [ -z "${KEEP:-}" ] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
for tool in python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
(cd "$root" && cargo build --release --locked -q -p entrack)
entrack="$root/target/release/entrack"
rows="$work/status.csv"
[ -f "$rows" ] || python3 "$shared/bench/gen_entitlements.py" "$N" --out "$rows"
password="bench-$(date +%s)-correct-horse-battery"

measure() { # label url-path... ; prints "label median p95"
  local label=$1; shift
  for _ in $(seq 20); do
    for p in "$@"; do curl -sf -o /dev/null -b "$jar" "http://127.0.0.1:$port$p" || { echo "$p did not answer 200" >&2; exit 1; }; done
  done
  local i=0
  while [ $i -lt 200 ]; do
    for p in "$@"; do
      [ $i -lt 200 ] || break
      curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "http://127.0.0.1:$port$p"
      i=$((i + 1))
    done
  done | python3 -c '
import sys, statistics
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f"'"$label"' {statistics.median(t):.2f} {t[int(len(t) * 0.95) - 1]:.2f}")'
}

fail=0
for store in $STORES; do
  case $store in
    sqlite) db="$work/ui.db"; rm -f "$db"* ;;
    postgres)
      psql -q "$PG" -c "DROP SCHEMA IF EXISTS entrack_bench_ui CASCADE; CREATE SCHEMA entrack_bench_ui"
      db="$PG?options=-c%20search_path%3Dentrack_bench_ui" ;;
    *) echo "unknown store $store" >&2; exit 2 ;;
  esac
  echo "== $store: importing $N rows"
  "$entrack" --db "$db" import "$rows" --as bench --quiet >/dev/null
  echo "$password" | "$entrack" --db "$db" user add bench --role admin --password-stdin >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ENTRACK_LOG=warn "$entrack" --db "$db" serve --listen "127.0.0.1:$port" 2>/dev/null &
  servers+=("$!")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  jar="$work/cookies-$store"
  curl -sf -o /dev/null -c "$jar" --data-urlencode "username=bench" --data-urlencode "password=$password" \
    --data-urlencode "next=/tenants" "http://127.0.0.1:$port/login"
  first=$(curl -sf -b "$jar" "http://127.0.0.1:$port/tenants")
  next=$(printf '%s' "$first" | python3 -c 'import sys,re,html; m=re.search(r"href=\"([^\"]*)\" rel=\"next\"", sys.stdin.read()); print(html.unescape(m.group(1)) if m else "")')
  [ -n "$next" ] || { echo "no next page link on /tenants" >&2; exit 1; }
  # Tenants picked at random from the file, and a word of a name to search for.
  mapfile -t picks < <(python3 - "$rows" <<'PY'
import csv, random, sys, urllib.parse
random.seed(7)
ids, names = [], []
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    for i, r in enumerate(csv.DictReader(f)):
        if i % 997 == 0:
            ids.append(r["tenant_id"]); names.append(r["tenant_name"])
for t in random.sample(ids, min(50, len(ids))):
    print(f"/tenants/{t}")
word = sorted(names)[len(names) // 2].split()[0]
print("/tenants?q=" + urllib.parse.quote(word))
PY
)
  search=${picks[-1]}
  unset 'picks[-1]'
  results=()
  results+=("$(measure "portfolio" /tenants)")
  results+=("$(measure "portfolio-next-page" "$next")")
  results+=("$(measure "portfolio-search" "$search")")
  results+=("$(measure "portfolio-l1-blocked" "/tenants?l1=blocked")")
  results+=("$(measure "tenant-page" "${picks[@]}")")
  echo "page                        median ms   p95 ms   (rows: $N, store: $store, search: $search)"
  for r in "${results[@]}"; do
    read -r label m p <<<"$r"
    verdict=ok
    python3 -c "import sys; sys.exit(0 if float('$p') <= 50 else 1)" || { verdict=MISSED; fail=1; }
    printf '%-27s %9s %8s   %s\n' "$label" "$m" "$p" "$verdict"
  done
  kill "${servers[-1]}" 2>/dev/null || true
done
exit $fail
