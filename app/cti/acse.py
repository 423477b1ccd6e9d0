"""ACSE (X.227) association PDUs as CSTA uses them: AARQ, AARE, RLRQ, RLRE, ABRT, both directions.

The AARQ carries the application context 1.3.12.0.218, optionally the Siemens-style authentication
(name and password inside calling-authentication-value → external → [0]), and the CSTA version as
ACSEUserInformationForCSTA in user-information.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from tandem.cti.ber import (
    OCTET_STRING,
    OID,
    BitString,
    MalformedPDU,
    Tlv,
    children,
    decode_bits,
    decode_int,
    decode_oid,
    describe_tag,
    encode_bits,
    encode_int,
    encode_oid,
    tlv,
)
from tandem.cti.codec import (
    RawTlvs,
)

CSTA_APPLICATION_CONTEXT: Final = "1.3.12.0.218"

AARQ_TAG: Final = 0x60
AARE_TAG: Final = 0x61
RLRQ_TAG: Final = 0x62
RLRE_TAG: Final = 0x63
ABRT_TAG: Final = 0x64


class CstaVersion(enum.IntEnum):
    """Bits of ACSEUserInformationForCSTA's cSTAVersion BIT STRING."""

    versionOne = 0
    versionTwo = 1
    versionThree = 2
    versionFour = 3
    versionFive = 4
    versionSix = 5
    versionSeven = 6
    versionEight = 7


def csta_versions(*versions: CstaVersion) -> BitString:
    """The cSTAVersion bit string as Siemens and Panasonic send it (two octets, no unused bits)."""
    return BitString.of(frozenset(int(v) for v in versions), size=16)


VERSION_FOUR: Final = csta_versions(CstaVersion.versionFour)  # 03 03 00 10 00 (Siemens)
VERSION_FIVE: Final = csta_versions(CstaVersion.versionFive)  # 03 03 00 08 00 (Panasonic)
_AUTHENTICATION_REQUIRED: Final = BitString(b"\x80", 6)  # 8a 02 06 80


@dataclass(frozen=True, slots=True, kw_only=True)
class AARQ:
    """Association request. `password` is bytes from the keyring: never log this value."""

    application_context: str = CSTA_APPLICATION_CONTEXT
    auth_name: bytes | None = None
    password: bytes | None = None
    csta_version: BitString | None = VERSION_FOUR
    user_information_oid: str | None = None
    """An EXTERNAL direct-reference (Panasonic sends 1.3.12.0.285.200); Siemens sends none."""
    unknown: RawTlvs = ()

    def __post_init__(self) -> None:
        if (self.auth_name is None) != (self.password is None):
            raise ValueError("authentication needs both a name and a password")
        _check_user_information(self.csta_version, self.user_information_oid)

    def __repr__(self) -> str:
        # The password must never reach a log line through a repr.
        secret = "None" if self.password is None else "'***'"
        return (
            f"AARQ(application_context={self.application_context!r}, auth_name={self.auth_name!r}, "
            f"password={secret}, csta_version={self.csta_version!r})"
        )


class AssociateResult(enum.IntEnum):
    accepted = 0
    rejectedPermanent = 1
    rejectedTransient = 2


class DiagnosticSource(enum.IntEnum):
    serviceUser = 1
    serviceProvider = 2


SERVICE_USER_DIAGNOSTICS: Final = {
    0: "null",
    1: "noReasonGiven",
    2: "applicationContextNameNotSupported",
    3: "callingAPTitleNotRecognized",
    4: "callingAPInvocationIdentifierNotRecognized",
    5: "callingAEQualifierNotRecognized",
    6: "callingAEInvocationIdentifierNotRecognized",
    7: "calledAPTitleNotRecognized",
    8: "calledAPInvocationIdentifierNotRecognized",
    9: "calledAEQualifierNotRecognized",
    10: "calledAEInvocationIdentifierNotRecognized",
    11: "authenticationMechanismNameNotRecognized",
    12: "authenticationMechanismNameRequired",
    13: "authenticationFailure",
    14: "authenticationRequired",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AARE:
    """Association response: accepted, or rejected with a diagnostic (e.g. 13 authenticationFailure)."""

    application_context: str = CSTA_APPLICATION_CONTEXT
    result: AssociateResult | int = AssociateResult.accepted
    diagnostic_source: DiagnosticSource | int = DiagnosticSource.serviceUser
    diagnostic: int = 0
    csta_version: BitString | None = None
    user_information_oid: str | None = None
    unknown: RawTlvs = ()

    def __post_init__(self) -> None:
        _check_user_information(self.csta_version, self.user_information_oid)

    @property
    def accepted(self) -> bool:
        return self.result == AssociateResult.accepted

    @property
    def diagnostic_name(self) -> str:
        if self.diagnostic_source == DiagnosticSource.serviceUser:
            return SERVICE_USER_DIAGNOSTICS.get(self.diagnostic, str(self.diagnostic))
        return {0: "null", 1: "noReasonGiven", 2: "noCommonACSEVersion"}.get(
            self.diagnostic, str(self.diagnostic)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RLRQ:
    """Release request; reason normal 0, urgent 1, user-defined 30."""

    reason: int | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RLRE:
    """Release response; reason normal 0, not-finished 1, user-defined 30."""

    reason: int | None = None
    unknown: RawTlvs = ()


class AbortSource(enum.IntEnum):
    serviceUser = 0
    serviceProvider = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ABRT:
    """Abort: who aborted, and optionally why (ABRT-diagnostic)."""

    source: AbortSource | int = AbortSource.serviceUser
    diagnostic: int | None = None
    unknown: RawTlvs = ()


AcsePdu = AARQ | AARE | RLRQ | RLRE | ABRT


def _check_user_information(version: BitString | None, oid: str | None) -> None:
    if oid is not None and version is None:
        raise ValueError("user information with a direct-reference needs the CSTA version too")


# --- user information -------------------------------------------------------------------------------


def _user_information(version: BitString | None, oid: str | None) -> bytes:
    if version is None:
        return b""
    inner = tlv(0xA0, tlv(0xA0, tlv(0x03, encode_bits(version))))
    if oid is not None:
        inner = tlv(OID, encode_oid(oid)) + inner
    return tlv(0xBE, tlv(0x28, inner))


def _decode_user_information(buf: bytes, start: int, end: int) -> tuple[BitString | None, str | None]:
    """The cSTAVersion (and direct-reference) from `[30] IMPLICIT SEQUENCE OF EXTERNAL`."""
    version: BitString | None = None
    oid: str | None = None
    for etag, es, ee in children(buf, start, end):
        if etag != 0x28:
            continue
        for tag, s, e in children(buf, es, ee):
            if tag == OID:
                oid = decode_oid(buf, s, e)
            elif tag == 0xA0:
                for ntag, ns, ne in children(buf, s, e):
                    if ntag != 0xA0:
                        continue
                    for vtag, vs, ve in children(buf, ns, ne):
                        if vtag == 0x03:
                            version = decode_bits(buf, vs, ve)
    # A direct-reference without a version says nothing Tandem uses: drop it rather than fail.
    return version, oid if version is not None else None


def _context_oid(buf: bytes, start: int, end: int) -> str:
    kids = children(buf, start, end)
    if len(kids) != 1 or kids[0][0] != OID:
        raise MalformedPDU("application-context-name is not one OBJECT IDENTIFIER", start)
    return decode_oid(buf, kids[0][1], kids[0][2])


def _explicit_int(buf: bytes, start: int, end: int) -> int:
    kids = children(buf, start, end)
    if len(kids) != 1:
        raise MalformedPDU(f"explicit INTEGER holds {len(kids)} elements", start)
    return decode_int(buf, kids[0][1], kids[0][2])


# --- decode ---------------------------------------------------------------------------------------------


def _decode_aarq(buf: bytes, start: int, end: int) -> AARQ:
    context = CSTA_APPLICATION_CONTEXT
    name = password = None
    version: BitString | None = None
    oid: str | None = None
    unknown: list[Tlv] = []
    field = ""
    try:
        for tag, s, e in children(buf, start, end):
            if tag == 0xA1:
                field = "application_context"
                context = _context_oid(buf, s, e)
            elif tag == 0xAC:
                field = "calling_authentication_value"
                name, password = _decode_authentication(buf, s, e)
            elif tag == 0xBE:
                field = "user_information"
                version, oid = _decode_user_information(buf, s, e)
            elif tag in (0x80, 0x8A):  # protocol-version, sender-acse-requirements: implied by the rest
                field = ""
                decode_bits(buf, s, e)
            else:
                unknown.append(Tlv(tag, bytes(buf[s:e])))
    except MalformedPDU as err:
        raise (err.within(field) if field else err).within("aarq") from None
    try:
        return AARQ(
            application_context=context,
            auth_name=name,
            password=password,
            csta_version=version,
            user_information_oid=oid,
            unknown=tuple(unknown),
        )
    except ValueError as err:
        raise MalformedPDU(str(err), start, "aarq") from None


def _decode_authentication(buf: bytes, start: int, end: int) -> tuple[bytes, bytes]:
    """calling-authentication-value `[12]` → external `[2]` → `[0]` { name, password }."""
    for tag, s, e in children(buf, start, end):
        if tag != 0xA2:
            continue
        for itag, i_s, i_e in children(buf, s, e):
            if itag != 0xA0:
                continue
            strings = [(t, a, b) for t, a, b in children(buf, i_s, i_e)]
            if len(strings) == 2 and all(t == OCTET_STRING for t, _, _ in strings):
                return bytes(buf[strings[0][1] : strings[0][2]]), bytes(buf[strings[1][1] : strings[1][2]])
    raise MalformedPDU("authentication value is not external [0] { name, password }", start)


def _decode_aare(buf: bytes, start: int, end: int) -> AARE:
    context = CSTA_APPLICATION_CONTEXT
    result: AssociateResult | int | None = None
    source: DiagnosticSource | int = DiagnosticSource.serviceUser
    diagnostic = 0
    version: BitString | None = None
    oid: str | None = None
    unknown: list[Tlv] = []
    field = ""
    try:
        for tag, s, e in children(buf, start, end):
            if tag == 0xA1:
                field = "application_context"
                context = _context_oid(buf, s, e)
            elif tag == 0xA2:
                field = "result"
                value = _explicit_int(buf, s, e)
                result = AssociateResult(value) if 0 <= value <= 2 else value
            elif tag == 0xA3:
                field = "result_source_diagnostic"
                kids = children(buf, s, e)
                if len(kids) != 1 or kids[0][0] not in (0xA1, 0xA2):
                    raise MalformedPDU("result-source-diagnostic is not service-user or service-provider", s)
                number = kids[0][0] & 0x1F
                source = DiagnosticSource(number)
                diagnostic = _explicit_int(buf, kids[0][1], kids[0][2])
            elif tag == 0xBE:
                field = "user_information"
                version, oid = _decode_user_information(buf, s, e)
            elif tag == 0x80:
                decode_bits(buf, s, e)
            else:
                unknown.append(Tlv(tag, bytes(buf[s:e])))
    except MalformedPDU as err:
        raise (err.within(field) if field else err).within("aare") from None
    if result is None:
        raise MalformedPDU("AARE without its result", start, "aare")
    try:
        return AARE(
            application_context=context,
            result=result,
            diagnostic_source=source,
            diagnostic=diagnostic,
            csta_version=version,
            user_information_oid=oid,
            unknown=tuple(unknown),
        )
    except ValueError as err:
        raise MalformedPDU(str(err), start, "aare") from None


def _decode_release(buf: bytes, start: int, end: int, what: str) -> tuple[int | None, tuple[Tlv, ...]]:
    reason: int | None = None
    unknown: list[Tlv] = []
    for tag, s, e in children(buf, start, end):
        if tag == 0x80 and reason is None:
            try:
                reason = decode_int(buf, s, e)
            except MalformedPDU as err:
                raise err.within("reason").within(what) from None
        else:
            unknown.append(Tlv(tag, bytes(buf[s:e])))
    return reason, tuple(unknown)


def _decode_abrt(buf: bytes, start: int, end: int) -> ABRT:
    source: AbortSource | int | None = None
    diagnostic: int | None = None
    unknown: list[Tlv] = []
    for tag, s, e in children(buf, start, end):
        try:
            if tag == 0x80 and source is None:
                value = decode_int(buf, s, e)
                source = AbortSource(value) if value in (0, 1) else value
            elif tag == 0x81 and diagnostic is None:
                diagnostic = decode_int(buf, s, e)
            else:
                unknown.append(Tlv(tag, bytes(buf[s:e])))
        except MalformedPDU as err:
            raise err.within("source" if tag == 0x80 else "diagnostic").within("abrt") from None
    if source is None:
        raise MalformedPDU("ABRT without its abort-source", start, "abrt")
    return ABRT(source=source, diagnostic=diagnostic, unknown=tuple(unknown))


def decode_acse(buf: bytes, tag: int, start: int, end: int) -> AcsePdu:
    """Decode the ACSE PDU whose tag is `tag` and whose value is buf[start:end]."""
    if tag == AARQ_TAG:
        return _decode_aarq(buf, start, end)
    if tag == AARE_TAG:
        return _decode_aare(buf, start, end)
    if tag == RLRQ_TAG:
        reason, unknown = _decode_release(buf, start, end, "rlrq")
        return RLRQ(reason=reason, unknown=unknown)
    if tag == RLRE_TAG:
        reason, unknown = _decode_release(buf, start, end, "rlre")
        return RLRE(reason=reason, unknown=unknown)
    if tag == ABRT_TAG:
        return _decode_abrt(buf, start, end)
    raise MalformedPDU(f"unknown ACSE PDU {describe_tag(tag)}", start)


# --- encode ---------------------------------------------------------------------------------------------


def _context(oid: str) -> bytes:
    return tlv(0xA1, tlv(OID, encode_oid(oid)))


def encode_acse(pdu: AcsePdu) -> bytes:
    """The BER bytes of an ACSE PDU."""
    if isinstance(pdu, AARQ):
        body = _context(pdu.application_context)
        if pdu.auth_name is not None and pdu.password is not None:
            body += tlv(0x8A, encode_bits(_AUTHENTICATION_REQUIRED))
            credentials = tlv(OCTET_STRING, pdu.auth_name) + tlv(OCTET_STRING, pdu.password)
            body += tlv(0xAC, tlv(0xA2, tlv(0xA0, credentials)))
        body += b"".join(t.encode() for t in pdu.unknown)
        body += _user_information(pdu.csta_version, pdu.user_information_oid)
        return tlv(AARQ_TAG, body)
    if isinstance(pdu, AARE):
        body = _context(pdu.application_context)
        body += tlv(0xA2, tlv(0x02, encode_int(int(pdu.result))))
        body += tlv(0xA3, tlv(0xA0 | int(pdu.diagnostic_source), tlv(0x02, encode_int(pdu.diagnostic))))
        body += b"".join(t.encode() for t in pdu.unknown)
        body += _user_information(pdu.csta_version, pdu.user_information_oid)
        return tlv(AARE_TAG, body)
    if isinstance(pdu, RLRQ | RLRE):
        body = b"" if pdu.reason is None else tlv(0x80, encode_int(pdu.reason))
        body += b"".join(t.encode() for t in pdu.unknown)
        return tlv(RLRQ_TAG if isinstance(pdu, RLRQ) else RLRE_TAG, body)
    body = tlv(0x80, encode_int(int(pdu.source)))
    if pdu.diagnostic is not None:
        body += tlv(0x81, encode_int(pdu.diagnostic))
    body += b"".join(t.encode() for t in pdu.unknown)
    return tlv(ABRT_TAG, body)
