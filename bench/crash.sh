#!/usr/bin/env bash
# The long version of the kill -9 trials (crates/cli/tests/crash.rs): `entrack import` killed
# with SIGKILL at random points while it writes, TRIALS times per store (default 200), then
# checked: all or nothing, no acknowledged import lost, complete batch history, integrity.
#     bench/crash.sh                                   # embedded store and PostgreSQL
#     TRIALS=500 PG=postgres://user@host:5432/db bench/crash.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
TRIALS=${TRIALS:-200}
PG=${PG:-postgres://postgres@127.0.0.1:5432/test}
cd "$root"
ENTRACK_CRASH_TRIALS=$TRIALS ENTRACK_TEST_POSTGRES=$PG \
  cargo test --release --locked -q -p entrack --test crash -- --nocapture --test-threads 1 2>&1 \
  | grep -E "trials:|panicked|test result|assertion"
