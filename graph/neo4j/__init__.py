"""The Neo4j store: properties as stored (``mapping``), writes (``writes``), reads (``reads``), the store
itself (``store``), the read-only query checks of POST /cypher (``read_query``) and the memo of stored
nodes (``stored_nodes``)."""
