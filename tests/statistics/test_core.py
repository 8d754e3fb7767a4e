"""Median and p90 from a histogram of working days are the percentile_cont of the values themselves."""

import statistics

import pytest

from backend.statistics import core
from backend.statistics.models import HISTOGRAM_SIZE


def histogram(values):
    hist = [0] * HISTOGRAM_SIZE
    for v in values:
        hist[min(v, HISTOGRAM_SIZE - 1)] += 1
    return hist


@pytest.mark.parametrize("values", [[5], [0, 2, 3, 7, 14], [1, 1, 1, 2], list(range(0, 60, 3)), [4, 9]])
def test_percentiles_from_the_histogram_equal_percentile_cont(values):
    hist = histogram(values)
    assert core.percentile_from_histogram(hist, 0.5) == pytest.approx(statistics.median(values))
    if len(values) > 1:
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
        assert core.percentile_from_histogram(hist, 0.9) == pytest.approx(p90)


def test_a_percentile_in_the_overflow_bucket_is_not_guessed():
    hist = histogram([1, 2, 3, 80])
    assert core.percentile_from_histogram(hist, 0.5) == 2.5
    with pytest.raises(core.Overflow):
        core.percentile_from_histogram(hist, 0.9)


def test_rates_are_none_without_completions():
    row = core.table_row(1, "部门", {"received": 3}, median=None, p90=None)
    assert row["on_time_rate"] is None and row["early_rate"] is None and row["mean_rating"] is None


def test_whole_months():
    from datetime import date

    assert core.whole_months(date(2026, 1, 1), date(2026, 2, 28))
    assert not core.whole_months(date(2026, 1, 2), date(2026, 2, 28))
    assert not core.whole_months(date(2026, 1, 1), date(2026, 2, 27))
