"""What every chart shares: GOV.UK colours and type, money on an axis, and an SVG that is one image to
assistive technology and obeys the page's content-security policy.

Charts are inline SVG drawn by pygal with its JavaScript off; each is named by its title, described by a
text summary, and always given as a table beside it.
"""

import re

from django.http import HttpRequest
from django.utils.html import escape
from pygal.style import Style

CHART_STYLE = Style(
    font_family="arial, sans-serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#912b88"),
    opacity="1",
    opacity_hover="1",
    transition="0s",
    title_font_size=18,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=16,
)


def csp_nonce(request: HttpRequest) -> str:
    """The nonce the page's content-security policy gives this response ('' when there is none)."""
    return str(getattr(request, "csp_nonce", ""))


def style_with(colours: tuple[str, ...]) -> Style:
    """The house chart style with these series colours."""
    return Style(**{**CHART_STYLE.__dict__, "colors": colours})


def short_money(value: float | None) -> str:
    """Money for an axis label: £950, £46k, £1.2m, £3bn."""
    if value is None:
        return ""
    amount = abs(value)
    sign = "-" if value < 0 else ""
    if amount >= 1_000_000_000:
        text = f"{amount / 1_000_000_000:.1f}".rstrip("0").rstrip(".") + "bn"
    elif amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".") + "m"
    elif amount >= 1_000:
        text = f"{amount / 1_000:.0f}k"
    else:
        text = f"{amount:.0f}"
    return f"{sign}£{text}"


def allow_styles(svg: str, nonce: str) -> str:
    """Let the page's content-security policy allow the chart's styles: its stylesheet carries the
    page's nonce, and its one style attribute becomes the equivalent SVG attribute."""
    svg = svg.replace('style="opacity: 0"', 'opacity="0"')
    return svg.replace("<style ", f'<style nonce="{escape(nonce)}" ', 1) if nonce else svg


def make_accessible(svg: str, *, summary: str) -> str:
    """Make the SVG one image to assistive technology, named by its title and described by the summary."""
    svg = re.sub(r"<!--.*?-->", "", svg)
    # pygal always writes its configuration as an inline script, even with its JavaScript off.
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.DOTALL)
    match = re.search(r'<svg [^>]*?id="([^"]+)"', svg)
    chart_id = match.group(1) if match else "chart"
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" focusable="false" aria-labelledby="{title_id}" aria-describedby="{desc_id}" ',
        1,
    )
    svg = svg.replace("<title>", f'<title id="{title_id}">', 1)
    return svg.replace("</title>", f'</title><desc id="{desc_id}">{escape(summary)}</desc>', 1)
