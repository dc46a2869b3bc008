"""Reporting (báo cáo): what each report and dashboard shows, gathered as plain data for reports/, built to
PDF or Excel bytes, inline or by the job process for large ones."""
