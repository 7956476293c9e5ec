#!/bin/sh
# make docs: how Doxygen reads a kxx header (docs/Doxyfile's INPUT_FILTER).
#  - kxx comments in plain C style (/* ... */ above a declaration): each is
#    read as that declaration's documentation, in the header's own words;
#  - @name, the headers' way to name a parameter, is text, not a command;
#  - the two includes of files a module build generates are not followed;
#  - a comment documents the declarations after it, up to the next blank
#    line (the overloads of one operation share one comment):
#    scripts/doxygen-groups.awk makes each such run a member group;
#  - a Markdown page (README.md, docs/*.md) is read as written, but a link
#    to an anchor of another page names the page Doxygen makes of it.
case "$1" in
*.md)
	exec sed -e 's|](\(\.\./\)\{0,1\}README\.md#|](md_README.html#|g' \
		-e 's|](\(docs/\)\{0,1\}soundness\.md#|](md_docs_soundness.html#|g' "$1"
	;;
esac
sed -e 's|^\([[:space:]]*\)/\*$|\1/**|' \
	-e 's|^\([[:space:]]*\)/\* |\1/** |' \
	-e 's|@\([A-Za-z_]\)|\\@\1|g' \
	-e 's|^#include <kxx/layout.def>|// (generated: kxx/layout.def)|' \
	-e 's|^#include <kxx_errno.h>|// (generated: kxx_errno.h)|' "$1" |
	awk -f "$(dirname "$0")/doxygen-groups.awk"
