"""The HTTP API and the researchers' web interface, one FastAPI app: ``create_app``.

JSON routes (entity_routes, question_routes, query_routes, data_routes), the views for
iframes (view_routes), the offline API reference (docs) and the server-rendered pages
(pages, console) all call :mod:`aidgraph.queries` through one :class:`GraphService`,
which owns the workspace on a single thread (service.py). Nothing is loaded from a CDN.
"""
