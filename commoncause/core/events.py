"""Events one app announces for another side by side with it, so neither imports the other.

`funding_notice_given`: a council has given written notice that it ends or reduces an award. Sent by
`commoncause.funding.awards.funding_change_record` inside its transaction (a receiver's refusal undoes
the change), with these keyword arguments:

- `council` (accounts.Council) and `organisation` (register.Organisation, the award's recipient);
- `title` (up to 200 characters) and `summary` (where the award is on the site);
- `notice_given_on` and `takes_effect_on` (dates);
- `reduction`: "ends", or "from £A to £B";
- `reasons`: the reasons given, with why the notice is shorter than three months when it is;
- `user`: the officer who recorded it; `is_example`: the demo's invented records are marked.

A receiver that records the notice returns the path of its record (relationships' engagement log
returns its entry's page); the sender keeps the first one it is given.

`return_indicators_wanted`: a return for an award is being filled in or checked. Sent by
`commoncause.funding` with `award` (funding.Award). A receiver returns the indicators the return should
ask for, as a list of dicts: `name`, `unit`, and the values a return may give, `lowest` and `highest`
(Decimals, or None for no bound). Outcomes' framework answers with the indicators linked to the award's
opportunity.

`process_warming`: a web server's master process is about to start its workers (gunicorn's
`when_ready`, `config/gunicorn.conf.py`). Sent by `commoncause.core.warming.warm_up` with no arguments.
A receiver loads what each worker would otherwise build on its first request (the search index's
arrays, the reconciliation index), so the workers start with it already in memory; it returns a short
name of what it loaded, for the log.
"""

from __future__ import annotations

from django.dispatch import Signal

funding_notice_given = Signal()
return_indicators_wanted = Signal()
process_warming = Signal()
