-- norm_z, norm_minmax, norm_maxabs, norm_invert (ext/sql/apply.c requirements 1-6).
-- The fitted data are 1..5: mean 3, population var 2, sample var 2.5, min 1, max 5.
CREATE TABLE d(x);
INSERT INTO d VALUES (1), (2), (3), (4), (5);
CREATE TABLE sc AS SELECT norm_fit(x) AS s FROM d;
CREATE TABLE one AS SELECT norm_fit(7) AS s;

-- Requirement 1: NULLs.
SELECT 'apply-1-null-x', norm_z(NULL, s) IS NULL FROM sc;
SELECT 'apply-1-null-state', norm_z(1, NULL) IS NULL AND norm_minmax(1, NULL) IS NULL AND norm_maxabs(1, NULL) IS NULL;
SELECT 'apply-1-null-invert', norm_invert(NULL, s) IS NULL FROM sc;

-- Requirement 2: z-scores. (5 - 3) / sqrt(2) = sqrt(2).
SELECT 'apply-2-z', norm_z(5, s) = sqrt(2.0) FROM sc;
SELECT 'apply-2-z-center', norm_z(3, s) = 0 FROM sc;
SELECT 'apply-2-z-ddof1', abs(norm_z(5, s, NULL, 1) - 1.2649110640673518) < 1e-15 FROM sc;
SELECT 'apply-2-z-eps-no-effect', norm_z(5, s, 1e-7) = sqrt(2.0) FROM sc;
SELECT 'apply-2-z-eps-clamps', norm_z(5, s, 4) = 0.5 FROM sc;
SELECT 'apply-2-zero-std-sklearn', norm_z(9, s) = 2 FROM one;
SELECT 'apply-2-zero-std-keras', norm_z(9, s, 1e-7) = 2e7 FROM one;
SELECT 'apply-2-zero-std-plain-null', norm_z(9, s, NULL) IS NULL FROM one;
SELECT 'apply-2-ddof-undefined-null', norm_z(9, s, NULL, 1) IS NULL FROM one;
SELECT 'apply-2-numeric-text', norm_z('5', s) = sqrt(2.0) AND norm_z(' 5e0 ', s) = sqrt(2.0) FROM sc;
SELECT 'apply-2-column', group_concat(round(norm_z(x, (SELECT s FROM sc)), 6), ',') =
  '-1.414214,-0.707107,0.0,0.707107,1.414214' FROM d;

-- Requirement 3: min-max. (4 - 1) / 4 = 0.75; to [-1, 1]: 0.5.
SELECT 'apply-3-minmax', norm_minmax(4, s) = 0.75 FROM sc;
SELECT 'apply-3-range', norm_minmax(4, s, -1, 1) = 0.5 FROM sc;
SELECT 'apply-3-extrapolates', norm_minmax(9, s) = 2.0 FROM sc;
SELECT 'apply-3-clip', norm_minmax(9, s, 0, 1, 1) = 1.0 AND norm_minmax(-9, s, 0, 1, 1) = 0.0 FROM sc;
SELECT 'apply-3-zero-range', norm_minmax(7, s) = 0.0 AND norm_minmax(8, s) = 1.0 FROM one;

-- Requirement 4: max-abs.
SELECT 'apply-4-maxabs', norm_maxabs(-2, s) = -0.4 FROM sc;
SELECT 'apply-4-zero', norm_maxabs(3, norm_state('{"min": 0, "max": 0}')) = 3.0;

-- Requirement 5: inverses.
SELECT 'apply-5-invert-z', norm_invert(sqrt(2.0), s) = 5.0 FROM sc;
SELECT 'apply-5-invert-z-explicit', norm_invert(norm_z(4.5, s, 1e-7, 1), s, 'z', 1e-7, 1) = 4.5 FROM sc;
SELECT 'apply-5-invert-minmax', norm_invert(0.75, s, 'minmax') = 4.0 FROM sc;
SELECT 'apply-5-invert-range', norm_invert(0.5, s, 'minmax', -1, 1) = 4.0 FROM sc;
SELECT 'apply-5-invert-maxabs', norm_invert(-0.4, s, 'maxabs') = -2.0 FROM sc;

-- Requirement 6 and bad options: errors name the function.
SELECT norm_z(1, norm_state('{"min": 0, "max": 1}'));
SELECT norm_minmax(1, norm_state('{"mean": 0, "var": 1}'));
SELECT norm_z(1, s, 0) FROM sc;
SELECT norm_z(1, s, 1e-7, -1) FROM sc;
SELECT norm_z(1, s, 1e-7, 0.5) FROM sc;
SELECT norm_z(1, s, 1e-7, NULL) FROM sc;
SELECT norm_minmax(1, s, 1, 1) FROM sc;
SELECT norm_minmax(1, s, NULL, 1) FROM sc;
SELECT norm_invert(1, s, 'robust') FROM sc;
SELECT norm_invert(1, s, 'maxabs', 2) FROM sc;
SELECT norm_z('x', s) FROM sc;
SELECT norm_z(1, 'state');
SELECT norm_z(1, randomblob(80));
SELECT norm_z(1, 2, 3, 4, 5);
SELECT norm_var(s, 2) IS NULL, norm_var(norm_state('{"mean":0,"var":1}'), 1) FROM one;
