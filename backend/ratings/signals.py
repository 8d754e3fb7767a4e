"""Events other apps subscribe to.

`rating_submitted` (sender=Rating, kwargs: rating) is sent once, after the transaction that saved
the rating has committed (transaction.on_commit), never for a rating that was rolled back. The
integrator connects it to open a rectification (整改) for the department when the score is 1 or 2
(不满意 / 非常不满意), and to update the statistics rollups. A receiver runs outside the rating's
transaction: it opens its own, and a failure there does not undo the rating.
"""

from django.dispatch import Signal

rating_submitted = Signal()
