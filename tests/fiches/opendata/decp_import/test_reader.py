"""The streaming reader: the schema's examples, bad files (truncated, not JSON, wrong shape)
refused with a French message, and records yielded one at a time."""

import io
import json
import tracemalloc
from decimal import Decimal

import pytest

from fiches.opendata.decp_import import generate, reader

from .conftest import EXAMPLES


def records(data, chunk_size=reader.CHUNK_SIZE):
    return list(reader.read_records(io.BytesIO(data), chunk_size=chunk_size))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_the_schemas_examples_are_read_whole(path, decp_validator):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert not list(decp_validator.iter_errors(document))
    expected = [("marche", record) for record in document["marches"].get("marche", [])] + [
        ("concession", record) for record in document["marches"].get("contrat-concession", [])
    ]
    found = records(path.read_bytes(), chunk_size=97)
    # The reader gives the numbers as Decimal: the same document read with Decimal floats.
    exact = [
        (kind, json.loads(json.dumps(record), parse_float=Decimal)) for kind, record in expected
    ]
    assert sorted(found, key=repr) == sorted(exact, key=repr)
    assert len(found) == len(expected) > 0


def test_amounts_are_exact_decimals():
    text = io.StringIO()
    generate.write(text, [generate.marche(3, montant=Decimal("123456.89"))])
    ((kind, record),) = records(text.getvalue().encode())
    assert kind == "marche"
    assert str(record["montant"]) == "123456.89"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"marches": {"marche": [{"id": "A1", "objet": "x"', "tronqué"),
        (b"", "vide"),
        (b"<html>erreur</html>", "JSON"),
        (b"[1, 2]", "doit être un objet JSON"),
        (b'{"autre": {}}', "n'a pas de clé « marches »"),
        (b'{"marches": []}', "« marches » doit être un objet"),
        (b'{"marches": {"marche": {"id": "A1"}}}', "« marche » doit être une liste"),
        (b'{"marches": {"contrat-concession": "x"}}', "« contrat-concession » doit être une liste"),
        (b'{"marches": {"marche": ["A1"]}}', "l'élément n°1 de « marche » n'est pas un objet"),
        (b'{"marches": {}}', "ni « marche » ni « contrat-concession »"),
    ],
)
def test_a_bad_file_raises_a_french_error(data, message):
    with pytest.raises(reader.DecpFileError) as error:
        records(data)
    assert message in str(error.value)


def test_records_are_yielded_before_the_file_is_read_to_its_end():
    text = io.StringIO()
    generate.write(text, (generate.marche(number) for number in range(200)))
    stream = io.BytesIO(text.getvalue().encode())
    first = next(reader.read_records(stream, chunk_size=1024))
    assert first[1]["id"] == "G0000000000"
    assert stream.tell() < len(stream.getvalue()) / 10


class GeneratedStream(io.RawIOBase):
    """A DECP file of ``count`` contracts produced as it is read: never whole in memory."""

    def __init__(self, count):
        self.parts = self._parts(count)
        self.pending = b""

    @staticmethod
    def _parts(count):
        yield b'{"marches": {"marche": ['
        for number in range(count):
            yield (("," if number else "") + generate.dumps(generate.marche(number))).encode()
        yield b"]}}"

    def readable(self):
        return True

    def readinto(self, buffer):
        while len(self.pending) < len(buffer):
            part = next(self.parts, None)
            if part is None:
                break
            self.pending += part
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def peak_while_reading(count):
    tracemalloc.start()
    try:
        read = sum(1 for _record in reader.read_records(io.BufferedReader(GeneratedStream(count))))
        return read, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file():
    small_count, small_peak = peak_while_reading(200)
    large_count, large_peak = peak_while_reading(2_000)
    assert (small_count, large_count) == (200, 2_000)
    # Ten times the records (2 MB of JSON), the same peak within a few chunks of 64 kB.
    assert large_peak < small_peak + 300_000, (small_peak, large_peak)
