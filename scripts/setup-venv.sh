#!/usr/bin/env bash
# Create .venv and install ybbulletin with its pinned dependency ranges (and the test tools).
set -euo pipefail
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "需要 Python 3.11 或更新版本（当前：$("$PYTHON" --version 2>&1)）。" >&2; exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -m pip install -q -e '.[test]' 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -c 'import ybbulletin, pydantic, _ruamel_yaml, markdown_it' \
  || { echo "Python 依赖安装失败，请查看上面的输出。" >&2; exit 1; }
