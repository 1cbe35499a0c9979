-- bonafide store, initial schema (SQLite). The PostgreSQL schema, when added, mirrors it with
-- the same tables, columns and keys; queries are shared.

-- people: one row per Person.ID. pk is a compact surrogate key the store assigns (increasing)
-- for the identifier index. record is the JSON of the bonafide.Person without Raw; raw keeps
-- Raw byte for byte. content_hash (hex SHA-256 of record and raw) lets an unchanged person be
-- skipped on re-import.
CREATE TABLE people (
	pk           INTEGER PRIMARY KEY,
	id           TEXT NOT NULL UNIQUE,
	role         TEXT NOT NULL,
	name         TEXT NOT NULL,
	country      TEXT NOT NULL,
	source       TEXT NOT NULL,
	source_id    TEXT NOT NULL,
	line         INTEGER NOT NULL,
	record       TEXT NOT NULL,
	raw          TEXT,
	content_hash TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

-- people_id_hash lets SaveScan compare content hashes without reading the records.
CREATE INDEX people_id_hash ON people (id, content_hash);

-- identifier_codes: small integer codes for identifier kinds (field 'kind') and purposes
-- (field 'purpose'), so that the identifier index stays compact. New names get the next code.
CREATE TABLE identifier_codes (
	code  INTEGER PRIMARY KEY,
	field TEXT NOT NULL,
	name  TEXT NOT NULL,
	UNIQUE (field, name)
);

INSERT INTO identifier_codes (code, field, name) VALUES
	(1, 'kind', 'email'), (2, 'kind', 'phone'), (3, 'kind', 'address'), (4, 'kind', 'iban'),
	(5, 'kind', 'wallet'), (6, 'kind', 'url'), (7, 'kind', 'device'), (8, 'kind', 'ip'),
	(20, 'purpose', ''), (21, 'purpose', 'contact'), (22, 'purpose', 'home'), (23, 'purpose', 'shipping'),
	(24, 'purpose', 'payout'), (25, 'purpose', 'profile'), (26, 'purpose', 'application');

-- identifiers: the canonical identifiers of each person (Person.Identifiers with a Value), one
-- row per (kind, value, person, purpose). The primary key is the (kind, value) lookup index.
-- Rows are maintained with their person's record (no foreign key: the store writes both in
-- one transaction, and a key check per row would double the cost of a bulk import).
CREATE TABLE identifiers (
	kind    INTEGER NOT NULL, -- identifier_codes.code, field 'kind'
	value   TEXT NOT NULL,    -- canonical value
	person  INTEGER NOT NULL, -- people.pk
	purpose INTEGER NOT NULL, -- identifier_codes.code, field 'purpose'
	PRIMARY KEY (kind, value, person, purpose)
) WITHOUT ROWID;

-- identifiers_named shows the identifier index in words, for people reading the database.
CREATE VIEW identifiers_named AS
SELECT k.name AS kind, i.value AS value, p.id AS person_id, u.name AS purpose
FROM identifiers i
JOIN identifier_codes k ON k.code = i.kind
JOIN identifier_codes u ON u.code = i.purpose
JOIN people p ON p.pk = i.person;

-- findings: the findings of the last scan that recomputed each person.
CREATE TABLE findings (
	person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	signal_id    TEXT NOT NULL,
	key          TEXT NOT NULL,
	severity     TEXT NOT NULL,
	weight       REAL NOT NULL,
	summary      TEXT NOT NULL,
	evidence     TEXT NOT NULL,
	sources      TEXT NOT NULL,
	related      TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	PRIMARY KEY (person_id, signal_id, key)
);

-- lists: one row per cached watchlist (sanctions list, indicator feed).
CREATE TABLE lists (
	name      TEXT PRIMARY KEY,
	version   TEXT NOT NULL,
	sha256    TEXT NOT NULL,
	loaded_at TEXT NOT NULL,
	entries   INTEGER NOT NULL,
	features  INTEGER NOT NULL
);

-- list_features: the matchable features of a list, in the order the importer gave them.
CREATE TABLE list_features (
	list_name  TEXT NOT NULL REFERENCES lists (name) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	entry_id   TEXT NOT NULL,
	entry_name TEXT NOT NULL,
	programs   TEXT NOT NULL,
	field      TEXT NOT NULL,
	kind       TEXT NOT NULL,
	value      TEXT NOT NULL,
	raw        TEXT NOT NULL,
	PRIMARY KEY (list_name, seq)
);

-- audit_log: append-only record of reads of person records and of decisions.
CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	detail  TEXT NOT NULL
);

CREATE INDEX audit_log_subject ON audit_log (subject, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
