from qa.reckon import counted_days, day_spans, parse_amount, sums_and_differences


def test_days_between_dates_of_one_year():
    assert day_spans({"@8-12", "@8-15"}) == {3}
    assert day_spans({"@2-27", "@3-1"}, 2024) == {3}  # a leap year's February 29 counts
    assert day_spans({"@2-27", "@3-1"}) == {2}
    assert day_spans({"@2-30", "@3-1"}) == set()  # no such day: nothing to count


def test_sums_and_differences_of_two_figures():
    assert sums_and_differences([4700, 600]) == {5300, 4100}
    assert 3.5 in sums_and_differences([4.7, 1.2])
    assert sums_and_differences([5]) == set()


def test_figures_that_count_days():
    assert counted_days("3 days apart, 2 weeks later, 5 drones") == [("3", 3), ("2", 14)]
    assert parse_amount("4,700") == 4700 and parse_amount("June") is None


def test_bounds_and_whether_a_figure_meets_them():
    from qa.reckon import bounds, holds

    assert bounds("more than 100 members, at least 5 days and under 2,000") == [
        ("more than", "100"),
        ("at least", "5"),
        ("under", "2,000"),
    ]
    assert holds("more than", 125, "100") and not holds("more than", 125, "150")
    assert holds("under", 1500, "2,000") and holds("at least", 5, "5")
