# shellcheck shell=bash
# Table formats (--with delta, --with iceberg). Sourced by scripts/spark-server.
provision_format() { # format exact scala -> appends to FORMAT_JARS / FORMAT_CONFS
  die "--with $1 is not supported yet"
}
