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
    .truncated = { $count ->
        [one] One field is invalid; see “errors”.
       *[other] { $count } fields are invalid; “errors” lists only the first { $max }.
    }
problem-not_found = Not found
    .client = No client has the id “{ $id }”.
    .incident = No incident has the id “{ $id }”.
    .timeline_entry = This incident has no timeline entry with the id “{ $id }”.
    .route = There is nothing at this address. The API documentation at /docs lists every route.
    .action = No corrective action has the id “{ $id }”.
    .retrospective = Incident “{ $id }” has no retrospective yet; create it with PUT.
    .gap = There is no gap with the code “{ $id }”; GET /v1/gaps lists them.
    .api_key = No API key has the id “{ $id }”.
    .webhook = No webhook has the id “{ $id }”.
    .delivery = This webhook has no delivery with the id “{ $id }”.
    .share = This incident has no share link with the id “{ $id }”.
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
problem-client_has_actions = The client has corrective actions
    .detail = { $count ->
        [one] The client cannot be deleted: one corrective action is recorded for it.
       *[other] The client cannot be deleted: { $count } corrective actions are recorded for it.
    }
problem-timeline_full = The timeline is full
    .detail = { $max ->
        [one] An incident's timeline holds at most one entry; remove it before adding another.
       *[other] An incident's timeline holds at most { $max } entries; remove one before adding another.
    }
problem-external_ref_taken = CRM identifier already in use
    .client = The CRM identifier { $source }/{ $external_id } already belongs to another client.
    .incident = The CRM identifier { $source }/{ $external_id } already belongs to another incident.
problem-invalid_cursor = Invalid cursor
    .detail = This cursor was not issued by this service. Use the “next_cursor” of a previous page, or leave it out to start from the beginning.
problem-cursor_expired = Cursor too old
    .detail = { $days ->
        [one] Events are kept for one day, and some after this cursor have been deleted. Copy the lists again (with updated_since), then follow the feed from after=latest.
       *[other] Events are kept for { $days } days, and some after this cursor have been deleted. Copy the lists again (with updated_since), then follow the feed from after=latest.
    }
problem-invalid_query = Invalid query string
    .detail = The query string cannot be read. Check its encoding.
problem-service_unavailable = Service unavailable
    .detail = The database cannot be reached right now. Try again shortly.
problem-worker_stopped = The webhook worker is not running
    .detail = This server is starting its webhook worker again; deliveries resume shortly. Try again in a moment.
problem-internal_error = Internal error
    .detail = Something went wrong on our side. The error has been logged; try again, and contact the administrator if it persists.
problem-invalid_transition = Status change not allowed
    .detail = An action that is “{ $from }” cannot become “{ $to }”. It can become: { $allowed }.
    .none = nothing else, it is final
problem-verification_too_early = Too early to verify
    .detail = An action is verified only after its verification window with no repeat: this one can be verified from { $date }.
problem-unauthenticated = Authentication required
    .missing = Send an API key in the header “Authorization: Bearer <key>”.
    .invalid = This API key is unknown or has been revoked.
problem-forbidden = Not allowed
    .detail = This API key has the role “{ $role }”; this operation needs the role “{ $required }”.
problem-rate_limited = Too many requests
    .detail = { $seconds ->
        [one] This API key has made too many requests. Try again in one second.
       *[other] This API key has made too many requests. Try again in { $seconds } seconds.
    }
problem-too_many_failed_authentications = Too many failed authentications
    .detail = { $seconds ->
        [one] Too many requests from this address presented an unknown or revoked API key. Try again in one second.
       *[other] Too many requests from this address presented an unknown or revoked API key. Try again in { $seconds } seconds.
    }
problem-precondition_failed = The resource has changed
    .detail = The ETag in “If-Match” is no longer current: someone changed the resource since you read it. Read it again and repeat your change.
problem-invalid_header = Invalid header
    .detail = The header “{ $name }” must be 1 to { $max } visible ASCII characters.
    .if_match = The header “If-Match” cannot be empty: send * or an ETag exactly as the server sent it, quotes included.
problem-idempotency_key_in_use = Request still running
    .detail = The first request with this Idempotency-Key is still being processed. Try again in a moment to receive its response.
problem-idempotency_key_reused = Idempotency-Key already used
    .detail = This Idempotency-Key was used in the last 24 hours for a different request. Use a new key for a new request.
problem-idempotency_secret_not_replayed = Response not repeated: it held a secret
    .detail = The request with this Idempotency-Key succeeded, and its response held a secret that is shown only once and never stored. If you did not receive it, create a new one (and revoke the first) or rotate the secret.
problem-cannot_revoke_own_key = A key cannot revoke itself
    .detail = This request is made with the key it would revoke, which would lock you out. Revoke it with another admin key.
problem-letter_not_ready = The client's letter is not ready
    .draft = The retrospective is still a draft. Publish it before writing to the client.
    .summary = The retrospective has no client summary. Write “client_summary” before writing to the client.
problem-public_url_missing = Share links are not set up
    .detail = This server was started without --public-url, so it cannot write an address the client can open. Start it with --public-url, for example https://retro.example.com.
