"""The 13 standard requirements of a child-friendly playground (RBRA), as a checklist.

Reconstruction from public KemenPPPA RBRA guidance; replace the wording with the official
standard's when it is available (the numbers are what is stored).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REQUIREMENTS: tuple[tuple[int, Promise], ...] = (
    (1, _("Free of charge for children")),
    (2, _("Open to every child without discrimination")),
    (3, _("Safe location, easy to reach")),
    (4, _("Safe play equipment meeting the national standard (SNI)")),
    (5, _("Safe ground surface under the equipment")),
    (6, _("Trained manager or attendant")),
    (7, _("Clean toilets")),
    (8, _("Clean water and hand-washing place")),
    (9, _("No-smoking area")),
    (10, _("Rules, signs and emergency numbers displayed")),
    (11, _("Accessible to children with disabilities")),
    (12, _("Shade and green space")),
    (13, _("Children took part in planning")),
)
NUMBERS = tuple(number for number, _label in REQUIREMENTS)
