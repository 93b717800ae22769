-- norm_fit and norm_merge (ext/sql/fit.c requirements 1-6). Each line prints NAME|1
-- when the check holds; expected values are worked out by hand.
CREATE TABLE t(g, x, w);
INSERT INTO t VALUES ('a', 1, 1), ('a', 2, 2), ('a', 3, 1), ('a', NULL, 5), ('b', 10, 0), ('b', 20, NULL), ('b', '30', 1);

-- Requirement 1: NULL rows skipped; no rows gives NULL.
SELECT 'fit-1-count', norm_count(norm_fit(x)) = 6 FROM t;
SELECT 'fit-1-mean', norm_mean(norm_fit(x)) = 11.0 FROM t;
SELECT 'fit-1-empty-is-null', norm_fit(x) IS NULL FROM t WHERE 0;
SELECT 'fit-1-all-null-is-null', norm_fit(NULL) IS NULL FROM t;
-- population variance of 1,2,3 is 2/3; sample variance 1
SELECT 'fit-1-var', abs(norm_var(norm_fit(x)) - 2.0/3) < 1e-15 FROM t WHERE g = 'a';
SELECT 'fit-1-var-ddof1', norm_var(norm_fit(x), 1) = 1.0 FROM t WHERE g = 'a';
SELECT 'fit-1-min-max', norm_min(s) = 1 AND norm_max(s) = 3 FROM (SELECT norm_fit(x) s FROM t WHERE g = 'a');

-- Requirement 2: weights. a: 1*1 + 2*2 + 3*1 over weight 4 = 2; var = (1 + 0 + 1)/4.
SELECT 'fit-2-weighted-count', norm_count(norm_fit(x, w)) = 4 FROM t WHERE g = 'a';
SELECT 'fit-2-weighted-mean', norm_mean(norm_fit(x, w)) = 2.0 FROM t WHERE g = 'a';
SELECT 'fit-2-weighted-var', norm_var(norm_fit(x, w)) = 0.5 FROM t WHERE g = 'a';
-- b: weight 0 and NULL weight skip their rows; only '30' (numeric text) is left
SELECT 'fit-2-zero-and-null-weight-skip', norm_count(s) = 1 AND norm_mean(s) = 30 AND norm_min(s) = 30
  FROM (SELECT norm_fit(x, w) s FROM t WHERE g = 'b');
SELECT 'fit-2-fractional-weights', norm_count(norm_fit(x, 0.5)) = 1.5 FROM (SELECT 1 x UNION ALL SELECT 2 UNION ALL SELECT 3);
SELECT 'fit-2-only-zero-weights-is-null', norm_fit(x, 0) IS NULL FROM t;

-- GROUP BY
SELECT 'fit-group-' || g, norm_count(norm_fit(x)) = CASE g WHEN 'a' THEN 3 ELSE 3 END FROM t GROUP BY g ORDER BY g;

-- Requirement 4: windows. Running count over 1..5, a 2-row sliding mean, min and max.
CREATE TABLE s(i INTEGER PRIMARY KEY, x REAL);
INSERT INTO s(x) VALUES (5), (1), (4), (2), (3);
SELECT 'fit-4-running-count', group_concat(norm_count(f), ',') = '1,2,3,4,5'
  FROM (SELECT norm_fit(x) OVER (ORDER BY i) f FROM s);
SELECT 'fit-4-sliding-mean', group_concat(norm_mean(f), ',') = '5.0,3.0,2.5,3.0,2.5'
  FROM (SELECT norm_fit(x) OVER (ORDER BY i ROWS 1 PRECEDING) f FROM s);
SELECT 'fit-4-sliding-min', group_concat(norm_min(f), ',') = '1.0,1.0,1.0,2.0,2.0'
  FROM (SELECT norm_fit(x) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) f FROM s);
SELECT 'fit-4-sliding-max', group_concat(norm_max(f), ',') = '5.0,5.0,4.0,4.0,3.0'
  FROM (SELECT norm_fit(x) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) f FROM s);
SELECT 'fit-4-frame-ahead', group_concat(coalesce(norm_mean(f), 'null'), ',') = '2.5,3.0,2.5,3.0,null'
  FROM (SELECT norm_fit(x) OVER (ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) f FROM s);
SELECT 'fit-4-partition', group_concat(norm_count(f), ',') = '3,3,3,3,3,3'
  FROM (SELECT norm_fit(x) OVER (PARTITION BY g) f FROM t WHERE x IS NOT NULL);
SELECT 'fit-4-weighted-window', group_concat(norm_mean(f), ',') = '1.0,1.66666666666667,2.0'
  FROM (SELECT norm_fit(x, w) OVER (ORDER BY x ROWS UNBOUNDED PRECEDING) f FROM t WHERE g = 'a' AND x IS NOT NULL);

-- Requirement 5 and 6: merge.
CREATE TABLE parts AS SELECT g, norm_fit(x) AS s FROM t GROUP BY g;
SELECT 'merge-5-count', norm_count(norm_merge(s)) = 6 FROM parts;
SELECT 'merge-6-equals-whole', norm_merge(s) = (SELECT norm_fit(x) FROM t) FROM parts;
SELECT 'merge-5-null-skipped', norm_count(norm_merge(s)) = 6 FROM (SELECT s FROM parts UNION ALL SELECT NULL);
SELECT 'merge-5-empty-is-null', norm_merge(s) IS NULL FROM parts WHERE 0;
SELECT 'merge-window', group_concat(norm_count(m), ',') = '3,6'
  FROM (SELECT norm_merge(s) OVER (ORDER BY g) m FROM parts);
-- means 2 (3 rows), 20 (3 rows), 100 (1 row): frames {a}, {a,b}, {b,c}
SELECT 'merge-sliding', group_concat(norm_mean(m), ',') = '2.0,11.0,40.0'
  FROM (SELECT norm_merge(s) OVER (ORDER BY g ROWS 1 PRECEDING) m
        FROM (SELECT g, s FROM parts UNION ALL SELECT 'c', norm_fit(100)));

-- Requirement 3 and 5: errors name the function and the argument.
SELECT norm_fit('abc');
SELECT norm_fit(x'0102');
SELECT norm_fit(9e999);
SELECT norm_fit(1, -1);
SELECT norm_fit(1, 'heavy');
SELECT norm_merge(1.5);
SELECT norm_merge(x'00');
SELECT norm_merge(norm_state('{"mean": 1, "var": 2}'));
SELECT norm_merge(s) FROM (SELECT norm_fit(1) s UNION ALL SELECT 'junk');
