"""Uppföljning Finsam: participants in individual activities by gender for a period, as text, csv or json.

json is the contract: ``{"from", "to", "participants": {"woman", "man", "total"},
"anonymous": {"woman", "man"}}``. csv is one header row and one value row for
Swedish Excel (``;``, UTF-8 with BOM).
"""

from __future__ import annotations

import csv
import io

from coachtui import jsontext
from coachtui.domain.exports import FinsamCounts
from coachtui.i18n import _

FORMATS = ("text", "csv", "json")
BOM = "\ufeff"


def to_json(counts: FinsamCounts) -> str:
    return jsontext.dumps(counts.as_json())


def to_text(counts: FinsamCounts) -> str:
    p, a = counts.participants, counts.anonymous
    lines = [
        _("Uppföljning Finsam {start} – {end}", start=counts.start.isoformat(), end=counts.end.isoformat()),
        _(
            "Deltagare i individinriktade insatser: {total} (kvinnor {woman}, män {man})",
            total=p["total"],
            woman=p["woman"],
            man=p["man"],
        ),
        _(
            "varav anonyma (utan SUS-samtycke): {total} (kvinnor {woman}, män {man})",
            total=a["woman"] + a["man"],
            woman=a["woman"],
            man=a["man"],
        ),
    ]
    return "\n".join(lines) + "\n"


def to_csv(counts: FinsamCounts) -> str:
    p, a = counts.participants, counts.anonymous
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Från"), _("Till"), _("Kvinnor"), _("Män"), _("Deltagare totalt"), _("Anonyma kvinnor"), _("Anonyma män")]
    )
    writer.writerow(
        [counts.start.isoformat(), counts.end.isoformat(), p["woman"], p["man"], p["total"], a["woman"], a["man"]]
    )
    return BOM + buffer.getvalue()


def render(counts: FinsamCounts, fmt: str) -> str:
    if fmt == "text":
        return to_text(counts)
    if fmt == "csv":
        return to_csv(counts)
    if fmt == "json":
        return to_json(counts)
    raise ValueError(fmt)
