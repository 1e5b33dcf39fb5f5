#!/usr/bin/env bash
# ledgerbench in one command.
#   bash run_me.sh                       rebuild data/ from every ledger under ledgers/, build the site
#   bash run_me.sh --models a,b [flags]  run that sweep into a new ledger first (flags as `ledgerbench run`)
#   bash run_me.sh --resume SWEEP_ID     finish an interrupted sweep first
# Paths in flags are relative to this folder (the script works from here).
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "run_me.sh: $1" >&2
  exit 1
}

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  echo
  node bin/ledgerbench.js run --help
  exit 0
fi

if [ ! -d node_modules ]; then
  echo "run_me.sh: installing dependencies (npm install)"
  npm install --no-audit --no-fund || fail "npm install failed; check the network and that Node is >= 20.19"
fi

sweep_status=0
if [ "$#" -gt 0 ]; then
  # The runner prints its own one-line reason (and, when interrupted, how to resume); keep its exit code.
  # Exit 3 means the sweep ended with transport failures still in it: the answered runs are real, so
  # rebuild the site from them anyway, then end with 3 so the outage is not mistaken for success.
  node bin/ledgerbench.js run "$@" || sweep_status=$?
  if [ "$sweep_status" -ne 0 ] && [ "$sweep_status" -ne 3 ]; then exit "$sweep_status"; fi
  for arg in "$@"; do
    # A dry run only prints the plan; there is nothing new to export.
    if [ "$arg" = "--dry-run" ]; then exit 0; fi
  done
fi

node bin/ledgerbench.js export || fail "export failed (exit $?); see the lines above and data/verification.json"
npx --no-install vite build --logLevel warn || fail "the site build failed (exit $?); see the lines above"

echo
echo "Built the site into dist/ from the ledgers under ledgers/."
echo "View it:  npx vite preview   then open http://127.0.0.1:4173/"
echo "On a remote GPU box: npx vite preview --host 0.0.0.0 (then open http://BOX:4173/),"
echo "  or keep it on loopback and tunnel:  ssh -L 4173:127.0.0.1:4173 BOX   then open http://127.0.0.1:4173/"
if [ "$sweep_status" -ne 0 ]; then
  echo "run_me.sh: the sweep ended with transport failures (exit $sweep_status); the site shows the runs that were answered. Resume the sweep with the command printed above." >&2
  exit "$sweep_status"
fi
