import json
import subprocess
import sys

CHECK = """
import sys
import layakanak.scoring
import layakanak.scoring.engine, layakanak.scoring.planner, layakanak.scoring.explain
import layakanak.instruments.schema, layakanak.instruments.excel
bad = sorted(m for m in sys.modules if m.startswith('django'))
assert not bad, bad
outside = sorted(
    m for m in sys.modules
    if m.startswith('layakanak.')
    and not m.startswith(('layakanak.scoring', 'layakanak.lib', 'layakanak.instruments'))
)
assert not outside, outside
print('pure')
"""


def test_scoring_and_instrument_loaders_import_without_django():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pure"


def test_scoring_package_imports_nothing_from_the_rest_of_layakanak():
    code = (
        "import json, sys, layakanak.scoring; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('layakanak'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    allowed = ("layakanak.scoring", "layakanak.lib")
    modules = json.loads(done.stdout)
    assert all(m == "layakanak" or m.startswith(allowed) for m in modules), modules
