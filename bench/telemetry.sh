#!/bin/sh
# Issue 5's figures in one run on this machine (see bench/README.md, "Telemetry"):
# rule evaluation with 100 rules per core, end-to-end Entra ingest per core beside plain
# encoding/json decoding of the same lines, and ten million events in bounded memory.
set -e
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'BenchmarkEngine100Rules' -cpu 1 -count 3 ./internal/telemetry/sigma
go test -run '^$' -bench 'BenchmarkIngestEntra' -cpu 1 -count 3 ./internal/telemetry/ingest
go test -run '^$' -bench 'BenchmarkTelemetry10M' -benchtime 1x -timeout 30m ./bench
