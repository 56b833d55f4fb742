# Why one field of a request is invalid.

field-required = This field is required.
field-not_nullable = This field cannot be null; leave it out to keep its value.
field-blank = This field cannot be empty.
field-too_long = { $max ->
    [one] At most one character is allowed.
   *[other] At most { $max } characters are allowed.
}
field-too_many = { $max ->
    [one] At most one item is allowed.
   *[other] At most { $max } items are allowed.
}
field-control_characters = Control characters (such as NUL) are not allowed here.
field-unknown_code = “{ $value }” is not an allowed value. Allowed: { $allowed }.
field-invalid_datetime = Expected an RFC 3339 date and time with a UTC offset, such as 2026-11-20T10:30:00+02:00.
field-invalid_email = This is not a valid e-mail address.
field-invalid_id = This is not a valid id (a UUID is expected).
field-unknown_id = Nothing with this id exists.
field-wrong_type = This value has the wrong type; see the API documentation.
field-out_of_range = Expected a whole number from { $min } to { $max }.
field-duplicate = This value appears more than once.
field-one_primary = Exactly one confirmed gap must be marked primary.
field-required_to_publish = A published retrospective needs at least one confirmed gap.
field-needed_to_publish = A published retrospective needs this field.
field-no_action_for_gap = Action is marked as needed, but no action answers this incident for one of its confirmed gaps. Create one first, or set “action_needed” to false and explain why in “action_needed_rationale”.
field-window_needs_criterion = Only an action the service judges (effectiveness “no_repeat_for_client” or “no_repeat_any_client”) has a window; leave this field out for “manual”.
field-different_clients = All the incidents must belong to the same client.
field-invalid_date = Expected a date such as 2026-12-31.
field-unknown_reference = No client has this CRM identifier. Create it first with PUT /v1/clients/by-ref/<source>/<external_id>.
field-exclusive = Give either this field or “{ $other }”, not both.
field-invalid_url = Expected an absolute http or https URL.
field-private_address = This URL points at a loopback or private address, which this server does not allow.
field-link_local_address = This URL points at a link-local address (such as 169.254.169.254), which is never allowed.
field-client_cannot_change = An incident stays with the client it was filed for. For another client, file a new incident.
field-not_the_path_reference = Leave this field out, or give the same CRM identifier as the path.
field-in_future = This time is in the future; report a contact once it has happened.
field-only_for_payment = Only a payment has this field.
