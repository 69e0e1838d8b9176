"""The partnership health check: a council and its local sector each rate statements about both sides.

`library.py` reads the shipped statement sets; `models.py` holds a council's own and retired statements,
rounds, responses, answers and actions; `services.py` writes (audited); `selectors.py` reads and says who
may do what; `results.py` is the arithmetic (means, the perception gap, suppression) over plain data;
`charts.py` draws it; `views/` are the pages under /health-checks/; `demo.py` the demo council's example.
See docs/health-check.md.
"""
