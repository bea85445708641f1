#!/usr/bin/env bash
# Stops the rig and deletes its data, logs and rendered config (ZooKeeper and Kafka data go together:
# a stale meta.properties against a fresh ZooKeeper fails with InconsistentClusterIdException).
# Usage: rig/bin/wipe.sh [--jars]   --jars also deletes the fetched jars (the ~/.m2 cache stays).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,4p' "$0" | sed 's/^# //'; exit 0; fi
bash "$RIG_HOME/bin/stop.sh"
rm -rf "$RIG_STATE"
say "wiped $RIG_STATE"
if [ "${1:-}" = --jars ]; then
  rm -rf "$RIG_JARS"
  say "deleted $RIG_JARS"
fi
