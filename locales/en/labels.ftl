# Labels of the codes in DOMAIN.md, shown beside each code in responses.

language-en = English
language-ro = Romanian
language-pl = Polish
language-el = Greek

category-late_payment = Late payment
category-abusive_conduct = Abusive conduct
category-unresponsive = Unresponsive client
category-scope_dispute = Scope dispute
category-chronic_complaints = Chronic complaints
category-dissatisfaction = Dissatisfaction
category-out_of_scope_request = Out-of-scope request
category-advice_rejected = Advice rejected
category-other = Other

severity-low = Low
severity-medium = Medium
severity-high = High
severity-critical = Critical

incident-status-open = Open
incident-status-in_review = In review
incident-status-closed = Closed

entry-kind-email = E-mail
entry-kind-call = Call
entry-kind-meeting = Meeting
entry-kind-change = Change
entry-kind-payment = Payment
entry-kind-note = Note

retrospective-status-draft = Draft
retrospective-status-published = Published

document-format-markdown = Markdown
document-format-html = HTML
export-format-json = JSON
export-format-csv = CSV

document-audience-internal = For internal use
document-audience-client = For the client

action-status-open = Open
action-status-in_progress = In progress
action-status-done = Done
action-status-verified = Verified
action-status-cancelled = Cancelled
action-status-reopened = Reopened

role-reader = Reader
role-writer = Writer
role-admin = Administrator

delivery-status-pending = Pending
delivery-status-delivered = Delivered
delivery-status-failed = Failed
disabled-reason-gone = Receiver gone (410)
disabled-reason-failing = Deliveries failing for too long
disabled-reason-paused = Paused by an administrator

action-kind-correction = Correction
action-kind-corrective = Corrective action
action-kind-preventive = Preventive action
effectiveness-no_repeat_for_client = No repeat for this client
effectiveness-no_repeat_any_client = No repeat for any client
effectiveness-manual = Checked by a person
verdict-effective = Effective
verdict-ineffective = Ineffective

follow-up-kind-retrospective = Retrospective
follow-up-kind-action = Corrective action
follow-up-overdue-since = Overdue since { $date }
follow-up-due-today = Due today
follow-up-due-on = Due on { $date }
