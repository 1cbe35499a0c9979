-- employees (PostgreSQL): mirrors migrations/sqlite/0003_employees.sql.
CREATE TABLE employees (
	id         TEXT COLLATE "C" PRIMARY KEY,
	record     TEXT COLLATE "C" NOT NULL,
	updated_at TEXT COLLATE "C" NOT NULL
);
