-- row_fit: the sample axis (ext/sql/row.c requirements 1-3).
CREATE TABLE r(a, b, c, d);
INSERT INTO r VALUES (1, 2, 3, 4), (10, 10, 10, 10), (NULL, 5, NULL, 7), (NULL, NULL, NULL, NULL);

-- Requirement 1: per-row statistics over non-NULL arguments; all NULL gives NULL.
SELECT 'row-1-mean', group_concat(coalesce(norm_mean(row_fit(a, b, c, d)), 'null'), ',') = '2.5,10.0,6.0,null' FROM r;
SELECT 'row-1-var', norm_var(row_fit(1, 2, 3, 4)) = 1.25 AND norm_count(row_fit(1, NULL, 3)) = 2;
SELECT 'row-1-single', norm_var(row_fit(42)) = 0.0 AND norm_min(row_fit(42)) = 42;
-- Requirement 3: the same state as the feature axis over the same values.
SELECT 'row-3-same-state', row_fit(1, 2, 3, 4) = (SELECT norm_fit(value) FROM generate_series(1, 4));
SELECT 'row-3-layer-norm', group_concat(norm_z(b, row_fit(a, b, c, d)), ',') = '-0.447213595499958,0.0,-1.0'
  FROM r WHERE b IS NOT NULL;
-- The seed confusion: a feature normalized against itself is all zeros.
SELECT 'row-seed-wrong-axis', group_concat(norm_z(value, row_fit(value)), ',') = '0.0,0.0,0.0,0.0,0.0' FROM generate_series(1, 5);
SELECT 'row-127-arguments', norm_count(row_fit(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127)) = 127;

-- Requirement 2: errors.
SELECT row_fit(1, 2, 'three');
SELECT row_fit(1, x'00');
SELECT row_fit(-9e999, 1);
