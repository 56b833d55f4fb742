//! The tables, in types every backend stores: ids as text, times as naive UTC timestamps.
// @generated shape kept by hand: `diesel print-schema` would emit backend-specific types.

diesel::table! {
    clients (id) {
        id -> Text,
        name -> Text,
        contact_email -> Nullable<Text>,
        preferred_language -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        account_owner -> Nullable<Text>,
    }
}

diesel::table! {
    client_external_refs (source, external_id) {
        source -> Text,
        external_id -> Text,
        client_id -> Text,
    }
}

diesel::table! {
    incidents (id) {
        id -> Text,
        client_id -> Text,
        category -> Text,
        severity -> Text,
        status -> Text,
        occurred_at -> Timestamp,
        reported_by -> Text,
        language -> Text,
        summary -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        external_source -> Nullable<Text>,
        external_id -> Nullable<Text>,
    }
}

diesel::table! {
    incident_tags (incident_id, tag) {
        incident_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    timeline_entries (id) {
        id -> Text,
        incident_id -> Text,
        kind -> Text,
        occurred_at -> Timestamp,
        author -> Text,
        body -> Text,
        source_ref -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(client_external_refs -> clients (client_id));
diesel::joinable!(incidents -> clients (client_id));
diesel::joinable!(incident_tags -> incidents (incident_id));
diesel::joinable!(timeline_entries -> incidents (incident_id));

diesel::table! {
    retrospectives (incident_id) {
        incident_id -> Text,
        what_happened -> Text,
        client_view -> Nullable<Text>,
        our_view -> Nullable<Text>,
        lessons -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        correction -> Nullable<Text>,
        escape_point -> Nullable<Text>,
        action_needed -> Nullable<Bool>,
        action_needed_rationale -> Nullable<Text>,
        client_summary -> Nullable<Text>,
        next_answer_on -> Nullable<Date>,
    }
}

diesel::table! {
    retrospective_whys (incident_id, position) {
        incident_id -> Text,
        position -> Integer,
        text -> Text,
    }
}

diesel::table! {
    retrospective_gaps (incident_id, gap) {
        incident_id -> Text,
        gap -> Text,
        is_primary -> Bool,
        note -> Nullable<Text>,
    }
}

diesel::joinable!(retrospectives -> incidents (incident_id));

diesel::table! {
    actions (id) {
        id -> Text,
        client_id -> Text,
        gap -> Text,
        title -> Text,
        description -> Nullable<Text>,
        owner -> Text,
        due_date -> Date,
        status -> Text,
        completion_note -> Nullable<Text>,
        verification_note -> Nullable<Text>,
        done_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        first_incident_at -> Nullable<Timestamp>,
        days_to_done -> Nullable<Double>,
        // No longer written: reminders are kept in `reminders`, per occasion.
        overdue_notified_at -> Nullable<Timestamp>,
        kind -> Text,
        effectiveness -> Text,
        window_days -> Nullable<Integer>,
        completed_on -> Nullable<Date>,
        window_ends_on -> Nullable<Date>,
        verdict -> Nullable<Text>,
        verdict_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    action_incidents (action_id, incident_id) {
        action_id -> Text,
        incident_id -> Text,
    }
}

diesel::table! {
    action_history (id) {
        id -> Text,
        action_id -> Text,
        at -> Timestamp,
        changed_by -> Nullable<Text>,
        from_status -> Nullable<Text>,
        to_status -> Text,
        note -> Nullable<Text>,
        repeat_incident_id -> Nullable<Text>,
        verdict -> Nullable<Text>,
        window_from -> Nullable<Date>,
        window_until -> Nullable<Date>,
    }
}

diesel::table! {
    incident_repeats (incident_id, action_id) {
        incident_id -> Text,
        action_id -> Text,
        earlier_incident_id -> Nullable<Text>,
        gap -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        prefix -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (api_key_id, idempotency_key) {
        api_key_id -> Text,
        idempotency_key -> Text,
        fingerprint -> Text,
        started_at -> Timestamp,
        response_status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Text,
        secret -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        language -> Text,
        disabled_at -> Nullable<Timestamp>,
        disabled_reason -> Nullable<Text>,
        failing_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        response_status -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> Integer,
    }
}

diesel::table! {
    finder_examples (incident_id) {
        incident_id -> Text,
        gap -> Text,
        language -> Text,
        text -> Text,
        learned_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        position -> BigInt,
        #[sql_name = "type"]
        event_type -> Text,
        resource_type -> Text,
        resource_id -> Text,
        actor -> Nullable<Text>,
        data -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    event_horizon (id) {
        id -> Integer,
        position -> BigInt,
        event_id -> BigInt,
    }
}

diesel::table! {
    retrospective_shares (id) {
        id -> Text,
        incident_id -> Text,
        token_hash -> Text,
        format -> Text,
        language -> Text,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    client_contacts (id) {
        id -> Text,
        client_id -> Text,
        kind -> Text,
        direction -> Text,
        occurred_at -> Timestamp,
        response_minutes -> Nullable<Integer>,
        days_late -> Nullable<Integer>,
        external_ref -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    at_risk_episodes (id) {
        id -> Text,
        client_id -> Text,
        started_on -> Date,
        ended_on -> Nullable<Date>,
        reasons -> Text,
        evaluated_on -> Date,
    }
}

diesel::joinable!(action_incidents -> actions (action_id));
diesel::joinable!(action_history -> actions (action_id));

diesel::table! {
    reminders (rule, subject_id, occasion) {
        rule -> Text,
        subject_id -> Text,
        occasion -> Date,
        fired_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    reminders,
    finder_examples,
    clients,
    client_external_refs,
    incidents,
    incident_tags,
    timeline_entries,
    retrospectives,
    retrospective_whys,
    retrospective_gaps,
    actions,
    action_incidents,
    action_history,
    incident_repeats,
    api_keys,
    idempotency_keys,
    webhooks,
    webhook_deliveries,
    webhook_attempts,
    events,
    event_horizon,
    retrospective_shares,
    client_contacts,
    at_risk_episodes,
);
