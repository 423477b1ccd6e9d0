"""Golden tests of the OSBiz pipe format: every field-count variant, headers, line ends, bad lines."""

from datetime import datetime

import pytest

from tandem.journal import records
from tandem.journal.parse import parse_lines
from tandem.journal.parse_osbiz import parse_line
from tandem.journal.records import (
    CdrLine,
    CdrRecord,
    Direction,
    FieldError,
    HeaderLine,
    InfoCode,
    RejectedLine,
)


def parse(text: bytes, **kwargs: object) -> list[object]:
    return list(parse_lines(text.splitlines(keepends=True), "cdr.txt", **kwargs))  # type: ignore[arg-type]


def test_documented_example_incoming_answered() -> None:
    rec = parse_line("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678||1|||||")
    assert rec == CdrRecord(datetime(2025, 11, 3, 9, 14, 52), "1", "120", 7, 161, "08912345678", "", 1)
    assert rec.direction is Direction.INCOMING
    assert rec.started_at == datetime(2025, 11, 3, 9, 12, 11)  # end - duration; ring kept apart
    assert rec.ring_seconds == 7


def test_documented_example_outgoing_with_account_code() -> None:
    rec = parse_line("03.11.25|09:20:03|2|131||00:00:45|004930987654||2|4711||||")
    assert (rec.trunk, rec.extension, rec.number, rec.account_code) == ("2", "131", "004930987654", "4711")
    assert rec.direction is Direction.OUTGOING and rec.info is InfoCode.OUTGOING
    assert rec.ring_seconds is None and rec.duration_seconds == 45


def test_unanswered_incoming_starts_ring_time_before_its_end() -> None:
    rec = parse_line("03.11.25|09:31:40|1|120|00:21||08912345678||1|||||")
    assert rec.duration_seconds is None
    assert rec.started_at == datetime(2025, 11, 3, 9, 31, 19)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678|12|1", 9),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678|12|1|", 9),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678|12|1|ACC|MSN1|0|2", 13),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678|12|1|ACC|MSN1|0|2|", 13),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678|12|1|ACC|MSN1|0|2|P|", 14),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678|12|1|ACC|MSN1|0|2|P|W|C|", 16),
    ],
)
def test_every_field_count_with_and_without_trailing_pipe(line: str, fields: int) -> None:
    rec = parse_line(line)
    assert rec.charge == "12" and rec.info_code == 1
    expected = ["ACC", "MSN1", "0", "2", "P", "W", "C"][: fields - 9]
    got = [rec.account_code, rec.msn, rec.seizure_code, rec.lcr_route, rec.pri_nodal_service,
           rec.wats_band, rec.carrier_id][: fields - 9]
    assert got == expected
    assert rec.extra_number == ""


@pytest.mark.parametrize(
    ("line", "extra_flag"),
    [
        ("03.11.25|09:20:03|2|131||00:00:45|004930987654||2|0101004930987654", None),  # 9 + extra
        ("03.11.25|09:20:03|2|131||00:00:45|004930987654||2|0101004930987654|", None),
        ("03.11.25|09:20:03|2|131||00:00:45|004930987654||2|||||P|0101004930987654|", None),  # 14 + extra
        ("03.11.25|09:20:03|2|131||00:00:45|004930987654||2||||||||0101004930987654|", None),  # 16 + extra
        ("03.11.25|09:20:03|2|131||00:00:45|004930987654||2|||||0101004930987654|", True),  # 13 + extra
    ],
)
def test_extra_number_field(line: str, extra_flag: bool | None) -> None:
    assert parse_line(line, extra_flag).extra_number == "0101004930987654"


def test_fourteen_elements_are_the_us_field_unless_the_pbx_writes_the_extra_number() -> None:
    line = "03.11.25|09:20:03|2|131||00:00:45|004930987654||2|||||777|"
    assert parse_line(line).pri_nodal_service == "777"
    assert parse_line(line, extra_number=True).extra_number == "777"


def test_info_codes_including_ringing_and_disa() -> None:
    ringing = parse_line("03.11.25|09:31:19|1|120|||08912345678||0|||||")
    assert ringing.info is InfoCode.RINGING and ringing.direction is Direction.INCOMING
    disa = parse_line("03.11.25|09:31:19|1|120||00:01:00|08912345678||52|||||")
    assert disa.disa and disa.info is InfoCode.OUTGOING and disa.info_code == 52
    for code in range(10):
        assert parse_line(f"03.11.25|09:31:19|1|120||00:01:00|0891||{code}|").info_code == code


def test_privacy_digits_and_four_digit_years_are_kept() -> None:
    rec = parse_line("03.11.2025|23:59:59|1|120|00:07|00:02:41|0891234????||1|")
    assert rec.number == "0891234????"
    assert rec.ended_at == datetime(2025, 11, 3, 23, 59, 59)


@pytest.mark.parametrize(
    "header",
    [
        b"Datum|Uhrzeit|Lt|Tln|Ruf|Dauer|Rufnummer|Betrag|I|",
        b"Date|Time|Line|Station|Ring|Duration|Number|Charge|Info|Account|MSN|Seizure|LCR|",
        b"Date|Heure|Ligne|Abonn\xe9|Sonnerie|Dur\xe9e|Num\xe9ro|Montant|I",
    ],
)
def test_header_line_in_any_language_is_recognised_not_rejected(header: bytes) -> None:
    out = parse(header + b"\r\n03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678||1|\r\n")
    assert isinstance(out[0], HeaderLine) and out[0].line_no == 1
    assert isinstance(out[1], CdrLine) and out[1].line_no == 2


@pytest.mark.parametrize("newline", [b"\r\n", b"\n"])
def test_crlf_and_lf_give_the_same_records_and_raw_text(newline: bytes) -> None:
    data = newline.join([b"03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|",
                         b"03.11.25|09:20:03|2|131||00:00:45|0049||2|"]) + newline
    out = parse(data)
    assert [o.raw for o in out] == ["03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|",  # type: ignore[attr-defined]
                                    "03.11.25|09:20:03|2|131||00:00:45|0049||2|"]
    assert all(isinstance(o, CdrLine) for o in out)


def test_blank_lines_are_skipped_but_keep_line_numbers_true() -> None:
    out = parse(b"\r\n03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|\r\n\r\n"
                b"03.11.25|09:20:03|2|131||00:00:45|0049||2|\r\n")
    assert [o.line_no for o in out] == [2, 4]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("03.11.25|09:14:52|1|120|00:07", "5 fields"),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|a|b|c|d|e|f|g|h|i|", "18 fields"),
        ("32.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|", "date '32.11.25' does not exist"),
        ("03.11.25|9:14:52|1|120|00:07|00:02:41|0891||1|", "time '9:14:52' is not hh:mm:ss"),
        ("03.11.25|24:00:00|1|120|00:07|00:02:41|0891||1|", "not a time of day"),
        ("03.11.25|09:14:52|1|120|0:07|00:02:41|0891||1|", "ring time '0:07' is not mm:ss"),
        ("03.11.25|09:14:52|1|120|00:07|00:62:41|0891||1|", "call duration '00:62:41'"),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|0891-ABC||1|", "number '0891-ABC' has characters"),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|0891||23|", "information code 23 is unknown"),
        ("03.11.25|09:14:52|1|120|00:07|00:02:41|0891||x|", "information code 'x' is not a number"),
    ],
)
def test_malformed_lines_are_rejected_with_file_line_and_reason(line: str, reason: str) -> None:
    out = parse(b"03.11.25|08:00:00|1|120|00:07|00:02:41|0891||1|\r\n" + line.encode() + b"\r\n")
    rejected = out[1]
    assert isinstance(rejected, RejectedLine)
    assert rejected.raw == line and rejected.line_no == 2 and rejected.source == "cdr.txt"
    assert reason in rejected.reason
    assert str(rejected).startswith("cdr.txt, line 2: ")
    with pytest.raises(FieldError):
        parse_line(line)


@pytest.mark.parametrize(
    ("line", "reason"),
    [  # '\xb2', '\xb3' and '\xb9' decode to superscript digits: str.isdigit takes them, int() does not
        (b"0\xb3.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|", "date '0\xb3.11.25' is not DD.MM.YY"),
        (b"03.11.25|09:14:5\xb2|1|120|00:07|00:02:41|0891||1|", "time '09:14:5\xb2' is not hh:mm:ss"),
        (b"03.11.25|09:14:52|1|120|00:0\xb9|00:02:41|0891||1|", "ring time '00:0\xb9' is not mm:ss"),
        (b"03.11.25|09:14:52|1|120|00:07|00:02:4\xb2|0891||1|", "call duration '00:02:4\xb2'"),
        (b"03.11.25|09:14:52|1|120|00:07|00:02:41|089\xb2||1|", "number '089\xb2' has characters"),
        (b"03.11.25|09:14:52|1|120|00:07|00:02:41|0891||\xb9|", "information code '\xb9' is not a number"),
        (b"03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|0\xb2|", "extra number '0\xb2' has characters"),
    ],
)
def test_digits_that_are_not_ascii_digits_are_rejected_with_a_reason(line: bytes, reason: str) -> None:
    out = parse(b"03.11.25|08:00:00|1|120|00:07|00:02:41|0891||1||\r\n" + line + b"\r\n", extra_number=True)
    assert isinstance(out[0], CdrLine) and isinstance(out[1], RejectedLine) and reason in out[1].reason


def test_a_header_like_line_after_data_is_rejected_not_dropped() -> None:
    out = parse(b"03.11.25|08:00:00|1|120|00:07|00:02:41|0891||1|\nDatum|Uhrzeit|Lt|Tln|Ruf|Dauer|Nr|B|I\n")
    assert isinstance(out[1], RejectedLine) and "date 'Datum'" in out[1].reason


def test_eight_bit_bytes_never_fail_to_decode() -> None:
    out = parse(b"03.11.25|08:00:00|1|12\xe40|00:07|00:02:41|0891||1|\n")
    assert isinstance(out[0], CdrLine) and out[0].record.extension == "12\xe40"


def test_reading_a_time_of_day_teaches_the_cache_every_time_of_that_hour() -> None:
    records.KNOWN_CLOCKS.clear()
    assert records.read_clock("13:45:07") == (13, 45, 7)
    learnt = dict(records.KNOWN_CLOCKS)
    assert len(learnt) == 3600 and {text[:3] for text in learnt} == {"13:"}
    records.KNOWN_CLOCKS.clear()  # each of them is what reading it alone gives
    assert all(records.read_clock(text) == hms for text, hms in learnt.items())
    for wrong in ("24:00:00", "13:60:00", "13:5:07", "13:45:0\xb2"):
        with pytest.raises(FieldError):
            records.read_clock(wrong)
