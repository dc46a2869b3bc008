"""The recommendation's life (kiến nghị): intake and classification, transfer, answers, reviews, meetings,
attachments, compound batch operations, list queries and the read models of the petition pages."""
