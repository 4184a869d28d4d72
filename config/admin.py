"""The Django admin, for superusers only.

Consultants work in the workspace: Django's default site lets any staff user in and answers 403
for an object they lack the permission for but a redirect for a missing one, which tells an
outsider which ids exist. Here every page answers anyone but a superuser alike (the log-in page).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser


class SuperuserAdminConfig(AdminConfig):
    default_site = "config.admin.SuperuserAdminSite"
