#!/usr/bin/env bash
# Vendor the browser libraries the H5 pages serve locally (no CDN: intranet deployments, CSP script-src 'self').
# Called by `make setup`. Idempotent: a file already present with the pinned SHA-256 is left alone.
#
#   signature_pad 5.1.4 (MIT, https://github.com/szimek/signature_pad): the handwritten signature of the
#   certificate application (数字证书申请) and the 个人手绘章 canvas. From the npm registry with `npm pack`;
#   dist/signature_pad.umd.min.js -> src/eseal/web/static/vendor/signature_pad.umd.min.js (+ its LICENSE).
#
# The tarball and the extracted file are both checked against the SHA-256 recorded here; a mismatch stops
# the set-up (exit 1) and nothing is written.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/eseal/web/static/vendor"

SIGNATURE_PAD_VERSION="5.1.4"
SIGNATURE_PAD_TGZ_SHA256="99c4f07aa8c2e4c4ac721addef8467056fda92bd987c4c4745a8bb16270bac8c"
SIGNATURE_PAD_JS_SHA256="e3ad651350055083e8f635d07598bc3a96f1e7be075977b49067d28803066af4"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

vendor_signature_pad() {
  local target="$DEST/signature_pad.umd.min.js"
  if [[ -f "$target" && "$(sha256_of "$target")" == "$SIGNATURE_PAD_JS_SHA256" && -f "$DEST/signature_pad.LICENSE" ]]; then
    echo "vendor-js: signature_pad $SIGNATURE_PAD_VERSION already in place"
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "vendor-js: npm is not installed (scripts/system-deps.txt lists it)" >&2
    return 1
  fi
  local tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  (cd "$tmp" && npm pack "signature_pad@$SIGNATURE_PAD_VERSION" --silent >/dev/null)
  local tgz="$tmp/signature_pad-$SIGNATURE_PAD_VERSION.tgz"
  if [[ "$(sha256_of "$tgz")" != "$SIGNATURE_PAD_TGZ_SHA256" ]]; then
    echo "vendor-js: signature_pad-$SIGNATURE_PAD_VERSION.tgz has an unexpected SHA-256: refused" >&2
    return 1
  fi
  tar -xzf "$tgz" -C "$tmp" package/dist/signature_pad.umd.min.js package/LICENSE
  if [[ "$(sha256_of "$tmp/package/dist/signature_pad.umd.min.js")" != "$SIGNATURE_PAD_JS_SHA256" ]]; then
    echo "vendor-js: signature_pad.umd.min.js has an unexpected SHA-256: refused" >&2
    return 1
  fi
  mkdir -p "$DEST"
  install -m 0644 "$tmp/package/dist/signature_pad.umd.min.js" "$target.tmp"
  install -m 0644 "$tmp/package/LICENSE" "$DEST/signature_pad.LICENSE"
  mv -f "$target.tmp" "$target"
  echo "vendor-js: signature_pad $SIGNATURE_PAD_VERSION -> ${target#"$ROOT"/}"
}

vendor_signature_pad
