"""The case register: rows, statistics, the CSV and XLSX downloads, the charts, the filters."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from tests.conftest import REPO
from ybbulletin.plan import build_views
from ybbulletin.project import load_archive
from ybbulletin.render.charts import bar_chart
from ybbulletin.render.register import (
    COLUMNS,
    RegisterRow,
    register_csv,
    register_rows,
    register_view,
    register_xlsx,
    stats_by,
    total,
)
from ybbulletin.render.site_filters import dash_amount, file_size, police_code, site_domain


@pytest.fixture(scope="module")
def rows() -> list[RegisterRow]:
    return register_rows(build_views(load_archive(REPO)))


def test_rows_carry_the_case_facts(rows: list[RegisterRow]) -> None:
    assert len(rows) == 6
    first = rows[0]
    assert first.subject == "中卫仁爱医院"
    assert first.subject_type == "医院"
    assert first.page == "2021/01/02.html#case-1"
    assert first.period == "2017-08 至 2020-06"
    assert first.amounts == (Decimal("462.24"), Decimal("462.24"), Decimal("924.10"))
    assert rows[3].amounts == (None, None, None)
    assert rows[3].region_label == "未注明"


def test_totals_and_groups(rows: list[RegisterRow]) -> None:
    overall = total(rows)
    assert (overall.count, overall.involved, overall.fined) == (
        6,
        Decimal("474.78"),
        Decimal("940.45"),
    )
    by_type = stats_by(rows, lambda r: r.subject_type)
    assert [(s.label, s.count) for s in by_type][:2] == [("诊所、门诊部、卫生院", 2), ("个人", 2)]
    by_year = stats_by(rows, lambda r: f"{r.year}年", by_label=True)
    assert [s.label for s in by_year] == ["2021年"]


def test_csv_has_a_bom_and_reads_back(rows: list[RegisterRow]) -> None:
    data = register_csv(rows, "https://example.gov.cn/ybxx/")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(table[0]) == COLUMNS
    assert len(table) == 7
    assert table[1][COLUMNS.index("违规手段")].startswith("降低住院指征、挂床住院")
    assert table[4][COLUMNS.index("涉案金额（万元）")] == ""
    assert table[1][-1] == "https://example.gov.cn/ybxx/2021/01/02.html#case-1"


def test_csv_cells_never_open_as_formulas(rows: list[RegisterRow]) -> None:
    """Excel runs a CSV cell that starts with = + - @ as a formula (CSV injection, OWASP): a
    case's text copied from a web page must not; the cell keeps its text after an apostrophe."""
    import dataclasses

    hostile = dataclasses.replace(
        rows[0],
        title='=HYPERLINK("http://example.com/","点击")',
        subject="+1+1",
        methods=("-2+3", "挂床住院"),
        actions=("@SUM(A1)",),
    )
    table = list(csv.reader(io.StringIO(register_csv([hostile, rows[0]]).decode("utf-8-sig"))))
    row = dict(zip(COLUMNS, table[1], strict=True))
    assert row["案例"] == '\'=HYPERLINK("http://example.com/","点击")'
    assert (row["当事方"], row["违规手段"], row["处理措施"]) == (
        "'+1+1",
        "'-2+3、挂床住院",
        "'@SUM(A1)",
    )
    plain = list(csv.reader(io.StringIO(register_csv(rows[:1]).decode("utf-8-sig"))))
    assert table[2] == plain[1]  # an ordinary row as before
    assert not any(cell[:1] in "=+-@" for cell in table[1] + table[2])


def test_xlsx_reads_back_with_numbers_and_is_reproducible(rows: list[RegisterRow]) -> None:
    from openpyxl import load_workbook

    data = register_xlsx(rows, "", "宁夏医保信息案例库")
    assert data == register_xlsx(rows, "", "宁夏医保信息案例库")  # no timestamps inside
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "案例库"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P7"
    fined = COLUMNS.index("罚款金额（万元）") + 1
    assert sheet.cell(2, fined).value == pytest.approx(924.10)
    assert sheet.cell(2, fined).number_format == "0.00"
    assert sheet.cell(5, fined).value is None
    assert book.properties.title == "宁夏医保信息案例库"


def test_an_empty_register_still_writes_files() -> None:
    assert register_csv([]).decode("utf-8-sig").splitlines() == [",".join(COLUMNS)]
    assert register_xlsx([]).startswith(b"PK")


def test_view_gives_filter_choices_and_three_charts(rows: list[RegisterRow]) -> None:
    view = register_view(build_views(load_archive(REPO)))
    assert view.years == ["2021"]
    assert view.regions == ["未注明", "中卫市", "中宁县"]
    assert "冒名住院" in view.methods
    assert view.methods[0] == "冒名住院"  # the most frequent first
    assert [c.id for c in view.charts] == ["chart-year", "chart-region", "chart-type"]
    assert view.charts[0].svg.count("<rect") == 1


def test_chart_labels_are_escaped_and_bars_proportional() -> None:
    svg = bar_chart("c", "标题<script>", [("甲&乙", Decimal(10)), ("<b>", Decimal(5))], ["10", "5"])
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "甲&amp;乙" in svg
    assert 'role="img"' in svg
    assert '<title id="c-title">标题&lt;script&gt;</title>' in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_site_filters() -> None:
    assert dash_amount(None) == "—"
    assert dash_amount(Decimal("0.2")) == "0.20"
    assert police_code("宁公网安备 64010602000123号") == "64010602000123"
    assert police_code("公网安备") == ""
    assert site_domain("https://www.example.gov.cn/ybxx/") == "www.example.gov.cn"
    assert site_domain(None) == ""
    assert file_size(751_234) == "751 KB"
    assert file_size(1_260_000) == "1.3 MB"
    assert file_size(10) == "1 KB"
