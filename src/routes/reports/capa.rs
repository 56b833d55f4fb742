//! `GET /v1/reports/capa`: the corrective-action record of every incident with a published
//! retrospective, for an ISO 9001 audit or a spreadsheet.

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::super::responses::Unprocessable;
use super::super::LangQuery;
use super::ReportQuery;
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::domain::ExportFormat;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::capa;
use crate::validation::Validator;
use crate::views::capa::{csv, CapaReport, CapaRow};

/// How the export is written.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CapaFormatQuery {
    /// `json` (the default) or `csv` (UTF-8 with a byte-order mark, headers in the response
    /// language).
    #[param(value_type = Option<ExportFormat>)]
    pub format: Option<String>,
}

/// The corrective-action record (ISO 9001 10.2) of each incident with a published
/// retrospective, oldest first: its nature, the correction, the confirmed gaps (the causes),
/// why it was not caught earlier, the decision whether action is needed and why, the actions
/// and their effectiveness verdicts, in the response language. `format=csv` answers a file a
/// spreadsheet opens (Excel included: UTF-8 with a byte-order mark); a cell that starts with
/// `=`, `+`, `-` or `@` is prefixed with `'` so that no spreadsheet runs it as a formula. At
/// most 50,000 incidents; narrow with `from`/`to`.
#[utoipa::path(
    tag = "reports",
    params(ReportQuery, CapaFormatQuery, LangQuery),
    responses(
        (status = 200, description = "The records.", body = CapaReport,
         content((CapaReport = "application/json"), (String = "text/csv"))),
        Unprocessable
    )
)]
#[get("/reports/capa")]
pub async fn capa_report(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    scope: web::Query<ReportQuery>,
    format: web::Query<CapaFormatQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut v = Validator::new();
    let format = match format.into_inner().format {
        Some(code) => v.code("format", &code),
        None => Some(ExportFormat::Json),
    };
    let scope = scope.into_inner().validate();
    v.finish()?;
    let (scope, format) = (scope?, format.unwrap_or(ExportFormat::Json));
    let entries = db.read(move |conn| capa::records(conn, &scope)).await?;
    let rows: Vec<CapaRow> = entries.into_iter().map(|e| CapaRow::new(e, &locale)).collect();
    Ok(match format {
        ExportFormat::Json => HttpResponse::Ok().json(CapaReport { items: rows }),
        ExportFormat::Csv => {
            let body = csv(&rows, &locale)?;
            let name = format!("capa-{}.csv", clock.today());
            HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header(ContentDisposition {
                    disposition: DispositionType::Attachment,
                    parameters: vec![DispositionParam::Filename(name)],
                })
                .body(body)
        }
    })
}
