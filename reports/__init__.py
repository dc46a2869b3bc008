"""Report builders (báo cáo): plain data in, PDF or XLSX bytes out; no queries, no Flask."""
