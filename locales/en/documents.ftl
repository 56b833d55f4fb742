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
