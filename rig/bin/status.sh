#!/usr/bin/env bash
# Prints the state of each rig component; exits 0 when the rig is up and ready, 3 otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2p' "$0" | sed 's/^# //'; exit 0; fi
ok=0
line() { printf '%-11s %-26s %s\n' "$1" "$2" "$3"; }
echo "mode: $RIG_MODE   state: $RIG_STATE   jars: $(jars_present && echo fetched || echo 'not fetched')"
if [ "$RIG_MODE" = zk ]; then
  pid=$(component_pid zookeeper)
  if [ -n "$pid" ] && [ "$(zk_4lw ruok)" = imok ]; then
    line zookeeper "127.0.0.1:$ZK_PORT" "running (pid $pid), ruok=imok, jolokia 127.0.0.1:$JOLOKIA_ZK_PORT"
  else
    line zookeeper "127.0.0.1:$ZK_PORT" "${pid:+not answering (pid $pid)}${pid:-stopped}"
    ok=3
  fi
fi
pid=$(component_pid kafka)
state=$(broker_state)
if [ -n "$pid" ] && [ "$state" = 3 ]; then
  line kafka "127.0.0.1:$KAFKA_PORT" "running (pid $pid), BrokerState=3, jolokia 127.0.0.1:$JOLOKIA_KAFKA_PORT"
else
  line kafka "127.0.0.1:$KAFKA_PORT" "${pid:+not ready (pid $pid, BrokerState=${state:-?})}${pid:-stopped}"
  ok=3
fi
echo "logs: $LOGS"
exit "$ok"
