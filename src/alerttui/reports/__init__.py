"""The SLA report's presentation: Markdown, CSV and HTML with inline SVG charts. The figures
are ``domain.report``'s; reading them is ``polling.report``'s."""
