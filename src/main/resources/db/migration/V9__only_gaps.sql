-- A run-level setting of a site's method, for every method alike: its supervised runs ask only the
-- addresses of the minimal plan (what passive knowledge and earlier runs left unknown), issue 11.
-- Portable SQL (H2 and PostgreSQL).
ALTER TABLE method_setting ADD COLUMN only_gaps BOOLEAN DEFAULT FALSE NOT NULL;
