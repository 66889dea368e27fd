#!/usr/bin/env bash
# Usage: scripts/test-summary.sh LOG SKIPPED
# The end of scripts/test.sh: lists the tests that were skipped, then prints one line over
# every test binary of LOG (the output of `cargo test`):
#     tests: P passed, F failed, K skipped
# SKIPPED is the folder where a test records that it was skipped (one file per test, named
# `<package>.<module path of the test>`, holding the reason; see crates/test-support/src/lib.rs).
# Cargo counts a skipped test as passed; P does not.
set -euo pipefail
log=$1
skipped=$2

count=0
if [ -d "$skipped" ]; then
    for file in "$skipped"/*; do
        [ -f "$file" ] || continue
        name=$(basename "$file")
        # Rust names have no dots: the file name's dots stand for `::`.
        echo "skipped: ${name//./::}: $(cat "$file")"
        count=$((count + 1))
    done
fi
# Cargo's own last line is a crate's doc-tests: add up every `test result:` line.
awk -v skipped="$count" '
    /^test result:/ {
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^passed/) p += $(i - 1)
            if ($i ~ /^failed/) f += $(i - 1)
        }
    }
    END { printf "tests: %d passed, %d failed, %d skipped\n", p - skipped, f, skipped }' "$log"
