"""The instructor's tools for the course itself (the ``conflictlab`` command line).

``authoring``  ``conflictlab build``: exercises from the answer keys in ``solutions/``;
``tidy``       ``conflictlab tidy``: notebooks stripped for git, checked outputs pinned;
``release``    ``conflictlab release``: the students' zip, without answers;
``doctor``     ``conflictlab doctor``: is the widget and chart stack complete?
``markers``    the instructor tag and the solution markers all of them read;
``cli``        the ``conflictlab`` command, which wires them (and ``grading``) together.
"""
