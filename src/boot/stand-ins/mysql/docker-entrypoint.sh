#!/bin/bash
# Stand-in for the mysql 8.0 image's docker-entrypoint.sh, with MariaDB: on an empty datadir, initialise it,
# start a private server (no networking), set the root password, create MYSQL_DATABASE and MYSQL_USER with
# MYSQL_PASSWORD and all privileges on that database, stop, then exec the server.
set -eo pipefail
if [ "${1:0:1}" = '-' ]; then set -- mysqld "$@"; fi
if [ "$1" != mysqld ] && [ "$1" != mariadbd ]; then exec "$@"; fi
DATADIR=/var/lib/mysql
if [ ! -d "$DATADIR/mysql" ]; then
  if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] && [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
    echo >&2 'error: database is uninitialized and password option is not specified'
    echo >&2 '  You need to specify one of the following as an environment variable:'
    echo >&2 '  - MYSQL_ROOT_PASSWORD'
    exit 1
  fi
  echo "Entrypoint: initializing database files"
  mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve > /dev/null
  "$@" --skip-networking --socket=/var/run/mysqld/init.sock &
  pid=$!
  for i in $(seq 60); do mariadb --socket=/var/run/mysqld/init.sock -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
  esc() { printf "%s" "$1" | sed "s/'/''/g; s/\\\\/\\\\\\\\/g"; }
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$(esc "$MYSQL_ROOT_PASSWORD")';"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY '$(esc "$MYSQL_ROOT_PASSWORD")'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "${MYSQL_DATABASE:-}" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"; fi
    if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
      echo "CREATE USER '$(esc "$MYSQL_USER")'@'%' IDENTIFIED BY '$(esc "$MYSQL_PASSWORD")';"
      if [ -n "${MYSQL_DATABASE:-}" ]; then echo "GRANT ALL ON \`$MYSQL_DATABASE\`.* TO '$(esc "$MYSQL_USER")'@'%';"; fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket=/var/run/mysqld/init.sock -uroot
  kill "$pid"; wait "$pid" || true
  echo "Entrypoint: MySQL init process done. Ready for start up."
fi
exec "$@"
