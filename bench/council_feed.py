"""A council's Open Referral UK 3 / HSDS 3 feed, at a whole region's size, for the import benchmark.

Shaped on the real examples in ``tests/data/openreferral/`` (HSDS 3 ``service_list.json`` and
``service_full.json``) and on what council feeds built on Placecube carry: a paged list with
``contents``, HTML descriptions (paragraphs, lists, entities), a nested ``organization``,
``service_at_locations`` with the location's phones, ``contacts`` with phones and extensions,
taxonomy terms under ``attributes``, weekly ``schedules``, and ``pc_*`` extension keys that
Spotter does not keep. Most services give no ``service_areas`` (the list endpoint leaves them
out), so the import needs ``--area``. Phone numbers are Ofcom's drama ranges (never real).

    uv run python bench/council_feed.py OUT.json [COUNT]
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from pathlib import Path
from typing import Any

#: Ofcom's numbers for drama (020 7946 0xxx and the like): valid UK numbers nobody answers.
_DRAMA = (
    "020 7946 0{:03d}",
    "0161 496 0{:03d}",
    "0113 496 0{:03d}",
    "0117 496 0{:03d}",
    "0118 496 0{:03d}",
    "0121 496 0{:03d}",
    "0131 496 0{:03d}",
    "0141 496 0{:03d}",
    "0151 496 0{:03d}",
    "0191 498 0{:03d}",
    "029 2018 0{:03d}",
)
_TOPICS = (
    ("Domestic abuse", "domestic abuse"),
    ("Stalking and harassment", "stalking"),
    ("Victim support", "victim support"),
    ("Youth clubs", "youth activities"),
    ("Libraries", "library services"),
    ("Mental health", "mental health"),
    ("Housing advice", "housing"),
    ("Debt and money", "debt advice"),
    ("Carers", "support for carers"),
    ("Sport and leisure", "leisure"),
)
_TOWNS = ("Maidstone", "Ashford", "Canterbury", "Dover", "Folkestone", "Sevenoaks", "Dartford")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _phone(rng: random.Random) -> str:
    return rng.choice(_DRAMA).format(rng.randrange(1000))


def _html_description(rng: random.Random, topic: str, town: str, i: int) -> str:
    items = "".join(
        f"<li>{w} &ndash; {rng.choice(('weekly', 'drop-in', 'by appointment'))}</li>"
        for w in ("One-to-one support", "Groups", "Advice &amp; information")
    )
    return (
        f"<p>We offer {topic} for people who live or work in {town} and nearby. Our staff "
        f"listen and help you plan what happens next.</p>"
        f"<p><strong>We offer</strong></p><ul>{items}</ul>"
        f"<p>You don’t need a referral: call, email or drop in.&nbsp;Reference {i}.</p>"
        f"<p>Not for emergencies: if you are in danger, call 999.</p>"
    )


def _schedules(rng: random.Random) -> list[dict[str, Any]]:
    days = rng.sample(_DAYS[:5], rng.randint(1, 5))
    opens = rng.choice(("08:30:00", "09:00:00", "10:00:00"))
    closes = rng.choice(("16:00:00", "17:00:00", "17:30:00"))
    return [
        {
            "id": _uuid(rng),
            "freq": "WEEKLY",
            "byday": ",".join(days),
            "opens_at": opens,
            "closes_at": closes,
            "valid_from": "2024-04-01",
            "description": "Open these hours except bank holidays.",
        }
    ]


def council_service(rng: random.Random, i: int, orgs: list[dict[str, Any]]) -> dict[str, Any]:
    """One service as a Placecube-built council feed gives it."""
    label, topic = _TOPICS[i % len(_TOPICS)]
    town = _TOWNS[i % len(_TOWNS)]
    org = orgs[i % len(orgs)]
    location_phone = {"id": _uuid(rng), "number": _phone(rng), "type": "voice"}
    contact_phone: dict[str, Any] = {
        "id": _uuid(rng),
        "number": _phone(rng),
        "type": rng.choice(("voice", "landline", "mobile", "sms")),
        "description": "Ask for the duty worker",
    }
    if rng.random() < 0.3:
        contact_phone["extension"] = str(rng.randint(100, 999))
    service: dict[str, Any] = {
        "id": _uuid(rng),
        "name": f"{town} {label} Service {i}",
        "description": _html_description(rng, topic, town, i),
        "url": rng.choice(
            (f"https://www.example.org.uk/services/{i}", f"www.example.org.uk/services/{i}")
        ),
        "email": f"team{i}@example.org.uk",
        "status": "active",
        "interpretation_services": "Interpreters can be arranged, including British Sign Language.",
        "application_process": "<p>Call or email us. We will call you back within two "
        "working days.</p>",
        "fees_description": "Free; a £5 donation towards refreshments is welcome.",
        "eligibility_description": f"Adults who live or work in {town}.",
        "minimum_age": rng.choice((16, 18, -1)),
        "maximum_age": -1,
        "assured_date": "2024-03-15",
        "last_modified": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:30:45.123Z",
        "organization": org,
        "service_at_locations": [
            {
                "id": _uuid(rng),
                "description": f"Our {town} office",
                "location": {
                    "id": _uuid(rng),
                    "location_type": "physical",
                    "name": f"{town} Community Hub",
                    "latitude": 51.27 + rng.random() / 10,
                    "longitude": 0.52 + rng.random() / 10,
                    "addresses": [
                        {
                            "id": _uuid(rng),
                            "address_1": f"{rng.randint(1, 200)} High Street",
                            "city": town,
                            "state_province": "Kent",
                            "postal_code": "ME14 1XQ",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "phones": [location_phone],
                },
            }
        ],
        "contacts": [
            {
                "id": _uuid(rng),
                "name": "Duty team",
                "email": f"referrals{i}@example.org.uk",
                "phones": [contact_phone],
            }
        ],
        "schedules": _schedules(rng),
        "attributes": [
            {
                "id": _uuid(rng),
                "taxonomy_term": {
                    "id": _uuid(rng),
                    "code": f"esd-{i % len(_TOPICS)}",
                    "name": label,
                    "vocabulary": "esdServiceTypes",
                },
            }
        ],
        "languages": [{"id": _uuid(rng), "name": "English", "code": "en"}],
        "cost_options": [],
        "funding": [{"source": "Kent County Council"}],
        "pc_service_category": label,
        "pc_hide_from_search": False,
        "pc_last_reviewed": "2025-01-10",
        "pc_referral_url": f"https://www.example.org.uk/refer/{i}",
        "pc_keywords": [topic, town.lower(), "support"],
    }
    if rng.random() < 0.25:  # most list endpoints leave the areas out
        service["service_areas"] = [
            {"id": _uuid(rng), "name": rng.choice(("Maidstone", "Kent", "Medway", "Swale"))}
        ]
    return service


def council_feed(count: int = 10_000, seed: int = 12) -> dict[str, Any]:
    """A whole feed as one page: ``count`` services from ``count // 8`` organisations."""
    rng = random.Random(seed)
    orgs = [
        {
            "id": _uuid(rng),
            "name": f"Kent Community Organisation {n}",
            "description": f"<p>A local charity (no. {1000000 + n}) working across Kent.</p>",
            "email": f"info{n}@example.org.uk",
            "website": f"https://www.example.org.uk/org/{n}",
            "logo": f"https://www.example.org.uk/org/{n}/logo.png",
            "pc_charity_number": str(1000000 + n),
        }
        for n in range(max(1, count // 8))
    ]
    contents = [council_service(rng, i, orgs) for i in range(count)]
    return {
        "total_items": count,
        "total_pages": 1,
        "page_number": 1,
        "size": count,
        "first_page": True,
        "last_page": True,
        "empty": count == 0,
        "contents": contents,
    }


def write_council_feed(path: Path, count: int = 10_000, seed: int = 12) -> Path:
    """Write the feed as a council API gives it (one line of JSON, UTF-8)."""
    path.write_text(json.dumps(council_feed(count, seed), ensure_ascii=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    out = write_council_feed(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
