"""The inspection case after filing (立案), to its lawful end: each step of the procedure with
its two inspectors, its approval by the head where the law asks for one, the document it
issues and the service of that document on the party. See docs/inspection-procedure.md.

Rooms: models/ (steps, service), services/ (one module per part of the procedure),
selectors.py (the procedure state of a case, what may come next), views/, forms.py.
The app sits above dispatch (it reads the inspection referral and opens its time limits)
and below reports (which counts its steps).
"""
