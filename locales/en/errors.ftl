# Problem responses: the message is the title, the attributes are the details.

problem-malformed_body = Malformed request body
    .detail = The body is not valid JSON (line { $line }, column { $column }).
    .utf8 = The body is not valid UTF-8 text.
problem-unknown_field = Unknown field
    .detail = The field “{ $field }” is not part of this request. Check its spelling against the API documentation.
problem-validation_failed = Invalid input
    .detail = { $count ->
        [one] One field is invalid; see “errors”.
       *[other] { $count } fields are invalid; see “errors”.
    }
problem-not_found = Not found
    .client = No client has the id “{ $id }”.
    .incident = No incident has the id “{ $id }”.
    .timeline_entry = This incident has no timeline entry with the id “{ $id }”.
    .route = There is nothing at this address. The API documentation at /docs lists every route.
    .action = No corrective action has the id “{ $id }”.
    .retrospective = Incident “{ $id }” has no retrospective yet; create it with PUT.
    .gap = There is no gap with the code “{ $id }”; GET /v1/gaps lists them.
problem-method_not_allowed = Method not allowed
    .detail = This address does not accept this method. Allowed: { $allowed }.
problem-payload_too_large = Request body too large
    .detail = The body may be at most { $limit_kib } KiB.
problem-unsupported_media_type = Unsupported media type
    .detail = Send the body as JSON, with the header “Content-Type: application/json”.
problem-client_has_incidents = The client has incidents
    .detail = { $count ->
        [one] The client cannot be deleted: one incident is recorded for it.
       *[other] The client cannot be deleted: { $count } incidents are recorded for it.
    }
problem-external_ref_taken = CRM reference already in use
    .detail = The reference { $source }/{ $external_id } already belongs to another client.
problem-invalid_cursor = Invalid cursor
    .detail = This cursor was not issued by this service. Use the “next_cursor” of a previous page, or leave it out to start from the beginning.
problem-invalid_query = Invalid query string
    .detail = The query string cannot be read. Check its encoding.
problem-service_unavailable = Service unavailable
    .detail = The database cannot be reached right now. Try again shortly.
problem-internal_error = Internal error
    .detail = Something went wrong on our side. The error has been logged; try again, and contact the administrator if it persists.
problem-invalid_transition = Status change not allowed
    .detail = An action that is “{ $from }” cannot become “{ $to }”. It can become: { $allowed }.
    .none = nothing else, it is final
problem-verification_too_early = Too early to verify
    .detail = An action is verified only after its verification window with no repeat: this one can be verified from { $date }.
