"""What is built from the column list as a whole: the table of docs/open-data.md and the
example row of the template file."""

from django.utils import translation


def markdown_table(export_columns):
    """The column table of docs/open-data.md (checked by tests/fiches/opendata/test_columns.py)."""
    from fiches.models.outputs import FIELDS, Shown

    json_paths = {}
    for declaration in FIELDS:
        if isinstance(declaration.csv, Shown) and isinstance(declaration.json, Shown):
            json_paths.setdefault(declaration.csv.where, []).append(declaration.json.where)
    lines = ["| column | field | import | JSON | content |", "|---|---|---|---|---|"]
    with translation.override("fr"):
        for column in export_columns:
            imported = ("required " if column.required else "") + (column.parser or "—")
            paths = ", ".join(
                f"`{path}`" for path in dict.fromkeys(json_paths.get(column.name, []))
            )
            help = str(column.help).replace("|", "\\|")
            lines.append(
                f"| `{column.name}` | `{column.field}` | {imported} | {paths or '—'} | {help} |"
            )
    return "\n".join(lines) + "\n"


def template_rows(import_columns):
    """The example row of the downloadable template file (from each column's ``example``)."""
    row = {column.name: column.example for column in import_columns if column.example}
    row.update(
        {
            "acheteur_nom": "Ville de Rennes",
            "acheteur_type": "commune",
            "acheteur_commune": "Rennes",
            "titulaire_nom": "Jardins solidaires | Atelier vert",
            "titulaire_famille": "association | cooperative",
            "titulaire_statut": "aci | ",
            "titulaire_role": "mandataire | cotraitant_conjoint",
            "titulaire_commune": "Rennes | Vitré",
        }
    )
    return [row]
