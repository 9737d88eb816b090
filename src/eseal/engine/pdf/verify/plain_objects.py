"""A strict reader of plain PDF objects straight from the file's bytes, for the revision analysis.

Why (E3 #11): pyHanko's parser reads one byte at a time and its historical resolvers copy every object once per
revision; a seal on every page of a 117-page file made the later revisions' ~700 small page and widget dictionaries
most of the verification time. This reader parses an object version at the offset pyHanko's xref gives for it (an
unchanged version is parsed once, whatever the revision) into plain Python values:

* dictionaries -> ``dict`` (name without decoding -> value), arrays -> ``list``, names -> ``str``
  (``"/Annots"``), references -> :class:`Ref`, integers -> ``int``, reals -> :class:`Real` (a ``Decimal``), strings ->
  :class:`PdfString` (the raw token, never decoded: two strings are the same only byte for byte),
  ``true``/``false``/``null`` -> :class:`Keyword`, a stream -> :class:`PdfStream` (its dictionary; the
  data is not read).

It is strict on purpose and never guesses: an object in an object stream, a header that does not name the object, a
``#`` escape or a non-ASCII byte in a name, a repeated dictionary key, a keyword it does not know, anything after the
value but ``endobj``/``stream``, a freed or missing object — each raises :class:`Unsure`, and the caller then asks
pyHanko as before. Compare values with :func:`same` (type-strict: ``1``, ``1.0`` and ``true`` differ).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from eseal.engine.pdf.verify.interned import interned

MAX_DEPTH = 32


class Unsure(Exception):
    """The plain reader cannot vouch for this object: the caller must use pyHanko's analysis."""


class Ref(NamedTuple):
    idnum: int
    generation: int


_tuple_new = tuple.__new__  # Ref from a pair without NamedTuple's Python-level __new__ (E3 #11: ~2,700 a seal file)


class PdfString(bytes):
    """A string object's raw token, delimiters included (``(abc)`` or ``<616263>``)."""


class Keyword(str):
    """``true``, ``false`` or ``null``."""


class PdfStream(dict[str, Any]):
    """A stream object's dictionary (the data is not read)."""


class Real(Decimal):
    """A real number. Never equal to an integer (``0.0`` is not ``0`` to :func:`same`), so that ``==`` on
    plain values is type-strict (E3 #11: values compared at C speed, see :func:`same`)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decimal) and Decimal.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)
    __hash__ = Decimal.__hash__


_WS = rb"\x00\t\n\f\r "
_STOP = rb"(?=[\x00\t\n\f\r ()<>\[\]{}/%]|\Z)"  # a token ends at white space, a delimiter or the end
_HEADER = re.compile(rb"(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+obj" + _STOP)
# One token after white space and comments. A name with a '#' escape or a byte outside printable
# ASCII, a literal string with nested parentheses, an unknown keyword: nothing matches (Unsure).
_TOKEN = re.compile(
    rb"(?:[" + _WS + rb"]++|%[^\r\n]*+)*+"  # possessive: a comment runs to the end of its line
    rb"(?:(?P<ref>(?P<num>\d+)[" + _WS + rb"]+(?P<gen>\d+)[" + _WS + rb"]+R)" + _STOP +
    rb"|(?P<int>[+-]?\d+)" + _STOP +
    rb"|(?P<real>[+-]?(?:\d+\.\d*|\.\d+))" + _STOP +
    rb"|(?P<name>/[\x21\x22\x24\x26\x27\x2a-\x2e\x30-\x3b\x3d\x3f-\x5a\x5c\x5e-\x7a\x7c\x7e]*)" + _STOP +
    rb"|(?P<dopen><<)|(?P<dclose>>>)|(?P<aopen>\[)|(?P<aclose>\])"
    rb"|(?P<str>\((?:[^()\\]|\\.)*\))"
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<kw>true|false|null)" + _STOP +
    rb"|(?P<endobj>endobj)" + _STOP +
    rb"|(?P<stream>stream(?:\r\n|\n)))",
    re.S,
)
_NOTHING = object()


class _DictFrame:
    """An open dictionary while parsing: its entries and the key waiting for a value."""

    __slots__ = ("entries", "key")

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}
        self.key: str | None = None

    def add(self, value: Any) -> None:
        if self.key is None:
            if type(value) is not str:
                raise Unsure("dictionary key is not a name")
            if value in self.entries:
                raise Unsure("repeated dictionary key")
            self.key = value
        else:
            self.entries[self.key] = value
            self.key = None


def parse_object_at(data: bytes, offset: int, key: Ref) -> Any:
    """The value of the indirect object ``key`` whose header starts at ``offset``."""
    m = _HEADER.match(data, offset)
    if m is None or (int(m.group(1)), int(m.group(2))) != key:
        raise Unsure("object header does not match the xref")
    value = _parse_at_once(data, m.end())
    return _parse_token_by_token(data, m.end()) if value is _NOTHING else value


# The same grammar, read at once for the usual objects (E3 #11: ~3x faster on page and widget
# dictionaries): when the object's text up to its first ``endobj``/``stream`` keyword holds nothing but
# printable ASCII, white space, names, numbers, references, the three keywords, ``<< >> [ ]`` (no
# string, comment, ``#``, NUL or brace), it is split at white space and the values are built from the
# words. Whatever this cannot vouch for, the token-by-token reader decides (it is unsure or reads it).
_FAST_LIMIT = 8192  # larger objects (signature dictionaries, streams): token by token
_SIMPLE_TEXT = re.compile(r"[\t\n\f\r !\"$&'*-z|~\[\]]*")  # no NUL # % ( ) { } or non-ASCII byte
_REAL = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")
_STOP_BYTES = frozenset(b"\x00\t\n\f\r ()<>[]{}/%")
_OPEN, _CLOSE = "\x01", "\x02"  # what ``<<`` and ``>>`` become before the split
_KEYWORDS = frozenset(("true", "false", "null"))


class _Items(list[Any]):
    """An open dictionary while reading at once: its keys and values, alternating."""


# Objects of one *shape* (E3 #11): the bytes of an object with every digit read as ``0`` (a widget of a
# seal on every page differs from the next only in digits: its ``/P``, its ``/AP``). Every decision of the
# at-once reading depends only on the shape — where the words start and end, which are names, integers,
# reals, references, keywords — except whether two names with digits are one key twice. So from the
# second object of a shape on, the value is built by one function made for that shape: it slices the
# numbers (and the names with digits) out of the text at the shape's offsets. A first object of a shape
# is read as before (most objects of a file are one of a kind). The builder is checked against the
# reading it was made from; keys that the shape cannot tell apart are checked at each build.
_SHAPE_LIMIT = 2048  # bytes of an object's text up to endobj/stream; larger ones are read as before
_SHAPES_MAX = 1024  # shapes kept (keys ≤ 2 MB, builders ≤ ~10 MB); the table is emptied when full
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")
_SEEN_ONCE, _NO_BUILDER = object(), object()
_shapes: dict[bytes, Any] = {}  # shape -> _SEEN_ONCE, _NO_BUILDER or its builder (text -> value)
# the words of the at-once reading with their offsets: << >> [ ] a name (up to the next delimiter), a run
_WORD_SPAN = re.compile(r"<<|>>|\[|\]|/[^\t\n\f\r /\[\]<>]*|[^\t\n\f\r /\[\]<>]+")
_HAS_DIGIT = re.compile(r"[0-9]")


class _Repeated(Exception):
    """Two keys of one dictionary are the same name (the at-once reading declines)."""


def _unique(items: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    value = dict(items)
    if len(value) != len(items):
        raise _Repeated
    return value


_BUILDER_NAMES = {"__builtins__": {}, "int": int, "D": interned(Real), "R": Ref, "K": Keyword, "S": PdfStream,
                  "U": _unique, "G": {str(d): d for d in range(10)}.__getitem__,  # E3 #11: one digit, shared values
                  "T": interned(lambda text: _tuple_new(Ref, tuple(map(int, text.split()))))}  # "N G" -> Ref


def _builder(text: str, last: str, value: Any) -> Any:
    """The builder of ``text``'s shape (Python source made from the word offsets, compiled once), or
    ``_NO_BUILDER`` when the words cannot be placed or the builder would not read ``value``."""
    spans = [m.span() for m in _WORD_SPAN.finditer(text)]
    words = [text[a:b] for a, b in spans]
    split = _words(text) or []
    if [w.replace(_OPEN, "<<").replace(_CLOSE, ">>") for w in split] != words or words[-1] != last:
        return _NO_BUILDER
    source = _source(words[:-1], spans, last)
    if source is None:
        return _NO_BUILDER
    build = eval("lambda t: " + source, dict(_BUILDER_NAMES))  # noqa: S307 - made from offsets and repr()s
    try:
        built = build(text)
    except _Repeated:
        built = _NOTHING
    if built is _NOTHING or type(built) is not type(value) or not same(built, value):
        return _NO_BUILDER
    return build


def _source(words: list[str], spans: list[tuple[int, int]], last: str) -> str | None:
    """The builder's expression (over the text ``t``) by the at-once reading's rules, or None."""
    stack: list[list[tuple[str, str, str]]] = []  # open containers: (kind, expression, word) per value
    kinds: list[str] = []  # "<<" or "[" per open container
    result: tuple[str, str, str] | None = None
    for i, word in enumerate(words):
        a, b = spans[i]
        sliced = f"t[{a}:{b}]"
        if word[0] == "/":
            item = ("name", sliced if _HAS_DIGIT.search(word) else repr(word), word)
        elif word.isdigit():
            item = ("uint", f"G(t[{a}])" if len(word) == 1 else f"int({sliced})", word)
        elif word == "R":
            top = stack[-1] if stack else None
            if top is None or i < 2 or not (words[i - 1].isdigit() and words[i - 2].isdigit()):
                return None
            top[-2:] = []
            item = ("ref", f"T(t[{spans[i - 2][0]}:{spans[i - 1][1]}])", word)
        elif word in ("<<", "["):
            if len(stack) >= MAX_DEPTH:
                return None
            stack.append([])
            kinds.append(word)
            continue
        elif word in (">>", "]"):
            if not stack or kinds[-1] != ("<<" if word == ">>" else "["):
                return None
            closed, kind = stack.pop(), kinds.pop()
            if kind == "<<":
                keys, values = closed[::2], closed[1::2]
                if len(closed) % 2 or any(k[0] != "name" for k in keys):
                    return None  # a key without a value, a key that is not a name
                if len({k[2] for k in keys}) != len(keys):
                    return None  # a repeated key (the same name, digits and all)
                pairs = [f"({k[1]}, {v[1]})" for k, v in zip(keys, values, strict=True)]
                shapes = {k[2].translate(_DIGIT_TO_ZERO) for k in keys}
                if len(shapes) == len(keys):  # keys the shape tells apart: a plain dictionary
                    item = ("dict", "{" + ", ".join(f"{k[1]}: {v[1]}" for k, v in zip(keys, values, strict=True))
                            + "}", word)
                else:
                    item = ("dict", "U((" + "".join(p + ", " for p in pairs) + "))", word)
            else:
                item = ("array", "[" + ", ".join(v[1] for v in closed) + "]", word)
        elif word in _KEYWORDS:
            item = ("keyword", f"K({word!r})", word)
        elif (word[0] == "-" or word[0] == "+") and word[1:].isdigit():
            item = ("int", f"int({sliced})", word)
        elif _REAL.fullmatch(word):
            item = ("real", f"D({sliced})", word)
        else:
            return None
        if stack:
            stack[-1].append(item)
        elif result is None:
            result = item
        else:
            return None
    if stack or result is None:
        return None
    if last == "endobj":
        return result[1]
    return f"S({result[1]})" if result[0] == "dict" else None


_DIGIT_TO_ZERO = str.maketrans("0123456789", "0000000000")


def _parse_at_once(data: bytes, start: int) -> Any:
    """The value of the object whose body starts at ``start``, or ``_NOTHING`` when not sure."""
    limit = start + _FAST_LIMIT
    end = data.find(b"endobj", start, limit)
    s = data.find(b"stream", start, end if end >= 0 else limit)
    if s >= 0:
        last, end = "stream", s + 6
        if data[end:end + 2] == b"\r\n":
            end += 2
        elif data[end:end + 1] == b"\n":
            end += 1
        else:
            return _NOTHING
    elif end < 0:
        return _NOTHING
    else:
        last, end = "endobj", end + 6
        if end < len(data) and data[end] not in _STOP_BYTES:
            return _NOTHING
    raw = data[start:end]
    if len(raw) > _SHAPE_LIMIT:
        return _read_words(raw.decode("latin-1"), last)
    shape = raw.translate(_DIGITS_AS_ZERO)
    known = _shapes.get(shape)
    if known is not None and known is not _SEEN_ONCE and known is not _NO_BUILDER:
        try:
            return known(raw.decode("latin-1"))
        except _Repeated:
            return _NOTHING
    text = raw.decode("latin-1")
    value = _read_words(text, last)
    if known is None:
        if len(_shapes) >= _SHAPES_MAX:
            _shapes.clear()
        _shapes[shape] = _SEEN_ONCE
    elif known is _SEEN_ONCE and value is not _NOTHING:  # the second object of this shape: make its builder
        _shapes[shape] = _builder(text, last, value)
    return value


def _words(text: str) -> list[str] | None:
    """The words of the at-once reading (``<<`` and ``>>`` as ``_OPEN`` and ``_CLOSE``), or None: not at once."""
    if _SIMPLE_TEXT.fullmatch(text) is None:
        return None
    text = text.replace("<<", " \x01 ").replace(">>", " \x02 ")
    if "<" in text or ">" in text:
        return None  # a hex string, or an angle bracket that is no token
    return text.replace("/", " /").replace("[", " [ ").replace("]", " ] ").split()


def _read_words(text: str, last: str) -> Any:
    """The at-once reading of an object's text (up to and with ``last``), or ``_NOTHING``."""
    words = _words(text)
    if not words or words[-1] != last:
        return _NOTHING
    stack: list[Any] = []
    top: Any = None
    result: Any = _NOTHING
    value: Any
    for i in range(len(words) - 1):
        word = words[i]
        first = word[0]
        if first == "/":
            value = word
        elif word.isdigit():
            value = int(word)
        elif word == "R":  # the two unsigned integers just before, in the same container
            if top is None or i < 2 or not (words[i - 1].isdigit() and words[i - 2].isdigit()):
                return _NOTHING
            gen = top.pop()
            value = _tuple_new(Ref, (top.pop(), gen))
        elif word == _OPEN or word == "[":
            if len(stack) >= MAX_DEPTH:
                return _NOTHING
            top = _Items() if word == _OPEN else []
            stack.append(top)
            continue
        elif word == _CLOSE or word == "]":
            closed = stack.pop() if stack else None
            if word == _CLOSE:
                if type(closed) is not _Items:
                    return _NOTHING
                keys = closed[::2]
                if len(closed) % 2 or (keys and set(map(type, keys)) != {str}):
                    return _NOTHING  # a key without a value, a key that is not a name
                value = dict(zip(keys, closed[1::2], strict=True))
                if len(value) != len(keys):
                    return _NOTHING  # a repeated key
            elif type(closed) is list:
                value = closed
            else:
                return _NOTHING
            top = stack[-1] if stack else None
        elif word in _KEYWORDS:
            value = Keyword(word)
        elif (first == "-" or first == "+") and word[1:].isdigit():
            value = int(word)
        elif _REAL.fullmatch(word):
            value = Real(word)
        else:  # an unknown keyword, ``endobj`` before the end, ...
            return _NOTHING
        if top is not None:
            top.append(value)
        elif result is _NOTHING:
            result = value
        else:
            return _NOTHING
    if stack or result is _NOTHING:
        return _NOTHING
    if last == "endobj":
        return result
    return PdfStream(result) if type(result) is dict else _NOTHING


def _parse_token_by_token(data: bytes, start: int) -> Any:
    """The value of the object whose body starts at ``start`` (the reference reader: one token at a time)."""
    scanner = _TOKEN.scanner(data, start)  # type: ignore[attr-defined]
    stack: list[Any] = []  # open containers: a list or a _DictFrame
    result: Any = _NOTHING
    while True:
        t = scanner.match()
        if t is None:
            raise Unsure("unexpected token")
        kind = t.lastgroup
        value: Any
        if kind == "name":
            value = t.group("name").decode("ascii")
        elif kind == "ref":
            value = Ref(int(t.group("num")), int(t.group("gen")))
        elif kind == "int":
            value = int(t.group("int"))
        elif kind == "dopen" or kind == "aopen":
            if len(stack) >= MAX_DEPTH:
                raise Unsure("nested too deeply")
            stack.append(_DictFrame() if kind == "dopen" else [])
            continue
        elif kind == "dclose":
            if not stack or type(stack[-1]) is not _DictFrame or stack[-1].key is not None:
                raise Unsure("unbalanced >>")
            value = stack.pop().entries
        elif kind == "aclose":
            if not stack or type(stack[-1]) is not list:
                raise Unsure("unbalanced ]")
            value = stack.pop()
        elif kind == "real":
            value = Real(t.group("real").decode("ascii"))
        elif kind == "str" or kind == "hex":
            value = PdfString(t.group(kind))
        elif kind == "kw":
            value = Keyword(t.group("kw").decode("ascii"))
        else:  # endobj, stream
            if stack or result is _NOTHING:
                raise Unsure("the object ends inside its value")
            if kind == "stream":
                if type(result) is not dict:
                    raise Unsure("a stream without a dictionary")
                return PdfStream(result)
            return result
        if stack:
            top = stack[-1]
            if type(top) is list:
                top.append(value)
            else:
                top.add(value)
        elif result is _NOTHING:
            result = value
        else:
            raise Unsure("more than one value")


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")",
            b"\\": b"\\"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\r\n]|.)", re.S)


def ascii_text(value: Any) -> str:
    """A literal string of printable ASCII after its escapes are undone (a field name), else Unsure (within
    printable ASCII, PDFDocEncoding and ASCII agree; anything else is pyHanko's to decode)."""
    if not isinstance(value, PdfString) or value[:1] != b"(":
        raise Unsure("not a literal string")

    def undo(m: re.Match[bytes]) -> bytes:
        c = m.group(1)
        if c[:1].isdigit():
            return bytes([int(c, 8) & 0xFF])
        if c in (b"\r\n", b"\r", b"\n"):
            return b""  # a line continuation
        return _ESCAPES.get(c, c)

    raw = bytes(value[1:-1])
    if b"\r" in raw or b"\n" in raw:
        raise Unsure("line break inside a string")
    text = _ESCAPE.sub(undo, raw)
    if not all(0x20 <= b <= 0x7E for b in text):
        raise Unsure("not printable ASCII")
    return text.decode("ascii")


def same(a: Any, b: Any) -> bool:
    """Type-strict equality of plain values (``1`` is not ``1.0``, a name is not a string)."""
    if a is b:
        return True  # one parse of one object version
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def same_read(a: Any, b: Any) -> bool:
    """:func:`same` of two values this reader made, as one comparison (E3 #11: at C speed, not a walk).

    ``==`` is type-strict on them: an integer never equals a :class:`Real` (the reader makes no other real),
    every tuple is a :class:`Ref`, every bytes a :class:`PdfString`, a name (``/...``) never equals a
    :class:`Keyword`, and a :class:`PdfStream` is only ever the value of an object itself (never inside
    another value), where the types are compared."""
    return a is b or (type(a) is type(b) and bool(a == b))


class PlainObjects:
    """Object versions of one pyHanko reader's file, read by offset and kept (one parse per version)."""

    def __init__(self, reader: Any, data: bytes) -> None:
        self.reader = reader
        self.data = data
        self._by_offset: dict[tuple[int, Ref], Any] = {}
        self._at: dict[tuple[Ref, int], Any] = {}
        self.memo: dict[Any, Any] = {}  # results derived from one revision's objects (page lists)
        self._sections: dict[int, Any] = {}  # revision -> its pyHanko XRefSectionData
        self._explicit_at: dict[int, frozenset[Ref]] = {}  # revision -> the references its section names
        self.usable = not reader.xrefs.hybrid_xrefs_present and reader.encrypt_dict is None

    def release(self) -> None:
        """Forget every value read (E3 #11: kept in a reference cycle, they would wait for a full collection)."""
        for table in (self._by_offset, self._at, self.memo, self._sections, self._explicit_at):
            table.clear()

    def get(self, key: Ref, rev: int) -> Any:
        """The value of object ``key`` as of revision ``rev``; raises :class:`Unsure`."""
        value = self._at.get((key, rev), _NOTHING)
        if value is not _NOTHING:
            return value
        if not self.usable:
            raise Unsure("hybrid xrefs or encryption")
        # E3 #11: a revision whose xref section does not name the object (pyHanko's explicit refs: written,
        # in an object stream or freed) resolves it as the revision before (get_historical_ref's own
        # rule), so the version already read there is taken instead of searching every section again
        at = rev
        while at > 0 and key not in (self._explicit_at.get(at) or self._explicit(at)):
            at -= 1
            if (key, at) in self._at:
                value = self._at[key, rev] = self._at[key, at]
                return value
        value = self._at[key, rev] = self._read(key, at)
        return value

    def _explicit(self, rev: int) -> frozenset[Ref]:
        """The references revision ``rev``'s xref section names (pyHanko's explicit refs: its section's
        pairs and its hybrid section's, read as pairs; E3 #11: no pyHanko ``Reference`` made per object)."""
        refs = self._explicit_at.get(rev)
        if refs is None:
            data = self.reader.xrefs.get_xref_data(rev)
            hybrid = data.hybrid.xref_data.explicit_refs_in_revision if data.hybrid is not None else ()
            pairs = set(data.explicit_refs_in_revision).union(hybrid)
            refs = self._explicit_at[rev] = frozenset([_tuple_new(Ref, pair) for pair in pairs])
        return refs

    def _mentioned_before(self, rev: int) -> frozenset[int] | None:
        """Object numbers any xref section before ``rev`` has an entry for (in use, in an object stream
        or freed), or None when one of them has a hybrid section (then pyHanko is asked for each)."""
        memo_key = ("mentioned", rev)
        if memo_key not in self.memo:
            ids: set[int] = set()
            for at in range(rev):
                data = self.reader.xrefs.get_xref_data(at)
                if data.hybrid is not None:
                    self.memo[memo_key] = None
                    return None
                ids.update(data.standard_xrefs, data.xrefs_in_objstm, data.freed)
            self.memo[memo_key] = frozenset(ids)
        return self.memo[memo_key]

    def written(self, rev: int) -> tuple[frozenset[Ref], frozenset[Ref]]:
        """(objects revision ``rev`` wrote, those of them it introduced), from pyHanko's xref.

        "Introduced" is pyHanko's ``get_introducing_revision(ref) == rev``. E3 #11: that search tries every earlier
        section (a KeyError each) for every new object; an object number no earlier section has any entry for resolves
        in none of them (``try_resolve``: no object-stream, standard or free entry, no hybrid section: KeyError), so
        it is introduced here exactly when this section resolves it. Any other object is asked of pyHanko as before.
        """
        if ("written", rev) not in self.memo:
            xrefs = self.reader.xrefs
            explicit = self._explicit(rev)
            before = self._mentioned_before(rev)
            own = xrefs.get_xref_data(rev)
            new = set()
            for ref in explicit:
                if before is not None and ref.idnum not in before:
                    try:
                        if own.try_resolve(ref) is not None:
                            new.add(ref)
                            continue
                    except KeyError:
                        pass
                try:
                    if xrefs.get_introducing_revision(ref) == rev:
                        new.add(ref)
                except KeyError as exc:
                    raise Unsure("an object of the revision has no history") from exc
            self.memo["written", rev] = (explicit, frozenset(new))
        return self.memo["written", rev]

    def _offset(self, key: Ref, rev: int) -> Any:
        """``reader.xrefs.get_historical_ref``: section ``rev`` answers first; its in-use entries read here (E3 #11)."""
        data = self._sections.get(rev) or self._sections.setdefault(rev, self.reader.xrefs.get_xref_data(rev))
        std = data.standard_xrefs.get(key[0]) if key[1] != 0 or key[0] not in data.xrefs_in_objstm else None
        return std[1] if std is not None and std[0] == key[1] else self.reader.xrefs.get_historical_ref(key, rev)

    def _read(self, key: Ref, rev: int) -> Any:
        marker = self._offset(key, rev)
        if not isinstance(marker, int):
            raise Unsure("object missing, freed or in an object stream")
        value = self._by_offset.get((marker, key), _NOTHING)
        if value is _NOTHING:
            if marker >= len(self.data):
                raise Unsure("offset outside the file")
            value = self._by_offset[marker, key] = parse_object_at(self.data, marker, key)
        return value

    def resolve(self, value: Any, rev: int) -> Any:
        """``value`` itself, or the object it refers to when it is a reference."""
        return self.get(value, rev) if isinstance(value, Ref) else value

    def trailer(self, rev: int, name: str) -> Any:
        """A trailer entry as of revision ``rev`` (a reference as :class:`Ref`)."""
        raw = self.reader.trailer.raw_get(name, revision=rev)
        if hasattr(raw, "idnum"):
            return Ref(raw.idnum, raw.generation)
        raise Unsure(f"trailer {name} is not a reference")
