#!/usr/bin/env bash
# Prepares a Debian counter PC as a kiosk: cage + Chromium full screen on the branch box, started at boot.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: sudo scripts/kiosk-setup.sh BOX_URL [--prefix DIR]

BOX_URL is the branch box's address as the counters reach it, e.g. http://192.168.1.10:8080.
Installs cage, Chromium, curl and fonts; creates the `kiosk` user; installs ismartsync-kiosk.service, its helper
scripts and Chromium policies; turns off screen blanking; boots into the kiosk. Running it again with another
BOX_URL only changes the address.

  --prefix DIR   stage everything under DIR (tests): no root, no packages, no user, nothing started
EOF
}

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BOX_URL=""
PREFIX=""
OS_RELEASE=${ISMARTSYNC_OS_RELEASE:-/etc/os-release}
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "kiosk-setup.sh: --prefix needs a folder" >&2; exit 2; }; PREFIX=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "kiosk-setup.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) BOX_URL=$1; shift ;;
  esac
done

# shellcheck source=scripts/lib/box-layout.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/box-layout.sh"
SCRIPT_NAME=kiosk-setup.sh
DIE_TAIL="Nothing was changed."

[ -n "$BOX_URL" ] || { usage >&2; exit 2; }
URL_SHAPE='^https?://[A-Za-z0-9.:_-]+(/[A-Za-z0-9._~/-]*)?$'
[[ "$BOX_URL" =~ $URL_SHAPE ]] || die "\"$BOX_URL\" is not a box address like http://192.168.1.10:8080"
BOX_URL=${BOX_URL%/}

STAGING=0
ROOT=""
if [ -n "$PREFIX" ]; then STAGING=1; ROOT=$(realpath -m "$PREFIX"); fi
if [ "$STAGING" = 0 ] && [ "$(id -u)" != 0 ]; then die "run it as root: sudo $0 $BOX_URL"; fi
os_id=$(sed -n 's/^ID=//p' "$OS_RELEASE" 2>/dev/null | tr -d "\"'")
os_version=$(sed -n 's/^VERSION_ID=//p' "$OS_RELEASE" 2>/dev/null | tr -d "\"'")
case "$os_id" in
  debian|raspbian) [ "${os_version%%.*}" -ge 12 ] 2>/dev/null || die "a counter PC needs Debian 12 or newer" ;;
  *) die "a counter PC needs Debian 12 or newer (found ${os_id:-an unknown OS})" ;;
esac

LIB_DIR="$ROOT/usr/local/lib/ismartsync-kiosk"
ENV_FILE="$ROOT/etc/ismartsync/kiosk.env"
UNIT="$ROOT/etc/systemd/system/ismartsync-kiosk.service"
POLICY="$ROOT/etc/chromium/policies/managed/ismartsync-kiosk.json"

CHANGED=0
# put FILE MODE < content: writes only when the content or the mode differs.
put() {
  local dst=$1 mode=$2 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$dst" ] && cmp -s "$tmp" "$dst" && [ "$(stat -c %a "$dst")" = "${mode#0}" ]; then rm -f "$tmp"; return 0; fi
  install -D -m "$mode" "$tmp" "$dst"
  rm -f "$tmp"
  CHANGED=1
  note "wrote $dst"
}

say "Setting up this counter PC as an iSmartSync kiosk for $BOX_URL${ROOT:+ (staged under $ROOT)}"

if [ "$STAGING" = 1 ]; then
  note "staging: skipped Debian packages (cage chromium curl fonts-noto-core) and the kiosk user"
else
  need=()
  for p in cage chromium curl fonts-noto-core; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  if [ ${#need[@]} -gt 0 ]; then
    note "installing Debian packages: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
  if ! getent passwd kiosk >/dev/null; then
    useradd --system --create-home --home-dir /home/kiosk --shell /usr/sbin/nologin --comment "iSmartSync counter kiosk" kiosk
    note "created user kiosk"
  fi
  for g in video render input audio; do
    if getent group "$g" >/dev/null && ! id -nG kiosk | tr ' ' '\n' | grep -qx "$g"; then usermod -a -G "$g" kiosk; fi
  done
fi

put "$LIB_DIR/wait-for-box" 0755 <"$SRC/scripts/kiosk/wait-for-box.sh"
put "$LIB_DIR/kiosk-browser" 0755 <"$SRC/scripts/kiosk/kiosk-browser.sh"
put "$LIB_DIR/no-blanking" 0755 <"$SRC/scripts/kiosk/no-blanking.sh"
put "$LIB_DIR/README" 0644 <<EOF
iSmartSync counter kiosk, set up by kiosk-setup.sh.
Box address: /etc/ismartsync/kiosk.env (then: sudo systemctl restart ismartsync-kiosk)
Logs: journalctl -u ismartsync-kiosk    Profile (pairing, offline queue): /var/lib/ismartsync-kiosk/profile
EOF
put "$ENV_FILE" 0644 <<EOF
# The branch box this counter shows (kiosk-setup.sh writes it; restart ismartsync-kiosk after a change).
BOX_URL=$BOX_URL
EOF
put "$UNIT" 0644 <"$SRC/systemd/ismartsync-kiosk.service"
# Chromium policies: no translate bar, no password prompts, no developer tools, no new windows escaping the till.
put "$POLICY" 0644 <<'EOF'
{
  "TranslateEnabled": false,
  "PasswordManagerEnabled": false,
  "AutofillAddressEnabled": false,
  "AutofillCreditCardEnabled": false,
  "DeveloperToolsAvailability": 2,
  "BrowserSignin": 0,
  "SyncDisabled": true,
  "DefaultNotificationsSetting": 2,
  "BackgroundModeEnabled": false,
  "MetricsReportingEnabled": false,
  "PromotionsEnabled": false
}
EOF

if [ "$STAGING" = 1 ]; then
  note "staging: skipped consoleblank=0 in GRUB, graphical.target and enabling ismartsync-kiosk"
else
  if [ -f /etc/default/grub ] && ! grep -q 'consoleblank=0' /etc/default/grub; then
    sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT="\(.*\)"/GRUB_CMDLINE_LINUX_DEFAULT="\1 consoleblank=0"/' /etc/default/grub
    update-grub >/dev/null 2>&1 || note "update-grub failed: add consoleblank=0 to the kernel command line by hand"
    CHANGED=1
    note "screen blanking off from the next boot (consoleblank=0)"
  fi
  [ "$(systemctl get-default)" = graphical.target ] || { systemctl set-default graphical.target; CHANGED=1; }
  systemctl daemon-reload
  systemctl enable --quiet ismartsync-kiosk.service
  if [ "$CHANGED" = 1 ]; then systemctl restart ismartsync-kiosk.service; else systemctl start ismartsync-kiosk.service; fi
fi

if [ "$CHANGED" = 0 ]; then say "Nothing to change: this counter was already set up for $BOX_URL."; fi
say "Done. The kiosk opens $BOX_URL at boot; pair this counter with the code a manager shows on the box."
