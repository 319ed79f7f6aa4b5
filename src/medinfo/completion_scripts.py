"""The completion scripts of bash, zsh and fish, and where --install-completion puts them.

Each script asks `medinfo` (answered by medinfo.completion, without Click or Typer)
and never evaluates what comes back: bash is given each candidate quoted already
and inserts it as it is, zsh's compadd and fish quote candidates themselves.
"""

from __future__ import annotations

import os

from medinfo.errors import USAGE, MedinfoError

SHELLS = ("bash", "zsh", "fish")

_BASH = r"""# medinfo completion for bash: medinfo --install-completion bash, or source this file.
_medinfo_completion() {
    local - IFS=$'\n'
    local words="${COMP_WORDS[*]:0:COMP_CWORD+1}"
    # The words up to the cursor, quoted as typed (medinfo reads the quoting); the
    # answer is the kind, plain or dir, then a value a line, each quoted for bash.
    # Split without globbing (local - keeps set -f in here), not with read or
    # mapfile, which take a byte at a time: there may be 30,000 lines.
    set -f
    COMPREPLY=($(env COMP_WORDS="$words" COMP_CWORD="$COMP_CWORD" \
        _MEDINFO_COMPLETE=bash_complete "$1" 2>/dev/null))
    if [[ ${COMPREPLY[0]-} == dir ]]; then
        compopt -o dirnames 2>/dev/null  # bash completes directories itself
    fi
    unset 'COMPREPLY[0]'
    return 0
}

# nosort keeps medinfo's order (bash 4.4 and later).
complete -o nosort -F _medinfo_completion medinfo 2>/dev/null ||
    complete -F _medinfo_completion medinfo
"""

_ZSH = r"""#compdef medinfo
# medinfo completion for zsh: medinfo --install-completion zsh, or source this file.
_medinfo_completion() {
    local -a response completions
    # The answer: the kind, plain or dir, then a value a line.
    response=("${(@f)$(env COMP_WORDS="${words[1,CURRENT]}" COMP_CWORD=$((CURRENT-1)) \
        _MEDINFO_COMPLETE=zsh_complete medinfo 2>/dev/null)}")
    if [[ ${response[1]} == dir ]]; then
        [[ $PREFIX == -* ]] && compset -P '*='  # --dir=PATH
        _path_files -/
    elif (( ${#response} > 1 )); then
        completions=("${(@)response[2,-1]}")
        # -U: medinfo has matched them already (ignoring case and punctuation);
        # compadd quotes each for the word it goes in, and evaluates none.
        compadd -U -V medinfo -a completions
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _medinfo_completion "$@"  # autoloaded from fpath
else
    compdef _medinfo_completion medinfo  # sourced
fi
"""

_FISH = r"""# medinfo completion for fish: medinfo --install-completion fish, or source this file.
function __medinfo_complete
    set -lx COMP_WORDS (commandline -cp | string collect)
    set -lx _MEDINFO_COMPLETE fish_complete
    # The answer: the kind, plain or dir, then a value a line.
    set -l response (medinfo 2>/dev/null)
    if test "$response[1]" = dir
        set -l token (commandline -ct)
        set -l option (string match --regex -- '^-[^=]*=' $token)  # --dir=PATH
        set -l folder (string replace --regex -- '^-[^=]*=' '' $token)
        __fish_complete_directories $folder | string replace --regex -- '^' "$option"
    else if set -q response[2]
        printf '%s\n' $response[2..-1]
    end
end
complete --command medinfo --no-files --arguments '(__medinfo_complete)'
"""

_SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def script(shell: str) -> str:
    """Return the completion script of a shell."""
    return _SCRIPTS[_known(shell)]


def _known(shell: str | None) -> str:
    """Return the shell named, else the one $SHELL names; raise if it has no script."""
    given = shell or os.path.basename(os.environ.get("SHELL", ""))
    if given in _SCRIPTS:
        return given
    raise MedinfoError(
        f"no completion for the shell '{given}'" if given else "cannot tell which shell this is",
        USAGE,
        "name it after the option: bash, zsh or fish",
    )


def install(shell: str | None = None) -> list[str]:
    """Write the completion script where the shell loads it; return what was done, line by line."""
    shell = _known(shell)
    home = os.path.expanduser("~")
    if shell == "fish":  # fish loads completions/NAME.fish when NAME is first completed
        config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        target = os.path.join(config, "fish", "completions", "medinfo.fish")
        return [_write(target, script(shell)), "Completion works in new fish sessions."]
    if shell == "bash":
        target = os.path.join(home, ".bash_completions", "medinfo.sh")
        rc = os.path.join(home, ".bashrc")
        lines = [f"source {_quoted(target)}"]
    else:  # zsh autoloads _medinfo from a directory on fpath when compinit runs
        folder = os.path.join(home, ".zfunc")
        target = os.path.join(folder, "_medinfo")
        rc = os.path.join(os.environ.get("ZDOTDIR") or home, ".zshrc")
        lines = [f"fpath+={_quoted(folder)}", "autoload -Uz compinit && compinit"]
    done = [_write(target, script(shell))]
    done += _add_lines(rc, lines)
    done.append(f"Completion works in new {shell} sessions (or run: source {_quoted(rc)}).")
    return done


def _write(path: str, text: str) -> str:
    """Write a file, making its folder; return the sentence that says so."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return f"Wrote {path}"


def _add_lines(rc: str, lines: list[str]) -> list[str]:
    """Append to a shell's startup file the lines it lacks; return what was done."""
    try:
        with open(rc, encoding="utf-8", errors="replace") as file:
            present = {line.strip() for line in file}
    except FileNotFoundError:
        present = set()
    missing = [line for line in lines if line not in present]
    if not missing:
        return [f"{rc} already loads it"]
    with open(rc, "a", encoding="utf-8") as file:
        file.write("\n# medinfo shell completion\n" + "".join(f"{line}\n" for line in missing))
    return [f"Added to {rc}: {line}" for line in missing]


def _quoted(path: str) -> str:
    """Return a path as a shell word, with ~ for the home directory where it can be."""
    import shlex

    home = os.path.expanduser("~")
    if path.startswith(home + os.sep):
        rest = path[len(home) + 1 :]
        if shlex.quote(rest) == rest:
            return "~/" + rest
    return shlex.quote(path)
