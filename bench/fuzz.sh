#!/usr/bin/env bash
# Maintenance script (not part of every CI run): fuzzes the YAML and front-matter loaders and
# the period-file check for a bounded time each, with cargo-fuzz (libFuzzer) on nightly Rust.
# Usage: bench/fuzz.sh [seconds-per-target]   (default 60)
# Crashes are written to fuzz/artifacts/<target>/; turn each into a regression test in
# tests/fuzz_regressions.rs before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# Seed corpora from the bundled content and fixtures, so fuzzing starts from real files.
for target in yaml_files period_check; do
  mkdir -p "fuzz/corpus/$target"
  find content tests/fixtures -name '*.yaml' -size -64k -exec cp {} "fuzz/corpus/$target/" \; 2>/dev/null || true
done
mkdir -p fuzz/corpus/front_matter
find content tests/fixtures -name '*.md' -size -64k -exec cp {} fuzz/corpus/front_matter/ \; 2>/dev/null || true

status=0
for target in yaml_files front_matter period_check; do
  echo "== fuzzing $target for ${SECONDS_PER_TARGET}s"
  mkdir -p fuzz/logs
  if cargo +nightly fuzz run "$target" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 >"fuzz/logs/$target.log" 2>&1; then
    grep -E '^(Done|#[0-9]+ +DONE)' "fuzz/logs/$target.log" | tail -n 1 || true
    echo "ok   $target: no crash, hang or memory blow-up in ${SECONDS_PER_TARGET}s"
  else
    grep -m1 -A2 'panicked' "fuzz/logs/$target.log" || tail -n 5 "fuzz/logs/$target.log"
    echo "FAIL $target: see fuzz/artifacts/$target/ and fuzz/logs/$target.log"
    status=1
  fi
done
exit $status
