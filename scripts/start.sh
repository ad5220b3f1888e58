#!/usr/bin/env bash
# `npm start`: sets up, then opens the studio: the Electron app when its binary is installed,
# otherwise the web host in a Chromium app window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if electron_bin=$(node -e "const p=require('electron'); if (!require('fs').existsSync(p)) process.exit(1); console.log(p)" 2>/dev/null); then
  exec "$electron_bin" . "$@"
fi
exec node bin/studio.js serve --open "$@"
