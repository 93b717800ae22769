-- norm_z's quick path (a number and a scalar state with the default options:
-- ext/sql/apply.c norm_z_quick, with the state read by state_read_scalar and the
-- std and the quotient computed with the fma instruction when the CPU has
-- one) gives the same bits as the general path, which norm_z takes when eps
-- is given: eps NULL divides by the plain std, the same divisor when the std
-- is not 0. Each check counts the rows where the two differ (0 expected).
CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, x REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO t SELECT i, i % 5,
  CASE i % 7
    WHEN 0 THEN (i * 7919 % 100003) / 100.0
    WHEN 1 THEN 1e10 + (i * 104729 % 1009) / 7.0
    WHEN 2 THEN -1e-5 * (i * 31 % 997)
    WHEN 3 THEN (i * 131 % 100000) * 1e100
    WHEN 4 THEN (i * 17 % 1000) * 1e-150
    ELSE (i * 613 % 10007) / 13.0 END FROM n;
-- sliding frames: a new state on every row
SELECT 'zpath-frame-1000', count(*), sum(z IS NOT z_general)
  FROM (SELECT norm_z(x, s) z, norm_z(x, s, NULL) z_general FROM
        (SELECT x, norm_fit(x) OVER (ORDER BY id ROWS 999 PRECEDING) s FROM t) WHERE norm_std(s) > 0);
SELECT 'zpath-frame-10', count(*), sum(z IS NOT z_general)
  FROM (SELECT norm_z(x, s) z, norm_z(x, s, NULL, 0) z_general FROM
        (SELECT x, norm_fit(x) OVER (ORDER BY id ROWS 9 PRECEDING) s FROM t) WHERE norm_std(s) > 0);
-- partitions: states that repeat (the connection's slots)
SELECT 'zpath-partitions', count(*), sum(z IS NOT z_general)
  FROM (SELECT norm_z(x, s) z, norm_z(x, s, NULL) z_general FROM
        (SELECT x, norm_fit(x) OVER (PARTITION BY k) s FROM t));
-- a constant state (SQLite's auxdata), integers as values
SELECT 'zpath-constant', count(*), sum(norm_z(x, (SELECT norm_fit(x) FROM t)) IS NOT
  norm_z(x, (SELECT norm_fit(x) FROM t), NULL)) FROM t;
SELECT 'zpath-integers', count(*), sum(z IS NOT z_general)
  FROM (SELECT norm_z(id, s) z, norm_z(id, s, NULL) z_general FROM
        (SELECT id, norm_fit(id) OVER (ORDER BY id ROWS 99 PRECEDING) s FROM t) WHERE norm_std(s) > 0);
-- states without count (weight 1) and with a fractional weight
SELECT 'zpath-no-count', count(*), sum(norm_z(x, s) IS NOT norm_z(x, s, NULL))
  FROM (SELECT x, norm_state(json_object('mean', x / 3, 'var', abs(x) + 1)) s FROM t);
SELECT 'zpath-weighted', count(*), sum(z IS NOT z_general)
  FROM (SELECT norm_z(x, s) z, norm_z(x, s, NULL) z_general FROM
        (SELECT x, norm_fit(x, 0.5 + k / 3.0) OVER (ORDER BY id ROWS 20 PRECEDING) s FROM t) WHERE norm_std(s) > 0);
