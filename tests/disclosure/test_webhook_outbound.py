"""Webhook deliveries cannot be aimed at the server's own network: internal addresses, redirects,
proxies, plain http and credentials in the URL are refused, and the admin says so when the URL is
entered. The receivers are real servers on 127.0.0.1, refused here unless a test allows them."""

import shutil
import socket
import ssl
import subprocess
from datetime import timedelta
from ipaddress import ip_address

import pytest
from django.core.exceptions import ValidationError

from backend.disclosure import outbound, services, webhooks
from backend.disclosure.models import Delivery, WebhookSubscription
from tests.disclosure.conftest import SOON, Receiver

T0 = SOON
REFUSED_ADDRESS = "指向内部或保留地址"
HEADERS = {"Content-Type": "application/json; charset=utf-8"}


@pytest.fixture
def production(settings):
    """The settings a production install starts with (conftest allows the local receivers)."""
    settings.DISCLOSURE_WEBHOOK_ALLOW_HTTP = False
    settings.DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = []
    return settings


@pytest.fixture
def resolver(monkeypatch):
    """Names in `names` answer with its addresses (or with what its function returns, lookup by
    lookup), as a DNS server would; every lookup is recorded."""
    real = socket.getaddrinfo
    names: dict = {}
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if host not in names:
            return real(host, port, *args, **kwargs)
        answers = names[host]() if callable(names[host]) else names[host]
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in answers]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names, lookups


# -- deliveries --------------------------------------------------------------------------------


def test_a_loopback_receiver_is_refused_and_dead_lettered_like_any_failure(decide, relay, receiver, production,
                                                                           staff):
    production.DISCLOSURE_WEBHOOK_ALLOW_HTTP = True  # so that the address, not the scheme, is what is refused
    production.DISCLOSURE_WEBHOOK_MAX_ATTEMPTS = 2
    production.DISCLOSURE_WEBHOOK_BACKOFF_SECONDS = 30
    WebhookSubscription.objects.create(name="本机", url=receiver.url, secret="s", scope="result")
    decide()
    relay(at=T0)
    assert webhooks.deliveries_due(now=T0) == {"attempted": 1, "delivered": 0, "dead": 0}
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert delivery.next_attempt_at == T0 + timedelta(seconds=30)
    assert REFUSED_ADDRESS in delivery.last_error and "127.0.0.1" in delivery.last_error
    assert "DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS" in delivery.last_error
    assert webhooks.deliveries_due(now=T0 + timedelta(minutes=1))["dead"] == 1
    assert receiver.requests == []

    # The remedy for an intranet receiver: allow its network, then replay.
    production.DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    services.delivery_replay(delivery=Delivery.objects.get(), actor=staff["approver"], now=T0 + timedelta(hours=1))
    webhooks.deliveries_due(now=T0 + timedelta(hours=1))
    assert Delivery.objects.get().status == "delivered" and len(receiver.requests) == 1


def test_plain_http_is_refused_at_delivery_when_not_allowed(decide, relay, receiver, production):
    production.DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    WebhookSubscription.objects.create(name="明文", url=receiver.url, secret="s", scope="result")
    decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.last_status_code is None
    assert "https://" in delivery.last_error
    assert receiver.requests == []


def test_a_redirect_is_not_followed(decide, relay, receiver, db):
    elsewhere = Receiver()
    try:
        receiver.statuses = [302]
        receiver.headers = {"Location": elsewhere.url}
        WebhookSubscription.objects.create(name="跳转", url=receiver.url, secret="s", scope="result")
        decide()
        relay(at=T0)
        webhooks.deliveries_due(now=T0)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.last_status_code, delivery.last_error) == ("pending", 302, "HTTP 302")
        assert [r["method"] for r in receiver.requests] == ["POST"]
        assert elsewhere.requests == []
    finally:
        elsewhere.close()


def test_proxy_variables_are_ignored(receiver, monkeypatch, db):
    proxy = Receiver()
    try:
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        assert outbound.post(receiver.url, b"{}", HEADERS, 5) == 200
        assert proxy.requests == [] and len(receiver.requests) == 1
    finally:
        proxy.close()


def test_headers_and_body_arrive_unchanged(decide, relay, receiver, db):
    """Through outbound.post the receiver still gets every header it verifies."""
    WebhookSubscription.objects.create(name="平台", url=receiver.url + "?channel=gov", secret="s3cret", scope="result")
    decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    [request] = receiver.requests
    delivery = Delivery.objects.get()
    headers = request["headers"]
    assert webhooks.signature_valid("s3cret", request["body"], headers["X-Tongban-Signature"])
    assert headers["X-Tongban-Event"] == str(delivery.event.uuid)
    assert headers["X-Tongban-Delivery"] == str(delivery.pk)
    assert headers["X-Tongban-Timestamp"] == str(int(T0.timestamp()))
    assert headers["Host"] == f"127.0.0.1:{receiver.port}"
    assert request["body"] == delivery.body.encode()


# -- connecting to the checked address ---------------------------------------------------------


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to(receiver, resolver, db):
    names, lookups = resolver
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    names["hook.county.test"] = lambda: next(answers)  # a rebinding DNS: harmless first, then the metadata service
    status = outbound.post(f"http://hook.county.test:{receiver.port}/hook", b"{}", HEADERS, 5)
    assert status == 200 and lookups == ["hook.county.test"]
    [request] = receiver.requests
    assert request["headers"]["Host"] == f"hook.county.test:{receiver.port}"


def test_a_name_with_one_internal_address_among_public_ones_is_refused(receiver, resolver, db):
    names, _ = resolver
    names["mixed.county.test"] = ["1.1.1.1", "10.0.0.5"]
    with pytest.raises(outbound.OutboundRefused, match="10.0.0.5"):
        outbound.post(f"http://mixed.county.test:{receiver.port}/hook", b"{}", HEADERS, 5)
    assert receiver.requests == []


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def certificates(tmp_path, monkeypatch):
    """A private CA, trusted through SSL_CERT_FILE, and a certificate for hook.county.test from it."""
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
             cwd=tmp_path)
    _openssl("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=hook.county.test", cwd=tmp_path)
    (tmp_path / "leaf.ext").write_text("subjectAltName=DNS:hook.county.test\nextendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext", cwd=tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "leaf.key")
    return context


def test_https_verifies_the_certificate_against_the_name_in_the_url(certificates, resolver, db):
    names, _ = resolver
    names["hook.county.test"] = ["127.0.0.1"]
    names["other.county.test"] = ["127.0.0.1"]
    server = Receiver(tls=certificates)
    try:
        assert outbound.post(f"https://hook.county.test:{server.port}/hook", b"{}", HEADERS, 5) == 200
        assert server.requests[0]["headers"]["Host"] == f"hook.county.test:{server.port}"
        # Same address, but the certificate is not for this name.
        with pytest.raises(ssl.SSLCertVerificationError):
            outbound.post(f"https://other.county.test:{server.port}/hook", b"{}", HEADERS, 5)
        assert len(server.requests) == 1
    finally:
        server.close()


# -- check_url and resolve_allowed -------------------------------------------------------------


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://hook.example.cn/events", "只能使用 https://"),
    ("file:///etc/passwd", "只能使用 https://"),
    ("gopher://hook.example.cn/", "只能使用 https://"),
    ("http://hook.example.cn/events", "必须以 https:// 开头"),
    ("https://user:pass@hook.example.cn/events", "不能包含用户名或密码"),
    ("https://token@hook.example.cn/events", "不能包含用户名或密码"),
    ("https:///events", "缺少主机名"),
    ("https://hook.example.cn:99999/events", "格式不正确"),
])
def test_check_url_refuses_with_a_reason(production, url, reason):
    with pytest.raises(outbound.OutboundRefused) as refused:
        outbound.check_url(url)
    assert reason in refused.value.reason


def test_check_url_accepts_https_and_http_only_when_allowed(production):
    outbound.check_url("https://hook.example.cn/events")
    outbound.check_url("HTTPS://政务.example.cn:8443/events?x=1")
    production.DISCLOSURE_WEBHOOK_ALLOW_HTTP = True
    outbound.check_url("http://hook.example.cn/events")
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_url("http://user:pass@hook.example.cn/events")


INTERNAL = [
    "169.254.169.254",   # cloud metadata (AWS, Tencent Cloud…)
    "100.100.100.200",   # Alibaba Cloud metadata, inside 100.64.0.0/10
    "127.0.0.1", "::1", "0.0.0.0", "::",
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "fc00::1", "fe80::1",
    "224.0.0.1", "ff02::1", "240.0.0.1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",   # NAT64 of 169.254.169.254
    "2002:a01:203::1",       # 6to4 of 10.1.2.3
    "fec0::1",               # deprecated site-local, still routed inside some networks
]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_refused(production, address):
    with pytest.raises(outbound.OutboundRefused, match=REFUSED_ADDRESS):
        outbound.resolve_allowed(address, 443)


def test_an_allowed_network_lets_its_addresses_through_and_nothing_else(production):
    production.DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert outbound.resolve_allowed("10.1.2.3", 443) == [ip_address("10.1.2.3")]
    assert outbound.resolve_allowed("::ffff:10.1.2.3", 443) == [ip_address("::ffff:10.1.2.3")]
    for address in ("169.254.169.254", "::1", "192.168.1.1", "127.0.0.1"):
        with pytest.raises(outbound.OutboundRefused):
            outbound.resolve_allowed(address, 443)


def test_public_addresses_pass(production):
    assert outbound.resolve_allowed("1.1.1.1", 443) == [ip_address("1.1.1.1")]
    assert outbound.resolve_allowed("2400:3200::1", 443) == [ip_address("2400:3200::1")]


def test_localhost_by_name_is_refused(production):
    with pytest.raises(outbound.OutboundRefused, match=REFUSED_ADDRESS):
        outbound.resolve_allowed("localhost", 443)


def test_a_malformed_allowed_network_is_reported_not_ignored(production):
    production.DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8", "intranet"]
    with pytest.raises(outbound.OutboundRefused, match="intranet"):
        outbound.resolve_allowed("10.1.2.3", 443)


# -- where administrators enter the URL --------------------------------------------------------


def test_the_model_rejects_an_ftp_url_on_the_url_field(production, db):
    subscription = WebhookSubscription(name="文件服务器", url="ftp://hook.example.cn/events", secret="s")
    with pytest.raises(ValidationError) as invalid:
        subscription.full_clean()
    assert list(invalid.value.message_dict) == ["url"]
    assert "只能使用 https://" in invalid.value.message_dict["url"][0]
    WebhookSubscription(name="平台", url="https://hook.example.cn/events", secret="s").full_clean()


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://hook.example.cn/events", "只能使用 https://"),
    ("https://user:pass@hook.example.cn/events", "不能包含用户名或密码"),
    ("http://hook.example.cn/events", "必须以 https:// 开头"),
])
def test_the_admin_shows_the_reason_on_the_url_field(admin_client, production, url, reason):
    data = {"name": "市政务公开平台", "url": url, "secret": "s3cret", "scope": "all", "channel": "webhook",
            "is_active": "on"}
    response = admin_client.post("/admin/disclosure/webhooksubscription/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["url"] and reason in errors["url"][0]
    assert reason in response.content.decode()
    assert not WebhookSubscription.objects.exists()

    data["url"] = "https://hook.example.cn/events"
    assert admin_client.post("/admin/disclosure/webhooksubscription/add/", data).status_code == 302
    assert WebhookSubscription.objects.get().url == data["url"]


def test_the_admin_reads_a_url_without_a_scheme_as_https(admin_client, production):
    data = {"name": "市政务公开平台", "url": "hook.example.cn/events", "secret": "s3cret", "scope": "all",
            "channel": "webhook"}
    assert admin_client.post("/admin/disclosure/webhooksubscription/add/", data).status_code == 302
    assert WebhookSubscription.objects.get().url == "https://hook.example.cn/events"
