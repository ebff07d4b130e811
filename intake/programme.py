"""Programme rules (years, required items, deadline) loaded from a YAML file."""
from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

Check = Literal["illegible", "unstamped", "unsigned", "expired", "too_short"]

DEFAULT_PROGRAMME = "hengyang-2020"


class RequiredItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    doc_types: list[str]
    per_year: bool = False
    checks: list[Check] = []


class Programme(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    intake_year: int
    deadline: date
    financial_years: int = 3
    profile_min_chars: int = 600
    # Which figures count when a report has both 合并 (group) and 母公司 (parent company) statements.
    statement_scope: Literal["consolidated", "parent"] = "consolidated"
    required_items: list[RequiredItem]

    def item_label(self, item_id: str) -> str:
        """The Chinese name of a required item id such as `financials_2018`."""
        for item in self.required_items:
            if item_id == item.id:
                return item.label
            if item.per_year and item_id.startswith(f"{item.id}_"):
                return f"{item_id.rsplit('_', 1)[1]}年度{item.label}"
        return item_id

    @property
    def fiscal_years(self) -> list[int]:
        """The years whose financials are required, oldest first (2017–2019 for 2020)."""
        return list(range(self.intake_year - self.financial_years, self.intake_year))


def load_programme(name_or_path: str = DEFAULT_PROGRAMME) -> Programme:
    """Load a shipped programme by id, or any programme YAML by path."""
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} and path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        text = resources.files("intake.programmes").joinpath(f"{name_or_path}.yaml").read_text(encoding="utf-8")
    return Programme.model_validate(yaml.safe_load(text))
