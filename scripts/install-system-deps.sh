#!/usr/bin/env bash
# Install the Debian packages listed in scripts/system-deps.txt that are missing.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < "$here/system-deps.txt"
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  command -v fc-cache >/dev/null && fc-cache -f >/dev/null 2>&1 || true
fi
# npm vendors the browser libraries (scripts/vendor-js.sh). Machines that ship Node.js from NodeSource have npm
# inside their `nodejs` package (Debian's separate `npm` package then conflicts), so only a missing npm command
# installs Debian's npm.
if ! command -v npm >/dev/null 2>&1; then
  echo "installing Debian packages: npm"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
# Seal-face fonts not shipped as a small Debian package (FandolFang 仿宋, extracted from texlive-lang-chinese).
bash "$here/install-seal-fonts.sh"
