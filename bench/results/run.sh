#!/usr/bin/env bash
# Results benchmark: 1,000,000 EIT and 1,000,000 satisfaction responses stored through the storage
# layer, then the results API, the results pages, the O16 / O42 downloads, the public page and
# the moderation list timed against the real `prongsai serve` (release). Prints the figures (also
# in bench/out/results.txt). Not a test; the budget (< 2 s per page) is in the lead's issue 6.
#
#   bench/results/run.sh                                  # ~6 minutes on 2 cores
#   bench/results/run.sh --results-n 200000 --results-satisfaction-n 200000
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -p prongsai --bin prongsai --example ingest_bench
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
mkdir -p bench/out
"$target_dir/release/examples/ingest_bench" --bin "$target_dir/release/prongsai" --only-results "$@" | tee bench/out/results.txt
