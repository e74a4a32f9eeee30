"""Validate IIIF Presentation 3 documents with iiif-prezi3's models: ``python prezi3_check.py
FILE...``; prints one line per invalid file and exits 1 if any. Runs in iiif-prezi3's own
environment (tests/iiif/tools.py), so it imports nothing of Broadsheet."""

import sys
from pathlib import Path

import iiif_prezi3
from pydantic import ValidationError

MODELS = {"Manifest": iiif_prezi3.Manifest, "Collection": iiif_prezi3.Collection}


def problems(path: Path) -> str | None:
    text = path.read_text("utf-8")
    kind = __import__("json").loads(text).get("type")
    if kind not in MODELS:
        return f"{path.name}: type {kind!r} is neither Manifest nor Collection"
    try:
        MODELS[kind].model_validate_json(text)
    except ValidationError as exc:
        return f"{path.name}: {exc}"
    return None


if __name__ == "__main__":
    found = [p for p in (problems(Path(name)) for name in sys.argv[1:]) if p]
    print("\n".join(found) or "valid")
    sys.exit(1 if found else 0)
