"""The pages offer the reports that belong to them, and the links download for whoever sees the page."""
from __future__ import annotations

import re


def href(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="{element_id}"', html)
    assert match, element_id
    return (match.group(1) or match.group(2)).replace("&amp;", "&")


def test_detail_page_links_the_item_sheet(client, auth, build):
    p = build.petition("transferred")
    auth.login(build.officer)
    html = client.get(f"/petitions/{p.code}").get_data(as_text=True)
    response = client.get(href(html, "item-pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_overdue_board_links_the_overdue_report(client, auth, build):
    build.petition("transferred")
    auth.login(build.committee)
    html = client.get("/committee/overdue").get_data(as_text=True)
    links = re.findall(r'href="(/reports/download\?[^"]+)"', html)
    assert len(links) == 2
    pdf = client.get(links[0].replace("&amp;", "&"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_inbox_links_the_agency_report_card(client, auth, build):
    build.petition("transferred")
    auth.login(build.officer)
    html = client.get("/agency/inbox").get_data(as_text=True)
    response = client.get(href(html, "agency-card"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
