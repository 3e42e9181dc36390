"""Build the sample corpus and screenshot three pages for the README.

    python scripts/screenshots.py [--out docs/img]

Writes ``agency-network.png`` (the agency network), ``chongqing-network.png`` (the
responsibility network of the 2021 Chongqing plan) and ``alignment.png`` (the Chongqing plan
beside the national notice, aligned measures linked). Uses Debian's Chromium at
/usr/bin/chromium through Playwright, with every request other than file: aborted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from graph import build, sample_corpus

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def shoot(html: Path, png: Path) -> None:
    """Open one view offline, wait until its layout is frozen, and save a screenshot."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(html.resolve().as_uri())
        page.wait_for_selector("body[data-stable=true]", state="attached", timeout=60_000)
        page.evaluate("tkg.network.fit({animation: false})")
        page.wait_for_timeout(200)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()


def shoot_page(html: Path, png: Path) -> None:
    """Open one static site page offline and save a screenshot of its first screen."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(html.resolve().as_uri())
        page.wait_for_load_state("load")
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()


def _has_cjk_font() -> bool:
    """Whether fontconfig knows a face that covers Simplified Chinese (what Chromium draws with)."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True,
                               check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(found.stdout.strip())


def main() -> int:
    """Build the sample corpus into a temporary directory and take the screenshots."""
    parser = argparse.ArgumentParser(
        description="Screenshot the agency and Chongqing views and a side-by-side alignment page.")
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} not found; apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    if not _has_cjk_font():
        print("error: no Chinese font, so the pictures would show boxes; apt-get install fonts-noto-cjk",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build([sample_corpus()], out)
        chongqing = next(p for p in (out / "views").glob("doc-*.html")
                         if "重庆市促进跨境贸易便利化工作方案" in p.read_text(encoding="utf-8"))
        shoot(out / "views" / "agencies.html", args.out / "agency-network.png")
        shoot(chongqing, args.out / "chongqing-network.png")
        [side_by_side] = sorted((out / "site").glob("align-*.html"))
        shoot_page(side_by_side, args.out / "alignment.png")
    print(f"wrote {args.out / 'agency-network.png'}, {args.out / 'chongqing-network.png'} and "
          f"{args.out / 'alignment.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
