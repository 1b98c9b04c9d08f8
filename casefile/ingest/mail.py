"""Emails (.eml and Outlook .msg) as a letter with its attachments.

Runs in the reader process, like ``extract``: a malformed message cannot take
the app down. Attachments are written to a folder the caller gives, and come
back as paths to import as documents of their own.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from casefile import limits
from casefile.ingest import kinds
from casefile.ingest.archive import fit_name
from casefile.ingest.extract import Unreadable

_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_BLANKS = re.compile(r"\n\s*\n\s*\n+")
_UNSAFE = re.compile(r"[^\w .,()&+-]")
# A line that opens or closes a MIME part starts with "--": counted before
# parsing, so a 20,000-part message is refused without spending seconds on it.
_DELIMITER = re.compile(rb"^--", re.M)


@dataclass
class Mail:
    subject: str = ""
    sender: str = ""
    recipients: str = ""
    cc: str = ""
    sent: datetime | None = None
    # The Date header as written when it could not be read, and where ``sent``
    # came from then ("Received header"): a date is read, never invented.
    date_raw: str | None = None
    date_source: str = "Date header"
    message_id: str | None = None
    in_reply_to: str | None = None
    body: str = ""
    attachments: list[tuple[str, Path]] = field(default_factory=list)
    privacy: object = None  # the message's text checked (casefile.privacy), in the reader

    @property
    def day(self) -> date | None:
        return self.sent.date() if self.sent else None

    def as_text(self) -> str:
        """The message as one page of text: headers, then the body."""
        head = [f"From: {self.sender}", f"To: {self.recipients}"]
        if self.cc:
            head.append(f"Cc: {self.cc}")
        if self.sent:
            head.append(f"Date: {self.sent:%B %d, %Y %H:%M}")
        head.append(f"Subject: {self.subject}")
        return "\n".join(head) + "\n\n" + self.body


def read(kind: str, path: Path, attachments_dir: Path) -> Mail:
    if kind == kinds.MSG:
        return _msg(path, attachments_dir)
    return _eml(path, attachments_dir)


def _eml(path: Path, out: Path) -> Mail:
    raw = path.read_bytes()
    delimiters = len(_DELIMITER.findall(raw))
    # Each part has one opening boundary line and each multipart one closing
    # line, so twice the limit in boundary lines is past it whatever the nesting.
    if delimiters > 2 * limits.MIME_PARTS + 2:
        raise Unreadable(limits.too_many_parts())
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
    except (ValueError, TypeError, IndexError, RecursionError) as exc:
        raise Unreadable(f"it is not a readable email ({exc})") from None
    del raw
    parts = sum(1 for _ in message.walk())
    if parts > limits.MIME_PARTS:
        raise Unreadable(limits.too_many_parts(parts))
    if not any(message.get(h) for h in ("From", "To", "Subject", "Date", "Message-ID")):
        raise Unreadable("it is not an email: it has no From, To, Subject or Date header")
    mail = Mail(
        subject=_header(message, "Subject"),
        sender=_addresses(message, "From"),
        recipients=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        sent=_date(_header(message, "Date")),
        message_id=_msgid(message.get("Message-ID")),
        in_reply_to=_msgid(message.get("In-Reply-To")),
    )
    if mail.sent is None:
        raw = _raw_header(message, "Date")
        mail.date_raw = raw[:300] or None
        mail.sent = _received_date(message)
        if mail.sent is not None:
            mail.date_source = "Received header"
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        content = body.get_content() if body is not None else ""
        if body is not None and body.get_content_subtype() == "html":
            content = html_to_text(content)
    except (KeyError, LookupError, ValueError, AttributeError):
        content = ""  # a body in an unknown charset: the headers still make the letter
    mail.body = content.strip()
    for n, part in enumerate(message.iter_attachments(), 1):
        try:
            data = part.get_payload(decode=True) or b""
        except (ValueError, TypeError, AssertionError):
            continue
        if part.get_content_type() == "message/rfc822" and not data:
            data = part.get_payload(0).as_bytes() if part.is_multipart() else b""
        name = safe_name(part.get_filename() or f"attachment-{n}", n)
        target = out / f"{n:03d}-{name}"
        target.write_bytes(data)
        mail.attachments.append((name, target))
    return mail


def _msg(path: Path, out: Path) -> Mail:
    import extract_msg

    try:
        message = extract_msg.openMsg(str(path))
    except Exception as exc:  # extract-msg raises many types for a broken OLE file
        raise Unreadable(f"it is not a readable Outlook message ({exc})") from None
    if len(message.attachments) > limits.MIME_PARTS:
        count = len(message.attachments)
        message.close()
        raise Unreadable(limits.too_many_parts(count))
    try:
        body = message.body or ""
        if not body.strip() and getattr(message, "htmlBody", None):
            body = html_to_text(message.htmlBody.decode("utf-8", "replace"))
        mail = Mail(
            subject=message.subject or "",
            sender=message.sender or "",
            recipients=message.to or "",
            cc=message.cc or "",
            sent=message.date if isinstance(message.date, datetime) else _date(message.date),
            message_id=_msgid(getattr(message, "messageId", None)),
            in_reply_to=_msgid(getattr(message, "inReplyTo", None)),
            body=body.strip(),
        )
        for n, attachment in enumerate(message.attachments, 1):
            data = getattr(attachment, "data", None)
            if not isinstance(data, bytes):
                continue  # an embedded message or a link: not a file we can store
            name = safe_name(attachment.longFilename or attachment.shortFilename
                             or f"attachment-{n}", n)
            target = out / f"{n:03d}-{name}"
            target.write_bytes(data)
            mail.attachments.append((name, target))
        return mail
    finally:
        message.close()


def safe_name(name: str, n: int) -> str:
    """A file name from an email, stripped of folders and odd characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    # Cut by bytes, not characters: 150 Chinese characters overflow a file name.
    return fit_name(name) if name else f"attachment-{n}"


def html_to_text(markup: str) -> str:
    text = re.sub(r"<br\s*/?>|</p>|</div>|</tr>", "\n", markup, flags=re.I)
    text = html.unescape(_TAGS.sub("", text))
    return _BLANKS.sub("\n\n", text).strip()


def _header(message, name: str) -> str:
    try:
        return str(message.get(name, "") or "").strip()
    except (ValueError, TypeError, IndexError):
        return ""


def _addresses(message, name: str) -> str:
    try:
        values = message.get_all(name, [])
        pairs = getaddresses([str(v) for v in values])
    except (ValueError, TypeError, IndexError):
        return _header(message, name)
    return ", ".join(f"{n} <{a}>" if n and a else (a or n) for n, a in pairs if n or a)


def _date(value) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None


def _raw_header(message, name: str) -> str:
    """A header's text as the file has it, even where the parser gave up on it."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return re.sub(r"\s+", " ", str(value)).strip()
    return ""


def _received_date(message) -> datetime | None:
    """The date our side's server stamped (the topmost Received header that reads):
    set by a machine on arrival, it stands in for an unreadable Date."""
    try:
        values = [str(v) for k, v in message.raw_items() if k.lower() == "received"]
    except (ValueError, TypeError, IndexError):
        return None
    for value in values:
        when = _date(value.rsplit(";", 1)[-1].strip()) if ";" in value else None
        if when is not None:
            return when
    return None


def _msgid(value) -> str | None:
    if not value:
        return None
    value = str(value).strip()
    match = re.search(r"<[^<>\s]+>", value)
    return match.group(0) if match else value[:300] or None
