"""One module per online service: its form, its checks at submission, its effect when approved."""
