# shellcheck shell=bash
# Spark standalone clusters: one Master and N Workers, each its own JVM started
# with bin/spark-class of the same SPARK_HOME, bound to 127.0.0.1. The Connect
# server is then the driver (--master spark://...), so its executors are
# separate JVMs (CoarseGrainedExecutorBackend, children of the workers).
# Sourced by scripts/spark-server.
#
# Ports: the master's RPC port is the server port + 1, its web UI (JSON at
# /json/) the server port + 2; workers take free ports. Cluster processes are
# recorded in state/<port>.cluster.

MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker
DAEMON_MEMORY=${SPARK_CONNECT_TS_DAEMON_MEMORY:-256m}
EXECUTOR_MEMORY=${SPARK_CONNECT_TS_EXECUTOR_MEMORY:-512m}

cluster_file() { echo "$CACHE/state/$1.cluster"; }

cluster_get() { # port key
  local f
  f=$(cluster_file "$1")
  [[ -f $f ]] || return 0
  sed -n "s/^$2=//p" "$f" | head -1
}

# master web UI port -> prints the master's JSON state as `key=value` lines:
# status, workers (alive), cores_used, apps (active), app_cores (granted to apps)
master_json() { # python ui_port
  "$1" - "$2" <<'PY' 2>/dev/null
import json, sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/json/", timeout=5) as r:
    s = json.load(r)
alive = [w for w in s.get("workers", []) if w.get("state") == "ALIVE"]
apps = s.get("activeapps", [])
print(f"status={s.get('status')}")
print(f"workers={len(alive)}")
print(f"cores_used={sum(w.get('coresused', 0) for w in alive)}")
print(f"apps={len(apps)}")
print(f"app_cores={sum(a.get('cores', 0) for a in apps)}")
PY
}

json_get() { sed -n "s/^$2=//p" <<<"$1" | head -1; }

launch_daemon() { # logfile cmd... -> prints the pid (leads its own session)
  local logf=$1
  shift
  (
    exec 8>&- 9>&-
    exec setsid nohup "$@" >>"$logf" 2>&1 </dev/null
  ) &
  local pid=$!
  disown "$pid" 2>/dev/null || true
  echo "$pid"
}

# Starts master + workers and waits until all workers registered. Globals in:
# SERVER_ENV (env command prefix), CLUSTER_WORKERS, CLUSTER_CORES, CLUSTER_MEMORY.
# Sets CLUSTER_MASTER_URL.
start_cluster() { # port home python rundir exact
  local port=$1 home=$2 py=$3 rundir=$4 exact=$5
  local mport=$((port + 1)) uiport=$((port + 2)) cf i
  cf=$(cluster_file "$port")
  for i in "$mport" "$uiport"; do
    port_open "$i" && die "port $i (for the cluster master of port $port) is in use; choose another --port"
  done
  local daemon_env=("${SERVER_ENV[@]}"
    "SPARK_DAEMON_MEMORY=$DAEMON_MEMORY"
    "SPARK_DAEMON_JAVA_OPTS=-XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=$rundir/tmp"
    "SPARK_LOCAL_DIRS=$rundir/tmp"
    "SPARK_WORKER_DIR=$rundir/work")
  mkdir -p "$rundir/work" "$rundir/tmp"
  local mlog="$CACHE/logs/master-$exact-$port.log" mpid
  : >"$mlog"
  log "starting a standalone master on spark://127.0.0.1:$mport (web UI http://127.0.0.1:$uiport)"
  mpid=$(cd "$rundir" && launch_daemon "$mlog" "${daemon_env[@]}" "$home/bin/spark-class" "$MASTER_CLASS" \
    --host 127.0.0.1 --port "$mport" --webui-port "$uiport")
  {
    echo "master_pid=$mpid"
    echo "master_url=spark://127.0.0.1:$mport"
    echo "master_ui=http://127.0.0.1:$uiport"
    echo "master_log=$mlog"
    echo "workers=$CLUSTER_WORKERS"
    echo "worker_cores=$CLUSTER_CORES"
    echo "worker_memory=$CLUSTER_MEMORY"
    echo "python=$py"
  } >"$cf"
  local deadline=$((SECONDS + START_TIMEOUT)) j
  until j=$(master_json "$py" "$uiport") && [[ $(json_get "$j" status) == ALIVE ]]; do
    pid_cmdline_has "$mpid" "$MASTER_CLASS" || { tail -n 30 "$mlog" >&2; stop_cluster "$port" 5; die "the master died during startup (log: $mlog)"; }
    ((SECONDS < deadline)) || { stop_cluster "$port" 5; die "the master did not come up within $START_TIMEOUT s (log: $mlog)"; }
    sleep 1
  done
  local wpids=() wlog wpid
  for ((i = 1; i <= CLUSTER_WORKERS; i++)); do
    wlog="$CACHE/logs/worker$i-$exact-$port.log"
    : >"$wlog"
    mkdir -p "$rundir/work/worker$i"
    wpid=$(cd "$rundir" && launch_daemon "$wlog" "${daemon_env[@]}" "$home/bin/spark-class" "$WORKER_CLASS" \
      --host 127.0.0.1 --cores "$CLUSTER_CORES" --memory "$CLUSTER_MEMORY" --webui-port 0 \
      --work-dir "$rundir/work/worker$i" "spark://127.0.0.1:$mport")
    wpids+=("$wpid")
    echo "worker_pid=$wpid" >>"$cf"
  done
  log "started $CLUSTER_WORKERS worker(s) (pids ${wpids[*]}; $CLUSTER_CORES core(s), $CLUSTER_MEMORY each); waiting for them to register"
  until j=$(master_json "$py" "$uiport") && (($(json_get "$j" workers) >= CLUSTER_WORKERS)); do
    for wpid in "${wpids[@]}"; do
      pid_cmdline_has "$wpid" "$WORKER_CLASS" || { tail -n 30 "$CACHE"/logs/worker*-"$exact-$port.log" >&2; stop_cluster "$port" 5; die "a worker died during startup"; }
    done
    ((SECONDS < deadline)) || { stop_cluster "$port" 5; die "the workers did not register within $START_TIMEOUT s"; }
    sleep 1
  done
  CLUSTER_MASTER_URL="spark://127.0.0.1:$mport"
}

# After the driver answers: wait until the app holds every worker's cores
# (one executor per worker).
wait_executors() { # port
  local port=$1 py ui j want deadline=$((SECONDS + START_TIMEOUT))
  py=$(cluster_get "$port" python)
  ui=$(cluster_get "$port" master_ui)
  ui=${ui##*:}
  want=$(($(cluster_get "$port" workers) * $(cluster_get "$port" worker_cores)))
  until j=$(master_json "$py" "$ui") && (($(json_get "$j" app_cores) >= want)); do
    ((SECONDS < deadline)) || { log "warning: executors hold $(json_get "$j" app_cores) of $want cores after $START_TIMEOUT s"; return 0; }
    sleep 1
  done
  log "executors hold all $want worker core(s)"
}

stop_cluster() { # port [grace] -> stop workers (and their executors), then the master
  local port=$1 grace=${2:-30} cf pid
  cf=$(cluster_file "$port")
  [[ -f $cf ]] || return 0
  while IFS= read -r pid; do
    pid_cmdline_has "$pid" "$WORKER_CLASS" && stop_pid "$pid" "worker of port $port" "$grace"
  done < <(sed -n 's/^worker_pid=//p' "$cf")
  pid=$(cluster_get "$port" master_pid)
  pid_cmdline_has "$pid" "$MASTER_CLASS" && stop_pid "$pid" "master of port $port" "$grace"
  rm -f "$cf"
}

cluster_status() { # port -> one indented line about the cluster, if any
  local port=$1 cf mpid py ui j alive=0 n=0 pid mstate
  cf=$(cluster_file "$port")
  [[ -f $cf ]] || return 0
  mpid=$(cluster_get "$port" master_pid)
  py=$(cluster_get "$port" python)
  ui=$(cluster_get "$port" master_ui)
  while IFS= read -r pid; do
    n=$((n + 1))
    pid_cmdline_has "$pid" "$WORKER_CLASS" && alive=$((alive + 1))
  done < <(sed -n 's/^worker_pid=//p' "$cf")
  if pid_cmdline_has "$mpid" "$MASTER_CLASS" && j=$(master_json "$py" "${ui##*:}"); then
    mstate="master $(cluster_get "$port" master_url) pid=$mpid up, registered workers=$(json_get "$j" workers), executor cores=$(json_get "$j" app_cores), ui $ui"
  else
    mstate="master $(cluster_get "$port" master_url) pid=$mpid dead"
  fi
  printf '  cluster: %s; worker processes %d/%d alive (%s)\n' "$mstate" "$alive" "$n" \
    "$(sed -n 's/^worker_pid=//p' "$cf" | paste -sd, -)"
}
