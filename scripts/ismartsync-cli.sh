#!/bin/sh
# The `ismartsync` command on an installed box: runs the CLI with the box's settings, as the posbox user.
set -eu
APP=/opt/ismartsync
if [ -r /etc/ismartsync/box.env ]; then
  set -a
  # shellcheck disable=SC1091
  . /etc/ismartsync/box.env
  set +a
fi
BOX_DATA_DIR=/var/lib/ismartsync
export BOX_DATA_DIR
case "${1:-}" in
  logs) ;; # reading the system journal needs root (or the adm group), not posbox
  *)
    if [ "$(id -u)" = 0 ]; then exec runuser -u posbox -- "$0" "$@"; fi
    if [ ! -r "$BOX_DATA_DIR" ]; then
      echo "ismartsync: $BOX_DATA_DIR is not readable by $(id -un); run it with sudo" >&2
      exit 2
    fi
    ;;
esac
exec "$APP/bin/node" "$APP/current/server/bin/ismartsync.js" "$@"
