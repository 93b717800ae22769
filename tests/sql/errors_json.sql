-- Bad input catalogue (docs/errors.md), JSON given to norm_state: malformed
-- text, wrong types, missing or contradictory statistics. Each is an error
-- naming norm_state and the problem.
SELECT norm_state(x'7B7D');
SELECT norm_state(1);
SELECT norm_state('');
SELECT norm_state('{"mean": 1, "var": 2');
SELECT norm_state('{"mean": 1, "var": 2}}');
SELECT norm_state('{"mean": 1, var: 2}');
SELECT norm_state('{"mean": 01, "var": 2}');
SELECT norm_state('{"mean": NaN, "var": 2}');
SELECT norm_state('{"mean": 1e999, "var": 2}');
SELECT norm_state('{"mean": "1", "var": 2}');
SELECT norm_state('{"mean": 1, "var": 2, "note": "x"}');
SELECT norm_state('{"kind": "sketch", "min": 0, "max": 1}');
SELECT norm_state('[1, 2]');
SELECT norm_state('{}');
SELECT norm_state('{"mean": 1}');
SELECT norm_state('{"var": 1}');
SELECT norm_state('{"min": 1}');
SELECT norm_state('{"count": 3}');
SELECT norm_state('{"mean": 1, "var": -1}');
SELECT norm_state('{"mean": 1, "std": -1}');
SELECT norm_state('{"mean": 1, "var": 1, "count": 0}');
SELECT norm_state('{"mean": 1, "var": 1, "count": -2}');
SELECT norm_state('{"min": 2, "max": 1}');
SELECT norm_state('{"mean": 5, "var": 1, "min": 0, "max": 1}');
SELECT norm_state('{"mean": 1e300, "var": 1e300, "count": 1e10}');
-- (regression) two spellings of the variance were accepted, one ignored
SELECT norm_state('{"mean": 0, "var": 1, "std": 5}');
SELECT norm_state('{"mean": 0, "var": 1, "variance": 4}');
SELECT 'json-variance-alone', norm_var(norm_state('{"mean": 0, "variance": 4}')) = 4.0;
SELECT 'json-std-alone', norm_var(norm_state('{"mean": 0, "std": 3}')) = 9.0;
-- the exact form that norm_json writes, damaged
SELECT norm_state('{"exact": {"mean": [1, 0]}}');
SELECT norm_state('{"exact": {"mean": [1], "m2": [0, 0]}}');
SELECT norm_state('{"exact": {"mean": [1, 0, 0], "m2": [0, 0]}}');
SELECT norm_state('{"exact": {"mean": ["1", 0], "m2": [0, 0]}}');
SELECT norm_state('{"exact": [1, 0]}');
SELECT norm_state('{"exact": {"count": [0, 0], "mean": [1, 0], "m2": [0, 0]}}');
SELECT norm_state('{"exact": {"mean": [1, 1], "m2": [0, 0]}}');
-- nesting deeper than 32 levels
SELECT norm_state('{"mean": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], "var": 1}');
SELECT 'json-round-trip', norm_state(norm_json(s)) = s FROM (SELECT row_fit(1, 2, 4) AS s);
-- (regression) repeated keys, and unknown keys inside "exact", were ignored
SELECT norm_state('{"mean": 1, "var": 1, "mean": 2}');
SELECT norm_state('{"exact": {"mean": [1, 0], "m2": [0, 0], "cnt": [5, 0]}}');
SELECT norm_state('{"exact": {"mean": [1, 0], "m2": [0, 0], "m2": [4, 0]}}');
SELECT norm_state('{"m\u0065an": 1, "var": 1}');
