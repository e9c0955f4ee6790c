"""Rendering synthetic letters as EDGAR serves them: plain text, HTML, PDF, and SGML complete submissions.

Rendering draws only from the per-filing random stream it is given, so a letter's bytes do not
depend on anything rendered before it.
"""

from __future__ import annotations

import binascii
import html
import random
import textwrap
from datetime import date

from devtools.synthetic.correspondence import Para, SynthLetter
from devtools.synthetic.pdf import LINES_PER_PAGE, render_pdf
from devtools.synthetic.world import SynthCompany

TEXT_WIDTH = 78
PDF_WIDTH = 92


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def render_text(paras: list[Para]) -> str:
    out: list[str] = []
    for p in paras:
        pad = "    " * p.indent
        if p.lines:
            lines = [ln.expandtabs(8) for ln in p.text.split("\n")]
        else:
            lines = _wrap(p.text, TEXT_WIDTH - len(pad))
        for ln in lines:
            out.append((ln.center(TEXT_WIDTH).rstrip() if p.center else pad + ln).rstrip())
        out.append("")
    return "\n".join(out)


def _html_run(text: str, style: str, italic_tag: str) -> str:
    s = html.escape(text, quote=False)
    if "i" in style:
        s = f"<i>{s}</i>" if italic_tag == "i" else f'<font style="font-style:italic">{s}</font>'
    if "b" in style:
        s = f"<b>{s}</b>"
    if "u" in style:
        s = f"<u>{s}</u>"
    return s


def render_html(paras: list[Para], *, title: str, italic_tag: str) -> str:
    body: list[str] = []
    for p in paras:
        css = ["margin-top:0pt", "margin-bottom:10pt"]
        if p.indent:
            css.append(f"margin-left:{36 * p.indent}pt")
        if p.center:
            css.append("text-align:center")
        if p.lines:
            content = "<br>".join(
                _html_run(ln.replace("\t", " "), p.style, italic_tag) if ln else "&nbsp;" for ln in p.text.split("\n")
            )
        else:
            content = _html_run(p.text, p.style, italic_tag)
        body.append(f'<p style="{";".join(css)}">{content}</p>')
    return (
        "<html>\n<head>\n<title>" + html.escape(title) + "</title>\n</head>\n"
        '<body style="font-family:Times New Roman;font-size:10pt">\n' + "\n".join(body) + "\n</body>\n</html>"
    )


def layout_pdf(paras: list[Para], *, header: list[str]) -> list[list[tuple[str, int]]]:
    """Lay paragraphs out on pages; pages after the first repeat a short header, like staff letters."""
    pages: list[list[tuple[str, int]]] = [[]]
    for p in paras:
        indent = 24 * p.indent
        if p.lines:
            lines = [ln.replace("\t", "    ") for ln in p.text.split("\n")]
        else:
            lines = _wrap(p.text, PDF_WIDTH - 5 * p.indent)
        # Keep a paragraph's opening lines together so a comment's first words never straddle a page.
        if len(pages[-1]) + min(len(lines), 3) > LINES_PER_PAGE:
            pages.append([])
        for ln in lines:
            if len(pages[-1]) >= LINES_PER_PAGE:
                pages.append([])
            if not pages[-1] and len(pages) > 1:
                pages[-1] += [(h, 0) for h in header] + [(f"Page {len(pages)}", 0), ("", 0)]
            x = max(0, (PDF_WIDTH - len(ln)) * 5 // 2) if p.center else indent
            pages[-1].append((ln, x))
        pages[-1].append(("", 0))
    return pages


def uuencode(data: bytes, name: str) -> str:
    lines = [f"begin 644 {name}"]
    for i in range(0, len(data), 45):
        lines.append(binascii.b2a_uu(data[i : i + 45]).decode("ascii").rstrip("\n"))
    lines += ["", "end"]
    return "\n".join(lines)


def _sgml_document(doc_type: str, seq: int, filename: str, body: str, description: str = "") -> str:
    desc = f"<DESCRIPTION>{description}\n" if description else ""
    return f"<DOCUMENT>\n<TYPE>{doc_type}\n<SEQUENCE>{seq}\n<FILENAME>{filename}\n{desc}<TEXT>\n{body}\n</TEXT>\n</DOCUMENT>\n"


def _sgml_header(c: SynthCompany, letter: SynthLetter, disseminated: date, doc_count: int) -> str:
    f = letter.filing
    upload = f.form == "UPLOAD"
    acc = f.accession
    lines = [
        f"<SEC-DOCUMENT>{acc}.txt : {disseminated:%Y%m%d}",
        f"<SEC-HEADER>{acc}.hdr.sgml : {disseminated:%Y%m%d}",
        f"<ACCEPTANCE-DATETIME>{f.accepted:%Y%m%d%H%M%S}",
        "<PRIVATE-TO-PUBLIC>",
        f"ACCESSION NUMBER:\t\t{acc}",
        f"CONFORMED SUBMISSION TYPE:\t{f.form}",
        f"PUBLIC DOCUMENT COUNT:\t\t{doc_count}",
        f"FILED AS OF DATE:\t\t{f.filing_date:%Y%m%d}",
        "",
        "FILED FOR:\t\t" if upload else "FILER:",
        "",
        "\tCOMPANY DATA:\t",
        f"\t\tCOMPANY CONFORMED NAME:\t\t\t{c.name}",
        f"\t\tCENTRAL INDEX KEY:\t\t\t{c.cik:010d}",
        f"\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t{c.industry.description.upper()} [{c.industry.sic}]",
        f"\t\tORGANIZATION NAME:           \t{c.industry.office_new.replace('Office of ', '')}",
        f"\t\tIRS NUMBER:\t\t\t\t{c.ein}",
        f"\t\tSTATE OF INCORPORATION:\t\t\t{c.state}",
        f"\t\tFISCAL YEAR END:\t\t\t{c.fye}",
        "",
        "\tFILING VALUES:",
        f"\t\tFORM TYPE:\t\t{f.form}",
    ]
    if upload and f.file_number:
        lines.append(f"\t\tSEC FILE NUMBER:\t{f.file_number}")
    address = [
        f"\t\tSTREET 1:\t\t{c.street.upper()}",
        f"\t\tCITY:\t\t\t{c.city.upper()}",
        f"\t\tSTATE:\t\t\t{c.city_state}",
        f"\t\tZIP:\t\t\t{c.zip}",
    ]
    lines += ["", "\tBUSINESS ADDRESS:\t", *address, f"\t\tBUSINESS PHONE:\t\t{c.phone}", "", "\tMAIL ADDRESS:\t", *address]
    for former in c.former_names:
        lines += [
            "",
            "\tFORMER COMPANY:\t",
            f"\t\tFORMER CONFORMED NAME:\t{former['name']}",
            f"\t\tDATE OF NAME CHANGE:\t{former['to'][:10].replace('-', '')}",
        ]
    if upload and letter.public_reference:
        lines.append(f"PUBLIC REFERENCE ACCESSION NUMBER:\t\t{letter.public_reference}")
    lines.append("</SEC-HEADER>")
    return "\n".join(lines) + "\n"


def render_submission(
    c: SynthCompany, letter: SynthLetter, disseminated: date, rng: random.Random
) -> tuple[list[tuple[str, bytes]], bytes]:
    """The letter's documents as served (file name, bytes), and its SGML complete submission."""
    f = letter.filing
    title = f"{c.name} {f.form} {f.filing_date.isoformat()}"
    docs: list[tuple[str, bytes, str]] = []  # (filename, served bytes, SGML document)
    if letter.doc_format == "pdf":
        pdf = render_pdf(layout_pdf(letter.paras, header=letter.page_header), title=title)
        doc_type = "LETTER" if f.form == "UPLOAD" else "CORRESP"
        encoded = f"<PDF>\n{uuencode(pdf, 'filename1' if f.form == 'UPLOAD' else 'filename1.pdf')}\n</PDF>"
        docs.append(("filename1.pdf", pdf, _sgml_document(doc_type, 1, "filename1.pdf", encoded)))
        if f.form == "UPLOAD" and f.filing_date.year >= 2023:
            text = render_text(letter.paras)
            sgml = _sgml_document("TEXT-EXTRACT", 2, "filename2.txt", text)
            docs.append(("filename2.txt", sgml.encode("utf-8"), sgml))
    else:
        description = "" if rng.random() < 0.6 else rng.choice(["RESPONSE LETTER", "CORRESP", "LETTER"])
        if letter.doc_format == "htm":
            body = render_html(letter.paras, title="", italic_tag=rng.choice(["i", "font"]))
        else:
            body = render_text(letter.paras)
        sgml = _sgml_document("CORRESP", 1, f.primary_document, body, description)
        # EDGAR serves correspondence documents with their SGML wrapper; the sample's .htm files show it.
        docs.append((f.primary_document, sgml.encode("utf-8"), sgml))
    complete = _sgml_header(c, letter, disseminated, len(docs)) + "".join(d[2] for d in docs) + "</SEC-DOCUMENT>\n"
    return [(name, data) for name, data, _ in docs], complete.encode("utf-8")
