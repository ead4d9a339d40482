"""Run the ``reqtag`` command line in-process: (exit code, stdout, stderr)."""
from reqtag.cli import main


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err
