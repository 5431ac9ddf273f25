# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Core methods every AMP process has: login and sessions, users and 2FA, roles and permission
nodes, settings, the application's own start/stop, running tasks and module information."""
from __future__ import annotations

import pyotp

from . import catalog, views
from . import spec as amp_spec
from .framework import VOID, ActionFailed, AmpError, action_result, api
from .state import APP_STATE, Session, new_guid

# AuthenticationResult (API.md §2).
AUTH_FAILURE, AUTH_TOKEN_REJECTED, AUTH_NO_INSTANCE_ACCESS, AUTH_INSTANCE_SUSPENDED = 0, 1, 5, 6
AUTH_SUCCESS, AUTH_PASSWORD_CHANGE, AUTH_DISABLED, AUTH_2FA_CHALLENGE, AUTH_2FA_FAILED = 10, 20, 25, 40, 50
AUTH_2FA_SETUP_REQUIRED = 45

#: Login reasons. "Internal Auth - No reason given" is a real failure reply (examples/fragments.json);
#: the two-factor texts are the ones AMP shows in public bug reports (CubeCoders/AMP #885, #611).
REASON_BAD_CREDENTIALS = "Internal Auth - No reason given"
REASON_2FA_REQUIRED = "Two-Factor Login Required"
REASON_2FA_FAILED = "Two factor failure"
REASON_DISABLED = "Account disabled"
REASON_PASSWORD_CHANGE = "Password change required"
REASON_NO_INSTANCE_ACCESS = "You do not have access to this instance"
REASON_SUSPENDED = "This instance is suspended"
REASON_TOKEN_REJECTED = "Token rejected"
REASON_2FA_SETUP = "Two-factor authentication must be set up for this account"
REASON_AUTH_SERVER = "This instance uses the ADS as its authentication server; manage users and roles there"

USERS = "Core.UserManagement."
ROLES = "Core.RoleManagement."
APP = "Core.AppManagement."


def _verify_totp(ctx, user, secret, code) -> bool:
    if not isinstance(code, str) or not code.strip():
        return False
    code = code.strip()
    if not pyotp.TOTP(secret).verify(code, valid_window=int(ctx.sim.totp_window)):
        return False
    if ctx.sim.totp_replay_protection:
        key = (user.id, code)
        if key in ctx.state.used_totp_codes:
            return False
        ctx.state.used_totp_codes.add(key)
    return True


def _login_reply(success, result, reason="", session_id="", remember="", permissions=None, user=None):
    # §13 quirk 2: Login's reply is the one camelCase type (sessionID with capital ID).
    reply = {"success": success, "result": result, "resultReason": reason}
    if success:
        reply.update({"sessionID": session_id, "rememberMeToken": remember, "permissions": permissions or [],
                      "userInfo": views.user_summary(user)})
    return reply


@api("Core", "Login", auth=False)
def login(ctx):
    """Core/Login(username, password, token, rememberMe). ``token`` is overloaded (§13 quirk 18):
    the TOTP code, or with an empty password a remember-me token or a ManageInstance token."""
    state, process = ctx.state, ctx.process
    username, password = ctx.get("username"), ctx.get("password")
    token, remember = ctx.get("token") or "", bool(ctx.get("rememberMe"))
    user = state.user_by_name(username)
    if user is None:
        return _login_reply(False, AUTH_FAILURE, REASON_BAD_CREDENTIALS)
    passwordless = password == "" and token != ""
    if passwordless:
        owner = state.remember_tokens.get(token) or process.manage_tokens.pop(token, None)
        if owner != user.id:
            return _login_reply(False, AUTH_TOKEN_REJECTED, REASON_TOKEN_REJECTED)
    elif user.password is None or password != user.password:
        return _login_reply(False, AUTH_FAILURE, REASON_BAD_CREDENTIALS)
    if user.disabled:
        return _login_reply(False, AUTH_DISABLED, REASON_DISABLED)
    if user.two_factor_enabled and not passwordless:
        if not token:
            return _login_reply(False, AUTH_2FA_CHALLENGE, REASON_2FA_REQUIRED)
        if not _verify_totp(ctx, user, user.totp_secret, token):
            return _login_reply(False, AUTH_2FA_FAILED, REASON_2FA_FAILED)
    if not user.two_factor_enabled and process.settings.get("Core.Security.TwoFactorMode") == "1":
        return _login_reply(False, AUTH_2FA_SETUP_REQUIRED, REASON_2FA_SETUP)  # 2FA "Required" on this process
    if user.must_change_password:
        return _login_reply(False, AUTH_PASSWORD_CHANGE, REASON_PASSWORD_CHANGE)
    if not process.is_ads:
        if process.suspended and not state.may_manage_suspended(user):  # CubeCoders/AMP#763
            return _login_reply(False, AUTH_INSTANCE_SUSPENDED, REASON_SUSPENDED)
        if not state.can_access_instance(user, process):
            return _login_reply(False, AUTH_NO_INSTANCE_ACCESS, REASON_NO_INSTANCE_ACCESS)
    now = state.now()
    session = Session(id=new_guid(), user_id=user.id, process_id=process.id, started=now, last_activity=now,
                      source_ip=ctx.client_ip)
    process.sessions[session.id] = session
    user.last_login = ctx.sim.timestamp(now)
    remember_token = ""
    if remember:
        remember_token = new_guid().replace("-", "") + new_guid().replace("-", "")
        state.remember_tokens[remember_token] = user.id
    return _login_reply(True, AUTH_SUCCESS, "", session.id, remember_token,
                        state.session_permissions(user, process), user)


@api("Core", "Logout")
def logout(ctx):
    ctx.process.sessions.pop(ctx.session.id, None)
    return VOID


@api("Core", "GetAuthenticationRequirements", auth=False)
def get_authentication_requirements(ctx):
    user = ctx.state.user_by_name(ctx.get("username"))
    flags = [1, 2]  # Username, Password
    if user is not None and user.two_factor_enabled:
        flags.append(4)  # TOTP
    return flags


@api("Core", "GetAPISpec", auth=False)
def get_api_spec(ctx):
    """The spec of the modules this process loads (ModuleInheritance.json), as this version has it."""
    exposed = amp_spec.module_inheritance()[ctx.process.kind]
    answer = {module: {} for module in exposed}  # plugins without API methods (CommonCorePlugin) too
    for (module, name), method in sorted(ctx.sim.methods.items()):
        if module in exposed:
            answer.setdefault(module, {})[name] = method.as_spec()
    return answer


#: ModuleInfo.Branding of a panel nobody has branded: the 14 keys and the default values of the real
#: GetModuleInfo capture (tests/amp_spec/captures/fragments.json, "Core/GetModuleInfo on an ADS"),
#: the same 14 fields as TypeSpec's BrandingSettings.
DEFAULT_BRANDING = {
    "BackgroundURL": "", "BrandingMessage": "", "CompanyName": "", "DisplayBranding": False, "ForgotPasswordURL": "",
    "LogoURL": "", "PageTitle": "Provider Page Title Not Set", "ShortBrandingMessage": "PoweredByAMP",
    "SplashFrameURL": "", "SubmitTicketURL": "", "SupportText": "", "SupportURL": "", "URL": "", "WelcomeMessage": "",
}
#: ModuleInfo.Timestamp is the build's date as "dd/MM/yyyy HH:mm" in the real capture ("22/03/2024 17:32"),
#: not an ISO-8601 DateTime (TypeSpec types it String). The form is real; this value is the simulator's.
BUILD_TIMESTAMP = "05/11/2024 12:00"


@api("Core", "GetModuleInfo", auth=False)
def get_module_info(ctx):
    process = ctx.process
    modules = amp_spec.module_inheritance()[process.kind]
    module_name = catalog.MODULE_NAMES.get(process.kind, process.kind)  # "ADSModule" for the ADS (quirk 2)
    return {
        "AMPBuild": "1", "AMPVersion": ctx.sim.version, "APIVersion": ctx.sim.version, "AllowRememberMe": True,
        "Analytics": False, "AppName": "AMP", "Author": "CubeCoders Limited", "BasePort": 8080,
        "Branding": dict(DEFAULT_BRANDING),
        "BuildSpec": "", "DisplayBaseURI": ctx.sim.url or "", "EndpointURI": "", "FeatureSet": [],
        "FriendlyName": process.friendly_name, "InstanceId": process.id, "InstanceName": process.instance_name,
        "IsRemoteInstance": False,
        # the real capture lists the module itself and its plugins ("ADSModule", "FileManagerPlugin", ...), not Core
        "LoadedPlugins": [module_name] + [m for m in modules if m not in ("Core", module_name)],
        "ModuleName": module_name,
        "Name": "Application Deployment Server" if process.is_ads else catalog.MODULE_DISPLAY_NAMES.get(
            process.kind, process.kind),
        "PrimaryEndpoint": "0.0.0.0:8080", "RequiresFullLoad": process.is_ads, "SupportsSleep": process.kind == "Minecraft",
        "Timestamp": BUILD_TIMESTAMP, "ToolsVersion": ctx.sim.version, "VersionCodename": "Simulated",
    }


@api("Core", "GetNewGuid")
def get_new_guid(ctx):
    return new_guid()


@api("Core", "GetUserList")
def get_user_list(ctx):
    """Players in the game (not AMP users): player id -> name, as the real capture. The simulator runs
    no game: an instance's ``players`` holds what a test put there; the ADS has none."""
    return dict(getattr(ctx.process, "players", {}))


@api("Core", "GetActiveAMPSessions", permission=USERS + "ViewActiveSessions")
def get_active_sessions(ctx):
    answer = []
    for session in ctx.process.sessions.values():
        user = ctx.state.users.get(session.user_id)
        answer.append({"SessionID": session.id, "Username": user.name if user else "", "Source": session.source_ip,
                       "SessionType": session.session_type, "StartTime": ctx.sim.timestamp(session.started),
                       "LastActivity": ctx.sim.timestamp(session.last_activity)})
    return answer


@api("Core", "EndUserSession", permission=USERS + "EndUserSessions")
def end_user_session(ctx):
    ctx.process.sessions.pop(ctx.get("Id").lower(), None)
    return VOID


@api("Core", "CurrentSessionHasPermission")
def current_session_has_permission(ctx):
    node = ctx.get("PermissionNode")
    if node.startswith("-"):  # asks whether the node is explicitly denied (AMPAPI_Python docs)
        return "-" + node[1:] in ctx.state.session_permissions(ctx.user, ctx.process)
    return ctx.state.has_permission(ctx.user, ctx.process, node)


# ---------------------------------------------------------------------------------------------- users

def _user_or_fail(ctx, username):
    user = ctx.state.user_by_name(username)
    if user is None:
        raise ActionFailed("The specified user does not exist.")
    return user


def _ads_only(ctx):
    if not ctx.is_ads:
        raise ActionFailed(REASON_AUTH_SERVER)


def _end_sessions_of(state, user):
    for process in state.processes():
        for session_id in [s.id for s in process.sessions.values() if s.user_id == user.id]:
            del process.sessions[session_id]
    for token in [t for t, owner in state.remember_tokens.items() if owner == user.id]:
        del state.remember_tokens[token]


@api("Core", "GetAllAMPUserInfo", permission=USERS + "ViewUserInfo")
def get_all_users(ctx):
    return [views.user_info(ctx.sim, u) for u in ctx.state.users.values()]


@api("Core", "GetAMPUsersSummary", permission=USERS + "ViewUserInfo")
def get_users_summary(ctx):
    return [views.user_summary(u) for u in ctx.state.users.values()]


@api("Core", "GetAMPUserInfo")
def get_user_info(ctx):
    user = ctx.state.user_by_name(ctx.get("Username"))
    if user is None or user.id != ctx.user.id:
        ctx.require_permission(USERS + "ViewUserInfo")
    return views.user_info(ctx.sim, user) if user is not None else None


@api("Core", "CreateUser", permission=USERS + "CreateNewUser")
def create_user(ctx):
    _ads_only(ctx)
    name = ctx.get("Username").strip()
    if not name:
        raise ActionFailed("A username is required.")
    if ctx.state.user_by_name(name) is not None:
        raise ActionFailed("A user with that name already exists.")
    user = ctx.state.add_user(name)
    return action_result(user.id)  # ActionResult<Guid>: the new user's id


@api("Core", "DeleteUser", permission=USERS + "DeleteUser")
def delete_user(ctx):
    _ads_only(ctx)
    user = _user_or_fail(ctx, ctx.get("Username"))
    if user.id == ctx.user.id:
        raise ActionFailed("You cannot delete your own account.")
    _end_sessions_of(ctx.state, user)
    del ctx.state.users[user.id]
    return action_result()


@api("Core", "ResetUserPassword", permission=USERS + "ResetUserPassword")
def reset_user_password(ctx):
    _ads_only(ctx)
    user = _user_or_fail(ctx, ctx.get("Username"))
    password = ctx.get("NewPassword")
    if not password:
        raise ActionFailed("The new password must not be empty.")
    user.password = password
    return action_result()


@api("Core", "UpdateUserInfo", permission=USERS + "UpdateUserInfo")
def update_user_info(ctx):
    """§13 quirk 10: a full replace. EmailAddress is optional; left out, it is cleared [INFERRED]."""
    _ads_only(ctx)
    user = _user_or_fail(ctx, ctx.get("Username"))
    user.disabled = ctx.get("Disabled")
    user.password_expires = ctx.get("PasswordExpires")
    user.cannot_change_password = ctx.get("CannotChangePassword")
    user.must_change_password = ctx.get("MustChangePassword")
    user.email = ctx.get("EmailAddress") or ""
    if user.disabled:
        _end_sessions_of(ctx.state, user)
    return action_result()


@api("Core", "SetAMPUserRoleMembership", permission=USERS + "ChangeRoleMembership")
def set_role_membership(ctx):
    _ads_only(ctx)
    user = ctx.state.users.get(ctx.get("UserId").lower())
    role = ctx.state.roles.get(ctx.get("RoleId").lower())
    if user is None:
        raise ActionFailed("The specified user does not exist.")
    if role is None:
        raise ActionFailed("The specified role does not exist.")
    if ctx.get("IsMember"):
        if role.id not in user.roles:
            user.roles.append(role.id)
    elif role.id in user.roles:
        user.roles.remove(role.id)
    return action_result()


@api("Core", "ChangeUserPassword")
def change_user_password(ctx):
    user = _user_or_fail(ctx, ctx.get("Username"))
    if user.id != ctx.user.id:
        ctx.require_permission(USERS + "ResetUserPassword")
    if user.cannot_change_password:
        raise ActionFailed("This user is not permitted to change their password.")
    if user.password != ctx.get("OldPassword"):
        raise ActionFailed("The old password is incorrect.")
    if user.two_factor_enabled and not _verify_totp(ctx, user, user.totp_secret, ctx.get("TwoFactorPIN")):
        raise ActionFailed(REASON_2FA_FAILED)
    if not ctx.get("NewPassword"):
        raise ActionFailed("The new password must not be empty.")
    user.password = ctx.get("NewPassword")
    user.must_change_password = False
    return action_result()


@api("Core", "EnableTwoFactor")
def enable_two_factor(ctx):
    """§13 quirk 18: needs the target user's password; 2FA is only on after ConfirmTwoFactorSetup."""
    user = _user_or_fail(ctx, ctx.get("Username"))
    if user.id != ctx.user.id:
        ctx.require_permission(USERS + "UpdateUserInfo")
    if user.password is None or ctx.get("Password") != user.password:
        raise ActionFailed("The password is incorrect.")
    if user.two_factor_enabled:
        raise ActionFailed("Two-factor authentication is already enabled for this user.")
    user.pending_totp_secret = pyotp.random_base32()
    uri = pyotp.TOTP(user.pending_totp_secret).provisioning_uri(name=user.name, issuer_name="AMP")
    return action_result({"ManualKey": user.pending_totp_secret, "Url": uri})


@api("Core", "ConfirmTwoFactorSetup")
def confirm_two_factor(ctx):
    user = _user_or_fail(ctx, ctx.get("Username"))
    if user.id != ctx.user.id:
        ctx.require_permission(USERS + "UpdateUserInfo")
    if user.pending_totp_secret is None:
        raise ActionFailed("Two-factor setup has not been started for this user.")
    if not _verify_totp(ctx, user, user.pending_totp_secret, ctx.get("TwoFactorCode")):
        raise ActionFailed(REASON_2FA_FAILED)
    user.totp_secret, user.pending_totp_secret = user.pending_totp_secret, None
    return action_result()


@api("Core", "DisableTwoFactor")
def disable_two_factor(ctx):
    """Acts on the calling session's user (no Username parameter, §13 quirk 18)."""
    user = ctx.user
    if ctx.get("Password") != user.password:
        raise ActionFailed("The password is incorrect.")
    if not user.two_factor_enabled:
        raise ActionFailed("Two-factor authentication is not enabled.")
    if not _verify_totp(ctx, user, user.totp_secret, ctx.get("TwoFactorCode")):
        raise ActionFailed(REASON_2FA_FAILED)
    user.totp_secret = None
    return action_result()


@api("Core", "UpdateAccountInfo", permission=USERS + "UpdateOwnAccount")
def update_account_info(ctx):
    user = ctx.user
    if user.two_factor_enabled and not _verify_totp(ctx, user, user.totp_secret, ctx.get("TwoFactorPIN")):
        raise ActionFailed(REASON_2FA_FAILED)
    user.email = ctx.get("EmailAddress")
    return action_result()


# ---------------------------------------------------------------------------------------------- roles

def _role_or_fail(ctx, role_id):
    role = ctx.state.roles.get(str(role_id).lower())
    if role is None:
        raise ActionFailed("The specified role does not exist.")
    return role


@api("Core", "GetRoleData", permission=ROLES + "ViewRoles")
def get_role_data(ctx):
    return [views.role_summary(ctx.state, r, ctx.process) for r in ctx.state.roles.values()]


@api("Core", "GetRoleIds", permission=ROLES + "ViewRoles")
def get_role_ids(ctx):
    return {r.id: r.name for r in ctx.state.roles.values()}


@api("Core", "GetRole", permission=ROLES + "ViewRoles")
def get_role(ctx):
    role = ctx.state.roles.get(ctx.get("RoleId").lower())
    return views.role_summary(ctx.state, role, ctx.process) if role is not None else None


@api("Core", "CreateRole", permission=ROLES + "CreateRole")
def create_role(ctx):
    _ads_only(ctx)
    name = ctx.get("Name").strip()
    common = bool(ctx.get("AsCommonRole"))
    if common:
        ctx.require_permission(ROLES + "CreateCommonRoles")
    if not name:
        raise ActionFailed("A role name is required.")
    if ctx.state.role_by_name(name) is not None:
        raise ActionFailed("A role with that name already exists.")
    role = ctx.state.add_role(name, is_common=common)
    return action_result(role.id)  # ActionResult<Guid>: the new role's id


@api("Core", "RenameRole", permission=ROLES + "EditRoleInfo")
def rename_role(ctx):
    _ads_only(ctx)
    role = _role_or_fail(ctx, ctx.get("RoleId"))
    name = ctx.get("NewName").strip()
    if role.disable_edits:
        raise ActionFailed("This role cannot be edited.")
    if not name:
        raise ActionFailed("A role name is required.")
    other = ctx.state.role_by_name(name)
    if other is not None and other.id != role.id:
        raise ActionFailed("A role with that name already exists.")
    role.name = name
    return action_result()


@api("Core", "DeleteRole", permission=ROLES + "DeleteRoles")
def delete_role(ctx):
    _ads_only(ctx)
    role = _role_or_fail(ctx, ctx.get("RoleId"))
    if role.disable_edits or role.is_default:
        raise ActionFailed("This role cannot be deleted.")
    ctx.state.delete_role(role)
    return action_result()


@api("Core", "GetAMPRolePermissions", permission=ROLES + "ViewRoles")
def get_role_permissions(ctx):
    role = ctx.state.roles.get(ctx.get("RoleId").lower())
    if role is None:
        return []
    return views.permission_list(ctx.process.role_permissions.get(role.id, {}))


def known_permission_node(ctx, node) -> bool:
    """A node this process's GetPermissionsSpec offers: a leaf, a group wildcard ``X.*`` or ``*``."""
    if node == "*":
        return True
    tree = permission_tree(ctx)
    if node in catalog.leaf_nodes(tree):
        return True
    return node.endswith(".*") and node[:-2] in catalog.group_nodes(tree)


@api("Core", "SetAMPRolePermission", permission=ROLES + "EditRolePermissions")
def set_role_permission(ctx):
    """Tri-state: Enabled true grants, false denies (listed as ``-Node``), null removes the entry
    so the node inherits again (API.md §6)."""
    role = _role_or_fail(ctx, ctx.get("RoleId"))
    node, enabled = ctx.get("PermissionNode"), ctx.get("Enabled")
    if role.disable_edits:
        raise ActionFailed("This role's permissions cannot be edited.")
    if not known_permission_node(ctx, node):
        raise ActionFailed("Unknown permission node: %s" % node)
    nodes = ctx.process.role_permissions.setdefault(role.id, {})
    if enabled is None:
        nodes.pop(node, None)
    else:
        nodes[node] = bool(enabled)
    return action_result()


def permission_tree(ctx):
    process = ctx.process
    ids = [i.id for i in ctx.state.instances.values() if i.visible] if process.is_ads else ()
    return catalog.permission_tree(process.kind, ids, catalog.settings_for(process.kind))


@api("Core", "GetPermissionsSpec")
def get_permissions_spec(ctx):
    return permission_tree(ctx)


# ---------------------------------------------------------------------------------------------- settings

def settings_table(process) -> dict:
    return {s.node: s for s in catalog.settings_for(process.kind)}


def normalise_setting(setting, value: str) -> str:
    """The stored string form of ``value`` or ActionFailed (§13 quirk 9: settings are strings)."""
    if not isinstance(value, str):
        raise ActionFailed("Setting values must be strings.")
    if setting.read_only:
        raise ActionFailed("The setting %s is read-only." % setting.node)
    if setting.val_type == "Int32":
        try:
            number = int(value.strip())
        except ValueError as exc:
            raise ActionFailed("%s expects a whole number, not %r." % (setting.node, value)) from exc
        if (setting.min_value is not None and number < setting.min_value) or \
                (setting.max_value is not None and number > setting.max_value):
            raise ActionFailed("%s must be between %g and %g." % (setting.node, setting.min_value, setting.max_value))
        return str(number)
    if setting.val_type == "Boolean":
        if value.strip().lower() not in ("true", "false"):
            raise ActionFailed("%s expects True or False, not %r." % (setting.node, value))
        return "True" if value.strip().lower() == "true" else "False"
    if setting.val_type == "Enum" and value not in setting.enum_values:
        raise ActionFailed("%s must be one of %s." % (setting.node, ", ".join(setting.enum_values)))
    return value


def apply_setting(ctx, process, node, value, check_permission=True) -> None:
    setting = settings_table(process).get(node)
    if setting is None:
        raise ActionFailed("No such setting node: %s" % node)
    if check_permission:
        ctx.require_permission("Settings." + node)
    process.settings[node] = normalise_setting(setting, value)


@api("Core", "GetSettingsSpec")
def get_settings_spec(ctx):
    answer = {}
    for setting in catalog.settings_for(ctx.process.kind):
        answer.setdefault(setting.category, []).append(
            views.setting_spec(setting, ctx.process.settings.get(setting.node, setting.default)))
    return answer


@api("Core", "GetConfig")
def get_config(ctx):
    setting = settings_table(ctx.process).get(ctx.get("node"))
    if setting is None:
        raise AmpError("Unknown setting node", "No such setting node: %s" % ctx.get("node"))
    return views.setting_spec(setting, ctx.process.settings.get(setting.node, setting.default))


@api("Core", "GetConfigs")
def get_configs(ctx):
    table = settings_table(ctx.process)
    return [views.setting_spec(table[n], ctx.process.settings.get(n, table[n].default))
            for n in ctx.get("nodes") if n in table]


@api("Core", "SetConfig")
def set_config(ctx):
    apply_setting(ctx, ctx.process, ctx.get("node"), ctx.get("value"))
    return action_result()


@api("Core", "SetConfigs")
def set_configs(ctx):
    """Bare boolean; all or nothing [INFERRED]."""
    staged = dict(ctx.process.settings)
    try:
        for node, value in ctx.get("data").items():
            setting = settings_table(ctx.process).get(node)
            if setting is None or not ctx.state.has_permission(ctx.user, ctx.process, "Settings." + node):
                return False
            staged[node] = normalise_setting(setting, value)
    except ActionFailed:
        return False
    ctx.process.settings = staged
    return True


# ---------------------------------------------------------------------------------------------- application

def _instance_only(ctx):
    if ctx.is_ads:
        raise ActionFailed("The ADS has no application of its own.")
    if ctx.process.suspended:
        raise ActionFailed(REASON_SUSPENDED + ".")


@api("Core", "GetStatus")
def get_status(ctx):
    process = ctx.process
    uptime = "00:00:00"
    if process.app_started is not None and process.app_state == APP_STATE["Ready"]:
        seconds = int(ctx.state.now() - process.app_started)
        uptime = "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)
    return {"State": process.app_state, "Uptime": uptime, "Metrics": {}}


def _set_app_state(ctx, state_name):
    process = ctx.process
    process.app_state = APP_STATE[state_name]
    process.app_started = ctx.state.now() if state_name == "Ready" else None


@api("Core", "Start", permission=APP + "StartApplication")
def start_application(ctx):
    _instance_only(ctx)
    _set_app_state(ctx, "Ready")
    return action_result()


@api("Core", "Stop", permission=APP + "StopApplication")
def stop_application(ctx):
    if not ctx.is_ads and not ctx.process.suspended:
        _set_app_state(ctx, "Stopped")
    return VOID


@api("Core", "Kill", permission=APP + "StopApplication")
def kill_application(ctx):
    if not ctx.is_ads and not ctx.process.suspended:
        _set_app_state(ctx, "Stopped")
    return VOID


@api("Core", "Restart", permission=APP + "RestartApplication")
def restart_application(ctx):
    _instance_only(ctx)
    _set_app_state(ctx, "Ready")
    return action_result()


@api("Core", "UpdateApplication", permission=APP + "UpdateApplication")
def update_application(ctx):
    _instance_only(ctx)
    return action_result()


@api("Core", "Sleep", permission=APP + "StopApplication")
def sleep_application(ctx):
    _instance_only(ctx)
    if ctx.process.kind != "Minecraft":
        raise ActionFailed("This application does not support sleep mode.")
    _set_app_state(ctx, "Sleeping")
    return action_result()


@api("Core", "SendConsoleMessage", permission=APP + "SendConsoleInput")
def send_console_message(ctx):
    ctx.process.task_runs.append({"console": ctx.get("message")})
    return VOID


# ---------------------------------------------------------------------------------------------- running tasks

@api("Core", "GetTasks")
def get_tasks(ctx):
    return [views.running_task(ctx.sim, t) for t in ctx.process.tasks]


@api("Core", "DismissTask")
def dismiss_task(ctx):
    before = len(ctx.process.tasks)
    ctx.process.tasks = [t for t in ctx.process.tasks if t.id != ctx.get("TaskId").lower()]
    if len(ctx.process.tasks) == before:
        raise ActionFailed("No such task.")
    return action_result()


@api("Core", "DismissAllTasks")
def dismiss_all_tasks(ctx):
    ctx.process.tasks = [t for t in ctx.process.tasks if t.ended is None]
    return action_result()


@api("Core", "GetUpdates")
def get_updates(ctx):
    """The console lines this session has not seen yet (ConsoleEntry; AMP hands each session what is new
    since its last call [INFERRED]), the status and the running tasks."""
    lines = ctx.process.console[ctx.session.console_seen:]
    ctx.session.console_seen = len(ctx.process.console)
    return {"Status": get_status(ctx), "ConsoleEntries": [views.console_entry(ctx.sim, line) for line in lines],
            "Messages": [], "Tasks": [views.running_task(ctx.sim, t) for t in ctx.process.tasks], "Ports": []}
