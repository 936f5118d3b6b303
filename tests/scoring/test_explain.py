from layakanak.scoring import explain, explain_question, score
from layakanak.scoring.model import Text

from .fixture import BALIKPAPAN_ANSWERS, fixture_instrument


def explanations(answers):
    instrument = fixture_instrument()
    return explain(instrument, score(instrument, answers))


def test_chosen_option_is_explained_in_both_languages():
    text = explanations(BALIKPAPAN_ANSWERS)["1.1"]
    assert text == Text(
        "Perda KLA ada dan dilaksanakan: 200 dari 200 poin",
        "KLA regulation in force and implemented: 200 of 200 points",
    )


def test_percentage_uses_a_decimal_comma_in_indonesian():
    text = explanations({"3.1": (885, 1000)})["3.1"]
    assert text.id == "Capaian 88,5% (885 dari 1000): 60 dari 100 poin"
    assert text.en == "Achieved 88.5% (885 of 1000): 60 of 100 points"


def test_checklist_count_and_yes_no_are_explained():
    texts = explanations({"2.1": ["b"], "3.2": 3, "5.1": False})
    assert texts["2.1"].en == "1 of 4 items ticked (b): 29.5 of 150 points"
    assert texts["2.1"].id == "1 dari 4 butir dicentang (b): 29,5 dari 150 poin"
    assert texts["3.2"].en == "Count: 3 services: 10 of 50 points"
    assert texts["5.1"].id == "Tidak: 0 dari 50 poin"


def test_unanswered_and_hidden_questions_are_explained_too():
    texts = explanations({"5.1": False})
    assert texts["1.1"].id == "Belum dijawab: 0 dari 200 poin"
    assert texts["1.1"].en == "Not answered yet: 0 of 200 points"
    assert texts["5.2"].en == "Not shown (depends on the answer to question 5.1): 0 of 150 points"


def test_every_question_gets_an_explanation():
    instrument = fixture_instrument()
    result = score(instrument, {})
    assert set(explain(instrument, result)) == {q.code for q in instrument.questions}
    assert explain_question(instrument, result, "2.2").en.startswith("Not answered")
