"""Every IIIF Presentation document Broadsheet answers is valid for iiif-prezi3, the IIIF
community's models of the specification; a broken one is refused (the check can fail).

iiif-prezi3 is lenient where the specification is not (a string label, a canvas without a
width pass), so ``test_what_iiif_prezi3_lets_pass`` checks those rules itself."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.iiif import tools

pytestmark = pytest.mark.django_db

CHECK = Path(__file__).with_name("prezi3_check.py")
DOCUMENTS = [
    "/iiif/collection.json",
    "/iiif/chenbao/collection.json",
    "/iiif/wanbao/collection.json",
    "/iiif/chenbao/2024-03-01/manifest.json",
    "/iiif/chenbao/2024-03-02/manifest.json",
]


@pytest.fixture(scope="session")
def prezi3() -> Path:
    try:
        return tools.prezi3_python()
    except tools.ToolMissing as exc:
        pytest.fail(str(exc))


def check(prezi3: Path, documents: dict[str, dict], folder: Path):
    paths = []
    for name, document in documents.items():
        path = folder / name.strip("/").replace("/", "_")
        path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
        paths.append(str(path))
    return subprocess.run([prezi3, CHECK, *paths], capture_output=True, text=True, timeout=120)


def test_manifests_and_collections_are_valid(client, papers, prezi3, tmp_path):
    documents = {url: json.loads(client.get(url).content) for url in DOCUMENTS}
    done = check(prezi3, documents, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_refuses_a_broken_manifest(client, edition, prezi3, tmp_path):
    manifest = json.loads(client.get(DOCUMENTS[3]).content)
    manifest["items"][0]["type"] = "Page"  # not a Canvas
    manifest["items"][1]["id"] = "第02版"  # an id that is no URL
    done = check(prezi3, {"broken": manifest}, tmp_path)
    assert done.returncode == 1
    assert "broken" in done.stdout


def language_maps(node):
    """Every ``label``, ``summary`` and metadata ``value`` in a document."""
    if isinstance(node, list):
        for item in node:
            yield from language_maps(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("label", "summary", "value") and not isinstance(value, str):
                yield value
            elif key == "label":
                yield value
            yield from language_maps(value)


def test_what_iiif_prezi3_lets_pass(client, papers):
    """Labels are language maps; canvases have a positive width and height and items."""
    for url in DOCUMENTS:
        document = json.loads(client.get(url).content)
        assert document["items"], url
        for value in language_maps(document):
            assert isinstance(value, dict) and value, (url, value)
            assert all(
                isinstance(v, list) and all(isinstance(s, str) for s in v) for v in value.values()
            )
        for canvas in document["items"] if document["type"] == "Manifest" else []:
            assert canvas["width"] > 0 and canvas["height"] > 0
            assert canvas["items"][0]["items"][0]["motivation"] == "painting"
