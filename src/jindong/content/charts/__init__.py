"""Chart builders for the book: every chart is made from the data here, never in a chapter."""

from jindong.content.charts.output import Chart  # noqa: F401
