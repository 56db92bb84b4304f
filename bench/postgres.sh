#!/usr/bin/env bash
# The PostgreSQL benchmark (not a test), side by side with the embedded store:
#   1. import of N generated status rows into PostgreSQL vs psql's \copy into a bare table
#      (../shared/bench/postgres_import_anchor.sh), ratio of medians   target <= 1.5
#   2. GET /api/v1/report (service x L1 x L2 over every row) from a client on loopback, on
#      both stores, at 100,000 and at N rows: median and p95 per request  target <= 25 ms,
#      and no growth with the number of rows; DuckDB's in-memory GROUP BY of the same rows
#      beside it when the duckdb Python package is there.
#     bench/postgres.sh                    # N=1000000 ROUNDS=3
#     PG=postgres://user@host:5432/db N=200000 bench/postgres.sh
# Each store lives in a schema of its own, dropped at the end. Exit status 1 when a target
# is missed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${SHARED:-$root/../shared}
N=${N:-1000000}
ROUNDS=${ROUNDS:-3}
PG=${PG:-postgres://postgres@127.0.0.1:5432/test}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
schemas=()
servers=()
cleanup() {
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done
  for s in "${schemas[@]}"; do psql -q "$PG" -c "DROP SCHEMA IF EXISTS $s CASCADE" 2>/dev/null || true; done
  [ -z "${KEEP:-}" ] && rm -rf "$work"
  return 0
}
trap cleanup EXIT

for tool in psql python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
(cd "$root" && cargo build --release --locked -q -p entrack)
entrack="$root/target/release/entrack"
gen() { # rows file
  [ -f "$2" ] || python3 "$shared/bench/gen_entitlements.py" "$1" --out "$2"
}
schema_url() { echo "$PG?options=-c%20search_path%3D$1"; }
fresh_schema() { # name
  psql -q "$PG" -c "DROP SCHEMA IF EXISTS $1 CASCADE" 2>/dev/null
  psql -q "$PG" -c "CREATE SCHEMA $1"
}

big="$work/status.csv"
small="$work/status-100k.csv"
gen "$N" "$big"
gen 100000 "$small"

echo "== import of $N rows into PostgreSQL (validated, with history and the pivot) vs psql \\copy"
schemas+=(entrack_bench_import)
pg_import="$entrack --db $(schema_url entrack_bench_import) import $big --as bench --quiet"
# Each run starts after a checkpoint, so that none pays for writing out what the one
# before it left in the server's buffers and log.
out=$(python3 "$shared/bench/ratio.py" --rounds "$ROUNDS" \
  --prepare-a "psql -q $PG -c 'DROP TABLE IF EXISTS anchor_status_row' -c CHECKPOINT" \
  --a "$shared/bench/postgres_import_anchor.sh $big $PG" \
  --prepare-b "psql -q $PG -c 'DROP SCHEMA IF EXISTS entrack_bench_import CASCADE; CREATE SCHEMA entrack_bench_import' -c CHECKPOINT" \
  --b "$pg_import")
echo "$out"
import_ratio=$(echo "$out" | tail -1 | cut -d' ' -f2)
psql -q "$PG" -c "DROP TABLE IF EXISTS anchor_status_row"

# Stores for the report: SQLite and PostgreSQL, 100k and N rows, each with a token.
declare -A url
for size in 100k big; do
  file=$small; [ "$size" = big ] && file=$big
  url[sqlite-$size]="$work/report-$size.db"
  rm -f "${url[sqlite-$size]}"*
  schemas+=("entrack_bench_$size")
  fresh_schema "entrack_bench_$size"
  url[postgres-$size]=$(schema_url "entrack_bench_$size")
  for store in sqlite postgres; do
    db=${url[$store-$size]}
    "$entrack" --db "$db" import "$file" --as bench --quiet >/dev/null
  done
done

measure() { # db -> "median p95" in ms
  local db=$1 token port pid
  "$entrack" --db "$db" user add "bench" --role admin >/dev/null 2>&1 || true
  token=$("$entrack" --db "$db" token create bench --name bench 2>/dev/null)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ENTRACK_LOG=warn "$entrack" --db "$db" serve --listen "127.0.0.1:$port" 2>/dev/null &
  pid=$!
  servers+=("$pid")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  for _ in $(seq 20); do
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/report" \
      || { echo "the report did not answer 200 on $db" >&2; exit 1; }
  done
  for _ in $(seq 200); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/report"
  done | python3 -c '
import sys, statistics
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f"{statistics.median(t):.2f} {t[int(len(t) * 0.95) - 1]:.2f}")'
  kill "$pid"
}

echo
echo "== GET /api/v1/report from a client on loopback (200 requests after 20 to warm up)"
declare -A med p95
for store in sqlite postgres; do
  for size in 100k big; do
    read -r m p < <(measure "${url[$store-$size]}")
    med[$store-$size]=$m p95[$store-$size]=$p
    printf '%-9s %-8s median %7s ms   p95 %7s ms\n' "$store" "$size" "$m" "$p"
  done
done
if python3 -c 'import duckdb' 2>/dev/null; then
  python3 - "$big" <<'PY'
import sys, time, duckdb
con = duckdb.connect()
con.execute(f"CREATE TABLE s AS SELECT * FROM read_csv('{sys.argv[1]}', header=true)")
q = "SELECT service, l1, l2, count(*), sum(entitlements) FROM s WHERE l1 <> 'duplicate-invalid' GROUP BY ALL"
con.execute(q).fetchall()
t = []
for _ in range(20):
    a = time.perf_counter(); con.execute(q).fetchall(); t.append((time.perf_counter() - a) * 1000)
t.sort()
print(f"duckdb    big      median {t[len(t)//2]:7.2f} ms   (in-process GROUP BY, no HTTP)")
PY
else
  echo "(pip install duckdb to print DuckDB's GROUP BY beside these)"
fi

fail=0
check() { # name value limit
  if python3 -c "import sys; sys.exit(0 if float('$2') <= float('$3') else 1)"; then
    printf '%-40s %8s  (target <= %s)  ok\n' "$1" "$2" "$3"
  else
    printf '%-40s %8s  (target <= %s)  MISSED\n' "$1" "$2" "$3"; fail=1
  fi
}
echo
echo "rows: $N, rounds: $ROUNDS"
check "PostgreSQL import ratio" "$import_ratio" 1.5
for store in sqlite postgres; do
  check "$store report median ms, $N rows" "${med[$store-big]}" 25
  # No growth with the number of rows: N rows within 2 ms or 1.5x of 100k.
  grow=$(python3 -c "a=${med[$store-100k]}; b=${med[$store-big]}; print(f'{b/a:.2f}' if b - a > 2 else '1.00')")
  check "$store report time ratio N/100k" "$grow" 1.5
done
exit $fail
