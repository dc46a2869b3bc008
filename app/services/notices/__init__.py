"""Notices (thông báo): in-app notices queued exactly once, their wording, the e-mail outbox and its SMTP
sender, the reminder run and policy, the weekly digest."""
