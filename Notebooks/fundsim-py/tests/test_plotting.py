"""Chinese region names in charts: drawn with a CJK font when one is installed, English otherwise."""

from __future__ import annotations

import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from fundsim.plotting import find_cjk_font, region_label, use_cjk_font  # noqa: E402


def _missing_glyph_warnings(title: str) -> list[str]:
    fig, ax = plt.subplots()
    ax.set_title(title)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_english_label_drops_the_chinese_part() -> None:
    assert region_label("Wuhua 五华区", cjk=False) == "Wuhua"
    assert region_label("Lanping 兰坪白族普米族自治县", cjk=False) == "Lanping"
    assert region_label("Wuhua 五华区", cjk=True) == "Wuhua 五华区"
    assert region_label("五华区", cjk=False) == "五华区"  # nothing else to show


def test_chinese_renders_with_the_cjk_font() -> None:
    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-noto-cjk; Notebooks/ci.sh installs it)")
    with matplotlib.rc_context():
        matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
        matplotlib.rcParams["font.family"] = "sans-serif"
        # The check can fail: DejaVu Sans has no Chinese glyphs, and the drawing says so.
        assert _missing_glyph_warnings("Yunnan 云南省")
        assert use_cjk_font() is not None
        assert _missing_glyph_warnings("Yunnan 云南省") == []
