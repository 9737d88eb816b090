"""Helpers of the D1c tests (我的文档 / 业务文档): accounts written into the database, real PDFs (reportlab with
Chinese text, or a hand-built PDF of a chosen size with an incompressible stream), documents made through the real
services, and a real stamping (platform CA + TSA, the seal's 核验密码)."""

from __future__ import annotations

import itertools
import os
from datetime import date
from typing import Any

from eseal.engine.ids import generate_citizen_id, generate_credit_code

_seq = itertools.count(1)
SEAL_PASSWORD = "135790"


def new_person_id() -> str:
    n = next(_seq)
    return generate_citizen_id("450103", date(1991, 6, 1 + n % 27), n % 999 + 1, "M" if n % 2 else "F")


def make_accounts(services: Any) -> dict[str, Any]:
    """{"enterprise", "person", "other"}: ids of an enterprise and two persons; "person_number": the ID number."""
    from eseal.platform.accounts import Account, legal_rep_id_columns, person_id_columns

    now = services.clock.now()
    with services.session() as db:
        ent = Account(kind="enterprise", created_at=now, status="active", phone="13900000011",
                      enterprise_name="南宁文档测试有限公司", credit_code=generate_credit_code(),
                      legal_type="enterprise", legal_rep_name="赵法人",
                      **legal_rep_id_columns(services, new_person_id()))
        db.add(ent)
        people = []
        for name, phone in (("王文档", "13900000012"), ("李别人", "13900000013")):
            number = new_person_id()
            person = Account(kind="person", created_at=now, status="active", phone=phone, login_phone=phone,
                             person_name=name, realname_verified=True,
                             **person_id_columns(services, "resident_id", number))
            db.add(person)
            people.append((person, number))
        db.flush()
        return {"enterprise": ent.id, "person": people[0][0].id, "other": people[1][0].id,
                "person_number": people[0][1]}


def sample_pdf(title: str = "供水供气服务合同", holder: str = "王文档") -> bytes:
    from eseal.platform.documents import render_sample

    return render_sample(title, ("第一条　双方约定如下。", "第二条　本合同自签章之日起生效。"), holder=holder)


def big_pdf(size: int) -> bytes:
    """A valid one-page PDF of about ``size`` bytes: the bulk is an incompressible stream object."""
    payload = os.urandom(max(0, size - 600))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /Length " + str(len(payload)).encode() + b" >>\nstream\n" + payload + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def actor(db: Any, account_id: int, acting_as: int | None = None) -> Any:
    from eseal.platform.accounts import Account, Actor

    return Actor(account=db.get(Account, account_id), acting_as=db.get(Account, acting_as) if acting_as else None,
                 ip="127.0.0.1")


def upload(services: Any, account_id: int, name: str, data: bytes | None = None,
           acting_as: int | None = None) -> int:
    from eseal.platform.documents.upload import upload_document

    with services.session() as db:
        return upload_document(db, services, actor=actor(db, account_id, acting_as), name=name,
                               source=data or sample_pdf()).id


def business(services: Any, account_id: int, name: str, source: str = "gx_water_gas", matter: str = "供水供气",
             data: bytes | None = None) -> int:
    from eseal.platform.documents import create_business_document

    with services.session() as db:
        return create_business_document(db, services, source_code=source, account_id=account_id, name=name,
                                        matter_type=matter, pdf_bytes=data or sample_pdf(name)).id


def issue_password_seal(services: Any, person_id: int, id_number: str) -> int:
    """A 个人方章 of the person whose 用章核验方式 is a 核验密码 (SEAL_PASSWORD)."""
    from eseal.platform.accounts import Account, Actor
    from eseal.platform.core import hash_password
    from eseal.platform.seals import IssueRequest, issue_seals

    with services.session() as db:
        person = db.get(Account, person_id)
        seals = issue_seals(db, services, actor=Actor(account=person), request=IssueRequest(
            owner_account_id=person_id, kinds=("personal_square",), holder_name=person.person_name,
            id_number=id_number, font="kai", method="password", method_password_hash=hash_password(SEAL_PASSWORD)))
        return seals[0].id


def stamp(services: Any, account_id: int, document_id: int, seal_id: int) -> None:
    """One real single-page stamping through the signing service (willingness: the seal's 核验密码)."""
    from eseal.platform.signing.stamping import prepare_signing, sign_document
    from eseal.platform.signing.stamps import Stamp

    stamps = [Stamp(seal_id=seal_id, mode="single", page=1, x_mm=120.0, y_mm=200.0)]
    with services.session() as db:
        ch = prepare_signing(db, services, actor=actor(db, account_id), document_id=document_id, stamps=stamps)
        cid = ch.challenge.challenge_id
    with services.session() as db:
        sign_document(db, services, actor=actor(db, account_id), document_id=document_id, stamps=stamps,
                      challenge_id=cid, seal_password=SEAL_PASSWORD)


def sign_as_the_route_does(services: Any, account_id: int, *, document_id: int, stamps: list[Any],
                           challenge_id: str) -> Any:
    """One submission as ``web/api/signing.sign`` runs it: a session beginning DEFERRED on SQLite (the write lock at
    its first write), committed after the signing, and after a business error too (as ``deps.get_db``: attempt
    counters), rolled back otherwise. Returns the outcome, or the exception (a PlatformError, or a database error
    such as a PostgreSQL deadlock)."""
    from eseal.platform.core import PlatformError, deferred_bind
    from eseal.platform.signing.stamping import sign_document

    db = services.sessionmaker(bind=deferred_bind(services.engine))
    try:
        out = sign_document(db, services, actor=actor(db, account_id), document_id=document_id, stamps=stamps,
                            challenge_id=challenge_id, seal_password=SEAL_PASSWORD)
        db.commit()
        return out
    except PlatformError as exc:
        db.commit()
        return exc
    except Exception as exc:
        db.rollback()
        return exc
    finally:
        db.close()


def at_once(*calls: Any, timeout: float = 120) -> list[Any]:
    """Run the zero-argument ``calls`` in threads at the same time; their results in order (all must finish)."""
    import threading

    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a submission did not finish"
    return results
