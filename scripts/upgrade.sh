#!/usr/bin/env bash
# Upgrades an installed box to the version in VERSION_DIR; on any failure puts the old version and database back.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: sudo scripts/upgrade.sh VERSION_DIR [options]

VERSION_DIR is the unpacked source of the new version. The upgrade installs it beside the running one, stops
the box, backs up the database, migrates it with the new version, switches /opt/ismartsync/current, installs
the new units, starts the box and checks /healthz. If any step fails it restores the database from that
backup, switches back to the old version and starts it again.

Options:
  --prefix DIR        work on a box staged by `install.sh --prefix DIR` (tests): no root, no systemctl
  --skip-npm          passed to install.sh (tests only)
  --health-url URL    where to check the box after the switch (default: its port from box.env, on loopback);
                      in --prefix mode the health check runs only when this is given
  --health-wait SECS  how long the box may take to answer ok (default 60)
  -h, --help          this help
EOF
}

VERSION_DIR=""
PREFIX=""
INSTALL_ARGS=()
HEALTH_URL=""
HEALTH_WAIT=60
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "upgrade.sh: --prefix needs a folder" >&2; exit 2; }; PREFIX=$2; shift 2 ;;
    --skip-npm) INSTALL_ARGS+=(--skip-npm); shift ;;
    --health-url) HEALTH_URL=${2:-}; shift 2 ;;
    --health-wait) HEALTH_WAIT=${2:-}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "upgrade.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$VERSION_DIR" ] || { echo "upgrade.sh: one VERSION_DIR only" >&2; exit 2; }; VERSION_DIR=$1; shift ;;
  esac
done
[ -n "$VERSION_DIR" ] || { usage >&2; exit 2; }

STAGING=0
ROOT=""
if [ -n "$PREFIX" ]; then STAGING=1; ROOT=$(realpath -m "$PREFIX"); INSTALL_ARGS+=(--prefix "$ROOT"); fi
# shellcheck source=scripts/lib/box-layout.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/box-layout.sh"
box_layout "$ROOT"
SCRIPT_NAME=upgrade.sh

# cli VERSION ARGS...: the CLI of an installed version, with the box's settings, as posbox on a real box.
cli() {
  local version=$1
  shift
  (
    if [ -r "$ENV_FILE" ]; then
      set -a
      # shellcheck source=/dev/null
      . "$ENV_FILE"
      set +a
    fi
    export BOX_DATA_DIR="$DATA_DIR"
    if [ "$STAGING" = 1 ]; then
      "$APP_ROOT/bin/node" "$APP_ROOT/$version/server/bin/ismartsync.js" "$@"
    else
      runuser -u posbox -- "$APP_ROOT/bin/node" "$APP_ROOT/$version/server/bin/ismartsync.js" "$@"
    fi
  )
}

service() {
  if [ "$STAGING" = 1 ]; then note "staging: skipped systemctl $*"; return 0; fi
  systemctl "$@"
}

switch_to() {
  ln -sfn "$1" "$APP_ROOT/current.new.$$"
  mv -Tf "$APP_ROOT/current.new.$$" "$APP_ROOT/current"
  note "current -> $1"
}

healthy() {
  local version=$1
  if [ -n "$HEALTH_URL" ]; then
    cli "$version" health --wait "$HEALTH_WAIT" --url "$HEALTH_URL"
  elif [ "$STAGING" = 1 ]; then
    note "staging: skipped the health check (no --health-url)"
  else
    cli "$version" health --wait "$HEALTH_WAIT"
  fi
}

# ---- checks ----------------------------------------------------------------------------------------------

VERSION_DIR=$(realpath -e "$VERSION_DIR" 2>/dev/null) || die "no folder $VERSION_DIR"
if [ ! -f "$VERSION_DIR/package.json" ] || [ ! -f "$VERSION_DIR/scripts/install.sh" ]; then
  die "$VERSION_DIR does not hold an iSmartSync box release (package.json and scripts/install.sh)"
fi
if [ "$STAGING" = 0 ] && [ "$(id -u)" != 0 ]; then die "run it as root: sudo $0 $VERSION_DIR"; fi
[ -L "$APP_ROOT/current" ] || die "no installed box at $APP_ROOT (run install.sh first)"
OLD=$(readlink "$APP_ROOT/current")
NEW=$("$APP_ROOT/bin/node" -p "JSON.parse(require('fs').readFileSync('$VERSION_DIR/package.json','utf8')).version")
[[ "$NEW" =~ ^[0-9A-Za-z.+-]+$ ]] || die "odd version in $VERSION_DIR/package.json: $NEW"
if [ "$NEW" = "$OLD" ]; then say "The box already runs $NEW: nothing to upgrade."; exit 0; fi

say "Upgrading the iSmartSync box from $OLD to $NEW${ROOT:+ (staged under $ROOT)}"

# 1. The new version beside the old one, while the box keeps selling.
bash "$VERSION_DIR/scripts/install.sh" --app-only "${INSTALL_ARGS[@]}" | sed 's/^/  | /'

# 2. Quiet the box and take the backup the rollback restores.
service stop ismartsync-box.service
if ! BACKUP_OUT=$(cli "$OLD" backup --label "pre-upgrade-$NEW" 2>&1); then
  printf '%s\n' "$BACKUP_OUT" >&2
  service start ismartsync-box.service
  die "the backup before the upgrade failed; nothing was changed and $OLD is running again"
fi
BACKUP=$(printf '%s\n' "$BACKUP_OUT" | sed -n 's/^backup written: //p')
note "backup: $BACKUP"

SAVED_UNITS=$(mktemp -d)
trap 'rm -rf "$SAVED_UNITS"' EXIT
for unit in "${BOX_UNITS[@]}"; do [ ! -f "$UNIT_DIR/$unit" ] || cp -p "$UNIT_DIR/$unit" "$SAVED_UNITS/"; done

rollback() {
  local step=$1
  say "The upgrade failed at: $step. Rolling back to $OLD."
  service stop ismartsync-box.service || true
  switch_to "$OLD"
  local unit
  for unit in "${BOX_UNITS[@]}"; do [ ! -f "$SAVED_UNITS/$unit" ] || cp -p "$SAVED_UNITS/$unit" "$UNIT_DIR/$unit"; done
  service daemon-reload || true
  if cli "$OLD" restore "$BACKUP" | sed 's/^/  | /'; then note "database restored from $BACKUP"; else
    say "RESTORING THE DATABASE FAILED: restore it by hand: ismartsync restore $BACKUP"
  fi
  service start ismartsync-box.service || true
  if healthy "$OLD" >/dev/null; then note "$OLD is serving again"; else say "$OLD does not answer either: run ismartsync doctor"; fi
  say "Rolled back to $OLD. The new version stays in $APP_ROOT/$NEW for inspection; logs: journalctl -u ismartsync-box"
  exit 1
}

# 3. Migrate with the new version, switch, start, check.
cli "$NEW" migrate | sed 's/^/  | /' || rollback "database migration"
switch_to "$NEW"
for unit in "${BOX_UNITS[@]}"; do
  if ! cmp -s "$APP_ROOT/$NEW/systemd/$unit" "$UNIT_DIR/$unit"; then
    install -m 0644 "$APP_ROOT/$NEW/systemd/$unit" "$UNIT_DIR/$unit"
    note "updated $unit"
  fi
done
service daemon-reload || rollback "systemd reload"
service start ismartsync-box.service || rollback "starting the box"
healthy "$NEW" | sed 's/^/  | /' || rollback "health check"

say "Upgraded to $NEW. The previous version stays in $APP_ROOT/$OLD; the pre-upgrade backup is $BACKUP."
