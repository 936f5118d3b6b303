import pytest
from tests.api.test_openapi_schemathesis import in_process  # noqa
from tests.api import test_openapi_schemathesis as m

pytestmark = pytest.mark.django_db

def test_it_fails_on_a_server_error(in_process, monkeypatch):
    import layakanak.api.results as r
    def boom(*a, **k):
        raise RuntimeError("boom")
    monkeypatch.setattr(r.queries, "region_history", boom)
    try:
        m.test_no_api_operation_answers_with_a_server_error(None, m.schemathesis.GenerationMode.POSITIVE)
    except BaseException as error:
        print("FAILED AS EXPECTED:", type(error).__name__, str(error)[:400])
    else:
        raise AssertionError("did not fail")
