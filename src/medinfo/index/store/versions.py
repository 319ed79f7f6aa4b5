"""Which version of a label is current, and the search tables following it, for Store.

A set id's newest version is its label (schema: docs.current); the search tables hold
current versions alone, so that a search leaves nothing out match by match.
"""

from __future__ import annotations

import sqlite3


class Versions:
    """The statements that rank a set id's versions, for Store."""

    conn: sqlite3.Connection
    touched: set[str]

    def rank_versions(self) -> None:
        """Mark the newest version of each set id written since last time current, the rest not.

        The search tables hold current versions alone: a version that stops being
        current leaves them, one that becomes current enters them.
        """
        touched, self.touched = sorted(self.touched), set()
        db = self.conn
        # A few hundred at a time: SQLite limits the parameters of one statement.
        for start in range(0, len(touched), 500):
            chunk = touched[start : start + 500]
            rows = db.execute(
                "SELECT file_id, current, file_id = (SELECT e.file_id FROM docs e"
                "  WHERE e.set_id = docs.set_id ORDER BY CAST(e.version AS INTEGER) DESC,"
                "  e.effective DESC, e.root, e.rel LIMIT 1)"
                f" FROM docs WHERE set_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            older = [file_id for file_id, now, newest in rows if now and not newest]
            newer = [file_id for file_id, now, newest in rows if newest and not now]
            for file_id in older:  # while still current: section_words shows only those
                self._unsearch(file_id)
            db.executemany(
                "UPDATE docs SET current = ? WHERE file_id = ?",
                [(0, file_id) for file_id in older] + [(1, file_id) for file_id in newer],
            )
            for file_id in newer:
                self._search(file_id)

    def _search(self, file_id: int) -> None:
        """Put a current monograph's sections and inactive ingredients in the search tables."""
        db = self.conn
        db.execute(
            "INSERT INTO fts(rowid, name, title, plain, key)"
            " SELECT id, name, title, plain, key FROM section_words"
            " WHERE id IN (SELECT id FROM sections WHERE file_id = ?)",
            (file_id,),
        )
        # An ingredients row's id is its monograph's file id (schema): one probe, not a
        # scan of a row a label.
        db.execute(
            "INSERT INTO ingredient_fts(rowid, name, title, plain, key)"
            " SELECT id, name, title, plain, key FROM ingredients"
            " WHERE id = ? AND plain != ''",
            (file_id,),
        )

    def _unsearch(self, file_id: int) -> None:
        """Take a current monograph out of the search tables, its topics with it.

        Its topics are dropped, not kept: they are worked out again if it is ever
        current again (topic_lacking).
        """
        db = self.conn
        db.execute(
            "INSERT INTO fts(fts, rowid, name, title, plain, key)"
            " SELECT 'delete', id, name, title, plain, key FROM section_words"
            " WHERE id IN (SELECT id FROM sections WHERE file_id = ?)",
            (file_id,),
        )
        db.execute(
            "INSERT INTO ingredient_fts(ingredient_fts, rowid, name, title, plain, key)"
            " SELECT 'delete', id, name, title, plain, key FROM ingredients"
            " WHERE id = ? AND plain != ''",
            (file_id,),
        )
        db.execute(
            "INSERT INTO topic_fts(topic_fts, rowid, name, title, plain, key)"
            " SELECT 'delete', id, name, title, plain, key FROM topics"
            " WHERE file_id = ? AND plain != ''",
            (file_id,),
        )
        db.execute("DELETE FROM topics WHERE file_id = ?", (file_id,))
