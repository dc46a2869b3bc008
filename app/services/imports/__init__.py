"""Imports (nhập dữ liệu): an office summary spreadsheet read into plain rows (reader), checked and imported all
rows or none (importer), the checked file kept until the clerk confirms (pending)."""
