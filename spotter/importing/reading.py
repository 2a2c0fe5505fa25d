"""Reading a services file from disk: size limit, text encoding and format.

Encodings (decided for practice PCs, where files come out of Excel):

* UTF-8, with or without the byte-order mark Excel writes for "CSV UTF-8".
* UTF-16 with a byte-order mark (Excel's "Unicode Text").
* Windows-1252 (Excel's plain "CSV (Comma delimited)" on a UK PC): a file that is not valid
  UTF-8 but is valid Windows-1252 is decoded as Windows-1252 **and the report carries a
  warning naming the first line affected**, so a person sees "Women’s Aid" in the preview and
  can check it before confirming. Nothing is ever decoded with replacement characters: bytes
  that are neither are refused with the line they are on.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from spotter.importing.report import ValidationReport

#: Larger files are refused before they are read (a whole region's council feeds fit).
MAX_FILE_BYTES = 100 * 1024 * 1024

#: ``tabular``: an HSDS tabular package (a folder or .zip of CSV files, see ``tabular``).
FileFormat = Literal["csv", "json", "tabular"]

_NOT_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class RawFile:
    name: str
    text: str
    sha256: str
    format: FileFormat
    encoding: str


def read_file(path: Path, report: ValidationReport) -> RawFile | None:
    """The file's text and format, or None with the reasons added to ``report``."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(
                "file",
                f"the file is {size / 1024 / 1024:.1f} MB; the largest Spotter accepts is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB",
            )
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        report.error("file", f"there is no file at {path}")
        return None
    except IsADirectoryError:
        report.error("file", f"{path} is a folder, not a file")
        return None
    except OSError as exc:
        report.error("file", f"the file cannot be read ({exc.strerror or exc})")
        return None
    return decode(path.name, data, report)


def decode(name: str, data: bytes, report: ValidationReport) -> RawFile | None:
    """Decode ``data`` (see the module docstring for the rules) and guess its format."""
    if len(data) > MAX_FILE_BYTES:
        report.error("file", f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        return None
    sha = hashlib.sha256(data).hexdigest()
    text: str | None = None
    encoding = "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            report.error("file", "the file starts like UTF-16 text but is not valid UTF-16")
            return None
    else:
        body = data.removeprefix(b"\xef\xbb\xbf")
        encoding = "utf-8-sig" if body is not data else "utf-8"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            try:
                text = body.decode("cp1252")
            except UnicodeDecodeError:
                report.error(
                    "file",
                    f"line {line} has bytes that are neither UTF-8 nor Windows-1252 text; "
                    'save the file as "CSV UTF-8" and import it again',
                )
                return None
            encoding = "cp1252"
            report.warning(
                "file",
                f'the file is not UTF-8; it was read as Windows-1252 (Excel\'s "CSV"), first '
                f"on line {line}. Check names with accents or curly quotes in the preview, or "
                'save it as "CSV UTF-8"',
            )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        report.error("file", "the file contains NUL characters: it is not a text file", line=line)
        return None
    first = _NOT_SPACE.search(text)  # not text.strip(): a copy of a 100 MB file
    if first is None:
        report.error("file", "the file is empty")
        return None
    fmt: FileFormat = "json" if name.lower().endswith(".json") or first.group() in "[{" else "csv"
    return RawFile(name=name, text=text, sha256=sha, format=fmt, encoding=encoding)
