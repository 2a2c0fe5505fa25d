"""A smaller ICU data library for the Linux bundle (the Qt wheels ship 32 MB of it).

Qt Core is linked against ``libicudata.so.<N>``, a shared library holding one symbol,
``icudt<N>_dat``: ICU's whole data package. Spotter uses none of ICU's legacy character-set
converters, break-iterator dictionaries (Thai, Khmer, Lao, Burmese, Chinese/Japanese words),
transliterators, spelled-out numbers or measurement units, and none of the translated names of
languages, regions, currencies and time zones (Qt's QLocale carries its own CLDR data); the
collation tailorings for other languages are not used either (QCollator falls back to the
root order). This keeps everything else, removes those items with ``icupkg`` and links the rest
back into a library of the same name and symbol with ``gcc``: see packaging/EXCLUDED.md.

Needs ``icupkg`` (Debian/Ubuntu: icu-devtools) and ``gcc``; without them the build keeps the
full library and says so (the size check then fails, naming the missing tool).
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from pathlib import Path

# Kept in each translated-names tree: the root, English and the tree's own index and pool.
KEEP_NAMES = ("root.res", "pool.res", "res_index.res", "en.res", "en_001.res", "en_GB.res")
# Item patterns (as ``icupkg -l`` lists them) that go.
REMOVE = (
    "*.cnv",  # legacy character sets (Windows-1252 files are read by Python, not Qt)
    "brkitr/*.dict",  # word dictionaries for Thai, Khmer, Lao, Burmese, CJK
    "translit/*",
    "rbnf/*",
)
TRIM_TREES = ("unit", "zone", "curr", "lang", "region", "coll")


def removable(item: str) -> bool:
    if any(fnmatch.fnmatch(item, pattern) for pattern in REMOVE):
        return True
    tree, _, name = item.partition("/")
    if tree in TRIM_TREES and name:
        return name not in KEEP_NAMES and name != "ucadata.icu"
    return False


def missing_tools() -> list[str]:
    return [tool for tool in ("icupkg", "gcc") if shutil.which(tool) is None]


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the library's ``icudtNN_dat`` symbol."""
    symbols = subprocess.run(
        ["readelf", "-sW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    sections = subprocess.run(
        ["readelf", "-SW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)",
        symbols,
    )
    if found is None:
        raise RuntimeError(f"{library}: no icudtNN_dat symbol")
    address, size, index, name = found.groups()
    for line in sections.splitlines():
        parts = line.replace("[ ", "[").split()
        if parts and parts[0] == f"[{index}]":
            section_address, section_offset = int(parts[3], 16), int(parts[4], 16)
            offset = int(address, 16) - section_address + section_offset
            return name, offset, int(size, 0)
    raise RuntimeError(f"{library}: section {index} of {name} not found")


def trim(library: Path, work: Path) -> Path:
    """Write a trimmed copy of ``library`` (libicudata.so.N) into ``work`` and return it."""
    work.mkdir(parents=True, exist_ok=True)
    name, offset, size = _data_symbol(library)
    package = work / f"{name[:-4]}l.dat"  # icudt73l.dat: little-endian ASCII package
    with library.open("rb") as handle:
        handle.seek(offset)
        package.write_bytes(handle.read(size))
    listing = subprocess.run(
        ["icupkg", "-l", str(package)], capture_output=True, text=True, check=True
    ).stdout.split()
    gone = work / "removed.txt"
    gone.write_text("\n".join(item for item in listing if removable(item)) + "\n")
    # --ignore-deps: only the break rules name the dictionaries; without one, ICU breaks those
    # scripts without a dictionary instead of failing.
    subprocess.run(
        ["icupkg", "--ignore-deps", "-r", str(gone), str(package)], check=True, capture_output=True
    )
    source = work / "icudata.S"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {name}\n"
        f"\t.type {name}, @object\n"
        "\t.balign 16\n"
        f"{name}:\n"
        f'\t.incbin "{package.name}"\n'
        f"\t.size {name}, . - {name}\n"
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    target = work / library.name
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-nostdlib",
            f"-Wl,-soname,{library.name}",
            "-o",
            str(target),
            source.name,
        ],
        check=True,
        cwd=work,
    )
    return target
