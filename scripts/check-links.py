#!/usr/bin/env python3
"""make docs: every local link of the generated HTML leads to a file that
exists (and to an anchor in it, when it names one); so does every link of
the Markdown the repository is read in (README.md, docs/*.md), on GitHub or
in an editor: a file, and an anchor in it (an `<a name>` or a heading's
GitHub slug); and every header and test file docs/reference.md's table of
types names exists.

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


TOP = os.path.realpath(os.path.join(os.path.dirname(__file__), '..'))


def slug(heading):
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r'<[^>]*>', '', heading).strip().lower()
    return re.sub(r'[^\w\- ]', '', text).replace(' ', '-')


def markdown_anchors(path):
    with open(path) as f:
        text = re.sub(r'^```.*?^```', '', f.read(), flags=re.M | re.S)
    anchors = set(re.findall(r'<a (?:name|id)="([^"]+)"', text))
    anchors |= {slug(h) for h in re.findall(r'^#+ (.*?)(?: \{#[^}]*\})?$', text, flags=re.M)}
    anchors |= set(re.findall(r'\{#([^}]+)\}', text))
    return anchors


def check_markdown():
    """The links of README.md and docs/*.md, and the files reference.md names."""
    broken, anchors = [], {}
    pages = [os.path.join(TOP, 'README.md')] + sorted(
        os.path.join(TOP, 'docs', n) for n in os.listdir(os.path.join(TOP, 'docs')) if n.endswith('.md'))
    for page in pages:
        with open(page) as f:
            text = re.sub(r'^```.*?^```', '', f.read(), flags=re.M | re.S)
        name = os.path.relpath(page, TOP)
        for link in re.findall(r'\]\(([^)\s]+)\)', text):
            url = urllib.parse.urlparse(link)
            if url.scheme or link.startswith('//'):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(page), url.path)) if url.path else page
            if not os.path.exists(target):
                broken.append(f'{name}: {link}')
            elif url.fragment and target.endswith('.md'):
                if target not in anchors:
                    anchors[target] = markdown_anchors(target)
                if url.fragment not in anchors[target]:
                    broken.append(f'{name}: {link} (no such anchor)')
        if name == os.path.join('docs', 'reference.md'):
            for row in re.findall(r'^\| kxx::.*\|$', text, flags=re.M):
                for path in re.findall(r'`((?:kxx|kunit)/[\w/]+\.(?:h|cpp))`', row):
                    full = os.path.join(TOP, 'include' if path.startswith('kxx/') else '', path)
                    if not os.path.exists(full):
                        broken.append(f'{name}: {path} (no such file)')
    return broken, len(pages)


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
    md_broken, md_pages = check_markdown()
    broken += md_broken
    for b in broken[:30]:
        print('kxx: docs: broken link:', b)
    if broken:
        sys.exit(f'kxx: docs: {len(broken)} broken links')
    print(f'kxx: docs: {len(pages)} pages and {md_pages} Markdown files, every local link resolves')


if __name__ == '__main__':
    main()
