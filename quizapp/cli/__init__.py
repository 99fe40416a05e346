"""The `quizapp` command: the GUI by default, sub-commands for students, instructors and scripts.

Each sub-command group is one module of this package with a `register(sub, common)` function; COMMANDS
lists them. Options every command understands (`--data-dir`, `--banks`) may stand before or after the
sub-command's name.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from quizapp import __version__, paths

# The modules that add sub-commands, in the order `quizapp --help` lists them.
COMMANDS = ("quizapp.cli.banks", "quizapp.cli.formats", "quizapp.cli.progress", "quizapp.cli.sync",
            "quizapp.cli.stats", "quizapp.cli.classroom", "quizapp.cli.search")


def _cmd_gui(args: argparse.Namespace) -> int:
    if args.install_desktop_entry:
        return _install_desktop_entry()
    from quizapp.ui.app import run

    # Without --banks the app opens the shipped banks and the folders added in File ▸ Question folders….
    given = args.banks or args.no_shipped_banks
    return run(data_dir=paths.data_dir(args.data_dir),
               bank_paths=paths.bank_set(args.banks or (), shipped=not args.no_shipped_banks) if given else None)


def _install_desktop_entry() -> int:
    from quizapp import desktop

    written = desktop.install()
    for path in written:
        print(path)
    print(f"quizapp is in the applications menu (starts {desktop.launch_command()}); "
          f"{len(written)} file(s) written")
    return 0


def _add_globals(parser: argparse.ArgumentParser, suppress: bool) -> None:
    # Under a sub-command the defaults are suppressed, so an option given before the sub-command's name
    # is not overwritten by the sub-parser's default.
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", default=default,
                        help=f"where progress is kept (default: ${paths.ENV_DATA_DIR} or the platform's "
                             "user data folder)")
    parser.add_argument("--banks", nargs="+", type=Path, default=default, metavar="PATH",
                        help="question folders or files to use besides the banks shipped with quizapp")
    parser.add_argument("--no-shipped-banks", action="store_true", default=default if suppress else False,
                        help="leave out the shipped banks (use only --banks)")


def common_options() -> argparse.ArgumentParser:
    """A parent parser with the options every sub-command accepts after its name."""
    parent = argparse.ArgumentParser(add_help=False)
    _add_globals(parent, suppress=True)
    return parent


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; commands=False: only the app's own options (no sub-command imported)."""
    parser = argparse.ArgumentParser(prog="quizapp", description="Study ketamine pharmacology offline.",
                                     add_help=commands)
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add quizapp to your applications menu (menu entry, icons, AppStream metainfo "
                             "under $XDG_DATA_HOME, default ~/.local/share) and exit")
    _add_globals(parser, suppress=False)
    if commands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        common = common_options()
        for name in COMMANDS:
            importlib.import_module(name).register(sub, common)
    parser.set_defaults(func=_cmd_gui)
    return parser


def _parse(argv: list[str] | None) -> argparse.Namespace:
    # Registering the sub-commands imports their modules (the whole study layer, ≈0.3 s): starting
    # the app needs none of them, so a command line with nothing but the app's options skips them.
    app, rest = build_parser(commands=False).parse_known_args(argv)
    return build_parser().parse_args(argv) if rest else app


def _crashed(exc: BaseException, args: argparse.Namespace | None) -> int:
    """A bug: its traceback goes to a crash log in the data folder, the user gets one sentence, exit 70."""
    from quizapp import crash

    try:
        data: Path | None = paths.data_dir(getattr(args, "data_dir", None))
    except Exception:  # no data folder can even be named: the log goes to the temporary folder
        data = None
    command = getattr(args, "command", None) or "the window"
    print(f"error: {crash.message(crash.write_log(exc, data, f'quizapp {command}'))}", file=sys.stderr)
    return crash.EXIT_CODE


def main(argv: list[str] | None = None) -> int:
    """Run the command line. Errors written for the user print as one line (exit 1); any other
    exception that escapes is a bug, logged with its traceback (exit 70): none reaches the terminal."""
    args = None
    try:
        args = _parse(argv)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from quizapp.crash import user_message

        message = user_message(exc)
        if message is None:
            return _crashed(exc, args)
        print(f"error: {message}", file=sys.stderr)
        return 1
