/* pngstat.c: prints "WIDTH HEIGHT COLOURS INKED_PERMILLE" of a PNG file, so
 * that the report test can check the SVGs rendered by rsvg-convert: their
 * size, and that they are not blank (distinct colours; share of pixels that
 * are not white, in thousandths). Exit 1 when the file is not a valid PNG. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u32(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: pngstat FILE.png\n");
    return 2;
  }
  png_image img;
  memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, argv[1])) {
    fprintf(stderr, "pngstat: %s: %s\n", argv[1], img.message);
    return 1;
  }
  img.format = PNG_FORMAT_RGBA;
  size_t n = (size_t)img.width * img.height;
  unsigned *px = malloc(n * 4 ? n * 4 : 1);
  if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
    fprintf(stderr, "pngstat: %s: %s\n", argv[1], px ? img.message : "out of memory");
    return 1;
  }
  size_t inked = 0;
  for (size_t i = 0; i < n; i++) {
    const unsigned char *c = (const unsigned char *)&px[i];
    if (c[3] > 0 && (c[0] < 250 || c[1] < 250 || c[2] < 250)) inked++;
  }
  qsort(px, n, sizeof *px, cmp_u32);
  size_t colours = n ? 1 : 0;
  for (size_t i = 1; i < n; i++) colours += px[i] != px[i - 1];
  printf("%u %u %zu %zu\n", img.width, img.height, colours, n ? inked * 1000 / n : 0);
  free(px);
  return 0;
}
