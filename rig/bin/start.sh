#!/usr/bin/env bash
# Starts the test rig in the background and returns once it really serves requests:
#   RIG_MODE=zk (default): ZooKeeper 127.0.0.1:2181 + Kafka 3.9 broker 127.0.0.1:9092
#   RIG_MODE=kraft:        Kafka 4.x broker+controller 127.0.0.1:9092 (controller 9093)
# Jolokia serves the broker's JMX on 127.0.0.1:8778 and ZooKeeper's on 127.0.0.1:8779.
# Fetches the jars first when needed. Reuses a rig that is already running. See common.sh for settings.
# `start.sh --only zookeeper|kafka` (re)starts just that component of a rig whose other part runs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,7p' "$0" | sed 's/^# //'; exit 0; fi
only=
if [ "${1:-}" = --only ]; then
  only=${2:-}
  case "$only" in
    kafka) ;;
    zookeeper) [ "$RIG_MODE" = zk ] || die "--only zookeeper needs RIG_MODE=zk" ;;
    *) die "--only takes 'kafka' or 'zookeeper', got '$only'" ;;
  esac
fi
require_java
jars_present || bash "$RIG_HOME/bin/fetch.sh"

started_at=$(date +%s.%N)
mkdir -p "$CONF" "$DATA" "$LOGS" "$RUN"

render() { # render <template> <output>
  sed -e "s#@RIG_STATE@#$RIG_STATE#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@ZK_PORT@#$ZK_PORT#g" \
    -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" "$1" >"$2"
}

render_broker() { # render_broker <template>: the broker's server.properties, RIG_KAFKA_PROPERTIES last
  render "$1" "$CONF/server.properties"
  if [ -n "${RIG_KAFKA_PROPERTIES:-}" ]; then
    printf '\n# RIG_KAFKA_PROPERTIES\n%s\n' "$RIG_KAFKA_PROPERTIES" >>"$CONF/server.properties"
  fi
}

elapsed() { awk -v s="$started_at" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# A port held by something else is an error we can explain, not a broker that "fails to start".
ensure_port_free() { # ensure_port_free <port> <what>
  if port_open "$1"; then
    local holder
    holder=$(ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n1)
    die "port $1 ($2) is already in use${holder:+ by $holder}. Stop that process, or run the other rig mode's stop script, or set a different port."
  fi
}

tail_logs() { # tail_logs <file>...
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "----- last lines of $f -----" >&2
    tail -n 40 "$f" >&2
  done
}

launch() { # launch <name> <java args...>: starts a detached JVM, writes its pid file
  local name=$1
  shift
  # setsid: the rig outlives the shell (and test runner) that started it.
  setsid nohup "$JAVA" "$MARKER" "$@" >"$LOGS/$name.out" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

jolokia_agent() { # jolokia_agent <port>
  echo "-javaagent:$JOLOKIA_JAR=host=127.0.0.1,port=$1,discoveryEnabled=false"
}

# wait_for <name> <check command...>: polls until the check passes, the JVM dies, or the timeout.
component_logs() { # the files that explain why a component failed
  if [ "$1" = kafka ]; then tail_logs "$LOGS/server.log" "$LOGS/kafka.out"; else tail_logs "$LOGS/zookeeper.log" "$LOGS/zookeeper.out"; fi
}

# The JVM just launched is alive. Not component_pid: for the first milliseconds the process is still
# setsid or nohup, or in the middle of exec (an empty cmdline), and has no marker yet; that is a start, not
# an exit (seen: 6 % of launches checked at once). Dead means gone, or a zombie not yet reaped.
launched_alive() { # launched_alive <name>
  local pid state
  pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
  # The state follows the last ')' of /proc/<pid>/stat: the command name before it may hold spaces.
  state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

wait_for() {
  local name=$1
  shift
  local deadline=$(($(date +%s) + RIG_TIMEOUT))
  while ! "$@"; do
    if ! launched_alive "$name"; then
      say "$name exited during start-up"
      component_logs "$name"
      bash "$RIG_HOME/bin/stop.sh" >/dev/null 2>&1 || true
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "$name not ready after ${RIG_TIMEOUT}s"
      component_logs "$name"
      bash "$RIG_HOME/bin/stop.sh" >/dev/null 2>&1 || true
      exit 1
    fi
    sleep 0.25
  done
}

zk_ready() { [ "$(zk_4lw ruok)" = imok ]; }
# "Port open" is not ready: the acceptor binds before requests are served. BrokerState 3 = RUNNING.
broker_ready() { [ "$(broker_state)" = 3 ]; }

kafka_running=$(component_pid kafka)
zk_running=$(component_pid zookeeper)
if [ -n "$only" ]; then
  [ -z "$(component_pid "$only")" ] || { say "$only already running (pid $(component_pid "$only"))"; exit 0; }
elif [ -n "$kafka_running" ] && broker_ready; then
  say "already running (kafka pid $kafka_running${zk_running:+, zookeeper pid $zk_running})"
  exit 0
fi
if [ -z "$only" ] && [ -n "$kafka_running$zk_running" ]; then
  say "found a half-running rig; stopping it first"
  bash "$RIG_HOME/bin/stop.sh"
fi

if [ "$only" != zookeeper ]; then
  ensure_port_free "$KAFKA_PORT" "Kafka"
  ensure_port_free "$JOLOKIA_KAFKA_PORT" "Jolokia for Kafka"
fi
jvm_common=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  "-Dkafka.logs.dir=$LOGS")

if [ "$RIG_MODE" = zk ]; then
  render_broker "$RIG_HOME/conf/server.properties"
  log_conf=("-Dlog4j.configuration=file:$RIG_HOME/conf/log4j.properties")
fi
if [ "$RIG_MODE" = zk ] && [ "$only" != kafka ]; then
  ensure_port_free "$ZK_PORT" "ZooKeeper"
  ensure_port_free "$JOLOKIA_ZK_PORT" "Jolokia for ZooKeeper"
  render "$RIG_HOME/conf/zoo.cfg" "$CONF/zoo.cfg"
  say "starting ZooKeeper on 127.0.0.1:$ZK_PORT"
  # shellcheck disable=SC2086 # heap/extra options are word lists on purpose
  launch zookeeper $ZK_HEAP_OPTS "${jvm_common[@]}" $ZK_OPTS \
    "-Dlog4j.configuration=file:$RIG_HOME/conf/log4j-zookeeper.properties" \
    "$(jolokia_agent "$JOLOKIA_ZK_PORT")" \
    -cp "$LIB/*" org.apache.zookeeper.server.quorum.QuorumPeerMain "$CONF/zoo.cfg"
  wait_for zookeeper zk_ready
  say "ZooKeeper ready after $(elapsed)s"
  [ "$only" != zookeeper ] || exit 0
elif [ "$RIG_MODE" = kraft ]; then
  ensure_port_free "$CONTROLLER_PORT" "KRaft controller"
  render_broker "$RIG_HOME/conf/kraft/server.properties"
  log_conf=("-Dlog4j2.configurationFile=$RIG_HOME/conf/kraft/log4j2.properties")
  if [ ! -f "$DATA/kraft-combined-logs/meta.properties" ]; then
    cluster_id=$("$JAVA" -cp "$LIB/*" "${log_conf[@]}" -Dkafka.logs.dir="$LOGS" kafka.tools.StorageTool random-uuid 2>>"$LOGS/format.out")
    "$JAVA" -cp "$LIB/*" "${log_conf[@]}" -Dkafka.logs.dir="$LOGS" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$CONF/server.properties" --ignore-formatted >>"$LOGS/format.out" 2>&1 ||
      { tail_logs "$LOGS/format.out"; die "formatting the KRaft log dir failed"; }
    say "formatted KRaft storage (cluster id $cluster_id)"
  fi
fi

say "starting Kafka on 127.0.0.1:$KAFKA_PORT"
# shellcheck disable=SC2086
launch kafka $KAFKA_HEAP_OPTS "${jvm_common[@]}" $KAFKA_OPTS "${log_conf[@]}" \
  "$(jolokia_agent "$JOLOKIA_KAFKA_PORT")" \
  -cp "$LIB/*" kafka.Kafka "$CONF/server.properties"
wait_for kafka broker_ready
say "Kafka ready (BrokerState=3) after $(elapsed)s; logs in $LOGS"
