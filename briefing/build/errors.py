"""How a build reports: progress lines, one line per failure, the detail in the log file.

Every failure becomes a :class:`BuildError` whose message is one line (what failed and where)
and whose ``detail`` goes to ``_build/logs/build.log`` with everything else the build printed;
the terminal gets the line and the log's path, and a traceback only under ``--debug``.
"""

from __future__ import annotations

import errno
import re
import signal
from pathlib import Path

_lines: list[str] = []  # this build's progress, copied into the log file once there is one
_log_file: Path | None = None


class BuildError(RuntimeError):
    """A build step failed: ``str(error)`` is the one line, ``detail`` goes to the log."""

    def __init__(self, message: str, detail: str = "", code: int = 1):
        super().__init__(message)
        self.detail = detail
        self.code = code


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; raised in the main thread by the handler below."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def code(self) -> int:
        return 128 + self.signum


def _on_signal(signum, frame) -> None:
    # One interruption is enough: ignore the next while the build shuts its kernels down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted(signum)


def handle_signals() -> None:
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)


class signals_deferred:
    """Hold SIGINT and SIGTERM back (they arrive on exit) while the live book is swapped."""

    def __enter__(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})

    def __exit__(self, *exc):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def log(message: str) -> None:
    line = f"[briefing] {message}"
    print(line, flush=True)
    record(line)


def record(text: str) -> None:
    """Into the log file only."""
    _lines.append(text)
    if _log_file is not None:
        with open(_log_file, "a", encoding="utf-8") as handle:
            handle.write(text.rstrip("\n") + "\n")


def open_log(path: Path) -> Path:
    """Start this build's log file with what was printed so far."""
    global _log_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line.rstrip("\n") + "\n" for line in _lines), encoding="utf-8")
    _log_file = path
    return path


def log_file() -> Path | None:
    return _log_file


# --- Reading failures -------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def disk_problem(error: OSError) -> str | None:
    """A read-only or full disk, said with the path; None for other errors."""
    reasons = {
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    if error.errno not in reasons:
        return None
    path = error.filename or "a file under _build"
    return f"cannot write {path}: {reasons[error.errno]}"


_DISK_WORDS = re.compile(r"(?:OSError|Errno \d+\]) ?(Read-only file system|No space left on device|Disk quota exceeded)(?:: '([^']+)')?")


def disk_problem_in(output: str) -> str | None:
    match = _DISK_WORDS.search(output)
    if not match:
        return None
    reason = {
        "Read-only file system": "the file system is read-only",
        "No space left on device": "the disk is full",
        "Disk quota exceeded": "the disk quota is exceeded",
    }[match[1]]
    return f"cannot write {match[2] or 'the build folder'}: {reason}"


_WARNING = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?P<kind>WARNING|ERROR|CRITICAL): (?P<text>.*)$")


def sphinx_problems(output: str, src: Path, root: Path) -> list[str]:
    """Sphinx warnings as ``book/chapter.md:LINE: text``, paths relative to the repository.

    A chapter is built from its executed notebook; its warnings name the ``.md`` it came from.
    """
    found = []
    for raw in strip_ansi(output).splitlines():
        match = _WARNING.match(raw.strip())
        if not match:
            continue
        file = match["file"]
        try:
            file = Path(file).resolve().relative_to(src.resolve()).as_posix()
        except (ValueError, OSError):
            pass
        line = match["line"]
        if file.endswith(".ipynb") and line:
            file, line = _source_line(root, file, int(line))
        where = f"{file}:{line}" if line else file
        found.append(f"{where}: {match['text'].strip()}")
    return found


def _source_line(root: Path, notebook: str, line: int) -> tuple[str, int | None]:
    """MyST-NB numbers a notebook's lines ``(cell + 1) * 10000 + line + 1``: back to the chapter's."""
    chapter = re.sub(r"\.ipynb$", ".md", notebook)
    cell, offset = divmod(line, 10000)
    cell -= 1
    # jupytext (0.6 s) imported only here, for a warning's line: every build imports this module
    import jupytext

    try:
        text = (root / chapter).read_text(encoding="utf-8")
        source = jupytext.reads(text, fmt="md:myst").cells[cell].source
    except (OSError, IndexError, ValueError):
        return chapter, None
    start = text.find(source) if source else -1
    if start < 0:
        return chapter, None
    return chapter, text[:start].count("\n") + max(1, offset - 1)


def latex_problem(log_path: Path, tex_path: Path) -> str | None:
    """The first ``!`` error of a LaTeX log, with the chapter it stopped in."""
    try:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for index, line in enumerate(lines):
        if not line.startswith("!"):
            continue
        message = line[1:].strip()
        chapter = None
        for after in lines[index + 1 : index + 30]:
            where = re.match(r"l\.(\d+)", after)
            if where:
                chapter = _chapter_at(tex_path, int(where[1]))
                break
        return f"{message}" + (f" (in chapter {chapter!r})" if chapter else "")
    return None


def _chapter_at(tex_path: Path, line_number: int) -> str | None:
    try:
        lines = tex_path.read_text(encoding="utf-8", errors="replace").splitlines()[:line_number]
    except OSError:
        return None
    for line in reversed(lines):
        match = re.search(r"\\chapter\*?\{", line)
        if match:
            title, depth = "", 1
            for char in line[match.end() :]:
                depth += {"{": 1, "}": -1}.get(char, 0)
                if depth == 0:
                    break
                title += char
            return re.sub(r"\\[a-zA-Z]+\*?\{([^}]*)\}", r"\1", title)
    return None


TEX_PACKAGES = "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk fonts-freefont-otf tex-gyre lmodern"
TEX_INSTALL = f"sudo apt-get install -y --no-install-recommends {TEX_PACKAGES}"
