//! What the client routes read and write.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::Language;
use crate::error::{ApiError, Resource};
use crate::models::client::{ClientChanges, ClientFilter, ExternalRef, NewClient};
use crate::pagination::{ChangeWindow, PageRequest};
use crate::validation::{capped, capped_double_option, double_option, line, Lines, Rule, Rules, Validator, EMAIL_MAX};

const NAME_MAX: usize = 200;
const REFS_MAX: usize = 20;
const SOURCE_MAX: usize = 50;
const EXTERNAL_ID_MAX: usize = 200;
/// As an action's `owner`.
const ACCOUNT_OWNER_MAX: usize = 200;

/// A client's record in a CRM: the CRM (`hubspot`, `pipedrive`, …) and its id there.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"source": "hubspot", "external_id": "1873401"}))]
pub struct ExternalRefBody {
    /// The CRM, at most 50 characters.
    #[schema(value_type = String, required = true)]
    pub source: Option<String>,
    /// The client's id in that CRM, at most 200 characters.
    #[schema(value_type = String, required = true)]
    pub external_id: Option<String>,
}

/// A new client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Atelier Popescu SRL",
    "contact_email": "office@atelierpopescu.ro",
    "preferred_language": "ro",
    "external_refs": [{"source": "hubspot", "external_id": "1873401"}],
    "account_owner": "Ioana Marinescu"
}))]
pub struct CreateClient {
    /// At most 200 characters.
    #[schema(value_type = String, required = true)]
    pub name: Option<String>,
    #[schema(format = Email)]
    pub contact_email: Option<String>,
    /// The language the client is written to in; `en` when absent.
    #[schema(value_type = Option<Language>)]
    pub preferred_language: Option<String>,
    /// At most 20; each reference names one client only.
    #[serde(default, deserialize_with = "capped::<{ REFS_MAX }, _, _>")]
    pub external_refs: Vec<ExternalRefBody>,
    /// The person at the firm who owns the client and its retrospectives, at most 200
    /// characters; the client's letter names them as its contact.
    pub account_owner: Option<String>,
}

/// Changes to a client: absent fields stay as they are, `null` clears `contact_email` and
/// `account_owner`, and `external_refs` replaces the whole list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contact_email": null, "preferred_language": "pl"}))]
pub struct UpdateClient {
    /// At most 200 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = Email)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Language)]
    pub preferred_language: Option<Option<String>>,
    /// At most 20; replaces the list.
    #[serde(default, deserialize_with = "capped_double_option::<{ REFS_MAX }, _, _>")]
    #[schema(value_type = Vec<ExternalRefBody>)]
    pub external_refs: Option<Option<Vec<ExternalRefBody>>>,
    /// At most 200 characters; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub account_owner: Option<Option<String>>,
}

/// Filters and paging of the client list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientListQuery {
    /// Only clients with this preferred language.
    #[param(value_type = Option<Language>)]
    pub preferred_language: Option<String>,
    /// Only clients with a reference in this CRM.
    pub source: Option<String>,
    /// Only clients whose name contains this text (case-insensitive).
    pub q: Option<String>,
    /// Only rows changed at or after this time (RFC 3339, inclusive): with `sort=updated_at`, how a
    /// CRM catches up on what changed since it last looked (ask from a minute before the last
    /// `updated_at` it saw).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub updated_since: Option<String>,
    /// `updated_at`: by last change, oldest first (a row changed again moves to the end); without
    /// it, the list's own order.
    #[param(value_type = Option<crate::pagination::Sort>)]
    pub sort: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Rules for ExternalRefBody {
    const RULES: &'static [(&'static str, Rule)] =
        &[("source", line(SOURCE_MAX)), ("external_id", line(EXTERNAL_ID_MAX))];
}
/// The texts and lists of a new client and of its changes.
const CLIENT_RULES: &[(&str, Rule)] = &[
    ("name", line(NAME_MAX)),
    ("contact_email", line(EMAIL_MAX)),
    ("account_owner", line(ACCOUNT_OWNER_MAX)),
    (
        "external_refs",
        Rule::List {
            min: 0,
            max: REFS_MAX,
            unique: true,
        },
    ),
];
impl Rules for CreateClient {
    const RULES: &'static [(&'static str, Rule)] = CLIENT_RULES;
}
impl Rules for UpdateClient {
    const RULES: &'static [(&'static str, Rule)] = CLIENT_RULES;
}
impl Rules for ClientListQuery {
    const RULES: &'static [(&'static str, Rule)] = &[("source", line(SOURCE_MAX)), ("q", line(NAME_MAX))];
}
impl Rules for RefPath {
    const RULES: &'static [(&'static str, Rule)] = <ExternalRefBody as Rules>::RULES;
}

/// One CRM reference of a body, its fields named under `field`.
pub fn external_ref(v: &mut Validator, field: &str, r: ExternalRefBody) -> Option<ExternalRef> {
    let name = |part: &str| format!("{field}.{part}");
    let source = v
        .required(&name("source"), r.source)
        .and_then(|s| v.text(&name("source"), s, SOURCE_MAX, Lines::One));
    let external_id = v
        .required(&name("external_id"), r.external_id)
        .and_then(|s| v.text(&name("external_id"), s, EXTERNAL_ID_MAX, Lines::One));
    Some(ExternalRef {
        source: source?,
        external_id: external_id?,
    })
}

fn external_refs(v: &mut Validator, refs: Vec<ExternalRefBody>) -> Option<Vec<ExternalRef>> {
    if refs.len() > REFS_MAX {
        v.push("external_refs", crate::error::FieldProblem::TooMany { max: REFS_MAX });
        return None;
    }
    // A reference sent twice is refused, as the document's `uniqueItems` says; two that differ
    // only in the white space trimmed off their texts count once.
    let mut sent: Vec<(Option<String>, Option<String>)> = Vec::with_capacity(refs.len());
    let mut out: Vec<ExternalRef> = Vec::with_capacity(refs.len());
    let mut valid = true;
    for (i, r) in refs.into_iter().enumerate() {
        let as_sent = (r.source.clone(), r.external_id.clone());
        if sent.contains(&as_sent) {
            v.push(format!("external_refs[{i}]"), crate::error::FieldProblem::Duplicate);
            valid = false;
            continue;
        }
        sent.push(as_sent);
        match external_ref(v, &format!("external_refs[{i}]"), r) {
            Some(r) if out.contains(&r) => {}
            Some(r) => out.push(r),
            None => valid = false,
        }
    }
    valid.then_some(out)
}

/// The CRM reference in a `/by-ref/{source}/{external_id}` path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RefPath {
    /// The CRM, e.g. `hubspot`.
    pub source: String,
    /// The record's id in that CRM.
    pub external_id: String,
}

/// A CRM reference given in a path, checked like one in a body.
pub fn external_ref_path(source: String, external_id: String) -> Result<ExternalRef, ApiError> {
    let mut v = Validator::new();
    let source = v.text("source", source, SOURCE_MAX, Lines::One);
    let external_id = v.text("external_id", external_id, EXTERNAL_ID_MAX, Lines::One);
    let (source, external_id) = v.done((source, external_id))?;
    Ok(ExternalRef { source, external_id })
}

/// A CRM reference in a path that only reads: one that could not be valid names nothing, so it
/// is a 404 like any unknown reference.
pub fn external_ref_lookup(source: String, external_id: String, resource: Resource) -> Result<ExternalRef, ApiError> {
    let shown = format!("{source}/{external_id}");
    external_ref_path(source, external_id).map_err(|_| ApiError::not_found(resource, shown))
}

impl CreateClient {
    pub fn validate(self) -> Result<NewClient, ApiError> {
        let mut v = Validator::new();
        let name = v
            .required("name", self.name)
            .and_then(|n| v.text("name", n, NAME_MAX, Lines::One));
        let contact_email = match self.contact_email {
            Some(email) => v.email("contact_email", email).map(Some),
            None => Some(None),
        };
        let preferred_language = match self.preferred_language {
            Some(code) => v.code::<Language>("preferred_language", &code),
            None => Some(Language::En),
        };
        let external_refs = external_refs(&mut v, self.external_refs);
        let account_owner = v.optional_text("account_owner", self.account_owner, ACCOUNT_OWNER_MAX, Lines::One);
        let (name, contact_email, preferred_language, external_refs, account_owner) =
            v.done((name, contact_email, preferred_language, external_refs, account_owner))?;
        Ok(NewClient {
            name,
            contact_email,
            preferred_language,
            external_refs,
            account_owner,
        })
    }
}

impl UpdateClient {
    pub fn validate(self) -> Result<ClientChanges, ApiError> {
        let mut v = Validator::new();
        let changes = ClientChanges {
            name: v
                .not_null("name", self.name)
                .and_then(|n| v.text("name", n, NAME_MAX, Lines::One)),
            contact_email: self.contact_email.map(|e| e.and_then(|e| v.email("contact_email", e))),
            preferred_language: v
                .not_null("preferred_language", self.preferred_language)
                .and_then(|c| v.code("preferred_language", &c)),
            external_refs: v
                .not_null("external_refs", self.external_refs)
                .and_then(|refs| external_refs(&mut v, refs)),
            account_owner: self
                .account_owner
                .map(|owner| owner.and_then(|o| v.text("account_owner", o, ACCOUNT_OWNER_MAX, Lines::One))),
        };
        v.finish()?;
        Ok(changes)
    }
}

impl ClientListQuery {
    pub fn validate(self) -> Result<(ClientFilter, PageRequest), ApiError> {
        let mut v = Validator::new();
        let filter = ClientFilter {
            preferred_language: self.preferred_language.and_then(|c| v.code("preferred_language", &c)),
            source: self.source.and_then(|s| v.text("source", s, SOURCE_MAX, Lines::One)),
            name_contains: self.q.and_then(|q| v.text("q", q, NAME_MAX, Lines::One)),
            changes: ChangeWindow::parse(&mut v, self.updated_since.as_deref(), self.sort.as_deref()),
        };
        let page = PageRequest::parse(&mut v, self.limit.as_deref(), self.cursor.as_deref())?;
        v.finish()?;
        Ok((filter, page))
    }
}
