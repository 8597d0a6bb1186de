#!/usr/bin/env bash
# Install what the view tests and static figures need: Debian's Chromium (driven by
# Playwright through executable_path, since Playwright's own browser download cannot be
# fetched here) and the Noto CJK fonts (Chinese labels in the browser and in matplotlib).
# Idempotent: does nothing when both are present. Needs root (or sudo) for apt-get.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Not `fc-list | grep -q`: grep exits at the first match and pipefail reports the SIGPIPE.
fonts="$(fc-list 2>/dev/null || true)"
case "$fonts" in
    *"Noto Sans CJK SC"*) ;;
    *) missing+=(fonts-noto-cjk) ;;
esac
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-browser: chromium and Noto CJK fonts already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "setup-browser: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# matplotlib caches the font list; drop it so the new CJK fonts are found.
rm -rf "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
/usr/bin/chromium --version 2>/dev/null
