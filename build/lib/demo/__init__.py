"""Demo data for Tongban (`manage.py demo_data`): a fictitious county, 临河县, with its service
centres, departments, staff, a catalog of real county-level items (real legal basis and limits)
and cases in every state, created through the same services the API uses.

Data lives in plain Python modules (`organisation`, `catalog`, `cases`); `loader` writes it."""
