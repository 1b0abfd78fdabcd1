# shellcheck shell=bash
# Table formats for Spark servers (--with delta, --with iceberg): the jars
# come from Maven Central with mvn (the artifact and its runtime dependencies),
# minus what SPARK_HOME/jars already has, into format-jars/ in the cache; the
# server then starts with them on --jars plus the confs the format needs.
# Sourced by scripts/spark-server.
#
# Which release serves which Spark line (Delta's compatibility table; from
# Delta 4.1 on, the artifact names the Spark line: delta-spark_4.2_2.13).
# Override with SPARK_CONNECT_TS_DELTA_ARTIFACT / SPARK_CONNECT_TS_ICEBERG_ARTIFACT
# (group:artifact:version).

delta_artifact() { # line -> group:artifact:version, or empty when no release targets it
  case $1 in
    3.5) echo io.delta:delta-spark_2.12:3.3.2 ;;
    4.0) echo io.delta:delta-spark_2.13:4.0.0 ;;
    4.1) echo io.delta:delta-spark_4.1_2.13:4.1.0 ;;
    4.2) echo io.delta:delta-spark_4.2_2.13:4.4.0 ;;
  esac
}

iceberg_artifact() { # line -> group:artifact:version, or empty
  case $1 in
    3.5) echo org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.0 ;;
    4.0) echo org.apache.iceberg:iceberg-spark-runtime-4.0_2.13:1.10.0 ;;
    4.1) echo org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.11.0 ;;
  esac
}

# Fetches group:artifact:version and its runtime dependencies into dest.
fetch_with_deps() { # coords dest spark_home
  local coords=$1 dest=$2 home=$3 g a v tmp
  IFS=: read -r g a v <<<"$coords"
  command -v mvn >/dev/null || die "mvn is needed to fetch $coords"
  tmp=$(mktemp -d "$CACHE/format-jars/.fetch.XXXXXX")
  cat >"$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>spark-connect-ts</groupId><artifactId>format-jars</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>
  </dependencies>
</project>
POM
  log "fetching $coords and its runtime dependencies from Maven Central"
  if ! (cd "$tmp" && mvn -B -q "$MAVEN_DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=runtime \
    -DoutputDirectory="$tmp/jars" >"$tmp/mvn.log" 2>&1); then
    grep -E '^\[ERROR\]' "$tmp/mvn.log" | head -3 >&2 || true
    rm -rf "$tmp"
    return 1
  fi
  # Keep only what Spark lacks: a jar whose artifact Spark ships (jackson,
  # hadoop, parquet, scala-library, log4j...) would shadow or clash with it.
  local j base kept=0
  mkdir -p "$tmp/keep"
  for j in "$tmp"/jars/*.jar; do
    base=$(basename "$j" .jar | sed -E 's/-[0-9][^-]*(-[A-Za-z0-9.]+)?$//')
    if compgen -G "$home/jars/$base-[0-9]*.jar" >/dev/null; then
      continue
    fi
    mv "$j" "$tmp/keep/"
    kept=$((kept + 1))
  done
  ((kept > 0)) || { rm -rf "$tmp"; die "no jar left for $coords after removing what Spark ships"; }
  rm -rf "$dest"
  mv "$tmp/keep" "$dest"
  rm -rf "$tmp"
  log "cached $kept jar(s) in $dest: $(cd "$dest" && ls | paste -sd' ' -)"
}

FORMAT_EXTENSIONS=()
provision_format() { # format exact port -> appends to FORMAT_JARS / FORMAT_CONFS
  local fmt=$1 exact=$2 port=$3 line coords dest home
  line=$(line_of "$exact")
  home=$(marker_get "$exact" spark_home)
  case $fmt in
    delta) coords=${SPARK_CONNECT_TS_DELTA_ARTIFACT:-$(delta_artifact "$line")} ;;
    iceberg) coords=${SPARK_CONNECT_TS_ICEBERG_ARTIFACT:-$(iceberg_artifact "$line")} ;;
  esac
  [[ -n $coords ]] ||
    die "no $fmt release is known for Spark $line (set SPARK_CONNECT_TS_${fmt^^}_ARTIFACT=group:artifact:version to try one)"
  [[ $coords =~ ^[^:]+:[^:]+:[^:]+$ ]] || die "invalid $fmt artifact '$coords' (expected group:artifact:version)"
  dest="$CACHE/format-jars/${coords//:/_}-spark$exact"
  mkdir -p "$CACHE/format-jars" "$CACHE/locks"
  if [[ ! -f $dest/.complete ]]; then
    (
      exec 7>"$CACHE/locks/format-${coords//:/_}.lock"
      flock -w "$LOCK_TIMEOUT" 7 || die "timed out waiting for the lock of $coords"
      if [[ ! -f $dest/.complete ]]; then
        fetch_with_deps "$coords" "$dest" "$home" ||
          die "cannot fetch $coords from Maven Central"
        touch "$dest/.complete"
      fi
    ) || exit 1
  fi
  local j
  for j in "$dest"/*.jar; do FORMAT_JARS+=("$j"); done
  case $fmt in
    delta)
      FORMAT_EXTENSIONS+=(io.delta.sql.DeltaSparkSessionExtension)
      FORMAT_CONFS+=(spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog)
      ;;
    iceberg)
      # A Hadoop catalog named `iceberg` in the server's run directory.
      FORMAT_EXTENSIONS+=(org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions)
      FORMAT_CONFS+=(spark.sql.catalog.iceberg=org.apache.iceberg.spark.SparkCatalog
        spark.sql.catalog.iceberg.type=hadoop
        "spark.sql.catalog.iceberg.warehouse=$CACHE/run/$exact-$port/iceberg")
      ;;
  esac
}

format_confs() { # -> FORMAT_CONFS plus one spark.sql.extensions with every extension
  local c
  for c in "${FORMAT_CONFS[@]+"${FORMAT_CONFS[@]}"}"; do echo "$c"; done
  if ((${#FORMAT_EXTENSIONS[@]} > 0)); then
    echo "spark.sql.extensions=$(IFS=,; echo "${FORMAT_EXTENSIONS[*]}")"
  fi
}
