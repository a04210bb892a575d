"""xelatex for the book's PDF: as many passes as the change needs, the first one's preamble set ahead.

This does what ``make all-pdf`` (latexmk) did for the book, without latexmk's start-up (about
0.2 s a build): a pass, and another while a pass changed the files xelatex reads back (``FED_BACK``:
the ``.aux``, the contents, the PDF bookmarks), at most ``MAX_PASSES``. Pass k reads what pass k-1
wrote; once a pass writes them unchanged, one more would typeset the same book.

Ahead: about half of a pass is the preamble (the class, fontspec and the fonts, Sphinx's
packages), and Sphinx writes the same preamble build after build. So the first pass is started on
the last build's preamble before Sphinx's LaTeX writer runs (``Ahead.start``), and waits at its
end, reading a line from its standard input (``\\read``). Once the writer has written the new
``.tex`` (``Ahead.go``) the pass goes on with the new body, if the new preamble and the files the
preamble read (Sphinx's ``.sty`` and ``.cls`` beside it) are the same as when it started; if not,
it is stopped and a pass is run afresh. Either way xelatex reads the same text: the body is read
from a copy of the ``.tex`` whose preamble lines are comments, so a LaTeX error names the
``.tex``'s own line (``errors.latex_problem`` reads it back).
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from pathlib import Path

FED_BACK = (".aux", ".toc", ".out", ".lof", ".lot")
MAX_PASSES = 5
PREAMBLE_END = "\n\\begin{document}"
# -halt-on-error: the first error ends the pass, as it did under latexmk (xelatex's prompt read
# the end of its input); the log names it.
XELATEX = ("xelatex", "-halt-on-error")


def _digest(paths) -> dict[str, str]:
    found = {}
    for path in sorted(paths):
        try:
            found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # not there (yet): absent from the digest
    return found


def fed_back(latex_dir: Path, job: str) -> dict[str, str]:
    """The files a pass writes and the next one reads, by content."""
    return _digest(latex_dir / f"{job}{suffix}" for suffix in FED_BACK)


def support_files(latex_dir: Path) -> dict[str, str]:
    """What the preamble reads from the LaTeX folder: Sphinx's class and packages."""
    return _digest([*latex_dir.glob("*.sty"), *latex_dir.glob("*.cls"), *latex_dir.glob("*.cfg")])


def _split(tex: str) -> tuple[str, str] | None:
    cut = tex.find(PREAMBLE_END)
    return (tex[: cut + 1], tex[cut + 1 :]) if cut >= 0 else None


class Ahead:
    """A first pass started on the last build's preamble, waiting for the new body."""

    def __init__(self, latex_dir: Path, job: str, preamble: str):
        self.latex_dir, self.job, self.preamble = latex_dir, job, preamble
        self.fed_back = fed_back(latex_dir, job)  # before the pass writes any
        self.supports = support_files(latex_dir)
        self.output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        (latex_dir / f"{job}.preamble-ahead").write_text(preamble, encoding="utf-8")
        body = latex_dir / f"{job}.body-ahead"
        body.unlink(missing_ok=True)
        # the command line is the pass's first input line; \read-1 echoes no prompt of its own
        first_line = rf"\input{{{job}.preamble-ahead}}\read-1 to\BriefingBodyWritten\input{{{body.name}}}"
        self.process = subprocess.Popen(
            [*XELATEX, "-interaction=scrollmode", f"-jobname={job}", first_line],
            cwd=latex_dir,
            stdin=subprocess.PIPE,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @classmethod
    def start(cls, latex_dir: Path, job: str) -> Ahead | None:
        """On the preamble of the ``.tex`` the last build left; None when there is none."""
        try:
            parts = _split((latex_dir / f"{job}.tex").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        if parts is None:
            return None
        try:
            return cls(latex_dir, job, parts[0])
        except OSError:
            return None  # no xelatex, or the folder is not writable: the passes report it

    def go(self, log) -> subprocess.Popen | None:
        """The pass, given the new body; None (the pass stopped) when the preamble changed."""
        try:
            parts = _split((self.latex_dir / f"{self.job}.tex").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            parts = None
        if parts is None or parts[0] != self.preamble or support_files(self.latex_dir) != self.supports or self.process.poll() is not None:
            self.cancel()
            return None
        preamble, body = parts
        (self.latex_dir / f"{self.job}.body-ahead").write_text("%\n" * preamble.count("\n") + body, encoding="utf-8")
        try:
            self.process.stdin.write("go\n")
            self.process.stdin.close()
        except OSError:  # it ended after the poll above: run the pass afresh
            self.cancel()
            return None
        self.process.wait()
        self.output.seek(0)
        log.write(self.output.read())
        log.flush()
        self.output.close()
        return self.process

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        try:
            self.process.stdin.close()
        except OSError:
            pass  # the pipe broke with the process
        self.output.close()


def passes(latex_dir: Path, job: str, log, ahead: Ahead | None = None) -> int:
    """Typeset ``job.tex`` into ``job.pdf``; xelatex's output goes to ``log``. The exit code of
    the last pass (non-zero: it stopped at an error its log names)."""
    before = ahead.fed_back if ahead is not None else fed_back(latex_dir, job)
    for number in range(1, MAX_PASSES + 1):
        log.write(f"xelatex, pass {number}" + (" (its preamble set ahead)\n" if number == 1 and ahead is not None else "\n"))
        log.flush()
        done = ahead.go(log) if number == 1 and ahead is not None else None
        if done is None:
            done = subprocess.run([*XELATEX, "-interaction=nonstopmode", f"{job}.tex"], cwd=latex_dir, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            return done.returncode
        after = fed_back(latex_dir, job)
        if after == before:
            return 0
        before = after
    log.write(f"the auxiliary files still changed after {MAX_PASSES} passes; the PDF is the last pass's\n")
    return 0
