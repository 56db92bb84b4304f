#!/usr/bin/env bash
# The long fuzzing run: every target of crates/fuzz under AFL++ (coverage-guided, through
# cargo-afl on the stable toolchain), each for EXECS executions (default 1,000,000),
# starting from its stored corpus. Prints per target: inputs tried, crashes, hangs,
# corpus size; copies every crash and hang into crates/fuzz/regressions/<target>/, which
# `cargo test -p entrack-fuzz` replays from then on.
#
#   bash bench/fuzz.sh                     # every target, 10^6 executions each
#   EXECS=20000 TARGETS="dates labels" bash bench/fuzz.sh
#   JOBS=2 bash bench/fuzz.sh              # two targets at a time
#   KEEP_CORPUS=1 bash bench/fuzz.sh       # also store the minimised queue as corpus
#
# Exit status 1 when any target crashed or hung.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
EXECS=${EXECS:-1000000}
JOBS=${JOBS:-1}
WORK=${WORK:-$(mktemp -d /tmp/entrack-fuzz.XXXXXX)}
mkdir -p "$WORK"

if ! cargo afl --version >/dev/null 2>&1; then
  echo "installing cargo-afl (builds AFL++ once)…" >&2
  cargo install --locked -q cargo-afl
fi
export CARGO_TARGET_DIR=$repo/target/afl
# The driver builds with the workspace's own versions of every crate (plus afl).
cp Cargo.lock bench/fuzz/Cargo.lock
(cd bench/fuzz && cargo afl build --release -q)
bin=$CARGO_TARGET_DIR/release/entrack-afl
TARGETS=${TARGETS:-$("$bin" --list | cut -f1)}

# A machine without a crash reporter, CPU governors or core pinning is fine for this.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=0 AFL_QUIET=1

run_one() {
  local t=$1 out=$WORK/$1
  rm -rf "$out"
  # -t: a single input taking over two seconds is a hang; -m none: memory is bounded by
  # the targets themselves (and tested elsewhere).
  cargo afl fuzz -i "crates/fuzz/corpus/$t" -o "$out" -E "$EXECS" -t 2000 -m none \
    -- "$bin" "$t" >"$WORK/$t.log" 2>&1 || true
}

export -f run_one
export WORK bin EXECS
printf '%s\n' $TARGETS | xargs -P "$JOBS" -I{} bash -c 'run_one {}'

stat() { awk -F: -v k="$2" '$1 ~ "^"k" *$" {gsub(/ /,"",$2); print $2}' "$1"; }
failed=0
printf '\n%-14s %12s %8s %8s %8s %10s\n' target "inputs tried" crashes hangs corpus "execs/s"
for t in $TARGETS; do
  s=$WORK/$t/default/fuzzer_stats
  if [ ! -f "$s" ]; then
    echo "$t: AFL++ did not run; see $WORK/$t.log" >&2
    tail -5 "$WORK/$t.log" >&2 || true
    failed=1
    continue
  fi
  execs=$(stat "$s" execs_done)
  crashes=$(stat "$s" saved_crashes)
  hangs=$(stat "$s" saved_hangs)
  printf '%-14s %12s %8s %8s %8s %10s\n' "$t" "$execs" "$crashes" "$hangs" \
    "$(stat "$s" corpus_count)" "$(stat "$s" execs_per_sec)"
  for kind in crashes hangs; do
    for f in "$WORK/$t/default/$kind"/id:*; do
      [ -f "$f" ] || continue
      mkdir -p "crates/fuzz/regressions/$t"
      cp "$f" "crates/fuzz/regressions/$t/$kind-$(sha1sum "$f" | cut -c1-16)"
      failed=1
    done
  done
  if [ "${KEEP_CORPUS:-0}" = 1 ]; then
    min=$WORK/$t.min
    rm -rf "$min"
    cargo afl cmin -i "$WORK/$t/default/queue" -o "$min" -t 2000 -m none -- "$bin" "$t" \
      >/dev/null 2>&1 || true
    for f in "$min"/*; do
      [ -f "$f" ] || continue
      cp "$f" "crates/fuzz/corpus/$t/found-$(sha1sum "$f" | cut -c1-16)"
    done
  fi
done
echo "work files: $WORK"
[ "$failed" = 0 ] || echo "crashes or hangs were copied to crates/fuzz/regressions/: fix them, then replay with cargo test -p entrack-fuzz" >&2
exit "$failed"
