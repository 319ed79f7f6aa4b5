"""What `medinfo check` asks the index: findings noted at parse time, names claimed twice."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3

# Markdown monographs only: many FDA labels of one drug share its name by design.
_MARKDOWN = "lower(f.rel) NOT LIKE '%.xml' AND lower(f.rel) NOT LIKE '%.zip'"


class Checks:
    """The statements of `medinfo check`, for Store."""

    conn: sqlite3.Connection

    def findings(self) -> list[tuple[int, str, int, str, str]]:
        """Return every finding noted when files were parsed: root, path, line, rule, message."""
        return self.conn.execute(
            "SELECT f.root, f.rel, p.line, p.rule, p.message"
            " FROM problems p JOIN files f ON f.id = p.file_id"
        ).fetchall()

    def name_clashes(self) -> list[tuple[str, int, str, int, str, str]]:
        """Return names two Markdown monographs of one directory both claim.

        Rows: rule (MI203 for a title another file also has, MI204 for an alias that
        is another file's title or alias), the file, the other file, and the name.
        A directory given first overriding a later one is how collections work, so
        only files of the same directory count.
        """
        return self.conn.execute(
            "SELECT CASE WHEN a.rank = 1 AND b.rank = 1 THEN 'MI203' ELSE 'MI204' END,"
            " f.root, f.rel, g.root, g.rel, a.label"
            " FROM names a JOIN names b ON b.norm = a.norm AND b.file_id != a.file_id"
            " JOIN files f ON f.id = a.file_id JOIN files g ON g.id = b.file_id"
            f" WHERE a.rank IN (1, 2) AND b.rank IN (1, 2) AND f.root = g.root AND {_MARKDOWN}"
            f" AND {_MARKDOWN.replace('f.rel', 'g.rel')}"
            " AND NOT (a.rank = 1 AND b.rank = 2)"  # the alias holder is told, not the title
            " GROUP BY a.file_id, b.file_id, a.norm"
        ).fetchall()
