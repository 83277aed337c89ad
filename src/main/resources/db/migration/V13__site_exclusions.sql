-- The addresses of a site's included ranges that were taken out of them (--exclude): never to touch,
-- by one-off scans and Test actions as much as by the site's runs. Sites made before keep none
-- (their exclusions were stored only as holes in their ranges). Portable SQL (H2 and PostgreSQL).
ALTER TABLE site ADD COLUMN excluded VARCHAR(8000) DEFAULT '' NOT NULL;
