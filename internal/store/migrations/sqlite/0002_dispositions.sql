-- dispositions: an analyst's decision on a watchlist hit for one person and one list entry
-- (issue 4). The latest decision per (person, list, entry) counts; earlier ones stay for the
-- record, and every decision is also in the audit log.
CREATE TABLE dispositions (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	person_id  TEXT NOT NULL,
	list_name  TEXT NOT NULL,
	entry_id   TEXT NOT NULL,
	decision   TEXT NOT NULL,
	reason     TEXT NOT NULL,
	analyst    TEXT NOT NULL,
	at         TEXT NOT NULL
);

CREATE INDEX dispositions_key ON dispositions (person_id, list_name, entry_id, id);
