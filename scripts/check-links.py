#!/usr/bin/env python3
"""make docs: every local link of the generated HTML leads to a file that
exists (and to an anchor in it, when it names one).

    scripts/check-links.py HTML_DIR
"""
import html.parser
import os
import re
import sys
import urllib.parse


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.anchors = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ('id', 'name'):
            if a.get(key):
                self.anchors.add(a[key])
        for key in ('href', 'src'):
            if a.get(key):
                self.links.append(a[key])


def main():
    root = os.path.realpath(sys.argv[1])
    pages = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith('.html'):
                p = os.path.join(dirpath, n)
                parser = Links()
                with open(p, errors='replace') as f:
                    parser.feed(f.read())
                pages[p] = parser
    broken = []
    for page, parser in pages.items():
        for link in parser.links:
            url = urllib.parse.urlparse(link)
            if url.scheme or link.startswith('//') or link.startswith('javascript:'):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(page), urllib.parse.unquote(url.path))) \
                if url.path else page
            if not os.path.exists(target):
                broken.append(f'{os.path.relpath(page, root)}: {link}')
            elif url.fragment and target in pages and url.fragment not in pages[target].anchors \
                    and not re.fullmatch(r'l\d+|[a-z]+_\d+', url.fragment) \
                    and not (url.fragment == 'nested-classes' and target == page):
                # (Doxygen 1.9.4 links a class's summary to its nested
                # classes even when they are all private, and so not shown)
                broken.append(f'{os.path.relpath(page, root)}: {link} (no such anchor)')
    for b in broken[:30]:
        print('kxx: docs: broken link:', b)
    if broken:
        sys.exit(f'kxx: docs: {len(broken)} broken links')
    print(f'kxx: docs: {len(pages)} pages, every local link resolves')


if __name__ == '__main__':
    main()
