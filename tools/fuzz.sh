#!/usr/bin/env bash
# Coverage-guided fuzzing of one p2p @FuzzTest with Jazzer (see docs/fuzzing.md).
#   tools/fuzz.sh Class#method [duration]    e.g. tools/fuzz.sh NoiseFuzzTest#responder 5m
# New corpus entries go to p2p/.cifuzz-corpus/ (git-ignored); a crashing input is written to
# p2p/src/test/resources/org/peerprobe/p2p/fuzz/<Class>Inputs/<method>/crash-<sha1>, where the
# normal test run replays it. Extra arguments go to Maven.
set -euo pipefail
target="${1:?usage: tools/fuzz.sh Class#method [duration] [maven args...]}"
duration="${2:-5m}"
shift $(( $# > 1 ? 2 : 1 ))
cd "$(dirname "$0")/.."
JAZZER_FUZZ=1 exec ./mvnw -B test -pl p2p -am \
  -Dtest="org.peerprobe.p2p.fuzz.${target}" \
  -Djazzer.hooks=true \
  -Djazzer.max_duration="${duration}" \
  -Dsurefire.failIfNoSpecifiedTests=false \
  "$@"
