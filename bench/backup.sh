#!/usr/bin/env bash
# The long backup drill (security.md G21 at its nightly size): ROWS generated status rows
# (default 100,000, from ../shared/bench/gen_entitlements.py) imported into an embedded
# store, then five online backups taken while status changes go on. Each copy must open,
# hold a prefix of the live history, the live export and report apart from the tenant being
# written to, and its state must be the last change in its history; a copy cut short is
# refused. The test is crates/cli/tests/backup.rs; this runs it at size, optimised.
#     bash bench/backup.sh
#     ROWS=1000000 bash bench/backup.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${SHARED:-$root/../shared}
ROWS=${ROWS:-100000}
WORK=${WORK:-$(mktemp -d /tmp/entrack-backup.XXXXXX)}
mkdir -p "$WORK"
csv=$WORK/drill-$ROWS.csv
[ -f "$csv" ] || python3 "$shared/bench/gen_entitlements.py" "$ROWS" --out "$csv"
cd "$root"
start=$(date +%s)
ENTRACK_BACKUP_DRILL_FILE=$csv \
  cargo test --release --locked -q -p entrack --test backup \
    backups_taken_while_others_write -- --nocapture 2>&1 \
  | grep -E "backups at|test result|panicked|assertion|left|right"
echo "rows imported: $ROWS; drill took $(( $(date +%s) - start )) s"
