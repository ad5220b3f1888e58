#!/usr/bin/env bash
# `npm start`: sets up, then opens the studio: the Electron app when its binary is installed,
# otherwise the web host in a Chromium app window.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/utf8-locale.sh
bash scripts/setup.sh

# Where Electron's binary is, if downloaded (not `require('electron')`: since Electron 42 that
# downloads the binary when it is missing, which `npm start` must not do unasked).
electron_bin=$(node -e "
  const fs = require('fs'), path = require('path');
  const dir = path.dirname(require.resolve('electron/package.json'));
  const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
  if (!fs.existsSync(bin)) process.exit(1);
  console.log(bin);
" 2>/dev/null) && exec "$electron_bin" . "$@"

exec node bin/studio.js serve --open "$@"
