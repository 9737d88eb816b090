"""[E3] #11: ``revocation.same_name`` (a CRL issuer against the issuer's subject, remembered by the names'
DER) answers as asn1crypto's ``Name.__eq__`` (RFC 5280 section 7.1) for every pair of the test PKIs' names
and of names that differ only in string type, case or inner spaces; the answer is the same remembered,
after the table was emptied and when a name was re-parsed; and a CRL of another issuer is still unusable."""

from __future__ import annotations

import itertools

from _verify_pki import gm_pki, gm_root_crl, make_pki
from asn1crypto import x509 as asn1_x509

from eseal.engine.pdf.verify import revocation
from eseal.engine.pdf.verify.revocation import RevocationEvidence, revocation_status, same_name


def _names() -> list[asn1_x509.Name]:
    pki, g = make_pki(), gm_pki()
    certs = [pki.root.a_cert, pki.signer.a_cert, pki.expired.a_cert, pki.revoked.a_cert, pki.tsa.a_cert,
             pki.other_root.a_cert, g.root, g.signer_cert]
    names = [n for c in certs for n in (c.subject, c.issuer)] + [pki.a_crl.issuer, gm_root_crl().issuer]
    for value in ("eseal Test Root", "ESEAL  test root", "eseal test root "):
        names.append(asn1_x509.Name.build({"common_name": value}))
        names.append(asn1_x509.Name.build({"common_name": value}, use_printable=True))
    return names


def test_same_name_answers_as_asn1crypto(monkeypatch):
    names = _names()
    pairs = list(itertools.product(names, repeat=2))
    expected = [a == b for a, b in pairs]
    monkeypatch.setattr(revocation, "_SAME_NAME", {})
    assert [same_name(a, b) for a, b in pairs] == expected
    assert [same_name(a, b) for a, b in pairs] == expected  # remembered
    assert [same_name(asn1_x509.Name.load(a.dump()), asn1_x509.Name.load(b.dump())) for a, b in pairs] == expected
    monkeypatch.setattr(revocation, "_SAME_NAME", {})
    monkeypatch.setattr(revocation, "_SAME_NAME_LIMIT", 3)
    assert [same_name(a, b) for a, b in pairs] == expected  # emptied when full, again and again
    assert any(expected) and not all(expected) and len(revocation._SAME_NAME) <= 3
    assert sum(expected) > len(names)  # names equal to others than themselves (case, spaces, string type)


def test_a_crl_of_another_issuer_is_not_used():
    pki, g = make_pki(), gm_pki()
    own = revocation_status(g.signer_cert, g.root, RevocationEvidence((gm_root_crl(),)))
    other = revocation_status(g.signer_cert, g.root, RevocationEvidence((pki.a_crl,)))
    assert own.checked and own.source == "crl" and not other.checked
