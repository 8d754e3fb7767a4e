"""表三 (requests received and handled) and the 行政许可 count of the annual report, counted from the
records: per applicant column and result row, carried over into and out of the year, by the day the
reply was given in the county's time zone, and the template's arithmetic checks."""

from __future__ import annotations

from datetime import date

import pytest

from backend.foi import report
from backend.foi import report_selectors as selectors

from . import test_report_support as support
from .test_report_support import at, info_request, published_result

organ, other_organ, foi_item = support.organ, support.other_organ, support.foi_item  # fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(foi_item, organ, other_organ):
    r = lambda **kw: info_request(foi_item, organ, **kw)  # noqa: E731
    # Carried in from 2025 and answered in January 2026; one answered in 2025 counts nowhere.
    r(received=date(2025, 12, 20), replied=at(2026, 1, 8), reply_type="granted")
    r(received=date(2025, 12, 28), replied=at(2025, 12, 30), reply_type="granted")
    # Received and answered in 2026, one of each kind of result.
    r(received=date(2026, 3, 1), replied=at(2026, 3, 20), reply_type="partly_granted", company="commercial")
    r(received=date(2026, 5, 1), replied=at(2026, 5, 20), reply_type="refused", ground="third_party",
      company="research")
    r(received=date(2026, 5, 2), replied=at(2026, 5, 21), reply_type="refused", ground="state_secret")
    r(received=date(2026, 6, 1), replied=at(2026, 6, 10), reply_type="not_this_organ")
    r(received=date(2026, 6, 2), replied=at(2026, 6, 11), reply_type="not_held", ground="needs_creating",
      company="public_interest")
    r(received=date(2026, 6, 3), replied=at(2026, 6, 12), reply_type="repeat")
    r(received=date(2026, 6, 4), replied=at(2026, 6, 13), reply_type="other_channel", ground="petition")
    r(received=date(2026, 7, 1), closed=at(2026, 7, 30), reply_type="withdrawn", ground="no_supplement")
    r(received=date(2026, 8, 1), replied=at(2026, 8, 5), reply_type="already_public", company="")
    # Answered on New Year's Eve, late at night, county time: still 2026 (UTC is 15:30).
    r(received=date(2026, 12, 1), replied=at(2026, 12, 31, 23), reply_type="granted", company="legal_service")
    # Carried out into 2027: answered after midnight on 1 January, or not yet.
    r(received=date(2026, 12, 25), replied=at(2027, 1, 1, 0), reply_type="granted")
    r(received=date(2026, 12, 30), company="legal_service")
    # Another organ's request: only in the county's report.
    info_request(foi_item, other_organ, received=date(2026, 4, 1), replied=at(2026, 4, 9), reply_type="granted")


def table_for(year, organ=None):
    counted, unclassified = selectors.request_counts(year=year, organ=organ)
    return report.complete_table(counted), unclassified


def test_each_request_counts_in_its_column_and_row(year_2026, organ):
    table, unclassified = table_for(2026, organ)
    assert unclassified == 0
    assert table["new"] == {"natural": 6, "commercial": 1, "research": 1, "public_interest": 1,
                            "legal_service": 2, "other": 1, "total": 12}
    assert table["carried_in"]["natural"] == 1 and table["carried_in"]["total"] == 1
    assert table["granted"] == {"natural": 1, "commercial": 0, "research": 0, "public_interest": 0,
                                "legal_service": 1, "other": 1, "total": 3}
    assert table["partly"]["commercial"] == 1
    assert table["refused_third_party"]["research"] == 1
    assert table["refused_state_secret"]["natural"] == 1
    assert table["refused"]["total"] == 2
    assert table["unable_not_held"]["natural"] == 1  # 不属于本机关负责公开 counts as 本机关不掌握
    assert table["unable_needs_creating"]["public_interest"] == 1
    assert table["unprocessed_repeat"]["natural"] == 1
    assert table["unprocessed_petition"]["natural"] == 1
    assert table["otherwise_no_supplement"]["natural"] == 1  # closed without a reply record, by closed_at
    assert table["results_total"]["total"] == 11
    assert table["carried_out"] == {"natural": 1, "commercial": 0, "research": 0, "public_interest": 0,
                                    "legal_service": 1, "other": 0, "total": 2}


def test_the_arithmetic_holds_per_column(year_2026, organ):
    table, _ = table_for(2026, organ)
    checks = report.table_checks(table)
    assert all(c.holds for c in checks), [c.as_dict() for c in checks if not c.holds]
    total = checks[len(report.COLUMNS)]  # the 总计 column's
    assert (total.left, total.right) == (13, 13)  # 12 new + 1 carried = 11 handled + 2 carried out


def test_the_next_year_takes_over_what_was_carried_out(year_2026, organ):
    table, _ = table_for(2027, organ)
    assert table["carried_in"]["total"] == 2
    assert table["granted"]["natural"] == 1  # answered at 00:00 on 1 January 2027
    assert table["carried_out"]["legal_service"] == 1  # still open at the end of 2027


def test_the_county_counts_every_organ(year_2026):
    table, _ = table_for(2026)
    assert table["new"]["total"] == 13
    assert table["granted"]["natural"] == 2


def test_counting_is_two_grouped_queries(year_2026, organ, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.request_counts(year=2026, organ=organ)


def test_a_refusal_citing_no_exemption_is_unclassified_and_breaks_the_check(foi_item, organ):
    info_request(foi_item, organ, received=date(2026, 2, 1), replied=at(2026, 2, 9), reply_type="refused")
    table, unclassified = table_for(2026, organ)
    assert unclassified == 1
    assert not all(c.holds for c in report.table_checks(table))


@pytest.mark.parametrize(("reply_type", "ground", "row"), [
    ("already_public", "", "granted"), ("granted", "", "granted"), ("partly_granted", "third_party", "partly"),
    ("refused", "process_info", "refused_process_info"), ("refused", "", report.UNCLASSIFIED),
    ("not_held", "", "unable_not_held"), ("not_this_organ", "", "unable_not_held"),
    ("not_held", "still_unclear", "unable_still_unclear"), ("repeat", "", "unprocessed_repeat"),
    ("repeat", "mass_repeated", "unprocessed_mass_repeated"),
    ("other_channel", "publication", "unprocessed_publication"),
    ("other_channel", "confirmation", "unprocessed_confirmation"), ("other_channel", "", "otherwise_other"),
    ("withdrawn", "", "otherwise_no_supplement"), ("withdrawn", "fee_unpaid", "otherwise_fee_unpaid"),
    ("withdrawn", "other", "otherwise_other"),
])
def test_which_reply_counts_as_which_row(reply_type, ground, row):
    assert report.result_row(reply_type, ground) == row


def test_licensing_decisions_are_the_years_published_results(organ, other_organ):
    published_result(organ, decided_on=date(2026, 1, 1))
    published_result(organ, decided_on=date(2026, 12, 31))
    published_result(organ, decided_on=date(2025, 12, 31))
    published_result(organ, decided_on=date(2026, 6, 1), status="superseded")  # its correction counts instead
    published_result(organ, decided_on=date(2026, 6, 2), status="withdrawn")
    published_result(other_organ, decided_on=date(2026, 3, 1))
    assert selectors.licensing_count(year=2026, organ=organ) == 2
    assert selectors.licensing_count(year=2026) == 3


def test_due_dates_follow_article_50():
    assert report.due_on(2026) == date(2027, 1, 31)
    assert report.due_state(2026, today=date(2026, 12, 1), published_on=None).state == "not_yet"
    due = report.due_state(2026, today=date(2027, 1, 12), published_on=None)
    assert (due.state, due.days) == ("due", 19)
    assert report.due_state(2026, today=date(2027, 1, 31), published_on=None).state == "due"
    late = report.due_state(2026, today=date(2027, 2, 3), published_on=None)
    assert (late.state, late.days) == ("overdue", 3)
    assert report.due_state(2026, today=date(2027, 3, 1), published_on=date(2027, 1, 30)).state == "published"
    assert report.due_state(2026, today=date(2027, 3, 1), published_on=date(2027, 2, 2)).days == 2
