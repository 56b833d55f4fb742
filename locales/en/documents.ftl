# The retrospective document.

doc-title = Retrospective: { $summary }
doc-blameless = A blameless review: it looks at our processes, not at people.
doc-client = Client
doc-category = Category
doc-severity = Severity
doc-status = Incident status
doc-occurred = Occurred
doc-reported-by = Reported by
doc-language = Written in
doc-retrospective-status = Retrospective
doc-tags = Tags
doc-description = Description
doc-timeline = Timeline
doc-timeline-empty = No evidence was attached to this incident.
doc-what-happened = What happened
doc-client-view = The client's view
doc-our-view = Our view
doc-whys = Why did it happen?
doc-gaps = Confirmed process gaps
doc-primary = primary
doc-prevention = How to close it
doc-lessons = Lessons
doc-not-written = Not written yet.

# The per-gap chart.
chart-gaps-title = Incidents per process gap
chart-incidents = Incidents
chart-repeats = Repeats
chart-empty = No confirmed gaps yet.

# The CAPA export (ISO 9001 10.2): column headers and the words in its cells.
capa-column-incident_id = Incident
capa-column-external_ref = CRM reference
capa-column-client = Client
capa-column-occurred_at = Occurred (UTC)
capa-column-category = Nature
capa-column-severity = Severity
capa-column-summary = Summary
capa-column-correction = Correction
capa-column-gaps = Causes (confirmed gaps)
capa-column-escape_point = Why it was not caught earlier
capa-column-action_needed = Action needed
capa-column-action_needed_rationale = Rationale
capa-column-actions = Actions
capa-column-verdicts = Effectiveness
capa-column-published_at = Retrospective published (UTC)
capa-yes = Yes
capa-no = No
capa-primary = primary
capa-due = due
capa-window-running = not judged yet (window ends { $until })
# The client's letter: what the client is told about one incident, in the client's language.
letter-title = Our follow-up on the incident of { $date }
letter-greeting = Dear { $name } team,
letter-intro = Thank you for your patience. This letter sets out what happened, what we are changing so that it does not happen again, and when you will hear from us next.
letter-incident-date = Date of the incident
letter-what-happened = What happened
letter-changes = What we are changing
letter-changes-intro = { $count ->
    [one] We have committed to one change:
   *[other] We have committed to { $count } changes:
}
letter-changes-none = We will tell you what we change as soon as it is decided.
letter-change = { $title }, by { $date }
letter-next-answer = Our next answer
letter-next-answer-on = You will hear from us again by { $date }.
letter-contact = Your contact
letter-contact-person = { $name } is your contact at our firm for any question about this letter.
letter-closing = Thank you for your trust.
# Months as a date in a letter writes them: “1 December 2026”.
letter-month-1 = January
letter-month-2 = February
letter-month-3 = March
letter-month-4 = April
letter-month-5 = May
letter-month-6 = June
letter-month-7 = July
letter-month-8 = August
letter-month-9 = September
letter-month-10 = October
letter-month-11 = November
letter-month-12 = December

# What a share link shows instead of the letter.
shared-gone-title = This link is no longer valid
shared-gone = The link to this letter has expired or was withdrawn. Ask your contact at our firm for a new one.
shared-unknown-title = Letter not found
shared-unknown = There is no letter at this address. Check that the whole link was copied.
shared-revised-title = This letter is being revised
shared-revised = We are updating this letter. Open the link again later.
