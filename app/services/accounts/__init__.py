"""Accounts (tài khoản): staff accounts and their administration (users), passwords, signing in with
throttling (sign_in), finding accounts (search)."""
