import pytest
pytestmark = pytest.mark.django_db
from tests.portal.conftest import *  # noqa

def test_smoke(client, published):
    r = client.get("/hasil/2026/")
    assert r.status_code == 200, r.content[:3000]
    open("/tmp/hasil.html","wb").write(r.content)
    r = client.get("/hasil/")
    assert r.status_code == 200
    r = client.get("/data/")
    assert r.status_code == 200, r.content[:2000]
    open("/tmp/data.html","wb").write(r.content)
    for n in ["hasil-kla-2026.csv","datapackage.json","hasil-kla-2026.xlsx","hasil-kla-2026.zip","hasil-kla-2026.json"]:
        r = client.get(f"/data/2026/{n}")
        assert r.status_code == 200, n
    print(client.get("/data/2026/hasil-kla-2026.csv").content.decode())
