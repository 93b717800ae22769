/*
** fuzz_json.c: libFuzzer target for the JSON reader and number writer of
** ext/format/json.c (what norm_state parses and norm_json writes).
**
** Whatever the text, json_parse must either fail with a message or give a
** well-formed tree: every link in range, strings inside the input, objects
** alternating key and value, and json_get terminating. Every number it reads
** must survive json_format_double and a re-parse bit for bit. The first 8
** bytes, read as a double, go through the writer too.
**
** The same text then goes to norm_state (linked with SQLite, the extension
** built with -DSQLITE_CORE): it must give a valid state or an error naming
** norm_state, and a state it gives must come back byte for byte through
** norm_state(norm_json(s)). Violations abort.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "format/json.h"
#include "format/state.h"

int sqlite3_normalize_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

#define FUZZ_TARGET_NAME "fuzz_json"
#include "fuzz_common.h"

/* json_format_double(v) reads back as exactly v (NaN and infinities: null). */
static void check_number_round_trip(double v) {
  char buf[32];
  int len = json_format_double(buf, v);
  REQUIRE(len > 0 && len < 32 && (size_t)len == strlen(buf));
  if (!isfinite(v)) {
    REQUIRE(strcmp(buf, "null") == 0);
    return;
  }
  REQUIRE(strpbrk(buf, ".eE") != NULL);
  JsonDoc doc;
  REQUIRE(json_parse(&doc, buf, (size_t)len, &fz_allocator) == 0);
  REQUIRE(doc.count == 1 && doc.nodes[0].type == JSON_NUMBER);
  REQUIRE(memcmp(&doc.nodes[0].number, &v, sizeof v) == 0 || (v == 0 && doc.nodes[0].number == 0));
  json_free(&doc, &fz_allocator);
}

/* Walks node i and its children; returns the number of nodes seen. */
static int walk(const JsonDoc *doc, const char *text, size_t n, int i, int depth) {
  REQUIRE(i >= 0 && i < doc->count && depth <= JSON_MAX_DEPTH + 1);
  const JsonNode *node = &doc->nodes[i];
  int seen = 1;
  switch (node->type) {
    case JSON_STRING:
      REQUIRE(node->text >= text && node->len >= 0 && node->text + node->len <= text + n);
      break;
    case JSON_NUMBER:
      REQUIRE(!isnan(node->number));
      check_number_round_trip(node->number);
      break;
    case JSON_ARRAY:
    case JSON_OBJECT: {
      int members = 0;
      for (int c = node->first_child; c >= 0; c = doc->nodes[c].next) {
        REQUIRE(c > i && c < doc->count); /* children follow their parent */
        if (node->type == JSON_OBJECT && members % 2 == 0) REQUIRE(doc->nodes[c].type == JSON_STRING);
        seen += walk(doc, text, n, c, depth + 1);
        members++;
      }
      if (node->type == JSON_OBJECT) {
        REQUIRE(members % 2 == 0);
        (void)json_get(doc, i, "mean"); /* must terminate */
        (void)json_get(doc, i, "exact");
      }
      break;
    }
    default:
      break;
  }
  return seen;
}

/* norm_state(text): a valid state that survives the JSON round trip, or an
** error that names norm_state. */
static void check_norm_state(const char *text, size_t n) {
  static sqlite3 *db; /* one connection for the whole run */
  static sqlite3_stmt *make, *again;
  if (db == NULL) {
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK && sqlite3_normalize_init(db, NULL, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT norm_state(?1)", -1, &make, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT norm_state(norm_json(?1)) = ?1", -1, &again, NULL) == SQLITE_OK);
  }
  sqlite3_bind_text(make, 1, text, (int)n, SQLITE_STATIC);
  int rc = sqlite3_step(make);
  if (rc == SQLITE_ROW) {
    REQUIRE(sqlite3_column_type(make, 0) == SQLITE_BLOB || sqlite3_column_type(make, 0) == SQLITE_NULL);
    if (sqlite3_column_type(make, 0) == SQLITE_BLOB) {
      const void *blob = sqlite3_column_blob(make, 0);
      int len = sqlite3_column_bytes(make, 0);
      StateView view;
      const char *why;
      REQUIRE(state_parse(blob, len, &view, &why) == 0);
      sqlite3_bind_blob(again, 1, blob, len, SQLITE_TRANSIENT);
      REQUIRE(sqlite3_step(again) == SQLITE_ROW && sqlite3_column_int(again, 0) == 1);
      sqlite3_reset(again);
    }
  } else {
    REQUIRE(strncmp(sqlite3_errmsg(db), "norm_state: ", 12) == 0);
  }
  sqlite3_reset(make);
  sqlite3_clear_bindings(make);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 8) {
    double v;
    memcpy(&v, data, sizeof v);
    check_number_round_trip(v);
  }
  /* An exact-size copy, so that reading past the end is caught. */
  char *text = malloc(size ? size : 1);
  REQUIRE(text != NULL);
  memcpy(text, data, size);
  JsonDoc doc;
  if (json_parse(&doc, text, size, &fz_allocator) == 0) {
    REQUIRE(doc.count > 0 && doc.nodes != NULL);
    REQUIRE(walk(&doc, text, size, 0, 0) == doc.count);
  } else {
    REQUIRE(doc.error[0] != 0);
  }
  json_free(&doc, &fz_allocator);
  check_norm_state(text, size);
  free(text);
  return 0;
}
