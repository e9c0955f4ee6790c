"""A live review from end to end, through the API where it exists:

1. a member uploads a staff letter through private intake;
2. its comments get due dates (and an extension agreed with the staff moves them);
3. they are assigned, drafted, reviewed and approved by members with the right roles, and wrong roles are refused;
4. the DOCX is generated and read back with python-docx;
5. the filed CORRESP arrives through the fake EDGAR (real HTTP on 127.0.0.1) and links to the draft letter.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from comments.models import Letter, StaffComment
from filings import services as filings_services
from tests.filings.mirror import MirrorFiling, write_mirror
from tests.plugins.fake_edgar import client_for, use_fake_edgar
from tests.workflow.docx_reading import docx_paragraphs, paragraph_with, re_block
from tests.workflow.letters import COMMENTS, Team, company_make, staff_letter_text
from workflow.models import Draft, ResponseLetter

pytestmark = pytest.mark.django_db(transaction=True)

CIK = 8_812_345
FILED_ACCESSION = "0008812345-25-000003"
ANSWERS = [
    "In future filings we will quantify each factor that contributed to the change in revenue.",
    "We respectfully advise the Staff that the two operating segments have similar economic characteristics.",
    "In future filings we will disclose the amounts available under the facility at each quarter end.",
]


def api(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user, path: str, data: dict | None = None, status: int = 200, **kwargs):  # noqa: ANN001, ANN201
    response = api(user).post(f"/api/v1/{path}", data or {}, format=kwargs.pop("format", "json"), **kwargs)
    assert response.status_code == status, response.content[:500]
    return response


def test_a_live_review_from_private_intake_to_the_filed_corresp(settings, tmp_path, fake_edgar_factory):
    team = Team()
    slug = team.organisation.slug
    company_make(cik=CIK, name="Acme Widgets Inc.")  # known before its first letter arrives

    # 1. Private intake, by an editor; a viewer may not upload.
    text = staff_letter_text(date(2024, 12, 20)).encode()
    upload = {"cik": CIK, "form_type": "UPLOAD", "organisation": slug}
    post(
        team.viewer, "letters/intake/", {**upload, "file": SimpleUploadedFile("staff.txt", text)}, status=403, format="multipart"
    )
    intake = post(
        team.editor, "letters/intake/", {**upload, "file": SimpleUploadedFile("staff.txt", text)}, status=201, format="multipart"
    )
    staff_letter = Letter.objects.get(pk=intake.json()["id"])
    comments = list(staff_letter.comments.order_by("position"))
    assert [c.number for c in comments] == [1, 2, 3]

    # 2. Due dates: ten business days past 2024-12-24, Christmas and New Year's Day; then an agreed extension.
    due = api(team.viewer).get(f"/api/v1/workflow/due/?organisation={slug}").json()
    assert [(row["number"], row["response_due"], row["due_on"]) for row in due] == [
        (n, "2025-01-08", "2025-01-08") for n in (1, 2, 3)
    ]
    extension = {
        "organisation": slug,
        "staff_letter": staff_letter.pk,
        "until": "2025-01-15",
        "reason": "Agreed by phone with the staff.",
    }
    post(team.viewer, "workflow/extensions/enter/", extension, status=403)
    post(team.editor, "workflow/extensions/enter/", extension, status=201)
    due = api(team.viewer).get(f"/api/v1/workflow/due/?organisation={slug}").json()
    assert {row["response_due"] for row in due} == {"2025-01-15"}

    # 3. Assign, draft, submit, approve: each by a role that may, each refused to one that may not.
    for comment, answer in zip(comments, ANSWERS):
        assignment = {"organisation": slug, "comment": comment.pk, "owner": team.other_editor.username, "due_on": "2025-01-10"}
        post(team.viewer, "workflow/assignments/assign/", assignment, status=403)
        post(team.editor, "workflow/assignments/assign/", assignment)
        written = post(
            team.other_editor,
            "workflow/drafts/write/",
            {"organisation": slug, "comment": comment.pk, "text": answer, "answer_type": "will_revise"},
        ).json()
        post(team.viewer, f"workflow/drafts/{written['id']}/submit/", status=403)
        post(team.other_editor, f"workflow/drafts/{written['id']}/submit/")
        approval = {"revision": written["revision"]}
        post(team.editor, f"workflow/drafts/{written['id']}/approve/", approval, status=403)
        approved = post(team.approver, f"workflow/drafts/{written['id']}/approve/", approval).json()
        assert (approved["status"], approved["approved_by"]) == ("approved", team.approver.username)
    due = api(team.viewer).get(f"/api/v1/workflow/due/?organisation={slug}").json()
    assert {(row["owner"], row["due_on"], row["draft_status"]) for row in due} == {
        (team.other_editor.username, "2025-01-10", "approved")
    }
    # The approver who writes a word must find another approver.
    draft = Draft.objects.get(comment=comments[2])
    rewritten = post(
        team.approver,
        "workflow/drafts/write/",
        {"organisation": slug, "comment": comments[2].pk, "text": ANSWERS[2] + " We will also disclose its maturity."},
    ).json()
    post(team.approver, f"workflow/drafts/{draft.pk}/submit/")
    post(team.approver, f"workflow/drafts/{draft.pk}/approve/", {"revision": rewritten["revision"]}, status=403)
    post(team.other_approver, f"workflow/drafts/{draft.pk}/approve/", {"revision": rewritten["revision"]})
    ANSWERS[2] += " We will also disclose its maturity."

    # 4. The response letter, generated as final DOCX, read back.
    letter = post(team.editor, "workflow/response-letters/open/", {"organisation": slug, "staff_letter": staff_letter.pk}).json()
    post(
        team.editor,
        f"workflow/response-letters/{letter['id']}/edit/",
        {"letter_date": "2025-01-14", "signatory_name": "John Smith", "signatory_title": "Chief Financial Officer"},
    )
    post(team.viewer, f"workflow/response-letters/{letter['id']}/generate/", {"final": True}, status=403)
    generated = post(team.editor, f"workflow/response-letters/{letter['id']}/generate/", {"final": True, "format": "docx"})
    assert generated["Content-Disposition"] == 'attachment; filename="response-2024-12-20.docx"'
    paragraphs = docx_paragraphs(generated.content)
    assert re_block(paragraphs)[:3] == [
        "Acme Widgets Inc.",
        "Form 10-K for the Fiscal Year Ended December 31, 2023",
        "Filed February 20, 2024",
    ]
    assert re_block(paragraphs)[-1] == "File No. 001-37711"
    for (_, comment), answer in zip(COMMENTS, ANSWERS):
        assert paragraph_with(paragraphs, comment).italic
        assert not paragraph_with(paragraphs, answer).italic
    assert not any("do not foreclose the Commission" in p.text for p in paragraphs)  # dated after 2016-10-05
    assert ResponseLetter.objects.get().status == ResponseLetter.Status.FINAL

    # 5. The company files it (one answer edited on the way); EDGAR publishes it; ingestion brings it in.
    html = post(team.editor, f"workflow/response-letters/{letter['id']}/generate/", {"final": True, "format": "html"}).content
    html = html.replace(b"we will quantify each factor", b"we will quantify, in tabular form, each factor")
    mirror = write_mirror(
        tmp_path / "mirror",
        cik=CIK,
        name="Acme Widgets Inc.",
        filings=[
            MirrorFiling(
                accession_number=FILED_ACCESSION, form="CORRESP", filing_date="2025-01-14", documents={"filename1.htm": html}
            ),
        ],
    )
    fake = fake_edgar_factory(mirror)
    use_fake_edgar(settings, fake)
    settings.EDGAR_CACHE_DIR, settings.VAR_DIR, settings.REDIS_URL = tmp_path / "cache", tmp_path, ""
    run = filings_services.ingest_accessions(client=client_for(fake, tmp_path), accessions=[FILED_ACCESSION], cik=CIK)
    assert run.filings_fetched == 1

    filed = Letter.objects.get(filing__accession_number=FILED_ACCESSION)
    # A public letter never links to a private one: it names the staff letter by its date.
    assert (filed.kind, filed.is_private, filed.responds_to_letter_date) == (
        Letter.Kind.COMPANY_RESPONSE,
        False,
        date(2024, 12, 20),
    )
    response_letter = ResponseLetter.objects.get()
    assert (response_letter.status, response_letter.filed_letter_id) == (ResponseLetter.Status.FILED, filed.pk)
    assert set(StaffComment.objects.filter(letter=staff_letter).values_list("status", flat=True)) == {
        StaffComment.Status.RESPONDED
    }
    due = api(team.viewer).get(f"/api/v1/workflow/due/?organisation={slug}").json()
    assert {(row["state"], row["response_due"]) for row in due} == {("answered", "2025-01-15")}
    differences = api(team.viewer).get(f"/api/v1/workflow/response-letters/{letter['id']}/differences/").json()
    assert [(d["comment_number"], d["same"]) for d in differences] == [(1, False), (2, True), (3, True)]
    assert ["insert", "quantify, in tabular form,"] in differences[0]["diff"]
