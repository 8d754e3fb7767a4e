"""Outbound HTTP for webhook deliveries, refusing requests that would turn the server against its
own network.

A subscription URL is typed by an administrator, but the worker that POSTs to it sits next to the
database, the cloud metadata service and the county intranet. So a URL must be https (http only
when allowed), carry no credentials, and resolve only to global addresses unless an administrator
allowed the network. The request then goes to the very address that was checked: resolving again
at connect time would let a DNS answer that changes in between (rebinding) pick another target.
No redirects are followed and no proxy is used, since either would send the request somewhere
that was never checked.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# A NAT64 gateway forwards these to the IPv4 address in the last 32 bits, wherever that is.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class OutboundRefused(Exception):
    """The request was not sent; `reason` is shown to administrators as is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_url(url: str, *, allow_http: bool | None = None) -> None:
    """Scheme and form only, without DNS, so it can run whenever an administrator saves a URL.
    `allow_http`: None reads DISCLOSURE_WEBHOOK_ALLOW_HTTP (webhooks); the link checker passes True."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number or out of range)
    except ValueError:
        raise OutboundRefused(_("接收地址格式不正确。")) from None
    scheme = parts.scheme.lower()
    if allow_http is None:
        allow_http = getattr(settings, "DISCLOSURE_WEBHOOK_ALLOW_HTTP", False)
    if scheme == "http":
        if not allow_http:
            raise OutboundRefused(_("接收地址必须以 https:// 开头；本系统不允许以明文 http 推送。"))
    elif scheme != "https":
        raise OutboundRefused(_("接收地址只能使用 https://（允许时也可使用 http://）。"))
    if "@" in parts.netloc:
        # Credentials in a URL end up in logs and admin pages; receivers verify the signature instead.
        raise OutboundRefused(_("接收地址不能包含用户名或密码，接收方请用签名密钥验证来源。"))
    if not parts.hostname:
        raise OutboundRefused(_("接收地址缺少主机名。"))


def allowed_networks(setting: str = "DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS") -> list[IPNetwork]:
    networks = []
    for cidr in getattr(settings, setting, []):
        try:
            networks.append(ipaddress.ip_network(str(cidr).strip(), strict=False))
        except ValueError:
            # A typo must neither open nor silently close everything: each delivery records it instead.
            raise OutboundRefused(_("设置 %(setting)s 中的网段无效：%(cidr)s。")
                                  % {"setting": setting, "cidr": cidr}) from None
    return networks


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if address.version != 6:
        return None
    if address.sixtofour:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_allowed(address: IPAddress, networks: list[IPNetwork]) -> bool:
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped  # the kernel connects to the IPv4 address, so judge that one
    if any(address in network for network in networks):
        return True
    # is_global alone lets multicast through, hence the explicit list.
    if (not address.is_global or address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified
            or getattr(address, "is_site_local", False)):
        return False
    inner = _embedded_ipv4(address)
    return inner is None or address_allowed(inner, networks)


def resolve_allowed(host: str, port: int, networks: list[IPNetwork] | None = None) -> list[IPAddress]:
    """Every address `host` resolves to, or OutboundRefused if any one of them is not allowed: a
    name with one public and one internal address must not be usable to reach the internal one.
    A name that does not resolve raises socket.gaierror (an OSError), like any network failure."""
    networks = allowed_networks() if networks is None else networks
    addresses: list[IPAddress] = []
    for family, _type, _proto, _name, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(sockaddr[0])
        if not address_allowed(address, networks):
            raise OutboundRefused(_("接收地址 %(host)s 指向内部或保留地址 %(address)s，已拒绝推送；"
                                    "如确需推送到内网，请由管理员在 DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS 中放行该网段。")
                                  % {"host": host, "address": address})
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OutboundRefused(_("接收地址 %(host)s 没有可用的 IP 地址。") % {"host": host})
    return addresses


def _ascii_host(hostname: str) -> str:
    try:
        return hostname.encode("idna").decode("ascii")  # 中文域名 for DNS, SNI and the Host header
    except UnicodeError:
        raise OutboundRefused(_("接收地址的主机名无效。")) from None


def _connect(addresses: list[IPAddress], port: int, timeout: float) -> socket.socket:
    # Sockets are made by hand rather than with create_connection so nothing is looked up again.
    error: OSError | None = None
    for address in addresses:
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        sock = socket.socket(socket.AF_INET6 if address.version == 6 else socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect((str(address), port))
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError("no address to connect to")


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST `body` to `url` and return the HTTP status (a 3xx is returned, not followed).
    Raises OutboundRefused before anything is sent, or OSError / http.client.HTTPException."""
    return request("POST", url, body=body, headers=headers, timeout=timeout)


def request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float, allow_http: bool | None = None, networks: list[IPNetwork] | None = None) -> int:
    """One request to the checked address of `url`, returning the status (redirects not followed).
    `allow_http` and `networks` default to the webhook settings; the inspection's link checker
    passes its own, so a link in a published text cannot make the server probe its own network."""
    check_url(url, allow_http=allow_http)
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    host = _ascii_host(parts.hostname)
    port = parts.port or (443 if https else 80)
    addresses = resolve_allowed(host, port, networks)

    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    sock = _connect(addresses, port, timeout)
    try:
        if https:
            # Verify the certificate against the name in the URL, not the IP we connected to.
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection.sock = sock  # already connected to the checked address: http.client never resolves
        host_header = f"[{host}]" if ":" in host else host
        if port != (443 if https else 80):
            host_header += f":{port}"
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers={**(headers or {}), "Host": host_header})
        # The status line decides; the body is not read, so a receiver that answers 2xx and then
        # stalls (or streams without end) cannot turn a delivery into a timeout and a resend.
        return connection.getresponse().status
    finally:
        connection.close()
        sock.close()
