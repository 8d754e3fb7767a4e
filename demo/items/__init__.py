"""The demo catalog's items, one module per group of departments; `catalog.ITEMS` lists them all."""

from __future__ import annotations

from . import building, city, market

ITEMS = [*market.ITEMS, *building.ITEMS, *city.ITEMS]
