#!/usr/bin/env bash
# The HTTP benchmark of issue 4, side by side with an anchor built in the same run:
#   1. a minimal axum hello-world (bench/hello), GET /
#   2. entrack: GET of one service entitlement, authenticated with an API token
#   3. entrack: authenticated PUT of a service's status rows (rules checked, history
#      written, SQLite synchronous=FULL), spread over 64 tenants
# wrk runs as a second process on loopback with 64 connections. Figures on a shared 2-core
# machine are noisy: read the ratio to the anchor, not the absolute numbers.
#     bench/api.sh            (DURATION=10s CONNS=64 WORK=dir KEEP=1)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10s}
conns=${CONNS:-64}
tenants=64
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build -q --release -p entrack
cargo build -q --release --manifest-path bench/hello/Cargo.toml
bin=target/release/entrack
hello=bench/hello/target/release/hello
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

db="$work/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
csv="$work/seed.csv"
echo "tenant_id,tenant_name,service,l1,l2,entitlements,note,next_action,next_action_date" >"$csv"
for i in $(seq $tenants); do
  printf '%08x-0000-4000-8000-%012x,Tenant %d,exchange,status-unknown,new-subscription-or-workload,1000,New seats not yet discussed,Call IT lead,2031-01-10\n' "$i" "$i" "$i" >>"$csv"
done
"$bin" --db "$db" import "$csv" --as bench --quiet >/dev/null
"$bin" --db "$db" user add bench --role admin >/dev/null
token=$("$bin" --db "$db" token create bench --name bench 2>/dev/null)
first=$(printf '%08x-0000-4000-8000-%012x' 1 1)

"$hello" 127.0.0.1:18080 & pids+=($!)
ENTRACK_LOG=warn "$bin" --db "$db" serve --listen 127.0.0.1:18081 2>"$work/serve.log" & pids+=($!)
for _ in $(seq 100); do
  curl -fs http://127.0.0.1:18081/readyz >/dev/null 2>&1 && curl -fs http://127.0.0.1:18080/ >/dev/null 2>&1 && break
  sleep 0.1
done

run() { # name, then wrk arguments
  local name=$1; shift
  wrk -t2 -c"$conns" -d2s "$@" >/dev/null # warm-up
  wrk -t2 -c"$conns" -d"$duration" --latency "$@" >"$work/$name.txt"
}
run hello http://127.0.0.1:18080/
run get -H "Authorization: Bearer $token" "http://127.0.0.1:18081/api/v1/tenants/$first/services/exchange"
TOKEN=$token TENANTS=$tenants run put -s bench/put.lua http://127.0.0.1:18081/

rps() { awk '/^Requests\/sec/ {print $2}' "$work/$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$work/$1.txt"; }
errors() { awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$work/$1.txt"; }
ms() { # wrk latency (e.g. 850.00us, 3.21ms, 1.02s) in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
h=$(rps hello); g=$(rps get); p=$(rps put)
events=$(sqlite3 "$db" "SELECT COUNT(*) FROM events e JOIN event_meta m ON m.meta_no = e.meta_no WHERE m.source = 'api'" 2>/dev/null || echo "?")
printf '\n%-34s %12s %10s %10s\n' "measure" "requests/s" "p99 (ms)" "non-2xx"
printf '%-34s %12s %10s %10s\n' "hello-world GET (anchor)" "$h" "$(ms "$(p99 hello)")" "$(errors hello)"
printf '%-34s %12s %10s %10s\n' "entrack GET service" "$g" "$(ms "$(p99 get)")" "$(errors get)"
printf '%-34s %12s %10s %10s\n' "entrack PUT status rows" "$p" "$(ms "$(p99 put)")" "$(errors put)"
awk -v g="$g" -v h="$h" 'BEGIN { printf "\nGET / hello-world: %.3f (target >= 0.50)\n", g / h }'
echo "PUT events written by the API: $events"
