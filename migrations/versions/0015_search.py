"""full-text search over events, sessions, people and resolution paragraphs, in each database's own engine

Why not a search table of our own: both databases index text themselves, rank it and keep the
index in step with the rows inside the same transaction, so a page finds an edit at once.

- SQLite: an FTS5 table per source table (`search_event`, `search_session`, `search_person`,
  `search_paragraph`), external-content (it reads the text from the source row by id, stores
  only the index), tokenized by `unicode61 remove_diacritics 2` ("cooperacion" matches
  "cooperación"; "Jean-Baptiste" is the words "jean" and "baptiste"). Triggers on each source
  table keep it in step: FTS5's own recipe for external content, the update trigger limited to
  the indexed columns. A later migration that rebuilds one of these tables in batch mode (copy,
  drop, rename) drops its triggers with the old table and must create them again;
  tests/search/test_index.py fails until it does.
- PostgreSQL: `search_fold(text)`, an IMMUTABLE function that strips the diacritics of Latin
  letters and turns ASCII punctuation into spaces (`translate`, so no `unaccent` extension,
  which needs a superuser, is required), and a GIN expression index per table on the weighted
  `to_tsvector('simple', search_fold(column))` of its columns (`simple`: no stemming and no stop
  words, so both databases match the same words). planner.search.fulltext builds the very same
  expressions, which is what lets the planner use these indexes. PostgreSQL keeps them in step
  by itself.

Revision ID: 0015
Revises: 0014
"""

from typing import Sequence, Union

from alembic import op

revision: str = "0015"
down_revision: Union[str, None] = "0014"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# index name: (source table, indexed columns, most important first)
_INDEXES = {
    "search_event": ("event", ("title", "theme", "description")),
    "search_session": ("agenda_session", ("title", "description")),
    "search_person": ("person", ("name", "function", "organisation")),
    "search_paragraph": ("paragraph", ("text",)),
}
_WEIGHTS = "ABC"  # PostgreSQL's weight of the first, second and third column

# Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended
# Additional: those whose canonical decomposition starts with an ASCII letter) and their base
# letters, then ASCII punctuation, which becomes spaces.
_ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
_BASE = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy"
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def _upgrade_sqlite() -> None:
    for name, (table, columns) in _INDEXES.items():
        listed = ", ".join(columns)
        new = ", ".join(f"new.{column}" for column in columns)
        old = ", ".join(f"old.{column}" for column in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5({listed}, content='{table}', content_rowid='id',"
            " tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
        insert = f"INSERT INTO {name}(rowid, {listed}) VALUES (new.id, {new});"
        delete = f"INSERT INTO {name}({name}, rowid, {listed}) VALUES ('delete', old.id, {old});"
        op.execute(f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(f"CREATE TRIGGER {name}_update AFTER UPDATE OF {listed} ON {table} BEGIN {delete} {insert} END")


def _upgrade_postgresql() -> None:
    op.execute(
        "CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"
        f" $$ SELECT translate($1, {_quoted(_ACCENTED + _PUNCTUATION)}, {_quoted(_BASE + ' ' * len(_PUNCTUATION))}) $$"
    )
    for name, (table, columns) in _INDEXES.items():
        vector = " || ".join(
            f"setweight(to_tsvector('simple', search_fold({column})), '{_WEIGHTS[position]}')"
            for position, column in enumerate(columns)
        )
        op.execute(f"CREATE INDEX ix_{name} ON {table} USING gin (({vector}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _INDEXES:
            for suffix in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {name}_{suffix}")
            op.execute(f"DROP TABLE {name}")
        return
    for name in _INDEXES:
        op.execute(f"DROP INDEX ix_{name}")
    op.execute("DROP FUNCTION search_fold(text)")
