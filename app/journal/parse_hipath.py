"""The HiPath 3000 fixed-width CDR format (older systems): 112 characters plus CR LF, blank-filled.

Columns (1-based, inclusive) per the HiPath documentation. The last block (106-112) holds the
three US fields; how it is divided is not documented publicly, so we read it as PRI nodal service
(106), WATS band (107) and carrier id (108-112).
"""

from __future__ import annotations

from tandem.journal.records import (
    CdrRecord,
    FieldError,
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

LINE_WIDTH = 112
# (first column, last column, right aligned) — 1-based and inclusive, as documented
_COLUMNS: dict[str, tuple[int, int, bool]] = {
    "date": (1, 8, False), "time": (9, 16, False), "trunk": (17, 19, True),
    "extension": (20, 25, False), "ring": (26, 30, False), "duration": (31, 38, False),
    "number": (39, 63, False), "charge": (64, 74, True), "info": (75, 76, True),
    "account": (77, 87, False), "msn": (88, 98, False), "seizure": (99, 103, False),
    "lcr": (104, 105, False), "pri": (106, 106, False), "wats": (107, 107, False),
    "carrier": (108, 112, False),
}


def _cut(line: str, name: str) -> str:
    first, last, _right = _COLUMNS[name]
    return line[first - 1 : last].strip()


def parse_line(line: str) -> CdrRecord:
    """Read one fixed-width line (without its line end). Raises FieldError naming what is wrong."""
    if len(line) > LINE_WIDTH:
        raise FieldError(f"{len(line)} characters; a HiPath 3000 CDR line has {LINE_WIDTH}")
    line = line.ljust(LINE_WIDTH)  # some tools strip the blank fill at the end
    return CdrRecord(
        ended_at=read_datetime(_cut(line, "date"), _cut(line, "time")),
        trunk=_cut(line, "trunk"),
        extension=_cut(line, "extension"),
        ring_seconds=read_ring(_cut(line, "ring")),
        duration_seconds=read_duration(_cut(line, "duration")),
        number=read_number(_cut(line, "number")),
        charge=_cut(line, "charge"),
        info_code=read_info_code(_cut(line, "info")),
        account_code=_cut(line, "account"),
        msn=_cut(line, "msn"),
        seizure_code=_cut(line, "seizure"),
        lcr_route=_cut(line, "lcr"),
        pri_nodal_service=_cut(line, "pri"),
        wats_band=_cut(line, "wats"),
        carrier_id=_cut(line, "carrier"),
    )


def format_line(record: CdrRecord) -> str:
    """Write `record` in fixed width (without the line end). Raises FieldError if a value is too wide."""
    values = {
        "date": write_date(record.ended_at), "time": write_clock(record.ended_at),
        "trunk": record.trunk, "extension": record.extension,
        "ring": write_ring(record.ring_seconds), "duration": write_duration(record.duration_seconds),
        "number": record.number, "charge": record.charge, "info": str(record.info_code),
        "account": record.account_code, "msn": record.msn, "seizure": record.seizure_code,
        "lcr": record.lcr_route, "pri": record.pri_nodal_service, "wats": record.wats_band,
        "carrier": record.carrier_id,
    }
    out = []
    for name, (first, last, right) in _COLUMNS.items():
        width = last - first + 1
        value = values[name]
        if len(value) > width:
            raise FieldError(f"{name} {value!r} is wider than its {width} columns")
        out.append(value.rjust(width) if right else value.ljust(width))
    return "".join(out)
