#!/usr/bin/env bash
# Usage: tools/htmlcheck/check.sh FILE.html... -> the W3C Nu HTML checker's errors and axe-core's
# violations for each file; exits 1 if either finds any, 2 if a tool is missing.
# The checkers are the exact versions in package-lock.json, installed here by `make check`
# (npm ci); Java and Chromium come from Debian's packages (default-jre-headless, chromium).
set -u
[ $# -gt 0 ] || { echo "usage: $0 FILE.html..." >&2; exit 2; }
here=$(dirname "$(readlink -f "$0")")
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v java >/dev/null || { echo "needs Java: apt-get install -y default-jre-headless" >&2; exit 2; }
[ -x "$chromium" ] || { echo "needs Chromium at $chromium: apt-get update && apt-get install -y chromium" >&2; exit 2; }
[ -d "$here/node_modules/axe-core" ] || { echo "the checkers are not installed: run 'npm ci --prefix $here' (make check does)" >&2; exit 2; }

vnu=$(java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format text "$@" 2>&1)
vnu_rc=$?
errors=$(printf '%s\n' "$vnu" | grep -c -e '^Error' -e 'error:')
printf '%s\n' "$vnu" | head -n 20
echo "vnu errors: $errors"
CHROMIUM=$chromium node "$here/axe.mjs" "$@"
axe_rc=$?
[ "$errors" -eq 0 ] && [ "$vnu_rc" -eq 0 ] && [ "$axe_rc" -eq 0 ]
