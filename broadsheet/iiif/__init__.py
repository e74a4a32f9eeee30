"""IIIF for library viewers: Presentation 3.0 manifests and collections, and the
Image API 3.0 for page images (docs/iiif.md)."""
