"""The demo (dữ liệu mẫu): its Vietnamese content, the walk of every item through the services (dataset), and
bulk load data for benchmarks (loaddata)."""
