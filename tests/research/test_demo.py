"""The demo researcher finds observations, codes and codings on the demo cohort."""

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from research import exports, services
from research.models import Code, Coding, Observation
from research.selectors import Filters
from transitions import demo

XSD_NAME = "refi-qda-project-1.0.xsd"

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_researcher_observations_codes_and_a_valid_qdpx():
    demo.load_demo()
    demo.load_demo()  # idempotent
    cohort = demo.demo_cohort()
    assert Observation.objects.filter(cohort=cohort).count() == 2
    assert Code.objects.filter(cohort=cohort).count() == 3
    assert Coding.objects.filter(cohort=cohort).exists()

    project = services.export_project_for(cohort=cohort, name="démo")
    data, count = exports.qdpx_bytes(exports.Exporter(cohort, project, Filters()))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    schema = etree.parse(str(Path(__file__).resolve().parent / "standards" / XSD_NAME))
    etree.XMLSchema(schema).assertValid(doc)
    assert count >= 2
