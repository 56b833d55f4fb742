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
