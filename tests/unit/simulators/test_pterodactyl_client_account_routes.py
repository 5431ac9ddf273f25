# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Pterodactyl simulator's account routes: e-mail, password, client API keys, SSH keys, and the
activity logs (account and server), with the panel's rules and answers (reference sections 8.2, 8.4)."""
from __future__ import annotations

import base64
import hashlib

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from tests.simulators.pterodactyl import DEFAULT_ADMIN_PASSWORD, DEFAULT_APP_KEY, DEFAULT_CLIENT_KEY
from tests.unit.simulators.pterodactyl_support import Api, fixture_sim  # noqa: F401 pylint: disable=unused-import

CLIENT = "/api/client"


@pytest.fixture(name="client")
def fixture_client(sim):
    sim.reset()
    return Api(sim.url, DEFAULT_CLIENT_KEY)


def errors(response):
    return [(e["meta"]["source_field"], e["meta"]["rule"], e["detail"]) for e in response.json()["errors"]]


def openssh(key) -> str:
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def fingerprint_of(line: str) -> str:
    """OpenSSH's ``SHA256:`` fingerprint without the prefix (what ``ssh-keygen -l`` prints)."""
    digest = hashlib.sha256(base64.b64decode(line.split()[1])).digest()
    return base64.b64encode(digest).decode().rstrip("=")


# ---------------------------------------------------------------------- e-mail and password

def test_email_change_checks_the_password_first_then_the_rules(sim, client):
    sim.add_user("bob", email="bob@example.test")
    wrong = client.put("/account/email", json={"email": "not an e-mail", "password": "nope"})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0] == {"code": "InvalidPasswordProvidedException", "status": "400",
                                         "detail": "The password provided was invalid for this account."}
    taken = client.put("/account/email", json={"email": "BOB@example.test", "password": DEFAULT_ADMIN_PASSWORD})
    assert taken.status_code == 422 and errors(taken) == [("email", "unique", "The email has already been taken.")]
    bad = client.put("/account/email", json={"email": "x", "password": DEFAULT_ADMIN_PASSWORD})
    assert errors(bad) == [("email", "email", "The email must be a valid email address.")]
    # one's own address is not "taken"; an unchanged address is not logged
    assert client.put("/account/email", json={"email": "admin@example.test",
                                              "password": DEFAULT_ADMIN_PASSWORD}).status_code == 204
    assert client.put("/account/email", json={"email": " root@example.test ",
                                              "password": DEFAULT_ADMIN_PASSWORD}).status_code == 204
    assert sim.state.users[1]["email"] == "root@example.test"
    events = client.get("/account/activity").json()["data"]
    assert [(e["attributes"]["event"], e["attributes"]["properties"]) for e in events] == [
        ("user:account.email-changed", {"old": "admin@example.test", "new": "root@example.test"})]
    assert events[0]["attributes"]["has_additional_metadata"] is False  # both are named in the event's text


def test_password_change(sim, client):
    wrong = client.put("/account/password", json={"current_password": "nope", "password": "x",
                                                  "password_confirmation": "y"})
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["code"] == "InvalidPasswordProvidedException"
    short = client.put("/account/password", json={"current_password": DEFAULT_ADMIN_PASSWORD, "password": "short",
                                                  "password_confirmation": "other"})
    assert errors(short) == [("password", "confirmed", "The password confirmation does not match."),
                             ("password", "min", "The password must be at least 8 characters.")]
    ok = client.put("/account/password", json={"current_password": DEFAULT_ADMIN_PASSWORD,
                                               "password": " spaced out ", "password_confirmation": " spaced out "})
    assert ok.status_code == 204 and ok.content == b""
    # passwords are never trimmed; the API key keeps working
    again = {"current_password": " spaced out ", "password": "another-one", "password_confirmation": "another-one"}
    assert client.put("/account/password", json=again).status_code == 204
    assert [e["attributes"]["event"] for e in client.get("/account/activity").json()["data"]] == [
        "user:account.password-changed", "user:account.password-changed"]


# ---------------------------------------------------------------------- client API keys

def test_api_keys_create_use_list_delete(sim, client):
    listed = client.get("/account/api-keys").json()
    assert [k["attributes"]["identifier"] for k in listed["data"]] == [DEFAULT_CLIENT_KEY[:16]]
    assert "meta" not in listed  # not paginated
    made = client.post("/account/api-keys", json={"description": "ci runner", "allowed_ips": ["127.0.0.1", "10.0.0.0/8"]})
    assert made.status_code == 200, made.text
    body = made.json()
    attributes = body["attributes"]
    assert body["object"] == "api_key" and set(attributes) == {
        "identifier", "description", "allowed_ips", "last_used_at", "created_at"}
    assert attributes["identifier"].startswith("ptlc_") and len(attributes["identifier"]) == 16
    assert len(body["meta"]["secret_token"]) == 32 and attributes["last_used_at"] is None
    assert attributes["allowed_ips"] == ["127.0.0.1", "10.0.0.0/8"] and attributes["description"] == "ci runner"
    new = Api(sim.url, attributes["identifier"] + body["meta"]["secret_token"])
    assert new.get("/account").json()["attributes"]["username"] == "admin"
    used = [k for k in client.get("/account/api-keys").json()["data"]
            if k["attributes"]["identifier"] == attributes["identifier"]][0]
    assert used["attributes"]["last_used_at"] is not None
    # application keys are not account keys: not listed, not deletable here
    assert DEFAULT_APP_KEY[:16] not in [k["attributes"]["identifier"] for k in client.get("/account/api-keys").json()["data"]]
    assert client.delete("/account/api-keys/" + DEFAULT_APP_KEY[:16]).status_code == 404
    assert client.delete("/account/api-keys/" + attributes["identifier"]).status_code == 204
    assert new.get("/account").status_code == 401
    assert client.delete("/account/api-keys/" + attributes["identifier"]).status_code == 404
    assert [e["attributes"]["event"] for e in client.get("/account/activity").json()["data"]] == [
        "user:api-key.create", "user:api-key.delete"]


def test_api_key_rules(sim, client):
    missing = client.post("/account/api-keys", json={})
    assert errors(missing) == [("description", "required", "The description field is required.")]
    ips = client.post("/account/api-keys", json={"description": "x", "allowed_ips": [
        "192.168.1.1", "not-an-ip", "10.0.*.*", "10.0.0.1-10.0.0.9", "::1", "999.1.1.1", 7]})
    assert errors(ips) == [
        ("allowed_ips.6", "string", "The allowed ips.6 must be a string."),
        ("allowed_ips.1", None, '"not-an-ip" is not a valid IP address or CIDR range.'),
        ("allowed_ips.5", None, '"999.1.1.1" is not a valid IP address or CIDR range.'),
        ("allowed_ips.6", None, '"7" is not a valid IP address or CIDR range.'),
    ]
    too_many = client.post("/account/api-keys", json={"description": "x", "allowed_ips": ["10.0.0.1"] * 51})
    assert errors(too_many) == [("allowed_ips", "max", "The allowed ips may not have more than 50 items.")]
    # a bad prefix length is rethrown by the panel (IPTools' own exception): a 500
    assert client.post("/account/api-keys", json={"description": "x", "allowed_ips": ["10.0.0.0/99"]}).status_code == 500
    for number in range(24):  # 25 keys with the default one
        assert client.post("/account/api-keys", json={"description": "k%d" % number}).status_code == 200
    over = client.post("/account/api-keys", json={"description": "one more"})
    assert over.status_code == 400
    assert over.json()["errors"][0] == {"code": "DisplayException", "status": "400",
                                        "detail": "You have reached the account limit for number of API keys."}


# ---------------------------------------------------------------------- SSH keys

def test_ssh_keys_store_list_remove(sim, client):
    line = openssh(ed25519.Ed25519PrivateKey.generate().public_key()) + " me@laptop"
    made = client.post("/account/ssh-keys", json={"name": "laptop", "public_key": line})
    assert made.status_code == 200, made.text
    attributes = made.json()["attributes"]
    assert made.json()["object"] == "ssh_key" and set(attributes) == {"name", "fingerprint", "public_key", "created_at"}
    assert attributes["fingerprint"] == fingerprint_of(line) and len(attributes["fingerprint"]) == 43
    pem = attributes["public_key"]
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\r\n") and pem.endswith("\r\n-----END PUBLIC KEY-----")
    loaded = serialization.load_pem_public_key(pem.encode())
    assert openssh(loaded) == " ".join(line.split()[:2])  # the same key, stored as PKCS#8
    again = client.post("/account/ssh-keys", json={"name": "again", "public_key": line})
    assert errors(again) == [("public_key", None, "The public key provided already exists on your account.")]
    assert [k["attributes"]["name"] for k in client.get("/account/ssh-keys").json()["data"]] == ["laptop"]
    assert client.post("/account/ssh-keys/remove", json={}).status_code == 422
    assert client.post("/account/ssh-keys/remove", json={"fingerprint": "nothing-like-it"}).status_code == 204
    assert client.post("/account/ssh-keys/remove", json={"fingerprint": attributes["fingerprint"]}).status_code == 204
    assert client.get("/account/ssh-keys").json()["data"] == []
    # removed keys are soft-deleted: the same key may be added again
    assert client.post("/account/ssh-keys", json={"name": "laptop", "public_key": line}).status_code == 200
    events = [e["attributes"] for e in client.get("/account/activity").json()["data"]]
    assert [e["event"] for e in events] == ["user:ssh-key.create", "user:ssh-key.delete", "user:ssh-key.create"]
    assert events[0]["properties"] == {"fingerprint": attributes["fingerprint"]}


def test_ssh_key_rules(sim, client):
    short_rsa = openssh(rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key())
    assert errors(client.post("/account/ssh-keys", json={"name": "old", "public_key": short_rsa})) == [
        ("public_key", None, "RSA keys must be at least 2048 bytes in length.")]
    dsa = "ssh-dss " + base64.b64encode(b"\x00\x00\x00\x07ssh-dss" + b"\x00" * 40).decode() + " legacy"
    assert errors(client.post("/account/ssh-keys", json={"name": "dsa", "public_key": dsa})) == [
        ("public_key", None, "DSA keys are not supported.")]
    # the key is checked even when the rules fail, as the form request's after() hook
    assert errors(client.post("/account/ssh-keys", json={"public_key": "garbage"})) == [
        ("name", "required", "The name field is required."),
        ("public_key", None, "The public key provided is not valid.")]
    ecdsa_pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert client.post("/account/ssh-keys", json={"name": "pem", "public_key": ecdsa_pem}).status_code == 200
    long_rsa = openssh(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())
    assert client.post("/account/ssh-keys", json={"name": "rsa", "public_key": long_rsa}).status_code == 200


# ---------------------------------------------------------------------- activity

def make_server(sim):
    app = requests.Session()
    app.headers.update({"Authorization": "Bearer " + DEFAULT_APP_KEY, "Accept": "application/json"})
    body = {"name": "survival", "user": 1, "egg": 1, "docker_image": "ghcr.io/pterodactyl/yolks:java_21",
            "startup": "java -jar {{SERVER_JARFILE}}",
            "environment": {"MINECRAFT_VERSION": "1.20.4", "SERVER_JARFILE": "server.jar", "BUILD_NUMBER": "latest"},
            "limits": {"memory": 1024, "swap": 0, "disk": 2048, "io": 500, "cpu": 100},
            "feature_limits": {"databases": 1, "backups": 2}, "allocation": {"default": 1}}
    response = app.post(sim.url + "/api/application/servers", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["attributes"]


def test_server_activity_shape_filters_and_subjects(sim, client):
    server = make_server(sim)
    ref = "/servers/" + server["identifier"]
    bob = sim.add_user("bob", email="bob@example.test")
    as_bob = Api(sim.url, sim.add_client_key(user_id=bob["id"]))
    assert client.post(ref + "/users", json={"email": "bob@example.test", "permissions": ["control.start"]}).status_code == 200
    assert client.post(ref + "/power", json={"signal": "start"}).status_code == 204
    assert client.post(ref + "/files/delete", json={"root": "/", "files": ["a", "b"]}).status_code == 204
    assert client.post(ref + "/files/create-folder", json={"name": "cfg"}).status_code == 204
    listed = client.get(ref + "/activity?include=actor")
    assert listed.status_code == 200
    body = listed.json()
    assert body["meta"]["pagination"]["per_page"] == 25 and body["meta"]["pagination"]["total"] == 4
    first = body["data"][0]
    assert first["object"] == "activity_log" and set(first["attributes"]) == {
        "id", "batch", "event", "is_api", "ip", "description", "properties", "has_additional_metadata", "timestamp",
        "relationships"}
    assert first["attributes"]["id"] == hashlib.sha1(b"1").hexdigest()
    assert first["attributes"]["is_api"] is True and first["attributes"]["ip"] == "127.0.0.1"
    assert first["attributes"]["relationships"]["actor"]["object"] == "user"
    assert first["attributes"]["relationships"]["actor"]["attributes"]["username"] == "admin"
    attributes = [e["attributes"] for e in body["data"]]
    assert [a["event"] for a in attributes] == ["server:subuser.create", "server:power.start", "server:file.delete",
                                                "server:file.create-directory"]
    # one array property: its count is "count"; a null directory is shown as "/"
    assert attributes[0]["properties"] == {"email": "bob@example.test", "permissions": ["control.start",
                                                                                        "websocket.connect"], "count": 2}
    assert attributes[2]["properties"] == {"directory": "/", "files": ["a", "b"], "count": 2}
    assert attributes[2]["has_additional_metadata"] is True and attributes[3]["has_additional_metadata"] is False
    assert attributes[3]["properties"] == {"name": "cfg", "directory": "/"}
    newest = client.get(ref + "/activity?sort=-timestamp&filter[event]=FILE").json()["data"]
    assert [e["attributes"]["event"] for e in newest] == ["server:file.delete", "server:file.create-directory"]
    assert client.get(ref + "/activity?filter[nope]=x").json()["errors"][0]["code"] == "InvalidFilterQuery"
    assert client.get(ref + "/activity?sort=id").json()["errors"][0]["code"] == "InvalidSortQuery"
    paged = client.get(ref + "/activity?per_page=1&page=2&filter[event]=server").json()["meta"]["pagination"]
    assert paged["links"]["next"].endswith("per_page=1&filter%5Bevent%5D=server&page=3")
    # bob is a subject of the subuser event (it shows in his account's activity, with the admin's IP hidden)
    mine = as_bob.get("/account/activity").json()["data"]
    assert [e["attributes"]["event"] for e in mine] == ["server:subuser.create"] and mine[0]["attributes"]["ip"] is None
    # without activity.read: 403
    denied = as_bob.get(ref + "/activity")
    assert denied.status_code == 403 and denied.json()["errors"][0]["detail"] == "This action is unauthorized."
    sim.hide_admin_activity = True
    try:
        assert client.get(ref + "/activity").json()["meta"]["pagination"]["total"] == 4  # the admin owns it
        stranger = sim.add_user("root2", root_admin=True)
        as_root = Api(sim.url, sim.add_client_key(user_id=stranger["id"]))
        assert as_root.post(ref + "/power", json={"signal": "stop"}).status_code == 204
        assert [e["attributes"]["event"] for e in client.get(ref + "/activity").json()["data"]][-1] != "server:power.stop"
    finally:
        sim.hide_admin_activity = False
    assert [e["attributes"]["event"] for e in client.get(ref + "/activity").json()["data"]][-1] == "server:power.stop"
