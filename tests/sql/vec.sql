-- Vectors (ext/format/vec.h, ext/sql/vecfit.c, ext/sql/vecapply.c requirements). Each line
-- prints NAME|1 when the check holds; expected values are worked out by hand.
CREATE TABLE v(i INTEGER PRIMARY KEY, j TEXT, b BLOB);
-- [1, 10], [2, 20], [3, 60]; the blobs hold the same values as float32.
INSERT INTO v VALUES (1, '[1, 10]', X'0000803F00002041'), (2, ' [2,20] ', X'000000400000A041'), (3, '[3,60]', X'0000404000007042');

-- vecfit.c 2: per dimension. Means 2 and 30; variances 2/3 and 1400/3.
SELECT 'fit-2-mean-json', norm_mean(norm_fit(j)) = '[2.0,30.0]' FROM v;
SELECT 'fit-2-mean-f32', norm_mean(norm_fit(b)) = '[2.0,30.0]' FROM v;
SELECT 'fit-2-var', norm_var(norm_fit(j)) = '[0.6666666666666666,466.6666666666667]' FROM v;
SELECT 'fit-2-var-ddof1', norm_var(norm_fit(j), 1) = '[1.0,700.0]' FROM v;
SELECT 'fit-2-count', norm_count(norm_fit(j)) = '[3,3]' FROM v;
SELECT 'fit-2-min-max', norm_min(s) = '[1.0,10.0]' AND norm_max(s) = '[3.0,60.0]' FROM (SELECT norm_fit(b) s FROM v);
SELECT 'fit-2-empty-is-null', norm_fit(j) IS NULL FROM v WHERE 0;
SELECT 'fit-2-null-rows-skipped', norm_count(norm_fit(x)) = '[3,3]' FROM (SELECT j x FROM v UNION ALL SELECT NULL);
SELECT 'fit-2-group-by', group_concat(norm_mean(s), ';') = '[1.5,15.0];[3.0,60.0]'
  FROM (SELECT i > 2 g, norm_fit(j) s FROM v GROUP BY g ORDER BY g);
-- vecfit.c 3: null elements are skipped per dimension; a dimension with no value gives NULL.
SELECT 'fit-3-null-element', norm_mean(s) = '[2.0,35.0]' AND norm_count(s) = '[3,2]'
  FROM (SELECT norm_fit(x) s FROM (SELECT '[1, null]' x UNION ALL SELECT '[2, 10]' UNION ALL SELECT '[3, 60]'));
SELECT 'fit-3-nan-element-f32', norm_count(norm_fit(x)) = '[1,2]'
  FROM (SELECT X'0000C07F00000040' x UNION ALL SELECT X'0000803F00000040');
SELECT 'fit-3-empty-dimension-is-null', norm_fit(x) IS NULL FROM (SELECT '[1, null]' x UNION ALL SELECT '[2, null]');
-- vecfit.c 4: weights. [1,10] w 3 and [3,60] w 1: mean [1.5, 22.5].
SELECT 'fit-4-weights', norm_mean(norm_fit(j, w)) = '[1.5,22.5]' AND norm_count(norm_fit(j, w)) = '[4,4]'
  FROM (SELECT j, CASE i WHEN 1 THEN 3 WHEN 2 THEN 0 ELSE 1 END w FROM v);
-- vecfit.c 5: sliding frames; min and max follow the frame.
SELECT 'fit-5-sliding-mean', group_concat(norm_mean(f), ';') = '[1.0,10.0];[1.5,15.0];[2.5,40.0]'
  FROM (SELECT norm_fit(j) OVER (ORDER BY i ROWS 1 PRECEDING) f FROM v);
SELECT 'fit-5-sliding-min', group_concat(norm_min(f), ';') = '[1.0,10.0];[1.0,10.0];[2.0,20.0]'
  FROM (SELECT norm_fit(b) OVER (ORDER BY i ROWS 1 PRECEDING) f FROM v);
SELECT 'fit-5-following-frame', group_concat(norm_max(f), ';') = '[2.0,20.0];[3.0,60.0];[3.0,60.0]'
  FROM (SELECT norm_fit(j) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) f FROM v);
SELECT 'fit-5-merge', norm_mean(norm_merge(s)) = '[2.0,30.0]' AND norm_count(norm_merge(s)) = '[3,3]'
  FROM (SELECT norm_fit(j) s FROM v WHERE i < 3 UNION ALL SELECT norm_fit(b) FROM v WHERE i = 3);
SELECT 'fit-5-merge-window', group_concat(norm_mean(m), ';') = '[1.0,10.0];[1.5,15.0];[2.5,40.0]'
  FROM (SELECT norm_merge(s) OVER (ORDER BY i ROWS 1 PRECEDING) m FROM (SELECT i, norm_fit(j) s FROM v GROUP BY i));
-- vecfit.c 6: row_fit(v) over one vector's elements; merged over a column: axis=None.
SELECT 'row-6-mean', norm_mean(row_fit('[1, 2, 6]')) = 3.0 AND norm_var(row_fit('[1,2,6]')) = 14.0 / 3;
SELECT 'row-6-f32', norm_mean(row_fit(X'0000803F00002041')) = 5.5;
SELECT 'row-6-nulls', norm_count(row_fit('[1, null, 3]')) = 2 AND row_fit('[null]') IS NULL;
SELECT 'row-6-axis-none', norm_mean(norm_merge(row_fit(j))) = 16.0 FROM v;
-- vecapply.c 1-2: transforms keep the encoding; vector or scalar state.
SELECT 'z-1-per-dimension', norm_z('[3, 30]', norm_state('{"mean": [1, 20], "var": [4, 25]}')) = '[1.0,2.0]';
SELECT 'z-1-scalar-state', norm_z('[3, 30]', norm_state('{"mean": 1, "var": 4}')) = '[1.0,14.5]';
SELECT 'z-2-blob-out', hex(norm_z(X'0000404000000000', norm_state('{"mean": [1, 0], "var": [4, 1]}'))) = '0000803F00000000';
SELECT 'z-2-null-element', norm_z('[3, null]', norm_state('{"mean": 1, "var": 4}')) = '[1.0,null]';
SELECT 'z-2-zero-std-eps-null', norm_z('[3, 3]', norm_state('{"mean": [1, 1], "var": [4, 0]}'), NULL) = '[1.0,null]';
SELECT 'z-2-ddof-undefined', norm_z('[3, 3]', s, 1e-7, 1) = '[null,null]' FROM (SELECT norm_fit('[1, 2]') s);
SELECT 'minmax-1', norm_minmax('[2, 40]', s) = '[0.5,0.6]' AND norm_minmax('[4, 0]', s, 0, 1, 1) = '[1.0,0.0]' FROM (SELECT norm_fit(j) s FROM v);
SELECT 'maxabs-1', norm_maxabs('[-1.5, 30]', s) = '[-0.5,0.5]' FROM (SELECT norm_fit(j) s FROM v);
SELECT 'invert-1', norm_invert('[1.0, 2.0]', norm_state('{"mean": [1, 20], "var": [4, 25]}')) = '[3.0,30.0]';
SELECT 'invert-1-minmax', norm_invert('[0.5, 0.6]', s, 'minmax') = '[2.0,40.0]' FROM (SELECT norm_fit(j) s FROM v);
SELECT 'null-vector-gives-null', norm_z(NULL, s) IS NULL AND norm_unit(NULL) IS NULL FROM (SELECT norm_fit(j) s FROM v);
-- One call site seeing numbers and vectors with the same constant scalar state
-- (mean 2, var 1): each row gets its own encoding (the state cache is shared safely).
CREATE TABLE mixed(i INTEGER PRIMARY KEY, x);
INSERT INTO mixed VALUES (1, 1), (2, '[1, 3]'), (3, 4), (4, '[2]'), (5, 0);
CREATE TABLE sc AS SELECT norm_state('{"mean": 2, "var": 1}') AS s;
SELECT 'mixed-rows-one-call-site', group_concat(norm_z(x, (SELECT s FROM sc)), ';') = '-1.0;[-1.0,1.0];2.0;[0.0];-2.0'
  FROM (SELECT x FROM mixed ORDER BY i);
SELECT 'null-before-options', norm_z(NULL, norm_fit('[1]'), -1) IS NULL AND norm_invert(NULL, norm_fit('[1]'), 'z', -1) IS NULL;
-- vecapply.c 4: unit norms.
SELECT 'unit-4-l2', norm_unit('[3, -4]') = '[0.6,-0.8]';
SELECT 'unit-4-l1', norm_unit('[3, -1]', 'l1') = '[0.75,-0.25]';
SELECT 'unit-4-max', norm_unit('[3, -4]', 'max') = '[0.75,-1.0]';
SELECT 'unit-4-zero', norm_unit('[0, 0]') = '[0.0,0.0]' AND norm_unit('[null, 0]') = '[null,0.0]';
SELECT 'unit-4-f32', hex(norm_unit(X'0000404000008040')) = '9A99193FCDCC4C3F';
-- vecapply.c 5-6: accessors, JSON round trip, known statistics as arrays.
SELECT 'json-6-round-trip', norm_state(norm_json(s)) = s FROM (SELECT norm_fit(b) s FROM v);
SELECT 'json-6-count-number', norm_count(norm_state('{"mean": [1, 2], "var": [1, 1], "count": 4}')) = '[4,4]';
SELECT 'json-6-minmax-only', norm_mean(s) IS NULL AND norm_max(s) = '[1.0,5.0]' FROM (SELECT norm_state('{"min": [0, 1], "max": [1, 5]}') s);
SELECT norm_json(norm_fit(j)) FROM v WHERE i < 3;
-- Errors (vec.h 2-4, vecfit.c 1-2, vecapply.c 3).
SELECT norm_fit(x) FROM (SELECT '[1, 2]' x UNION ALL SELECT '[1, 2, 3]');
SELECT norm_fit(x) FROM (SELECT '[1, "a"]' x);
SELECT norm_fit('[1, true]');
SELECT norm_fit('[1, [2]]');
SELECT norm_fit('[1, 2');
SELECT norm_fit('[1, 2] x');
SELECT norm_fit('[]');
SELECT norm_fit('[1e999]');
SELECT norm_fit(X'000000');
SELECT norm_fit(X'0000807F');
SELECT norm_fit(s) FROM (SELECT norm_fit('[1]') s);
SELECT norm_fit(x) FROM (SELECT 1 x UNION ALL SELECT '[1]');
SELECT norm_fit(x) FROM (SELECT '[1]' x UNION ALL SELECT 1);
SELECT norm_merge(s) FROM (SELECT norm_fit('[1]') s UNION ALL SELECT norm_fit(1));
SELECT norm_z('[1, 2, 3]', norm_fit('[1, 2]'));
SELECT norm_z(1, norm_fit('[1, 2]'));
SELECT norm_z('[1]', norm_state('{"min": [0], "max": [1]}'));
SELECT norm_minmax('[1]', norm_state('{"mean": [0], "var": [1]}'));
SELECT norm_z('[1e300]', norm_state('{"mean": [0], "var": [1e-300]}'));
SELECT norm_invert(X'0000803F', norm_state('{"mean": [0], "var": [1e300]}'));
SELECT norm_unit('[1]', 'l3');
SELECT norm_unit(1);
SELECT norm_unit('abc');
SELECT row_fit('[1]', 2);
SELECT norm_state('{"mean": [1, 2], "var": [1]}');
SELECT norm_state('{"mean": [1], "var": [-1]}');
SELECT norm_state('{"mean": [1], "var": [1], "dims": 2}');
SELECT norm_merge(s) FROM (SELECT norm_fit(1) s UNION ALL SELECT norm_fit('[1]'));
-- Sizes (vec.h 4): 65,536 dimensions work; one more is an error.
SELECT 'dims-65536', length(norm_fit(zeroblob(262144))) = 16 + 64 * 65536;
SELECT norm_fit(zeroblob(262148));
-- Weighted sliding frame (vecfit.c 4-5): weights leave with their rows; row 3: (2*2 + 3*3) / 5, (20*2 + 60*3) / 5.
SELECT 'weighted-sliding', group_concat(norm_mean(s), ';') = '[1.0,10.0];[1.6666666666666667,16.666666666666668];[2.6,44.0]'
  FROM (SELECT norm_fit(j, i) OVER (ORDER BY i ROWS 1 PRECEDING) s FROM v);
