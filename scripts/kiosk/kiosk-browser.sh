#!/bin/sh
# Started by cage: Chromium in kiosk mode on the box's counter terminal, with a persistent profile.
set -eu
: "${BOX_URL:?BOX_URL is not set (see /etc/ismartsync/kiosk.env)}"
profile=${KIOSK_PROFILE:-/var/lib/ismartsync-kiosk/profile}
chromium=${CHROMIUM:-/usr/bin/chromium}
prefs="$profile/Default/Preferences"
# After a power cut Chromium would offer to "restore pages" over the till: mark the last exit as clean.
if [ -f "$prefs" ]; then
  sed -i 's/"exit_type":"[A-Za-z]*"/"exit_type":"Normal"/g; s/"exited_cleanly":false/"exited_cleanly":true/g' "$prefs"
fi
# Never --incognito: the profile holds the counter's pairing cookie and offline queue.
exec "$chromium" --ozone-platform=wayland --kiosk --noerrdialogs --no-first-run --disable-pinch \
  --overscroll-history-navigation=0 --disable-features=Translate --autoplay-policy=no-user-gesture-required \
  --password-store=basic --disable-session-crashed-bubble --check-for-update-interval=31536000 \
  --user-data-dir="$profile" "$BOX_URL"
