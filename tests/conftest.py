from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "seeds_gold.json"


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.exists():
        pytest.skip(f"gold labels not found at {GOLD} (../shared is not beside the repository)")
    return GOLD


@pytest.fixture(scope="session")
def seed_records():
    from extract import iter_records

    return list(iter_records([str(SEEDS)]))
