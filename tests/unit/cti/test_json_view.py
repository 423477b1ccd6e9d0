"""The JSON view of decoded PDUs (the library side of `tandem csta decode`)."""

from __future__ import annotations

import json

from tandem.cti.acse import AARQ
from tandem.cti.ber import Tlv
from tandem.cti.json_view import pdu_to_json, to_json
from tandem.cti.pdu import decode_pdu, encode_pdu
from tandem.cti.types import ConnectionId, DeviceAbsence, DeviceId, DynamicDeviceId, NumberingPlan


def test_the_password_never_appears() -> None:
    view = pdu_to_json(decode_pdu(encode_pdu(AARQ(auth_name=b"AMHOST", password=b"s3cret"))))
    assert view["auth_name"] == "AMHOST"
    assert view["csta_version"] == ["versionFour"]
    assert "s3cret" not in json.dumps(view) and "733363726574" not in json.dumps(view)


def test_identifiers() -> None:
    assert to_json(DeviceId(number="0176")) == "0176"
    assert to_json(DeviceAbsence.notKnown) == {"not_known": True}
    assert to_json(DeviceAbsence.restricted) == {"restricted": True}
    assert to_json(DeviceId(number="+49", plan=NumberingPlan.explicitPublic, type_of_number=1)) == {
        "number": "+49",
        "plan": "explicitPublic",
        "type_of_number": 1,
    }
    assert to_json(ConnectionId(call_id=b"\x00\x00", device_id=DynamicDeviceId(value=b"\xab"))) == {
        "call_id": "0000",
        "device_id": {"dynamic": "ab"},
    }


def test_raw_tlvs_show_their_elements_within_the_depth_limit() -> None:
    shallow = Tlv(0xE1, bytes.fromhex("a003020105"))
    assert to_json(shallow) == {
        "tag": "[PRIVATE 1]c",
        "hex": "a003020105",
        "elements": [{"tag": "[0]c", "elements": [{"tag": "[UNIVERSAL 2]p", "hex": "05"}]}],
    }
    deep = b"\x05\x00"
    for _ in range(40):
        deep = b"\x30" + bytes((len(deep),)) + deep if len(deep) < 128 else deep
    view = to_json(Tlv(0xE1, deep))
    assert "elements" not in view and view["hex"] == deep.hex()  # too deep to walk: hex only
    assert to_json(Tlv(0xE1, b"\x30\x05\x00")) == {"tag": "[PRIVATE 1]c", "hex": "300500"}  # not BER
