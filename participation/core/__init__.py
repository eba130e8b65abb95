"""Shared kernel: database base, roles and permissions, errors, text sanitizing, i18n, security headers.

Imports no domain package.
"""
