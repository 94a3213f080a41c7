"""Mock interviews: topics from the corpus, questions with quoted key points, and grading.

    interviewer = Interviewer(live_index, sentence_embedder, chat_model=None)
    questions = interviewer.questions("Feature Stores", n=3)
    grade = interviewer.grade(questions[0], "A feature store keeps …")

The package, one concept per module: topics.py (what can be asked about),
writing.py and asking.py (the quick writer, from
the sections' sentences: claims.py reads them, section.py sums a section up, headings.py
asks from a heading alone, english.py has the word rules), model_questions.py (a model's wording and its
checks), grading.py (scoring an answer), interviewer.py (putting them together).
"""

from ..prompts import QUESTION_TYPES
from .grading import MAX_ANSWER_CHARS, point_credits
from .interviewer import MAX_KEY_POINTS, Interviewer
from .model_questions import clean_model_question, is_duplicate, question_problem
from .topics import MAX_TOPIC_CHARS, NotCovered, Topic, corpus_topics
from .writing import write, write_question

__all__ = ["Interviewer", "NotCovered", "Topic", "corpus_topics", "point_credits", "write", "write_question",
           "question_problem", "clean_model_question", "is_duplicate", "QUESTION_TYPES",
           "MAX_ANSWER_CHARS", "MAX_TOPIC_CHARS", "MAX_KEY_POINTS"]
