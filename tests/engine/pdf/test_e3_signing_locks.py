"""E3 #1 (signing side): our signatures lock what they cover (/Lock FieldMDP, ISO 32000-2 §12.8.2.4).

The seal field locks itself and every form field under the seal. A later form fill of such a field is
then a disallowed modification for pyHanko's difference analysis, while a second seal (a new signature
field) stays permitted and the earlier signature stays valid.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from _e3_signing_helpers import (
    contract_workflow,
    fill_field,
    form_pdf,
    pyhanko_modifications,
    pyhanko_pades_status,
    sign,
    trust,
)
from _sign_fixtures import make_pdf

from eseal.engine.pdf import Indication, verify_pdf
from eseal.engine.pdf.stamp.placement import StampRequest

#: the seal's top-left at (300 pt, 110 pt from the top) of page 1: over the "amount" field
OVER_AMOUNT = StampRequest(mode="single", page=1, x_pt=300, y_pt=110)


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_seal_field_locks_itself_and_the_field_under_it(profile):
    out = sign(profile, form_pdf(), OVER_AMOUNT)
    pdf = pikepdf.open(io.BytesIO(out))
    seal_field = next(f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")).startswith("ESeal-"))
    lock = seal_field.Lock
    assert lock.Type == "/SigFieldLock" and lock.Action == "/Include"
    assert {str(n) for n in lock.Fields} == {"amount", str(seal_field.T)}
    (ref,) = seal_field.V.Reference
    assert ref.TransformMethod == "/FieldMDP" and ref.TransformParams.Action == "/Include"
    assert {str(n) for n in ref.TransformParams.Fields} == {"amount", str(seal_field.T)}


def test_seal_elsewhere_locks_only_its_own_field():
    out = sign("gm", form_pdf())  # default spot, lower right: not over the amount field
    doc = pikepdf.open(io.BytesIO(out))
    seal_field = doc.Root.AcroForm.Fields[1]
    assert [str(n) for n in seal_field.Lock.Fields] == ["ESeal-1"]


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_second_seal_permitted_and_first_stays_valid(profile):
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    for doc in (make_pdf(3), form_pdf(3)):
        out = contract_workflow(profile, doc)
        mods = pyhanko_modifications(out)
        assert set(mods) == {"ESeal-1", "ESeal-2"}
        first = mods["ESeal-1"]
        assert isinstance(first, DiffResult) and first.modification_level <= ModificationLevel.FORM_FILLING, first
        if profile == "pades":
            assert all(st.bottom_line for st in pyhanko_pades_status(out).values())
    report = verify_pdf(contract_workflow(profile, make_pdf(3)), trust=trust())
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 2, report.signatures


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_second_seal_on_form_document_verifies(profile):
    report = verify_pdf(contract_workflow(profile, form_pdf(3)), trust=trust())
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 2, report.signatures


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_form_fill_over_sealed_field_is_disallowed(profile):
    from pyhanko.sign.diff_analysis import DiffResult, SuspiciousModification

    elsewhere = fill_field(sign(profile, form_pdf()), "amount", "900000.00")
    (mod,) = pyhanko_modifications(elsewhere).values()
    assert isinstance(mod, DiffResult) and "amount" in mod.changed_form_fields  # not sealed: a plain form fill
    signed = sign(profile, form_pdf(), OVER_AMOUNT)
    filled = fill_field(signed, "amount", "900000.00")

    (mod,) = pyhanko_modifications(filled).values()
    assert isinstance(mod, SuspiciousModification), mod
    if profile == "pades":
        (st,) = pyhanko_pades_status(filled).values()
        assert not st.docmdp_ok and not st.bottom_line
