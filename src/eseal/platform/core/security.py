"""Small security helpers: password hashing (argon2id), the keyed hash of seal PINs, tokens, HMAC of short codes,
masking."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2id with the library's RFC 9106 "low memory" profile (fast enough for 2 cores, still strong).
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)


def configure_hasher(*, time_cost: int, memory_cost: int) -> None:
    """Change the argon2id cost for new hashes (tests use a tiny cost; stored hashes carry their own)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)

# At most one argon2id computation per CPU core at a time (threads of this process queue, first come first served):
# 20 logins at once then finish one after another instead of all together at the end (lower median, same
# total), and a flood of logins holds cores x 64 MiB of argon2 memory instead of requests x 64 MiB.
HASH_SLOTS = max(1, os.cpu_count() or 1)
_slots = threading.BoundedSemaphore(HASH_SLOTS)


PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def hash_password(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        # Spend comparable time so a missing password is not distinguishable by timing.
        with _slots:
            _hasher.hash(password)
        return False
    try:
        with _slots:
            return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# The seal's 核验密码 (a PIN of 6+ digits that only lets the server use a private key it holds itself): a keyed
# HMAC-SHA-256 under a key derived from the master key, with a per-hash salt (docs/platform.md "Seal PINs").
# argon2 cannot protect a 10^6 space against whoever holds the database (about 39 CPU-hours at 0.14 s a guess,
# minutes on a GPU); without the master key this hash cannot be tested at all, and it costs microseconds instead of
# the 0.14 s of CPU argon2 took on every signing. Hashes stored as argon2 before still verify and are rehashed.
PIN_PREFIX = "$eseal-pin-hmac-sha256$v1$"
_PIN_KEY_INFO = b"eseal seal pin v1"


def pin_key(master_key: bytes) -> bytes:
    """The key of seal-PIN hashes: derived from the master key, used for nothing else."""
    return hmac.new(master_key, _PIN_KEY_INFO, hashlib.sha256).digest()


def _pin_mac(key: bytes, salt: str, pin: str) -> str:
    return hmac.new(key, f"{salt}\x1f{pin}".encode(), hashlib.sha256).hexdigest()


def hash_pin(master_key: bytes, pin: str) -> str:
    """``$eseal-pin-hmac-sha256$v1$<salt>$<hmac>`` of a seal PIN."""
    salt = secrets.token_hex(16)
    return f"{PIN_PREFIX}{salt}${_pin_mac(pin_key(master_key), salt, pin)}"


def verify_pin(master_key: bytes, stored_hash: str | None, pin: str) -> tuple[bool, bool]:
    """(matches, should be rehashed with :func:`hash_pin`): keyed hashes, and argon2 hashes of earlier versions
    (a match of one of those asks for the rehash, so no stored PIN is lost by the change)."""
    if not stored_hash:
        return False, False
    if stored_hash.startswith(PIN_PREFIX):
        salt, _, mac = stored_hash[len(PIN_PREFIX):].partition("$")
        return hmac.compare_digest(_pin_mac(pin_key(master_key), salt, pin), mac), False
    ok = verify_password(stored_hash, pin)
    return ok, ok


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def hmac_hex(key: bytes, *parts: str) -> str:
    return hmac.new(key, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def constant_eq(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def random_digits(n: int = 6) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


def is_phone(value: str) -> bool:
    return bool(PHONE_RE.match(value))


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_id(number: str | None) -> str | None:
    """Citizen IDs (15/18): first 4 and last 4 shown; shorter numbers (permits, 8-11): first 1 and last 2, so
    at least as many characters are hidden as shown. The length stays (it is given by the ID type)."""
    if not number:
        return None
    if len(number) <= 6:
        return number[0] + "*" * (len(number) - 1)
    if len(number) >= 15:
        return number[:4] + "*" * (len(number) - 8) + number[-4:]
    return number[0] + "*" * (len(number) - 3) + number[-2:]


NAME_MASK_STARS = "**"


def mask_name(name: str | None) -> str | None:
    """Fixed shape: the first character and two stars (张三 → 张**, a 50-character name → X**): the mask neither
    tells the length of the name nor gets long enough to break a layout."""
    if not name:
        return None
    return name[0] + NAME_MASK_STARS
