"""The EDGAR forms that carry SEC correspondence. The one definition: parsers, services, commands and admin import it."""

# The staff's letters: UPLOAD since 2005 or so, LETTER on older filings, and SEC STAFF LETTER (filed under a
# 9999999997- accession) for letters about redacted exhibits and confidential treatment.
STAFF_FORMS = frozenset({"UPLOAD", "LETTER", "SEC STAFF LETTER"})
# The company's letters to the staff.
COMPANY_FORMS = frozenset({"CORRESP"})
LETTER_FORMS = STAFF_FORMS | COMPANY_FORMS
