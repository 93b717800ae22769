// Loads the extension from a Node.js client and prints one JSON line of
// results; tests/suites/clients.sh compares them with hand-worked values.
// Usage: node load.js better-sqlite3|libsql /path/to/dist/normalize
"use strict";
const [client, ext] = process.argv.slice(2);
const Database = require(client);
const db = new Database(":memory:");
db.loadExtension(ext);
db.exec("CREATE TABLE t(x REAL); INSERT INTO t VALUES (1), (2), (3), (4), (5);");
const rows = db.prepare("SELECT norm_z(x, norm_fit(x) OVER (), NULL, 1) AS z FROM t ORDER BY x").all();
const state = db.prepare("SELECT norm_fit(x) AS s FROM t").get().s;
const back = db.prepare("SELECT norm_mean(?) AS mean, norm_var(?) AS var, norm_count(?) AS n").get(state, state, state);
let error = null;
try {
  db.prepare("SELECT norm_fit('abc')").get();
} catch (e) {
  error = e.message;
}
console.log(JSON.stringify({
  version: db.prepare("SELECT norm_version() AS v").get().v,
  z: rows.map((r) => r.z),
  state_is_bytes: Buffer.isBuffer(state) && state.length === 80,
  mean: back.mean, var: back.var, n: Number(back.n),
  error,
}));
