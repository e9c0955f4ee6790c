"""The index.json listing of an EDGAR filing folder (/Archives/edgar/data/<CIK>/<ACCESSION-NO-DASHES>/index.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass


class FolderIndexParseError(ValueError):
    """Not a folder listing (e.g. an HTML error page). Permanent for these bytes."""


@dataclass
class FolderItem:
    name: str
    size: int | None  # EDGAR leaves size "" for generated pages such as the -index.html
    last_modified: str


def parse_folder_index(data: bytes) -> list[FolderItem]:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FolderIndexParseError(f"folder index is not JSON: {exc}") from None
    items = doc.get("directory", {}).get("item") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise FolderIndexParseError("folder index has no directory.item list")
    result: list[FolderItem] = []
    for item in items:
        if not isinstance(item, dict) or not item.get("name"):
            raise FolderIndexParseError(f"folder index item without a name: {item!r}")
        size = str(item.get("size", "")).strip()
        result.append(
            FolderItem(
                name=str(item["name"]),
                size=int(size) if size.isdigit() else None,
                last_modified=str(item.get("last-modified", "")),
            )
        )
    return result
