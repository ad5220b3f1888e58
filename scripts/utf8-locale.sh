# Sourced by setup.sh, start.sh and test.sh: gives the studio, its browser and its tests a UTF-8
# character type when the machine has none (a fresh Debian, a minimal container, `env -i`, LANG=C,
# or a LANG naming a locale the machine never generated). Without one Chromium silently drops
# files named in Vietnamese ("Phỏng vấn.wav") from its file chooser. The same rule as
# src-main/platform/utf8-locale.ts: unless the C library already reads UTF-8, LC_CTYPE (or LC_ALL,
# which would override it) becomes C.UTF-8, built into Debian's C library; the language is kept.
if [ "$(uname -s)" = Linux ] && [ "$(locale charmap 2>/dev/null)" != UTF-8 ]; then
  if [ -n "${LC_ALL:-}" ]; then
    export LC_ALL=C.UTF-8
  else
    export LC_CTYPE=C.UTF-8
  fi
fi
