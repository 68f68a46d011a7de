#!/usr/bin/env bash
# Installs, updates or removes the iSmartSync branch box on a Debian machine; running it again changes nothing.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: sudo scripts/install.sh [options]

Installs the branch box from this source folder: the app under /opt/ismartsync/<version> (with a `current`
link), the posbox user, settings in /etc/ismartsync/box.env, data in /var/lib/ismartsync, the systemd units
and udev rules; runs the database migrations and starts the box.

Options:
  --prefix DIR   stage everything under DIR instead of / (for tests and packaging): needs no root, creates no
                 user, starts nothing, touches nothing outside DIR
  --skip-npm     do not run `npm ci` and the terminal build; link this folder's node_modules instead
                 (tests and development only: a real box must be installed without it)
  --app-only     only install the app folder for this version, beside the others (used by upgrade.sh)
  --uninstall    stop and remove the app, units, rules and command; keeps data and settings
  --purge        with --uninstall: also delete /var/lib/ismartsync, /etc/ismartsync and the posbox user
  -h, --help     this help
EOF
}

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORIG_ARGS="$*"
PREFIX=""
SKIP_NPM=0
MODE=install
PURGE=0
# Overridable for tests: the os-release file and the node binary to check.
OS_RELEASE=${ISMARTSYNC_OS_RELEASE:-/etc/os-release}
NODE_BIN=${ISMARTSYNC_NODE:-$(command -v node || true)}

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; PREFIX=$2; shift 2 ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    --skip-npm) SKIP_NPM=1; shift ;;
    --app-only) MODE=app-only; shift ;;
    --uninstall) MODE=uninstall; shift ;;
    --purge) PURGE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$PURGE" = 1 ] && [ "$MODE" != uninstall ]; then echo "install.sh: --purge goes with --uninstall" >&2; exit 2; fi

STAGING=0
ROOT=""
if [ -n "$PREFIX" ]; then
  STAGING=1
  ROOT=$(realpath -m "$PREFIX")
fi

# shellcheck source=scripts/lib/box-layout.sh
. "$SRC/scripts/lib/box-layout.sh"
box_layout "$ROOT"
SCRIPT_NAME=install.sh
DIE_TAIL="Nothing was changed."
skipped() { note "staging: skipped $*"; }

# ---- checks: all of them pass before anything changes ----------------------------------------------------

# os_field NAME: a field of os-release, read as text (never sourced).
os_field() { sed -n "s/^$1=//p" "$OS_RELEASE" | head -n1 | tr -d "\"'"; }

check_os() {
  [ -r "$OS_RELEASE" ] || die "cannot read $OS_RELEASE: this does not look like Debian. The box needs Debian 12 or newer."
  local id version pretty
  id=$(os_field ID)
  version=$(os_field VERSION_ID)
  pretty=$(os_field PRETTY_NAME)
  case "$id" in
    debian|raspbian) [ "${version%%.*}" -ge 12 ] 2>/dev/null || die "unsupported OS: $pretty. The box needs Debian 12 (bookworm) or newer." ;;
    *) die "unsupported OS: $pretty. The box needs Debian 12 (bookworm) or newer." ;;
  esac
  note "OS: $pretty"
}

check_root() {
  if [ "$STAGING" = 0 ] && [ "$(id -u)" != 0 ]; then
    die "run it as root: sudo $0 $ORIG_ARGS"
  fi
}

check_node() {
  if [ -z "$NODE_BIN" ] || [ ! -x "$NODE_BIN" ]; then die "Node.js is not installed. Debian 13: sudo apt-get install nodejs npm. Debian 12: install Node.js 20 or newer from NodeSource (deb.nodesource.com), then run this again."; fi
  local version major minor
  version=$("$NODE_BIN" -p 'process.versions.node')
  major=${version%%.*}
  minor=${version#*.}; minor=${minor%%.*}
  if [ "$major" -lt 20 ] || { [ "$major" = 20 ] && [ "$minor" -lt 19 ]; }; then
    die "Node.js $version is too old: the box needs 20.19 or newer (Debian 13: apt-get install nodejs; Debian 12: NodeSource)."
  fi
  NODE_BIN=$(readlink -f "$NODE_BIN")
  case "$NODE_BIN" in
    /home/*|/root/*) die "Node.js at $NODE_BIN is inside a home folder, which the box's service cannot see (ProtectHome). Install it system-wide." ;;
  esac
  if [ "$SKIP_NPM" = 0 ] && ! command -v npm >/dev/null 2>&1; then
    die "npm is not installed (Debian: sudo apt-get install npm)."
  fi
  note "Node.js $version at $NODE_BIN"
}

# ---- helpers ------------------------------------------------------------------------------------------

CHANGED=0
# install_file SRC DST MODE: copies only when content or mode differ; sets CHANGED=1 when it did.
install_file() {
  local src=$1 dst=$2 mode=$3
  if [ -f "$dst" ] && cmp -s "$src" "$dst" && [ "$(stat -c %a "$dst")" = "${mode#0}" ]; then
    return 0
  fi
  install -D -m "$mode" "$src" "$dst"
  CHANGED=1
  note "installed $dst"
}

# link_to TARGET LINK: (re)points a symlink only when it points elsewhere.
link_to() {
  local target=$1 link=$2
  if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then return 0; fi
  mkdir -p "$(dirname "$link")"
  ln -sfn "$target" "$link.new.$$"
  mv -Tf "$link.new.$$" "$link"
  CHANGED=1
  note "linked $link -> $target"
}

ensure_dir() {
  local dir=$1 mode=$2 owner=${3:-}
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; CHANGED=1; note "created $dir"; fi
  [ "$(stat -c %a "$dir")" = "${mode#0}" ] || { chmod "$mode" "$dir"; CHANGED=1; }
  if [ -n "$owner" ] && [ "$STAGING" = 0 ] && [ "$(stat -c %U:%G "$dir")" != "$owner" ]; then chown "$owner" "$dir"; CHANGED=1; fi
}

# What the app folder is made of, and a fingerprint of it (content and modes, not times).
APP_FILES=(package.json package-lock.json .npmrc README.md tsconfig.json server hardware migrations scripts systemd terminal)
app_files() {
  local f
  for f in "${APP_FILES[@]}"; do [ -e "$SRC/$f" ] && printf '%s\n' "$f"; done
}
pack_source() {
  app_files | tar -C "$SRC" --exclude=node_modules --exclude=terminal/dist --exclude=data --exclude=test-results \
    --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - -T -
}

# ---- steps --------------------------------------------------------------------------------------------

install_packages() {
  if [ "$STAGING" = 1 ]; then skipped "Debian packages (libusb-1.0-0 sqlite3 ca-certificates, and make g++ python3 for npm)"; return; fi
  local need=() p
  # libusb for HID scanners on the box; sqlite3 for techs; a compiler in case a native module has no prebuilt binary.
  for p in libusb-1.0-0 sqlite3 ca-certificates make g++ python3; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  if [ ${#need[@]} -gt 0 ]; then
    note "installing Debian packages: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
  if dpkg -s brltty >/dev/null 2>&1; then
    note "removing brltty: it grabs the USB-serial adapters that printers and displays use"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq brltty
  fi
}

ensure_user() {
  if [ "$STAGING" = 1 ]; then skipped "the posbox user (groups posbox, lp, dialout)"; return; fi
  getent group posbox >/dev/null || { groupadd --system posbox; note "created group posbox"; }
  if ! getent passwd posbox >/dev/null; then
    useradd --system --gid posbox --home-dir /var/lib/ismartsync --no-create-home --shell /usr/sbin/nologin \
      --comment "iSmartSync branch box" posbox
    note "created user posbox"
  fi
  local g
  for g in lp dialout; do
    id -nG posbox | tr ' ' '\n' | grep -qx "$g" || { usermod -a -G "$g" posbox; note "added posbox to $g"; }
  done
}

APP_CHANGED=0
install_app() {
  VERSION=$("$NODE_BIN" -p "JSON.parse(require('fs').readFileSync('$SRC/package.json','utf8')).version")
  [[ "$VERSION" =~ ^[0-9A-Za-z.+-]+$ ]] || die "odd version in package.json: $VERSION"
  APP_DIR="$APP_ROOT/$VERSION"
  local fingerprint npm_mode marker
  fingerprint=$(pack_source | sha256sum | cut -d' ' -f1)
  npm_mode=$([ "$SKIP_NPM" = 1 ] && echo linked || echo ci)
  marker="source=$fingerprint npm=$npm_mode"
  if [ -f "$APP_DIR/.ismartsync-installed" ] && [ "$(cat "$APP_DIR/.ismartsync-installed")" = "$marker" ]; then
    note "app $VERSION already installed in $APP_DIR"
    return
  fi
  stage="$APP_ROOT/.staging-$VERSION-$$"
  rm -rf "$stage"
  mkdir -p "$stage"
  trap 'rm -rf "$stage"' EXIT
  pack_source | tar -C "$stage" --no-same-owner -xf -
  if [ "$SKIP_NPM" = 1 ]; then
    [ -d "$SRC/node_modules" ] || die "--skip-npm needs $SRC/node_modules"
    ln -s "$SRC/node_modules" "$stage/node_modules"
    note "--skip-npm: linked node_modules from $SRC (not for a real box); terminal not built"
  else
    note "npm ci (with the build tools), terminal build, then dev packages pruned"
    (cd "$stage" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build:terminal &&
      npm prune --omit=dev --no-audit --no-fund --loglevel=error)
  fi
  printf '%s\n' "$marker" >"$stage/.ismartsync-installed"
  chmod -R go-w "$stage"
  if [ -e "$APP_DIR" ]; then
    mv "$APP_DIR" "$APP_DIR.replaced-$$"
    mv "$stage" "$APP_DIR"
    rm -rf "$APP_DIR.replaced-$$"
  else
    mv "$stage" "$APP_DIR"
  fi
  trap - EXIT
  chmod 0755 "$APP_ROOT" "$APP_DIR"
  APP_CHANGED=1
  CHANGED=1
  note "installed app $VERSION in $APP_DIR"
}

write_env_file() {
  ensure_dir "$ETC_DIR" 0750 root:posbox
  if [ -e "$ENV_FILE" ]; then note "kept your settings in $ENV_FILE"; return; fi
  local tmp
  tmp=$(mktemp)
  cat >"$tmp" <<'EOF'
# iSmartSync branch box settings, read by ismartsync-box.service (restart it after a change:
# sudo systemctl restart ismartsync-box). Any BOX_* setting from the README may go here.
# The data folder is fixed by the unit: /var/lib/ismartsync.
BOX_PORT=8080
BOX_HOST=0.0.0.0
BOX_TIME_ZONE=Asia/Karachi
BOX_LOG_LEVEL=info
EOF
  install -m 0640 "$tmp" "$ENV_FILE"
  rm -f "$tmp"
  [ "$STAGING" = 1 ] || chown root:posbox "$ENV_FILE"
  CHANGED=1
  note "wrote $ENV_FILE (mode 0640)"
}

UNITS_CHANGED=0
RULES_CHANGED=0
install_units() {
  local before=$CHANGED unit
  CHANGED=0
  for unit in "${BOX_UNITS[@]}"; do install_file "$SRC/systemd/$unit" "$UNIT_DIR/$unit" 0644; done
  UNITS_CHANGED=$CHANGED
  CHANGED=0
  install_file "$SRC/systemd/70-ismartsync.rules" "$RULES_FILE" 0644
  RULES_CHANGED=$CHANGED
  CHANGED=$(( before | UNITS_CHANGED | RULES_CHANGED ))
  install_file "$SRC/scripts/ismartsync-cli.sh" "$CLI_LINK" 0755
}

run_migrations() {
  umask 027 # the database is the posbox user's alone
  if [ "$STAGING" = 1 ]; then
    env -u BOX_CONFIG "$NODE_BIN" "$APP_ROOT/current/server/bin/ismartsync.js" migrate --data-dir "$DATA_DIR" | sed 's/^/  - migrations: /'
  else
    runuser -u posbox -- "$APP_ROOT/bin/node" "$APP_ROOT/current/server/bin/ismartsync.js" migrate --data-dir /var/lib/ismartsync |
      sed 's/^/  - migrations: /'
  fi
  umask 022
}

start_service() {
  if [ "$STAGING" = 1 ]; then skipped "systemctl daemon-reload/enable/start and udevadm reload"; return; fi
  if [ "$RULES_CHANGED" = 1 ]; then
    udevadm control --reload
    udevadm trigger --subsystem-match=usbmisc --subsystem-match=hidraw --subsystem-match=tty || true
  fi
  [ "$UNITS_CHANGED" = 0 ] || systemctl daemon-reload
  systemctl enable --quiet ismartsync-box.service ismartsync-backup.timer
  systemctl start ismartsync-backup.timer
  if [ "$APP_CHANGED" = 1 ] || [ "$UNITS_CHANGED" = 1 ]; then
    systemctl restart ismartsync-box.service
  else
    systemctl start ismartsync-box.service
  fi
  if "$CLI_LINK" health --wait 60 >/dev/null; then note "the box answers on /healthz"; else
    say "The box did not become healthy. See: journalctl -u ismartsync-box -n 50   and   ismartsync doctor"
    exit 1
  fi
}

stop_service_for_update() {
  if [ "$STAGING" = 0 ] && [ "$APP_CHANGED" = 1 ] && systemctl is-active --quiet ismartsync-box.service; then
    note "stopping the box to switch versions"
    systemctl stop ismartsync-box.service
  fi
}

print_next_steps() {
  local port address
  port=$(sed -n 's/^BOX_PORT=//p' "$ENV_FILE" | tail -n1)
  address=$(hostname -I 2>/dev/null | awk '{print $1}')
  say ""
  say "The branch box is installed${ROOT:+ (staged under $ROOT)}."
  say "  Box address:   http://${address:-<this machine>}:${port:-8080}"
  say "  Settings:      /etc/ismartsync/box.env     Data and backups: /var/lib/ismartsync"
  say "Next steps:"
  say "  1. Open the box address in a browser and create the first manager."
  say "  2. Connect Shopify from the manager screens."
  say "  3. On each counter PC: sudo scripts/kiosk-setup.sh http://${address:-<box address>}:${port:-8080}, then pair it."
  say "  If anything looks wrong: ismartsync doctor"
}

uninstall() {
  say "Removing the iSmartSync branch box${ROOT:+ staged under $ROOT}"
  if [ "$STAGING" = 0 ]; then
    systemctl disable --now --quiet ismartsync-box.service ismartsync-backup.timer 2>/dev/null || true
  else
    skipped "systemctl disable --now"
  fi
  local unit
  for unit in "${BOX_UNITS[@]}"; do rm -f "$UNIT_DIR/$unit"; done
  rm -f "$RULES_FILE" "$CLI_LINK"
  rm -rf "$APP_ROOT"
  if [ "$STAGING" = 0 ]; then systemctl daemon-reload; udevadm control --reload || true; fi
  note "removed the app, units, udev rules and the ismartsync command"
  if [ "$PURGE" = 1 ]; then
    rm -rf "$DATA_DIR" "$ETC_DIR"
    if [ "$STAGING" = 0 ]; then
      getent passwd posbox >/dev/null && userdel posbox
      getent group posbox >/dev/null && groupdel posbox
    fi
    note "purged the data, backups, settings and the posbox user"
  else
    note "kept the data and backups in $DATA_DIR and the settings in $ETC_DIR (--purge deletes them)"
  fi
}

# ---- main ---------------------------------------------------------------------------------------------

if [ "$MODE" = uninstall ]; then
  check_root
  uninstall
  exit 0
fi

say "Checking this machine"
check_os
check_root
check_node

say "Installing the iSmartSync branch box${ROOT:+ (staging under $ROOT)}"
[ "$STAGING" = 0 ] || mkdir -p "$ROOT"
install_packages
ensure_user
ensure_dir "$APP_ROOT" 0755
install_app
link_to "$NODE_BIN" "$APP_ROOT/bin/node"
if [ "$MODE" = app-only ]; then
  say "App $VERSION is in $APP_DIR (not switched to)."
  exit 0
fi
stop_service_for_update
link_to "$VERSION" "$APP_ROOT/current"
write_env_file
mkdir -p "$ROOT/var/lib"
ensure_dir "$DATA_DIR" 0750 posbox:posbox
install_units
run_migrations
start_service
if [ "$CHANGED" = 0 ]; then say "Nothing to change: the box was already installed as this script would install it."; fi
print_next_steps
