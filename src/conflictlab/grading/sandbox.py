"""Where a student's kernel runs: a sandbox when the machine has one, and limits everywhere.

A submitted notebook is code written by someone else, run with the
grader's permissions. On Linux with Bubblewrap (``bwrap``, Debian package
``bubblewrap``) each kernel runs in a sandbox:

* it sees a read-only copy of what it needs — the operating system's
  programs and libraries, Python and its packages, the ``conflictlab``
  package and the course data — and nothing else: not ``solutions/``, not
  the submissions, not the output folder, not the instructor's home, not the
  folder the grader was started in;
* it writes only to its own two empty temporary folders: its working
  folder, which holds only the notebook, and a short-named one for its
  ``HOME``, Jupyter's files and the sockets the grader talks to it through;
* it has no network, its own process numbers (it cannot see or signal the
  grader), and every process it starts dies with it;
* when the grader runs as root, the kernel runs as an unprivileged user of
  its own (``SANDBOX_UID`` + the worker's number).

Everywhere, sandbox or not, the kernel starts in that clean folder with
``python -I`` (nothing in a working folder is imported), with ``HOME``,
``IPYTHONDIR`` and the temporary folder inside it, without command history,
and with limits on memory, processes, file size and CPU time
(:class:`Limits`); after the notebook, every process it started is killed.

The Bubblewrap options follow its manual, bwrap(1): ``--unshare-pid``,
``--unshare-net``, ``--unshare-ipc``, ``--unshare-uts``, ``--die-with-parent``,
``--new-session``, ``--ro-bind``, ``--bind``, ``--proc``, ``--dev``,
``--tmpfs``, ``--chmod``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import psutil

from ..data import data_dir

__all__ = ["GiB", "MiB", "Limits", "Sandbox", "find_sandbox", "isolated_python"]

MiB = 1024**2
GiB = 1024**3

#: When the grader runs as root, kernels run as this user id plus the worker's number.
SANDBOX_UID = 61000

#: How to get the sandbox, for the messages that say it is missing.
HOW_TO_GET = (
    "install Bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; Fedora: `sudo dnf install "
    "bubblewrap`), or grade inside a container"
)

# Folders of the operating system a kernel may read (those that exist; /usr is the main one).
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc/alternatives", "/etc/ssl", "/etc/fonts")
_SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group")


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one student's kernel may use.

    Parameters
    ----------
    memory : int
        Bytes of memory (its data: heap and private writable mappings, ``RLIMIT_DATA``) each
        process may take. Not the address space (``RLIMIT_AS``): the chart renderer's JavaScript
        engine reserves far more address space than it uses, and could not start under it.
    processes : int
        Processes and threads the kernel may run at once.
    file_size : int
        The largest file, in bytes, it may write.
    cpu_seconds : int
        Seconds of processor time each process may use (the notebook's
        time limit stops a slow notebook first; this stops a process that
        outlives it).
    """

    memory: int = 2 * GiB
    processes: int = 128
    file_size: int = 256 * MiB
    cpu_seconds: int = 900

    def explain(self, ename: str, evalue: str) -> str | None:
        """What limit an error in a cell shows was reached, in the words of a gradebook note."""
        text = f"{ename}: {evalue}"
        if "MemoryError" in ename or "Cannot allocate memory" in text:
            return f"used more than {_size(self.memory)} of memory"
        if "File too large" in text:
            return f"wrote a file larger than {_size(self.file_size)}"
        if "Resource temporarily unavailable" in text or "can't start new thread" in text:
            return f"started more than {self.processes} processes or threads"
        return None

    def explain_exit(self, returncode: int | None) -> str | None:
        """What limit a kernel's exit status shows was reached (a signal from the operating system)."""
        if returncode is None:
            return None
        signal_number = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
        if signal_number == 24:  # SIGXCPU
            return f"used more than {self.cpu_seconds} seconds of processor time"
        if signal_number == 25:  # SIGXFSZ
            return f"wrote a file larger than {_size(self.file_size)}"
        return None

    def rlimits(self, processes_in_use: int = 0) -> dict[str, int]:
        """The limits as ``resource`` names and values (processes counted above ``processes_in_use``)."""
        return {
            "RLIMIT_DATA": self.memory,
            "RLIMIT_NPROC": processes_in_use + self.processes,
            "RLIMIT_FSIZE": self.file_size,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_CORE": 0,
        }


def _size(n: int) -> str:
    return f"{n / GiB:g} GiB" if n >= GiB else f"{n / MiB:g} MiB"


def isolated_python(code: str, *args: str) -> list[str]:
    """A command running ``code`` with ``python -I`` (no working folder, no ``PYTHON*`` variables on its path).

    The folder that holds this ``conflictlab`` is put first on the path, so
    the command runs the grader's own package even from a source checkout.
    """
    return [sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {[_package_root()]!r}; {code}", *args]


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


# The first program in a kernel's command: it sets the limits, hands the kernel's folder to the
# kernel's own user when there is one, and becomes the kernel (or the sandbox around it).
_LAUNCH = """
import json, os, resource, sys
spec = json.loads(sys.argv[1])
command = sys.argv[2:]
for folder in spec["writable"] if spec["uid"] is not None else []:
    for top, dirs, files in os.walk(folder):
        for name in [top] + [os.path.join(top, n) for n in dirs + files]:
            os.chown(name, spec["uid"], spec["uid"], follow_symlinks=False)
for name, value in spec["limits"].items():
    try:
        resource.setrlimit(getattr(resource, name), (value, value))
    except (ValueError, OSError):
        pass
os.execvp(command[0], command)
"""

_KERNEL = "from ipykernel.kernelapp import launch_new_instance; launch_new_instance()"


@dataclasses.dataclass(frozen=True)
class Sandbox:
    """How kernels are started: ``kind`` is ``"bwrap"`` or ``"none"``."""

    kind: str
    bwrap: str | None = None
    limits: Limits = Limits()

    @property
    def isolated(self) -> bool:
        return self.kind == "bwrap"

    def describe(self) -> str:
        """One sentence for the start of ``conflictlab grade`` and for ``conflictlab doctor``."""
        if self.isolated:
            return (
                f"each notebook runs in a Bubblewrap sandbox ({self.bwrap}): it reads only the course "
                "package and data, writes only to its own empty folder, has no network, and its "
                "processes end with it"
            )
        return (
            "NO SANDBOX: each notebook runs with your permissions and could read or change your files "
            f"(only time, memory and process limits apply); to grade safely, {HOW_TO_GET}"
        )

    def kernel_argv(self, home: Path, runtime: Path, *, uid: int | None = None) -> list[str]:
        """The kernel's command (for a kernel spec: ``{connection_file}`` is filled in by Jupyter).

        ``home`` is the kernel's working folder, which holds only the
        notebook; ``runtime`` a second folder of its own, with a short name,
        for its ``HOME``, its connection file and, in a sandbox, the sockets
        through which the grader talks to it (it has no network, and a
        socket's name may be at most 107 bytes long).
        """
        kernel = [sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {[_package_root()]!r}; {_KERNEL}"]
        kernel += ["-f", "{connection_file}", "--HistoryManager.enabled=False"]
        writable = [home, runtime]
        inner = self._bwrap_argv(writable, uid) + kernel if self.isolated else kernel
        in_use = 0 if uid is not None else _processes_of(os.getuid())
        spec = {"writable": [str(w) for w in writable], "uid": uid, "limits": self.limits.rlimits(in_use)}
        return [sys.executable, "-I", "-c", _LAUNCH, json.dumps(spec), *inner]

    def kernel_env(self, runtime: Path) -> dict[str, str]:
        """The kernel's environment: nothing of the grader's but what Python and the course need."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "HOME": str(runtime),
            "TMPDIR": str(runtime),
            "IPYTHONDIR": str(runtime / ".ipython"),
            "MPLCONFIGDIR": str(runtime / ".matplotlib"),
            "JUPYTER_RUNTIME_DIR": str(runtime / ".jupyter"),
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "CONFLICTLAB_GRADING": "1",
            "CONFLICTLAB_DATA": str(data_dir()),
        }
        checks_path = os.environ.get("CONFLICTLAB_CHECKS_PATH")
        if checks_path:
            env["CONFLICTLAB_CHECKS_PATH"] = checks_path
        return env

    def readable(self) -> list[Path]:
        """The folders a sandboxed kernel may read: Python, its packages, conflictlab, the data."""
        folders = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix)}
        folders |= {Path(p) for p in site.getsitepackages()}
        folders |= {Path(_package_root()), data_dir()}
        checks_path = os.environ.get("CONFLICTLAB_CHECKS_PATH")
        folders |= {Path(p) for p in (checks_path or "").split(os.pathsep) if p}
        # the Python program itself, wherever its symbolic links lead
        folders.add(Path(os.path.realpath(sys.executable)).parent.parent)
        resolved = sorted({f.resolve() for f in folders if f.exists()})
        # a folder inside another is already there
        return [f for f in resolved if not any(f != g and f.is_relative_to(g) for g in resolved)]

    def _bwrap_argv(self, writable: list[Path], uid: int | None) -> list[str]:
        assert self.bwrap is not None
        argv = [self.bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
        argv += ["--unshare-cgroup-try", "--die-with-parent", "--new-session"]
        if uid is None:  # an ordinary user: a user namespace, in which it has no privileges
            argv += ["--unshare-user", "--disable-userns"]
        argv += ["--proc", "/proc", "--dev", "/dev"]
        mounted: list[Path] = []
        for name in _SYSTEM:
            path = Path(name)
            if path.is_symlink():
                argv += ["--symlink", os.readlink(path), name]
            elif path.is_dir():
                argv += ["--ro-bind", name, name]
                mounted.append(path)
        for name in _SYSTEM_FILES:
            argv += ["--ro-bind-try", name, name]
        for folder in self.readable():
            if not any(folder.is_relative_to(m) for m in mounted):
                argv += ["--ro-bind", str(folder), str(folder)]
                mounted.append(folder)
        for folder in writable:
            argv += ["--bind", str(folder), str(folder)]
            mounted.append(folder)
        # bwrap makes the folders above a mount private (0700): let the kernel's own user through
        parents = sorted({p for m in mounted for p in m.parents if p != Path("/")} - set(mounted))
        for parent in parents:
            if not any(parent.is_relative_to(m) for m in mounted):
                argv += ["--chmod", "0755", str(parent)]
        # the grader's process number means nothing in the sandbox's own numbering (where the
        # kernel's parent is number 1): the kernel must not watch it; --die-with-parent does
        argv += ["--chdir", str(writable[0]), "--unsetenv", "JPY_PARENT_PID"]
        if uid is not None:  # root outside: run the kernel as a user of its own, without privileges
            setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
            argv += ["--", setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs"]
        argv += ["--"]
        return argv

    def kernel_uid(self, slot: int) -> int | None:
        """The user a kernel runs as (None: the grader's own)."""
        return SANDBOX_UID + slot if self.isolated and os.geteuid() == 0 else None


def _processes_of(uid: int) -> int:
    """Processes and threads the user ``uid`` runs now (what ``RLIMIT_NPROC`` counts)."""
    total = 0
    for process in psutil.process_iter(["uids", "num_threads"]):
        try:
            if process.info["uids"] and process.info["uids"].real == uid:
                total += process.info["num_threads"] or 1
        except (psutil.Error, AttributeError):
            continue
    return total


def find_sandbox(requested: str = "auto", limits: Limits | None = None) -> Sandbox:
    """The sandbox grading will use: ``"auto"`` (Bubblewrap when it works here), ``"bwrap"`` or ``"none"``.

    Raises
    ------
    RuntimeError
        When ``"bwrap"`` is requested but cannot run here, saying why.
    """
    limits = limits or Limits()
    if requested == "none":
        return Sandbox("none", limits=limits)
    problem = _bwrap_problem()
    if problem is None:
        return Sandbox("bwrap", bwrap=shutil.which("bwrap"), limits=limits)
    if requested == "bwrap":
        raise RuntimeError(f"the Bubblewrap sandbox cannot run here: {problem}")
    return Sandbox("none", limits=limits)


def _bwrap_problem() -> str | None:
    """Why Bubblewrap cannot sandbox a kernel on this machine, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "Bubblewrap runs only on Linux"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bwrap is not installed"
    probe = [bwrap, "--unshare-pid", "--unshare-net", "--die-with-parent", "--ro-bind", "/", "/"]
    if os.geteuid() != 0:
        probe.insert(1, "--unshare-user")
    try:
        done = subprocess.run([*probe, "true"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap could not be started ({exc})"
    if done.returncode != 0:
        return f"bwrap refused to start ({done.stderr.strip() or done.returncode}); user namespaces may be disabled"
    return None
