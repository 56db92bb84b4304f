#!/usr/bin/env bash
# The long schemathesis run: every operation of the OpenAPI document with MAX_EXAMPLES
# (default 200) examples each, against a release build on each store (.ci/schemathesis.sh,
# which CI runs with 50). Prints per store the test cases generated, the failures, and the
# server errors (5xx) among them; exit status 1 when any store had a failure.
#     bash bench/schemathesis.sh
#     MAX_EXAMPLES=500 STORES=sqlite bash bench/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export MAX_EXAMPLES=${MAX_EXAMPLES:-200}
export ENTRACK_TEST_POSTGRES=${ENTRACK_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
STORES=${STORES:-"sqlite postgres"}
cargo build --release --locked -q -p entrack
out=$(mktemp -d)
failed=0
for store in $STORES; do
  log=$out/$store.log
  if STORE=$store PORT=$((18800 + RANDOM % 100)) .ci/schemathesis.sh target/release/entrack >"$log" 2>&1; then
    status=passed
  else
    status=FAILED
    failed=1
  fi
  cases=$(grep -Eo '[0-9]+ generated[^│]*' "$log" | tail -1 || true)
  server_errors=$(grep -ciE 'server error|5[0-9][0-9] (internal|service|bad gateway)' "$log" || true)
  printf '%-9s %s; %s examples per operation; test cases: %s; 5xx: %s\n' \
    "$store" "$status" "$MAX_EXAMPLES" "${cases:-see $log}" "$server_errors"
done
echo "logs: $out"
exit "$failed"
