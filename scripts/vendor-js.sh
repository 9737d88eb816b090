#!/usr/bin/env bash
# Vendor the browser libraries the H5 pages serve locally (no CDN: intranet deployments, CSP script-src 'self').
# Called by `make setup`. Idempotent: a file already present with the pinned SHA-256 is left alone.
#
#   signature_pad 5.1.4 (MIT, https://github.com/szimek/signature_pad): the handwritten signature of the
#   certificate application (数字证书申请) and the 个人手绘章 canvas. From the npm registry with `npm pack`;
#   dist/signature_pad.umd.min.js -> src/eseal/web/static/vendor/signature_pad.umd.min.js (+ its LICENSE).
#
#   swagger-ui-dist 5.35.0 (Apache-2.0, https://github.com/swagger-api/swagger-ui): the API reference at
#   /api/v1/docs (Swagger UI 5 reads OpenAPI 3.1, which FastAPI writes) -> static/vendor/swagger-ui/.
#
#   jsqr 1.4.0 (Apache-2.0, https://github.com/cozmo/jsQR): the QR decoder of 扫码 (camera frames decoded in the
#   browser) -> static/vendor/jsqr/jsQR.js (+ LICENSE). Photos are decoded by the server (POST /api/v1/scan/photo).
#
# The tarball and the extracted files are both checked against the SHA-256 recorded here; a mismatch stops
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

# vendor_npm NAME VERSION TGZ_SHA256 SUBDIR FILE=SHA256... : files of one npm package into static/vendor/SUBDIR
vendor_npm() {
  local name="$1" version="$2" tgz_sha="$3" subdir="$4"
  shift 4
  local dest="$DEST/$subdir" ok=1 spec file sha
  for spec in "$@"; do
    file="${spec%%=*}"; sha="${spec#*=}"
    if [[ ! -f "$dest/$(basename "$file")" || "$(sha256_of "$dest/$(basename "$file")")" != "$sha" ]]; then ok=0; fi
  done
  if [[ $ok == 1 ]]; then
    echo "vendor-js: $name $version already in place"
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "vendor-js: npm is not installed (scripts/system-deps.txt lists it)" >&2
    return 1
  fi
  local tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  (cd "$tmp" && npm pack "$name@$version" --silent >/dev/null)
  local tgz
  tgz="$(ls "$tmp"/*.tgz)"
  if [[ "$(sha256_of "$tgz")" != "$tgz_sha" ]]; then
    echo "vendor-js: $(basename "$tgz") has an unexpected SHA-256: refused" >&2
    return 1
  fi
  tar -xzf "$tgz" -C "$tmp"
  for spec in "$@"; do
    file="${spec%%=*}"; sha="${spec#*=}"
    if [[ "$(sha256_of "$tmp/package/$file")" != "$sha" ]]; then
      echo "vendor-js: $name/$file has an unexpected SHA-256: refused" >&2
      return 1
    fi
  done
  mkdir -p "$dest"
  for spec in "$@"; do
    file="${spec%%=*}"
    install -m 0644 "$tmp/package/$file" "$dest/$(basename "$file").tmp"
    mv -f "$dest/$(basename "$file").tmp" "$dest/$(basename "$file")"
  done
  echo "vendor-js: $name $version -> ${dest#"$ROOT"/}"
}

vendor_signature_pad
vendor_npm swagger-ui-dist 5.35.0 1b8e891893404ea4c3558b6a87e2a3e494e7eedba41168c2ece5800a391a6ea6 swagger-ui \
  swagger-ui-bundle.js=e6a898692f2d768e807c3ba4626068a69a2c5dd960dd6c76f3e4d3a3de180af2 \
  swagger-ui.css=5ed08757e53da3e026d6cbecc61fe5d43585c9560b302d534ad56692519a273d \
  favicon-32x32.png=3ed612f41e050ca5e7000cad6f1cbe7e7da39f65fca99c02e99e6591056e5837 \
  LICENSE=cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30
vendor_npm jsqr 1.4.0 b5299b37917a1fe7a8cab9dd5cc6b8accf82663add80abe5bf7761a921cc6602 jsqr \
  dist/jsQR.js=bc40c8a15196236b2314db0856f72ca0b49980cd5413b8c852a7349f5fee0859 \
  LICENSE=c6596eb7be8581c18be736c846fb9173b69eccf6ef94c5135893ec56bd92ba08
