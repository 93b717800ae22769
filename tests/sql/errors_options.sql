-- Bad input catalogue (docs/errors.md), options: weights, ddof, eps, the
-- target range and clip of norm_minmax, the kind of norm_invert. Each line
-- prints NAME|1, or the exact error.
CREATE TABLE s AS SELECT row_fit(1, 2, 3) AS st, row_fit(5, 5) AS flat, norm_state('{"mean": 2, "var": 4}') AS nocount;

-- Weights: negative is an error; NULL and 0 skip the row; fractional weights
-- are frequency weights.
SELECT norm_fit(1, -1);
SELECT norm_fit(x, w) FROM (SELECT 1 x, 1 w UNION ALL SELECT 2, -0.5);
SELECT 'weight-null-skips', norm_count(norm_fit(x, w)) = 1 FROM (SELECT 1 x, NULL w UNION ALL SELECT 2, 1);
SELECT 'weight-zero-skips', norm_count(norm_fit(x, w)) = 1 AND norm_min(norm_fit(x, w)) = 2
  FROM (SELECT 1 x, 0 w UNION ALL SELECT 2, 1);
SELECT 'weight-all-zero-is-null', norm_fit(1, 0) IS NULL;
SELECT 'weight-negative-zero-skips', norm_fit(1, -0.0) IS NULL;
-- a window removes exactly what it added, so a weight error is raised when
-- the row enters the frame
SELECT norm_count(norm_fit(x, w) OVER (ORDER BY x ROWS 1 PRECEDING)) FROM (SELECT 1 x, 1 w UNION ALL SELECT 2, -1);

-- ddof: a whole number >= 0; NULL, negative, fractional or huge are errors.
SELECT norm_var(st, -1) FROM s;
SELECT norm_var(st, 0.5) FROM s;
SELECT norm_std(st, NULL) FROM s;
SELECT norm_var(st, 1e16) FROM s; -- any whole ddof; count <= ddof gives NULL
SELECT norm_z(1, st, 1e-7, -1) FROM s;
SELECT norm_z(1, st, 1e-7, 1.5) FROM s;
SELECT norm_invert(1, st, 'z', 1e-7, -2) FROM s;
-- count <= ddof: undefined, NULL (like var_samp of one row)
SELECT 'ddof-count-le-ddof-is-null', norm_var(st, 3) IS NULL AND norm_std(st, 4) IS NULL FROM s;
SELECT 'ddof-z-undefined-is-null', norm_z(1, st, 1e-7, 3) IS NULL FROM s;
SELECT 'ddof-integer-text-ok', norm_var(st, '1') = 1.0 AND norm_var(st, 1.0) = 1.0 FROM s;
-- a state without count takes ddof 0 only
SELECT 'ddof-nocount-zero-ok', norm_var(nocount, 0) = 4.0 FROM s;
SELECT norm_var(nocount, 1) FROM s;
SELECT norm_z(1, nocount, 1e-7, 1) FROM s;

-- eps: > 0; 0 and negative are errors; NULL means no clamp, and a zero std
-- then gives NULL.
SELECT norm_z(1, st, 0) FROM s;
SELECT norm_z(1, st, -1e-7) FROM s;
SELECT norm_invert(1, st, 'z', 0) FROM s;
SELECT 'eps-null-zero-std-is-null', norm_z(5, flat, NULL) IS NULL FROM s;
SELECT 'eps-null-plain', norm_z(3, st, NULL) = norm_z(3, st) FROM s;
SELECT 'eps-clamps', norm_z(6, flat, 0.5) = 2.0 FROM s;
SELECT 'eps-default-sklearn', norm_z(6, flat) = 1.0 FROM s;

-- norm_minmax: lo < hi, neither NULL; clip not NULL.
SELECT norm_minmax(1, st, 1, 1) FROM s;
SELECT norm_minmax(1, st, 2, 1) FROM s;
SELECT norm_minmax(1, st, NULL, 1) FROM s;
SELECT norm_minmax(1, st, 0, NULL) FROM s;
SELECT norm_minmax(1, st, 0, 1, NULL) FROM s;
SELECT norm_invert(1, st, 'minmax', 1, 0) FROM s;
SELECT 'clip-any-number', norm_minmax(9, st, 0, 1, 2) = 1.0 AND norm_minmax(9, st, 0, 1, 0) = 4.0 FROM s;

-- norm_invert: the kind is 'z', 'minmax' or 'maxabs'; extra arguments must
-- fit that kind.
SELECT norm_invert(1, st, 'Z') FROM s;
SELECT norm_invert(1, st, NULL) FROM s;
SELECT norm_invert(1, st, 2) FROM s;
SELECT norm_invert(1, st, 'maxabs', 1) FROM s;
SELECT norm_invert(1, st, 'minmax', 0) FROM s;
SELECT norm_invert(1, st, 'z', 1e-7, 0, 1) FROM s;
