"""Fill empty entries of a catalogue from other .po files (translations written apart, e.g. by
several people at once): `python scripts/i18n_fill.py bot/locale/zh_CN/LC_MESSAGES/rapport.po
more.po…`. Entries already translated stay as they are; the fuzzy mark is cleared on a fill."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def main(target_path: str, *sources: str) -> None:
    target = read(Path(target_path))
    filled = 0
    for source_path in sources:
        for message in read(Path(source_path)):
            if not message.id or not message.string:
                continue
            existing = target.get(message.id, message.context)
            if existing is None:
                continue
            if not _translated(existing.string) or existing.fuzzy:
                existing.string = message.string
                existing.flags.discard("fuzzy")
                filled += 1
    with Path(target_path).open("wb") as out:
        write_po(out, target, width=100)
    missing = sum(1 for message in target if message.id and not _translated(message.string))
    sys.stdout.write(f"filled {filled}; still untranslated: {missing}\n")


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


if __name__ == "__main__":
    main(*sys.argv[1:])
