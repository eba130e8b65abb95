"""Accounts: users, their roles, registration, login and logout, password changes, role administration."""
