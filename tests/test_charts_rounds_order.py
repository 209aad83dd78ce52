"""charts.rounds takes its actor order from its caller and never reads the course's files for it."""

import pandas as pd
import pytest

from conflictlab import charts, data, models

OWN = pd.DataFrame(
    {
        "actor": ["North", "South", "Broker"],
        "position": [10.0, 90.0, 60.0],
        "capability": [3.0, 2.0, 1.0],
        "salience": [0.5, 0.9, 1.0],
    }
)


def test_a_callers_frame_is_drawn_in_its_own_order_without_reading_files(monkeypatch):
    def no_files(*args, **kwargs):
        raise AssertionError("charts.rounds read the course's data for a caller's frame")

    monkeypatch.setattr(data, "load", no_files)
    monkeypatch.setattr(data, "actor_order", no_files)
    layout = charts.rounds_layout(models.simulate(OWN, rounds=3))
    assert layout["order"] == ["North", "South", "Broker"]
    assert layout["colours"] == charts.ROUNDS_COLOURS[:3]
    charts.rounds(models.simulate(OWN, rounds=3)).to_dict()


def test_order_decides_each_actors_colour_and_shape():
    history = models.simulate(OWN, rounds=3)
    layout = charts.rounds_layout(history, order=["Broker", "Absent", "North", "South"])
    assert layout["order"] == ["Broker", "North", "South"]
    # "Absent" keeps its place: North and South take the third and fourth colours and shapes
    assert layout["colours"] == [charts.ROUNDS_COLOURS[k] for k in (0, 2, 3)]
    assert layout["shapes"] == [charts.ROUNDS_SHAPES[k] for k in (0, 2, 3)]


def test_the_course_frames_give_each_actor_one_colour_on_every_issue():
    colours = {}
    for issue in ("venue", "return"):
        layout = charts.rounds_layout(models.simulate(data.frame(issue), rounds=2))
        for actor, colour in zip(layout["order"], layout["colours"], strict=True):
            assert colours.setdefault(actor, colour) == colour, f"{actor} changes colour on {issue}"
    names = data.load("actors").set_index("actor_id")["name"]
    assert list(colours) == [names[a] for a in data.actor_order()]


@pytest.mark.parametrize(
    "order, words", [("North", "list of actor names"), (["North", "South", "North"], "'North' twice")]
)
def test_a_bad_order_is_refused_in_words(order, words):
    with pytest.raises(ValueError, match=words):
        charts.rounds(models.simulate(OWN, rounds=1), order=order)
