"""Write loaders/cjk_radicals.tsv: each CJK Radicals Supplement character and the ideograph it draws as.

A PDF made with a CJK font often maps a glyph the font shares between a radical and an
ideograph back to the radical (民 extracted as ⺠ U+2EA0, 门 as ⻔ U+2ED4). The table pairs
each radical with the ideograph that shares its glyph in the Noto CJK fonts (Simplified
Chinese faces first), so :mod:`loaders.cjk_radicals` can fold extracted text back. Kangxi
radicals (U+2F00-U+2FDF) need no table: Unicode's NFKC maps them.

Run ``python scripts/cjk_radicals_table.py`` (needs fontTools and fonts-noto-cjk).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTCollection

FONTS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TABLE = Path(__file__).resolve().parents[1] / "loaders" / "cjk_radicals.tsv"
SUPPLEMENT = range(0x2E80, 0x2F00)
IDEOGRAPHS = (range(0x4E00, 0xA000), range(0x3400, 0x4DC0))


def _faces_simplified_first(path: str) -> list[tuple[str, dict[int, str]]]:
    faces = []
    for font in TTCollection(path).fonts:
        family = font["name"].getDebugName(1) or ""
        faces.append((family, font.getBestCmap()))
    return sorted(faces, key=lambda face: (" SC" not in face[0], face[0]))


def radical_table() -> dict[int, int]:
    """Radical code point -> ideograph code point, from the first face that shares a glyph."""
    table: dict[int, int] = {}
    for path in FONTS:
        for _, cmap in _faces_simplified_first(path):
            by_glyph: dict[str, int] = {}
            for block in IDEOGRAPHS:
                for point in block:
                    if point in cmap:
                        by_glyph.setdefault(cmap[point], point)
            for radical in SUPPLEMENT:
                if radical in cmap and radical not in table and cmap[radical] in by_glyph:
                    table[radical] = by_glyph[cmap[radical]]
    return table


def main() -> int:
    """Write the table and say how many radicals it holds."""
    rows = ["# radical\tideograph\tradical name (written by scripts/cjk_radicals_table.py)"]
    rows += [f"{chr(r)}\t{chr(i)}\t{unicodedata.name(chr(r))}" for r, i in sorted(radical_table().items())]
    TABLE.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} radicals to {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
