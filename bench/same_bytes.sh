#!/usr/bin/env bash
# Same input, same bytes: builds the bundled site and a 3-province `minhbach demo` site with two
# checkouts (each with its own binary, theme and content) and compares every output file, byte
# for byte, plus what the terminal prints for the error fixtures and the help texts. Used to
# show a refactor changes nothing a user sees.
#
#   bench/same_bytes.sh OLD_CHECKOUT NEW_CHECKOUT [WORK_DIR]
#
# Each checkout needs target/release/minhbach built, e.g.
#   git worktree add /tmp/base <commit> && (cd /tmp/base && cargo build --release)
#   bench/same_bytes.sh /tmp/base .
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2")
work=${3:-$(mktemp -d)}
mkdir -p "$work"

run() { # run LABEL CHECKOUT: everything one checkout produces, under $work/LABEL
  local label=$1 repo=$2 out=$work/$1 bin=$2/target/release/minhbach
  rm -rf "$out"; mkdir -p "$out"
  # Paths show in messages: each run sees the same relative names.
  cp -r "$repo/content" "$repo/themes" "$out/"
  cp -r "$repo/tests/fixtures/errors/content" "$out/errors"
  cd "$out"
  "$bin" --quiet build --content content --themes themes --output bundled --no-cache
  "$bin" --quiet demo --out demo-content --provinces 3 --communes 60 --periods 24 --seed 57
  "$bin" --quiet build --content demo-content --themes themes --output demo --no-cache
  # What an editor reads in the terminal: errors in both languages, help and manual.
  for lang in vi en; do
    "$bin" --lang $lang check --content errors >"check-errors-$lang.txt" 2>&1 || true
    "$bin" --lang $lang -v build --content errors --output none >"build-errors-$lang.txt" 2>&1 || true
    "$bin" --lang $lang check --content content >"check-bundled-$lang.txt" 2>&1 || true
  done
  # Stage times and memory vary from run to run.
  sed -i -E 's/[0-9]+[.,][0-9]+ (s|giây)|[0-9.,]+ MB//g' build-errors-*.txt
  "$bin" --help >help.txt 2>&1
  for c in build release check serve new init completions man demo; do "$bin" $c --help >"help-$c.txt" 2>&1; done
  "$bin" man >man.roff 2>&1
  # Build caches are not part of the site; their manifests hold times.
  find . -maxdepth 1 -name '.*.minhbach-cache' -exec rm -rf {} +
  rm -rf content themes errors
  cd - >/dev/null
}
run old "$old"
run new "$new"
files=$(cd "$work/old" && find . -type f | wc -l)
if diff -r "$work/old" "$work/new" >"$work/diff.txt"; then
  echo "same bytes: $files files (bundled site, 3-province demo, terminal texts)"
else
  echo "DIFFERENT: see $work/diff.txt"; head -40 "$work/diff.txt"; exit 1
fi
