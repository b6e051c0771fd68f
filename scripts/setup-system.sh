#!/usr/bin/env bash
# Install the Debian packages ybbulletin needs, only those that are missing.
#   scripts/setup-system.sh runtime        fonts and libraries for building bulletins
#   scripts/setup-system.sh runtime test   plus the real clients the tests drive
#   scripts/setup-system.sh bench          Hugo, the floor benchmarks/run.py compares the site with;
#                                          valgrind, which counts the PDF figure's instructions
# Runs as root, or through sudo. Prints what it installs; silent when nothing is missing.
set -euo pipefail

want_runtime=false want_test=false want_bench=false
for group in "$@"; do
  case "$group" in
    runtime) want_runtime=true ;;
    test) want_test=true ;;
    bench) want_bench=true ;;
    *) echo "setup-system.sh: unknown group '$group' (runtime, test, bench)" >&2; exit 2 ;;
  esac
done

FANDOL=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
has_font() { fc-list ":family=$1" family 2>/dev/null | grep -q .; }

missing=()
need() { # need PACKAGE CHECK-COMMAND...
  local package=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing+=("$package"); fi
}

if $want_runtime; then
  need python3-venv python3 -c 'import ensurepip, venv'
  need fontconfig command -v fc-list
  need libpango-1.0-0 sh -c 'ldconfig -p | grep -q libpango-1.0.so.0'
  need libpangoft2-1.0-0 sh -c 'ldconfig -p | grep -q libpangoft2-1.0.so.0'
  need libharfbuzz-subset0 sh -c 'ldconfig -p | grep -q libharfbuzz-subset.so.0'
  need fonts-noto-cjk has_font "Noto Sans CJK SC"
  need fonts-noto-cjk-extra has_font "Noto Serif CJK SC Black"
  need fonts-lxgw-wenkai has_font "LXGW WenKai"
  need texlive-lang-chinese test -f "$FANDOL"
fi
if $want_test; then
  need poppler-utils command -v pdftotext
  need chromium test -x /usr/bin/chromium
  need nginx sh -c 'command -v nginx || test -x /usr/sbin/nginx'
  need libreoffice-writer-nogui command -v soffice
  # npm installs axe-core and the W3C Nu checker (scripts/setup-node.sh); the checker runs on Java
  need npm command -v npm
  need default-jre-headless command -v java
fi
if $want_bench; then
  need hugo command -v hugo
  # callgrind counts the instructions of a PDF render and of raw WeasyPrint (benchmarks/pdf_pair.py)
  need valgrind command -v callgrind_control
fi

[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "需要安装系统软件包：${missing[*]}；请以 root 身份运行，或先安装 sudo。" >&2; exit 1
  fi
fi
echo "安装系统软件包：${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --no-install-recommends: texlive-lang-chinese would otherwise pull in a whole TeX system.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
$SUDO fc-cache -f >/dev/null 2>&1 || true
