from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from layakanak.instruments import queries
from layakanak.instruments.excel import write_excel
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.schema import dump_yaml
from layakanak.scoring.explain import describe_prerequisite
from layakanak.scoring.model import QuestionType


def _version_or_404(slug: str) -> InstrumentVersion:
    version = queries.get_version(slug)
    if version is None:
        raise Http404(_("There is no instrument version “%(slug)s”.") % {"slug": slug})
    return version


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "instruments/index.html", {"versions": queries.versions()})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = _version_or_404(slug)
    instrument = queries.instrument_of(version)
    return render(
        request,
        "instruments/detail.html",
        {
            "version": version,
            "instrument": instrument,
            "types": QuestionType,
            "prerequisites": [
                (describe_prerequisite(instrument, rule), rule.note)
                for rule in instrument.prerequisites
            ],
        },
    )


def download_yaml(request: HttpRequest, slug: str) -> HttpResponse:
    version = _version_or_404(slug)
    response = HttpResponse(
        dump_yaml(queries.instrument_of(version)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{version.slug}.yaml"'
    return response


def download_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    import tempfile
    from pathlib import Path

    version = _version_or_404(slug)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{version.slug}.xlsx"
        write_excel(queries.instrument_of(version), path)
        content = path.read_bytes()
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{version.slug}.xlsx"'
    return response
