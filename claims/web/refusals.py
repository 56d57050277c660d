"""How a web page shows a service's refusal (any `ServiceError`): on its form or above it, with the refusal's status.

Views wrap the one service call (and what follows its success) in `with refusal:`; the views never
repeat a try/except for these errors:

    refusal = Refusal(form)
    with refusal:
        actor = save_actor(...)
        return redirect(...)
    return render(..., {"form": form, "problems": refusal.problems}, status=refusal.status)

| the refusal                   | the page                                                             |
| ----------------------------- | -------------------------------------------------------------------- |
| 404 (not in this project)     | the site's 404 page (Http404), as if the object were never there      |
| a problem naming a form field | the message under that field ("title must be text")                   |
| any other problem, with form  | above the form, or under `field` when given (an upload's "file")      |
| any other problem, no form    | `problems` (one line each, where it is: "a.csv, line 3: ...")         |
| with `request` (a POST that redirects) | also a message on the next page: `said` with the refusal in it |

`status` is the refusal's (400 bad input, 409 a conflict), or 200 when nothing was refused.
"""

from django import forms
from django.contrib import messages
from django.http import Http404

from claims.errors import ServiceError


class Refusal:
    """Catches a ServiceError raised in its `with` block and keeps it for the page to show; 404 becomes Http404."""

    def __init__(self, form: forms.Form | None = None, *, field: str | None = None, request=None, said: str = "{}"):
        self.form = form
        self.field = field  # the form field for problems that name none of its fields (None: above the form)
        self.request, self.said = request, said
        self.error: ServiceError | None = None
        self.problems: list[str] = []

    def __enter__(self) -> "Refusal":
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if not isinstance(error, ServiceError):
            return False
        if error.status == 404:
            raise Http404(str(error)) from error
        self.error = error
        fields = self.form.fields if self.form is not None else {}
        for problem in error.problems:
            if getattr(problem, "field", None) in fields:
                self.form.add_error(problem.field, problem.message)
            elif self.form is not None:
                self.form.add_error(self.field, str(problem))
            else:
                self.problems.append(str(problem))
        if self.request is not None:
            messages.error(self.request, self.said.format(self.message))
        return True

    @property
    def message(self) -> str:
        """The refusal in one sentence (for a message on the next page); empty when nothing was refused."""
        return str(self.error) if self.error else ""

    @property
    def status(self) -> int:
        """The page's status: the refusal's, or 200."""
        return self.error.status if self.error else 200
