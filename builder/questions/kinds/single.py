"""Single best answer: options of which exactly one is right."""
from builder.questions.kinds.choice import Choice


class Single(Choice):
    name = "single"
    label = "single best answer"


KIND = Single()
