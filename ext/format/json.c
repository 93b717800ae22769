/*
** json.c: a strict JSON reader (RFC 8259 grammar, depth-limited) and the
** shortest round-trip number formatter (see json.h).
*/
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parser {
  const char *s; /* input */
  size_t n;      /* its length */
  size_t pos;    /* next character */
  JsonDoc *doc;  /* output */
  int cap;       /* allocated nodes */
  const Allocator *a;
} Parser;

static int fail(Parser *p, const char *what) {
  (void)snprintf(p->doc->error, sizeof p->doc->error, "%s at offset %zu", what, p->pos);
  return -1;
}

static void skip_space(Parser *p) {
  while (p->pos < p->n &&
         (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r')) {
    p->pos++;
  }
}

/* Appends a node; returns its index or -1 without memory. */
static int new_node(Parser *p, JsonType type) {
  JsonDoc *d = p->doc;
  if (d->count == p->cap) {
    int cap = p->cap ? p->cap * 2 : 16;
    JsonNode *nodes = p->a->realloc(d->nodes, (uint64_t)cap * sizeof *nodes);
    if (nodes == NULL) return -1;
    d->nodes = nodes;
    p->cap = cap;
  }
  JsonNode *node = &d->nodes[d->count];
  memset(node, 0, sizeof *node);
  node->type = type;
  node->first_child = node->next = -1;
  return d->count++;
}

static int parse_value(Parser *p, int depth);

static int parse_number(Parser *p) {
  size_t start = p->pos;
  const char *s = p->s;
  if (p->pos < p->n && s[p->pos] == '-') p->pos++;
  if (p->pos < p->n && s[p->pos] == '0') {
    p->pos++;
  } else if (p->pos < p->n && s[p->pos] >= '1' && s[p->pos] <= '9') {
    while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9') p->pos++;
  } else {
    return fail(p, "invalid number");
  }
  if (p->pos < p->n && s[p->pos] == '.') {
    p->pos++;
    if (!(p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')) return fail(p, "invalid number");
    while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9') p->pos++;
  }
  if (p->pos < p->n && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
    p->pos++;
    if (p->pos < p->n && (s[p->pos] == '+' || s[p->pos] == '-')) p->pos++;
    if (!(p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')) return fail(p, "invalid number");
    while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9') p->pos++;
  }
  char buf[400];
  size_t len = p->pos - start;
  if (len >= sizeof buf) return fail(p, "number too long");
  memcpy(buf, s + start, len);
  buf[len] = 0;
  char *end = NULL;
  double v = strtod(buf, &end);
  if (end != buf + len) return fail(p, "number not readable in this locale");
  int idx = new_node(p, JSON_NUMBER);
  if (idx < 0) return -2;
  p->doc->nodes[idx].number = v;
  return idx;
}

static int parse_string(Parser *p) {
  size_t start = ++p->pos; /* after the quote */
  while (p->pos < p->n && p->s[p->pos] != '"') {
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c < 0x20) return fail(p, "control character in string");
    if (c == '\\') {
      p->pos++;
      if (p->pos >= p->n || !strchr("\"\\/bfnrtu", p->s[p->pos])) return fail(p, "invalid escape");
    }
    p->pos++;
  }
  if (p->pos >= p->n) return fail(p, "unterminated string");
  int idx = new_node(p, JSON_STRING);
  if (idx < 0) return -2;
  p->doc->nodes[idx].text = p->s + start;
  p->doc->nodes[idx].len = (int)(p->pos - start);
  p->pos++;
  return idx;
}

/* Parses the members of an array or object after its opening bracket. */
static int parse_container(Parser *p, int depth, int is_object) {
  int idx = new_node(p, is_object ? JSON_OBJECT : JSON_ARRAY);
  if (idx < 0) return -2;
  char close = is_object ? '}' : ']';
  p->pos++;
  skip_space(p);
  if (p->pos < p->n && p->s[p->pos] == close) {
    p->pos++;
    return idx;
  }
  int last = -1;
  for (;;) {
    skip_space(p);
    int child;
    if (is_object) {
      if (p->pos >= p->n || p->s[p->pos] != '"') return fail(p, "expected a key");
      int key = parse_string(p);
      if (key < 0) return key;
      skip_space(p);
      if (p->pos >= p->n || p->s[p->pos] != ':') return fail(p, "expected ':'");
      p->pos++;
      if (last < 0)
        p->doc->nodes[idx].first_child = key;
      else
        p->doc->nodes[last].next = key;
      child = parse_value(p, depth + 1);
      if (child < 0) return child;
      p->doc->nodes[key].next = child;
    } else {
      child = parse_value(p, depth + 1);
      if (child < 0) return child;
      if (last < 0)
        p->doc->nodes[idx].first_child = child;
      else
        p->doc->nodes[last].next = child;
    }
    last = child;
    skip_space(p);
    if (p->pos < p->n && p->s[p->pos] == ',') {
      p->pos++;
      continue;
    }
    if (p->pos < p->n && p->s[p->pos] == close) {
      p->pos++;
      return idx;
    }
    return fail(p, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

/* Parses a literal word (true, false, null). */
static int parse_word(Parser *p, const char *word, JsonType type) {
  size_t len = strlen(word);
  if (p->n - p->pos < len || memcmp(p->s + p->pos, word, len) != 0) return fail(p, "invalid value");
  p->pos += len;
  int idx = new_node(p, type);
  return idx < 0 ? -2 : idx;
}

static int parse_value(Parser *p, int depth) {
  if (depth > JSON_MAX_DEPTH) return fail(p, "nested too deeply");
  skip_space(p);
  if (p->pos >= p->n) return fail(p, "unexpected end");
  switch (p->s[p->pos]) {
    case '{':
      return parse_container(p, depth, 1);
    case '[':
      return parse_container(p, depth, 0);
    case '"':
      return parse_string(p);
    case 't':
      return parse_word(p, "true", JSON_TRUE);
    case 'f':
      return parse_word(p, "false", JSON_FALSE);
    case 'n':
      return parse_word(p, "null", JSON_NULL);
    default:
      return parse_number(p);
  }
}

int json_parse(JsonDoc *doc, const char *text, size_t n, const Allocator *a) {
  Parser p = {text, n, 0, doc, 0, a};
  doc->nodes = NULL;
  doc->count = 0;
  doc->error[0] = 0;
  int root = parse_value(&p, 0);
  if (root == -2) {
    (void)snprintf(doc->error, sizeof doc->error, "out of memory");
    json_free(doc, a);
    return -1;
  }
  if (root < 0) return -1;
  skip_space(&p);
  if (p.pos != n) return fail(&p, "trailing characters");
  return 0;
}

void json_free(JsonDoc *doc, const Allocator *a) {
  a->free(doc->nodes);
  doc->nodes = NULL;
  doc->count = 0;
}

int json_get(const JsonDoc *doc, int obj, const char *key) {
  if (obj < 0 || doc->nodes[obj].type != JSON_OBJECT) return -1;
  size_t len = strlen(key);
  for (int k = doc->nodes[obj].first_child; k >= 0; k = doc->nodes[doc->nodes[k].next].next) {
    const JsonNode *kn = &doc->nodes[k];
    if ((size_t)kn->len == len && memcmp(kn->text, key, len) == 0) return kn->next;
  }
  return -1;
}

int json_format_double(char *buf, double v) {
  int len = 0;
  if (!isfinite(v)) { /* JSON has no NaN or infinity */
    memcpy(buf, "null", 5);
    return 4;
  }
  for (int prec = 15; prec <= 17; prec++) {
    len = snprintf(buf, 32, "%.*g", prec, v);
    for (int i = 0; i < len; i++) {
      if (buf[i] == ',') buf[i] = '.'; /* a locale's decimal comma */
    }
    if (strtod(buf, NULL) == v) break;
  }
  if (!strpbrk(buf, ".eE") && len < 29) {
    memcpy(buf + len, ".0", 3);
    len += 2;
  }
  return len;
}
