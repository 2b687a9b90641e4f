"""What changed between two uv.lock files, one line a package: ``babel 2.18.0 -> 2.19.0``.

    python3 scripts/lock/diff.py OLD_LOCK NEW_LOCK

Prints "no change" when the pinned versions are the same; exits 0 either way."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def versions(path: str) -> dict[str, str]:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for package in data.get("package", []):
        source = package.get("source", {})
        if "editable" in source or "virtual" in source:
            continue  # the project itself
        out[package["name"]] = package.get("version", "?")
    return out


def changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None:
            lines.append(f"{name} (new) {after}")
        elif after is None:
            lines.append(f"{name} {before} (removed)")
        else:
            lines.append(f"{name} {before} -> {after}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lines = changes(versions(argv[0]), versions(argv[1]))
    print("\n".join(lines) if lines else "no change")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
