"""Entry point of the frozen Tandem bundle: the `tandem` command, plus `-m MODULE` and `-c CODE`.

In a PyInstaller bundle `sys.executable` is this program, not a Python interpreter, yet `tandem
doctor` and `tandem self-test` run their probes (Qt, pjsua2) as child processes with
`[sys.executable, "-m", module]` or `[sys.executable, "-c", code]`, because a broken native module
can abort the process that loads it. Answering those two forms here, like the interpreter would,
lets the same probe code run unchanged from a virtualenv and from the bundle. Outside a bundle this
file is never used (the `tandem` console script calls tandem.cli.main directly).
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def _run_as_interpreter(flag: str, target: str, rest: list[str]) -> int:
    if flag == "-m" and target == "tandem":
        # `python -m tandem …` (the demo starts its simulator so): the bundle is that command itself.
        from tandem.cli import main as tandem_main

        sys.argv = ["tandem", *rest]
        return tandem_main()
    if flag == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *rest]
        # The probe code comes from Tandem's own modules; whoever can start this program can run
        # any code anyway, so this adds no privilege.
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102
    return 0


def main() -> int:
    # A frozen program started by multiprocessing's spawn must run the worker, not Tandem.
    multiprocessing.freeze_support()
    args = sys.argv[1:]
    if getattr(sys, "frozen", False) and len(args) >= 2 and args[0] in ("-m", "-c"):
        return _run_as_interpreter(args[0], args[1], args[2:])
    from tandem.cli import main as tandem_main

    return tandem_main()


if __name__ == "__main__":
    sys.exit(main())
