-- States that repeat from row to row (window results, subqueries) are decoded
-- once and kept per connection (ext/sql/args.h, NormConn); constants through
-- SQLite's auxdata. Results must be the same as decoding every row. Expected
-- values are worked out by hand: group g holds 10g - g and 10g + g (mean 10g,
-- population std g), so every z-score is -1 or 1 exactly.
CREATE TABLE q(g INTEGER, x REAL);
WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 6)
INSERT INTO q SELECT g, 10 * g - g FROM n UNION ALL SELECT g, 10 * g + g FROM n;
SELECT 'cache-partition-states', sum(z = CASE WHEN x < 10 * g THEN -1.0 ELSE 1.0 END) = 12
  FROM (SELECT g, x, norm_z(x, norm_fit(x) OVER (PARTITION BY g)) z FROM q);
-- six states (more than the cache keeps) in interleaved order
SELECT 'cache-interleaved-states', sum(z = CASE WHEN x < 10 * g THEN -1.0 ELSE 1.0 END) = 12
  FROM (SELECT g, x, norm_z(x, s) z FROM (SELECT g, x, norm_fit(x) OVER (PARTITION BY g) s FROM q ORDER BY g)
        ORDER BY (x * 7) % 13);
SELECT 'cache-interleaved-accessors', sum(norm_mean(s) = 10.0 * g AND norm_std(s) = 1.0 * g) = 12
  FROM (SELECT g, x, norm_fit(x) OVER (PARTITION BY g) s FROM q ORDER BY (x * 7) % 13);
-- a state from a subquery, the same for every row
SELECT 'cache-subquery-state', sum(norm_z(x, (SELECT norm_fit(x) FROM q WHERE g = 2)) = (x - 20) / 2.0) = 12 FROM q;
-- two constant states in one statement
SELECT 'cache-two-constants', sum(norm_z(x, row_fit(17, 21)) = (x - 19) / 2.0 AND norm_z(x, norm_state('{"mean": 10, "std": 2}')) = (x - 10) / 2.0) = 12 FROM q;
-- options other than the default still apply to a cached state: eps clamps the std of group 1 (1) to 4
SELECT 'cache-eps-after-default', sum(norm_z(x, s) = CASE WHEN x < 10 THEN -1.0 ELSE 1.0 END AND norm_z(x, s, 4) = (x - 10) / 4.0) = 2
  FROM (SELECT x, norm_fit(x) OVER () s FROM q WHERE g = 1);
-- a bad state after good ones is still an error
SELECT norm_z(1, s) FROM (SELECT norm_fit(1) s UNION ALL SELECT x'4e524d53');
SELECT norm_z(1, s) FROM (SELECT norm_fit(1) s UNION ALL SELECT norm_state('{"min": 0, "max": 2}'));
