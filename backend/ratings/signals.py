"""Events other apps subscribe to.

`rating_submitted` (sender=Rating, kwargs: rating, now) is sent once, inside the transaction that
saves the rating, so what receivers write commits or rolls back with it: supervision opens a
rectification (整改) for the department when the score is 1 or 2 (不满意 / 非常不满意), and
statistics records the score on the case's fact row. A receiver that fails undoes the rating too,
and the applicant is told to try again, rather than a rating standing without its rectification.
"""

from django.dispatch import Signal

rating_submitted = Signal()
