/* test_error.c: the error record. */
#include <string.h>
#include <CUnit/CUnit.h>
#include "gridsearch/error.h"

static void error_set_should_keep_the_first_failure(void) {
  gs_error_t e; gs_error_clear(&e);
  CU_ASSERT_EQUAL(gs_error_set(&e, GS_ECONFIG, "a.json", 3, 7, "bad %s", "C"), GS_ECONFIG);
  CU_ASSERT_EQUAL(gs_error_set(&e, GS_EIO, "b", 1, 1, "later"), GS_EIO);
  CU_ASSERT_EQUAL(e.code, GS_ECONFIG);
  CU_ASSERT_STRING_EQUAL(e.message, "bad C");
}

static void error_format_should_name_file_line_column_and_path(void) {
  gs_error_t e; gs_error_clear(&e);
  char buf[256];
  gs_error_set(&e, GS_ECONFIG, "configs/grid.json", 12, 7, "\"C\" must be a positive number, got \"abc\"");
  gs_error_set_path(&e, "param_grid[0].C[1]");
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf),
    "configs/grid.json:12:7: param_grid[0].C[1]: \"C\" must be a positive number, got \"abc\"");
  gs_error_clear(&e);
  gs_error_set(&e, GS_EDATA, "d.csv", 4, 0, "ragged row");
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf), "d.csv:4: ragged row");
  gs_error_clear(&e);
  gs_error_set(&e, GS_EUSAGE, NULL, 0, 0, "%s", "");
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf), "bad command line");
}

/* issue 12: input quoted in a message reached the terminal raw */
static void error_set_should_escape_what_could_act_on_a_terminal(void) {
  gs_error_t e; gs_error_clear(&e);
  char buf[512];
  gs_error_set(&e, GS_EDATA, "d\x1b.csv", 2, 1, "not a number: \"%s\"", "1\x1b[2J\t\r\n\x7f\x9b\xc2\x85\xff\xc3");
  gs_error_set_path(&e, "k\x07");
  CU_ASSERT_STRING_EQUAL(gs_error_format(&e, buf, sizeof buf),
                         "d\\x1b.csv:2:1: k\\x07: not a number: \"1\\x1b[2J\\t\\r\\n\\x7f\\x9b\\xc2\\x85\\xff\\xc3\"");
  /* printable UTF-8 is kept; overlong forms and surrogates are not */
  CU_ASSERT_STRING_EQUAL(gs_escape(buf, sizeof buf, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CU_ASSERT_STRING_EQUAL(gs_escape(buf, sizeof buf, "\xc0\xaf\xed\xa0\x80", 5), "\\xc0\\xaf\\xed\\xa0\\x80");
  /* a cut never splits an escape */
  CU_ASSERT_STRING_EQUAL(gs_escape(buf, 6, "ab\x1b", 3), "ab");
  CU_ASSERT_STRING_EQUAL(gs_escape(buf, 7, "ab\x1b", 3), "ab\\x1b");
  CU_ASSERT(gs_text_printable("caf\xc3\xa9", 5));
  CU_ASSERT(!gs_text_printable("a\0b", 3));
  CU_ASSERT(!gs_text_printable("\xc2\x9b", 2));
  CU_ASSERT(!gs_text_printable("\xf4\x90\x80\x80", 4)); /* beyond U+10FFFF */
  CU_ASSERT(!gs_text_printable("\xe2\x82", 2));          /* cut short */
}

static void strerror_should_name_every_code(void) {
  CU_ASSERT_STRING_EQUAL(gs_strerror_name(GS_EPARSE), "GS_EPARSE");
  CU_ASSERT_STRING_EQUAL(gs_strerror(GS_ENOMEM), "out of memory");
  CU_ASSERT_STRING_EQUAL(gs_strerror_name(12345), "GS_UNKNOWN");
}

static void suggest_should_find_the_nearest_within_two_edits(void) {
  static const char *const words[] = {"naive", "trial", "sieve", "scoring", "search", NULL};
  CU_ASSERT_STRING_EQUAL(gs_suggest("seive", words), "sieve");   /* a swap counts one */
  CU_ASSERT_STRING_EQUAL(gs_suggest("scorng", words), "scoring"); /* a deletion */
  CU_ASSERT_STRING_EQUAL(gs_suggest("serch", words), "search");
  CU_ASSERT_STRING_EQUAL(gs_suggest("naive", words), "naive");
  CU_ASSERT_PTR_NULL(gs_suggest("zzzzzz", words));               /* nothing close */
  CU_ASSERT_PTR_NULL(gs_suggest("tr", words));                   /* three edits away */
  CU_ASSERT_STRING_EQUAL(gs_suggest("sxxve", words), "sieve");    /* two substitutions */
}

static CU_TestInfo tests[] = {
  {"error_set_should_escape_what_could_act_on_a_terminal", error_set_should_escape_what_could_act_on_a_terminal},
  {"error_set_should_keep_the_first_failure", error_set_should_keep_the_first_failure},
  {"error_format_should_name_file_line_column_and_path", error_format_should_name_file_line_column_and_path},
  {"strerror_should_name_every_code", strerror_should_name_every_code},
  {"suggest_should_find_the_nearest_within_two_edits", suggest_should_find_the_nearest_within_two_edits},
  CU_TEST_INFO_NULL};
#define GS_SUITE "error"
#include "cunit_main.h"
