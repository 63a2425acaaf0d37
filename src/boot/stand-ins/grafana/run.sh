#!/bin/sh
# Stand-in for Grafana (not packaged by Debian): nginx answering Grafana's health endpoint and reaching the
# Prometheus data source the provisioning file names.
set -e
test -r /etc/grafana/provisioning/datasources/datasources.yaml || { echo "no datasource provisioning file" >&2; exit 1; }
test -w "${GF_PATHS_DATA:-/var/lib/grafana}" || { echo "GF_PATHS_DATA ${GF_PATHS_DATA:-/var/lib/grafana} is not writable" >&2; exit 1; }
exec nginx -c /etc/grafana/nginx.conf -g 'daemon off;'
