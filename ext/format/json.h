/*
** json.h: the small JSON reader and number writer behind norm_json and
** norm_state. Pure C, no SQLite; memory from the caller's Allocator.
**
** The reader parses a whole text into a flat array of nodes (objects, arrays,
** numbers, strings, true/false/null), each node pointing to its first child
** and next sibling, nesting at most JSON_MAX_DEPTH deep. Strings are kept as
** raw spans of the input (escapes are validated, not decoded), which is all
** that matching known keys needs.
*/
#ifndef NORM_JSON_H
#define NORM_JSON_H

#include <stddef.h>

#include "core/extrema.h" /* Allocator */

#define JSON_MAX_DEPTH 32

typedef enum JsonType { JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonType;

typedef struct JsonNode {
  JsonType type;
  double number;    /* JSON_NUMBER */
  const char *text; /* JSON_STRING: raw content between the quotes */
  int len;          /* its length */
  int first_child;  /* arrays and objects: index of the first child, or -1;
                       an object's children alternate key, value */
  int next;         /* index of the next sibling, or -1 */
} JsonNode;

typedef struct JsonDoc {
  JsonNode *nodes; /* nodes[0] is the root */
  int count;
  char error[96]; /* what is wrong, when parsing failed */
} JsonDoc;

/* Parses text[0..n). Returns 0, or -1 with doc->error set (doc->nodes is NULL
** when memory ran out: error says "out of memory"). */
int json_parse(JsonDoc *doc, const char *text, size_t n, const Allocator *a);

void json_free(JsonDoc *doc, const Allocator *a);

/* The value of key `key` in object node `obj`, or -1. */
int json_get(const JsonDoc *doc, int obj, const char *key);

/* Writes the shortest text that reads back as exactly v, always with a '.'
** or an exponent ("null" for NaN and infinities); returns its length. buf
** needs 32 bytes. */
int json_format_double(char *buf, double v);

#endif
