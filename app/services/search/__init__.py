"""Search and duplicates (tìm kiếm, gợi ý trùng): the folded index (index), the search box's query (query),
highlighting the matched words (highlight) and likely duplicates of an item (duplicates)."""
