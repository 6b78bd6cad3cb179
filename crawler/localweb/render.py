"""HTML of a local-web page: the regions in ``RENDER_ORDER``, each link written as planned.

Regions: ``<header>``, ``<nav>``, ``<main><article><p>`` (content), ``<section
id="comments">``, ``<aside class="sidebar">``, ``<div class="promo">`` (other), ``<footer>``.
Decoys that are not links (``javascript:``, ``mailto:``, ``tel:``, links inside an HTML comment,
a ``<script>`` or a ``<template>``) are written on some pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from itertools import groupby

from .model import Link, Page, write_href


def _a(link: Link, base: str, i: int) -> str:
    href = escape(write_href(link, base), quote=True)
    rel = f' rel="{escape(link.rel, quote=True)}"' if link.rel else ""
    if link.image:
        inner = f'<img src="/img/{i}.png" alt="{escape(link.anchor, quote=True)}" width="60">'
    else:
        inner = link.html if link.html is not None else escape(link.anchor, quote=False)
    if link.style == "upper":
        return f'<A HREF="{href}"{rel}>{inner}</A>'
    if link.style == "dot" and " " not in href and ">" not in href:
        return f"<a href={href} {rel}>{inner}</a>"
    if link.style == "rel" and i % 2:
        return f"<a class='rel' href='{href}'{rel}>{inner}</a>"
    return f'<a href="{href}"{rel}>{inner}</a>'


def _area_map(links: list[Link], base: str, n: int) -> str:
    areas = "".join(
        f'<area shape="rect" coords="{i * 50},0,{i * 50 + 49},40" '
        f'href="{escape(write_href(link, base), quote=True)}" alt="{escape(link.anchor, quote=True)}"'
        + (f' rel="{escape(link.rel, quote=True)}"' if link.rel else "") + ">"
        for i, link in enumerate(links))
    return (f'<p><img src="/img/map{n}.png" usemap="#map{n}" alt="" width="100">'
            f'<map name="map{n}">{areas}</map></p>')


def _split(text: str) -> tuple[str, str]:
    cut = text.find(" ", len(text) // 2)
    return (text, "") if cut < 0 else (text[:cut], text[cut:])


def _content(page: Page, links: list[Link], base: str) -> Iterator[str]:
    paras = page.paragraphs or [""]
    k = 0
    for is_area, group in groupby(links, key=lambda link: link.kind == "area"):
        items = list(group)
        if is_area:
            yield _area_map(items, base, k)
            k += 1
            continue
        for link in items:
            before, after = _split(paras[k % len(paras)])
            yield f"<p>{escape(before, quote=False)} {_a(link, base, k)}{escape(after, quote=False)}</p>"
            k += 1
    yield from (f"<p>{escape(p, quote=False)}</p>" for p in paras[k:])


def _decoys(host: str) -> str:
    return (f'<p>Write to <a href="mailto:editor@{host}">the editor</a>, call '
            f'<a href="tel:+441632960000">+44 1632 960000</a> or '
            f'<a href="javascript:void(0)" onclick="share()">share this</a>.'
            f'<a name="top" id="top"></a></p>\n'
            f'<!-- retired: <a href="http://{host}/decoy/commented.html">old link</a> -->\n'
            f'<template><a href="http://{host}/decoy/template.html">templated</a></template>\n'
            f"<script>var promo = '<a href=\"http://{host}/decoy/script.html\">x</a>';"
            f"</script>\n")


def render(page: Page, pad: list[str] | None = None) -> str:
    """The HTML text of ``page``; ``pad`` paragraphs fill an article to its size."""
    base = page.base_url
    host = page.url.split("/")[2]
    regions: dict[str, list[Link]] = {}
    for link in page.links:
        regions.setdefault(link.placement, []).append(link)
    out = ["<!DOCTYPE html>\n<html><head>"]
    if page.meta_charset:
        out.append('<meta charset="utf-8">')
    out.append(f"<title>{escape(page.title, quote=False)}</title>")
    if page.description:
        out.append(f'<meta name="description" content="{escape(page.description, quote=True)}">')
    if page.meta_nofollow:
        out.append(f'<meta name="robots" content="{page.meta_nofollow}">')
    if page.base_href:
        out.append(f'<base href="{escape(page.base_href, quote=True)}">')
    out.extend(_tracking(page.tracking))
    out.append('<link rel="stylesheet" href="/style.css"></head>\n<body>\n')

    def links_of(placement: str, sep: str = " ") -> str:
        return sep.join(_a(link, base, i) for i, link in enumerate(regions.get(placement, [])))

    out.append(f"<header>{links_of('header')} <span>{escape(page.site_name)}</span></header>\n")
    nav = "".join(f"<li>{_a(link, base, i)}</li>" for i, link in enumerate(regions.get("nav", [])))
    out.append(f"<nav><ul>{nav}</ul></nav>\n<main><article>\n")
    out.append(f"<h1>{escape(page.title, quote=False)}</h1>\n")
    out.extend(line + "\n" for line in _content(page, regions.get("content", []), base))
    out.extend(f"<p>{escape(p, quote=False)}</p>\n" for p in pad or ())
    if page.decoys:
        out.append(_decoys(host))
    out.append("</article></main>\n")
    comments = "".join(
        f'<div class="comment"><p class="author">Reader {i}</p><p>Nice read. {_a(link, base, i)}'
        f"</p></div>\n" for i, link in enumerate(regions.get("comment", [])))
    out.append(f'<section id="comments"><h2>Comments</h2>\n{comments}</section>\n')
    out.append(f'<aside class="sidebar"><h3>Popular and partners</h3>{links_of("aside")}</aside>\n')
    if "other" in regions:
        out.append(f'<div class="promo"><p>Promotion: {links_of("other")}</p></div>\n')
    out.append(f"<footer><p>{links_of('footer', ' · ')}</p></footer>\n</body></html>\n")
    return "".join(out)


def _tracking(ids: tuple[str, ...]) -> Iterator[str]:
    """The analytics and ad scripts of a page (no link rows: scripts are not links)."""
    for account in ids:
        if account.startswith("ca-pub-"):
            yield ('<script async src="https://pagead2.googlesyndication.com/pagead/js/'
                   f'adsbygoogle.js?client={account}" crossorigin="anonymous"></script>')
        else:
            yield (f'<script async src="https://www.googletagmanager.com/gtag/js?id={account}">'
                   "</script><script>window.dataLayer = window.dataLayer || [];"
                   "function gtag(){dataLayer.push(arguments);}gtag('js', new Date());"
                   f"gtag('config', '{account}');</script>")


def simple(title: str, text: str) -> str:
    """A small page without links (errors, redirects)."""
    return (f"<!DOCTYPE html>\n<html><head><title>{escape(title)}</title></head>"
            f"<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>\n")
