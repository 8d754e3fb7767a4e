"""Find active content in an uploaded PDF, so that the upload can be refused before it is stored.

Policy: refuse, never sanitise. A material is evidence in an official record; rewriting it would
mean the office keeps a file the applicant never sent. The applicant is asked to regenerate the PDF
("打印为 PDF" or a scan), which drops scripts and attachments, and upload that instead.

What counts as active content (codes returned, in this order):

- ``javascript``: a /JS key or an action with /S /JavaScript anywhere (catalog /OpenAction, /AA on
  the catalog, pages, annotations and form fields, outline items), or a /Names /JavaScript tree.
- ``launch``: /Launch actions (run a program or open a file on the reader's machine).
- ``submit_form`` / ``import_data``: /SubmitForm and /ImportData actions (send form data out, pull
  data in).
- ``remote_goto``: /GoToR and /GoToE actions. They open another file, and a UNC path in one makes
  Windows readers leak the staff member's network credentials; ordinary /URI links are allowed.
- ``embedded_file``: /Names /EmbeddedFiles, /EF entries, /Type /EmbeddedFile streams and
  /FileAttachment annotations.
- ``xfa``: an /XFA entry (XFA forms carry their own scripting).
- ``rich_media``: RichMedia, 3D, Movie, Sound and Screen annotations and Rendition/Movie/Sound
  actions (players with a long history of exploits).
- ``too_complex``: the scan hit MAX_NODES before finishing. An unfinished scan proves nothing,
  so it is a refusal too.

Every indirect object qpdf finds in the file is scanned, not only those reachable from the
catalog: readers repair damaged files differently, so an object "unreachable" for qpdf may be
live for another reader, and an orphaned attachment is still in the evidence. References are not
followed (their targets are scanned as objects in their own right), which makes the walk cycle-free
and linear in the size of the file. Stream data is never decoded.

A file pikepdf cannot open raises PdfUnreadable; one that needs a password raises PdfEncrypted.
Files encrypted with an empty user password (common "no-copy" restrictions) open and are scanned.

Known gap: parsing itself (including decompressing object streams) is done by qpdf before the
walk, so its cost is bounded only by the upload size limit.

Pure: no Django and no database, so it can be reused by an offline re-check of stored materials.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

# Under a second of walking in the worst case, and far above what scans and office exports need.
MAX_NODES = 500_000

JAVASCRIPT = "javascript"
LAUNCH = "launch"
SUBMIT_FORM = "submit_form"
IMPORT_DATA = "import_data"
REMOTE_GOTO = "remote_goto"
EMBEDDED_FILE = "embedded_file"
XFA = "xfa"
RICH_MEDIA = "rich_media"
TOO_COMPLEX = "too_complex"

CODES = (JAVASCRIPT, LAUNCH, SUBMIT_FORM, IMPORT_DATA, REMOTE_GOTO, EMBEDDED_FILE, XFA, RICH_MEDIA, TOO_COMPLEX)

# Flagged by their mere presence: an empty /JavaScript name tree is still a place for scripts.
_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/EF": EMBEDDED_FILE,
    "/EmbeddedFiles": EMBEDDED_FILE,
    "/XFA": XFA,
    "/RichMediaContent": RICH_MEDIA,
}
# Name values are compared as bytes: Chinese producers write font names in GBK, which is not UTF-8,
# and decoding them would turn every such ordinary file into an "unreadable" one.
# /S is also the style key of borders, transitions, masks and page labels; none of those values
# collide with these action names.
_ACTIONS = {
    b"/JavaScript": JAVASCRIPT,
    b"/Launch": LAUNCH,
    b"/SubmitForm": SUBMIT_FORM,
    b"/ImportData": IMPORT_DATA,
    b"/GoToR": REMOTE_GOTO,
    b"/GoToE": REMOTE_GOTO,
    b"/Rendition": RICH_MEDIA,
    b"/Movie": RICH_MEDIA,
    b"/Sound": RICH_MEDIA,
}
_SUBTYPES = {
    b"/FileAttachment": EMBEDDED_FILE,
    b"/RichMedia": RICH_MEDIA,
    b"/3D": RICH_MEDIA,
    b"/Movie": RICH_MEDIA,
    b"/Sound": RICH_MEDIA,
    b"/Screen": RICH_MEDIA,
}
_TYPES = {b"/EmbeddedFile": EMBEDDED_FILE}
_BY_NAME_VALUE = {"/S": _ACTIONS, "/Subtype": _SUBTYPES, "/Type": _TYPES}


class PdfUnreadable(Exception):
    """pikepdf could not open or read the file: truncated, damaged, or not really a PDF."""


class PdfEncrypted(PdfUnreadable):
    """The file needs a password to open, so its content cannot be checked."""


def pdf_active_content(data_or_file, *, max_nodes: int | None = None) -> list[str]:
    """Codes (see module docstring) of the active content in the PDF; empty if it is clean."""
    data = _read_all(data_or_file)
    try:
        with pikepdf.open(io.BytesIO(data), password="") as pdf:
            found = _scan(pdf, MAX_NODES if max_nodes is None else max_nodes)
    except pikepdf.PasswordError as exc:
        raise PdfEncrypted(str(exc)) from exc
    except Exception as exc:  # qpdf reports damage lazily, from open and from reading any object
        raise PdfUnreadable(str(exc)) from exc
    return [code for code in CODES if code in found]


def _read_all(data_or_file) -> bytes:
    if isinstance(data_or_file, bytes | bytearray | memoryview):
        return bytes(data_or_file)
    position = data_or_file.tell()
    data_or_file.seek(0)
    try:
        return data_or_file.read()
    finally:
        data_or_file.seek(position)


def _scan(pdf: pikepdf.Pdf, max_nodes: int) -> set[str]:
    found: set[str] = set()
    budget = max_nodes
    if len(pdf.objects) > budget:
        return {TOO_COMPLEX}
    for root in _roots(pdf):
        stack = [root]
        while stack:
            obj = stack.pop()
            if isinstance(obj, Dictionary | Stream):
                keys = obj.keys()
                budget -= len(keys) + 1
                if budget < 0:
                    return found | {TOO_COMPLEX}
                _check_dictionary(obj, keys, found)
                # values(), not get(key): a key that is not UTF-8 comes back undecodable for get().
                for value in obj.values():
                    _push_direct(stack, value)
            elif isinstance(obj, Array):
                # Checked before iterating, so one huge number array costs nothing to refuse.
                budget -= len(obj) + 1
                if budget < 0:
                    return found | {TOO_COMPLEX}
                for value in obj:
                    _push_direct(stack, value)
            else:
                budget -= 1
    return found


def _roots(pdf: pikepdf.Pdf) -> Iterator:
    yield pdf.trailer
    yield from pdf.objects


def _check_dictionary(obj, keys, found: set[str]) -> None:
    found.update(code for key, code in _KEYS.items() if key in keys)
    for key, table in _BY_NAME_VALUE.items():
        if key in keys:
            value = obj.get(key)
            if isinstance(value, Name) and value.unparse() in table:
                found.add(table[value.unparse()])


def _push_direct(stack: list, value) -> None:
    if isinstance(value, Dictionary | Array | Stream) and not value.is_indirect:
        stack.append(value)
