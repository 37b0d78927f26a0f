"""Demo data: the Hậu Giang pilot organisation with generated members (`sotay demo`)."""

from core.demo.service import DemoHighlights, DemoPerson, DemoSummary, demo_highlights, seed_demo

__all__ = ["DemoHighlights", "DemoPerson", "DemoSummary", "demo_highlights", "seed_demo"]
