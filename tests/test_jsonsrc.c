/* test_jsonsrc.c: JSON text with its source positions (jsonsrc.h): where
 * each node and key stands, integer literals, comments stripped with every
 * line and column kept, every syntax error with file:line:column and its
 * reason, duplicate keys, NUL bytes, the nesting limit, and buffers that are
 * not NUL-terminated. Every text is parsed from a heap copy of exactly its
 * length, so that a read past the end shows under ASan. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonsrc.h"

/* Parses buf[0..len) as "f.json" from an exact-size heap copy. */
static int parse_n(gs__jsrc_t *src, const char *buf, size_t len, gs_error_t *e) {
  char *copy = malloc(len ? len : 1);
  if (!copy) return GS_ENOMEM;
  memcpy(copy, buf, len);
  gs_error_clear(e);
  int rc = gs__jsrc_parse(src, "f.json", copy, len, e);
  free(copy);
  return rc;
}

/* The formatted error of text ("" when it parses); checks the failure
 * contract: GS_EPARSE, the file named, src left empty. */
static const char *error_of_n(const char *text, size_t len) {
  static char buf[2048];
  gs__jsrc_t src;
  gs_error_t e;
  int rc = parse_n(&src, text, len, &e);
  buf[0] = '\0';
  if (rc == GS_OK) {
    CU_ASSERT_PTR_NOT_NULL(src.root);
    gs__jsrc_free(&src);
    return buf;
  }
  CU_ASSERT_EQUAL(rc, GS_EPARSE);
  CU_ASSERT_EQUAL(e.code, GS_EPARSE);
  CU_ASSERT_STRING_EQUAL(e.file, "f.json");
  CU_ASSERT(e.line >= 1 && e.column >= 1);
  CU_ASSERT_PTR_NULL(src.root);
  CU_ASSERT_PTR_NULL(src.locs);
  CU_ASSERT_EQUAL(src.n_locs, 0);
  gs_error_format(&e, buf, sizeof buf);
  return buf;
}

static const char *error_of(const char *text) { return error_of_n(text, strlen(text)); }

#define EXPECT_OK(text) CU_ASSERT_STRING_EQUAL(error_of(text), "")
#define EXPECT_ERR(text, msg) CU_ASSERT_STRING_EQUAL(error_of(text), msg)

static void expect_loc(const gs__jsrc_t *src, const cJSON *node, long line, long col, long kline, long kcol, int is_int) {
  CU_ASSERT_PTR_NOT_NULL_FATAL(node);
  const gs__jloc_t *l = gs__jsrc_find(src, node);
  CU_ASSERT_PTR_NOT_NULL_FATAL(l);
  CU_ASSERT_PTR_EQUAL(l->node, node);
  CU_ASSERT_EQUAL(l->line, line);
  CU_ASSERT_EQUAL(l->column, col);
  CU_ASSERT_EQUAL(l->key_line, kline);
  CU_ASSERT_EQUAL(l->key_column, kcol);
  CU_ASSERT_EQUAL(l->is_int, is_int);
}

static void parse_should_record_where_each_node_and_key_stands(void) {
  const char *text = "{\n"
                     "  \"a\": 1,\n"
                     "  \"bb\": [true, -2.5, \"s\"],\n"
                     "  \"c\": {\"d\": null, \"e\": 1e3}\n"
                     "}";
  gs__jsrc_t src;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, text, strlen(text), &e), GS_OK);
  CU_ASSERT_EQUAL(e.code, GS_OK);
  CU_ASSERT_STRING_EQUAL(src.file, "f.json");
  const cJSON *root = src.root;
  CU_ASSERT_FATAL(cJSON_IsObject(root));
  /* 9 values: the root, 1, the array and its 3 items, the object and its 2 */
  CU_ASSERT_EQUAL(src.n_locs, 9);
  expect_loc(&src, root, 1, 1, 0, 0, 0);
  /* line 2 `  "a": 1,`: key at column 3, value at 8 */
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "a");
  expect_loc(&src, a, 2, 8, 2, 3, 1);
  /* line 3 `  "bb": [true, -2.5, "s"],`: key 3, '[' 9, true 10, -2.5 16, "s" 22 */
  const cJSON *bb = cJSON_GetObjectItemCaseSensitive(root, "bb");
  expect_loc(&src, bb, 3, 9, 3, 3, 0);
  CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(bb), 3);
  expect_loc(&src, cJSON_GetArrayItem(bb, 0), 3, 10, 0, 0, 0); /* array items have no key */
  expect_loc(&src, cJSON_GetArrayItem(bb, 1), 3, 16, 0, 0, 0);
  expect_loc(&src, cJSON_GetArrayItem(bb, 2), 3, 22, 0, 0, 0);
  /* line 4 `  "c": {"d": null, "e": 1e3}`: key 3, '{' 8, "d" 9, null 14, "e" 20, 1e3 25 */
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "c");
  expect_loc(&src, c, 4, 8, 4, 3, 0);
  expect_loc(&src, cJSON_GetObjectItemCaseSensitive(c, "d"), 4, 14, 4, 9, 0);
  expect_loc(&src, cJSON_GetObjectItemCaseSensitive(c, "e"), 4, 25, 4, 20, 0);
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItemCaseSensitive(c, "e")->valuedouble, 1000.0, 0);
  gs__jsrc_free(&src);
  CU_ASSERT_PTR_NULL(src.root);
  CU_ASSERT_PTR_NULL(src.locs);
  gs__jsrc_free(NULL); /* accepted */
}

static void parse_should_tell_integer_literals_from_other_numbers(void) {
  const char *text = "[0, -7, 10, 123456789012, 1.0, 1e2, 1E2, -0.5, 2e-3, 5E+1, \"5\"]";
  const int want[] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
  gs__jsrc_t src;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, text, strlen(text), &e), GS_OK);
  CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(src.root), 11);
  int i = 0;
  for (const cJSON *n = src.root->child; n; n = n->next, i++) {
    const gs__jloc_t *l = gs__jsrc_find(&src, n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->is_int, want[i]);
    CU_ASSERT_EQUAL(l->line, 1);
  }
  gs__jsrc_free(&src);
}

static void find_should_return_null_for_a_node_it_does_not_know(void) {
  gs__jsrc_t src;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, "[1]", 3, &e), GS_OK);
  cJSON *other = cJSON_CreateNumber(1);
  CU_ASSERT_PTR_NULL(gs__jsrc_find(&src, other));
  CU_ASSERT_PTR_NULL(gs__jsrc_find(&src, NULL));
  cJSON_Delete(other);
  gs__jsrc_free(&src);
  /* an emptied source (after free or after a failed parse) knows nothing */
  CU_ASSERT_PTR_NULL(gs__jsrc_find(&src, NULL));
  CU_ASSERT_NOT_EQUAL(parse_n(&src, "[", 1, &e), GS_OK);
  CU_ASSERT_PTR_NULL(gs__jsrc_find(&src, NULL));
}

static void comments_should_be_stripped_keeping_lines_and_columns(void) {
  const char *text = "// head comment\n"
                     "{ /* a\n"
                     "     block */ \"k\": /* inline */ 5, // tail \"quote\n"
                     "  \"m\": \"x\" } // end";
  gs__jsrc_t src;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, text, strlen(text), &e), GS_OK);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(src.root), 2);
  expect_loc(&src, src.root, 2, 1, 0, 0, 0);
  /* line 3 is the block comment's end, then the key "k" at 15, an inline comment over 20-31, 5 at 33 */
  expect_loc(&src, cJSON_GetObjectItemCaseSensitive(src.root, "k"), 3, 33, 3, 15, 1);
  expect_loc(&src, cJSON_GetObjectItemCaseSensitive(src.root, "m"), 4, 8, 4, 3, 0);
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(src.root, "m")->valuestring, "x");
  gs__jsrc_free(&src);
  /* errors after comments keep their place: the comma of line 3 is at
   * column 1 and the ']' after it at column 3 */
  EXPECT_ERR("// c\n/* x */ [1, /* y */ 2 // z\n, ]", "f.json:3:3: invalid JSON: trailing comma before ']'");
  EXPECT_ERR("/* one\n   two */ {\"a\": /* three\n */ x}", "f.json:3:5: invalid JSON: expected a value");
  EXPECT_OK("/**/[/**/1/**/]/**/");
  EXPECT_OK("[1] // no newline at the end");
  EXPECT_ERR("/* only a comment */", "f.json:1:21: invalid JSON: unexpected end of input (truncated file?)");
}

static void comment_markers_inside_strings_should_be_kept(void) {
  const char *text = "{\"url\": \"http://x/*y*/\", \"c\": \"a//b /* c\", \"q\": \"\\\"//not\\\" /*\", \"z\": 1}";
  gs__jsrc_t src;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, text, strlen(text), &e), GS_OK);
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(src.root, "url")->valuestring, "http://x/*y*/");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(src.root, "c")->valuestring, "a//b /* c");
  CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(src.root, "q")->valuestring, "\"//not\" /*");
  CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItemCaseSensitive(src.root, "z")->valuedouble, 1, 0);
  gs__jsrc_free(&src);
  /* an escaped quote does not end the string: the comment after it is one */
  const char *t2 = "[\"a\\\"\", /* c */ \"//\"]";
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, t2, strlen(t2), &e), GS_OK);
  CU_ASSERT_EQUAL(cJSON_GetArraySize(src.root), 2);
  CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(src.root, 0)->valuestring, "a\"");
  CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(src.root, 1)->valuestring, "//");
  gs__jsrc_free(&src);
}

static void unterminated_comment_should_be_an_error_at_its_start(void) {
  EXPECT_ERR("[1,\n  /* open\n 2]", "f.json:2:3: unterminated /* comment");
  EXPECT_ERR("[1] /*", "f.json:1:5: unterminated /* comment");
  EXPECT_ERR("[1] /* almost *", "f.json:1:5: unterminated /* comment");
  /* the '*' of the opening does not also close it */
  EXPECT_ERR("/*/ [1]", "f.json:1:1: unterminated /* comment");
  /* a lone slash is no comment */
  EXPECT_ERR("[1] /", "f.json:1:5: invalid JSON: text after the end of the JSON value");
  EXPECT_ERR("[/ 1]", "f.json:1:2: invalid JSON: expected a value");
}

static void syntax_errors_should_name_line_column_and_reason(void) {
  /* objects */
  EXPECT_ERR("{\"a\": 1,}", "f.json:1:9: invalid JSON: trailing comma before '}'");
  EXPECT_ERR("{'a': 1}", "f.json:1:2: invalid JSON: expected a \"key\" in double quotes");
  EXPECT_ERR("{a: 1}", "f.json:1:2: invalid JSON: expected a \"key\" in double quotes");
  EXPECT_ERR("{\"a\" 1}", "f.json:1:6: invalid JSON: expected ':' after the key");
  EXPECT_ERR("{\"a\": 1 \"b\": 2}", "f.json:1:9: invalid JSON: expected ',' or '}'");
  EXPECT_ERR("{\"a\"", "f.json:1:5: invalid JSON: unexpected end of input (truncated file?)");
  EXPECT_ERR("{\"a\": 1,\n", "f.json:2:1: invalid JSON: unexpected end of input (truncated file?)");
  /* arrays */
  EXPECT_ERR("{\"a\": [1,\n  2,\n  ]}", "f.json:3:3: invalid JSON: trailing comma before ']'");
  EXPECT_ERR("[1 2]", "f.json:1:4: invalid JSON: expected ',' or ']'");
  EXPECT_ERR("{\"a\": [1, 2", "f.json:1:12: invalid JSON: unexpected end of input (truncated file?)");
  /* values */
  EXPECT_ERR("", "f.json:1:1: invalid JSON: unexpected end of input (truncated file?)");
  EXPECT_ERR("  \n  ", "f.json:2:3: invalid JSON: unexpected end of input (truncated file?)");
  EXPECT_ERR("[tru]", "f.json:1:2: invalid JSON: expected a value");
  EXPECT_ERR("[NaN]", "f.json:1:2: invalid JSON: NaN and Infinity are not JSON numbers");
  EXPECT_ERR("[1, Infinity]", "f.json:1:5: invalid JSON: NaN and Infinity are not JSON numbers");
  EXPECT_ERR("['a']", "f.json:1:2: invalid JSON: strings take double quotes, not single");
  EXPECT_ERR("{\"a\": 1} x", "f.json:1:10: invalid JSON: text after the end of the JSON value");
  EXPECT_ERR("1 2", "f.json:1:3: invalid JSON: text after the end of the JSON value");
  /* numbers: strict JSON (cJSON alone would take 01 and 1.) */
  EXPECT_ERR("[-]", "f.json:1:3: invalid JSON: expected a digit");
  EXPECT_ERR("[+1]", "f.json:1:2: invalid JSON: expected a value");
  EXPECT_ERR("[.5]", "f.json:1:2: invalid JSON: expected a value");
  EXPECT_ERR("[01]", "f.json:1:3: invalid JSON: expected ',' or ']'");
  EXPECT_ERR("[1.]", "f.json:1:4: invalid JSON: expected a digit after '.'");
  EXPECT_ERR("[1.e5]", "f.json:1:4: invalid JSON: expected a digit after '.'");
  EXPECT_ERR("[1e+]", "f.json:1:5: invalid JSON: expected a digit in the exponent");
  /* the same at the very end of the text */
  EXPECT_ERR("1.", "f.json:1:3: invalid JSON: expected a digit after '.'");
  EXPECT_ERR("-", "f.json:1:2: invalid JSON: expected a digit");
  EXPECT_ERR("1e", "f.json:1:3: invalid JSON: expected a digit in the exponent");
  EXPECT_OK("-0.5e-3");
  /* strings: the place is the offending character (after the backslash for
   * escapes), or where the text ended */
  EXPECT_ERR("[\"a\tb\"]", "f.json:1:4: invalid JSON: control character in a string (unescaped newline?)");
  EXPECT_ERR("[\"a\nb\"]", "f.json:1:4: invalid JSON: control character in a string (unescaped newline?)");
  EXPECT_ERR("[\"\\x\"]", "f.json:1:4: invalid JSON: bad escape in a string");
  EXPECT_ERR("[\"\\u12G4\"]", "f.json:1:4: invalid JSON: bad \\u escape in a string");
  EXPECT_ERR("[\"\\u12\"]", "f.json:1:4: invalid JSON: bad \\u escape in a string");
  EXPECT_ERR("[\"abc", "f.json:1:6: invalid JSON: unterminated string");
  EXPECT_ERR("[\"abc\\", "f.json:1:7: invalid JSON: unterminated string");
  EXPECT_OK("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"]");
}

static void unicode_escapes_should_pair_surrogates(void) {
  gs__jsrc_t src;
  gs_error_t e;
  const char *pair = "[\"\\uD83D\\uDE00\"]"; /* U+1F600, a valid pair */
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, pair, strlen(pair), &e), GS_OK);
  CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(src.root, 0)->valuestring, "\xF0\x9F\x98\x80");
  gs__jsrc_free(&src);
  /* half a pair is not a character: refused at its escape, with a reason */
  const char *msg = "invalid JSON: bad \\u escape in a string (unpaired UTF-16 surrogate)";
  char want[256];
  snprintf(want, sizeof want, "f.json:1:4: %s", msg);
  EXPECT_ERR("[\"\\uDC00\"]", want);       /* a low half alone */
  EXPECT_ERR("[\"\\uD800\"]", want);       /* a high half alone */
  EXPECT_ERR("[\"\\uD800x\"]", want);
  EXPECT_ERR("[\"\\uD800\\u0041\"]", want); /* a high half, then no low half */
  EXPECT_ERR("[\"\\uD800\\n\"]", want);
  snprintf(want, sizeof want, "f.json:2:7: %s", msg);
  EXPECT_ERR("{\"a\":\n  [\"x\\udbff\"]}", want);
}

static void duplicate_keys_should_be_refused_naming_the_first(void) {
  EXPECT_ERR("{\"a\": 1,\n \"b\": {\"a\": 2},\n \"a\": 3}", "f.json:3:2: duplicate key \"a\" (first at line 1)");
  EXPECT_ERR("[{\"x\": 1, \"x\": 2}]", "f.json:1:11: duplicate key \"x\" (first at line 1)");
  EXPECT_ERR("{\"o\": {\n\n  \"k\": [1],\n  \"j\": 0,\n  \"k\": {}}}", "f.json:5:3: duplicate key \"k\" (first at line 3)");
  /* not duplicates: keys differ in case, or stand in different objects */
  EXPECT_OK("{\"a\": 1, \"A\": 2}");
  EXPECT_OK("[{\"a\": 1}, {\"a\": 1}]");
  EXPECT_OK("{\"a\": {\"a\": {\"a\": 1}}}");
}

static void nul_bytes_should_be_refused_at_their_place(void) {
  static const char t1[] = "{\"a\":\0 1}";
  CU_ASSERT_STRING_EQUAL(error_of_n(t1, sizeof t1 - 1), "f.json:1:6: NUL byte in JSON text");
  static const char t2[] = "[1,\n \"x\0y\"]";
  CU_ASSERT_STRING_EQUAL(error_of_n(t2, sizeof t2 - 1), "f.json:2:4: NUL byte in JSON text");
  /* not even in a comment; the NUL is the last byte, its column the length */
  static const char t3[] = "[1] // a comment is no hiding place \0";
  char want[64];
  snprintf(want, sizeof want, "f.json:1:%zu: NUL byte in JSON text", sizeof t3 - 1);
  CU_ASSERT_STRING_EQUAL(error_of_n(t3, sizeof t3 - 1), want);
}

static void buffers_should_be_read_only_to_their_length(void) {
  /* the bytes after len are not part of the text */
  CU_ASSERT_STRING_EQUAL(error_of_n("[1]xyz", 3), "");
  CU_ASSERT_STRING_EQUAL(error_of_n("{\"a\": 1}}}}", 8), "");
  CU_ASSERT_STRING_EQUAL(error_of_n("[1, 2]", 5), "f.json:1:6: invalid JSON: unexpected end of input (truncated file?)");
  CU_ASSERT_STRING_EQUAL(error_of_n("[1] /* c */", 6), "f.json:1:5: unterminated /* comment");
  gs__jsrc_t src;
  gs_error_t e;
  CU_ASSERT_EQUAL_FATAL(parse_n(&src, "\"abc\"def", 5, &e), GS_OK);
  CU_ASSERT_STRING_EQUAL(src.root->valuestring, "abc");
  gs__jsrc_free(&src);
}

/* n nested openers (of "[" or "{\"k\": "), closed again when close is set. */
static char *nested(int n, const char *open, const char *close, size_t *len) {
  size_t lo = strlen(open), lc = strlen(close);
  char *t = malloc((size_t)n * (lo + lc) + 2);
  if (!t) return NULL;
  size_t k = 0;
  for (int i = 0; i < n; i++) { memcpy(t + k, open, lo); k += lo; }
  t[k++] = '1';
  for (int i = 0; i < n; i++) { memcpy(t + k, close, lc); k += lc; }
  t[k] = '\0';
  *len = k;
  return t;
}

static void nesting_should_stop_at_the_limit(void) {
  size_t len;
  char want[128];
  char *t = nested(GS_JSON_MAX_DEPTH, "[", "]", &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_STRING_EQUAL(error_of_n(t, len), ""); /* exactly the limit: accepted */
  free(t);
  t = nested(GS_JSON_MAX_DEPTH + 1, "[", "]", &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  /* refused at the first bracket past the limit */
  snprintf(want, sizeof want, "f.json:1:%d: JSON nested deeper than %d levels", GS_JSON_MAX_DEPTH + 1, GS_JSON_MAX_DEPTH);
  CU_ASSERT_STRING_EQUAL(error_of_n(t, len), want);
  free(t);
  /* objects count too: "{\"k\": " is 6 columns, the 1001st '{' at 6000 + 1 */
  t = nested(GS_JSON_MAX_DEPTH + 1, "{\"k\": ", "}", &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  snprintf(want, sizeof want, "f.json:1:%d: JSON nested deeper than %d levels", 6 * GS_JSON_MAX_DEPTH + 1, GS_JSON_MAX_DEPTH);
  CU_ASSERT_STRING_EQUAL(error_of_n(t, len), want);
  free(t);
  t = nested(GS_JSON_MAX_DEPTH, "{\"k\": ", "}", &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(t);
  CU_ASSERT_STRING_EQUAL(error_of_n(t, len), "");
  free(t);
  /* brackets in strings and comments are not nesting */
  size_t n = 3 * GS_JSON_MAX_DEPTH;
  char *s = malloc(n + 64);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  size_t k = (size_t)snprintf(s, 64, "[\"");
  memset(s + k, '[', n);
  k += n;
  k += (size_t)snprintf(s + k, 64, "\", 1 /* [[[[ */]");
  CU_ASSERT_STRING_EQUAL(error_of_n(s, k), "");
  free(s);
}

static CU_TestInfo tests[] = {
    {"parse_should_record_where_each_node_and_key_stands", parse_should_record_where_each_node_and_key_stands},
    {"parse_should_tell_integer_literals_from_other_numbers", parse_should_tell_integer_literals_from_other_numbers},
    {"find_should_return_null_for_a_node_it_does_not_know", find_should_return_null_for_a_node_it_does_not_know},
    {"comments_should_be_stripped_keeping_lines_and_columns", comments_should_be_stripped_keeping_lines_and_columns},
    {"comment_markers_inside_strings_should_be_kept", comment_markers_inside_strings_should_be_kept},
    {"unterminated_comment_should_be_an_error_at_its_start", unterminated_comment_should_be_an_error_at_its_start},
    {"syntax_errors_should_name_line_column_and_reason", syntax_errors_should_name_line_column_and_reason},
    {"unicode_escapes_should_pair_surrogates", unicode_escapes_should_pair_surrogates},
    {"duplicate_keys_should_be_refused_naming_the_first", duplicate_keys_should_be_refused_naming_the_first},
    {"nul_bytes_should_be_refused_at_their_place", nul_bytes_should_be_refused_at_their_place},
    {"buffers_should_be_read_only_to_their_length", buffers_should_be_read_only_to_their_length},
    {"nesting_should_stop_at_the_limit", nesting_should_stop_at_the_limit},
    CU_TEST_INFO_NULL,
};

#define GS_SUITE "jsonsrc"
#include "cunit_main.h"
