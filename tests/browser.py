"""Headless Chromium (Debian's package; .ci/run installs it) for the tests that check what a browser shows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

# Root has no sandbox to drop into; no GPU here; nothing of the user's profile.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-extensions")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's package)")
    return found


def screenshot(url: str, png: Path, *, size: tuple[int, int] = (1100, 1600), profile: Path) -> Path:
    subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
                    f"--screenshot={png}", url], capture_output=True, timeout=90, check=True)
    return png


def rendered_dom(url: str, *, profile: Path) -> str:
    done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=90, check=True)
    return done.stdout


def share_of_colour(png: Path, rgb: tuple[int, int, int], tolerance: int = 12) -> float:
    """The share of the picture's pixels within TOLERANCE of RGB."""
    import numpy as np
    from matplotlib.image import imread

    pixels = (imread(png)[..., :3] * 255).astype(int)
    close = (abs(pixels - np.array(rgb)) <= tolerance).all(axis=-1)
    return float(close.mean())
