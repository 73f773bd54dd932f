# pos2ecom build configuration: edit here, not in the Makefile.
VERSION = 0.1.0

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man

CC = gcc
# the layers of src/, lowest first (docs/ARCHITECTURE.md; tests/layers.sh
# checks that no include goes up)
LAYERS = util model xseries images eseries logic out app

# libvips (src/images/image_vips.c), its headers as system ones: their
# warnings are not ours
VIPS_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags vips 2>/dev/null))
VIPS_LIBS := $(shell pkg-config --libs vips 2>/dev/null)

CPPFLAGS = -D_GNU_SOURCE $(LAYERS:%=-Isrc/%) -DP2E_VERSION=\"$(VERSION)\" $(VIPS_CFLAGS)
WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
CFLAGS = -std=c11 -O2 -g $(WARNINGS)
# the two functions src/out/xlsx_zip.c interposes (deflate level 1 for the
# workbooks), exported whichever library references them
LDLIBS = -lxlsxwriter -lminizip -lexpat -lcsv -lz $(VIPS_LIBS) -lm -pthread \
	-Wl,--export-dynamic-symbol=zipOpenNewFileInZip4_64,--export-dynamic-symbol=deflateInit2_

# sanitizer build of the whole test suite (make check)
# (test builds also carry the commit's fault-injection hook, P2E_FAULT_KILL_AT)
SAN_CFLAGS = -std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -DP2E_FAULT_INJECTION $(WARNINGS)
