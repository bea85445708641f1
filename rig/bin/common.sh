# Shared settings and helpers for the rig scripts (sourced, never run directly).
#
# Environment (all optional):
#   RIG_MODE=zk|kraft   zk: Kafka 3.9 + ZooKeeper (default); kraft: Kafka 4.x combined broker+controller
#   RIG_STATE=<dir>     conf, data, logs and pid files (default rig/.state/<mode>)
#   RIG_TIMEOUT=<s>     readiness wait per component (default 120)
#   KAFKA_PORT=9092 ZK_PORT=2181 CONTROLLER_PORT=9093 JOLOKIA_KAFKA_PORT=8778 JOLOKIA_ZK_PORT=8779
#   KAFKA_HEAP_OPTS, ZK_HEAP_OPTS, KAFKA_OPTS, ZK_OPTS (extra JVM flags), JAVA (java binary)
#   RIG_KAFKA_PROPERTIES="key=value" lines appended to the broker's server.properties (later keys win),
#                       for tests that need a broker configured otherwise
set -euo pipefail

RIG_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RIG_MODE=${RIG_MODE:-zk}
case "$RIG_MODE" in
  zk | kraft) ;;
  *) echo "rig: RIG_MODE must be 'zk' or 'kraft', got '$RIG_MODE'" >&2; exit 2 ;;
esac
RIG_JARS=$RIG_HOME/target/$RIG_MODE
RIG_STATE=${RIG_STATE:-$RIG_HOME/.state/$RIG_MODE}
RIG_TIMEOUT=${RIG_TIMEOUT:-120}
KAFKA_PORT=${KAFKA_PORT:-9092}
ZK_PORT=${ZK_PORT:-2181}
CONTROLLER_PORT=${CONTROLLER_PORT:-9093}
JOLOKIA_KAFKA_PORT=${JOLOKIA_KAFKA_PORT:-8778}
JOLOKIA_ZK_PORT=${JOLOKIA_ZK_PORT:-8779}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m}
ZK_HEAP_OPTS=${ZK_HEAP_OPTS:--Xms64m -Xmx256m}
KAFKA_OPTS=${KAFKA_OPTS:-}
ZK_OPTS=${ZK_OPTS:-}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}

CONF=$RIG_STATE/conf
DATA=$RIG_STATE/data
LOGS=$RIG_STATE/logs
RUN=$RIG_STATE/run
LIB=$RIG_JARS/lib
JOLOKIA_JAR=$RIG_JARS/agents/jolokia-agent.jar
# Every rig JVM carries this on its command line, so stop.sh and status.sh only ever touch our own processes.
MARKER=-Dkinstrument.rig=$RIG_STATE

say() { echo "rig[$RIG_MODE]: $*" >&2; }
die() { say "error: $*"; exit 1; }

require_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "Java not found ('$JAVA'). Install a JDK 17+ (apt-get install openjdk-17-jdk-headless) or set JAVA/JAVA_HOME."
  local major
  major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  [ -n "$major" ] || die "could not read the Java version from '$JAVA -version'"
  [ "${major%%.*}" -ge 17 ] || die "Java $major found; the rig needs Java 17 or newer"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid of a rig component if it is alive and really ours (marker on its command line), else nothing.
component_pid() {
  local file=$RUN/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$MARKER"; then
    echo "$pid"
  fi
}

zk_4lw() { # zk_4lw <word>: ZooKeeper's answer, empty when it does not answer
  (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" && printf '%s' "$1" >&3 && timeout 3 cat <&3) 2>/dev/null || true
}

# Value of kafka.server:type=KafkaServer,name=BrokerState through the broker's Jolokia (3 = RUNNING).
broker_state() {
  curl -s -m 3 "http://127.0.0.1:$JOLOKIA_KAFKA_PORT/jolokia/read/kafka.server:type=KafkaServer,name=BrokerState/Value" 2>/dev/null |
    sed -n 's/.*"value":\([0-9]*\).*/\1/p' || true
}

jars_present() { [ -f "$RIG_JARS/.complete" ] && [ -f "$JOLOKIA_JAR" ]; }
