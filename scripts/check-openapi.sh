#!/usr/bin/env bash
# Checks the OpenAPI document the binary writes (`nqtrack openapi`): Redocly lints it (its
# recommended rules), every route declares what it takes and answers, and the web UI's generated
# types (web/src/api/openapi.ts) are what openapi-typescript makes of it today. Prints the counts.
#   scripts/check-openapi.sh [path/to/nqtrack]      (default build/debug/src/cli/nqtrack)
#   scripts/check-openapi.sh --write [nqtrack]      regenerates web/src/api/openapi.ts
set -uo pipefail
cd "$(dirname "$0")/.."
write=0
if [[ "${1:-}" == "--write" ]]; then
  write=1
  shift
fi
nqtrack="${1:-build/debug/src/cli/nqtrack}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

"$nqtrack" openapi --out "$work/openapi.json" || { echo "openapi: nqtrack openapi failed"; exit 1; }
status=0

# The counts: operations, and those that declare their body and answer (x-undescribed marks
# the others; there must be none).
read -r routes described < <(node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const ops = Object.values(d.paths).flatMap((m) => Object.values(m));
  console.log(ops.length, ops.filter((o) => !o["x-undescribed"]).length);' "$work/openapi.json")
echo "openapi: ${routes} routes, ${described} with full request/response schemas"
if [[ "$routes" != "$described" || "$routes" == 0 ]]; then
  node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [p, m] of Object.entries(d.paths))
      for (const [v, o] of Object.entries(m)) if (o["x-undescribed"]) console.log(`  undescribed: ${v.toUpperCase()} ${p}`);' \
    "$work/openapi.json"
  echo "openapi: every route must declare its schemas (Route::Takes, Answers in src/api)"
  status=1
fi

if ! (cd web && npx --no-install redocly lint --format=stylish "$work/openapi.json" >"$work/lint.txt" 2>&1); then
  grep -v '[║╔╚]' "$work/lint.txt"
  echo "openapi: Redocly lint FAILED"
  status=1
else
  echo "openapi: Redocly lint passed"
fi

if ! (cd web && npx --no-install openapi-typescript "$work/openapi.json" -o "$work/openapi.ts" >"$work/generate.txt" 2>&1); then
  cat "$work/generate.txt"
  echo "openapi: openapi-typescript FAILED"
  status=1
elif ((write)); then
  cp "$work/openapi.ts" web/src/api/openapi.ts
  echo "openapi: wrote web/src/api/openapi.ts"
elif ! diff -q web/src/api/openapi.ts "$work/openapi.ts" >/dev/null; then
  diff -u web/src/api/openapi.ts "$work/openapi.ts" | head -40
  echo "openapi: web/src/api/openapi.ts is stale; run scripts/check-openapi.sh --write"
  status=1
else
  echo "openapi: web/src/api/openapi.ts matches the document"
fi
echo "openapi: $([[ $status == 0 ]] && echo passed || echo FAILED)"
exit $status
