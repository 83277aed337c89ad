-- Tables of method settings per site (WEM's scan ranges: FROM, TO, USER, PASSWORD, DISABLE), for
-- every method alike: one row per table row, in the order it was imported. The public cells are
-- JSON (header -> text); secret cells are sealed in the secret table under
-- table:SITE:METHOD:TABLE:ROW_ID:HEADER, row_id staying the same while the row's key cells do.
-- Portable SQL (H2 and PostgreSQL).
CREATE TABLE method_table_row (
  site        VARCHAR(64)   NOT NULL REFERENCES site(name),
  method      VARCHAR(32)   NOT NULL,
  table_name  VARCHAR(32)   NOT NULL,
  position    INT           NOT NULL,
  row_id      VARCHAR(36)   NOT NULL,
  cells       VARCHAR(8000) NOT NULL,
  PRIMARY KEY (site, method, table_name, position)
);
