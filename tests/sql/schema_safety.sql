-- Schema safety: every function is registered SQLITE_DETERMINISTIC and
-- SQLITE_INNOCUOUS (docs/errors.md), so it works inside the schema with
-- PRAGMA trusted_schema=OFF: in views, triggers, generated columns, CHECK
-- constraints and expression indexes. Each line prints NAME|1 or the error.
PRAGMA trusted_schema = OFF;
CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, x REAL);
INSERT INTO t(g, x) VALUES ('a', 1), ('a', 2), ('a', 3), ('b', 10), ('b', 30);

-- flags as SQLite reports them: 0x800 deterministic, 0x200000 innocuous
SELECT 'flags-all-innocuous-deterministic', count(*) > 30 AND sum((flags & 0x800) = 0 OR (flags & 0x200000) = 0) = 0
  FROM pragma_function_list WHERE name LIKE 'norm\_%' ESCAPE '\' OR name = 'row_fit';

-- a view using fits, windows and transforms
CREATE VIEW scaled AS
  SELECT id, g, norm_z(x, norm_fit(x) OVER (PARTITION BY g)) AS z,
         norm_minmax(x, (SELECT norm_fit(x) FROM t)) AS mm, norm_json(row_fit(x, 1)) AS j
  FROM t;
SELECT 'view-z', group_concat(z, ',') = '-1.22474487139159,0.0,1.22474487139159,-1.0,1.0' FROM (SELECT z FROM scaled ORDER BY id);
SELECT 'view-minmax', max(mm) = 1.0 AND min(mm) = 0.0 FROM scaled;
-- control: a function without SQLITE_INNOCUOUS (the shell's readfile) is refused
CREATE VIEW unsafe AS SELECT readfile('/nonexistent') AS f;
SELECT * FROM unsafe;

-- a trigger that keeps a fitted state per group up to date
CREATE TABLE scaler(g TEXT PRIMARY KEY, s BLOB);
CREATE TRIGGER refit AFTER INSERT ON t BEGIN
  INSERT OR REPLACE INTO scaler SELECT NEW.g, norm_fit(x) FROM t WHERE g = NEW.g;
END;
INSERT INTO t(g, x) VALUES ('a', 4);
SELECT 'trigger-state', norm_count(s) = 4 AND norm_mean(s) = 2.5 FROM scaler WHERE g = 'a';
CREATE TRIGGER merge_json AFTER UPDATE ON scaler BEGIN
  SELECT norm_state(norm_json(norm_merge(s))) FROM scaler;
END;
UPDATE scaler SET s = s;
SELECT 'trigger-update-ran', count(*) = 1 FROM scaler;

-- generated columns (virtual and stored) and a CHECK constraint
CREATE TABLE gen(
  x REAL,
  z REAL AS (norm_z(x, norm_state('{"mean": 10, "std": 2}'))),
  mm REAL AS (norm_minmax(x, norm_state('{"min": 0, "max": 20}'), -1, 1)) STORED,
  CHECK (norm_maxabs(x, norm_state('{"min": -100, "max": 100}')) BETWEEN -1 AND 1)
);
INSERT INTO gen(x) VALUES (8), (14);
SELECT 'generated-virtual', group_concat(z, ',') = '-1.0,2.0' FROM gen;
SELECT 'generated-stored', group_concat(mm, ',') = '-0.2,0.4' FROM gen;
INSERT INTO gen(x) VALUES (500);

-- an expression index, used by a query on the same expression
CREATE INDEX t_z ON t(norm_z(x, X'4E524D53010107000000000000000000000000000000084000000000000000000000000000000040000000000000000000000000000000400000000000000000000000000000F03F0000000000000840'));
SELECT 'index-literal-is-fit-of-1-2-3', X'4E524D53010107000000000000000000000000000000084000000000000000000000000000000040000000000000000000000000000000400000000000000000000000000000F03F0000000000000840' = row_fit(1, 2, 3);
-- INDEXED BY fails to prepare unless the index can serve the query
SELECT 'index-used', count(*) = 2 FROM t INDEXED BY t_z WHERE norm_z(x, X'4E524D53010107000000000000000000000000000000084000000000000000000000000000000040000000000000000000000000000000400000000000000000000000000000F03F0000000000000840') > 5;
SELECT 'index-query', group_concat(id, ',') = '4,5' FROM (SELECT id FROM t WHERE norm_z(x, X'4E524D53010107000000000000000000000000000000084000000000000000000000000000000040000000000000000000000000000000400000000000000000000000000000F03F0000000000000840') > 5 ORDER BY id);
PRAGMA integrity_check;
