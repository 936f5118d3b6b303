"""Every write of the child-services module, one module per workflow: reports and appointment
requests (`reports`), the registries officers keep (`registries`), the playgrounds' photos
(`photos`). Each action runs in one transaction and appends an audit event in it.

Every text is checked against its limit (`lib.limits`, or the model field's `max_length`) in
the action, where it enters, whatever sent it. The registries and a report's status are saved
with the version the form showed: a save from a stale form is refused (ServiceConflict, naming
who saved since) instead of replacing a colleague's change unseen.

The names below are the package's interface (`from layakanak.services import actions`, then
`actions.do_save_service(...)`), used by the staff and public views, the demo and the tests.
"""

from layakanak.services.actions._common import (
    PUBLIC,
    ServiceConflict,
    ServiceRefused,
    new_tracking_code,
)
from layakanak.services.actions.photos import (
    MAX_PHOTOS_PER_PLAYGROUND,
    do_add_playground_photo,
    do_remove_playground_photo,
)
from layakanak.services.actions.registries import (
    ACTIVITY_FIELDS,
    CONTACT_FIELDS,
    FORUM_FIELDS,
    PLAYGROUND_FIELDS,
    SERVICE_FIELDS,
    do_add_forum_activity,
    do_save_contact,
    do_save_forum,
    do_save_playground,
    do_save_service,
)
from layakanak.services.actions.reports import (
    NewReport,
    do_change_report_status,
    do_mark_appointment_handled,
    do_purge_service_reports,
    do_record_appointment_read,
    do_record_report_read,
    do_request_appointment,
    do_submit_report,
    report_for_code,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "CONTACT_FIELDS",
    "FORUM_FIELDS",
    "MAX_PHOTOS_PER_PLAYGROUND",
    "PLAYGROUND_FIELDS",
    "PUBLIC",
    "SERVICE_FIELDS",
    "NewReport",
    "ServiceConflict",
    "ServiceRefused",
    "do_add_forum_activity",
    "do_add_playground_photo",
    "do_change_report_status",
    "do_mark_appointment_handled",
    "do_purge_service_reports",
    "do_record_appointment_read",
    "do_record_report_read",
    "do_remove_playground_photo",
    "do_request_appointment",
    "do_save_contact",
    "do_save_forum",
    "do_save_playground",
    "do_save_service",
    "do_submit_report",
    "new_tracking_code",
    "report_for_code",
]
