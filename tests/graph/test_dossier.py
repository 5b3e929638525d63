"""`docintel dossier` on the first golden network, checked in Debian's real headless chromium: the
page renders, shows the flags, and every evidence crop loads; the graph export opens in networkx."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from network_helpers import Processed, docintel, processed  # noqa: F401
from PIL import Image, ImageStat

KAYA = "Kaya Kardesler Ticaret Ltd. Sti."


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: scripts/setup.sh should have installed it")
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    return found


def _browser(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={cwd / 'profile'}", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def dossier(processed: Callable[..., Processed], tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = processed("network_1")
    out = tmp_path_factory.mktemp("dossier") / "kaya"
    result = docintel(p.home, p.cache, "dossier", KAYA, "-o", str(out))
    assert "4 flags" in result.stdout
    return out


def test_dossier_renders_its_flags_and_every_crop_loads_in_chromium(dossier: Path) -> None:
    html = (dossier / "index.html").read_text("utf-8")
    crops = re.findall(r'<img class="crop" src="([^"]+)"', html)
    assert len(crops) >= 10 and all((dossier / c).is_file() for c in crops)
    assert f'alt="{KAYA}"' in html  # its name beside the crop where it was read
    dom = _browser("--virtual-time-budget=5000", "--dump-dom", (dossier / "index.html").as_uri(), cwd=dossier.parent)
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body, dom.stderr[-2000:]
    assert f'data-crops-loaded="{len(crops)}"' in body.group(0) and 'data-crops-failed="0"' in body.group(0)
    shown = set(re.findall(r'data-flag-type="(\w+)"', dom.stdout))
    assert shown == {"junction", "inconsistency", "speed", "border_proximity"}
    assert "Al-Nour General Trading" in dom.stdout and "thermal imaging camera" in dom.stdout
    shot = dossier.parent / "shot.png"
    _browser("--window-size=1200,1600", f"--screenshot={shot}", (dossier / "index.html").as_uri(), cwd=dossier.parent)
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 1600) and ImageStat.Stat(image).stddev[0] > 20  # text and crops, not a blank page


def test_a_crop_shows_the_page_where_the_fact_was_read(dossier: Path) -> None:
    html = (dossier / "index.html").read_text("utf-8")
    crop = re.search(r'<img class="crop" src="([^"]+)" alt="30 pcs Thermal imaging cameras"', html)
    assert crop
    image = Image.open(dossier / crop.group(1))
    assert 100 < image.width < 1200 and 10 < image.height < 200  # one line of the rendered page, with margin
    assert ImageStat.Stat(image.convert("L")).extrema[0][0] < 100  # it holds ink


def test_graph_export_opens_with_the_entity_and_its_links(dossier: Path) -> None:
    g = nx.read_gexf(dossier / "graph.gexf")
    [center] = [n for n, d in g.nodes(data=True) if d.get("focus")]
    assert g.nodes[center]["label"] == KAYA
    goods = {d["commodity"] for _, _, d in g.edges(data=True) if d["relation"] == "sale"}
    assert {"potassium chlorate", "brushless motor", "thermal imaging camera"} <= goods


def test_graphml_and_unknown_entities(processed: Callable[..., Processed], tmp_path: Path) -> None:
    p = processed("network_1")
    docintel(p.home, p.cache, "dossier", "Ceylan GSM Telefon İletişim Ltd. Şti.", "--graph-format", "graphml",
             "-o", str(tmp_path / "shop"))
    assert nx.read_graphml(tmp_path / "shop" / "graph.graphml").number_of_nodes() >= 3
    shop = (tmp_path / "shop" / "index.html").read_text("utf-8")
    assert "incongruent_purchase" in shop
    # the scanned copy of the invoice is evidence too, its crop cut from the archived PNG
    scan = re.search(r'<img class="crop" src="([^"]+)" alt="[^"]*">\s*<figcaption>[^<]*invoice_karadeniz_ceylan_scan\.png',
                     shop)
    assert scan and Image.open(tmp_path / "shop" / scan.group(1)).height > 20
    missing = docintel(p.home, p.cache, "dossier", "Nobody Ltd", "-o", str(tmp_path / "x"), check=False)
    assert missing.returncode != 0 and "no entity named" in missing.stderr


def test_names_from_documents_are_escaped(tmp_path: Path, processed: Callable[..., Processed]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "invoice.txt").write_text(
        "COMMERCIAL INVOICE\nInvoice No: EV-90210\nDate: 01.02.2024\n"
        "Seller: Evil <script>alert(1)</script> Ltd.\nIstanbul, Turkey\n"
        "Buyer: Plain Trading Ltd.\nAnkara, Turkey\n", "utf-8")
    home, cache = tmp_path / "home", processed("network_1").cache
    docintel(home, cache, "process", str(docs))
    docintel(home, cache, "dossier", "Plain Trading Ltd.", "-o", str(tmp_path / "d"))
    html = (tmp_path / "d" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
