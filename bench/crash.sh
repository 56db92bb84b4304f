#!/usr/bin/env bash
# The long version of the kill -9 trials: `entrack import` (crates/cli/tests/crash.rs) and
# `entrack serve` under API writes (crash_serve.rs) killed with SIGKILL at random points,
# TRIALS times each per store (default 200), then checked: all or nothing, nothing
# acknowledged lost, history equal to the writes that landed, integrity.
#     bench/crash.sh                                   # embedded store and PostgreSQL
#     TRIALS=500 PG=postgres://user@host:5432/db bench/crash.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
TRIALS=${TRIALS:-200}
PG=${PG:-postgres://postgres@127.0.0.1:5432/test}
cd "$root"
ENTRACK_CRASH_TRIALS=$TRIALS ENTRACK_TEST_POSTGRES=$PG \
  cargo test --release --locked -q -p entrack --test crash --test crash_serve \
    -- --nocapture --test-threads 1 2>&1 \
  | grep -E "trials:|killed during writes|panicked|test result|assertion"
