"""Chart helpers for the notebooks: Chinese region names that render.

Region names are written as ``English 中文`` (``Wuhua 五华区``). Matplotlib's
default font has no Chinese glyphs, so :func:`use_cjk_font` switches to a CJK
font when one is installed (Debian: ``apt-get install fonts-noto-cjk``), and
:func:`region_label` falls back to the English part when none is.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Font families with Chinese glyphs, in order of preference.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "Droid Sans Fallback", "SimHei", "Microsoft YaHei", "PingFang SC")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")


def find_cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or ``None``.

    Also registers CJK fonts installed after matplotlib built its font cache.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((family for family in CJK_FAMILIES if family in names), None)

    family = known()
    if family is None:
        for path in font_manager.findSystemFonts():
            stem = Path(path).name.lower()
            if "cjk" in stem or "wqy" in stem or "droidsansfallback" in stem:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        family = known()
    return family


def use_cjk_font() -> str | None:
    """Makes matplotlib draw text with a CJK font when one is installed; returns its family or ``None``."""
    import matplotlib

    family = find_cjk_font()
    if family is not None:
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
        matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def region_label(name: str, cjk: bool) -> str:
    """``name`` as given when Chinese can be drawn, else its non-Chinese part (``Wuhua 五华区`` → ``Wuhua``)."""
    if cjk:
        return name
    english = " ".join(_CJK.sub(" ", name).split())
    return english or name
