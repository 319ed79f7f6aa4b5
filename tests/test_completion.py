"""Shell completion: what the protocol answers, that names are safe, and real shells at a TAB."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import re
import select
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from medinfo.completion import respond, sanitised, split
from medinfo.completion_scripts import install, script
from medinfo.entry import main
from medinfo.library import Library
from tests.conftest import Run

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_TITLE = "Hostilol: $(touch pwned-title) `touch pwned-tick` ]0;owned"
HOSTILE_ALIAS = "Hostamide 'quoted' \"double\" \\back *glob ~tilde !bang"
HOSTOXIN = "Hostoxin second line tab; touch pwned-semicolon"  # its newline and tab cleaned


@pytest.fixture
def drugs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the completion fixtures, indexed, and in effect through MEDINFO_PATH."""
    target = tmp_path / "drugs"
    shutil.copytree(FIXTURES / "completion", target)
    Library([str(target)]).open()
    monkeypatch.setenv("MEDINFO_PATH", str(target))
    return target


def complete(line: str, shell: str = "bash", **env: str) -> tuple[int, list[str]]:
    """Ask for completions of a command line typed up to the cursor, as the shell's script does."""
    words, inside = split(line, fish=shell == "fish")
    request = {**os.environ, **env, "_MEDINFO_COMPLETE": f"{shell}_complete", "COMP_WORDS": line}
    request["COMP_CWORD"] = str(len(words) - 1 if inside else len(words))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = respond(request)
    return code, out.getvalue().splitlines()


def values(line: str, shell: str = "bash", **env: str) -> list[str]:
    """Return the values offered for a command line, asserting the answer succeeded."""
    code, lines = complete(line, shell, **env)
    assert code == 0 and lines[0] == "plain"  # the kind, then a value a line
    return lines[1:]


# -- commands, options and their values ------------------------------------------


def test_commands_and_names_after_the_program(drugs: Path) -> None:
    offered = values("medinfo ")
    assert {"show", "search", "list", "compare", "interactions", "index"} <= set(offered)
    assert {"Warfarin", "Paracetamol", r"Paracetamol\ +\ Codeine"} <= set(offered)
    assert values("medinfo se") == ["search", "sections"]


def test_options_of_the_command_and_of_the_program(drugs: Path) -> None:
    assert values("medinfo show warfarin --f") == ["--form", "--format"]
    assert "--missing" in values("medinfo list --")
    assert "--missing" not in values("medinfo show --")
    top = values("medinfo --")
    assert {"--install-completion", "--show-completion", "--version", "--dir", "--json"} <= set(top)
    assert "--json" not in values("medinfo warfarin --json --")  # given once is enough
    assert "--dir" in values("medinfo --dir x warfarin --")  # repeatable
    assert values("medinfo list -c") == ["-c"]


def test_option_values(drugs: Path) -> None:
    assert values("medinfo warfarin --format ") == ["rich", "plain", "json", "markdown"]
    assert values("medinfo warfarin -f j") == ["json"]
    assert values("medinfo warfarin --format = j") == ["json"]  # bash cuts the word at =
    assert values("medinfo warfarin --format=j", "zsh") == ["--format=json"]
    assert values("medinfo warfarin --format=j", "fish") == ["--format=json"]
    assert "side-effects" in values("medinfo list --missing side")
    assert values("medinfo search x --section side_") == ["side_effects"]
    assert complete("medinfo --dir ") == (0, ["dir"])  # for the shell to complete
    assert complete("medinfo --dir=", "zsh") == (0, ["dir"])
    assert values("medinfo --install-completion ") == ["bash", "zsh", "fish"]
    assert values("medinfo --show-completion z") == ["zsh"]
    assert values("medinfo warfarin --limit ") == []


def test_labelers_come_from_the_index(tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    shutil.copytree(FIXTURES / "spl", labels)
    Library([str(labels)]).open()
    offered = values(f"medinfo --dir {labels} list --labeler ")
    assert offered == [r"Fixture\ OTC\ Co", r"Fixture\ Pharma\ Inc"]
    assert values(f'medinfo list --dir {labels} -l "fixture p') == ["fixture pharma Inc"]


# -- names -------------------------------------------------------------------------


def test_names_and_aliases_keep_what_was_typed(drugs: Path) -> None:
    assert values("medinfo show war") == ["warfarin"]
    assert values("medinfo war") == ["warfarin"]  # the bare form: show NAME
    assert values("medinfo show WAR") == ["WARfarin"]  # bash keeps the typed prefix
    assert values("medinfo show cou") == ["coumadin"]
    assert values("medinfo interactions warfarin acet") == ["acetaminophen"]
    assert values("medinfo list jan") == ["jantoven"]
    assert values("medinfo show zzz") == []


def test_names_with_spaces_and_plus_in_every_quoting(drugs: Path) -> None:
    assert values("medinfo show parac") == ["paracetamol", r"paracetamol\ +\ Codeine"]
    assert values(r"medinfo show Paracetamol\ +\ Co") == [r"Paracetamol\ +\ Codeine"]
    # In an open quote bash replaces what follows the quote, and closes it.
    assert values('medinfo show "paracetamol + co') == ["paracetamol + codeine"]
    assert values("medinfo show 'Paracetamol + Co") == ["Paracetamol + Codeine"]
    # By the index's folded key: the name in its own spelling replaces the word.
    assert values(r"medinfo show paracetamol\ co") == [r"Paracetamol\ +\ Codeine"]
    assert values("medinfo show paracetamol+co") == [r"Paracetamol\ +\ Codeine"]
    # zsh and fish quote candidates themselves: they get them as they are.
    assert values(r"medinfo show Paracetamol\ +\ Co", "zsh") == ["Paracetamol + Codeine"]
    assert values('medinfo show "paracetamol + co', "fish") == ["paracetamol + codeine"]
    # fish keeps only what begins as typed: what was typed stays.
    assert values(r"medinfo show paracetamol\ co", "fish") == ["paracetamol codeine"]


def test_names_come_from_the_directories_given(drugs: Path, tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    shutil.copytree(FIXTURES / "spl", labels)
    # File name, title and generic name (an alias) of an FDA label; a small collection
    # not indexed yet is indexed by the TAB.
    expected = ["zolvexa", r"zolvexa\ XR", r"zolvexamine\ hydrochloride"]
    assert values(f"medinfo --dir {labels} show zol") == expected
    assert values(f"medinfo show --dir={labels} zolvexa\\ x", "zsh") == ["zolvexa xR"]
    assert values(f"medinfo --dir {labels} show war") == []
    assert values("medinfo --dir /no/such/dir show war") == []


# -- sections after a name -----------------------------------------------------------


def test_section_and_topic_words_after_a_name(drugs: Path) -> None:
    offered = values("medinfo warfarin d")
    assert {"dosage", "dose", "dosing", "disclaimer", "dosage-forms"} <= set(offered)
    assert "warfarin" not in values("medinfo show warfarin w")
    assert {"pregnancy", "precautions"} <= set(values("medinfo show warfarin dose pre"))
    assert "contraindications" in values("medinfo warfarin contra")
    assert values("medinfo warfarin SIDE") == ["SIDE-effects"]


def test_a_phrase_begun_is_finished(drugs: Path) -> None:
    # "side" alone selects nothing: only the rest of "side effects" may follow.
    assert values("medinfo warfarin side ") == ["effect", "effects"]
    assert values("medinfo warfarin drug int") == ["interaction", "interactions"]
    assert values("medinfo compare warfarin paracetamol side ") == ["effect", "effects"]
    # "kidney" selects a topic alone, and begins "kidney dose": both may follow.
    after = values("medinfo warfarin kidney d")
    assert "dose" in after and "dosage" in after


def test_topic_words_are_offered_where_topics_now_work(drugs: Path) -> None:
    # list --section/--missing and search --section take topics (tests/test_words.py).
    assert values("medinfo list --missing preg") == ["pregnancy", "pregnant"]
    assert "renal" in values("medinfo list --section ren")
    assert "kidney" in values("medinfo search x --section kid")
    assert "interactions" in values("medinfo list --missing inter")


def test_compare_takes_names_then_sections(drugs: Path) -> None:
    assert values("medinfo compare warfarin d") == []  # the second name: no sections yet
    assert values("medinfo compare war") == ["warfarin"]
    third = values("medinfo compare warfarin paracetamol p")
    assert "paracetamol" in third and "pregnancy" in third
    after = values("medinfo compare warfarin paracetamol dose p")
    assert "pregnancy" in after and "paracetamol" not in after
    phrase = values("medinfo compare warfarin paracetamol drug interactions p")
    assert "pregnancy" in phrase and "paracetamol" not in phrase


def test_diff_takes_a_name_then_a_second_name_or_sections(drugs: Path) -> None:
    assert values("medinfo diff war") == ["warfarin"]
    second = values("medinfo diff warfarin p")
    assert "paracetamol" in second and "pregnancy" in second
    after = values("medinfo diff warfarin paracetamol p")
    assert "pregnancy" in after and "paracetamol" not in after


# -- sanitising -----------------------------------------------------------------------


def test_sanitised_removes_what_a_command_line_must_not_hold() -> None:
    assert sanitised("Evil\x1b]0;title\x07 name\nsecond\tline") == "Evil ]0;title name second line"
    assert sanitised("bidi\u202eeman\u200b\u2028x\x9b") == "bidi eman x"
    assert sanitised("Paracetamol + Codeine") == "Paracetamol + Codeine"
    assert sanitised(" \x00 ") == ""


def _poison(cache: Path) -> None:
    """Write control characters into the index's names, as a damaged or foreign index may hold."""
    (database,) = cache.glob("index-*.sqlite3")
    conn = sqlite3.connect(database)
    with conn:
        conn.execute(
            "UPDATE names SET label = ? WHERE label = 'Jantoven'",
            ("Jantoven\x1b[2J\x07\nrm -rf ~\t$(reboot)\u202e",),
        )
    conn.close()


def test_hostile_names_reach_no_shell_unescaped(drugs: Path, isolated: Path) -> None:
    _poison(isolated)
    for shell in ("bash", "zsh", "fish"):
        for typed in ("Host", "jan", '"Host', "'Host"):
            code, lines = complete(f"medinfo show {typed}", shell)
            assert code == 0 and lines
            for line in lines:
                assert line.isprintable(), (shell, line)  # no control, newline, bidi
    # bash: each a single word, exactly the name, once the shell has read it
    offered = [shlex.split(value) for value in values("medinfo show Host")]
    assert offered == [[HOSTILE_ALIAS], ["Hostilol"], [HOSTILE_TITLE], [HOSTOXIN]]
    assert values("medinfo show jan") == [r"jantoven\ \[2J\ rm\ -rf\ \~\ \$\(reboot\)"]
    quoted = values('medinfo show "Hosta')
    assert shlex.split('"' + quoted[0] + '"') == ["Hosta" + HOSTILE_ALIAS[5:]]


# -- without an index: a small collection is indexed by the TAB -----------------------


def _indexes(cache: Path) -> list[Path]:
    """Return the index files in a cache directory, and any half-built one."""
    return (
        sorted(cache.glob("index-*.sqlite3")) + sorted(cache.glob(".index-*"))
        if cache.is_dir()
        else []
    )


def test_a_first_tab_builds_the_index_of_a_small_collection(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "unindexed"
    shutil.copytree(FIXTURES / "completion", folder)
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")  # a link to nowhere is no bar
    monkeypatch.setenv("MEDINFO_PATH", str(folder))
    assert not isolated.exists()
    assert values("medinfo show war") == ["warfarin"]
    (database,) = _indexes(isolated)  # built as a command builds it, and kept
    assert values("medinfo jan") == ["jantoven"]
    assert _indexes(isolated) == [database]


def test_a_first_tab_offers_the_bundled_collection(isolated: Path) -> None:
    assert "MEDINFO_PATH" not in os.environ
    assert values("medinfo show warf") == ["warfarin"]
    assert len(_indexes(isolated)) == 1


def _collection(folder: Path, files: int, size: int = 100) -> Path:
    """Write a collection of tiny monographs (and one Warfarin) into folder."""
    folder.mkdir()
    (folder / "warfarin.md").write_text("# Warfarin\n\n### Usage\nFor tests.\n")
    for number in range(files - 1):
        (folder / f"drug{number:03d}.md").write_text(f"# Drug {number}\n\n" + "x" * size)
    return folder


def test_a_larger_collection_is_not_built_by_a_tab(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medinfo.completion_index import BUILD_BYTES, BUILD_FILES, LOOK_ENTRIES

    at_most = _collection(tmp_path / "at-most", BUILD_FILES)
    assert values(f"medinfo --dir {at_most} show war") == ["warfarin"]
    built = _indexes(isolated)
    assert len(built) == 1
    many = _collection(tmp_path / "many", BUILD_FILES + 1)
    large = _collection(tmp_path / "large", 2, size=BUILD_BYTES)  # one file too large
    for folder in (many, large):
        monkeypatch.setenv("MEDINFO_PATH", str(folder))
        assert values("medinfo show war") == []  # no names until a command builds it
        assert values(f"medinfo --dir {folder} show war") == []
        assert values("medinfo se") == ["search", "sections"]
        assert "dosage" in values("medinfo warfarin d")
        assert _indexes(isolated) == built  # nothing built, nothing left half-built
    crowded = _collection(tmp_path / "crowded", 2)  # few monographs among many other files
    for number in range(LOOK_ENTRIES):
        (crowded / f"note{number}.txt").touch()
    assert values(f"medinfo --dir {crowded} show war") == []
    assert _indexes(isolated) == built
    assert main(["index", "--dir", str(many)]) == 0  # a command builds it: names from then on
    assert values(f"medinfo --dir {many} show war") == ["warfarin"]


def test_the_build_in_a_tab_is_silent(isolated: Path, tmp_path: Path) -> None:
    folder = _collection(tmp_path / "drugs", 10)
    (folder / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n# Broken\n")  # skipped
    (folder / "binary.md").write_bytes(b"\x00\x01\x02" * 100)  # skipped
    env = {**os.environ, "_MEDINFO_COMPLETE": "bash_complete", "MEDINFO_PATH": str(folder)}
    env |= {"COMP_WORDS": "medinfo show war", "COMP_CWORD": "2"}
    result = subprocess.run(
        [sys.executable, "-m", "medinfo"], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout == "plain\nwarfarin\n"  # the completions, and nothing else
    assert result.stderr == ""  # no progress, no note of the files skipped
    assert len(_indexes(isolated)) == 1
    index = subprocess.run(
        [sys.executable, "-m", "medinfo", "index", "--dir", str(folder), "--json"],
        env={**os.environ},
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(index.stdout)
    assert report["rebuilt"] is False and report["parsed_now"] == 0  # the TAB's index serves
    assert len(report["skipped"]) == 2  # and knows the skipped files, as a command's would


def test_ctrl_c_at_a_tab_that_builds_offers_nothing(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import medinfo.index.build

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(medinfo.index.build, "parse_one", interrupted)
    assert complete("medinfo show war") == (130, [])  # no traceback on the command line
    assert _indexes(isolated) == []  # nothing half-built left


def test_two_first_tabs_racing_leave_one_whole_index(isolated: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(Path(__file__).parents[1] / "monographs", tmp_path / "bundled")
    env = {**os.environ, "_MEDINFO_COMPLETE": "bash_complete", "MEDINFO_PATH": str(folder)}
    env |= {"COMP_WORDS": "medinfo show warf", "COMP_CWORD": "2"}
    command = [sys.executable, "-m", "medinfo"]
    for _ in range(3):
        shutil.rmtree(isolated, ignore_errors=True)
        racing = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        for process in racing:
            out, err = process.communicate(timeout=60)
            assert (process.returncode, out, err) == (0, b"plain\nwarfarin\n", b"")
        (database,) = _indexes(isolated)  # one index, no half-built file left beside it
        conn = sqlite3.connect(database)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM docs").fetchone() == (35,)
        conn.close()


def test_an_old_or_damaged_index_of_a_small_collection_is_built_again(
    drugs: Path, isolated: Path
) -> None:
    (database,) = isolated.glob("index-*.sqlite3")
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA user_version = 1")  # an index of an older medinfo
    conn.close()
    assert values("medinfo show war") == ["warfarin"]
    database.write_bytes(b"not a database" * 100)
    assert values("medinfo show war") == ["warfarin"]
    assert values("medinfo warfarin dosa") == ["dosage", "dosage-forms", "dosages"]


def test_an_index_locked_by_a_writer_is_left_to_it(drugs: Path, isolated: Path) -> None:
    (database,) = isolated.glob("index-*.sqlite3")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # another medinfo at work on it
    try:
        assert complete("medinfo show war") == (0, ["plain"])  # no wait, no build of its own
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _indexes(isolated) == [database]
    assert values("medinfo show war") == ["warfarin"]


def test_malformed_requests_fail_quietly(drugs: Path) -> None:
    assert respond({"_MEDINFO_COMPLETE": "tcsh_complete"}) == 1
    assert respond({"_MEDINFO_COMPLETE": "bash_frobnicate"}) == 1
    bad = {"_MEDINFO_COMPLETE": "bash_complete", "COMP_WORDS": "medinfo", "COMP_CWORD": "x"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert respond(bad) == 1
    assert out.getvalue() == ""


def test_the_completion_path_stays_light(drugs: Path) -> None:
    code = (
        "import sys\n"
        "from medinfo.entry import main\n"
        "code = main([])\n"
        "heavy = ('click', 'typer', 'rich', 'markdown_it', 'yaml', 'frontmatter')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules], code, file=sys.stderr)\n"
    )
    env = {**os.environ, "_MEDINFO_COMPLETE": "bash_complete"}
    env |= {"COMP_WORDS": "medinfo show war", "COMP_CWORD": "2"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout == "plain\nwarfarin\n"
    assert "LOADED [] 0" in result.stderr


# -- scripts and their installation -------------------------------------------------


def test_show_completion_prints_each_script(
    run: Run, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for shell in ("bash", "zsh", "fish"):
        result = run("--show-completion", shell)
        assert result.exit_code == 0 and result.stdout == script(shell)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert respond({"_MEDINFO_COMPLETE": f"{shell}_source"}) == 0
        assert out.getvalue() == script(shell)
    monkeypatch.setenv("SHELL", "/usr/bin/zsh")
    assert run("--show-completion").stdout == script("zsh")
    assert not re.search(r"\beval\b", script("zsh"))  # names are never evaluated
    assert main(["--show-completion", "tcsh"]) == 2
    assert "no completion for the shell 'tcsh'" in capsys.readouterr().err
    help_text = run("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text


def test_install_writes_each_script_where_its_shell_loads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ZDOTDIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    (home / ".bashrc").write_text("alias ll='ls -l'\n")
    install("bash")
    install("bash")  # twice: the line goes in once
    assert (home / ".bash_completions" / "medinfo.sh").read_text() == script("bash")
    rc = (home / ".bashrc").read_text()
    assert rc.startswith("alias ll") and rc.count("source ~/.bash_completions/medinfo.sh") == 1
    monkeypatch.setenv("SHELL", "/bin/zsh")
    done = install()
    assert (home / ".zfunc" / "_medinfo").read_text() == script("zsh")
    assert "fpath+=~/.zfunc\nautoload -Uz compinit && compinit\n" in (home / ".zshrc").read_text()
    assert any(".zshrc" in line for line in done)
    assert main(["--install-completion", "fish"]) == 0  # as the command line runs it
    target = home / ".config/fish/completions/medinfo.fish"
    assert target.read_text() == script("fish")
    assert capsys.readouterr().out.startswith(f"Wrote {target}\n")


# -- real shells at a TAB ------------------------------------------------------------


class Terminal:
    """An interactive shell on a pseudo-terminal, typed into as a person would."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the shell, with the terminal as its controlling one
            try:
                os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd, self.seen = pid, fd, ""

    def type(self, keys: str) -> None:
        """Send keys, as typed."""
        os.write(self.fd, keys.encode())

    def expect(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        """Read the screen's output until pattern shows; return its match."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.seen)
            if match:
                self.seen = self.seen[match.end() :]
                return match
            left = deadline - time.monotonic()
            assert left > 0, f"{pattern!r} never came; the screen showed: {self.seen[-2000:]!r}"
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536).decode(errors="replace")
                except OSError:  # the shell is gone
                    raise AssertionError(f"the shell ended: {self.seen[-2000:]!r}") from None

    def line_after(self, typed: str, keys: str = "\t") -> str:
        """Type a command line and keys (a TAB), then return the line as the shell holds it."""
        # Ctrl-A Ctrl-K empties the line (not Ctrl-U: a terminal between two zle
        # sessions reads that as its own kill character); Ctrl-T shows the line.
        self.type("\x01\x0b" + typed + keys + "\x14")
        return self.expect(r"LINE<(.*?)>\r?\n")[1]

    def close(self) -> None:
        """End the shell."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


# How each shell is started, loads the script, and shows its line on Ctrl-T ("LI""NE":
# the echo of what is typed never reads LINE<).
SHELL_SETUP = {
    "bash": (
        ["bash", "--norc", "--noprofile", "-i"],
        "PS1='$ '; source {script}; "
        """bind -x '"\\C-t": printf "\\nLI""NE<%s>\\n" "$READLINE_LINE"'\r""",
    ),
    "zsh": (
        ["zsh", "-f", "-i"],
        "PS1='% '; autoload -Uz compinit && compinit -u -D; source {script}; "
        'show-line() {{ zle -I; print -r -- "LI""NE<$BUFFER>" }}; zle -N show-line; '
        "bindkey -e; bindkey '^T' show-line\r",
    ),
    "fish": (
        ["fish", "--no-config", "-i"],
        "source {script}; "
        'bind \\ct \'echo; echo "LI""NE<"(commandline)">"; commandline -f repaint\'\r',
    ),
}


Start = Callable[[str], Terminal]


@pytest.fixture
def terminal(drugs: Path, tmp_path: Path, isolated: Path) -> Iterator[Start]:
    """Return a function that starts a shell with medinfo's completion loaded."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "medinfo"  # this checkout's medinfo, whatever the PATH holds
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m medinfo "$@"\n')
    program.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "TERM": "xterm",
        "INPUTRC": "/dev/null",  # no site readline settings (ignore-case, ...)
        "MEDINFO_PATH": str(drugs),
        "MEDINFO_CACHE_DIR": str(isolated),
        "LANG": "C.UTF-8",
    }
    started: list[Terminal] = []

    def start(shell: str) -> Terminal:
        if shutil.which(shell) is None:
            pytest.skip(f"{shell} is not installed")
        argv, setup = SHELL_SETUP[shell]
        path = tmp_path / f"medinfo.{shell}"
        path.write_text(script(shell))
        shell_terminal = Terminal(argv, env, tmp_path)
        started.append(shell_terminal)
        shell_terminal.type(setup.format(script=path))
        shell_terminal.type("echo RE''ADY\r")
        shell_terminal.expect(r"READY\r?\n")
        return shell_terminal

    yield start
    for each in started:
        each.close()


def test_bash_completes_a_name_at_a_tab(terminal: Start) -> None:
    bash = terminal("bash")
    assert bash.line_after("medinfo show war") == "medinfo show warfarin "
    assert bash.line_after("medinfo war") == "medinfo warfarin "
    assert bash.line_after("medinfo show cou") == "medinfo show coumadin "
    assert bash.line_after(r"medinfo show Paracetamol\ +\ Co") == (
        r"medinfo show Paracetamol\ +\ Codeine "
    )
    assert bash.line_after('medinfo show "paracetamol + co') == (
        'medinfo show "paracetamol + codeine" '
    )
    assert bash.line_after(r"medinfo show paracetamol\ co") == (
        r"medinfo show Paracetamol\ +\ Codeine "
    )
    assert bash.line_after("medinfo --format=j") == "medinfo --format=json "
    assert bash.line_after("medinfo --dir dru") == "medinfo --dir drugs/"  # bash's own
    bash.type("\x01\x0bmedinfo warfarin d\t\t")  # two TABs: the list of what may follow
    listing = bash.expect(r"ddi\s[^$]*dosing\r?\n")[0].split()
    assert {"dosage", "dose", "dosage-forms", "disclaimer"} <= set(listing)
    bash.type("\x14")
    assert bash.expect(r"LINE<(.*?)>\r?\n")[1] == "medinfo warfarin d"  # nothing inserted


def test_bash_completes_a_name_at_a_first_tab(terminal: Start, isolated: Path) -> None:
    shutil.rmtree(isolated)  # a fresh cache: no command has run yet
    bash = terminal("bash")
    assert bash.line_after("medinfo show war") == "medinfo show warfarin "
    assert len(_indexes(isolated)) == 1


def test_bash_runs_a_completed_hostile_name_as_that_name(terminal: Start, tmp_path: Path) -> None:
    bash = terminal("bash")
    for typed in (r"Hostilol\:", '"Hostilol:', "Hostam", '"Hostam', "'Hostam"):
        bash.type(f"\x01\x0bmedinfo show {typed}\t --format json > answer.json; echo DO''NE\r")
        bash.expect(r"DONE\r?\n")
        answer = (tmp_path / "answer.json").read_text()
        assert answer.startswith('{"name": "Hostilol: $(touch pwned-title)'), typed
    assert not list(tmp_path.glob("pwned*"))


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_complete_a_name_at_a_tab(terminal: Start, shell: str) -> None:
    # Run only where the shell is installed (skipped otherwise).
    session = terminal(shell)
    assert session.line_after("medinfo show war").rstrip() == "medinfo show warfarin"
    assert session.line_after(r"medinfo show Paracetamol\ +\ Co").rstrip() == (
        r"medinfo show Paracetamol\ +\ Codeine"
    )
    assert session.line_after('medinfo show "paracetamol + co').rstrip() == (
        'medinfo show "paracetamol + codeine"'
    )
    line = session.line_after(r"medinfo show Hostilol\:").rstrip()
    assert shlex.split(line)[2] == HOSTILE_TITLE
