#!/usr/bin/env bash
# Runs every test of digest-site: formatting, lints and the whole test suite, browser tests
# included. On a fresh machine it first installs what the browser tests need (Chromium,
# ChromeDriver and the npm packages of crates/digest-core/tests/browser).
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
if [ -f crates/digest-core/tests/browser/package.json ]; then
    (cd crates/digest-core/tests/browser && npm ci --no-audit --no-fund --silent)
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --quiet
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace 2>&1 | tee "$log"
# One summary line over every test binary (cargo's own last line is a crate's doc-tests).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
