"""Reports: self-contained HTML (and optionally PDF) documents made from coach services' data.

Heavy imports (jinja2) happen inside the functions of ``weekly``, so importing this
package stays cheap for the command line.
"""

from __future__ import annotations

from fitcoach.interfaces.reports.weekly import render_weekly, render_weekly_html, to_pdf

__all__ = ["render_weekly", "render_weekly_html", "to_pdf"]
