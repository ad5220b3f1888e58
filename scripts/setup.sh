#!/usr/bin/env bash
# Installs what the studio and its tests need, where missing: Debian packages, npm packages,
# and the built UI. Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/utf8-locale.sh

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Debian packages: the studio's audio tools, the browser its UI tests (and web mode) use,
# the streaming server, the sound server for recording tests, a virtual display, and strace (the
# recording kill test stops a writer at each of its writes), and what npm needs to build the records
# database's native module (better-sqlite3) where no prebuilt one can be downloaded; poppler-utils
# (pdftotext, pdffonts) reads back the airtime report's PDF in its test.
APT_PACKAGES=(ffmpeg sox libsox-fmt-all chromium icecast2 pulseaudio pulseaudio-utils xvfb xauth fonts-noto-core strace g++ make python3 poppler-utils)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    say "Thiếu gói: ${missing[*]}. Máy này không có apt-get: hãy tự cài các gói đó."
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "Cài gói Debian còn thiếu: ${missing[*]}"
  $SUDO apt-get update -qq
  # icecast2 asks debconf questions on install; answer with the defaults.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, reinstalled only when package-lock.json changed.
stamp=node_modules/.studio-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "Cài gói npm…"
  # `npm install --no-save` rather than `npm ci`: the lock file cannot list the optional native
  # bindings that the registry we build from does not carry (unrs-resolver's Android builds, for
  # one), and `npm ci` refuses such a lock; install follows the lock and leaves it untouched.
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

# Electron's binary (Electron 42 and later no longer fetch it on install) is downloaded only when
# asked for (STUDIO_ELECTRON=1): without it `npm start` opens the web host in a Chromium window,
# which is what build machines that cannot download it use. Does nothing once it is there.
if [ "${STUDIO_ELECTRON:-0}" = "1" ]; then
  say "Tải Electron…"
  npx --no install-electron
fi

say "Dựng giao diện và tiến trình chính…"
node scripts/build.mjs
