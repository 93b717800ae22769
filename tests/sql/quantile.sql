-- Quantile states (ext/sql/quantile.c requirements 1-7, ext/core/sketch.c, hooks in fit.c and inspect.c).
CREATE TABLE v(g, x);
INSERT INTO v VALUES (1, 3), (1, 1), (1, 4), (1, 1), (1, 5), (2, 9), (2, 2), (2, 6), (2, NULL);
CREATE TABLE q AS SELECT norm_qfit(x) AS s FROM v;

-- Requirement 1: NULLs skipped, no rows give NULL, bad input names norm_qfit.
SELECT 'q-1-count', norm_count(s) = 8 AND typeof(norm_count(s)) = 'integer' FROM q;
SELECT 'q-1-empty-null', norm_qfit(x) IS NULL FROM v WHERE x > 100;
SELECT 'q-1-all-null', norm_qfit(NULL) IS NULL;
SELECT 'q-1-min-max', norm_min(s) = 1 AND norm_max(s) = 9 FROM q;
SELECT 'q-1-exact-size', length(s) = 48 + 8 * 8 FROM q;
SELECT 'q-1-deterministic', (SELECT norm_qfit(value * 7 % 10007) FROM generate_series(1, 50000))
  = (SELECT norm_qfit(value * 7 % 10007) FROM generate_series(1, 50000));
SELECT 'q-1-exact-order-free', (SELECT norm_qfit(value) FROM generate_series(1, 100))
  = (SELECT norm_qfit(101 - value) FROM generate_series(1, 100));
SELECT norm_qfit(x) FROM (SELECT 'abc' AS x);
SELECT norm_qfit(x) FROM (SELECT 1e308 * 10 AS x);

-- Requirement 2: windows over whole partitions; sliding frames are an error.
SELECT 'q-2-partition', group_concat(m) = '3.0,3.0,3.0,3.0,3.0,6.0,6.0,6.0'
  FROM (SELECT norm_median(norm_qfit(x) OVER (PARTITION BY g)) AS m FROM v WHERE x IS NOT NULL ORDER BY g);
SELECT 'q-2-partition-equals-group', count(*) = 2 AND sum(a = b) = 2 FROM
  (SELECT g, norm_qfit(x) AS a FROM v GROUP BY g) JOIN
  (SELECT DISTINCT g, norm_qfit(x) OVER (PARTITION BY g) AS b FROM v) USING (g);
SELECT 'q-2-running', group_concat(norm_count(s)) = '1,2,3,4'
  FROM (SELECT norm_qfit(value) OVER (ORDER BY value ROWS UNBOUNDED PRECEDING) AS s FROM generate_series(1, 4));
SELECT max(c) FROM (SELECT norm_count(norm_qfit(value) OVER (ORDER BY value ROWS 1 PRECEDING)) c FROM generate_series(1, 4));

-- Requirement 4: percentiles (numpy: np.percentile([1,1,2,3,4,5,6,9], [0, 10, 25, 50, 75, 100])
-- = 1, 1, 1.75, 3.5, 5.25, 9).
SELECT 'q-4-p0', norm_percentile(s, 0) = 1.0 FROM q;
SELECT 'q-4-p10', norm_percentile(s, 0.1) = 1.0 FROM q;
SELECT 'q-4-p25', norm_percentile(s, 0.25) = 1.75 FROM q;
SELECT 'q-4-median', norm_median(s) = 3.5 AND norm_percentile(s, 0.5) = 3.5 FROM q;
SELECT 'q-4-p75', norm_percentile(s, 0.75) = 5.25 FROM q;
SELECT 'q-4-p100', norm_percentile(s, 1) = 9.0 FROM q;
SELECT 'q-4-iqr', norm_iqr(s) = 3.5 FROM q;
SELECT 'q-4-one-value', norm_median(norm_qfit(7)) = 7.0 AND norm_iqr(norm_qfit(7)) = 0.0;
SELECT 'q-4-null', norm_percentile(NULL, 0.5) IS NULL AND norm_percentile(s, NULL) IS NULL AND norm_median(NULL) IS NULL FROM q;
SELECT norm_percentile(s, 1.5) FROM q;
SELECT norm_percentile(s, 'half') FROM q;

-- Requirement 5: robust scaling, (x - 3.5) / 3.5; zero range counts as 1.
SELECT 'q-5-robust', norm_robust(7, s) = 1.0 AND norm_robust(0, s) = -1.0 FROM q;
SELECT 'q-5-range', norm_robust(7, s, 0, 1) = 3.5 / 8 FROM q;
SELECT 'q-5-zero-range', norm_robust(5, norm_qfit(2)) = 3.0;
SELECT 'q-5-null', norm_robust(NULL, s) IS NULL AND norm_robust(1, NULL) IS NULL FROM q;
SELECT norm_robust(1, s, 0.75, 0.25) FROM q;
SELECT norm_robust(1, s, -0.1, 0.5) FROM q;

-- Requirement 6: positions in [0, 1]; ties take the middle of their run.
SELECT 'q-6-min-max', norm_quantile(1, s) = 0.0 AND norm_quantile(9, s) = 1.0 FROM q;
SELECT 'q-6-outside', norm_quantile(-5, s) = 0.0 AND norm_quantile(50, s) = 1.0 FROM q;
SELECT 'q-6-between', norm_quantile(2.5, s) = 2.5 / 7 FROM q;
-- 0 1 1 2: the tie holds positions 1 and 2 of 0..3.
SELECT 'q-6-tie', norm_quantile(1, norm_qfit(x)) = 0.5 FROM (SELECT 0 x UNION ALL SELECT 1 UNION ALL SELECT 1 UNION ALL SELECT 2);
SELECT 'q-6-normal-center', norm_quantile(3.5, s, 'normal') = 0.0 FROM q;
SELECT 'q-6-normal-clip', abs(norm_quantile(1, s, 'normal') + 5.199337582605575) < 1e-12 FROM q;
SELECT norm_quantile(1, s, 'gauss') FROM q;

-- Requirement 7: equal-frequency buckets; boundaries 1.75, 3.5, 5.25 for k = 4.
SELECT 'q-7-buckets', group_concat(norm_bucket(x, s, 4)) = '1,1,2,2,3,3,4,4'
  FROM (SELECT x FROM v WHERE x IS NOT NULL ORDER BY x), q;
SELECT 'q-7-one-bucket', norm_bucket(100, s, 1) = 1 FROM q;
SELECT 'q-7-null', norm_bucket(NULL, s, 3) IS NULL FROM q;
SELECT norm_bucket(1, s, 0) FROM q;
SELECT norm_bucket(1, s, 2.5) FROM q;

-- Requirement 3 and the hooks: kinds do not mix; blobs are validated.
SELECT norm_median(norm_fit(1));
SELECT norm_mean(s) FROM q;
SELECT norm_z(1, s) FROM q;
SELECT norm_merge(t) FROM (SELECT norm_fit(1) AS t UNION ALL SELECT norm_qfit(1));
SELECT norm_merge(t) FROM (SELECT norm_qfit(1) AS t UNION ALL SELECT norm_fit(1));
SELECT norm_median(x'4E524D530102000000000000000000000000');
SELECT norm_median(substr(s, 1, 60)) FROM q;
SELECT norm_count(substr(s, 1, 60)) FROM q;
SELECT norm_median('abc');

-- norm_merge of quantile states: exact while small, then a sketch.
SELECT 'q-merge-exact', norm_merge(s) = (SELECT norm_qfit(x) FROM v) FROM (SELECT norm_qfit(x) s FROM v GROUP BY g);
SELECT 'q-merge-one-sketch', norm_merge(s) = s FROM (SELECT norm_qfit(value) s FROM generate_series(1, 10000));
SELECT 'q-merge-nulls', norm_merge(NULL) IS NULL;
SELECT 'q-merge-sketch', norm_count(m) = 20000 AND norm_min(m) = 1 AND norm_max(m) = 20000
  AND abs(norm_median(m) - 10000.5) < 50
  FROM (SELECT norm_merge(s) m FROM (SELECT norm_qfit(value) s FROM generate_series(1, 20000) GROUP BY value % 4));
SELECT 'q-merge-window', count(*) = 8 FROM (SELECT norm_merge(t) OVER (PARTITION BY g) FROM (SELECT g, norm_qfit(x) t FROM v GROUP BY g, x));
SELECT max(length(m)) FROM (SELECT norm_merge(t) OVER (ORDER BY x ROWS 1 PRECEDING) m FROM (SELECT x, norm_qfit(x) t FROM v GROUP BY x));

-- norm_json.
SELECT norm_json(s) FROM q;
SELECT 'q-json-sketch', json_extract(j, '$.mode') = 'sketch' AND json_extract(j, '$.count') = 100000
  AND json_extract(j, '$.bytes') <= 65536
  FROM (SELECT norm_json(norm_qfit(value)) j FROM generate_series(1, 100000));
