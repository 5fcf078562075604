"""Make the documents' fonts: Noto Sans Regular and Bold, cut to Latin and Vietnamese.

Run once when the font changes (the output is committed with its OFL licence):
    pip install fonttools fontpkg-noto-sans
    python scripts/subset_font.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

import fontpkg_noto_sans
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

SOURCE = Path(fontpkg_noto_sans.__file__).parent
OUT = Path(__file__).resolve().parents[1] / "src" / "ansinh" / "documents" / "fonts"
# Basic Latin, Latin-1, Latin Extended-A/B (Ơ ư Đ …), combining marks, Vietnamese in Latin
# Extended Additional, general punctuation, the đồng and euro signs.
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0100-024F,U+0300-0323,U+1EA0-1EF9,U+2010-2027,U+2030-203A,"
    "U+20AB,U+20AC"
)
WEIGHTS = {"Regular": 400, "Bold": 700}


def main() -> None:
    """Instance the variable font at each weight and subset it."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, weight in WEIGHTS.items():
        font = TTFont(SOURCE / "files" / "NotoSans[wdth,wght].ttf")
        font = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        font.save(OUT / f"NotoSans-{name}.ttf")
    shutil.copyfile(SOURCE / "LICENSE", OUT / "OFL.txt")


if __name__ == "__main__":
    main()
