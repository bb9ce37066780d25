"""`newsbot report`: a self-contained HTML report with charts, and a text summary."""
