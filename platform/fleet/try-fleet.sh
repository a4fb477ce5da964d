#!/usr/bin/env bash
# A venue on one machine: a mosquitto broker, `majlis hub` on a copy of the demo content and three
# players (a lobby wall, a room sign, a kiosk), each with its own cache and MQTT account.
#
#   bash platform/fleet/try-fleet.sh [WORKDIR]     (after `bash .ci/bootstrap build`)
#
# Open the dashboard it prints; edit WORKDIR/content/agenda.toml and watch every screen follow.
# With a display the players are windows; without one they run --headless (the dashboard still
# shows their thumbnails). Ctrl-C stops everything. Nothing here is needed in a real venue: see
# docs/fleet.md for a hub and its screens on separate machines.
set -euo pipefail
cd "$(dirname "$0")/../.."
majlis=$PWD/build/majlis
[ -x "$majlis" ] || { echo "try-fleet: build first: bash .ci/bootstrap build" >&2; exit 2; }
if ! command -v mosquitto >/dev/null && [ ! -x /usr/sbin/mosquitto ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends mosquitto
fi

work=${1:-/tmp/majlis-fleet}
mkdir -p "$work"
work=$(cd "$work" && pwd)
http_port=8080 mqtt_port=18830
screens=(lobby-1 door-sarazm kiosk-1)
options=("--mode lobby --group walls" "--hall sarazm --group doors" "--mode kiosk --group kiosks")

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# The publisher's key and the content staff edit.
[ -f "$work/keys/majlis.key" ] || "$majlis" keygen --out "$work/keys" >/dev/null
[ -d "$work/content" ] || cp -r assets/dushanbe-2025 "$work/content"

# mosquitto: one account per screen (user = screen id) and the hub's; the ACL lets a screen
# write only its own status.
mkdir -p "$work/broker"
password() { head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }
: > "$work/broker/passwd"
declare -A pass
for user in hub "${screens[@]}"; do
  pass[$user]=$(password)
  mosquitto_passwd -b "$work/broker/passwd" "$user" "${pass[$user]}"
done
chmod 0600 "$work/broker/passwd"
cat > "$work/broker/acl" <<'EOF'
user hub
topic readwrite majlis/#

pattern read majlis/+/bundle
pattern read majlis/+/screens/%u/command
pattern read majlis/+/groups/+/command
pattern write majlis/+/screens/%u/status
EOF
{
  echo "listener $mqtt_port 127.0.0.1"
  echo "allow_anonymous false"
  echo "password_file $work/broker/passwd"
  echo "acl_file $work/broker/acl"
  [ "$(id -u)" -ne 0 ] || echo "user root"
} > "$work/broker/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/broker/mosquitto.conf" > "$work/broker/log" 2>&1 &
pids+=($!)
sleep 0.5

# The hub: publishes every good version of the content, serves bundles and the dashboard.
printf '%s' "${pass[hub]}" > "$work/hub.password"
"$majlis" hub --content "$work/content" --key "$work/keys/majlis.key" --listen "127.0.0.1:$http_port" \
  --venue try --state "$work/hub" --mqtt "mqtt://hub@127.0.0.1:$mqtt_port" \
  --mqtt-password-file "$work/hub.password" > "$work/hub.log" 2>&1 &
pids+=($!)
sleep 1

# The screens.
display=--headless
[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || display="--window 640x360"
for i in "${!screens[@]}"; do
  id=${screens[$i]}
  # shellcheck disable=SC2086  # the options are words
  "$majlis" --hub "http://127.0.0.1:$http_port" --trust "$work/keys/majlis.pub" --screen-id "$id" \
    --venue try --cache "$work/cache/$id" --mqtt "mqtt://$id:${pass[$id]}@127.0.0.1:$mqtt_port" \
    ${options[$i]} $display > "$work/$id.log" 2>&1 &
  pids+=($!)
done

echo "try-fleet: dashboard  http://127.0.0.1:$http_port/"
echo "try-fleet: content    $work/content   (edit it: every screen follows)"
echo "try-fleet: logs       $work/*.log; Ctrl-C stops the broker, the hub and the screens"
wait
