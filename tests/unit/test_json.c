/* test_json.c: the JSON reader and the round-trip number writer. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "format/json.h"

static int parses(const char *text) {
  JsonDoc d;
  int ok = json_parse(&d, text, strlen(text), &test_allocator) == 0;
  json_free(&d, &test_allocator);
  return ok;
}

void test_json(void) {
  JsonDoc d;
  const char *text =
      " {\"mean\": 3.5, \"exact\": {\"m2\": [1e300, -2]}, \"s\": \"a\\\"b\", \"t\": [true, false, null]} ";
  CHECK("json/parses-object", json_parse(&d, text, strlen(text), &test_allocator) == 0);
  int mean = json_get(&d, 0, "mean");
  CHECK("json/get-number", mean >= 0 && d.nodes[mean].type == JSON_NUMBER && d.nodes[mean].number == 3.5);
  int exact = json_get(&d, 0, "exact");
  int m2 = json_get(&d, exact, "m2");
  int first = m2 >= 0 ? d.nodes[m2].first_child : -1;
  CHECK("json/nested-array", first >= 0 && d.nodes[first].number == 1e300 && d.nodes[d.nodes[first].next].number == -2);
  CHECK("json/missing-key", json_get(&d, 0, "var") < 0);
  json_free(&d, &test_allocator);

  const char *invalid[] = {"", "{", "{\"a\":}", "[1,]", "01", "1.", "-", "{\"a\" 1}", "[1] x", "\"\\x\"", "nul", "1e"};
  int rejected = 0;
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) rejected += !parses(invalid[i]);
  CHECK("json/invalid-rejected", rejected == (int)(sizeof invalid / sizeof invalid[0]));

  char deep[200];
  memset(deep, '[', 100);
  memset(deep + 100, ']', 100);
  JsonDoc dd;
  CHECK("json/depth-limited", json_parse(&dd, deep, sizeof deep, &test_allocator) != 0);
  json_free(&dd, &test_allocator);

  /* Shortest round trip. */
  double values[] = {0.1, 1.0 / 3, 5, -2.5e-300, 1.7976931348623157e308, 4.9e-324, 10000000.1};
  int bad = 0;
  char buf[32];
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    json_format_double(buf, values[i]);
    if (strtod(buf, NULL) != values[i]) bad++;
  }
  CHECK("json/format-round-trips", bad == 0);
  json_format_double(buf, 0.1);
  CHECK("json/format-shortest", strcmp(buf, "0.1") == 0);
  json_format_double(buf, 5);
  CHECK("json/format-keeps-real", strcmp(buf, "5.0") == 0);
}
