"""A chunk's plan: the quick path for calls of two lines (grouping.pair_calls) against the general
grouping (cluster_line + summarise) it stands in for, and a whole chunk's plan against the
store's own grouping of the same lines."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.journal.grouping import cluster, facts_segment, pair_calls, summarise
from tandem.journal.plan import _group_calls, plan_chunk
from tandem.journal.records import CdrFacts, FactColumns

BASE = 1_750_000_000
EXTENSIONS = ["120", "131", "140", ""]
CODES = [*range(10), 50, 51, 55, 59]


@st.composite
def facts(draw: st.DrawFn, line_no: int, trunk: str = "3", number: str = "0301111") -> CdrFacts:
    # Small ranges: the spans touch, overlap, meet exactly at the tolerance, or are apart.
    ring = draw(st.none() | st.integers(0, 20))
    duration = draw(st.none() | st.integers(0, 30))
    ended = BASE + draw(st.integers(0, 60))
    # The text stands for the line: equal texts only for equal lines (a repeat).
    raw = draw(st.sampled_from([f"line {line_no}", "the same line", "the same line  "]))
    return CdrFacts(line_no, raw, trunk, draw(st.sampled_from(EXTENSIONS)), ring, duration, number,
                    draw(st.sampled_from(CODES)), ended)


@settings(max_examples=2000, deadline=None)
@given(a=facts(1), b=facts(2))
def test_two_lines_are_grouped_as_the_general_path_groups_them(a: CdrFacts, b: CdrFacts) -> None:
    general: list[tuple[object, ...]] = []
    repeats = _group_calls([a, b], general)
    quick = pair_calls(a, b)
    if repeats:  # the same line twice: left to the general path, which counts the repeat
        assert quick is None
    else:
        assert quick == general


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.tuples(st.sampled_from(["1", "2"]), st.sampled_from(["0301", "0302", "0303"]),
                                st.integers(0, 3000), st.none() | st.integers(0, 40),
                                st.none() | st.integers(0, 300), st.sampled_from(CODES),
                                st.sampled_from(EXTENSIONS)), max_size=40))
def test_a_chunk_is_planned_into_the_calls_the_general_grouping_finds(
        lines: list[tuple[str, str, int, int | None, int | None, int, str]]) -> None:
    chunk = [CdrFacts(n, f"{trunk}|{number}|{end}|{ring}|{duration}|{code}|{ext}", trunk, ext, ring, duration,
                      number, code, BASE + end)
             for n, (trunk, number, end, ring, duration, code, ext) in enumerate(lines, 1)]
    plan = plan_chunk(FactColumns.of(chunk))
    planned = {}
    for call_id, raw in zip(plan.call, plan.raw, strict=True):
        planned.setdefault(call_id, []).append(raw)
    # The same calls as the grouping of the store's own path (lines repeated within the chunk once).
    unique = {f.raw.rstrip(): f for f in reversed(chunk)}
    segments = [facts_segment(f, key) for key, f in unique.items()]
    want = sorted(sorted(seg.key for seg in members) for members in cluster(segments))
    assert sorted(sorted(raws) for raws in planned.values()) == want
    assert plan.duplicates == len(chunk) - len(unique)
    # Each call's row is the summary of its lines.
    by_key = {seg.key: seg for seg in segments}
    for call_id, raws in planned.items():
        stored = summarise([by_key[raw] for raw in raws]).stored()
        row = (plan.call_started_at[call_id], plan.call_ended_at[call_id], plan.direction[call_id],
               plan.number[call_id], plan.trunk[call_id], plan.extension[call_id], plan.extensions[call_id],
               plan.answered[call_id], plan.ring_seconds[call_id], plan.duration_seconds[call_id])
        assert row == tuple(-1 if value is None else value for value in stored)
