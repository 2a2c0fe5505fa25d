"""The suite's network guard works, so every other test proves Spotter stays offline."""

from __future__ import annotations

import socket
import urllib.request

import pytest


def test_creating_a_socket_fails_the_test() -> None:
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_a_url_fetch_fails_the_test() -> None:
    with pytest.raises(AssertionError, match="network access attempted"):
        urllib.request.urlopen("http://example.org", timeout=1)


def test_name_lookups_fail_the_test() -> None:
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.getaddrinfo("example.org", 80)
