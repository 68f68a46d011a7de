# shellcheck shell=bash
# Sourced by install.sh, upgrade.sh and kiosk-setup.sh: where an installed box lives (under ROOT, empty on a real
# box, a staging folder in tests) and the three kinds of line the scripts print.
# shellcheck disable=SC2034 # the folders are used by the scripts that source this file

# box_layout ROOT: sets the box's folders, units and files under ROOT.
box_layout() {
  local root=$1
  APP_ROOT="$root/opt/ismartsync"
  ETC_DIR="$root/etc/ismartsync"
  ENV_FILE="$ETC_DIR/box.env"
  DATA_DIR="$root/var/lib/ismartsync"
  UNIT_DIR="$root/etc/systemd/system"
  RULES_FILE="$root/etc/udev/rules.d/70-ismartsync.rules"
  CLI_LINK="$root/usr/local/bin/ismartsync"
  BOX_UNITS=(ismartsync-box.service ismartsync-backup.service ismartsync-backup.timer)
}

say() { printf '%s\n' "$*"; }
note() { printf '  - %s\n' "$*"; }
# die MESSAGE: prints "SCRIPT_NAME: MESSAGE" (and DIE_TAIL, e.g. "Nothing was changed.") and exits 1.
die() {
  printf '%s: %s\n' "${SCRIPT_NAME:-ismartsync}" "$*" >&2
  [ -z "${DIE_TAIL:-}" ] || printf '%s\n' "$DIE_TAIL" >&2
  exit 1
}
