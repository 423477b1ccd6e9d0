"""ROSE (X.880) as CSTA uses it: invoke, returnResult, returnError (universalFailure), reject.

Arguments and results are decoded into the typed values of `tandem.cti.services` (and
`tandem.cti.events` for cSTAEventReport) by opcode; an operation Tandem does not model keeps its
argument or result as a raw `Tlv`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Final

from tandem.cti.ber import (
    INTEGER,
    NULL,
    MalformedPDU,
    Tlv,
    children,
    decode_int,
    decode_null,
    describe_tag,
    encode_int,
    tlv,
)
from tandem.cti.codec import (
    Codec,
)
from tandem.cti.events import EVENT_REPORT, EventReport
from tandem.cti.services import (
    ARGUMENT_CODECS,
    CSTA_EVENT_REPORT,
    OPERATIONS,
    RESULT_CODECS,
    operation_name,
)

INVOKE: Final = 0xA1
RETURN_RESULT: Final = 0xA2
RETURN_ERROR: Final = 0xA3
REJECT: Final = 0xA4
UNIVERSAL_FAILURE: Final = 1


class MalformedRose(MalformedPDU):
    """A ROSE PDU whose envelope decoded but whose argument, result or error did not.

    Carries what is known so the link can answer (reject mistypedArgument) instead of dropping it.
    """

    def __init__(
        self, reason: str, offset: int, path: str, *, kind: str, invoke_id: int, opcode: int | None
    ) -> None:
        super().__init__(reason, offset, path)
        self.kind = kind
        self.invoke_id = invoke_id
        self.opcode = opcode


# --- errors -------------------------------------------------------------------------------------------


class ErrorCategory(enum.IntEnum):
    """The alternatives of the UniversalFailure CHOICE."""

    operation = 0
    security = 1
    stateIncompatibility = 2
    systemResourceAvailability = 3
    subscribedResourceAvailability = 4
    performanceManagement = 5
    privateData = 6
    unspecified = 7


ERROR_VALUE_NAMES: Final[dict[ErrorCategory, dict[int, str]]] = {
    ErrorCategory.operation: {
        1: "generic",
        2: "requestIncompatibleWithObject",
        3: "valueOutOfRange",
        4: "objectNotKnown",
        5: "invalidCallingDevice",
        6: "invalidCalledDevice",
        7: "invalidForwardingDestination",
        8: "privilegeViolationSpecifiedDevice",
        9: "privilegeViolationCalledDevice",
        10: "privilegeViolationCallingDevice",
        11: "invalidCallID",
        12: "invalidDeviceID",
        13: "invalidConnectionID",
        14: "invalidDestination",
        15: "invalidFeature",
        16: "invalidAllocationState",
        17: "invalidCrossRefID",
        18: "invalidObjectType",
        19: "securityViolation",
        50: "serviceNotSupported",
        62: "invalidMonitorObject",
    },
    ErrorCategory.security: {
        1: "generic",
        2: "sequenceNumberViolated",
        3: "timeStampViolated",
        4: "pACViolated",
        5: "sealViolated",
    },
    ErrorCategory.stateIncompatibility: {
        1: "generic",
        2: "invalidObjectState",
        3: "invalidConnectionID",
        4: "noActiveCall",
        5: "noHeldCall",
        6: "noCallToClear",
        7: "noConnectionToClear",
        8: "noCallToAnswer",
        9: "noCallToComplete",
    },
    ErrorCategory.systemResourceAvailability: {
        1: "generic",
        2: "serviceBusy",
        3: "resourceBusy",
        4: "resourceOutOfService",
        5: "networkBusy",
        6: "networkOutOfService",
        7: "overallMonitorLimitExceeded",
        8: "conferenceMemberLimitExceeded",
    },
    ErrorCategory.subscribedResourceAvailability: {
        1: "generic",
        2: "objectMonitorLimitExceeded",
        3: "externalTrunkLimitExceeded",
        4: "outstandingRequestLimitExceeded",
    },
    ErrorCategory.performanceManagement: {1: "generic", 2: "performanceLimitExceeded"},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class UniversalFailure:
    """The CSTA error (errcode 1): a category and a value, e.g. operation/invalidDeviceID (12)."""

    category: ErrorCategory | int
    value: int = 1
    private: Tlv | None = None
    """For a constructed alternative (privateData), its TLV as received."""

    @property
    def value_name(self) -> str:
        names = ERROR_VALUE_NAMES.get(ErrorCategory(self.category), {}) if self.category in range(8) else {}
        return names.get(self.value, str(self.value))

    def __str__(self) -> str:
        category = self.category.name if isinstance(self.category, ErrorCategory) else str(self.category)
        return f"{category}/{self.value_name}"

    @classmethod
    def named(cls, category: ErrorCategory, name: str) -> UniversalFailure:
        """`UniversalFailure.named(ErrorCategory.operation, "invalidDeviceID")`."""
        for value, known in ERROR_VALUE_NAMES.get(category, {}).items():
            if known == name:
                return cls(category=category, value=value)
        raise ValueError(f"{name!r} is not a {category.name} error value")


def _decode_failure(buf: bytes, tag: int, start: int, end: int) -> UniversalFailure:
    number = tag & 0x1F
    category: ErrorCategory | int = ErrorCategory(number) if number <= 7 else number
    if tag & 0x20:
        return UniversalFailure(category=category, value=0, private=Tlv(tag, bytes(buf[start:end])))
    return UniversalFailure(category=category, value=decode_int(buf, start, end))


def _encode_failure(value: UniversalFailure) -> bytes:
    if value.private is not None:
        return value.private.encode()
    return tlv(0x80 | int(value.category), encode_int(value.value))


# --- reject problems -------------------------------------------------------------------------------


class ProblemKind(enum.IntEnum):
    general = 0
    invoke = 1
    returnResult = 2
    returnError = 3


PROBLEM_NAMES: Final[dict[ProblemKind, dict[int, str]]] = {
    ProblemKind.general: {0: "unrecognizedPDU", 1: "mistypedPDU", 2: "badlyStructuredPDU"},
    ProblemKind.invoke: {
        0: "duplicateInvocation",
        1: "unrecognizedOperation",
        2: "mistypedArgument",
        3: "resourceLimitation",
        4: "releaseInProgress",
        5: "unrecognizedLinkedId",
        6: "linkedResponseUnexpected",
        7: "unexpectedLinkedOperation",
    },
    ProblemKind.returnResult: {
        0: "unrecognizedInvocation",
        1: "resultResponseUnexpected",
        2: "mistypedResult",
    },
    ProblemKind.returnError: {
        0: "unrecognizedInvocation",
        1: "errorResponseUnexpected",
        2: "unrecognizedError",
        3: "unexpectedError",
        4: "mistypedParameter",
    },
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectProblem:
    kind: ProblemKind
    code: int

    @property
    def name(self) -> str:
        return PROBLEM_NAMES[self.kind].get(self.code, str(self.code))

    def __str__(self) -> str:
        return f"{self.kind.name}/{self.name}"


DUPLICATE_INVOCATION: Final = RejectProblem(kind=ProblemKind.invoke, code=0)
UNRECOGNIZED_OPERATION: Final = RejectProblem(kind=ProblemKind.invoke, code=1)
MISTYPED_ARGUMENT: Final = RejectProblem(kind=ProblemKind.invoke, code=2)
RESOURCE_LIMITATION: Final = RejectProblem(kind=ProblemKind.invoke, code=3)
UNRECOGNIZED_PDU: Final = RejectProblem(kind=ProblemKind.general, code=0)
MISTYPED_PDU: Final = RejectProblem(kind=ProblemKind.general, code=1)
UNRECOGNIZED_INVOCATION_RESULT: Final = RejectProblem(kind=ProblemKind.returnResult, code=0)
UNRECOGNIZED_INVOCATION_ERROR: Final = RejectProblem(kind=ProblemKind.returnError, code=0)


# --- the PDUs -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Invoke:
    """A request. `argument` is the typed argument (an `EventReport` for opcode 21) or a raw Tlv."""

    invoke_id: int
    opcode: int
    argument: Any = None
    linked_id: int | None = None

    @property
    def operation(self) -> str:
        return operation_name(self.opcode)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnResult:
    """The answer to an invoke. `opcode`/`result` are None when the result part is absent."""

    invoke_id: int
    opcode: int | None = None
    result: Any = None

    def __post_init__(self) -> None:
        if (self.opcode is None) != (self.result is None):
            raise ValueError("a returnResult carries both opcode and result, or neither")

    @property
    def operation(self) -> str | None:
        return None if self.opcode is None else operation_name(self.opcode)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnError:
    """A failed invoke: errcode 1 is universalFailure, whose parameter is a `UniversalFailure`."""

    invoke_id: int
    errcode: int = UNIVERSAL_FAILURE
    parameter: UniversalFailure | Tlv | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reject:
    """A PDU the peer could not accept; `invoke_id` None when it could not even tell which."""

    invoke_id: int | None
    problem: RejectProblem


RosePdu = Invoke | ReturnResult | ReturnError | Reject


def _argument_codec(opcode: int) -> Codec[Any] | None:
    if opcode == CSTA_EVENT_REPORT:
        return EVENT_REPORT
    op = OPERATIONS.get(opcode)
    return ARGUMENT_CODECS.get(op.argument) if op is not None and op.argument is not None else None


def _result_codec(opcode: int) -> Codec[Any] | None:
    op = OPERATIONS.get(opcode)
    return RESULT_CODECS.get(op.result) if op is not None and op.result is not None else None


def _typed(codec: Codec[Any] | None, buf: bytes, tag: int, start: int, end: int) -> Any:
    if codec is None:
        return Tlv(tag, bytes(buf[start:end]))
    if tag not in codec.tags:
        raise MalformedPDU(f"unexpected tag {describe_tag(tag)}", start)
    return codec.decode(buf, tag, start, end)


def _integer(buf: bytes, item: tuple[int, int, int], what: str) -> int:
    tag, s, e = item
    if tag != INTEGER:
        raise MalformedPDU(f"unexpected tag {describe_tag(tag)}", s, what)
    try:
        return decode_int(buf, s, e)
    except MalformedPDU as err:
        raise err.within(what) from None


def decode_rose(buf: bytes, tag: int, start: int, end: int) -> RosePdu:
    """Decode the ROSE PDU whose tag is `tag` and whose value is buf[start:end]."""
    kids = children(buf, start, end)
    if tag == INVOKE:
        return _decode_invoke(buf, kids, start)
    if tag == RETURN_RESULT:
        if not kids:
            raise MalformedPDU("returnResult without an invoke id", start, "returnResult")
        invoke_id = _integer(buf, kids[0], "returnResult.invoke_id")
        if len(kids) == 1:
            return ReturnResult(invoke_id=invoke_id)
        rtag, rs, re = kids[1]
        if rtag != 0x30:
            raise MalformedPDU(f"unexpected tag {describe_tag(rtag)}", rs, "returnResult.result")
        inner = children(buf, rs, re)
        if len(inner) != 2:
            raise MalformedPDU(
                f"result holds {len(inner)} elements (opcode and result)", rs, "returnResult.result"
            )
        opcode = _integer(buf, inner[0], "returnResult.opcode")
        itag, s, e = inner[1]
        try:
            result = _typed(_result_codec(opcode), buf, itag, s, e)
        except MalformedPDU as err:
            err.within("result").within(operation_name(opcode))
            raise MalformedRose(
                err.reason, err.offset, err.path, kind="returnResult", invoke_id=invoke_id, opcode=opcode
            ) from None
        return ReturnResult(invoke_id=invoke_id, opcode=opcode, result=result)
    if tag == RETURN_ERROR:
        if len(kids) < 2:
            raise MalformedPDU("returnError needs an invoke id and an error code", start, "returnError")
        invoke_id = _integer(buf, kids[0], "returnError.invoke_id")
        errcode = _integer(buf, kids[1], "returnError.errcode")
        parameter: UniversalFailure | Tlv | None = None
        if len(kids) > 2:
            ptag, s, e = kids[2]
            try:
                if errcode == UNIVERSAL_FAILURE and 0x80 <= ptag <= 0xBE:
                    parameter = _decode_failure(buf, ptag, s, e)
                else:
                    parameter = Tlv(ptag, bytes(buf[s:e]))
            except MalformedPDU as err:
                err.within("parameter").within("returnError")
                raise MalformedRose(
                    err.reason, err.offset, err.path, kind="returnError", invoke_id=invoke_id, opcode=None
                ) from None
        return ReturnError(invoke_id=invoke_id, errcode=errcode, parameter=parameter)
    if tag == REJECT:
        if len(kids) != 2:
            raise MalformedPDU(f"reject holds {len(kids)} elements (must be 2)", start, "reject")
        itag, s, e = kids[0]
        reject_id: int | None
        if itag == NULL:
            decode_null(buf, s, e)
            reject_id = None
        else:
            reject_id = _integer(buf, kids[0], "reject.invoke_id")
        ptag, s, e = kids[1]
        if not 0x80 <= ptag <= 0x83:
            raise MalformedPDU(f"unknown reject problem {describe_tag(ptag)}", s, "reject.problem")
        code = decode_int(buf, s, e)
        return Reject(invoke_id=reject_id, problem=RejectProblem(kind=ProblemKind(ptag & 0x1F), code=code))
    raise MalformedPDU(f"unknown ROSE PDU {describe_tag(tag)}", start)


def _decode_invoke(buf: bytes, kids: list[tuple[int, int, int]], start: int) -> Invoke:
    if len(kids) < 2:
        raise MalformedPDU("invoke needs an invoke id and an opcode", start, "invoke")
    invoke_id = _integer(buf, kids[0], "invoke.invoke_id")
    index = 1
    linked_id: int | None = None
    if kids[1][0] == 0x80:
        linked_id = decode_int(buf, kids[1][1], kids[1][2])
        index = 2
        if len(kids) < 3:
            raise MalformedPDU("invoke without an opcode", start, "invoke")
    opcode = _integer(buf, kids[index], "invoke.opcode")
    rest = kids[index + 1 :]
    if len(rest) > 1:
        raise MalformedRose(
            f"invoke holds {len(rest)} arguments",
            rest[1][1],
            "argument",
            kind="invoke",
            invoke_id=invoke_id,
            opcode=opcode,
        ).within(operation_name(opcode))
    argument: Any = None
    if rest:
        atag, s, e = rest[0]
        try:
            argument = _typed(_argument_codec(opcode), buf, atag, s, e)
        except MalformedPDU as err:
            err.within("argument").within(operation_name(opcode))
            raise MalformedRose(
                err.reason, err.offset, err.path, kind="invoke", invoke_id=invoke_id, opcode=opcode
            ) from None
    return Invoke(invoke_id=invoke_id, opcode=opcode, argument=argument, linked_id=linked_id)


def _argument_bytes(opcode: int, value: Any, codecs: dict[type[Any], Codec[Any]]) -> bytes:
    if isinstance(value, Tlv):
        return value.encode()
    if isinstance(value, EventReport):
        return EVENT_REPORT.encode(value)
    codec = codecs.get(type(value))
    if codec is None:
        raise ValueError(
            f"{type(value).__name__} cannot be sent as the argument or result of {operation_name(opcode)}"
        )
    return codec.encode(value)


def encode_rose(pdu: RosePdu) -> bytes:
    """The BER bytes of a ROSE PDU (typed arguments/results encoded with their codecs)."""
    if isinstance(pdu, Invoke):
        body = tlv(INTEGER, encode_int(pdu.invoke_id))
        if pdu.linked_id is not None:
            body += tlv(0x80, encode_int(pdu.linked_id))
        body += tlv(INTEGER, encode_int(pdu.opcode))
        if pdu.argument is not None:
            body += _argument_bytes(pdu.opcode, pdu.argument, ARGUMENT_CODECS)
        return tlv(INVOKE, body)
    if isinstance(pdu, ReturnResult):
        body = tlv(INTEGER, encode_int(pdu.invoke_id))
        if pdu.opcode is not None:
            result = _argument_bytes(pdu.opcode, pdu.result, RESULT_CODECS)
            body += tlv(0x30, tlv(INTEGER, encode_int(pdu.opcode)) + result)
        return tlv(RETURN_RESULT, body)
    if isinstance(pdu, ReturnError):
        body = tlv(INTEGER, encode_int(pdu.invoke_id)) + tlv(INTEGER, encode_int(pdu.errcode))
        if isinstance(pdu.parameter, UniversalFailure):
            body += _encode_failure(pdu.parameter)
        elif pdu.parameter is not None:
            body += pdu.parameter.encode()
        return tlv(RETURN_ERROR, body)
    ident = b"\x05\x00" if pdu.invoke_id is None else tlv(INTEGER, encode_int(pdu.invoke_id))
    return tlv(REJECT, ident + tlv(0x80 | pdu.problem.kind, encode_int(pdu.problem.code)))
