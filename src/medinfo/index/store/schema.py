"""The index database's tables: what each holds, and why it is shaped so."""

# Raised whenever the tables or what the readers make of a file change: an index of
# another version is built again, so no file stays read by an older reader.
SCHEMA_VERSION = 30

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE dirs(root INTEGER, rel TEXT, mtime_ns INTEGER, PRIMARY KEY(root, rel));
CREATE TABLE files(
    id INTEGER PRIMARY KEY, root INTEGER, dir TEXT, rel TEXT,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER,
    digest BLOB, error TEXT, UNIQUE(root, rel));
-- A label zip inside a DailyMed release zip (medinfo.releasezip) is a file of its own:
-- rel 'OUTER.zip:INNER', dir its release (whose mtime dirs keeps, as a folder's), and
-- from the release's central directory size, mtime_ns the CRC, ctime_ns the compressed
-- size, ino its offset in the release, digest its CRC and size.
CREATE INDEX files_dir ON files(root, dir);
CREATE INDEX files_error ON files(root, rel) WHERE error IS NOT NULL;
-- What a listing needs, in rows small enough that a page holds dozens of them; the
-- large front matter and FAQs of each monograph live apart, in extras.
-- labeler, kind, effective date and set id are an FDA label's (NULL for Markdown):
-- they choose among the many labels of one drug and tell them apart in a listing.
-- So do a label's version, drug (its generic name as medinfo.names.drug_key makes it,
-- '' when it has none) and its routes and dosage forms (as written, one a line): a
-- lookup ranks a drug's labels from these alone, without reading their metadata.
CREATE TABLE docs(
    file_id INTEGER PRIMARY KEY, name TEXT, fold TEXT, root INTEGER, rel TEXT,
    aliases TEXT, keys TEXT, drug_class TEXT,
    labeler TEXT, kind TEXT, effective TEXT, set_id TEXT,
    version TEXT, drug TEXT, routes TEXT, forms TEXT, current INTEGER);
-- current: 1 for the newest version of a set id (version number, then effective date,
-- then the earlier directory), 0 for the older ones, which only SETID@VERSION reaches;
-- set by Store.transaction for the set ids a write touched, so that a lookup never
-- compares versions. Every monograph without a set id is current.
CREATE INDEX docs_set ON docs(set_id) WHERE set_id IS NOT NULL;
CREATE INDEX docs_old ON docs(set_id) WHERE current = 0;
CREATE TABLE extras(file_id INTEGER PRIMARY KEY, metadata TEXT, faqs TEXT);
-- Covering: a listing reads this index alone, already in its order.
CREATE INDEX docs_list ON docs(
    fold, root, rel, name, aliases, keys, drug_class, labeler, kind, effective, set_id,
    routes, forms, current);
-- Every label of a drug, whatever its salt: `medinfo show diclofenac`.
CREATE INDEX docs_drug ON docs(drug) WHERE drug IS NOT NULL;
-- A section's Markdown, as shown, its plain words (the same words without the markup,
-- medinfo.readers.blocks.words), which search matches and quotes in its snippets, and
-- the blocks the terminal view draws (JSON, medinfo.readers.blocks) when the build
-- parsed the Markdown anyway are kept in bodies, compressed a monograph at a time
-- (medinfo.index.packed); at, plain_at, blocks_at and stop say where in the unpacked
-- blob. They are most of an index: compressed, an index of DailyMed's labels is about a
-- third the size of their XML instead of more than it. A label whose reader gave its
-- plain words has no blocks kept: the view parses what it shows.
CREATE TABLE sections(
    id INTEGER PRIMARY KEY, file_id INTEGER, ord INTEGER, key TEXT, title TEXT,
    component TEXT, name TEXT, at INTEGER, plain_at INTEGER, blocks_at INTEGER, stop INTEGER);
CREATE TABLE bodies(file_id INTEGER PRIMARY KEY, body BLOB);
-- What the search table reads of a section: its plain words, unpacked by plain_of, a
-- function every Store registers on its connection (medinfo.index.store). Ranking and
-- counting read the search table alone; only a snippet, made for the hits shown,
-- reads a section's words through here. The sections of current versions alone: the
-- search tables hold no older version of a label (Store.rank_versions moves them), so
-- that search leaves nothing out match by match (43,000 matches of a common word in
-- 50,000 labels).
CREATE VIEW section_words(id, name, title, plain, key) AS
    SELECT s.id, s.name, s.title, plain_of(b.body, s.at, s.plain_at, s.blocks_at), s.key
    FROM sections s JOIN bodies b ON b.file_id = s.file_id
    JOIN docs d ON d.file_id = s.file_id WHERE d.current;
CREATE INDEX sections_file ON sections(file_id);
-- What `medinfo check` reports of each file, (rule, line, message): the error that
-- kept it out, or what a file that reads still gets wrong. Kept with the parse, so
-- that check reads every fresh file's findings instead of parsing it again.
CREATE TABLE problems(file_id INTEGER, line INTEGER, rule TEXT, message TEXT);
CREATE INDEX problems_file ON problems(file_id);
-- meta 'names' holds what a plain listing prints, the visible names in listing order
-- joined by NUL (which no name holds): one row to read instead of every row of docs
-- (32,040 names: 8 ms). Store.names keeps it; every write transaction drops it.
CREATE TABLE names(norm TEXT, file_id INTEGER, rank INTEGER, label TEXT);
CREATE INDEX names_norm ON names(norm);
-- Every NDC an FDA label lists, product and package, as keys (medinfo.ndc.code_keys:
-- eleven digits for a package, nine for a product), so that a lookup by any form of an
-- NDC or a scanned barcode is one probe of this index, as a lookup by name is.
CREATE TABLE ndcs(key TEXT, file_id INTEGER);
CREATE INDEX ndcs_key ON ndcs(key);
-- The ingredients each FDA label names, one row a label (id is its file_id). words: every
-- name, active and inactive, as its casefolded words with a space either side, names "|"
-- apart (medinfo.excipients.index_words), so `list --ingredient lactose` is one scan of
-- short rows for ' lactose ', a whole word or phrase within a name, never across two.
-- plain: the inactive ones as the label names them, which search finds as a hit of its
-- own (key and title as a section's, name '' so that a drug's name does not find it);
-- ingredient_fts holds those of current versions alone, as fts does.
CREATE TABLE ingredients(
    id INTEGER PRIMARY KEY, file_id INTEGER, name TEXT, title TEXT, plain TEXT, key TEXT,
    words TEXT);
-- Porter stems English (infection ~ infections); unicode61 with remove_diacritics 2
-- makes "cafe" find "Café". External content: the text is stored once, in sections,
-- and snippet() quotes its plain form (section_words), so a snippet never shows "**" or
-- "<br>".
-- The key column lets a search be limited to one kind of section inside FTS5 itself
-- ({key} : "side_effects"), instead of filtering a join of every match.
CREATE VIRTUAL TABLE fts USING fts5(
    name, title, plain, key, content='section_words', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE ingredient_fts USING fts5(
    name, title, plain, key, content='ingredients', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
-- What each topic (medinfo.topics) finds in each monograph: the text `show NAME TOPIC`
-- quotes, as plain text (medinfo.readers.blocks, for snippets as the sections' own), its parts
-- joined by blank lines, '' when it finds nothing. Worked out for every
-- monograph the first time a listing or search asks for the topic, and kept: a
-- topic takes about a millisecond a monograph, too slow to ask on every call and, for
-- twelve topics, too slow for every build. meta 'topics' holds a stamp of the rules
-- the rows were made by; other rules drop them all. topic_fts searches the non-empty ones.
-- Only current versions have topics: an older version's are dropped (Store.rank_versions).
CREATE TABLE topics(
    id INTEGER PRIMARY KEY, file_id INTEGER, key TEXT, name TEXT, title TEXT, plain TEXT,
    UNIQUE(key, file_id));
CREATE INDEX topics_file ON topics(file_id);
CREATE VIRTUAL TABLE topic_fts USING fts5(
    name, title, plain, key, content='topics', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
"""
