"""The embedded store: a NetworkX graph in memory (``store``), persisted as a snapshot plus a journal
(``files``), with a substring index for search (``search_index``)."""
