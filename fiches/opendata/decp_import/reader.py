"""Reading a DECP v2 JSON file as a stream, in constant memory.

The file is read once, in chunks, and fed to ijson's parsers (its C backend when installed):
one per array of the format (``marches.marche`` and ``marches.contrat-concession``) and one
that checks the shape of the start of the file. Each record is yielded as soon as it is
complete and forgotten after: a file of hundreds of MB never is in memory. Numbers are read
as ``Decimal`` (amounts are exact). A file that is not JSON, that stops in the middle or that
does not have the shape of the format raises ``DecpFileError`` with a French message."""

import ijson
from django.utils.translation import gettext as _

CHUNK_SIZE = 64 * 1024
#: The arrays of the format and the kind of contract of their records.
ARRAYS = (("marche", "marche"), ("contrat-concession", "concession"))


class DecpFileError(Exception):
    """The file cannot be read as a DECP v2 file; the message says why, in French."""


class _Shape:
    """Checks, from the parser's first events, that the file is ``{"marches": {...}}`` whose
    arrays are arrays. It is fed only until it has decided (usually within the first bytes)."""

    def __init__(self):
        self.events = ijson.sendable_list()
        self.coro = ijson.parse_coro(self.events)
        self.decided = False
        self.started = False
        self.has_marches = False

    def feed(self, chunk):
        if self.decided:
            return
        self.coro.send(chunk)
        self._check()

    def close(self):
        if not self.decided:
            self.coro.close()
            self._check()
        if self.decided:
            return
        if self.has_marches:
            raise DecpFileError(
                _(
                    "Le fichier n'a pas la forme d'un fichier DECP v2 : « marches » ne contient "
                    "ni « marche » ni « contrat-concession »."
                )
            )
        raise DecpFileError(
            _("Le fichier n'a pas la forme d'un fichier DECP v2 : il n'a pas de clé « marches ».")
        )

    def _check(self):
        for prefix, event, _value in self.events:
            if not self.started:
                self.started = True
                if (prefix, event) != ("", "start_map"):
                    raise DecpFileError(
                        _(
                            "Le fichier n'a pas la forme d'un fichier DECP v2 : il doit être un "
                            "objet JSON {« marches » : {« marche » : [...]}}."
                        )
                    )
            elif prefix == "marches" and event != "map_key" and not self.has_marches:
                self.has_marches = True
                if event != "start_map":
                    raise DecpFileError(
                        _(
                            "Le fichier n'a pas la forme d'un fichier DECP v2 : « marches » doit "
                            "être un objet qui contient les listes « marche » et "
                            "« contrat-concession »."
                        )
                    )
            elif prefix in ("marches.marche", "marches.contrat-concession"):
                if event != "start_array":
                    raise DecpFileError(
                        _(
                            "Le fichier n'a pas la forme d'un fichier DECP v2 : « %(key)s » "
                            "doit être une liste."
                        )
                        % {"key": prefix.split(".", 1)[1]}
                    )
                self.decided = True
                break
        del self.events[:]


def read_records(stream, chunk_size=CHUNK_SIZE):
    """Yields ``(kind, record)`` for every record of the binary ``stream``, in file order per
    array (``kind``: ``"marche"`` or ``"concession"``; ``record``: the record's ``dict``)."""
    shape = _Shape()
    parsers = []
    for key, kind in ARRAYS:
        found = ijson.sendable_list()
        parsers.append(
            (kind, key, found, ijson.items_coro(found, f"marches.{key}.item", use_float=False))
        )
    counts = dict.fromkeys((kind for _key, kind in ARRAYS), 0)
    empty = True
    try:
        while True:
            chunk = stream.read(chunk_size)
            if not chunk:
                break
            empty = False
            shape.feed(chunk)
            for kind, key, found, coro in parsers:
                coro.send(chunk)
                yield from _drain(kind, key, found, counts)
        if empty:
            raise DecpFileError(_("Le fichier est vide."))
        for kind, key, found, coro in parsers:
            coro.close()
            yield from _drain(kind, key, found, counts)
        shape.close()
    except ijson.IncompleteJSONError as error:
        raise DecpFileError(
            _(
                "Le fichier s'arrête avant la fin du JSON (fichier tronqué, ou qui n'est pas "
                "du JSON) : téléchargez-le à nouveau."
            )
        ) from error
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise DecpFileError(
            _("Le fichier n'est pas un JSON valide (%(error)s).")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error


def _drain(kind, key, found, counts):
    for record in found:
        counts[kind] += 1
        if not isinstance(record, dict):
            raise DecpFileError(
                _(
                    "Le fichier n'a pas la forme d'un fichier DECP v2 : l'élément n°%(number)s de "
                    "« %(key)s » n'est pas un objet."
                )
                % {"number": counts[kind], "key": key}
            )
        yield kind, record
    del found[:]
