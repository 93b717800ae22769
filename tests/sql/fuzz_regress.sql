-- Regression tests for what the fuzzers found (tests/fuzz; the reproducers
-- are seeds in tests/fuzz/corpus). Each line prints NAME|1.

-- fuzz_sql, window check (its input no longer reproduces it: the generator
-- has changed since): -0.0 and 0.0 are equal, and which became the min
-- or max depended on the row order and on the path, so a sliding frame and
-- the same rows fitted from scratch gave different bytes. Zeros are now +0.0.
CREATE TABLE z(id INTEGER PRIMARY KEY, x REAL);
INSERT INTO z(x) VALUES (0.0), (-0.0), (-0.0);
SELECT 'negzero-sliding-equals-scratch', count(*) = 3 FROM (
  SELECT id, hex(norm_fit(x) OVER (ORDER BY id ROWS BETWEEN 0 PRECEDING AND 1 FOLLOWING)) AS w,
         (SELECT hex(norm_fit(u.x)) FROM z AS u WHERE u.id BETWEEN z.id AND z.id + 1) AS s
  FROM z) WHERE w = s;
SELECT 'negzero-min-is-plus-zero', hex(norm_fit(x)) = hex(norm_fit(abs(x))) FROM z;
SELECT 'negzero-order-free', hex(row_fit(-0.0, 0.0)) = hex(row_fit(0.0, -0.0));
CREATE TABLE y(id INTEGER PRIMARY KEY, x REAL);
INSERT INTO y(x) VALUES (-0.0), (0.0), (-0.0), (0.0);
SELECT 'negzero-window-vs-row-fit', group_concat(w, ',') = group_concat(s, ',') FROM (
  SELECT hex(norm_fit(x) OVER (ORDER BY id ROWS 1 PRECEDING)) AS w,
         hex(row_fit((SELECT x FROM y AS u WHERE u.id = y.id - 1), x)) AS s FROM y ORDER BY id);
SELECT 'negzero-json', norm_json(row_fit(-0.0)) = '{"kind":"moments","count":1,"mean":0.0,"var":0.0,"std":0.0,"min":0.0,"max":0.0,"exact":{"count":[1.0,0.0],"mean":[0.0,0.0],"m2":[0.0,0.0]}}';

-- fuzz_state, a defined sample std must be a number: see errors_range.sql
-- (ddof-overflow-*), reproducer tests/fuzz/corpus/state/regress-ddof-overflow.

-- fuzz_sql's window check: a frame whose vectors have all left may take
-- numbers, or vectors of another dimension, as a fit from scratch does.
CREATE TABLE mixed(id INTEGER PRIMARY KEY, x);
INSERT INTO mixed(x) VALUES ('[1,2]'), (5), ('[1,2,3]'), (7), ('[4,5]');
SELECT 'frame-vectors-then-numbers', group_concat(norm_mean(f), ';') = '[1.0,2.0];5.0;[1.0,2.0,3.0];7.0;[4.0,5.0]'
  FROM (SELECT norm_fit(x) OVER (ORDER BY id ROWS CURRENT ROW) AS f FROM mixed);
