"""An office's seal image (印章): uploaded in the admin, checked, served only to staff."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Office
from accounts.seals import SEAL_MAX_BYTES
from dispatch.demo_data import specimen_seal_svg

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)
SVG = specimen_seal_svg("宜昌市西陵区人力资源和社会保障局")


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    return client


def office_form(office: Office, seal) -> dict:
    """The admin's change form of `office` as a browser posts it, with `seal` as the file."""
    fields = ("name", "code", "level", "phone", "address", "area_keywords")
    data = {field: getattr(office, field) for field in fields}
    data |= {"acting_body": "宜昌市西陵区人力资源和社会保障局", "review_body": "", "court": ""}
    data |= {"parent": office.parent_id or "", "document_prefix": "", "seal": seal}
    return data


def upload(admin_client, office, seal, language="en"):
    url = reverse("admin:accounts_office_change", args=[office.pk])
    return admin_client.post(url, office_form(office, seal), HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(
    ("name", "content"), [("seal.svg", SVG), ("SEAL.PNG", PNG)], ids=["svg", "png"]
)
def test_an_administrator_uploads_a_seal(admin_client, district, name, content):
    response = upload(admin_client, district, SimpleUploadedFile(name, content))

    assert response.status_code == 302
    district.refresh_from_db()
    assert district.seal.name.endswith(name.lower()[-4:])
    assert name not in district.seal.name  # stored under a random name
    with district.seal.open("rb") as stored:
        assert stored.read() == content
    page = admin_client.get(reverse("admin:accounts_office_change", args=[district.pk]))
    assert district.seal.url in page.content.decode()  # the admin links the served image


@pytest.mark.parametrize(
    ("language", "name", "content", "error"),
    [
        ("en", "seal.exe", b"MZ\x90\x00", "File extension “exe” is not allowed."),
        ("zh-hans", "seal.exe", b"MZ\x90\x00", "文件扩展“exe”是不被允许。允许的扩展为：png, svg。"),
        (
            "en",
            "seal.png",
            PNG + bytes(SEAL_MAX_BYTES),
            "The seal image is 512.1 KB; it may be at most 512.0 KB.",
        ),
        (
            "zh-hans",
            "seal.png",
            PNG + bytes(SEAL_MAX_BYTES),
            "印章图片大小为512.1 KB，不得超过512.0 KB。",
        ),
        ("en", "seal.png", SVG, "This file is not a PNG image"),
        ("en", "seal.svg", b'<svg onload="alert(1)"></svg>', "without scripts, event attributes"),
        ("en", "seal.svg", b'<svg><image href="http://x/y.png"/></svg>', "links to other files"),
        ("zh-hans", "seal.svg", b"<svg><script>alert(1)</script></svg>", "不得包含脚本"),
    ],
    ids=["exe", "exe-zh", "too-large", "too-large-zh", "png-named", "event", "link", "script-zh"],
)
def test_the_admin_refuses_what_is_not_a_small_png_or_svg_with_a_clear_error(
    admin_client, district, language, name, content, error
):
    response = upload(admin_client, district, SimpleUploadedFile(name, content), language)

    assert response.status_code == 200  # the form again, with the error at the field
    assert error in response.content.decode().replace("\xa0", " ")
    district.refresh_from_db()
    assert not district.seal


# --- Serving the image --------------------------------------------------------------------


@pytest.fixture
def sealed(district):
    district.seal.save("seal.svg", ContentFile(SVG))
    return district


def seal_url(office) -> str:
    return reverse("accounts:office_seal", args=[office.seal.name])


def test_anonymous_visitors_get_no_seal(client, sealed):
    response = client.get(seal_url(sealed))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_platform_account_gets_no_seal(client, user_factory, sealed):
    client.force_login(user_factory("platform", sealed, platform_channel="platform"))

    assert client.get(seal_url(sealed)).status_code == 403


def test_staff_get_the_svg_as_an_image_that_can_run_nothing(client, east_window, sealed):
    client.force_login(east_window)  # any office's staff print documents of cases they see

    response = client.get(seal_url(sealed))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script" not in policy
    assert b"".join(response.streaming_content) == SVG


def test_a_png_seal_is_served_as_png(client, window, district):
    district.seal.save("seal.png", ContentFile(PNG))
    client.force_login(window)

    response = client.get(seal_url(district))

    assert response["Content-Type"] == "image/png"


def test_an_unknown_name_or_a_lost_file_is_404(client, window, sealed):
    client.force_login(window)
    assert client.get(reverse("accounts:office_seal", args=["nothing.svg"])).status_code == 404

    sealed.seal.storage.delete(sealed.seal.name)
    assert client.get(seal_url(sealed)).status_code == 404
