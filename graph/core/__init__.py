"""The contract every part shares: the graph document model, the store protocol, errors, and the logic
both stores use (merging documents, traversal, search ranking, pinyin). Imports no store and no output."""
