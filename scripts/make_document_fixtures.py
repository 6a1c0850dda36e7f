"""Generate tests/fixtures/documents: policy documents in the forms offices publish them.

    .venv/bin/python scripts/make_document_fixtures.py

Writes one file per spec in scripts/document_fixture_specs.py and `expected.json` (the metadata each
must read as, and its dev/heldout split). Red-header .docx files come from python-docx; .pdf files
from HTML printed by headless Debian chromium (/usr/bin/chromium, fonts-wqy-microhei); portal pages
carry the chrome of a district government site (banner, 无障碍浏览, breadcrumb, share buttons, a hidden
print copy, footer with 主办单位 and ICP备案号); the .ofd files are minimal GB/T 33190 packages written
here (no OFD writer is packaged). The generated files are committed, so tests never need chromium.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from document_fixture_specs import SPECS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "documents"
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for spec in SPECS:
        RENDERERS[spec["form"]](spec, OUT / spec["file"])
    expected = {s["file"]: {"split": s["split"], "form": s["form"], **s["expected"]} for s in SPECS}
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(SPECS)} documents to {OUT}")


def _table(entry: str) -> list[list[str]] | None:
    if not entry.startswith("table:"):
        return None
    return [row.split("|") for row in entry[len("table:"):].split(";")]


# --- .docx ---------------------------------------------------------------------------------------

def _para(document, text: str, *, size: int = 16, bold: bool = False, red: bool = False,
          align=None, indent: bool = False) -> None:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold
    if red:
        run.font.color.rgb = RGBColor(0xD0, 0, 0)


def render_docx(spec: dict, path: Path, *, red: bool = True, gazette: bool = False) -> None:
    document = docx.Document()
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    if red:
        year = spec["doc_number"].split("〔")[1][:4]
        _para(document, f"ZJBC01-{year}-0012", size=10)
        _para(document, " ".join(spec["header"]) if len(spec["header"]) < 14 else spec["header"],
              size=26, bold=True, red=True, align=center)
        document.add_paragraph()
        _para(document, spec["doc_number"], align=center)
        document.add_paragraph()
    for line in spec["title_lines"]:
        _para(document, line, size=22, bold=True, align=center)
    if gazette:
        _para(document, f"（{spec['doc_number']}）", align=center)
    document.add_paragraph()
    if spec.get("addressee"):
        _para(document, spec["addressee"])
    for entry in spec["body"]:
        rows = _table(entry)
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        else:
            _para(document, entry, indent=True)
    document.add_paragraph()
    if spec.get("signer"):
        _para(document, spec["signer"], align=right)
        _para(document, spec["signed"], align=right)
    if spec.get("colophon"):
        _para(document, "（此件公开发布）", align=center)
        document.add_paragraph()
        for line in spec["colophon"]:
            _para(document, line, size=14)
    document.save(path)


# --- .pdf via chromium ---------------------------------------------------------------------------

_PDF_STYLE = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 16pt; line-height: 1.55; }
.red { color: #d00; text-align: center; font-size: 30pt; font-weight: bold; letter-spacing: 2pt; }
.num { text-align: center; margin: 12pt 0; }
hr { border: 0; border-top: 2pt solid #d00; margin-bottom: 24pt; }
.title { text-align: center; font-size: 20pt; font-weight: bold; margin: 0; }
p.body { text-indent: 2em; margin: 0; }
p.addr { margin: 12pt 0 0 0; }
.sign { text-align: right; margin: 0 2em 0 0; }
table { border-collapse: collapse; margin: 6pt auto; font-size: 13pt; }
td, th { border: 1px solid #000; padding: 3pt 8pt; }
.colophon { border-top: 1pt solid #000; border-bottom: 1pt solid #000; font-size: 13pt; margin-top: 30pt; }
.colophon p { margin: 2pt 0; }
"""


def _html_table(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
    return f"<table><tr>{head}</tr>{body}</table>"


def _body_html(spec: dict) -> str:
    parts = []
    for entry in spec["body"]:
        rows = _table(entry)
        parts.append(_html_table(rows) if rows else f'<p class="body">{html.escape(entry)}</p>')
    return "\n".join(parts)


def render_pdf(spec: dict, path: Path, *, red: bool = True) -> None:
    top = ""
    if red:
        top = (f'<div class="red">{html.escape(spec["header"])}</div>'
               f'<div class="num">{html.escape(spec["doc_number"])}</div><hr>')
    title = "".join(f'<p class="title">{html.escape(line)}</p>' for line in spec["title_lines"])
    addressee = f'<p class="addr">{html.escape(spec["addressee"])}</p>' if spec.get("addressee") else "<br>"
    sign = ""
    if spec.get("signer"):
        sign = f'<br><p class="sign">{html.escape(spec["signer"])}</p><p class="sign">{html.escape(spec["signed"])}</p>'
    colophon = ""
    if spec.get("colophon"):
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in spec["colophon"])
        colophon = f'<p style="text-align:center">（此件公开发布）</p><div class="colophon">{lines}</div>'
    page = (f'<html><head><meta charset="utf-8"><style>{_PDF_STYLE}</style></head><body>{top}{title}'
            f"{addressee}{_body_html(spec)}{sign}{colophon}</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-pdf-header-footer", f"--print-to-pdf={path}", source.as_uri()],
                       check=True, capture_output=True, timeout=120)


# --- portal .html ---------------------------------------------------------------------------------

def render_portal(spec: dict, path: Path) -> None:
    site, title = spec["site"], spec["title_lines"][0]
    info_cells = "".join(f"<tr><th>{k}：</th><td>{html.escape(v)}</td></tr>" for k, v in spec["info"].items())
    body = _body_html(spec).replace('class="body"', 'style="text-indent:2em"')
    if spec.get("addressee"):
        body = f"<p>{html.escape(spec['addressee'])}</p>" + body
    if spec.get("signer"):
        body += (f'<p style="text-align:right">{html.escape(spec["signer"])}</p>'
                 f'<p style="text-align:right">{html.escape(spec["signed"])}</p>')
    printed = f'<div class="print-content" style="display:none"><h1>{html.escape(title)}</h1>{body}</div>' \
        if spec.get("print_copy") else ""
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}_{site}</title>
<meta name="SiteName" content="{site}"><meta name="ColumnName" content="政策文件">
</head><body>
<div class="topbar"><div class="wrap">欢迎访问{site}门户网站！<a href="#">无障碍浏览</a> | <a href="#">长者模式</a>
 | <a href="#">English</a> | <a href="#">登录</a></div></div>
<div class="banner"><img src="logo.png" alt="{site}">
<div class="search"><input value="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="#">首页</a></li><li><a href="#">走进{site[-5:-4]}区</a></li>
<li><a href="#">政务公开</a></li>
<li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li><li><a href="#">专题专栏</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">政策文件</a></div>
<div class="main">
<table class="xxgk-info">{info_cells}</table>
<div class="article">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="article-meta">来源：{html.escape(spec["info"].get("发布机构", site))}　浏览次数：<span>1024</span>
　字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
<div class="article-content" id="zoom">{body}</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
<div class="article-tools"><a href="#">【打印本页】</a><a href="#">【关闭窗口】</a></div>
</div>{printed}
<div class="related"><h3>相关链接</h3><ul><li><a href="#">国务院办公厅关于进一步优化营商环境的通知</a></li>
<li><a href="#">浙江省人民政府关于做好政务公开工作的通知</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：{site}办公室　承办单位：{site}大数据发展管理局</p>
<p>网站标识码：3302830001　浙ICP备05004578号-1　浙公网安备 33028302000123号</p>
<p>联系电话：0574-88512345　地址：{site[:3]}某某路1号</p></div>
</body></html>
"""
    path.write_text(page, encoding="utf-8")


# --- .txt ------------------------------------------------------------------------------------------

def _plain_lines(spec: dict) -> list[str]:
    lines = [*([spec["doc_number"], ""] if spec.get("doc_number") else []), *spec["title_lines"], ""]
    if spec.get("addressee"):
        lines.append(spec["addressee"])
    lines += ["　　" + entry for entry in spec["body"]]
    if spec.get("signer"):
        lines += ["", "　　　　　　　　" + spec["signer"], "　　　　　　　　" + spec["signed"]]
    if spec.get("colophon"):
        lines += ["", *spec["colophon"]]
    return lines


def render_txt(encoding: str, newline: str):
    def render(spec: dict, path: Path) -> None:
        path.write_bytes(newline.join(_plain_lines(spec)).encode(encoding) + newline.encode())
    return render


# --- .ofd (GB/T 33190) -------------------------------------------------------------------------------

_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
_CHARS_PER_LINE = 28  # a 156 mm text block at 16 pt: the 公文 standard of 28 characters a line
_FONT_MM = 5.6


def _ofd_lines(spec: dict) -> list[tuple[str, float, str]]:
    """(text, x in mm, alignment) for each printed line, wrapping paragraphs at 28 characters."""
    lines: list[tuple[str, float, str]] = [(spec["header"], 25.0, "c"), ("", 0, ""), (spec["doc_number"], 80.0, "c"),
                                           ("", 0, "")]
    lines += [(line, 30.0, "c") for line in spec["title_lines"]] + [("", 0, "")]
    lines.append((spec["addressee"], 28.0, "l"))
    for entry in spec["body"]:
        text = "　　" + entry
        lines += [(text[i:i + _CHARS_PER_LINE], 28.0, "l") for i in range(0, len(text), _CHARS_PER_LINE)]
    lines += [("", 0, ""), (spec["signer"], 110.0, "r"), (spec["signed"], 130.0, "r"), ("", 0, "")]
    lines += [("（此件公开发布）", 80.0, "c")] + [(line, 28.0, "l") for line in spec["colophon"]]
    return lines


def render_ofd(spec: dict, path: Path) -> None:
    objects, y, ident = [], 37.0, 10
    for text, x, _ in _ofd_lines(spec):
        if text:
            ident += 1
            width = len(text) * _FONT_MM
            deltas = " ".join([f"{_FONT_MM}"] * (len(text) - 1))
            objects.append(
                f'<ofd:TextObject ID="{ident}" Boundary="{x} {y:.1f} {width:.1f} 7" Font="3" Size="{_FONT_MM}">'
                f'<ofd:TextCode X="0" Y="5.6" DeltaX="{deltas}">{html.escape(text)}</ofd:TextCode></ofd:TextObject>'
            )
        y += 8.0
    pages = []
    per_page = 28
    for number, start in enumerate(range(0, len(objects), per_page)):
        chunk = "".join(objects[start:start + per_page])
        pages.append(f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_NS}><ofd:Content>'
                     f'<ofd:Layer ID="{100 + number}">{chunk}</ofd:Layer></ofd:Content></ofd:Page>')
    page_refs = "".join(f'<ofd:Page ID="{200 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_NS} Version="1.1" '
                                    f'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{spec["file"]}</ofd:DocID>'
                                    f'<ofd:Title>{html.escape(spec["title_lines"][0])}</ofd:Title></ofd:DocInfo>'
                                    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        archive.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {_NS}>'
                                               '<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>'
                                               '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                                               '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                                               f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
        archive.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {_NS} BaseLoc="Res">'
                                                '<ofd:Fonts><ofd:Font ID="3" FontName="仿宋_GB2312" FamilyName="仿宋"/>'
                                                "</ofd:Fonts></ofd:Res>")
        for number, page in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{number}/Content.xml", page)


RENDERERS = {
    "red_docx": render_docx,
    "plain_docx": lambda spec, path: render_docx(spec, path, red=False),
    "gazette_docx": lambda spec, path: render_docx(spec, path, red=False, gazette=True),
    "red_pdf": render_pdf,
    "plain_pdf": lambda spec, path: render_pdf(spec, path, red=False),
    "portal": render_portal,
    "txt_gb18030_crlf": render_txt("gb18030", "\r\n"),
    "txt_gbk_cr": render_txt("gbk", "\r"),
    "txt_utf8": render_txt("utf-8", "\n"),
    "ofd": render_ofd,
}

if __name__ == "__main__":
    main()
