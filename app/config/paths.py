"""Where Tandem keeps its settings, data and logs.

The platform's own folders by default (platformdirs). `TANDEM_HOME` puts everything under one folder
instead: the demo's throw-away profile and the tests use it so that nothing touches the user's real
profile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Tandem"
APP_AUTHOR = "Tandem"
HOME_ENV = "TANDEM_HOME"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "tandem.log"

    @property
    def journal_db(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    @classmethod
    def under(cls, home: Path) -> Paths:
        return cls(config_dir=home / "config", data_dir=home / "data", log_dir=home / "logs")

    @classmethod
    def from_env(cls) -> Paths:
        home = os.environ.get(HOME_ENV)
        if home:
            return cls.under(Path(home).expanduser())
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    def ensure(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
