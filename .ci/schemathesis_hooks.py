"""A check for .ci/schemathesis: a 422 to a request that fits the document may only say what no
document can (.ci/schemathesis.toml lists it and why). Everything else the server checks on input
is stated in the document, so a request that fits it is never refused for its form."""

import schemathesis

# Field problems that depend on what is stored or on the network, not on the request's form.
STORED = {
    "unknown_id": "an id of the right form that names nothing stored",
    "unknown_reference": "a CRM reference of the right form that no client has",
    "different_clients": "incidents that exist, but belong to different clients",
    "client_cannot_change": "an incident stored for another client than the one a PUT by identifier names",
    "private_address": "a webhook host that resolves to a loopback or private address",
    "link_local_address": "a webhook host that resolves to a link-local address",
    "no_action_for_gap": "publishing with action needed, and no action stored for a confirmed gap",
}
# Problems of the whole request that depend on what the server holds.
HELD = {
    "idempotency_key_reused": "an Idempotency-Key this API key already used for another request",
    "invalid_cursor": "a cursor of the issued form that this server did not issue",
}


def allowed(error):
    code = error.get("code")
    if code in STORED:
        return True
    field = error.get("field", "")
    # JSON Schema's uniqueItems compares whole items; "each gap once" compares their `code` only.
    if code == "duplicate" and field.startswith("gaps[") and field.endswith("].code"):
        return True
    # A PUT by CRM identifier may repeat its path's identifier in the body, but no other: a rule
    # across the path and the body, which a document cannot state.
    if code == "not_the_path_reference" and field == "external_ref":
        return True
    # A contact cannot have happened later than now (five minutes of clock difference allowed):
    # what "now" is, the server's clock says, not the document.
    if code == "in_future" and field == "occurred_at":
        return True
    # Only a payment has a delay: a rule across two fields (kind and days_late).
    if code == "only_for_payment" and field == "days_late":
        return True
    # Publishing needs the corrective-action record: a rule across `status` and the record.
    if code == "needed_to_publish" and field in ("correction", "action_needed", "action_needed_rationale"):
        return True
    # An action judged by the service has a window, a manual one none: across two fields.
    if code in ("required", "window_needs_criterion") and field == "window_days":
        return True
    # Publishing needs exactly one primary gap: a rule across two fields (status and gaps).
    return code in ("one_primary", "required_to_publish") and field == "gaps"


@schemathesis.check
def valid_data_refused_only_for_stored_state(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        problem = response.json()
    except Exception:
        raise AssertionError("a 422 without a problem-details body")
    code = problem.get("code")
    if code in HELD:
        return None
    if code == "validation_failed":
        refused = [e for e in problem.get("errors", []) if not allowed(e)]
        if not refused:
            return None
        raise AssertionError(f"Data that fits the document was refused for its form: {refused}")
    raise AssertionError(f"Data that fits the document was refused with `{code}`")
