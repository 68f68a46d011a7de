#!/bin/sh
# Kiosk ExecStartPre (as root): keeps the counter screen on; kiosk-setup.sh also sets consoleblank=0 at boot.
set -u
# VT escape "blank after 0 minutes" and "power down after 0 minutes" for the kiosk's console.
printf '\033[9;0]\033[14;0]' >/dev/tty1 2>/dev/null || true
exit 0
