use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// A closed set of codes with a localized label per code.
///
/// The label's Fluent message id is `{LABEL_PREFIX}-{code}`.
pub trait Code: Copy + Into<&'static str> + VariantArray + 'static {
    const LABEL_PREFIX: &'static str;

    fn code(self) -> &'static str {
        self.into()
    }

    fn parse(code: &str) -> Option<Self> {
        Self::VARIANTS.iter().copied().find(|v| v.code() == code)
    }

    fn allowed() -> Vec<&'static str> {
        Self::VARIANTS.iter().map(|v| v.code()).collect()
    }

    fn label_id(self) -> String {
        format!("{}-{}", Self::LABEL_PREFIX, self.code())
    }
}

macro_rules! codes {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema,
            EnumString, IntoStaticStr, VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl Code for $name {
            const LABEL_PREFIX: &'static str = $prefix;
        }
    };
}

codes!(
    /// A language the service speaks, and that a text is written in.
    Language, "language" { En, Ro, Pl, El }
);

codes!(
    /// What the client did.
    Category, "category" {
        /// Pays late or not at all.
        LatePayment,
        /// Insults, shouting, threats, disrespect of people or of their time.
        AbusiveConduct,
        /// Does not send what was asked for (documents, content, access, approvals).
        Unresponsive,
        /// Expects work outside the agreement, or denies what was agreed.
        ScopeDispute,
        /// Complains about everything, at length, without a concrete request.
        ChronicComplaints,
        /// Unhappy, terse, at risk of leaving.
        Dissatisfaction,
        /// Demands a service the firm does not offer.
        OutOfScopeRequest,
        /// Overrides the firm's expert advice.
        AdviceRejected,
        /// None of the above.
        Other,
    }
);

codes!(
    /// How bad an incident is.
    Severity, "severity" { Low, Medium, High, Critical }
);

codes!(
    /// Where an incident is in its review.
    IncidentStatus, "incident-status" { Open, InReview, Closed }
);

codes!(
    /// What a piece of evidence on an incident's timeline is.
    EntryKind, "entry-kind" { Email, Call, Meeting, Change, Payment, Note }
);

codes!(
    /// Why a webhook subscription receives nothing: its receiver answered 410 Gone, its
    /// deliveries failed with no success for too long, or an admin paused it.
    DisabledReason, "disabled-reason" { Gone, Failing, Paused }
);

codes!(
    /// Where a retrospective is: a draft, or published for the team to read.
    RetrospectiveStatus, "retrospective-status" { Draft, Published }
);

codes!(
    /// Where a corrective action is in its life: `open` → `in_progress` → `done` → `verified`;
    /// `open`/`in_progress` → `cancelled`; `done`/`verified` → `reopened` → `in_progress`.
    ActionStatus, "action-status" { Open, InProgress, Done, Verified, Cancelled, Reopened }
);

impl ActionStatus {
    /// The states this one may move to.
    pub fn next(self) -> &'static [ActionStatus] {
        use ActionStatus::*;
        match self {
            Open => &[InProgress, Cancelled],
            InProgress => &[Done, Cancelled],
            Done => &[Verified, Reopened],
            Verified => &[Reopened],
            Reopened => &[InProgress],
            Cancelled => &[],
        }
    }

    /// Not finished: such an action is overdue once its due date has passed.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::InProgress | Self::Reopened)
    }
}

codes!(
    /// What an action does (ISO 9001 10.2): a `correction` puts this client's case right, a
    /// `corrective` action removes the cause so that it does not happen again, a `preventive` one
    /// stops it where it has not happened yet.
    ActionKind, "action-kind" { Correction, Corrective, Preventive }
);

codes!(
    /// How an action's effectiveness is judged: by the service, as no repeat of its gap for the
    /// client (or for any client) within `window_days` of its completion; or by a person.
    Effectiveness, "effectiveness" { NoRepeatForClient, NoRepeatAnyClient, Manual }
);

/// What an action made before kinds existed is.
impl Default for ActionKind {
    fn default() -> Self {
        Self::Corrective
    }
}

/// How an action made before criteria existed is judged: by a person, as then.
impl Default for Effectiveness {
    fn default() -> Self {
        Self::Manual
    }
}

impl Effectiveness {
    /// Whether the service judges it (a window and a rule), rather than a person.
    pub fn is_judged(self) -> bool {
        self != Self::Manual
    }
}

codes!(
    /// The service's judgement of a finished action: `effective` when its window ended with no
    /// repeat, `ineffective` when an incident inside the window repeated its gap.
    Verdict, "verdict" { Effective, Ineffective }
);

codes!(
    /// What a follow-up item chases: an incident's retrospective, or a corrective action.
    FollowUpKind, "follow-up-kind" { Retrospective, Action }
);

codes!(
    /// How an export is written: JSON, or CSV for a spreadsheet.
    ExportFormat, "export-format" { Json, Csv }
);

codes!(
    /// How a retrospective document is rendered.
    DocumentFormat, "document-format" { Markdown, Html }
);

codes!(
    /// Who a retrospective document is written for: the firm (everything) or the client (the
    /// client's letter, which never shows the internal review).
    DocumentAudience, "document-audience" { Internal, Client }
);

codes!(
    /// A process gap from the catalog (DOMAIN.md): what the firm had not set up.
    Gap, "gap" {
        /// The service's scope and who is responsible for what were never stated to the client.
        ScopeUndefined,
        /// Success criteria and priorities were never agreed; each side measured something else.
        ExpectationsMisaligned,
        /// Contact with the client was too rare or irregular to notice trouble early.
        ContactCadence,
        /// No rules of conduct set at the start; the first deviation was let pass.
        ConductBoundaries,
        /// No defined escalation for abuse, threats or debts.
        EscalationPath,
        /// No enforcement of payment terms: no reminder, no late fee, nobody chasing.
        PaymentFollowup,
        /// The client never received written, specific steps for what to provide and by when.
        IntakeChecklist,
        /// Complaints get unlimited time and channels; meetings with no outcome.
        ComplaintTimebox,
        /// No committed date for an answer while something is investigated.
        ResponseCommitment,
        /// Changes, decisions and correspondence were not recorded.
        EvidenceTrail,
        /// A service outside the offering was asked for, with no way to decline, refer or build it.
        ServiceCatalog,
        /// Disagreement over expert advice with no rule for it.
        AdviceProtocol,
        /// What the client asked was lost between account management and delivery.
        InternalHandoff,
    }
);

codes!(
    /// What an API key may do: `reader` reads; `writer` also writes; `admin` also manages the
    /// API keys and the webhooks.
    Role, "role" { Reader, Writer, Admin }
);

impl Role {
    /// Whether a key with this role may call an operation that needs `required`.
    pub fn allows(self, required: Role) -> bool {
        self.rank() >= required.rank()
    }

    fn rank(self) -> u8 {
        match self {
            Self::Reader => 0,
            Self::Writer => 1,
            Self::Admin => 2,
        }
    }
}

codes!(
    /// Where a webhook delivery is: waiting for its next attempt, delivered, or given up on.
    DeliveryStatus, "delivery-status" { Pending, Delivered, Failed }
);

codes!(
    /// What a contact with a client that a CRM reports was.
    ContactKind, "contact-kind" { Call, Meeting, Email, Payment }
);

codes!(
    /// Who reached out: `inbound`, the client; `outbound`, the firm.
    ContactDirection, "contact-direction" { Inbound, Outbound }
);

codes!(
    /// Why the early warning flags a client (`domain::warning::RULES`): its contact lapsed well
    /// beyond its own cadence, its replies slow down, or it starts paying late.
    RiskReason, "risk-reason" { Lapse, SlowReplies, LatePayments }
);

impl Gap {
    /// The Fluent id of a localized part of the gap: its name, `description` or `prevention`.
    pub fn message_id(self, part: Option<&str>) -> String {
        match part {
            None => self.label_id(),
            Some(attribute) => format!("{}.{attribute}", self.label_id()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for category in Category::VARIANTS {
            assert_eq!(Category::parse(category.code()), Some(*category));
            let json = serde_json::to_value(category).expect("serializes");
            assert_eq!(json, category.code());
        }
        assert_eq!(IncidentStatus::InReview.code(), "in_review");
        assert_eq!(Category::OutOfScopeRequest.label_id(), "category-out_of_scope_request");
        assert_eq!(Severity::parse("urgent"), None);
    }

    #[test]
    fn roles_include_the_lower_ones() {
        assert!(Role::Admin.allows(Role::Writer));
        assert!(Role::Writer.allows(Role::Reader));
        assert!(!Role::Reader.allows(Role::Writer));
        assert!(!Role::Writer.allows(Role::Admin));
    }
}
