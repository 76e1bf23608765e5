"""All configuration in one place, read from the environment (and a `.env` file).

A bottom module: the stores, the API and the command line all read it, and it imports none of them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPORT = REPO_ROOT / "data" / "reports" / "harbin-new-area-2021-report.txt"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    kg_store: Literal["embedded", "neo4j"] = Field("embedded", description="Which store the CLI and API use.")
    kg_data_dir: Path = Field(
        Path.home() / ".local" / "share" / "harbin-kg", description="Embedded store folder."
    )
    kg_sample: Path = Field(SAMPLE_REPORT, description="Document loaded when none is given.")
    kg_api_key: SecretStr | None = Field(
        None, description="Key for POST /documents; uploads are off without it."
    )
    kg_cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS.")
    kg_cypher_timeout: float = Field(5.0, gt=0, description="Seconds before POST /cypher stops a query.")
    kg_cypher_max_rows: int = Field(1000, ge=1, description="Row cap of POST /cypher.")
    kg_threads: int = Field(
        4,
        ge=1,
        le=1000,
        description="Threads per API process for blocking work (Neo4j reads, uploads); more requests queue. "
        "Raise it when Neo4j runs on another machine.",
    )

    neo4j_uri: str = Field("bolt://localhost:7687", description="Bolt URI of the Neo4j server.")
    neo4j_user: str = Field("neo4j", description="Neo4j user.")
    neo4j_password: SecretStr | None = Field(None, description="Neo4j password (none: auth off).")
    neo4j_database: str = Field("neo4j", description="Neo4j database name.")

    @property
    def graph_file(self) -> Path:
        """Where the embedded store persists its graph."""
        return self.kg_data_dir / "graph.json"


@lru_cache
def get_settings() -> Settings:
    return Settings()
