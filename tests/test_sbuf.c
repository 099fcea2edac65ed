/* test_sbuf.c: the growing string of sbuf.h: printf-style appends, growth
 * far past any first capacity, XML escaping of the five special characters,
 * the hand-over of the text, and out of memory (realloc made to fail through
 * the linker's --wrap, see tests/CMakeLists.txt): later appends do nothing,
 * the take frees the text and returns NULL. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

/* realloc and free as sbuf.o sees them (-Wl,--wrap=realloc,--wrap=free):
 * fail_after >= 0 lets that many more reallocs succeed, then fails them all;
 * every free is recorded so the take's release can be checked. */
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static long fail_after = -1;
static size_t reallocs;
static void *last_freed;

void *__wrap_realloc(void *p, size_t n) {
  reallocs++;
  if (fail_after == 0) return NULL;
  if (fail_after > 0) fail_after--;
  return __real_realloc(p, n);
}

void __wrap_free(void *p) {
  if (p) last_freed = p;
  __real_free(p);
}

static void reset_alloc(void) {
  fail_after = -1;
  reallocs = 0;
  last_freed = NULL;
}

static void printf_should_append_formatted_text(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%s=%d", "a", 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b.s);
  CU_ASSERT_STRING_EQUAL(b.s, "a=1"); /* NUL-terminated after the first append */
  CU_ASSERT_EQUAL(b.len, 3);
  gs__sb_printf(&b, ", %.2f, %5s|%-3d|%c%%", 1.5, "r", -7, 'x');
  CU_ASSERT_STRING_EQUAL(b.s, "a=1, 1.50,     r|-7 |x%");
  CU_ASSERT_EQUAL(b.len, strlen(b.s));
  CU_ASSERT(b.cap > b.len);
  CU_ASSERT_EQUAL(b.oom, 0);
  size_t len = 0;
  char *s = gs__sb_take(&b, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s, "a=1, 1.50,     r|-7 |x%");
  CU_ASSERT_EQUAL(len, strlen(s));
  free(s);
}

static void printf_should_grow_far_past_the_first_capacity(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  /* many short appends: each must land after the previous ones */
  size_t cap = 64 * 1024, k = 0;
  char *want = malloc(cap);
  CU_ASSERT_PTR_NOT_NULL_FATAL(want);
  for (int i = 0; i < 2000; i++) {
    gs__sb_printf(&b, "row %d: %s;\n", i, i % 3 ? "xy" : "a longer piece");
    k += (size_t)snprintf(want + k, cap - k, "row %d: %s;\n", i, i % 3 ? "xy" : "a longer piece");
  }
  CU_ASSERT_FATAL(k < cap);
  CU_ASSERT_EQUAL(b.len, k);
  CU_ASSERT(b.cap > b.len);
  CU_ASSERT_STRING_EQUAL(b.s, want);
  /* one append much longer than everything so far */
  size_t big = 300000;
  char *longs = malloc(big + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(longs);
  for (size_t i = 0; i < big; i++) longs[i] = (char)('a' + i % 26);
  longs[big] = '\0';
  gs__sb_printf(&b, "[%s]", longs);
  CU_ASSERT_EQUAL(b.len, k + big + 2);
  CU_ASSERT_EQUAL(memcmp(b.s, want, k), 0);
  CU_ASSERT_EQUAL(b.s[k], '[');
  CU_ASSERT_EQUAL(memcmp(b.s + k + 1, longs, big), 0);
  CU_ASSERT_EQUAL(b.s[k + big + 1], ']');
  CU_ASSERT_EQUAL(b.s[k + big + 2], '\0');
  CU_ASSERT_EQUAL(b.oom, 0);
  size_t len = 0;
  char *s = gs__sb_take(&b, &len);
  CU_ASSERT_EQUAL(len, k + big + 2);
  CU_ASSERT_EQUAL(strlen(s), len);
  free(s);
  free(longs);
  free(want);
}

static void printf_of_nothing_should_still_give_a_text(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%s", ""); /* something was appended, if empty: "" not NULL */
  size_t len = 99;
  char *s = gs__sb_take(&b, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_STRING_EQUAL(s, "");
  CU_ASSERT_EQUAL(len, 0);
  free(s);
}

static void xml_should_escape_the_five_special_characters(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "<t>");
  gs__sb_xml(&b, "a<b>c&d\"e'f");
  gs__sb_xml(&b, "");
  gs__sb_xml(&b, " plain text 1.5e-3 \xc3\xa9 / ; #");  /* nothing to escape, UTF-8 kept byte for byte */
  gs__sb_xml(&b, "&amp;");                              /* escaped again: the input is text, not markup */
  gs__sb_printf(&b, "</t>");
  CU_ASSERT_STRING_EQUAL(b.s, "<t>a&lt;b&gt;c&amp;d&quot;e&apos;f plain text 1.5e-3 \xc3\xa9 / ; #&amp;amp;</t>");
  CU_ASSERT_EQUAL(b.len, strlen(b.s));
  free(gs__sb_take(&b, NULL));
}

static void take_should_hand_the_text_over(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%d", 42);
  char *before = b.s;
  char *s = gs__sb_take(&b, NULL); /* the length is optional */
  CU_ASSERT_PTR_EQUAL(s, before);
  CU_ASSERT_PTR_NULL(b.s);          /* the buffer no longer owns it */
  CU_ASSERT_PTR_NULL(last_freed);   /* and it was not freed */
  CU_ASSERT_STRING_EQUAL(s, "42");
  free(s);
}

static void take_of_an_untouched_buffer_should_return_null(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  size_t len = 7;
  CU_ASSERT_PTR_NULL(gs__sb_take(&b, &len)); /* no text: s is only set once something was appended */
  CU_ASSERT_EQUAL(b.oom, 0);
}

static void out_of_memory_on_the_first_append_should_be_marked(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  fail_after = 0;
  gs__sb_printf(&b, "%s", "hello"); /* no failure surfaces here */
  CU_ASSERT(reallocs > 0);
  CU_ASSERT_EQUAL(b.oom, 1);
  fail_after = -1; /* memory is back, but the text is already incomplete */
  size_t before = reallocs;
  gs__sb_printf(&b, "%s", "world");
  gs__sb_xml(&b, "<x>");
  CU_ASSERT_EQUAL(reallocs, before); /* later appends do nothing */
  CU_ASSERT_EQUAL(b.len, 0);
  size_t len = 123;
  CU_ASSERT_PTR_NULL(gs__sb_take(&b, &len));
  CU_ASSERT_PTR_NULL(b.s);
}

static void out_of_memory_while_growing_should_drop_the_text(void) {
  reset_alloc();
  gs__sbuf_t b = {0};
  gs__sb_printf(&b, "%s", "kept so far");
  CU_ASSERT_PTR_NOT_NULL_FATAL(b.s);
  CU_ASSERT_EQUAL(b.oom, 0);
  char *held = b.s;
  size_t len0 = b.len;
  char big[4096];
  memset(big, 'z', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  fail_after = 0;
  gs__sb_printf(&b, "%s", big); /* needs a larger block: realloc fails */
  CU_ASSERT_EQUAL(b.oom, 1);
  CU_ASSERT_PTR_EQUAL(b.s, held); /* the old block is not lost (realloc left it) */
  CU_ASSERT_EQUAL(b.len, len0);
  fail_after = -1;
  gs__sb_printf(&b, "x");
  gs__sb_xml(&b, "&");
  CU_ASSERT_EQUAL(b.len, len0); /* later appends do nothing */
  CU_ASSERT_EQUAL(b.oom, 1);
  size_t len = 123;
  last_freed = NULL;
  CU_ASSERT_PTR_NULL(gs__sb_take(&b, &len)); /* the caller checks once, at the end */
  CU_ASSERT_PTR_EQUAL(last_freed, held);     /* and the take freed the partial text */
  CU_ASSERT_PTR_NULL(b.s);
}

static CU_TestInfo tests[] = {
    {"printf_should_append_formatted_text", printf_should_append_formatted_text},
    {"printf_should_grow_far_past_the_first_capacity", printf_should_grow_far_past_the_first_capacity},
    {"printf_of_nothing_should_still_give_a_text", printf_of_nothing_should_still_give_a_text},
    {"xml_should_escape_the_five_special_characters", xml_should_escape_the_five_special_characters},
    {"take_should_hand_the_text_over", take_should_hand_the_text_over},
    {"take_of_an_untouched_buffer_should_return_null", take_of_an_untouched_buffer_should_return_null},
    {"out_of_memory_on_the_first_append_should_be_marked", out_of_memory_on_the_first_append_should_be_marked},
    {"out_of_memory_while_growing_should_drop_the_text", out_of_memory_while_growing_should_drop_the_text},
    CU_TEST_INFO_NULL,
};

#define GS_SUITE "sbuf"
#include "cunit_main.h"
