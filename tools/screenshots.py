#!/usr/bin/env python
"""`make screenshots`: what a reader sees first, at 360, 768 and 1280 px, into docs/screenshots/.

`make run` with DEBUG=0 on a free loopback port, into a throwaway database and media folder (the
demo newsroom, as on any first `make run`), then Debian's Chromium through Playwright opens the
home page, a section, an article, a live coverage (when the demo has one), a search and the 404
page at each width and keeps the first screen of each as a JPEG, plus the whole home page at
360 px (its height is what a phone reader scrolls). docs/screenshots/README.md lists them with
the date and the home page's height. Everything stays on 127.0.0.1; the server is stopped at the
end.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from quality import CHROMIUM, HOST, ROOT, fetch, free_port, start_make_run, stop, wait_until_up

OUT = ROOT / "docs" / "screenshots"
SCREENS = {360: 800, 768: 1024, 1280: 900}
QUALITY = 70  # JPEG: a tenth of a PNG's weight in the repository, still sharp enough to judge


def pages(base: str) -> dict[str, str]:
    """One address of each kind of page, read from the running site."""
    home = fetch(base + "/")
    found = {
        "article": re.search(r'href="(/article/[\w-]+/)"', home),
        "section": re.search(r'href="(/rubrique/[\w-]+/)"', home),
        "live": re.search(r'class="on-air__link" href="(/article/[\w-]+/)"', home),
    }
    if not (found["article"] and found["section"]):
        sys.exit("the home page links to no article or no section: is the demo loaded?")
    urls = {"home": "/", "section": found["section"].group(1), "article": found["article"].group(1)}
    if found["live"]:
        urls["live"] = found["live"].group(1)
    return {**urls, "search": "/recherche/?q=Cotonou", "404": "/cette-page-n-existe-pas/"}


def shoot(base: str, urls: dict[str, str]) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    heights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        for width, height in SCREENS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="fr-FR", device_scale_factor=1
            )
            page = context.new_page()
            for name, path in urls.items():
                page.goto(base + path, wait_until="load")
                page.evaluate("document.fonts.ready")
                page.screenshot(
                    path=OUT / f"{name}-{width}.jpg",
                    type="jpeg",
                    quality=QUALITY,
                    animations="disabled",
                )
                print(f"  {name} at {width} px", flush=True)
                if name == "home":
                    heights[width] = page.evaluate("document.documentElement.scrollHeight")
                    if width == 360:
                        page.screenshot(
                            path=OUT / "home-360-full.jpg",
                            type="jpeg",
                            quality=QUALITY,
                            full_page=True,
                            animations="disabled",
                        )
            context.close()
        browser.close()
    return heights


def write_index(urls: dict[str, str], heights: dict[int, int]) -> None:
    rows = "\n".join(
        f"| {name} (`{path}`) | "
        + " | ".join(f"![{name}, {w} px]({name}-{w}.jpg)" for w in SCREENS)
        + " |"
        for name, path in urls.items()
    )
    (OUT / "README.md").write_text(
        "# Screenshots\n\n"
        f"The first screen of each page, taken by `make screenshots` on {time.strftime('%Y-%m-%d')}"
        " from the demo (`make run`, DEBUG=0) in Debian's Chromium. Viewports: "
        + ", ".join(f"{w}×{h}" for w, h in SCREENS.items())
        + ".\n\nHome page height: "
        + ", ".join(f"{heights[w]:,} px at {w} px" for w in SCREENS if w in heights)
        + " ([the whole home page at 360 px](home-360-full.jpg)).\n\n"
        "| page | " + " | ".join(f"{w} px" for w in SCREENS) + " |\n"
        "|---|" + "---|" * len(SCREENS) + "\n" + rows + "\n"
    )


def main() -> None:
    if not CHROMIUM.is_file():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    workdir = Path(tempfile.mkdtemp(prefix="portail-screenshots-"))
    port = free_port()
    base = f"http://{HOST}:{port}"
    print(f"· make run (DEBUG=0) on {base} …", flush=True)
    server = start_make_run(port, workdir)
    try:
        wait_until_up(base + "/", server, workdir / "make-run.log")
        urls = pages(base)
        for old in OUT.glob("*.jpg"):
            old.unlink()
        OUT.mkdir(parents=True, exist_ok=True)
        heights = shoot(base, urls)
    finally:
        stop(server)
    write_index(urls, heights)
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"written to {OUT.relative_to(ROOT)}/ (home: {heights})")


if __name__ == "__main__":
    main()
