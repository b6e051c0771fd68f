"""The ``ybbulletin`` command: ``main(argv)`` returns the exit code; no tracebacks for content.

Exit codes: 0 ok, 1 content errors (or warnings under ``--strict``), 2 usage
errors, 3 an internal error (a bug; ``--debug`` shows the traceback), 130 Ctrl-C and
143 SIGTERM (128 + the signal, as a shell reports it; one line says so, and what the
command had begun is undone: ``ybbulletin/interrupt.py``).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import logging
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from ybbulletin.cli.commands import (
    EXIT_CONTENT,
    EXIT_INTERNAL,
    EXIT_USAGE,
    print_diagnostics,
    run_build,
    run_check,
    run_import,
    run_new,
    run_schema,
    run_sign,
)
from ybbulletin.cli.parser import build_parser
from ybbulletin.errors import ContentError, UsageError, WorkerLost
from ybbulletin.interrupt import Interrupted, handled
from ybbulletin.oserrors import describe_os_error

__all__ = ["build_parser", "main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    verbose, debug = getattr(args, "verbose", False), getattr(args, "debug", False)
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    for noisy in ("weasyprint", "fontTools"):  # their progress is not the editor's business
        logging.getLogger(noisy).setLevel(logging.ERROR)
    root = (getattr(args, "project", None) or Path.cwd()).absolute()
    try:
        with handled():  # Ctrl-C and SIGTERM: Interrupted, raised once, where the command is
            return _run(args, root)
    except KeyboardInterrupt as exc:  # what the command had begun was undone as it unwound
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        name = "SIGTERM" if signum == signal.SIGTERM else "Ctrl-C"
        print(f"ybbulletin: 已中断（{name}），没有做完；再运行一次即可。", file=sys.stderr)
        return 128 + signum
    except UsageError as exc:
        print(f"ybbulletin: 用法错误: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        print_diagnostics(exc.diagnostics)
        return EXIT_CONTENT
    except WorkerLost as exc:  # the machine's state too (memory), seldom a bug
        if debug:
            traceback.print_exc()
        print(f"ybbulletin: 错误: {exc}\n    提示: {WorkerLost.HINT}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:  # a full disk, a read-only folder: the machine's state, not a bug
        if debug:
            traceback.print_exc()
        message, hint = describe_os_error(exc, root)
        print(f"ybbulletin: 错误: {message}\n    提示: {hint}", file=sys.stderr)
        return EXIT_CONTENT
    except Exception:
        if debug:
            traceback.print_exc()
        else:
            kind, value, _ = sys.exc_info()
            print(
                f"ybbulletin: 内部错误（{kind.__name__ if kind else '?'}: {value}）。"
                "这不是内容的问题；请加 --debug 重新运行，并把输出发给维护人员。",
                file=sys.stderr,
            )
        return EXIT_INTERNAL


def _run(args: argparse.Namespace, root: Path) -> int:
    """Run the command ``args`` names; its errors are ``main``'s."""
    if args.command == "check":
        return run_check(root, strict=args.strict, fix=args.fix)
    if args.command == "new":
        return run_new(root, args.kind, args.date or datetime.date.today())
    if args.command == "import":
        return run_import(root, args)
    if args.command == "build":
        return run_build(root, args)
    if args.command == "schema":
        return run_schema(root, args.out)
    if args.command == "serve":
        from ybbulletin.serve import serve

        return serve(root, host=args.host, port=args.port, open_browser=args.open)
    if args.command == "sign":
        return run_sign(root, args)
    if args.command == "status":
        from ybbulletin.status import run_status

        return run_status(root, root / args.out)
    if args.command == "publish":
        from ybbulletin.publish import run_publish

        return run_publish(root, args)
    raise AssertionError(args.command)  # pragma: no cover


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:  # before the command started (its options being read)
        print("ybbulletin: 已中断（Ctrl-C），没有做完；再运行一次即可。", file=sys.stderr)
        code = 128 + signal.SIGINT
    # the process ends here: what the command left (the loaded archive's cycles: 0.1-0.25
    # million objects at 500 issues) is frozen, so the interpreter's exit neither walks
    # nor frees it (the collection at exit cost 0.15-0.2 s CPU of a 1.2 s no-op build)
    gc.freeze()
    sys.exit(code)
