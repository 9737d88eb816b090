#!/usr/bin/env bash
# Install the fonts of the seal-face renderer (eseal.engine.art) that no small Debian package ships.
#
# FandolFang (仿宋, GPL with font exception) is the only free simplified 仿宋 in Debian; it lives inside
# texlive-lang-chinese, which would pull in all of texlive-base. We fetch that .deb with apt-get and
# extract only the Fandol OTF files to /usr/local/share/fonts/fandol (where eseal.engine.art.fonts looks).
# Idempotent: does nothing (and needs no network) when the files are present.
set -euo pipefail
dest="${ESEAL_FANDOL_DIR:-/usr/local/share/fonts/fandol}"
if [[ -f "$dest/FandolFang-Regular.otf" ]]; then
  exit 0
fi
sudo_cmd=""
[[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
tmp="$(mktemp -d)"
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo "installing FandolFang (from the Debian package texlive-lang-chinese) into $dest"
( cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null || { $sudo_cmd apt-get update -qq && apt-get download -qq texlive-lang-chinese; } )
dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb \
  | tar -x -C "$tmp" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*' \
                                 './usr/share/doc/texlive-doc/fonts/fandol/*'
$sudo_cmd mkdir -p "$dest"
$sudo_cmd cp "$tmp"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol*.otf "$dest"/
$sudo_cmd cp "$tmp"/usr/share/doc/texlive-doc/fonts/fandol/README "$dest"/README.fandol 2>/dev/null || true
command -v fc-cache >/dev/null && fc-cache -f "$dest" >/dev/null 2>&1 || true
