"""Shared test setup: Qt runs headless, so GUI tests never open windows on the developer's screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
