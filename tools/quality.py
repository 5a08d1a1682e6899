#!/usr/bin/env python
"""`make quality`: axe-core, Lighthouse and the Nu Html Checker against `make run` with DEBUG=0.

1. `make run` with DEBUG=0 on a free loopback port, into a throwaway database and media folder
   (the demo newsroom is loaded, as on any first `make run`).
2. axe-core (WCAG 2.0/2.1/2.2 A and AA, plus best practices) in Debian's Chromium through
   Playwright, at 360 and 1280 px: home, an article with comments, the same article with the
   comment form sent empty (its error state), a category, a search, a refused search, the 404
   page, the privacy page; and the audience's reader pages: « L'essentiel » (sign-up, « vérifiez
   votre boîte », confirmation, preferences, unsubscribe and its answer, a dead link), the
   service worker's offline page, and the article's light page (asked with `Save-Data: on`).
   Their links carry signed tokens: two subscribers are made for the run with `manage.py shell`
   in the run's throwaway database.
3. Lighthouse (mobile, the default form factor) on the home and article pages and on those
   reader pages but the dead link, a 400 it refuses to score (the light page with
   `--extra-headers`), RUNS times each; the lowest score of
   each category is the one reported.
4. The Nu Html Checker (vnu.jar, with the machine's Java) on the HTML of the same pages as
   the server sent it (the error state included). Messages listed in KNOWN_MESSAGES are
   accepted, with the reason written next to them; any other message fails the run.
5. The results replace the generated part of docs/quality.md (between its markers), and the
   run fails (exit 1) on any axe violation, a Lighthouse score under 95 or an unexplained
   vnu message.

Needs `npm ci --prefix tools --ignore-scripts` (axe-core, lighthouse, vnu-jar), Java, and
/usr/bin/chromium.
Everything binds and sends to 127.0.0.1 only; the server is stopped at the end.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / "lighthouse" / "cli" / "index.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
REPORT = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"

HOST = "127.0.0.1"
RUNS = int(os.environ.get("QUALITY_LIGHTHOUSE_RUNS", "3"))
MIN_SCORE = 95
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORTS = {"360 px": {"width": 360, "height": 740}, "1280 px": {"width": 1280, "height": 900}}
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Pages asked with request headers (axe, Lighthouse and the Nu Html Checker all send them).
HEADERS = {"article, data saver": {"Save-Data": "on"}}
# Lighthouse runs on these and on every page reach_pages() adds.
LIGHTHOUSE_PAGES = ("home", "article", "live coverage")
# Pages kept out of search engines on purpose (`<meta name="robots" content="noindex">`): their
# links hold a reader's token, or they only make sense offline. Lighthouse's SEO audit
# `is-crawlable` fails them by design, so their SEO score is the weighted score of the other SEO
# audits; on any other page a failed `is-crawlable` counts, and fails the run.
NOINDEX_PAGES = {
    "newsletter, check your inbox",
    "newsletter, confirm",
    "newsletter, preferences",
    "newsletter, unsubscribe",
    "offline",
}
LIGHTHOUSE_ATTEMPTS = 3  # a run under load may die with NO_NAVSTART: it is run again

# Nu Html Checker messages we keep on purpose, each with its reason (docs/quality.md repeats them).
KNOWN_MESSAGES = {
    r"^Article lacks heading\.": (
        "each comment is an <article> named by its author through aria-labelledby; a heading "
        "per comment would put dozens of names in the page outline screen-reader users "
        "navigate by (info level, not an error)"
    ),
}


@dataclass
class Results:
    urls: dict[str, str] = field(default_factory=dict)
    axe: dict[str, list[str]] = field(default_factory=dict)  # "page @ viewport" -> violations
    axe_checks: int = 0
    lighthouse: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    vnu: list[dict] = field(default_factory=list)
    started_at: str = ""
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def unexplained_vnu(self) -> list[dict]:
        return [m for m in self.vnu if not known_reason(m["message"])]

    def failures(self) -> list[str]:
        problems = [f"axe: {page}: {len(found)}" for page, found in self.axe.items() if found]
        for page, scores in self.lighthouse.items():
            problems += [
                f"lighthouse: {page}: {name} {min(values)}"
                for name, values in scores.items()
                if min(values) < MIN_SCORE
            ]
        problems += [f"vnu: {m['page']}: {m['message']}" for m in self.unexplained_vnu]
        return problems


def known_reason(message: str) -> str | None:
    return next(
        (why for pattern, why in KNOWN_MESSAGES.items() if re.search(pattern, message)), None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(port: int, workdir: Path) -> dict[str, str]:
    """What `make run` gets here (and `manage.py` commands run against the same database)."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ENV", None)
    return env


def start_make_run(port: int, workdir: Path) -> subprocess.Popen:
    """`make run` as a reader would start it, with DEBUG=0, in its own process group."""
    env = server_env(port, workdir)
    log = (workdir / "make-run.log").open("w")
    return subprocess.Popen(
        ["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"make run stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.5)
    sys.exit(f"{url} did not come up in {seconds} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def fetch(url: str, headers: dict[str, str] | None = None) -> str:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=30
        ) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:  # the 404 page, the refused search
        return error.read().decode()


def pages_to_check(base: str) -> dict[str, str]:
    """Paths of each kind of page, read from the running site (no database access)."""
    home = fetch(base + "/")
    commented = re.search(r'href="(/article/[\w-]+/)#commentaires"', home)
    category = re.search(r'href="(/rubrique/[\w-]+/)"', home)
    live = re.search(r'class="on-air__link" href="(/article/[\w-]+/)"', home)
    if not (commented and category and live):
        sys.exit(
            "the home page links to no commented article, no category or no live coverage: "
            "is the demo loaded?"
        )
    return {
        "home": "/",
        "article": commented.group(1),
        "live coverage": live.group(1),
        "category": category.group(1),
        "search": "/recherche/?q=Cotonou",
        "search, refused": "/recherche/?q=%21%21%21",
        "404": "/cette-page-n-existe-pas/",
        "privacy": "/confidentialite/",
    }


SUBSCRIBERS = """
import json
from django.utils import timezone
from newsletter import links
from newsletter.models import Subscriber
from subscriptions.models import email_hash

def make(email, **fields):
    Subscriber.objects.filter(email_hash=email_hash(email)).delete()
    return Subscriber.objects.create(email=email, email_hash=email_hash(email), **fields)

waiting = make("qualite-attente@example.org")
member = make("qualite@example.org", confirmed_at=timezone.now())
print(json.dumps({"confirm": links.confirm_token(waiting), "manage": links.manage_token(member)}))
"""


def reach_pages(env: dict[str, str], article_path: str) -> dict[str, str]:
    """The audience's reader pages. The newsletter's links need signed tokens: two subscribers are
    made in the run's database (the same settings and SECRET_KEY as the server)."""
    answer = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SUBSCRIBERS],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    tokens = json.loads(answer.stdout.strip().splitlines()[-1])
    return {
        "newsletter, sign-up": "/lettre/",
        "newsletter, check your inbox": "/lettre/verifiez/",
        "newsletter, confirm": f"/lettre/confirmer/{tokens['confirm']}/",
        "newsletter, preferences": f"/lettre/preferences/{tokens['manage']}/?bienvenue=1",
        "newsletter, unsubscribe": f"/lettre/desabonner/{tokens['manage']}/",
        "newsletter, dead link": "/lettre/confirmer/lien-invalide/",
        "offline": "/hors-ligne/",
        "article, data saver": article_path,
    }


def unsubscribed_html(base: str, unsubscribe_path: str) -> str:
    """The page answering « Me désabonner » (a POST: the subscriber is gone after it)."""
    request = urllib.request.Request(base + unsubscribe_path, data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def comment_error_html(base: str, article_path: str) -> str:
    """The article page as the server answers an empty comment (400, the form in error)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/csrf/", timeout=10) as response:
        token = json.load(response)["token"]
    slug = article_path.strip("/").split("/")[-1]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "body": "", "name": ""}).encode()
    request = urllib.request.Request(
        f"{base}/commentaires/{slug}/envoyer/", data=data, headers={"Referer": base + "/"}
    )
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        if error.code == 400:
            return error.read().decode()
        raise
    sys.exit("an empty comment was not refused with a 400")


def run_axe(base: str, urls: dict[str, str], results: Results) -> None:
    from playwright.sync_api import sync_playwright

    source = AXE.read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        for label, viewport in VIEWPORTS.items():
            context = browser.new_context(locale="fr-FR", viewport=viewport)
            page = context.new_page()
            states = [(name, path, False) for name, path in urls.items()]
            states.append(("article, comment form in error", urls["article"], True))
            for name, path, submit_empty in states:
                page.set_extra_http_headers(HEADERS.get(name, {}))
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if submit_empty:
                    page.get_by_role("button", name="Publier le commentaire").click()
                    page.wait_for_selector("#comment-form-errors")
                page.evaluate(source)  # through DevTools: the page keeps its own CSP
                found = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                    AXE_TAGS,
                )
                results.axe_checks += len(found["passes"])
                results.axe[f"{name} @ {label}"] = [
                    f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
                    for v in found["violations"]
                    for node in v["nodes"]
                ]
                print(f"  axe {name} @ {label}: {len(results.axe[f'{name} @ {label}'])}")
            context.close()
        results.versions["axe-core"] = page_version(TOOLS / "axe-core")
        results.versions["Chromium"] = browser.version
        browser.close()


def run_lighthouse(
    base: str, urls: dict[str, str], names: list[str], results: Results, workdir: Path
) -> None:
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    for index, name in enumerate(names):
        scores: dict[str, list[int]] = {category: [] for category in LIGHTHOUSE_CATEGORIES}
        headers = [f"--extra-headers={json.dumps(HEADERS[name])}"] if name in HEADERS else []
        for run in range(RUNS):
            out = workdir / f"lighthouse-{index}-{run}.json"
            command = [
                "node", str(LIGHTHOUSE), base + urls[name], "--quiet", "--output=json",
                f"--output-path={out}", "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu", *headers,
            ]  # fmt: skip
            for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
                try:
                    subprocess.run(command, env=env, check=True, timeout=180)
                    break
                except subprocess.CalledProcessError:
                    if attempt == LIGHTHOUSE_ATTEMPTS:
                        raise
                    print(f"  lighthouse {name} #{run + 1}: failed, run again", flush=True)
            report = json.loads(out.read_text())
            for category in LIGHTHOUSE_CATEGORIES:
                scores[category].append(category_score(report, category, name))
            print(f"  lighthouse {name} #{run + 1}: {[s[-1] for s in scores.values()]}")
        results.lighthouse[name] = scores
    results.versions["Lighthouse"] = page_version(TOOLS / "lighthouse")


def category_score(report: dict, category: str, page: str) -> int:
    """Lighthouse's score, except SEO on a page kept out of search engines on purpose
    (NOINDEX_PAGES): the weighted score of the SEO audits but `is-crawlable`."""
    if category != "seo" or page not in NOINDEX_PAGES:
        return round(report["categories"][category]["score"] * 100)
    refs = [
        ref
        for ref in report["categories"]["seo"]["auditRefs"]
        if ref["weight"] and ref["id"] != "is-crawlable"
    ]
    total = sum(ref["weight"] for ref in refs)
    got = sum(ref["weight"] * (report["audits"][ref["id"]]["score"] or 0) for ref in refs)
    return round(100 * got / total)


def run_vnu(pages: dict[str, str], results: Results, workdir: Path) -> None:
    files = {}  # file name -> page name
    for index, (name, markup) in enumerate(pages.items()):
        path = workdir / f"page-{index}.html"
        path.write_text(markup)
        files[path.name] = name
    answer = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]
        + [str(workdir / name) for name in files],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    for message in json.loads(answer.stderr or answer.stdout)["messages"]:
        results.vnu.append(
            {
                "page": files.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url")),
                "type": " ".join(filter(None, (message["type"], message.get("subType")))),
                "message": message["message"],
                "line": message.get("lastLine"),
            }
        )
    results.versions["Nu Html Checker"] = page_version(TOOLS / "vnu-jar")


def page_version(package: Path) -> str:
    return json.loads((package / "package.json").read_text())["version"]


def render(results: Results) -> str:
    lines = [
        BEGIN,
        f"_Generated by `make quality` on {results.started_at}: `make run` with `DEBUG=0`, "
        "the demo newsroom, on loopback. "
        + ", ".join(f"{tool} {version}" for tool, version in sorted(results.versions.items()))
        + "._",
        "",
        "Pages: " + ", ".join(f"{name} `{path}`" for name, path in results.urls.items()) + ".",
        "",
        "### axe-core (WCAG 2.0, 2.1, 2.2 A and AA, best practices)",
        "",
        "| page | 360 px | 1280 px |",
        "| --- | --- | --- |",
    ]
    names = dict.fromkeys(key.rsplit(" @ ", 1)[0] for key in results.axe)
    for name in names:
        cells = [str(len(results.axe.get(f"{name} @ {label}", []))) for label in VIEWPORTS]
        lines.append(f"| {name} | {cells[0]} violations | {cells[1]} violations |")
    lines += ["", f"{results.axe_checks} rule checks passed in all.", ""]
    for page, found in results.axe.items():
        lines += [f"- {page}: {violation}" for violation in found]
    lines += [
        "",
        f"### Lighthouse (mobile), lowest of {RUNS} runs",
        "",
        "| page | " + " | ".join(LIGHTHOUSE_CATEGORIES) + " |",
        "| --- |" + " --- |" * len(LIGHTHOUSE_CATEGORIES),
    ]
    for page, scores in results.lighthouse.items():
        cells = [f"{min(scores[c])} ({'/'.join(map(str, scores[c]))})" for c in scores]
        if page in NOINDEX_PAGES:
            cells[LIGHTHOUSE_CATEGORIES.index("seo")] += " *"
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    if NOINDEX_PAGES & set(results.lighthouse):
        lines += [
            "",
            "\\* `noindex` on purpose (a reader's token in the address, or the offline page): "
            "Lighthouse's `is-crawlable` audit fails such a page by design, so its SEO is scored "
            "on the other SEO audits.",
        ]
    lines += ["", "### Nu Html Checker", ""]
    if not results.vnu:
        lines.append("No message on any page.")
    counts: dict[tuple[str, str], int] = {}
    for message in results.vnu:
        key = (message["type"], message["message"])
        counts[key] = counts.get(key, 0) + 1
    for (kind, text), count in counts.items():
        reason = known_reason(text) or "**not explained: to fix**"
        lines.append(f"- {kind}, {count}×: « {text} » — {reason}")
    lines.append(END)
    return "\n".join(lines)


def write_report(results: Results) -> None:
    text = REPORT.read_text() if REPORT.exists() else f"# Quality\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text = text.rstrip() + f"\n\n## Latest run\n\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    REPORT.write_text(text[:start] + render(results) + text[end:])


def main() -> None:
    missing = [str(p) for p in (AXE, LIGHTHOUSE, VNU) if not p.is_file()]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: run `npm ci --prefix tools --ignore-scripts`")
    for tool in ("java", "node", "make"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing")
    if not CHROMIUM.is_file():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")

    workdir = Path(tempfile.mkdtemp(prefix="portail-quality-"))
    port = free_port()
    base = f"http://{HOST}:{port}"
    results = Results(started_at=time.strftime("%Y-%m-%d %H:%M %z"))
    print(f"· make run (DEBUG=0) on {base} …", flush=True)
    server = start_make_run(port, workdir)
    try:
        wait_until_up(base + "/", server, workdir / "make-run.log")
        results.urls = pages_to_check(base)
        reach = reach_pages(server_env(port, workdir), results.urls["article"])
        results.urls |= reach
        print("· axe-core", flush=True)
        run_axe(base, results.urls, results)
        print("· Lighthouse", flush=True)
        # Not the dead link: Lighthouse refuses to score a page answered with an error status
        # (400), like the 404 page; axe and the Nu Html Checker see it.
        scored = [name for name in reach if name != "newsletter, dead link"]
        run_lighthouse(base, results.urls, [*LIGHTHOUSE_PAGES, *scored], results, workdir)
        print("· Nu Html Checker", flush=True)
        markup = {
            name: fetch(base + path, HEADERS.get(name, {})) for name, path in results.urls.items()
        }
        markup["article, comment form in error"] = comment_error_html(base, results.urls["article"])
        markup["newsletter, unsubscribed"] = unsubscribed_html(
            base, results.urls["newsletter, unsubscribe"]
        )
        run_vnu(markup, results, workdir)
    finally:
        stop(server)
    write_report(results)
    print(render(results))
    if problems := results.failures():
        print("\nFAILED:\n" + "\n".join(problems), file=sys.stderr)
        sys.exit(1)
    if os.environ.get("QUALITY_KEEP"):  # the raw reports (Lighthouse JSON, pages, server log)
        print(f"raw reports kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nall clear; written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
