"""Matching rules on small, hand-built directories: what is offered, in which order, and why.

Each test builds its own directory and :class:`Matcher` through the public API, so the rules
hold whatever the matcher does inside (an index, a cache) to answer quickly. The bundled
gazetteer is the real one.

Mutants of ``spotter/matching.py`` that no test can kill, because they do not change what a
person sees (see docs/testing.md for the mutation run):

* An unknown area cached as ``None`` instead of an empty set: both are "no councils", and the
  area is reported as unresolved either way.
* The per-council phrase cache always missing (``phrase = None`` or looking up ``None``): the
  phrase is recomputed, identical, just more slowly.
* The text of the assertion that the bundled directory has the helpline (three mutants): the
  bundled file always has it (``tests/directory/test_directory.py``), so the assertion cannot fail.
* The helpline's own "possibly" sort flag set: the helpline sorts last on its own flag first,
  so the second one never decides anything.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from spotter.directory import (
    HELPLINE_ID,
    Directory,
    Organisation,
    Scope,
    Service,
    Status,
    load_bundled_directory,
)
from spotter.places.gazetteer import default_gazetteer
from spotter.places.matching import Certainty, Matcher
from spotter.places.postcodes import parse_postcode

ORG = Organisation(id="test-org", name="Test Organisation")
MAIDSTONE = "ME14 1XQ"  # Maidstone, Kent
MEDWAY = "ME4 4TR"  # Medway, ceremonial Kent
# TN3 straddles Tunbridge Wells (58.83% of its postcodes), Wealden in East Sussex (36.57%),
# Sevenoaks (4.06%) and Tonbridge and Malling (0.53%); all but Wealden are in Kent.
TN3_KENT_SHARE = "63%"


def service(sid: str, *areas: str, **changes: object) -> Service:
    base = Service(
        id=sid,
        organisation=ORG,
        name=f"Service {sid}",
        scope=Scope.LOCAL,
        areas=areas,
        source="tests",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def helpline() -> Service:
    found = load_bundled_directory().get(HELPLINE_ID)
    assert found is not None
    return found


def matcher(*services: Service) -> Matcher:
    return Matcher(Directory(services=services), default_gazetteer())


def ids(m: Matcher, query: str) -> list[str]:
    return [match.service.id for match in m.match(query).matches]


# --- what is offered ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.INACTIVE, Status.DEFUNCT])
def test_inactive_and_defunct_services_are_never_offered(status: Status) -> None:
    m = matcher(service("closed", "Kent", status=status), service("open", "Kent"), helpline())
    assert ids(m, MAIDSTONE) == ["open", HELPLINE_ID]
    assert ids(m, "TN3") == ["open", HELPLINE_ID]


def test_a_closed_service_does_not_hide_the_services_after_it() -> None:
    m = matcher(
        service("closed", "Kent", status=Status.DEFUNCT),
        service("later-local", "Kent"),
        replace(service("later-national", "United Kingdom"), scope=Scope.NATIONAL),
        helpline(),
    )
    assert ids(m, MAIDSTONE) == ["later-local", "later-national", HELPLINE_ID]


def test_an_unknown_area_is_reported_and_the_services_other_areas_still_match(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="spotter.places.matching"):
        m = matcher(service("odd", "Atlantis", "Kent"), service("after", "Medway"), helpline())
    assert m.unresolved == [("odd", "Atlantis")]
    assert "service odd: coverage area 'Atlantis' is not known" in caplog.messages
    assert ids(m, MEDWAY) == ["after", "odd", HELPLINE_ID]


def test_the_coverage_named_is_the_first_of_the_services_areas_containing_the_place() -> None:
    m = matcher(service("kent", "Kent", "Medway"), service("medway", "Medway", "Kent"))
    by_id = {match.service.id: match for match in m.match(MEDWAY).matches}
    assert by_id["kent"].coverage == "Kent"
    assert by_id["medway"].coverage == "Medway"
    # Medway is in the service's own areas too: certain, though "Kent" is named first.
    assert by_id["kent"].reason == "covers Kent: ME4 4TR is in Medway, Kent"
    assert by_id["kent"].certainty is Certainty.COVERS
    assert by_id["medway"].certainty is Certainty.COVERS


# --- the helpline -------------------------------------------------------------------------


def test_the_directorys_own_active_helpline_entry_is_the_one_shown() -> None:
    own = replace(helpline(), description="The practice's own wording.")
    m = matcher(service("kent", "Kent"), own)
    # Inside its areas, and where no area is known (an unknown postcode, Jersey).
    for query in (MAIDSTONE, "AB1 1AA", "JE2 4UH"):
        shown = m.match(query).matches[-1]
        assert shown.service == own
        assert shown.service.description == "The practice's own wording."


@pytest.mark.parametrize("status", [Status.INACTIVE, Status.DEFUNCT])
def test_a_helpline_switched_off_in_the_directory_is_replaced_by_the_bundled_one(
    status: Status,
) -> None:
    switched_off = replace(helpline(), status=status, description="switched off")
    result = matcher(service("kent", "Kent"), switched_off).match(MAIDSTONE)
    shown = result.matches[-1]
    assert shown.service == helpline()
    assert shown.service.is_active and shown.service.phones
    assert (shown.certainty, shown.coverage, shown.reason) == (
        Certainty.COVERS,
        "United Kingdom",
        "national helpline: shown with every result",
    )


def test_the_helpline_added_to_a_directory_without_it_says_why() -> None:
    result = matcher(service("kent", "Kent")).match("AB1 1AA")
    [shown] = result.matches
    assert shown.service == helpline()
    assert shown.certainty is Certainty.COVERS
    assert shown.coverage == "United Kingdom"
    assert shown.reason == "national helpline: shown with every result"


# --- order and certainty ------------------------------------------------------------------


def test_covers_sorts_before_possibly_covers_whatever_the_names() -> None:
    # "a-..." sorts first by name but only possibly covers TN3; "z-..." covers all of it.
    m = matcher(
        service("a-kent-only", "Kent", name="A Kent service"),
        service("z-kent-and-sussex", "Kent", "East Sussex", name="Z Kent and Sussex service"),
        helpline(),
    )
    result = m.match("TN3")
    assert [(x.service.id, x.certainty) for x in result.matches] == [
        ("z-kent-and-sussex", Certainty.COVERS),
        ("a-kent-only", Certainty.POSSIBLY_COVERS),
        (HELPLINE_ID, Certainty.COVERS),
    ]


def test_services_that_cover_sort_by_scope_then_name() -> None:
    m = matcher(
        replace(service("nation", "England"), scope=Scope.NATION, name="A nation service"),
        service("b", "Kent", name="b local"),
        service("a", "Maidstone", name="A local"),
        helpline(),
    )
    assert ids(m, MAIDSTONE) == ["a", "b", "nation", HELPLINE_ID]


def test_a_possible_match_gives_the_share_of_every_council_it_covers() -> None:
    result = matcher(service("kent", "Kent"), helpline()).match("TN3")
    [kent, _] = result.matches
    assert kent.certainty is Certainty.POSSIBLY_COVERS
    assert kent.coverage == "Kent"
    assert kent.reason == (
        f"possibly covers Kent: {TN3_KENT_SHARE} of TN3 is in Tunbridge Wells, Kent or "
        "Sevenoaks, Kent or Tonbridge and Malling, Kent; enter the full postcode to be sure"
    )
    assert result.needs_full_postcode


def test_a_service_covering_every_possible_council_is_certain_and_names_them_all() -> None:
    result = matcher(service("both", "Kent", "East Sussex"), helpline()).match("TN3")
    both = result.matches[0]
    assert both.certainty is Certainty.COVERS
    assert both.reason == (
        "covers Kent: TN3 is in Tunbridge Wells, Kent or Wealden, East Sussex or "
        "Sevenoaks, Kent or Tonbridge and Malling, Kent"
    )


def test_each_lookup_names_its_own_council() -> None:
    m = matcher(service("kent", "Kent"), helpline())
    first = m.match(MAIDSTONE).matches[0].reason
    second = m.match(MEDWAY).matches[0].reason
    assert first == "covers Kent: ME14 1XQ is in Maidstone, Kent"
    assert second.startswith("likely covers Kent — check with the service: ME4 4TR is in Medway")


def test_a_postcode_found_only_by_its_district_is_described_by_the_district() -> None:
    result = matcher(service("kent", "Kent"), helpline()).match("ME4 1AA")
    assert result.location.method == "district_fallback"
    assert result.matches[0].reason.startswith(
        "likely covers Kent — check with the service: ME4 is in Medway, Kent, which"
    )


# --- the result ---------------------------------------------------------------------------


def test_a_result_without_a_note_has_no_notes() -> None:
    result = matcher(service("kent", "Kent"), helpline()).match(MAIDSTONE)
    assert result.notes == ()
    assert result.advice is None
    assert result.postcode == parse_postcode(MAIDSTONE)


def test_a_parsed_postcode_and_its_text_match_alike() -> None:
    m = matcher(service("kent", "Kent"), helpline())
    assert m.match(parse_postcode(MAIDSTONE)) == m.match(MAIDSTONE)


def test_match_many_answers_each_query_in_order() -> None:
    m = matcher(service("kent", "Kent"), helpline())
    results = m.match_many([MAIDSTONE, "EH1 1YJ"])
    assert [str(r.postcode) for r in results] == [MAIDSTONE, "EH1 1YJ"]
    assert [ids_of for ids_of in ([x.service.id for x in r.matches] for r in results)] == [
        ["kent", HELPLINE_ID],
        [HELPLINE_ID],
    ]


def test_match_many_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    m = matcher(service("kent", "Kent"), helpline())
    assert gc.isenabled()
    m.match_many([MAIDSTONE])
    assert gc.isenabled()  # held off only while the batch runs
    gc.disable()
    try:
        m.match_many([MAIDSTONE])
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_a_service_only_likely_covering_is_never_worded_as_covering() -> None:
    """Two services named for "Kent": one also lists Medway, one does not. In Medway the first
    covers Kent for certain, the second only likely does, whatever order they are read in."""
    both = service("both", "Kent", "Medway")
    kent = service("kent", "Kent")
    for services in ((both, kent), (kent, both)):
        result = matcher(*services, helpline()).match(MEDWAY)
        said = {m.service.id: (m.certainty, m.reason) for m in result.matches}
        assert said["both"][0] is Certainty.COVERS
        assert said["both"][1].startswith("covers Kent: ")
        assert said["kent"][0] is Certainty.LIKELY_COVERS
        assert said["kent"][1].startswith("likely covers Kent — check with the service: ")


def test_a_likely_match_over_several_councils_names_each_of_them() -> None:
    # BS41 is split between North Somerset and Bath and North East Somerset: both have their
    # own councils, outside the Somerset council area.
    match = matcher(service("somerset", "Somerset"), helpline()).match("BS41").matches[0]
    assert match.certainty is Certainty.LIKELY_COVERS
    assert match.reason == (
        "likely covers Somerset — check with the service: BS41 is in North Somerset or Bath "
        "and North East Somerset, which is in ceremonial Somerset but has its own council, "
        "outside the Somerset council area"
    )
