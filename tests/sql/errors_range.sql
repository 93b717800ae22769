-- Bad input catalogue (docs/errors.md), numbers at the ends of the range of
-- a double: what cannot be represented is an error naming the function, never
-- an infinity, a NaN read as "undefined", or a variance rounded to 0.

-- Variance beyond a double: an error (the values themselves are fine).
SELECT row_fit(-1e300, 1e300);
SELECT norm_fit(x) FROM (SELECT -1e200 AS x UNION ALL SELECT 1e200);
SELECT 'big-values-small-variance', norm_var(row_fit(1e300, 1e300)) = 0.0 AND norm_mean(row_fit(1e300, 1e300)) = 1e300;
-- (regression) a variance below the smallest normal double was stored as 0,
-- so row_fit(1e-300, 2e-300) had std 0 and norm_z returned x - mean: now an
-- error; tiny values with a representable variance are fine.
SELECT row_fit(1e-300, 2e-300);
SELECT norm_fit(x) FROM (SELECT 1e-200 AS x UNION ALL SELECT 3e-200);
SELECT norm_state('{"mean": 0, "var": 1e-320}');
SELECT 'tiny-values-ok', abs(norm_std(row_fit(1e-150, 3e-150)) / 1e-150 - 1) < 1e-15;
SELECT 'tiny-equal-values-ok', norm_var(row_fit(1e-300, 1e-300)) = 0.0;
-- (regression) with ddof 1 and a fractional weight the variance can overflow
-- although the state is valid: norm_var now says so, norm_std and norm_z
-- compute the (representable) std instead of returning NULL.
CREATE TABLE w AS SELECT norm_fit(x, 0.75) AS s FROM (SELECT -1e154 AS x UNION ALL SELECT 1e154);
SELECT 'ddof-overflow-var0', norm_var(s) = 1e308 FROM w;
SELECT norm_var(s, 1) FROM w;
SELECT 'ddof-overflow-std', abs(norm_std(s, 1) / (1e154 * sqrt(3)) - 1) < 1e-15 FROM w;
SELECT 'ddof-overflow-z', abs(norm_z(1e200, s, 1e-7, 1) / (1e46 / sqrt(3)) - 1) < 1e-15 FROM w;
SELECT 'ddof-overflow-invert', abs(norm_invert(1, s, 'z', 1e-7, 1) / (1e154 * sqrt(3)) - 1) < 1e-15 FROM w;

-- Results beyond a double: an error.
SELECT norm_z(1e308, norm_state('{"mean": -1e308, "var": 0.01}'));
SELECT norm_invert(1e300, norm_state('{"mean": 0, "var": 1e100}'));
SELECT norm_maxabs(1e308, norm_state('{"min": -1e-10, "max": 1e-10}'));
SELECT norm_minmax(1e308, norm_state('{"min": 0, "max": 1e-300}'));
SELECT norm_invert(1e300, norm_state('{"min": 0, "max": 1e100}'), 'minmax');
-- a range max - min beyond a double (the scaled result itself is fine)
SELECT norm_minmax(0, norm_state('{"min": -1e308, "max": 1e308}'));
