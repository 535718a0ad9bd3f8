"""What the exports need beyond the catalog: the site's address and the OCDS prefix.

Both are site configuration, so they live in `mkdocs.yml`: `site_url` at the top level and
`ocds_prefix` in the `catalog` plugin's options. The build passes them in from the plugin's
config; `catalog export` reads them here without running mkdocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import ConfigError, Level, Problem

# An unregistered placeholder: a publisher registers its own six-character prefix with the Open
# Contracting Partnership and sets `ocds_prefix` in mkdocs.yml before publishing for real.
DEFAULT_OCDS_PREFIX = "ocds-xxxxxx"
OCDS_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s<>\"'`\\]*)?")


@dataclass(frozen=True)
class ExportSettings:
    site_url: str | None = None  # absolute, ending in "/", or None when unknown
    ocds_prefix: str = DEFAULT_OCDS_PREFIX

    def url(self, path: str) -> str | None:
        """The absolute address of a site-relative path, if the site's address is known."""
        return f"{self.site_url}{path}" if self.site_url else None


def make_settings(
    site_url: str | None, ocds_prefix: str | None, source: str = "mkdocs.yml"
) -> ExportSettings:
    """Check and normalise the two settings; a bad value is a configuration error (exit code 2)."""
    prefix = ocds_prefix or DEFAULT_OCDS_PREFIX
    if not OCDS_PREFIX.fullmatch(prefix):
        raise ConfigError(
            [
                Problem(
                    source,
                    0,
                    0,
                    Level.ERROR,
                    "config",
                    f'the OCDS prefix "{prefix}" is not of the form ocds-xxxxxx (six lowercase letters or digits)',
                    hint="set `ocds_prefix` under the catalog plugin to the prefix registered for the publisher",
                )
            ]
        )
    url = (site_url or "").strip() or None
    if url is not None:
        if not _SITE_URL.fullmatch(url):
            raise ConfigError(
                [
                    Problem(
                        source,
                        0,
                        0,
                        Level.ERROR,
                        "config",
                        f'site_url "{url}" is not a web address',
                        hint="set site_url to the address the site is published at, e.g. https://catalog.example.gov/",
                    )
                ]
            )
        url = url if url.endswith("/") else f"{url}/"
    return ExportSettings(url, prefix)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data only: its `!ENV` and `!!python/name:` tags become None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_config(root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as data (empty when it is absent); tags read as None."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        config: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(
            [
                Problem(
                    "mkdocs.yml",
                    0,
                    0,
                    Level.ERROR,
                    "config",
                    f"mkdocs.yml cannot be read: {exc}",
                    hint="fix the file; `mkdocs build` shows the same error",
                )
            ]
        ) from exc
    return config if isinstance(config, dict) else {}


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The catalog plugin's options in a configuration read by `read_config`."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # mkdocs also takes `plugins: {catalog: {...}}`
        plugins = [{name: options} for name, options in plugins.items()]
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("catalog"), dict):
            return dict(plugin["catalog"])
    return {}


def read_settings(root: Path) -> ExportSettings:
    """The settings from the project's mkdocs.yml, or the defaults when it is absent."""
    config = read_config(root)
    prefix = plugin_options(config).get("ocds_prefix")
    site_url = config.get("site_url")
    return make_settings(
        site_url if isinstance(site_url, str) else None, prefix if isinstance(prefix, str) else None
    )
