"""Demo data for Tongban (`tongban demo_data`): a fictitious county, 临河县, with its service
centres, departments, staff, a catalog of real county-level items (real legal basis and limits)
and cases in every state, created through the same services the API uses.

A Django app of its own, outside the domain code: nothing in `backend` or `workflows` imports it.
Data lives in plain Python modules (`organisation`, `items` in the shapes of `specs`, listed and
checked by `catalog`; `applicants`, `cases`); `loader` writes it."""
