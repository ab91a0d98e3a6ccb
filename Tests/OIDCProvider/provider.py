"""An OpenID Connect provider for QPI's sign-in tests, built on Authlib's authorization server.

It runs the authorization-code flow with PKCE required (S256), state and nonce, signs ID
tokens with an RSA key it makes at start, and serves discovery and its JWKS. Its login
form takes any user name. For the refusal tests, ``POST /test/mode`` makes the next ID
tokens wrong in one way: expired, for another audience, from another issuer, unsigned,
signed by a stranger's key, with another nonce, or signed by a new key (a rotation).

    python provider.py --client-id qpi --client-secret SECRET [--port 0]

prints ``listening http://127.0.0.1:PORT`` once it serves, and runs until killed.
"""

import os

# Tests run over plain HTTP on 127.0.0.1; Authlib refuses that unless told.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

import argparse
import base64
import json
import secrets
import sys
import time

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from flask import Flask, abort, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

MODES = {"normal", "expired", "wrong_audience", "wrong_issuer", "unsigned", "bad_signature", "wrong_nonce", "rotated_key"}


class Client(ClientMixin):
    def __init__(self, client_id, client_secret):
        self.client_id = client_id
        self.client_secret = client_secret

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in ("openid", "profile", "email"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri.startswith("http://127.0.0.1:") or redirect_uri.startswith("http://localhost:")

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return endpoint != "token" or method == ("client_secret_basic" if self.client_secret else "none")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class AuthorizationCode(AuthorizationCodeMixin):
    def __init__(self, **fields):
        self.__dict__.update(fields)

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time


class Provider:
    """The provider's state: its client, keys, codes and the misbehaviour of the moment."""

    def __init__(self, client):
        self.client = client
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "alg": "RS256", "use": "sig"})
        self.stranger = RSAKey.generate_key(2048, parameters={"kid": "key-1", "alg": "RS256", "use": "sig"})
        self.codes = {}
        self.mode = "normal"
        self.issuer = None
        self.token_requests = []

    def signing_key(self):
        if self.mode == "rotated_key":
            if self.key.kid != "key-2":
                self.key = RSAKey.generate_key(2048, parameters={"kid": "key-2", "alg": "RS256", "use": "sig"})
        return self.stranger if self.mode == "bad_signature" else self.key


def make_app(provider):
    app = Flask(__name__)

    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "none"]

        def save_authorization_code(self, code, request):
            payload = request.payload.data
            provider.codes[code] = AuthorizationCode(
                code=code,
                client_id=request.client.get_client_id(),
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                user=request.user,
                nonce=payload.get("nonce"),
                code_challenge=payload.get("code_challenge"),
                code_challenge_method=payload.get("code_challenge_method"),
                auth_time=int(time.time()),
            )

        def query_authorization_code(self, code, client):
            item = provider.codes.get(code)
            return item if item and item.client_id == client.get_client_id() else None

        def delete_authorization_code(self, authorization_code):
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code):
            return authorization_code.user

    class IDToken(OpenIDCode):
        def exists_nonce(self, nonce, request):
            return any(c.nonce == nonce for c in provider.codes.values())

        def resolve_client_private_key(self, client):
            return provider.signing_key()

        def get_client_algorithm(self, client):
            return "RS256"

        def get_client_claims(self, client):
            now = int(time.time())
            claims = {"iss": provider.issuer, "aud": [client.get_client_id()], "iat": now, "exp": now + 300}
            if provider.mode == "expired":
                claims.update(iat=now - 900, exp=now - 600)
            elif provider.mode == "wrong_audience":
                claims["aud"] = ["another-application"]
            elif provider.mode == "wrong_issuer":
                claims["iss"] = "http://127.0.0.1:1/not-the-issuer"
            return claims

        def get_encode_header(self, client):
            return {"alg": "RS256", "kid": provider.signing_key().kid}

        def get_authorization_code_claims(self, authorization_code):
            claims = super().get_authorization_code_claims(authorization_code)
            if provider.mode == "wrong_nonce":
                claims["nonce"] = "a-nonce-from-another-sign-in"
            return claims

        def generate_user_info(self, user, scope):
            return UserInfo(sub=user, preferred_username=user, email=f"{user}@lab.example")

    server = AuthorizationServer(app, query_client=lambda cid: provider.client if cid == provider.client.client_id else None,
                                 save_token=lambda token, request: None)
    server.register_grant(CodeGrant, [CodeChallenge(required=True), IDToken(require_nonce=True)])

    @app.get("/.well-known/openid-configuration")
    def discovery():
        base = provider.issuer
        return jsonify(
            issuer=base,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            jwks_uri=f"{base}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "none"],
        )

    @app.get("/jwks")
    def jwks():
        return jsonify(keys=[provider.key.as_dict(private=False)])

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize():
        # PKCE is required of every client here, confidential or not, so a relying party
        # that forgot it fails the test instead of passing it.
        if request.args.get("code_challenge_method") != "S256" or not request.args.get("code_challenge"):
            return "this provider requires PKCE with S256", 400
        if request.method == "GET":
            return (
                '<!doctype html><title>Test provider</title><form method="post">'
                '<label>User <input name="username" id="username"></label>'
                '<button type="submit" id="sign-in">Sign in</button></form>'
            )
        username = request.form.get("username", "").strip()
        if not username:
            abort(400)
        return server.create_authorization_response(grant_user=username)

    @app.post("/token")
    def token():
        provider.token_requests.append(
            {"has_verifier": bool(request.form.get("code_verifier")), "auth": request.authorization is not None}
        )
        response = server.create_token_response()
        if provider.mode == "unsigned" and response.status_code == 200:
            body = json.loads(response.get_data())
            _, payload, _ = body["id_token"].split(".")
            header = base64.urlsafe_b64encode(b'{"alg":"none","kid":"key-1"}').rstrip(b"=").decode()
            body["id_token"] = f"{header}.{payload}."
            response.set_data(json.dumps(body))
        return response

    @app.post("/test/mode")
    def set_mode():
        mode = (request.get_json(silent=True) or {}).get("mode")
        if mode not in MODES:
            return jsonify(error=f"mode must be one of {sorted(MODES)}"), 400
        provider.mode = mode
        return jsonify(mode=mode)

    @app.get("/test/token-requests")
    def token_requests():
        return jsonify(provider.token_requests)

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", default="", help="empty: a public client (PKCE only)")
    arguments = parser.parse_args()
    provider = Provider(Client(arguments.client_id, arguments.client_secret))
    server = make_server("127.0.0.1", arguments.port, make_app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    print(f"listening {provider.issuer}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
