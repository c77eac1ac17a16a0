"""Reading the archive as a person does: one article with its sentence pairs, its story, what needs review.

``archive`` holds the read queries (shared by `newsflow show` and the web reader); ``web`` the local read-only
web app behind `newsflow reader`. Both read through read-only connections, never the writer.
"""
