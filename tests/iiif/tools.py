"""The IIIF tests' outside tools, installed from their registries at test set-up.

- Mirador, the library viewer, from the npm registry (``npm pack``: the package's
  tarball only, checked against its pinned sha512). Its ``dist/mirador.min.js``
  carries React and everything else it needs, so the browser test serves that one
  file from a local server and nothing is downloaded at run time.
- iiif-prezi3, the IIIF community's Presentation 3 models, from PyPI, in a virtual
  environment of its own: every release caps Pillow below the version Broadsheet
  pins, so it cannot join the project's environment (docs/decisions.md).

Both go under ``build/test-tools/`` (ignored by git) and are installed once: an
install is finished by a marker file, so an interrupted one is redone, never
used half-made. ``scripts/install --test`` runs this module; the fixtures call
the same functions and find the tools there.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "build" / "test-tools"
MIRADOR_VERSION = "4.0.0"
MIRADOR_SHA512 = (
    "uWsE9e2oqSc/lUu+vVwDGhTsycuhGsfZ2KfX6CLfXiT3wgGy6qT9+q5M3V9Zz72hkdIgsJugKesaowmRtYmvrA=="
)
PREZI3_VERSION = "3.1.1"
DONE = ".installed"


class ToolMissing(RuntimeError):
    """A tool could not be installed (npm missing, no registry): the message says what to do."""


def mirador() -> Path:
    """The folder holding ``mirador.min.js``, installed from the npm registry if need be."""
    folder = TOOLS / f"mirador-{MIRADOR_VERSION}"
    if not (folder / DONE).exists():
        _install_mirador(folder)
    return folder


def _install_mirador(folder: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing("npm is missing: install Debian's npm (scripts/install --test)")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        _run([npm, "pack", f"mirador@{MIRADOR_VERSION}", "--pack-destination", work], cwd=work)
        tarball = Path(work) / f"mirador-{MIRADOR_VERSION}.tgz"
        _check_sha512(tarball)
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/dist/mirador.min.js")
            if member is None:
                raise ToolMissing(f"mirador@{MIRADOR_VERSION} has no dist/mirador.min.js")
            (folder / "mirador.min.js").write_bytes(member.read())
    (folder / DONE).touch()


def _check_sha512(tarball: Path) -> None:
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != MIRADOR_SHA512:
        raise ToolMissing(f"{tarball.name} is not the pinned mirador@{MIRADOR_VERSION} (sha512)")


def prezi3_python() -> Path:
    """The Python of a virtual environment with iiif-prezi3, made if need be."""
    folder = TOOLS / f"iiif-prezi3-{PREZI3_VERSION}"
    python = folder / "bin" / "python"
    if not (folder / DONE).exists():
        shutil.rmtree(folder, ignore_errors=True)
        venv.create(folder, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        _run([*pip, f"iiif-prezi3=={PREZI3_VERSION}"], cwd=folder)
        (folder / DONE).touch()
    return python


def _run(command: list[str], cwd) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise ToolMissing(f"{' '.join(command[:4])} failed:\n{done.stderr[-2000:]}")


if __name__ == "__main__":
    print(f"Mirador: {mirador()}")
    print(f"iiif-prezi3: {prezi3_python()}")
    sys.exit(0)
