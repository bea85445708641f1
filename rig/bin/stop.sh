#!/usr/bin/env bash
# Stops the rig's JVMs (Kafka before ZooKeeper: a controlled shutdown talks to ZooKeeper).
# Only processes started by this rig (marker on their command line) are signalled.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,3p' "$0" | sed 's/^# //'; exit 0; fi

stop_one() { # stop_one <name>
  local name=$1 pid waited=0
  pid=$(component_pid "$name")
  if [ -z "$pid" ]; then
    rm -f "$RUN/$name.pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 120 ]; then # 30 s
      say "$name (pid $pid) ignored SIGTERM for 30s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  rm -f "$RUN/$name.pid"
  say "$name stopped (pid $pid)"
}

stop_one kafka
stop_one zookeeper
