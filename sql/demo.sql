-- sqlite-normalize demo.  Run from the repository root, after `make`:
--
--     sqlite3 :memory: < sql/demo.sql
--
-- Data: sql/iris.sql (Fisher's Iris) and sql/nile.sql (Nile flow at Aswan),
-- both public domain; see their headers.

.bail on
.load ./dist/normalize
.read sql/iris.sql
.read sql/nile.sql
.headers on
.mode box

.print
.print '== 1. The seed problem: which axis do you normalize along? ========'
.print 'One feature x = 1..5, one value per row, standardized two ways:'
WITH t(x) AS (VALUES (1), (2), (3), (4), (5))
SELECT x,
       norm_z(x, row_fit(x))                              AS "wrong axis",
       norm_z(x, row_fit(x), 1e-7)                        AS "wrong, eps 1e-7",
       printf('%7.4f', norm_z(x, norm_fit(x) OVER ()))    AS "right axis",
       printf('%7.4f', norm_z(x, norm_fit(x) OVER (), NULL, 1)) AS "right, ddof=1"
FROM t;
.print "Wrong: row_fit(x) fits each value alone (mean x, std 0), like Keras Normalization(axis=0)"
.print "on shape (N,1): all zeros. Right: norm_fit(x) OVER () fits the column (ddof=1: BigQuery ML)."

.print
.print '== 2. Iris: one scaler for all flowers, or one per species? ========'
.print 'Petal length (cm), z-scored globally and within each species (two rows per species):'
WITH z AS (
  SELECT id, species, petal_length,
         norm_z(petal_length, norm_fit(petal_length) OVER ())                     AS z_all,
         norm_z(petal_length, norm_fit(petal_length) OVER (PARTITION BY species)) AS z_sp
  FROM iris)
SELECT id, species, petal_length AS "petal len",
       printf('%7.3f', z_all) AS "z global",
       printf('%7.3f', z_sp)  AS "z in species"
FROM z WHERE id IN (1, 2, 51, 52, 101, 102) ORDER BY id;

.print 'Per species: the global z keeps the species apart, the per-species z centres each one.'
WITH z AS (
  SELECT species, petal_length,
         norm_z(petal_length, norm_fit(petal_length) OVER ())                     AS z_all,
         norm_z(petal_length, norm_fit(petal_length) OVER (PARTITION BY species)) AS z_sp
  FROM iris)
SELECT species,
       norm_count(norm_fit(petal_length))                 AS n,
       printf('%.3f', norm_mean(norm_fit(petal_length)))  AS "mean cm",
       printf('%.3f', norm_std(norm_fit(petal_length)))   AS "std cm",
       printf('%7.3f', norm_mean(norm_fit(z_all)))        AS "mean z global",
       printf('%7.3f', round(norm_mean(norm_fit(z_sp)), 3) + 0.0) AS "mean z in sp",
       printf('%.3f', norm_std(norm_fit(z_sp)))           AS "std z in sp"
FROM z GROUP BY species ORDER BY species;

.print 'The other axis: row_fit() over the four measurements of each flower (sample axis).'
SELECT id, species,
       printf('%.3f', norm_mean(r)) AS "row mean",
       printf('%.3f', norm_std(r))  AS "row std",
       printf('%6.3f', norm_z(sepal_length, r)) AS "z sep len",
       printf('%6.3f', norm_z(sepal_width,  r)) AS "z sep wid",
       printf('%6.3f', norm_z(petal_length, r)) AS "z pet len",
       printf('%6.3f', norm_z(petal_width,  r)) AS "z pet wid"
FROM (SELECT *, row_fit(sepal_length, sepal_width, petal_length, petal_width) AS r FROM iris)
WHERE id IN (1, 51, 101) ORDER BY id;

.print
.print '== 3. A stored scaler: fit on training rows, apply to new ones ======'
.print 'CREATE TABLE scaler AS SELECT norm_fit(petal_length) AS s FROM iris WHERE id % 5 <> 0;'
CREATE TABLE scaler AS SELECT norm_fit(petal_length) AS s FROM iris WHERE id % 5 <> 0;
.print 'The state is a BLOB; norm_json(s) shows what it holds:'
SELECT key, value FROM scaler, json_each(norm_json(s)) WHERE key <> 'exact'
UNION ALL
SELECT 'exact.' || key, value FROM scaler, json_each(norm_json(s), '$.exact');
.print 'exact.* are the double-double (hi, lo) sums the state keeps; m2 = sum of squared deviations.'

.print 'Applied to held-out rows (id % 5 = 0; six of the 30 shown) and inverted back:'
SELECT id, species, petal_length AS x,
       printf('%7.4f', norm_z(petal_length, s)) AS "z = norm_z(x, s)",
       norm_invert(norm_z(petal_length, s), s)  AS "norm_invert(z, s)"
FROM iris, scaler WHERE id % 25 = 0 ORDER BY id;
SELECT count(*) AS "held-out rows",
       sum(norm_invert(norm_z(petal_length, s), s) = petal_length) AS "exact round trips",
       printf('%.1e', max(abs(norm_invert(norm_z(petal_length, s), s) - petal_length))) AS "max |error|",
       printf('%.4f', norm_mean(norm_fit(norm_z(petal_length, s)))) AS "mean z",
       printf('%.4f', norm_std(norm_fit(norm_z(petal_length, s))))  AS "std z"
FROM iris, scaler WHERE id % 5 = 0;

.print 'Min-max to [0, 1] on new values outside the training range [1.0, 6.9] cm:'
WITH new(x) AS (VALUES (0.5), (1.0), (3.95), (6.9), (7.5))
SELECT x,
       printf('%7.4f', norm_minmax(x, s))          AS "norm_minmax(x, s)",
       printf('%7.4f', norm_minmax(x, s, 0, 1, 1)) AS "clipped",
       norm_invert(norm_minmax(x, s), s, 'minmax') AS "inverted"
FROM new, scaler;

.print
.print '== 4. Nile at Aswan, 1871-1970 (10^8 m^3 a year) ===================='
.print 'Each year z-scored against the previous ten (ROWS BETWEEN 10 PRECEDING AND 1 PRECEDING);'
.print '|z| > 2 is flagged. Bar: flow min-max scaled over 1871-1970, times 40. Years 1881-1930:'
CREATE TEMP VIEW nile_z AS
SELECT year, flow,
       norm_count(norm_fit(flow) OVER prev10)        AS n,
       norm_mean(norm_fit(flow) OVER prev10)         AS mean10,
       norm_std(norm_fit(flow) OVER prev10)          AS std10,
       norm_z(flow, norm_fit(flow) OVER prev10)      AS z,
       norm_minmax(flow, norm_fit(flow) OVER ())     AS scaled
FROM nile
WINDOW prev10 AS (ORDER BY year ROWS BETWEEN 10 PRECEDING AND 1 PRECEDING);

.mode column
SELECT year, CAST(flow AS INTEGER) AS flow,
       printf('%6.1f', mean10) AS mean10,
       printf('%5.1f', std10)  AS std10,
       printf('%6.2f', z)      AS z,
       CASE WHEN z < -2 THEN 'LOW' WHEN z > 2 THEN 'HIGH' ELSE '' END AS flag,
       substr(replace(printf('%40s', ''), ' ', '#'), 1, CAST(round(40 * scaled) AS INTEGER)) AS bar
FROM nile_z WHERE year BETWEEN 1881 AND 1930 ORDER BY year;
.mode box

.print 'Every flagged year of the series (from 1881, when ten previous years exist):'
SELECT year, CAST(flow AS INTEGER) AS flow, printf('%6.1f', mean10) AS "mean prev 10",
       printf('%5.1f', std10) AS "std prev 10", printf('%6.2f', z) AS z
FROM nile_z WHERE n = 10 AND abs(z) > 2 ORDER BY year;
.print 'The level shift after 1898 (the first Aswan dam was built 1898-1902):'
SELECT CASE WHEN year <= 1898 THEN '1871-1898' ELSE '1899-1970' END AS years,
       norm_count(norm_fit(flow))                AS n,
       printf('%.1f', norm_mean(norm_fit(flow))) AS mean,
       printf('%.1f', norm_std(norm_fit(flow)))  AS std
FROM nile GROUP BY 1 ORDER BY 1;

.print
.print '== 5. Incremental fit: merge the states of two batches =============='
CREATE TABLE batch AS
  SELECT 1 AS k, 'batch A: ids 1-100'   AS part, norm_fit(sepal_length) AS s FROM iris WHERE id <= 100
  UNION ALL
  SELECT 2, 'batch B: ids 101-150', norm_fit(sepal_length) FROM iris WHERE id > 100;
WITH t(k, part, s) AS (
  SELECT k, part, s FROM batch
  UNION ALL SELECT 3, 'norm_merge(A, B)', (SELECT norm_merge(s) FROM batch)
  UNION ALL SELECT 4, 'norm_fit(all 150 rows)', (SELECT norm_fit(sepal_length) FROM iris))
SELECT part AS "sepal length", norm_count(s) AS n,
       norm_mean(s) AS mean, norm_var(s) AS var, norm_min(s) AS min, norm_max(s) AS max
FROM t ORDER BY k;
SELECT norm_mean(m) = norm_mean(f) AS "same mean (all 53 bits)",
       norm_var(m) = norm_var(f)   AS "same var (all 53 bits)",
       norm_count(m) = norm_count(f) AND norm_min(m) = norm_min(f) AND norm_max(m) = norm_max(f)
                                   AS "same count, min, max"
FROM (SELECT (SELECT norm_merge(s) FROM batch) AS m, (SELECT norm_fit(sepal_length) FROM iris) AS f);
