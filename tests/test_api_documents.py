"""GET /documents, GET /documents/{id} and POST /documents (API key, uploads, idempotence)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote

import pytest
from api_checks import assert_error
from api_support import KEY, Api

TEXT = (
    "哈尔滨新区2021年工作计划\n"
    "全力推进深哈产业合作，加快深圳（哈尔滨）产业园区建设，实现科创总部一期投入使用。\n"
    "重点推动龙江碳谷等14个项目开工。\n"
)


def headers(key: str = KEY) -> dict[str, str]:
    return {"X-API-Key": key}


def test_documents_lists_the_seed_report_with_its_size(served: Api) -> None:
    body = served.get("/documents").json()
    assert [d["id"] for d in body] == [served.doc.id]
    assert body[0]["nodes"] > 0 and body[0]["relationships"] > 0


def test_document_shows_sections_in_reading_order_with_their_entities(served: Api) -> None:
    body = served.client.get(f"/documents/{quote(served.doc.id)}").json()
    assert body["id"] == served.doc.id
    sections = body["sections"]
    expected = [n.id for n in served.doc.nodes if n.label == "Section"]
    assert sorted(s["id"] for s in sections) == sorted(expected)
    starts = {n.id: min((p.start for p in n.provenance), default=0) for n in served.doc.nodes}
    assert [starts[s["id"]] for s in sections] == sorted(starts[s["id"]] for s in sections)
    mentioned = {e["id"] for s in sections for e in s["entities"]}
    assert served.entity_id("科创总部") in mentioned


def test_unknown_document_is_404(served: Api) -> None:
    assert_error(served.client.get("/documents/没有这个文件"), 404, "document_not_found")


def test_upload_without_a_configured_key_is_403(served: Api) -> None:
    error = assert_error(served.client.post("/documents", json={"text": TEXT}, headers=headers()), 403)
    assert error == {"code": "uploads_disabled", "message": "uploads are disabled: set KG_API_KEY"}


@pytest.mark.parametrize("sent", [None, "wrong-key", KEY + "x", ""])
def test_upload_with_a_missing_or_wrong_key_is_401_and_never_echoes_it(
    empty_served: Api, sent: str | None
) -> None:
    before = empty_served.counts()
    response = empty_served.client.post(
        "/documents", json={"text": TEXT}, headers=None if sent is None else headers(sent)
    )
    assert_error(response, 401, "unauthorized")
    assert KEY not in response.text
    assert not sent or sent not in response.text
    assert empty_served.counts() == before


def test_upload_json_loads_the_document_and_again_changes_nothing(empty_served: Api) -> None:
    client = empty_served.client
    response = client.post("/documents", json={"text": TEXT, "document": "深哈-notes"}, headers=headers())
    assert response.status_code == 201, response.text
    summary = response.json()
    assert summary["document"] == "深哈-notes" and summary["nodes_new"]
    assert unquote(response.headers["location"]) == "/documents/深哈-notes"
    after_first = empty_served.counts()
    again = client.post("/documents", json={"text": TEXT, "document": "深哈-notes"}, headers=headers()).json()
    assert again["nodes_new"] == {} and again["nodes_existing"] == summary["nodes_new"]
    assert empty_served.counts() == after_first
    assert [d["id"] for d in client.get("/documents").json()] == ["深哈-notes"]
    assert client.get("/documents/深哈-notes").status_code == 200


def test_upload_without_a_name_is_named_by_its_content(empty_served: Api) -> None:
    first = empty_served.client.post("/documents", json={"text": TEXT}, headers=headers()).json()
    second = empty_served.client.post("/documents", json={"text": TEXT}, headers=headers()).json()
    assert first["document"] == second["document"] and first["document"].startswith("upload-")


def test_upload_a_gb18030_file_by_multipart(empty_served: Api) -> None:
    files = {"file": ("深哈合作.txt", TEXT.encode("gb18030"), "text/plain")}
    response = empty_served.client.post("/documents", files=files, headers=headers())
    assert response.status_code == 201, response.text
    assert response.json()["document"] == "深哈合作"
    search = empty_served.get("/entities", q="深圳（哈尔滨）产业园区").json()
    assert search["total"] >= 1


def test_ten_concurrent_posts_of_one_document_leave_one_copy(empty_served: Api) -> None:
    client = empty_served.client
    client.post("/documents", json={"text": TEXT, "document": "alone"}, headers=headers())
    single = empty_served.counts()
    empty_served.store.delete_document("alone")

    def post(_: int) -> int:
        return client.post(
            "/documents", json={"text": TEXT, "document": "together"}, headers=headers()
        ).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(post, range(10)))
    assert statuses == [201] * 10
    assert [d["id"] for d in client.get("/documents").json()] == ["together"]
    assert empty_served.counts() == single


def test_a_pdf_upload_is_refused_with_the_reason(empty_served: Api) -> None:
    files = {"file": ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf")}
    error = assert_error(empty_served.client.post("/documents", files=files, headers=headers()), 400)
    assert error["code"] == "unreadable_document" and "PDF" in error["message"]
    assert empty_served.get("/documents").json() == []


@pytest.mark.parametrize(
    "body",
    [{}, {"text": ""}, {"text": "   \n"}, {"text": TEXT, "document": "../etc/passwd"}, {"text": 3}],
)
def test_upload_with_a_bad_body_is_422(empty_served: Api, body: dict) -> None:
    assert_error(
        empty_served.client.post("/documents", json=body, headers=headers()), 422, "invalid_parameter"
    )


def test_upload_of_another_media_type_is_415(empty_served: Api) -> None:
    response = empty_served.client.post(
        "/documents", content=TEXT.encode(), headers={**headers(), "Content-Type": "text/plain"}
    )
    assert_error(response, 415, "unsupported_media_type")


def test_upload_larger_than_its_formats_limit_is_413_naming_the_limit(empty_served: Api) -> None:
    from loaders.formats import MAX_BYTES

    big_text = {"file": ("big.txt", b"a" * (MAX_BYTES["text"] + 1), "text/plain")}
    error = assert_error(
        empty_served.client.post("/documents", files=big_text, headers=headers()), 413, "payload_too_large"
    )
    assert "big.txt" in error["message"] and "1 MB" in error["message"]
    # 5 MB is far over the text limit but an HTML page may be that large: it is refused at its own.
    page = b"<html><body><p>" + "龙江碳谷".encode() * (MAX_BYTES["html"] // 12 + 1) + b"</p></body></html>"
    big_page = {"file": ("big.html", page, "text/html")}
    error = assert_error(
        empty_served.client.post("/documents", files=big_page, headers=headers()), 413, "payload_too_large"
    )
    assert "HTML 5 MB" in error["message"]
    assert empty_served.get("/documents").json() == []


def test_uploads_in_every_published_format_are_listed_with_their_metadata(empty_served: Api) -> None:
    from document_builders import seed_docx, seed_html, seed_text_pdf
    from test_reliability_input import SEED

    uploads = {
        "web.html": seed_html(SEED).encode("utf-8"),
        "word.docx": seed_docx(SEED),
        "columns.pdf": seed_text_pdf(SEED, columns=2),
        "plain.txt": SEED.encode("gb18030"),
    }
    for name, data in uploads.items():
        response = empty_served.client.post("/documents", files={"file": (name, data)}, headers=headers())
        assert response.status_code == 201, response.text
    listed = {d["id"]: d for d in empty_served.get("/documents").json()}
    assert sorted(listed) == ["columns", "plain", "web", "word"]
    web, word, pdf, plain = listed["web"], listed["word"], listed["columns"], listed["plain"]
    assert (web["format"], web["date"], web["title"]) == ("html", "2021-01-05", "哈尔滨新区2021年工作报告")
    assert web["source"] == "https://epaper.example.cn/hrbrb/2021-01-05/3.html"
    assert (word["format"], word["source"], word["pages"]) == ("docx", "word.docx", None)
    assert (pdf["format"], pdf["pages"], pdf["source"]) == ("pdf", 5, "columns.pdf")
    assert pdf["title"] == "哈尔滨新区2021年工作报告"
    assert (plain["format"], plain["source"], plain["date"]) == ("text", "plain.txt", None)
    assert "format" not in plain["properties"]  # a text file's Document node is as it always was


def test_a_pdf_uploads_provenance_has_its_page_and_box_and_points_into_the_kept_text(
    empty_served: Api,
) -> None:
    from document_builders import seed_text_pdf
    from test_reliability_input import SEED

    files = {"file": ("columns.pdf", seed_text_pdf(SEED, columns=2))}
    assert empty_served.client.post("/documents", files=files, headers=headers()).status_code == 201
    text = empty_served.store.document_graph("columns").text  # the text as read, kept by the store
    assert "龙江碳谷" in text
    hit = empty_served.store.search("龙江碳谷", "Project").hits[0].node
    entity = empty_served.get(f"/entities/{quote(hit.id, safe='')}").json()
    (provenance,) = [p for p in entity["provenance"] if p["document"] == "columns"]
    assert text[provenance["start"] : provenance["end"]] == "龙江碳谷"
    assert 1 <= provenance["page"] <= 5
    left, top, right, bottom = provenance["box"]
    assert 0 <= left < right <= 595 and 0 <= top < bottom <= 842  # on an A4 page, in points


def test_an_unreadable_upload_is_one_400_and_loads_nothing(empty_served: Api) -> None:
    import io
    import zipfile

    from PIL import Image

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data.csv", "a,b\n")
    frames = [Image.new("L", (64, 64), 255) for _ in range(3)]
    tiff = io.BytesIO()
    frames[0].save(tiff, format="TIFF", save_all=True, append_images=frames[1:])
    for name, data, needle in (
        ("table.docx", archive.getvalue(), "not a Word document"),
        ("scan.tif", tiff.getvalue(), "over 2 pages"),  # refused before a minute of OCR a page
        ("empty.pdf", b"", "empty"),
    ):
        response = empty_served.client.post("/documents", files={"file": (name, data)}, headers=headers())
        error = assert_error(response, 400, "unreadable_document")
        assert name in error["message"] and needle in error["message"], error
    assert empty_served.get("/documents").json() == []
