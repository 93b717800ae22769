-- Accessors, norm_json and norm_state (ext/sql/inspect.c requirements 1-5).
CREATE TABLE sc AS SELECT norm_fit(value) AS s FROM generate_series(1, 4);

-- Requirement 1 and 2.
SELECT 'inspect-1-null', norm_mean(NULL) IS NULL AND norm_count(NULL) IS NULL AND norm_json(NULL) IS NULL;
SELECT 'inspect-2-count-integer', typeof(norm_count(s)) = 'integer' AND norm_count(s) = 4 FROM sc;
SELECT 'inspect-2-count-real', typeof(norm_count(norm_fit(value, 0.25))) = 'real' FROM generate_series(1, 3);
SELECT 'inspect-1-no-count', norm_count(norm_state('{"mean": 1, "var": 4}')) IS NULL;
SELECT 'inspect-1-no-min', norm_min(norm_state('{"mean": 1, "var": 4}')) IS NULL;
SELECT 'inspect-1-no-mean', norm_mean(norm_state('{"min": 1, "max": 4}')) IS NULL;

-- Requirement 3: 1..4 has mean 2.5, var 1.25, sample var 5/3.
SELECT 'inspect-3-var', norm_var(s) = 1.25 AND norm_std(s) = sqrt(1.25) FROM sc;
SELECT 'inspect-3-sample', abs(norm_var(s, 1) - 5.0/3) < 1e-15 AND abs(norm_std(s, 1) - sqrt(5.0/3)) < 1e-15 FROM sc;
SELECT 'inspect-3-ddof-too-big-null', norm_var(s, 4) IS NULL AND norm_std(s, 9) IS NULL FROM sc;

-- Requirement 4: the JSON form (json_extract is SQLite's own JSON reader).
SELECT 'inspect-4-json-valid', json_valid(norm_json(s)) FROM sc;
SELECT 'inspect-4-json-fields', json_extract(j, '$.kind') = 'moments' AND json_extract(j, '$.count') = 4
  AND json_extract(j, '$.mean') = 2.5 AND json_extract(j, '$.var') = 1.25 AND json_extract(j, '$.min') = 1
  AND json_extract(j, '$.max') = 4 AND json_extract(j, '$.exact.m2[0]') = 5
  FROM (SELECT norm_json(s) j FROM sc);

-- Requirement 5: round trip to the same bytes, and known statistics.
SELECT 'inspect-5-round-trip', norm_state(norm_json(s)) = s FROM sc;
SELECT 'inspect-5-round-trip-inexact', norm_state(norm_json(s)) = s
  FROM (SELECT norm_fit(value * 0.1 + 1e9) s FROM generate_series(1, 1000));
SELECT 'inspect-5-keras-mean-var', norm_z(5, norm_state('{"mean": 3, "var": 4}')) = 1.0;
SELECT 'inspect-5-keras-variance-key', norm_z(5, norm_state('{"mean": 3, "variance": 4}')) = 1.0;
SELECT 'inspect-5-std-key', norm_var(norm_state('{"mean": 3, "std": 3}')) = 9.0;
SELECT 'inspect-5-count', norm_count(s) = 10 AND norm_var(s, 1) = 40.0 / 9
  FROM (SELECT norm_state('{"mean": 3, "var": 4, "count": 10}') s);
SELECT 'inspect-5-count-merges', norm_mean(norm_merge(s)) = 2.0
  FROM (SELECT norm_state('{"mean": 1, "var": 0, "count": 1}') s UNION ALL SELECT norm_state('{"mean": 3, "var": 0, "count": 1}'));
SELECT 'inspect-5-minmax', norm_minmax(5, norm_state('{"min": 0, "max": 10}')) = 0.5;

-- Errors.
SELECT norm_state('{"mean": 3}');
SELECT norm_state('{"mean": 3, "var": -1}');
SELECT norm_state('{"mean": 3, "vra": 1}');
SELECT norm_state('{"min": 3}');
SELECT norm_state('{"min": 3, "max": 1}');
SELECT norm_state('{"count": 3}');
SELECT norm_state('{}');
SELECT norm_state('[1, 2]');
SELECT norm_state('{"mean": 1, "var": 1');
SELECT norm_state('{"mean": "1", "var": 1}');
SELECT norm_state('{"kind": "quantiles", "mean": 1, "var": 1}');
SELECT norm_state(x'7b7d');
SELECT norm_mean(x'4e524d5301');
SELECT norm_json(zeroblob(80));
