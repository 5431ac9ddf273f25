# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Connection options shared by every gameops.panels module."""

    DOCUMENTATION = r"""
options:
  panel_type:
    description:
      - Which panel software O(panel_url) points at. Each module documents which of its options each panel
        supports; an option or a module the chosen panel lacks fails before any request, naming the option and
        the panel.
      - Can also be set with the E(GAMEOPS_PANEL_TYPE) environment variable.
      - V(pterodactyl) is Pterodactyl 1.11 (application and client API keys). V(crafty) is Crafty Controller 4
        (API v2; 4.0.8 and 4.3 or later), which logs in with O(panel_username) and O(panel_password) or takes an
        O(api_token). The Crafty version is read once per task and gates what it can do; an option an older
        version lacks fails before any write, naming the version.
      - V(amp) is CubeCoders AMP 2.6 (its ADS, the controller), which logs in with O(panel_username),
        O(panel_password) and O(panel_totp_secret).
    type: str
    default: pterodactyl
    choices: [pterodactyl, crafty, amp]
  panel_url:
    description:
      - Base URL of the panel, for example V(https://panel.example.com), or V(https://crafty.example.com:8443) for
        Crafty. Without the path the collection adds itself (C(/api) on Pterodactyl, C(/api/v2) on Crafty, C(/API)
        on AMP); a URL ending in it fails before any request, naming it.
      - A URL that answers, but not as the panel O(panel_type) names, fails saying what answered; when another panel
        type answers there, the message names O(panel_type) and that panel.
      - Required; can also be set with the E(GAMEOPS_PANEL_URL) environment variable.
    type: str
  api_key:
    description:
      - Pterodactyl application API key (V(ptla_...)), created in the panel's admin area. Used for every call to
        the application API (users, servers, nodes, eggs).
      - Required by modules that manage panel-wide objects; can also be set with the E(GAMEOPS_API_KEY)
        environment variable.
      - Never logged or returned.
    type: str
  client_api_key:
    description:
      - Pterodactyl client (account) API key (V(ptlc_...)), created under the account's API credentials. Used for
        every call to the client API (power, backups, schedules, subusers, startup variables, two-factor
        authentication), which acts as the key's user.
      - O(api_key) and O(client_api_key) may be given together; each call uses the one its API needs. A module
        that needs a key you did not give fails before sending any request, naming the option.
      - Can also be set with the E(GAMEOPS_CLIENT_API_KEY) environment variable. Never logged or returned.
    type: str
  panel_username:
    description:
      - Login name of the panel account the modules act as, for panels that log in with a user and a password
        (Crafty).
      - Named C(panel_username) rather than C(username) so it never clashes with the O(gameops.panels.user#module:username)
        of a user being managed.
      - Each task logs in once. When Crafty refuses the session later (its tokens never expire, but
        C(invalidate_tokens) or a password change ends them), the task logs in again once and retries.
      - Required by AMP, which logs in once per task on its ADS and once on each instance the task works in
        (AMP's instances use the ADS as their login server). The session is reused for the whole task, renewed once
        when AMP ends it, and never logged.
      - Can also be set with the E(GAMEOPS_PANEL_USERNAME) environment variable. Not used by Pterodactyl.
    type: str
  panel_password:
    description:
      - Password of O(panel_username). Required by AMP.
      - Can also be set with the E(GAMEOPS_PANEL_PASSWORD) environment variable. Never logged or returned.
    type: str
  panel_totp_secret:
    description:
      - Base32 TOTP secret of O(panel_username), when its account has two-factor authentication on. The current code
        is computed from it at login (Crafty 4.4.8 and later; on AMP, the login C(token)).
      - Crafty accepts each code only once, and every task logs in anew, so a task that follows another within the
        same 30-second step waits for the next code. Prefer O(api_token) for playbooks with many Crafty tasks.
      - Can also be set with the E(GAMEOPS_PANEL_TOTP_SECRET) environment variable. Never logged or returned.
    type: str
  api_token:
    description:
      - An API token of a panel that issues them, used instead of O(panel_username) and O(panel_password). On Crafty,
        the token of an API key (Crafty 4.3 and later, acting with the rights its key and its user share), or any session
        token Crafty issued.
      - With O(panel_username) and O(panel_password) also given, a token Crafty refuses is replaced by one fresh
        login; without them the task fails, saying the token was refused.
      - Can also be set with the E(GAMEOPS_API_TOKEN) environment variable. Never logged or returned.
    type: str
  validate_certs:
    description:
      - Verify the panel's TLS certificate. Only set to V(false) for a panel with a self-signed certificate you trust.
      - V(false) wins over E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE) in the environment.
      - Can also be set with the E(GAMEOPS_VALIDATE_CERTS) environment variable.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the panel's certificate against, for a panel whose certificate is
        signed by a private CA. Without it the system's CAs (or E(REQUESTS_CA_BUNDLE)) are used.
      - Can also be set with the E(GAMEOPS_CA_PATH) environment variable.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response. Must be greater than 0.
      - Can also be set with the E(GAMEOPS_TIMEOUT) environment variable.
    type: int
    default: 30
  max_retry_wait:
    description:
      - The longest single wait, in seconds, before retrying a request, whether the panel asked for it with
        C(Retry-After) or it is the backoff between attempts. A panel that asks for a longer wait fails the task at
        once, naming the throttle and the time after which to run it again.
      - A task spends at most five times this long in retries altogether.
      - Can also be set with the E(GAMEOPS_MAX_RETRY_WAIT) environment variable.
    type: int
    default: 60
  max_requests_per_minute:
    description:
      - Space requests so this task sends at most this many per minute, to stay under the panel's rate limit
        (Pterodactyl allows 240 per minute on the application API by default). Must be greater than 0.
      - Requests answered with HTTP 429 are retried after the panel's C(Retry-After) in any case.
      - Can also be set with the E(GAMEOPS_MAX_REQUESTS_PER_MINUTE) environment variable.
    type: int
notes:
  - Connection options can be set once per play with C(module_defaults) and the action group
    C(group/gameops.panels.panels).
  - Give secrets as options (from Ansible Vault, for example) or as C(GAMEOPS_*) variables of the controller's
    environment. Not through a task's C(environment) keyword, which ansible-core shows on the command line it logs
    at C(-vvv).
  - Reads (AMP's reads are POSTs too), and writes that are safe to repeat (full replacements, deletes, power
    signals), are retried with backoff on HTTP 429, 500, 502, 503 and 504, on connection resets and on read
    timeouts. A delete whose retry answers 404 has done its job.
  - A create whose outcome is unknown (the answer was lost, timed out, or a gateway answered 5xx) is never sent
    again blindly. The object is read back by its natural key first, and only what is missing is written, so a retry
    never creates a duplicate.
  - Redirects are never followed (a redirected write would be lost). The task fails with the redirect's target.
  - C(api_requests) in the result counts every HTTP request sent, retries included.
requirements:
  - requests >= 2.28
"""
