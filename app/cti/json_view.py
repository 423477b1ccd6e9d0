"""The JSON view of decoded PDUs (what `tandem csta decode` prints): snake_case ECMA-285 field names,
device ids as their number strings, call ids and cross-refs as lowercase hex, enumerations by their
ASN.1 names, times in ISO 8601, raw TLVs as tag and hex.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
from typing import Any

from tandem.cti.acse import AARQ, CstaVersion
from tandem.cti.ber import (
    BitString,
    MalformedPDU,
    Tlv,
    TreeNode,
    describe_tag,
    is_constructed,
    parse_tree,
)
from tandem.cti.events import EventReport, event_name
from tandem.cti.pdu import Pdu, pdu_kind
from tandem.cti.rose import Invoke, Reject, ReturnError, ReturnResult, UniversalFailure
from tandem.cti.services import operation_name
from tandem.cti.types import DeviceAbsence, DeviceId, DynamicDeviceId, NumberingPlan

_ABSENCE_KEYS = {
    DeviceAbsence.notKnown: "not_known",
    DeviceAbsence.restricted: "restricted",
    DeviceAbsence.notSpecified: "not_specified",
}


def to_json(value: Any) -> Any:
    """A JSON-ready rendering of any decoded value (dataclasses become dicts without absent fields)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, DeviceAbsence):
        return {_ABSENCE_KEYS[value]: True}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, int | float):
        return value
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, Tlv):
        return _raw(value)
    if isinstance(value, BitString):
        return sorted(value.bits)
    if isinstance(value, DeviceId):
        if value.plan in (NumberingPlan.dialingNumber, NumberingPlan.deviceNumber) and not value.unknown:
            return value.number
        return _fields(value)
    if isinstance(value, DynamicDeviceId):
        return {"dynamic": value.value.hex()}
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    return repr(value)


def _raw(value: Tlv) -> dict[str, Any]:
    """A TLV Tandem has no schema for: its tag and hex, and for a constructed one the elements
    inside when they are BER (walked within the nesting-depth limit)."""
    out: dict[str, Any] = {"tag": describe_tag(value.tag), "hex": value.value.hex()}
    if value.constructed:
        try:
            tree = parse_tree(value.value, 0, len(value.value), depth=1)
        except MalformedPDU:
            return out
        out["elements"] = [_tree_json(value.value, node) for node in tree]
    return out


def _tree_json(buf: bytes, node: TreeNode) -> dict[str, Any]:
    tag, start, end, kids = node
    if is_constructed(tag):
        return {"tag": describe_tag(tag), "elements": [_tree_json(buf, kid) for kid in kids]}
    return {"tag": describe_tag(tag), "hex": buf[start:end].hex()}


def _fields(value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if item is None or (field.name == "unknown" and not item):
            continue
        out[field.name] = to_json(item)
    return out


def pdu_to_json(pdu: Pdu) -> dict[str, Any]:
    """One PDU as a JSON object: `rose` (or `acse`) names the PDU kind."""
    kind = pdu_kind(pdu)
    if isinstance(pdu, Invoke):
        out: dict[str, Any] = {"rose": kind, "invoke_id": pdu.invoke_id}
        if pdu.linked_id is not None:
            out["linked_id"] = pdu.linked_id
        out["operation"] = operation_name(pdu.opcode)
        if isinstance(pdu.argument, EventReport):
            report = pdu.argument
            out["cross_ref_identifier"] = report.cross_ref_identifier.hex()
            out["event"] = event_name(report.event)
            out.update(_fields(report.event))
            if report.unknown:
                out["report_unknown"] = to_json(report.unknown)
        elif pdu.argument is not None:
            out["argument"] = to_json(pdu.argument)
        return out
    if isinstance(pdu, ReturnResult):
        out = {"rose": kind, "invoke_id": pdu.invoke_id}
        if pdu.opcode is not None:
            out["operation"] = operation_name(pdu.opcode)
            out["result"] = to_json(pdu.result)
        return out
    if isinstance(pdu, ReturnError):
        out = {"rose": kind, "invoke_id": pdu.invoke_id}
        if isinstance(pdu.parameter, UniversalFailure):
            out["error"] = "universalFailure"
            out["category"] = to_json(pdu.parameter.category)
            if pdu.parameter.private is not None:
                out["private"] = to_json(pdu.parameter.private)
            else:
                out["value"] = pdu.parameter.value_name
        else:
            out["errcode"] = pdu.errcode
            if pdu.parameter is not None:
                out["parameter"] = to_json(pdu.parameter)
        return out
    if isinstance(pdu, Reject):
        return {
            "rose": kind,
            "invoke_id": pdu.invoke_id,
            "problem_kind": pdu.problem.kind.name,
            "problem": pdu.problem.name,
        }
    out = {"acse": kind}
    body = _fields(pdu)
    if isinstance(pdu, AARQ):
        if pdu.auth_name is not None:
            body["auth_name"] = pdu.auth_name.decode("latin-1")
        if pdu.password is not None:
            body["password"] = f"({len(pdu.password)} bytes, not shown)"
    version = getattr(pdu, "csta_version", None)
    if isinstance(version, BitString):
        body["csta_version"] = [CstaVersion(bit).name if bit < 8 else bit for bit in sorted(version.bits)]
    out.update(body)
    return out
