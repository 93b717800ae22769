-- Bad input catalogue (docs/errors.md), values where a number is expected:
-- non-numeric and numeric text, BLOBs, NULLs, infinities, NaN made by
-- expressions, integers beyond 2^53. Each line prints NAME|1, or the exact
-- error (the rule: an error naming the function, or a documented NULL).
CREATE TABLE s AS SELECT row_fit(1, 2, 3) AS st;

-- Non-numeric text: an error naming the function and the argument, for every
-- argument that takes a number.
SELECT norm_fit('abc');
SELECT norm_fit(1, 'heavy');
SELECT row_fit(1, 'two');
SELECT norm_z('x', st) FROM s;
SELECT norm_z(1, st, 'tiny') FROM s;
SELECT norm_minmax(1, st, 'lo', 1) FROM s;
SELECT norm_maxabs('x', st) FROM s;
SELECT norm_invert('y', st) FROM s;
SELECT norm_var(st, 'one') FROM s;
-- text that only looks like a number in other languages is not one
SELECT norm_fit('0x10');
SELECT norm_fit('1,5');
SELECT norm_fit('inf');
SELECT norm_fit('NaN');
SELECT norm_fit('');
SELECT norm_fit('12abc');
-- long text is cut to 40 characters in the message
SELECT norm_fit('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');

-- Numeric text (what .import of a CSV leaves): the number it spells.
SELECT 'text-spaces', norm_mean(norm_fit(' 12 ')) = 12.0;
SELECT 'text-sign-fraction', norm_mean(norm_fit('+3.5')) = 3.5 AND norm_mean(norm_fit('-.5')) = -0.5;
SELECT 'text-exponent', norm_mean(norm_fit('1e3')) = 1000.0 AND norm_mean(norm_fit('5.')) = 5.0;
SELECT 'text-row-fit', norm_mean(row_fit('1', ' 2', '3 ')) = 2.0;
SELECT 'text-z', norm_z('3', st) = norm_z(3, st) FROM s;
SELECT 'text-weight', norm_count(norm_fit(1, '2.5')) = 2.5;
SELECT 'text-ddof', norm_var(st, '1') = 1.0 FROM s;
-- beyond the range of a double: an error, not infinity
SELECT norm_fit('1e400');
SELECT row_fit('-1e309');

-- BLOBs where a number is expected: an error.
SELECT norm_fit(x'01');
SELECT norm_fit(1, x'01');
SELECT row_fit(1, x'');
SELECT norm_z(x'3f', st) FROM s;
SELECT norm_minmax(1, st, 0, x'01') FROM s;
SELECT norm_std(st, x'00') FROM s;

-- NULLs: skipped by fits, NULL results from transforms and accessors.
SELECT 'null-fit-skips', norm_count(norm_fit(x)) = 2 FROM (SELECT 1 x UNION ALL SELECT NULL UNION ALL SELECT 3);
SELECT 'null-fit-all-is-null', norm_fit(NULL) IS NULL;
SELECT 'null-weight-skips', norm_count(norm_fit(x, w)) = 1 FROM (SELECT 1 x, NULL w UNION ALL SELECT 3, 1);
SELECT 'null-row-fit-skips', norm_count(row_fit(1, NULL, 3)) = 2;
SELECT 'null-row-fit-all-is-null', row_fit(NULL, NULL) IS NULL;
SELECT 'null-value-z', norm_z(NULL, st) IS NULL AND norm_minmax(NULL, st) IS NULL AND norm_maxabs(NULL, st) IS NULL
  AND norm_invert(NULL, st) IS NULL FROM s;
SELECT 'null-state-transforms', norm_z(1, NULL) IS NULL AND norm_minmax(1, NULL) IS NULL AND norm_maxabs(1, NULL) IS NULL
  AND norm_invert(1, NULL) IS NULL;
SELECT 'null-state-accessors', norm_count(NULL) IS NULL AND norm_mean(NULL) IS NULL AND norm_var(NULL) IS NULL
  AND norm_std(NULL, 1) IS NULL AND norm_min(NULL) IS NULL AND norm_max(NULL) IS NULL AND norm_json(NULL) IS NULL;
SELECT 'null-json', norm_state(NULL) IS NULL;
SELECT 'null-merge-skips', norm_count(norm_merge(x)) = 3 FROM (SELECT st x FROM s UNION ALL SELECT NULL);
SELECT 'null-merge-all-is-null', norm_merge(NULL) IS NULL;

-- Infinities (9e999 is +Inf in SQLite): an error, wherever they come.
SELECT norm_fit(9e999);
SELECT norm_fit(1, 9e999);
SELECT row_fit(1, -9e999);
SELECT norm_z(-9e999, st) FROM s;
SELECT norm_z(1, st, 9e999) FROM s;
SELECT norm_minmax(1, st, -9e999, 1) FROM s;

-- NaN made by an expression: SQLite stores every NaN as NULL, so it arrives
-- as NULL and is treated as one (skipped by fits, NULL from transforms),
-- the way scikit-learn ignores NaN in fit and keeps it in transform.
SELECT 'nan-is-null-in-sqlite', typeof(9e999 - 9e999) = 'null';
SELECT 'nan-fit-skips', norm_count(norm_fit(x)) = 1 FROM (SELECT 9e999 - 9e999 x UNION ALL SELECT 1);
SELECT 'nan-row-fit-skips', norm_count(row_fit(9e999 - 9e999, 2)) = 1;
SELECT 'nan-z-is-null', norm_z(9e999 - 9e999, st) IS NULL FROM s;

-- Integers beyond 2^53 are rounded to the nearest double (as avg() does).
SELECT 'bigint-rounds', norm_mean(norm_fit(9007199254740993)) = 9007199254740992.0;
SELECT 'bigint-rounds-2', norm_min(norm_fit(9007199254740995)) = 9007199254740996.0;
SELECT 'bigint-max', norm_max(norm_fit(9223372036854775807)) = 9223372036854775808.0;
SELECT 'bigint-min', norm_min(norm_fit(-9223372036854775808)) = -9223372036854775808.0;
-- so two integers one apart above 2^53 may fit as equal: variance 0
SELECT 'bigint-variance', norm_var(row_fit(9007199254740992, 9007199254740993)) = 0.0;
SELECT 'bigint-weight', norm_count(norm_fit(1, 9007199254740993)) = 9007199254740992;
-- (regression) the cut never splits a UTF-8 character: 39 'a' then 'é'
SELECT norm_fit('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé');
SELECT norm_fit('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé', 1);
SELECT norm_state('{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé": 1}');
