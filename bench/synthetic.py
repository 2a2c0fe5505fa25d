"""Synthetic but realistic directories for benchmarks and load tests."""

from __future__ import annotations

import random

from spotter.directory import Directory, Organisation, Phone, Scope, Service, load_bundled_directory
from spotter.places.gazetteer import Gazetteer


def big_directory(gazetteer: Gazetteer, count: int = 10_000, seed: int = 7) -> Directory:
    """The bundled services plus ``count`` local services over random councils and counties."""
    rng = random.Random(seed)
    areas = gazetteer.areas()
    counties = sorted({a.ceremonial_county for a in areas if a.ceremonial_county})
    services = list(load_bundled_directory().services)
    for i in range(count):
        org = Organisation(id=f"org-{i // 3}", name=f"Support Org {i // 3}")
        if rng.random() < 0.3:
            cover = (rng.choice(counties),)
        else:
            cover = tuple(rng.choice(areas).lad_name for _ in range(rng.randint(1, 4)))
        services.append(
            Service(
                id=f"svc-{i}",
                organisation=org,
                name=f"Local Stalking Support {i}",
                scope=Scope.LOCAL,
                areas=tuple(dict.fromkeys(cover)),
                source="synthetic benchmark data",
                phones=(Phone(f"01632 {rng.randint(100000, 999999)}"),),
            )
        )
    return Directory(services=tuple(services), version="bench")


def sample_postcodes(gazetteer: Gazetteer, count: int, seed: int = 11) -> list[str]:
    """Well-formed postcodes over every district the gazetteer knows."""
    rng = random.Random(seed)
    districts = gazetteer.districts()
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return [
        f"{rng.choice(districts)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        for _ in range(count)
    ]
