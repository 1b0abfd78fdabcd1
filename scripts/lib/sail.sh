# shellcheck shell=bash
# Sail (https://lakesail.com), the Spark Connect server written in Rust, from
# the `pysail` package on PyPI. Sourced by scripts/spark-server.
#
# `sail` resolves to the newest pysail release (cached for a day) and is
# recorded as `sail-X.Y.Z`. Its venv also gets the `pyspark-client` release
# that pysail itself declares (its `test` extra), so a Python client is at hand
# for health checks and comparisons.

resolve_sail() { # resolved-file -> prints sail-X.Y.Z
  local f=$1 newest
  log "resolving the newest pysail on PyPI"
  newest=$(pypi_versions pysail | sort -V | tail -1 || true)
  if [[ -n $newest ]]; then
    printf 'sail-%s\n' "$newest" >"$f.tmp.$$"
    mv -f "$f.tmp.$$" "$f"
    log "sail -> sail-$newest"
    echo "sail-$newest"
    return
  fi
  if [[ -s $f ]]; then
    log "warning: could not query PyPI; using the stale resolution sail -> $(cat "$f")"
    cat "$f"
    return
  fi
  newest=$(newest_provisioned_sail)
  [[ -n $newest ]] || die "could not resolve Sail: no pysail release found on PyPI (or PyPI is unreachable)"
  log "warning: could not query PyPI; using the newest provisioned $newest"
  echo "$newest"
}

newest_provisioned_sail() {
  local d best=
  for d in "$CACHE"/versions/sail-*/; do
    [[ -f $d/.provisioned ]] && best+="$(basename "$d")"$'\n'
  done
  printf '%s' "$best" | sort -V | tail -1
}

provision_sail() { # sail-X.Y.Z (called under the provisioning lock)
  local id=$1 ver=${1#sail-} vdir t0=$SECONDS
  vdir=$(vdir_of "$id")
  log "provisioning Sail $ver (pysail from PyPI) into $vdir"
  mkdir -p "$vdir"
  "$PYTHON" -m venv "$vdir/venv" >&2 || die "python3 -m venv failed"
  local vpy=$vdir/venv/bin/python
  "$vpy" -m pip install --disable-pip-version-check --no-input "pysail==$ver" >&2 ||
    die "pip install pysail==$ver failed (is $ver a pysail release?)"
  # The pyspark-client release pysail is tested with (declared in its metadata).
  local client
  client=$("$vpy" - <<'PY'
import re
from importlib.metadata import requires
for r in requires("pysail") or []:
    m = re.match(r"pyspark-client\s*==\s*([0-9][^;\s]*)", r)
    if m:
        print(m.group(1))
        break
PY
)
  [[ -n $client ]] || die "pysail $ver declares no pyspark-client version"
  log "pysail $ver declares pyspark-client==$client; installing it"
  "$vpy" -m pip install --disable-pip-version-check --no-input "pyspark-client==$client" "pandas<3" >&2 ||
    die "pip install pyspark-client==$client failed"
  [[ -x $vdir/venv/bin/sail ]] || die "pysail $ver installed no 'sail' command"
  {
    echo "version=$id"
    echo "kind=sail"
    echo "sail_bin=$vdir/venv/bin/sail"
    echo "python=$vpy"
    echo "pyspark_client=$client"
    echo "provisioned_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "provision_seconds=$((SECONDS - t0))"
  } >"$vdir/.provisioned.tmp"
  mv -f "$vdir/.provisioned.tmp" "$vdir/.provisioned"
  log "provisioned Sail $ver (pyspark-client $client) in $((SECONDS - t0)) s"
}
