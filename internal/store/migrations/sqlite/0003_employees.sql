-- employees: the HR roster post-hire telemetry compares activity with (issue 5): one row per
-- employee, the record as JSON (bonafide.Employee). id is the person ID, the applicant's when
-- the hire was screened.
CREATE TABLE employees (
	id         TEXT PRIMARY KEY,
	record     TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
