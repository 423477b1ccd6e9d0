"""The OSBiz (and OpenScape Office) pipe-separated CDR format: read one line, write one line.

The record has 16 fields (1-13, then the three US-only fields 14-16) and the optional "LCR number
/ dialled number" extra field after them. Lines carry the first 9, 13, 14 or all 16 fields, each
optionally followed by the extra number (so "17 fields" is 16 plus the extra number), usually with
a trailing `|`. Whether a 14-element line is 13 fields plus the extra number or the 14th (US)
field cannot be told from the line: `extra_number` (the PBX flag) decides, and without it the
14th field is assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.journal.records import (
    CdrRecord,
    FieldError,
    read_date,
    read_datetime,
    read_duration,
    read_info_code,
    read_number,
    read_ring,
    write_clock,
    write_date,
    write_duration,
    write_ring,
)

FIELD_COUNTS = (9, 13, 14, 16)
# element count (after the trailing `|` is removed) → (field count, has extra number)
_LAYOUTS: dict[int, tuple[int, bool]] = {
    9: (9, False), 10: (9, True), 13: (13, False), 14: (14, False), 15: (14, True),
    16: (16, False), 17: (16, True),
}
_PADDING = {count: [""] * (16 - count) for count in FIELD_COUNTS}


@dataclass(frozen=True)
class OsbizLayout:
    """How a PBX writes its lines: field count, extra number field, trailing `|`, year digits."""

    fields: int = 13
    extra_number: bool = False
    trailing_pipe: bool = True
    four_digit_year: bool = False


def looks_like_osbiz(line: str) -> bool:
    return "|" in line


def is_header(line: str) -> bool:
    """A header line names the fields in the PBX's language: its first field is not a date."""
    first = line.split("|", 1)[0].strip()
    try:
        read_date(first)
    except FieldError:
        return True
    return False


def _layout(count: int, extra_number: bool | None) -> tuple[int, bool] | None:
    """(fields, has extra number) for a line of `count` elements; None if no shape fits."""
    if count == 14 and extra_number:
        return (13, True)
    layout = _LAYOUTS.get(count)
    if layout is None or extra_number is None or layout[1] == extra_number:
        return layout
    return None


_shapes: dict[tuple[int, bool, bool | None], tuple[int, bool] | None] = {}


def line_shape(count: int, last_empty: bool, extra_number: bool | None) -> tuple[int, bool] | None:
    """(fields, has extra number) of a line split into `count` elements at its `|`s, the last one
    empty or not; None if no shape fits. The extra number, if any, is element `fields`."""
    key = (count, last_empty, extra_number)
    if key not in _shapes:
        # A final empty element is the trailing `|` — or an empty last field of a line without
        # one; both readings give the same record whenever both are valid shapes.
        trailing = _layout(count - 1, extra_number) if last_empty else None
        _shapes[key] = trailing if trailing is not None else _layout(count, extra_number)
    return _shapes[key]


def parse_line(line: str, extra_number: bool | None = None) -> CdrRecord:
    """Read one line (without its line end). Raises FieldError naming what is wrong."""
    parts = line.split("|")
    shape = line_shape(len(parts), parts[-1] == "", extra_number)
    if shape is None:
        raise FieldError(
            f"{len(parts) - (parts[-1] == '')} fields; an OSBiz CDR line has 9, 13, 14 or 16, each "
            "optionally followed by the extra number"
        )
    fields, has_extra = shape
    extra = parts[fields] if has_extra else ""
    if fields < 16:
        parts = parts[:fields] + _PADDING[fields]
    return CdrRecord(
        read_datetime(parts[0], parts[1]), parts[2], parts[3], read_ring(parts[4]),
        read_duration(parts[5]), read_number(parts[6]), parts[7], read_info_code(parts[8]),
        parts[9], parts[10], parts[11], parts[12], parts[13], parts[14], parts[15],
        read_number(extra, "extra number"),
    )


def format_line(record: CdrRecord, layout: OsbizLayout = OsbizLayout()) -> str:
    """Write `record` as the PBX would (without the line end). Fields past `layout.fields` are dropped."""
    values = [
        write_date(record.ended_at, layout.four_digit_year), write_clock(record.ended_at),
        record.trunk, record.extension, write_ring(record.ring_seconds),
        write_duration(record.duration_seconds), record.number, record.charge, str(record.info_code),
        record.account_code, record.msn, record.seizure_code, record.lcr_route,
        record.pri_nodal_service, record.wats_band, record.carrier_id,
    ][: layout.fields]
    if layout.extra_number:
        values.append(record.extra_number)
    return "|".join(values) + ("|" if layout.trailing_pipe else "")
