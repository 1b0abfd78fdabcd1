# shellcheck shell=bash
# Server processes: state files, liveness, health, stopping. Sourced by
# scripts/spark-server.

port_open() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

state_file() { echo "$CACHE/state/$1.state"; }
# The auth token of a token-protected server, for health checks (mode 600;
# the state file itself keeps --env values masked).
token_file() { echo "$CACHE/state/$1.token"; }

state_get() { # port key
  local f
  f=$(state_file "$1")
  [[ -f $f ]] || return 0
  sed -n "s/^$2=//p" "$f" | head -1
}

pid_cmdline_has() { # pid pattern -> alive and its command line contains pattern
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

pid_is_server() { # pid -> alive and a Spark Connect server (JVM, or Sail)
  pid_cmdline_has "$1" "$SERVER_CLASS" || pid_cmdline_has "$1" "bin/sail spark server"
}

# Health: a server is healthy only if it runs a query (scripts/lib/health.py
# with the version's own pyspark client), not merely when its port is open.
# Sets HEALTH_ERR to the reason when unhealthy.
HEALTH_ERR=
server_healthy() { # port [timeout seconds]
  local port=$1 limit=${2:-$HEALTH_TIMEOUT} py tok= out
  py=$(state_get "$port" python)
  HEALTH_ERR=
  if ! port_open "$port"; then
    HEALTH_ERR="port $port is closed"
    return 1
  fi
  [[ -x $py ]] || { HEALTH_ERR="no client python recorded for port $port"; return 1; }
  [[ -f $(token_file "$port") ]] && tok=$(cat "$(token_file "$port")")
  local rc=0
  out=$(SPARK_CONNECT_TS_HEALTH_TOKEN=$tok timeout -k 5 "$limit" \
    "$py" "$LIB_DIR/health.py" "$port" "$(state_get "$port" version)" 2>&1 >/dev/null) || rc=$?
  ((rc != 0)) || return 0
  if ((rc == 124 || rc == 137)); then
    HEALTH_ERR="no answer to a query within $limit s"
  else
    HEALTH_ERR=$(printf '%s\n' "$out" | grep -v '^\s*$' | tail -1)
    HEALTH_ERR=${HEALTH_ERR:-query failed}
  fi
  return 1
}

kill_group() { # pid signal -> signal its process group (it leads one) or itself
  kill "-$2" -- "-$1" 2>/dev/null || kill "-$2" "$1" 2>/dev/null || true
}

stop_pid() { # pid what [grace seconds] -> TERM (and CONT, for a frozen one), then KILL
  local pid=$1 what=$2 grace=${3:-30} i
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $what (pid $pid)"
  kill_group "$pid" TERM
  kill_group "$pid" CONT
  for ((i = 0; i < grace * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "pid $pid did not exit after SIGTERM; killing it"
  kill_group "$pid" KILL
  for ((i = 0; i < 20; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
}

stop_port() { # port [grace] -> stop the recorded server (and its cluster) on it, remove its state
  local port=$1 grace=${2:-30} pid version i
  pid=$(state_get "$port" pid)
  version=$(state_get "$port" version)
  if pid_is_server "$pid"; then
    stop_pid "$pid" "$version server on port $port" "$grace"
  else
    log "$version server on port $port is not running (pid ${pid:-?}); forgetting it"
  fi
  stop_cluster "$port" "$grace"
  for ((i = 0; i < 40; i++)); do
    port_open "$port" || break
    sleep 0.5
  done
  port_open "$port" && log "warning: port $port still answers after stopping pid $pid"
  rm -f "$(state_file "$port")" "$(token_file "$port")"
}

wait_ready() { # pid port log version -> until the server answers a query
  local pid=$1 port=$2 logf=$3 exact=$4 deadline=$((SECONDS + START_TIMEOUT))
  local last=
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$exact server (pid $pid) died during startup; last lines of $logf:"
      tail -n 40 "$logf" >&2 || true
      stop_port "$port" 5
      exit 1
    fi
    if port_open "$port"; then
      # The first query of a fresh JVM may be slow on a busy machine: give it
      # the rest of the start timeout.
      if server_healthy "$port" $((deadline - SECONDS > HEALTH_TIMEOUT ? deadline - SECONDS : HEALTH_TIMEOUT)); then
        return 0
      fi
      if [[ $HEALTH_ERR != "$last" ]]; then
        log "port $port is open but the server does not answer a query yet: $HEALTH_ERR"
        last=$HEALTH_ERR
      fi
    fi
    if ((SECONDS >= deadline)); then
      log "$exact server did not answer a query on port $port within $START_TIMEOUT s${last:+ ($last)}; last lines of $logf:"
      tail -n 40 "$logf" >&2 || true
      stop_port "$port" 5
      exit 1
    fi
    sleep 1
  done
}

server_state() { # port -> prints up | dead | starting | unhealthy (reason)
  local port=$1 pid
  pid=$(state_get "$port" pid)
  if ! pid_is_server "$pid"; then
    echo "dead"
    return
  fi
  # A start in progress holds the port lock until the server answers.
  if ! (exec 9>"$CACHE/locks/port-$port.lock" && flock -n 9); then
    echo "starting"
    return
  fi
  if server_healthy "$port"; then
    echo "up"
  else
    echo "unhealthy ($HEALTH_ERR)"
  fi
}

cmd_status() {
  mkdir -p "$CACHE/state" "$CACHE/locks"
  local f p v pid state n=0
  for f in "$CACHE"/state/*.state; do
    [[ -f $f ]] || continue
    p=$(basename "$f" .state)
    v=$(state_get "$p" version)
    pid=$(state_get "$p" pid)
    state=$(server_state "$p")
    printf '%-12s port=%-5s pid=%-8s %-8s sc://127.0.0.1:%s\n' "$v" "$p" "$pid" "$state" "$p"
    cluster_status "$p"
    n=$((n + 1))
  done
  ((n > 0)) || log "no servers recorded in $CACHE/state"
}
