#!/usr/bin/env bash
# Fetches the broker, ZooKeeper and Jolokia jars from Maven Central into rig/target/<mode>/ (once; cached).
# Usage: rig/bin/fetch.sh [--force]      RIG_MODE=kraft for the Kafka 4.x jars.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,3p' "$0" | sed 's/^# //'; exit 0; fi
if [ "${1:-}" != --force ] && jars_present; then
  say "jars already fetched ($(find "$LIB" -name '*.jar' | wc -l) in $LIB)"
  exit 0
fi
require_java
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) not found. Install it (apt-get install maven); it fetches the Kafka jars from Maven Central."

profile=()
[ "$RIG_MODE" = kraft ] && profile=(-Drig.kraft)
say "fetching jars with Maven into $RIG_JARS (first run downloads ~50 MB into ~/.m2)"
rm -rf "$RIG_JARS"
start=$(date +%s)
count=0
# Maven prints one "Downloaded from" line per artifact: count them as progress, keep the log for errors.
log=$RIG_HOME/target/fetch-$RIG_MODE.log
mkdir -p "$RIG_HOME/target"
set +e
mvn -B -f "$RIG_HOME/pom.xml" "${profile[@]}" package 2>&1 | tee "$log" | while IFS= read -r line; do
  case "$line" in
    *"Downloaded from"*)
      count=$((count + 1))
      [ $((count % 25)) -eq 0 ] && say "... $count artifacts downloaded"
      ;;
  esac
done
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  grep -E '\[ERROR\]' "$log" | head -n 20 >&2 || true
  die "Maven could not fetch the jars (full log: $log)"
fi
count=$(grep -c 'Downloaded from' "$log" || true)
touch "$RIG_JARS/.complete"
say "fetched $(find "$LIB" -name '*.jar' | wc -l) jars ($count downloads) in $(($(date +%s) - start)) s"
