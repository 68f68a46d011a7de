#!/bin/sh
# Kiosk ExecStartPre: waits until the box answers /healthz, so a counter never opens on an error page.
set -eu
: "${BOX_URL:?BOX_URL is not set (see /etc/ismartsync/kiosk.env)}"
url="${BOX_URL%/}/healthz"
tries=0
until curl -fsS -m 3 -o /dev/null "$url"; do
  if [ $((tries % 30)) -eq 0 ]; then echo "waiting for the box at $url"; fi
  tries=$((tries + 1))
  sleep 2
done
echo "the box answers at $url"
