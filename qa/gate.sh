#!/usr/bin/env bash
# minhbach quality gate (issue 5): builds the sites and checks them in a real browser.
#
#   qa/gate.sh                    # from anywhere; .ci/run calls it after `cargo test`
#
# Installs what it needs when missing (Debian's chromium and a Java runtime with apt-get; the npm
# packages pinned in qa/package-lock.json with `npm ci`), builds the release binary, builds every
# site listed in SITES below into qa-out/sites/, then runs qa/run.mjs, which prints one
# PASS/FAIL line per check and a closing "qa: N passed, N failed". Exit status 0 only when every
# check passed. Reports, per-check details and screenshots go to qa-out/ (not committed).
#
# Environment (all optional):
#   MINHBACH_BIN=path   use this binary instead of `cargo build --release --locked`
#   QA_OUT=dir          output folder (default: qa-out in the repository)
#   QA_ONLY=a,b / QA_SKIP=a,b   run only / leave out these checks (names as printed)
#   QA_TIMES=1          print how long each check took
#   QA_THEMES=dir       themes folder for the builds (default: themes)
#   QA_DEMO=0           skip the generated `minhbach demo` site (scale role), checked by default
#   QA_JOBS=n           browser pages working at once (default 2)
#   QA_EXTRA_SITES='name role content [sample];…'   more sites to build and check
#   CHROMIUM=path       browser binary (default /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="${QA_OUT:-$ROOT/qa-out}"
mkdir -p "$OUT"
start=$(date +%s)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---- tools ----
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "qa: installing chromium (Debian package)"
  apt_install chromium
fi
if ! command -v java >/dev/null 2>&1; then
  echo "qa: installing a Java runtime for the Nu HTML Checker"
  apt_install default-jre-headless
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "qa: node and npm are required (Node 20 or later)" >&2
  exit 1
fi
# npm ci when node_modules is missing or was installed from another lock file.
lock_sum=$(sha256sum qa/package-lock.json | cut -d' ' -f1)
if [ "$(cat qa/node_modules/.gate-lock 2>/dev/null || true)" != "$lock_sum" ]; then
  echo "qa: npm ci (vnu-jar, axe-core, playwright-core, linkinator, htmlparser2)"
  # --ignore-scripts: vnu-jar's postinstall would try to download a Java; the machine's is used.
  (cd qa && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > qa/node_modules/.gate-lock
fi

# ---- the binary ----
if [ -n "${MINHBACH_BIN:-}" ]; then
  BIN="$MINHBACH_BIN"
else
  cargo build --release --locked --quiet
  BIN="$ROOT/target/release/minhbach"
fi

# ---- the sites ----
# One entry per site: NAME ROLE CONTENT [SAMPLE]. ROLE is `bundled` (every check, strict page
# budgets, the scripted reader), `hostile` (the injection corpus of issue 4: must build and run
# nothing) or `scale` (a large generated site: every generic check; browser checks and vnu on a
# sample of SAMPLE pages, 0 = all). Add sites here.
SITES=(
  "bundled bundled content"
  "hostile hostile tests/fixtures/hostile/content"
)
# --- the large generated site (issue 6): `minhbach demo` content, checked as a `scale` site. ---
# On by default (QA_DEMO=0 skips it); the sizes below can be changed. 240 communes is above
# SUMMARY_ABOVE_COMMUNES (200, src/render/summary.rs), so the gate checks the summarised overview,
# the summarised indicator pages and the per-province ranking pages; 12 months keep it fast.
if [ "${QA_DEMO:-1}" != "0" ]; then
  rm -rf "$OUT/demo-content"
  "$BIN" demo --out "$OUT/demo-content" --provinces "${QA_DEMO_PROVINCES:-3}" \
    --communes "${QA_DEMO_COMMUNES:-240}" --periods "${QA_DEMO_PERIODS:-12}" >"$OUT/demo.log" 2>&1 \
    || { echo "FAIL demo: \`minhbach demo\` failed:"; tail -n 20 "$OUT/demo.log" | sed 's/^/    /'; echo "qa: 0 passed, 1 failed"; exit 1; }
  SITES+=("demo scale $OUT/demo-content ${QA_DEMO_SAMPLE:-300}")
fi
# --- a site with data releases and corrections (issue 8): the minimal fixture, released twice
# with a correction in between, then corrected again without a release, so the release archive,
# the release pages and the corrections tables are all checked. ---
rm -rf "$OUT/releases-content" "$OUT/releases-scratch"
cp -r tests/fixtures/minimal/content "$OUT/releases-content"
released() {
  "$BIN" release --content "$OUT/releases-content" --themes "${QA_THEMES:-themes}" \
    --output "$OUT/releases-scratch" "$@" >>"$OUT/releases.log" 2>&1 \
    || { echo "FAIL releases: \`minhbach release $*\` failed:"; tail -n 20 "$OUT/releases.log" | sed 's/^/    /'; echo "qa: 0 passed, 1 failed"; exit 1; }
}
period="$OUT/releases-content/communes/tinh-a/dong-c/data/2026-q1.yaml"
released --date 2026-02-01 --note "Quý I/2026"
sed -i 's/dossiers_received: 961/dossiers_received: 960/' "$period"
released --date 2026-03-01 --note "Đính chính số hồ sơ của Đồng C"
sed -i 's/dossiers_received: 960/dossiers_received: 958/; /dossiers_online: 903/d' "$period"
SITES+=("releases scale $OUT/releases-content 0")
# Extra sites from the environment, ';'-separated entries of the same form:
if [ -n "${QA_EXTRA_SITES:-}" ]; then
  IFS=';' read -r -a extra <<<"$QA_EXTRA_SITES"
  SITES+=("${extra[@]}")
fi

mkdir -p "$OUT/sites"
run_args=(--out "$OUT")
for entry in "${SITES[@]}"; do
  read -r name role content sample <<<"$entry"
  site="$OUT/sites/$name"
  if ! "$BIN" build --content "$content" --themes "${QA_THEMES:-themes}" --output "$site" >"$OUT/build-$name.log" 2>&1; then
    echo "FAIL build-$name: \`minhbach build --content $content\` failed:"
    tail -n 20 "$OUT/build-$name.log" | sed 's/^/    /'
    echo "qa: 0 passed, 1 failed"
    exit 1
  fi
  echo "qa: built $name: $(tail -n 1 "$OUT/build-$name.log")"
  run_args+=(--site "$name,$role,$site${sample:+,$sample}")
done

export QA_START="$start"
exec node qa/run.mjs "${run_args[@]}"
