-- Sliding frames of norm_fit and norm_merge against fits from scratch
-- (ext/sql/fit.c requirement 4, ext/core/extrema.h): for every row, the window's state
-- and a fresh fit of the same rows (a correlated subquery) are the same bytes.
-- Data with ties, signed zeros (-0.0 and 0.0 must give the same bytes), runs
-- up and down (long min/max queues) and frames shorter and longer than the
-- 32-row batch of the min/max queues. Each line prints NAME|1.
CREATE TABLE d(i INTEGER PRIMARY KEY, g INTEGER, x);
WITH v(i) AS (SELECT value FROM generate_series(1, 700))
INSERT INTO d
  SELECT i, i / 3,
         CASE WHEN i BETWEEN 200 AND 299 THEN i * 0.5
              WHEN i BETWEEN 300 AND 399 THEN -i * 0.25
              WHEN i % 7 = 0 THEN 0.0
              WHEN i % 7 = 1 THEN -0.0
              ELSE ((i * 37) % 11) - 5.5 END
  FROM v;
-- (x has no type, so -0.0 is stored as it is; atan2 tells the zeros apart)
SELECT 'sliding-has-negative-zeros', count(*) > 50 FROM d WHERE x = 0 AND atan2(x, -1) < 0;

SELECT 'sliding-rows-9-preceding', count(*) = 700 FROM (
  SELECT i, hex(norm_fit(x) OVER (ORDER BY i ROWS 9 PRECEDING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x)) FROM d WHERE i BETWEEN w.i - 9 AND w.i);
SELECT 'sliding-rows-45-preceding', count(*) = 700 FROM (
  SELECT i, hex(norm_fit(x) OVER (ORDER BY i ROWS 45 PRECEDING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x)) FROM d WHERE i BETWEEN w.i - 45 AND w.i);
SELECT 'sliding-rows-ahead', count(*) = 700 FROM (
  SELECT i, hex(norm_fit(x) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND 70 FOLLOWING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x)) FROM d WHERE i BETWEEN w.i - 3 AND w.i + 70);
SELECT 'sliding-rows-all-following', count(*) = 700 FROM (
  SELECT i, hex(norm_fit(x) OVER (ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 40 FOLLOWING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x)) FROM d WHERE i BETWEEN w.i + 1 AND w.i + 40); -- the last: both NULL, ''
SELECT 'sliding-range-groups-of-rows', count(*) = 700 FROM (
  SELECT i, g, hex(norm_fit(x) OVER (ORDER BY g RANGE BETWEEN 12 PRECEDING AND 1 FOLLOWING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x)) FROM d WHERE g BETWEEN w.g - 12 AND w.g + 1);
SELECT 'sliding-groups', count(*) = 700 FROM (
  SELECT i, g, hex(norm_fit(x) OVER (ORDER BY g GROUPS 20 PRECEDING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x)) FROM d WHERE g BETWEEN w.g - 20 AND w.g);
SELECT 'sliding-weighted', count(*) = 700 FROM (
  SELECT i, hex(norm_fit(x, i % 4 + 1) OVER (ORDER BY i ROWS 33 PRECEDING)) f FROM d) w
  WHERE f = (SELECT hex(norm_fit(x, i % 4 + 1)) FROM d WHERE i BETWEEN w.i - 33 AND w.i);
CREATE TABLE st(g INTEGER PRIMARY KEY, s);
INSERT INTO st SELECT g, norm_fit(x) FROM d GROUP BY g;
SELECT 'sliding-merge-states', count(*) = 234 FROM (
  SELECT g, hex(norm_merge(s) OVER (ORDER BY g ROWS 35 PRECEDING)) f FROM st) w
  WHERE f = (SELECT hex(norm_merge(s)) FROM st WHERE g BETWEEN w.g - 35 AND w.g);
