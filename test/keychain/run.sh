#!/usr/bin/env bash
# Runs test/keychain/*.test.ts against a real Secret Service: a private D-Bus session bus with
# gnome-keyring, unlocked with a throwaway password. The keyring lives in a temporary home, so the
# user's own keyring is never read or changed. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "keychain tests need $tool (apt-get install dbus gnome-keyring)" >&2; exit 1; }
done

KEYRING_HOME="$(mktemp -d -t ixo-keyring-XXXXXX)"
trap 'rm -rf "$KEYRING_HOME"' EXIT
mkdir -p -m 700 "$KEYRING_HOME/data" "$KEYRING_HOME/config" "$KEYRING_HOME/cache" "$KEYRING_HOME/runtime"
export XDG_DATA_HOME="$KEYRING_HOME/data" XDG_CONFIG_HOME="$KEYRING_HOME/config" XDG_CACHE_HOME="$KEYRING_HOME/cache" XDG_RUNTIME_DIR="$KEYRING_HOME/runtime"
# No display: nothing may try to pop up an unlock prompt.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

# dbus-daemon complains it cannot raise its fd limit when not root-capable; that is harmless.
dbus-run-session -- bash -c '
  set -euo pipefail
  # With no login keyring yet, --unlock creates one protected by this password and unlocks it.
  echo -n "ixo-keychain-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  gnome-keyring-daemon --start --components=secrets >/dev/null
  exec npx vitest run --config test/keychain/vitest.config.ts "$@"
' keychain-tests "$@" 2> >(grep -v "Failed to set fd limit" >&2)
