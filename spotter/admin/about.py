"""The "About Spotter and its data" page: versions, data sources and required attributions.

The ONS postcode products' attribution must be shown by the app; this page carries it, with
the versions of the screening content, the directory and the gazetteer in use.
"""

from __future__ import annotations

import json

from spotter import __version__
from spotter.guidance import GuidancePage, markdown_text
from spotter.places.gazetteer import ATTRIBUTION
from spotter.system.resources import resource_path

FONTS = (
    "Letters use DejaVu Sans (Bitstream Vera licence, with public-domain changes) and Droid "
    "Sans Fallback (Apache License 2.0) for Chinese, Japanese and Korean; the licences are in "
    "resources/fonts/."
)


def gazetteer_version() -> str:
    """The bundled gazetteer's version, read from its manifest (without loading the data)."""
    try:
        manifest = json.loads(resource_path("gazetteer", "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "unknown"
    return str(manifest.get("version", "unknown"))


def about_page(
    *, content_version: str, directory_version: str, gazetteer_version: str, pack: str = ""
) -> GuidancePage:
    """The About page as a guidance page (so it is shown with its sources like the others)."""
    attribution = "\n>\n".join(f"> {line}" for line in ATTRIBUTION.strip().splitlines())
    body = "\n".join(
        [
            f"Spotter {__version__}: an offline referral assistant for UK GP practices. It "
            "never connects to the network, and no patient detail is written to disk unless "
            "you save a letter.",
            "",
            "**Data in use**",
            "",
            f"- Screening prompts: {content_version}",
            f"- Services directory: {markdown_text(directory_version) or 'not versioned'}",
            *([f"- {markdown_text(pack)}"] if pack else []),
            f"- Postcode geography: {gazetteer_version}",
            "",
            "The screening is a prompt for professional judgement, not a risk assessment.",
            "",
            "**Postcode data attribution**",
            "",
            attribution,
            "",
            FONTS,
        ]
    )
    return GuidancePage(
        id="about",
        title="About Spotter and its data",
        body=body,
        sources=(
            "Office for National Statistics postcode and lookup products (OGL v3.0), "
            "via the bundled gazetteer's SOURCES.md",
            "Suzy Lamplugh Trust (2025), 'Spotting stalking: health response'",
        ),
    )
